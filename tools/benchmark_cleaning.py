"""Benchmark cleaning: one hostile 'Other' cell, and whole Google Forms exports of growing size.

Part 1 times the split of one Google Forms checkbox cell holding a label and an 'Other' text of
10^3, 10^4 and 10^5 comma-separated pieces (``split_with_other``), a cell of as many repeated
labels (``split_multiple``), and the cleaning of a one-respondent export holding the 'Other'
cell (``clean_sources``, reading the file included). Part 2 cleans synthetic exports of 10^4,
10^5 and 3*10^5 respondents (the readers' test codebook: single, multiple-choice and Likert
questions, 'Other' text in one answer in ten), as the linked Sheet writes them (``", "``) and as
the form's CSV download does (``";"``, read by detecting the joiner); each cleaning runs in a
fresh process, whose peak RSS is its memory. Medians of three. Writes
``docs/benchmark_cleaning.md`` and ``docs/benchmark_cleaning.csv``.

    python3 tools/benchmark_cleaning.py
    python3 tools/benchmark_cleaning.py --rows 10000 100000 --pieces 1000 10000   # quicker
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from smmjourney.clean.coding import clean_sources, split_multiple, split_with_other  # noqa: E402
from smmjourney.clean.quality import RULES  # noqa: E402
from smmjourney.plan.codebook import codebook_from_dict  # noqa: E402
from survey_exports import (  # noqa: E402
    TEST_CODEBOOK,
    Person,
    google_forms_download_rows,
    google_forms_rows,
)

SEED = 20261203
REPEATS = 3
BOOK = codebook_from_dict(TEST_CODEBOOK, "benchmark-codebook")
NO_RULES = {name: {"enabled": False} for name in RULES}
LABEL = "Products I already use"
WRITERS = {"sheet (', ')": google_forms_rows, "download (';')": google_forms_download_rows}
CSV_COLUMNS = ["part", "case", "size", "bytes", "seconds", "max_rss_mb"]


def median_seconds(call, repeats: int = REPEATS) -> float:
    """The median wall time of ``repeats`` calls of ``call``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def other_text(pieces: int) -> str:
    return ", ".join(f"word{i}" for i in range(pieces))


def one_cell_export(directory: Path, pieces: int) -> Path:
    """A Google Forms export of one respondent whose prizes answer is the label and the text."""
    person = Person({"q_channel": [1], "q_prizes": [2, 9]}, {"q_prizes": other_text(pieces)})
    return write_rows(directory / f"cell_{pieces}.csv", google_forms_rows(BOOK, [person], "en"))


def cell_rows(directory: Path, sizes: list[int]) -> list[dict]:
    """Part 1: the time of one hostile cell, split alone and cleaned in a file."""
    labels = BOOK.label_lookup("q_prizes")
    rows = []
    for pieces in sizes:
        cell = f"{LABEL}, {other_text(pieces)}"
        repeated = ", ".join([LABEL] * pieces)
        path = one_cell_export(directory, pieces)
        source = {"id": "s", "file": str(path), "format": "google_forms", "language": "en"}
        cases = {
            "split_with_other: a label and an 'Other' text": (
                len(cell.encode()),
                lambda cell=cell: split_with_other(cell, labels, ", "),
            ),
            "split_multiple: repeated labels": (
                len(repeated.encode()),
                lambda repeated=repeated: split_multiple(repeated, labels, ", "),
            ),
            "clean_sources: a one-respondent export with the 'Other' cell": (
                path.stat().st_size,
                lambda source=source: clean_sources([source], BOOK, [], NO_RULES, b"salt"),
            ),
        }
        for case, (size_bytes, call) in cases.items():
            try:
                seconds: float | str = round(median_seconds(call), 4)
            except Exception as error:  # reported, not hidden: the figure is then missing
                seconds = f"failed: {type(error).__name__}: {str(error)[:120]}"
            rows.append(
                {
                    "part": "cell",
                    "case": case,
                    "size": pieces,
                    "bytes": size_bytes,
                    "seconds": seconds,
                    "max_rss_mb": "",
                }
            )
            print(rows[-1], flush=True)
    return rows


def synthetic_people(n: int, rng: np.random.Generator) -> list[Person]:
    """``n`` respondents answering every question, one in ten with 'Other' text."""
    start = datetime(2017, 3, 20, 9, 0, 0)
    prizes = np.array([1, 2, 3])
    people = []
    for i in range(n):
        chosen = sorted(rng.choice(prizes, size=int(rng.integers(1, 4)), replace=False).tolist())
        other = {}
        if i % 10 == 0:
            chosen.append(9)
            other = {"q_prizes": f"Cars, of course, number {i}"}
        people.append(
            Person(
                {
                    "q_channel": [int(rng.integers(1, 4))],
                    "q_prizes": chosen,
                    "q_like": [int(rng.integers(1, 6))],
                    "q_trust": [int(rng.integers(1, 6))],
                    "q_check": [1],
                    "gender": [int(rng.integers(1, 3))],
                },
                other,
                end=start + timedelta(seconds=i),
            )
        )
    return people


def peak_rss_mb() -> float:
    """This process's peak resident memory (``VmHWM``: unlike ``ru_maxrss`` it does not carry
    over the parent's across ``exec``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_one(path: str) -> None:
    """Clean one export (the worker of part 2) and print its time and peak RSS as JSON."""
    source = {"id": "s", "file": path, "format": "google_forms", "language": "en"}
    seconds = median_seconds(lambda: clean_sources([source], BOOK, [], NO_RULES, b"salt"))
    print(json.dumps({"seconds": seconds, "max_rss_mb": peak_rss_mb()}))


def worker(arguments: list[str]) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def file_rows(directory: Path, sizes: list[int]) -> list[dict]:
    """Part 2: cleaning time and peak memory against the export's size."""
    rng = np.random.default_rng(SEED)
    floor = worker(["--floor"])
    rows = [
        {
            "part": "file",
            "case": "floor: imports only",
            "size": 0,
            "bytes": 0,
            "seconds": "",
            "max_rss_mb": round(floor["max_rss_mb"], 1),
        }
    ]
    print(rows[-1], flush=True)
    for n in sizes:
        people = synthetic_people(n, rng)
        for case, writer in WRITERS.items():
            path = write_rows(directory / f"export_{n}.csv", writer(BOOK, people, "en"))
            measured = worker(["--measure", str(path)])
            rows.append(
                {
                    "part": "file",
                    "case": f"clean_sources: Google Forms {case}",
                    "size": n,
                    "bytes": path.stat().st_size,
                    "seconds": round(measured["seconds"], 3),
                    "max_rss_mb": round(measured["max_rss_mb"], 1),
                }
            )
            print(rows[-1], flush=True)
    return rows


def markdown(rows: list[dict]) -> str:
    """The report: both tables, and per file case the time and memory per 10^5 respondents."""
    machine = (
        f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python "
        f"{platform.python_version()}, {datetime.now():%Y-%m-%d}"
    )
    lines = [
        "# Benchmark: cleaning",
        "",
        f"Measured by `python3 tools/benchmark_cleaning.py` ({machine}); medians of {REPEATS}.",
        "",
        "## One hostile cell",
        "",
        f"A Google Forms checkbox cell: the label {LABEL!r} then an 'Other' text of n "
        "comma-separated pieces; a cell of n repeated labels; and the whole cleaning of a "
        "one-respondent export holding the first cell.",
        "",
        "| case | pieces | bytes | seconds |",
        "|---|---:|---:|---:|",
    ]
    for row in rows:
        if row["part"] == "cell":
            lines.append(
                f"| {row['case']} | {row['size']:,} | {row['bytes']:,} | {row['seconds']} |"
            )
    lines += [
        "",
        "## Exports of growing size",
        "",
        "Synthetic Google Forms exports (six questions, 'Other' text in one answer in ten), each "
        "cleaned in a fresh process (reading, detecting the joiner, coding, pseudonymising); "
        "peak RSS is that process's.",
        "",
        "| case | respondents | MB | seconds | peak RSS (MB) | s per 10^5 "
        "| MB over floor per 10^5 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    floor = next(r["max_rss_mb"] for r in rows if r["case"].startswith("floor"))
    for row in rows:
        if row["part"] != "file" or not row["size"]:
            continue
        per = 1e5 / row["size"]
        lines.append(
            f"| {row['case']} | {row['size']:,} | {row['bytes'] / 1e6:.1f} | {row['seconds']} | "
            f"{row['max_rss_mb']} | {row['seconds'] * per:.2f} | "
            f"{(row['max_rss_mb'] - floor) * per:.0f} |"
        )
    lines += ["", f"Floor (a process that imports the package and exits): {floor} MB.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        measure_one(arguments.measure)
        return
    if arguments.floor:
        print(json.dumps({"seconds": 0.0, "max_rss_mb": peak_rss_mb()}))
        return
    with tempfile.TemporaryDirectory() as folder:
        rows = cell_rows(Path(folder), arguments.pieces)
        rows += file_rows(Path(folder), arguments.rows)
    docs = ROOT / "docs"
    with (docs / "benchmark_cleaning.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (docs / "benchmark_cleaning.md").write_text(markdown(rows), encoding="utf-8")
    print(f"wrote {docs / 'benchmark_cleaning.md'} and {docs / 'benchmark_cleaning.csv'}")


if __name__ == "__main__":
    main()
