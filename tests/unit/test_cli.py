"""Tests for smmjourney.cli: ``smmjourney --version`` and ``smmjourney check``, run in-process.

The installed command (a console script in a fresh virtual environment) is tested in
tests/workflow/test_install.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from smmjourney import __version__
from smmjourney.cli import SUBCOMMANDS, build_parser, main, plan_summary
from workflow_run import REPO

CONFIG = REPO / "config.yaml"


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"smmjourney {__version__}"


def test_check_of_the_bundled_plan_prints_one_line_and_succeeds(capsys):
    assert main(["check", str(CONFIG), "--directory", str(REPO)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{CONFIG}: valid: 1 wave (thesis2017), 2 cohorts, 5 stages, 64 indicators\n"
    assert err == ""


def test_check_reads_config_yaml_of_the_current_directory_by_default(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("config.yaml: valid: ")


def test_check_reads_config_yaml_of_the_directory_given(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--directory", str(REPO)]) == 0
    assert "1 wave (thesis2017)" in capsys.readouterr().out


def test_check_of_a_missing_file_is_a_message(capsys, tmp_path):
    missing = tmp_path / "nowhere.yaml"
    assert main(["check", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"smmjourney check: the configuration {missing} does not exist\n"


def test_check_without_a_config_in_the_directory_says_how_to_name_one(capsys, tmp_path):
    assert main(["check", "--directory", str(tmp_path)]) == 1
    assert "--directory" in capsys.readouterr().err


def test_check_of_a_misspelt_key_names_the_file_the_key_and_the_keys_allowed(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        CONFIG.read_text(encoding="utf-8").replace("\nstages:", "\nstagez:"), encoding="utf-8"
    )
    assert main(["check", str(bad), "--directory", str(REPO)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("smmjourney check: The configuration is not valid:")
    assert f"{bad}: at the top level: unknown key 'stagez'" in err
    assert "expected one of:" in err and "stages" in err
    assert "Traceback" not in err


def test_check_of_a_plan_whose_codebook_is_elsewhere_names_the_codebook(capsys):
    # config.yaml's paths are relative to the repository, not to the current directory (tests/).
    assert main(["check", str(CONFIG), "--directory", str(REPO / "tests")]) == 1
    assert "codebook" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("waves: [1\n", "is not valid YAML"),
        ("- a list\n", "must be a YAML mapping"),
        ("", "found NoneType"),
    ],
)
def test_check_of_a_file_that_is_not_a_plan_is_a_message(capsys, tmp_path, text, message):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_command_is_required(capsys):
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_every_registered_subcommand_has_a_parser():
    parser = build_parser()
    for name in SUBCOMMANDS:
        assert parser.parse_args([name]).run is SUBCOMMANDS[name].run


def test_summary_reads_a_plan_of_objects_as_well_as_a_mapping():
    plan = SimpleNamespace(
        waves=(SimpleNamespace(id="w1"), SimpleNamespace(id="w2")),
        cohorts=(SimpleNamespace(),),
        stages=(SimpleNamespace(activities=(SimpleNamespace(indicators=(1, 2)),)),),
    )
    assert plan_summary(plan) == "2 waves (w1, w2), 1 cohort, 1 stage, 2 indicators"
    assert plan_summary(SimpleNamespace()) == ""


def test_check_imports_neither_pandas_nor_matplotlib():
    code = (
        "import sys; from smmjourney.cli import main;"
        f"assert main(['check', {str(CONFIG)!r}, '--directory', {str(REPO)!r}]) == 0;"
        "heavy = [m for m in ('pandas', 'matplotlib', 'scipy') if m in sys.modules];"
        "assert not heavy, heavy"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "workflow" / "scripts")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
