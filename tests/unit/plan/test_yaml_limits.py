"""Configuration and codebook files beyond what a plan can be (merge-key bombs, deep nesting, too
many aliases, huge, binary or non-YAML files) stop at once with one sentence naming the file, and
never quote it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from smmjourney.errors import SurveyInputError
from smmjourney.plan import load_plan
from smmjourney.plan.codebook import load_codebook
from smmjourney.plan.schema import yaml_file_problems
from workflow_run import REPO

CODEBOOK = REPO / "config" / "codebooks" / "thesis2017.yaml"
PASSWD_LIKE = (
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "alice:x:1000:1000:Alice Example,,,alice@example.org:/home/alice:/bin/bash\n"
)


def merge_bomb(levels: int) -> str:
    """Mappings that each merge ten copies of the one below (``<<: [*m, *m, ...]``): merge keys
    are copied when the document is loaded, so level ``n`` costs 10**n pairs."""
    lines = ["m0: &m0 {" + ", ".join(f"k{i}: {i}" for i in range(10)) + "}"]
    lines += [
        f"m{level}: &m{level} {{<<: [{', '.join([f'*m{level - 1}'] * 10)}]}}"
        for level in range(1, levels)
    ]
    return "\n".join(lines) + "\n"


def stopped(path: Path) -> str:
    """The message with which loading the codebook at ``path`` stops (its path as ``<path>``)."""
    with pytest.raises(SurveyInputError) as error:
        load_codebook(path)
    return str(error.value).replace(str(path), "<path>")


def test_a_merge_key_bomb_in_a_codebook_stops_within_two_seconds(tmp_path):
    """Merge keys repeating an alias stop loading at once instead of building 10**7 pairs."""
    path = tmp_path / "book.yaml"
    path.write_text(merge_bomb(7) + "survey: t\nlanguages: [en]\nquestions: []\n", "utf-8")
    start = time.perf_counter()
    message = stopped(path)
    assert time.perf_counter() - start < 2.0
    assert message.startswith("The codebook <path> has more than")
    assert "merge keys" in message


def test_a_merge_key_bomb_in_the_configuration_stops_load_plan(tmp_path):
    """A configuration file with a merge-key bomb stops load_plan with a message naming it."""
    path = tmp_path / "config.yaml"
    path.write_text(merge_bomb(7), "utf-8")
    start = time.perf_counter()
    with pytest.raises(SurveyInputError, match="merge keys") as error:
        load_plan(path, base_dir=REPO)
    assert time.perf_counter() - start < 2.0
    assert str(path) in str(error.value)


def test_the_workflow_precheck_reports_a_merge_key_bomb(tmp_path):
    """The check the workflow runs on config.yaml before Snakemake loads it names a merge bomb."""
    path = tmp_path / "config.yaml"
    path.write_text(merge_bomb(7), "utf-8")
    start = time.perf_counter()
    problems = yaml_file_problems(path)
    assert time.perf_counter() - start < 2.0
    assert len(problems) == 1 and "merge keys" in problems[0]


def test_too_many_aliases_are_named_as_such(tmp_path):
    """A document using aliases tens of thousands of times stops, saying it has too many."""
    path = tmp_path / "book.yaml"
    uses = ", ".join(["*a"] * 20_000)
    path.write_text(f"a: &a x\nsurvey: t\nlanguages: [en]\nquestions: [{uses}]\n", "utf-8")
    message = stopped(path)
    assert message.startswith("The codebook <path> has too many YAML aliases")


def test_deep_nesting_stops_with_a_message_and_no_crash(tmp_path):
    """A codebook of 200,000 nested brackets stops with a message (libyaml would overflow its
    stack and kill the process)."""
    path = tmp_path / "book.yaml"
    path.write_text("[" * 200_000, "ascii")
    script = (
        "import sys\n"
        "from smmjourney.errors import SurveyInputError\n"
        "from smmjourney.plan.codebook import load_codebook\n"
        "try:\n"
        "    load_codebook(sys.argv[1])\n"
        "except SurveyInputError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO / "workflow" / "scripts",
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.startswith(f"The codebook {path} is nested more than")


def test_a_text_file_given_as_codebook_is_named_and_not_quoted(tmp_path):
    """A codebook path pointing at a system file says what was expected and quotes none of it."""
    path = tmp_path / "passwd"
    path.write_text(PASSWD_LIKE, "utf-8")
    message = stopped(path)
    assert message.startswith("The codebook <path> is not a codebook: expected a YAML mapping")
    assert "root" not in message and "alice" not in message and "\n" not in message


def test_a_binary_file_given_as_codebook_is_named_and_not_quoted(tmp_path):
    """A binary codebook stops with 'not UTF-8 text', naming the file, without its bytes."""
    path = tmp_path / "book.yaml"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\xff\xfe secret-payload \x00\x01")
    message = stopped(path)
    assert message.startswith("The codebook <path> is not UTF-8 text")
    assert "secret" not in message and "PK" not in message


def test_a_yaml_syntax_error_names_the_place_without_quoting_the_line(tmp_path):
    """A file that is not YAML is named with the line and column of the problem, not its text."""
    path = tmp_path / "book.yaml"
    path.write_text("survey: t\nid,secret-column,alice@example.org: [\n", "utf-8")
    message = stopped(path)
    assert message.startswith("The codebook <path> is not valid YAML (line ")
    assert "alice" not in message and "secret" not in message and "\n" not in message


def test_a_huge_file_is_not_read(tmp_path):
    """A codebook path naming a file of gigabytes stops before reading it."""
    path = tmp_path / "export.csv"
    with path.open("wb") as handle:
        handle.truncate(4 * 2**30)
    start = time.perf_counter()
    message = stopped(path)
    assert time.perf_counter() - start < 1.0
    assert message.startswith(f"The codebook <path> is {path.stat().st_size:,} bytes, larger than")


def test_the_real_codebook_still_loads():
    """The limits leave a real codebook, with its aliases, loading as before."""
    plain = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    book = load_codebook(CODEBOOK)
    assert list(book.questions) == [question["id"] for question in plain["questions"]]
