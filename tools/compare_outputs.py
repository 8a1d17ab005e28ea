"""Check that a change leaves every output of the bundled waves as it was.

Runs the workflow of two git revisions (default: the baseline commit below and the working
tree) on the thesis wave and on the example market, each in a fresh copy, and compares every
file under ``results/``: CSV, PNG, SVG and HTML byte for byte, XLSX cell by cell.

    python3 tools/compare_outputs.py                 # baseline vs the working tree
    python3 tools/compare_outputs.py --before HEAD~3 # another baseline

Exit status 0 when everything agrees; otherwise every differing file is listed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The last commit before the restructure of issue 9: the outputs it writes are the reference.
BASELINE = "5a1828f"
RUNS = {
    "thesis": [],
    "kz_beauty": ["--configfile", "config/examples/kz_beauty/config.yaml"],
}


def _checkout(revision: str | None, target: Path) -> Path:
    """A copy of ``revision`` (None: the working tree, untracked files included) in ``target``."""
    if revision is None:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout.split(b"\0")
        for name in filter(None, listed):
            source = REPO / os.fsdecode(name)
            if source.is_file():
                (target / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / os.fsdecode(name))
        return target
    archive = subprocess.run(
        ["git", "archive", revision], cwd=REPO, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def _run(tree: Path, arguments: list[str], salt: Path) -> None:
    environment = {**os.environ, "SMMJOURNEY_SALT_FILE": str(salt)}
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *arguments],
        cwd=tree,
        capture_output=True,
        text=True,
        env=environment,
    )
    if result.returncode != 0:
        raise SystemExit(f"snakemake failed in {tree}:\n{result.stderr[-3000:]}")


def _xlsx_cells(path: Path) -> dict:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def differences(before: Path, after: Path) -> list[str]:
    """Every file of ``before``/results that is missing from ``after`` or differs there."""
    problems = []
    old = {p.relative_to(before) for p in (before / "results").rglob("*") if p.is_file()}
    new = {p.relative_to(after) for p in (after / "results").rglob("*") if p.is_file()}
    problems += [f"missing after: {name}" for name in sorted(old - new)]
    problems += [f"new after: {name}" for name in sorted(new - old)]
    for name in sorted(old & new):
        if name.suffix == ".parquet":
            continue  # checked through the tables computed from them
        if name.suffix == ".xlsx":
            same = _xlsx_cells(before / name) == _xlsx_cells(after / name)
        else:
            same = (before / name).read_bytes() == (after / name).read_bytes()
        if not same:
            problems.append(f"differs: {name}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BASELINE, help="git revision of the reference")
    parser.add_argument(
        "--after", default=None, help="git revision to check (default: the working tree)"
    )
    arguments = parser.parse_args()
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        salt = Path(scratch) / "salt"
        salt.write_text("comparison salt\n", encoding="ascii")
        for run, options in RUNS.items():
            trees = []
            for side, revision in (("before", arguments.before), ("after", arguments.after)):
                tree = Path(scratch) / run / side
                tree.mkdir(parents=True)
                _checkout(revision, tree)
                _run(tree, options, salt)
                trees.append(tree)
            found = differences(*trees)
            count = sum(1 for p in (trees[0] / "results").rglob("*") if p.is_file())
            print(f"{run}: {count} files compared, {len(found)} differ")
            problems += [f"{run}: {line}" for line in found]
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
