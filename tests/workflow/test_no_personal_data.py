"""No e-mail, phone, IP address or URL from an export appears in any file a run writes outside
``data/raw/`` (results, logs, Snakemake's own logs and metadata, benchmarks) nor on its terminal:
neither when the run succeeds nor when it stops on a cell the codebook does not know."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from workflow_run import copy_workflow, snakemake

pytestmark = pytest.mark.workflow

WAVE = "thesis2017"
EXPORT = Path("data") / "raw" / WAVE / "responses_en.csv"
EMAIL = "olga.planted@example.org"
PHONES = ["+7 (916) 555-01-34", "415.555.0134"]
IPS = ["198.51.100.77", "2001:db8::77"]
URLS = ["https://planted.example.com/page?id=7", "planted.example.net/cv", "t.me/planted_handle"]
HANDLE = "@planted_user"
PLANTED = [EMAIL, *PHONES, *IPS, *URLS, HANDLE, "planted", "555-01-34", "555.0134", "db8::77"]
OTHER_WORDS = "freelance translator"


def plant_personal_data(directory: Path, unknown_answer: bool) -> None:
    """Personal columns and personal 'Other' text in the English export, the 'Other' text allowed
    in the results; with ``unknown_answer`` also a cell the codebook does not know."""
    path = directory / EXPORT
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    occupation = header.index("Your occupation")
    frequency = header.index("How often do you use social networks?")
    header += ["Email Address", "Phone number", "IP Address"]
    others = [row for row in rows[1:] if row[occupation] == "Other"]
    assert len(others) >= 2
    for number, row in enumerate(rows[1:]):
        row += [EMAIL, PHONES[number % 2], IPS[number % 2]]
    others[0][occupation] = f"{OTHER_WORDS}: {URLS[1]}, {URLS[2]}, {HANDLE}, {PHONES[1]}"
    others[1][occupation] = f"{OTHER_WORDS}, mail {EMAIL} from {IPS[1]} or {URLS[0]}"
    if unknown_answer:
        rows[3][frequency] = f"Every day, text me at {PHONES[0]} or {EMAIL}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    config_path = directory / "config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["waves"][WAVE]["quality"] = {"other_text_allowed": ["occupation"]}
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


def snapshot(directory: Path) -> dict[Path, bytes]:
    """The content of every file under ``directory`` (the checkout before a run)."""
    return {path: path.read_bytes() for path in directory.rglob("*") if path.is_file()}


def texts_written(directory: Path, before: dict[Path, bytes]):
    """(file, text) of every file under ``directory`` but ``data/raw/`` that is not in ``before``
    as it was: parquet cells, the XML of workbooks and slides, the bytes of everything else."""
    raw = directory / "data" / "raw"
    written = [
        path
        for path in sorted(directory.rglob("*"))
        if path.is_file()
        and raw not in path.parents
        and (path not in before or before[path] != path.read_bytes())
    ]
    assert written
    for path in written:
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
            yield path, " ".join(map(str, frame.columns)) + " " + frame.astype(str).to_csv()
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                yield (
                    path,
                    " ".join(
                        archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                    ),
                )
        else:
            yield path, path.read_bytes().decode("utf-8", "replace")


def leaks(directory: Path, before: dict[Path, bytes], output: str) -> list[tuple[str, str]]:
    """(where, planted string) for each planted string found in a file the run wrote or in its
    output."""
    found = [
        (str(path.relative_to(directory)), secret)
        for path, text in texts_written(directory, before)
        for secret in PLANTED
        if secret in text
    ]
    return found + [("terminal", secret) for secret in PLANTED if secret in output]


def test_a_succeeding_run_writes_no_personal_data_anywhere(tmp_path):
    """A run over exports with personal columns and personal 'Other' text leaves none of it in
    any file or on the terminal, and keeps the rest of the 'Other' text."""
    directory = copy_workflow(tmp_path)
    plant_personal_data(directory, unknown_answer=False)
    before = snapshot(directory)
    result = snakemake(directory)
    assert result.returncode == 0, result.stderr[-3000:]
    other = pd.read_csv(directory / "results" / WAVE / "other_text.csv", dtype=str)
    assert other["text"].str.contains(OTHER_WORDS).sum() == 2
    assert (directory / "logs" / WAVE / "clean.log").is_file()
    assert leaks(directory, before, result.stdout + result.stderr) == []


def test_a_run_stopped_by_an_unknown_answer_writes_no_personal_data_anywhere(tmp_path):
    """A run that stops on a cell holding an e-mail address and a phone number names the cell
    with both masked, in no file and on no terminal verbatim."""
    directory = copy_workflow(tmp_path)
    plant_personal_data(directory, unknown_answer=True)
    before = snapshot(directory)
    result = snakemake(directory)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "responses_en.csv, row 3 (line 4)" in output
    assert "[phone]" in output and "[e-mail]" in output
    assert "[phone]" in (directory / "logs" / WAVE / "clean.log").read_text(encoding="utf-8")
    assert leaks(directory, before, output) == []
