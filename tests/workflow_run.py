"""Running the workflow as a user would: a copy of the checkout in a temporary folder, and its
command line."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORKFLOW_PARTS = [
    "Snakefile",
    "config.yaml",
    "environment.yml",
    "config",
    "workflow",
    "data",
    "profiles",
]


def copy_workflow(target: Path) -> Path:
    """Copy what a user's checkout holds (not results/) into ``target``."""
    for part in WORKFLOW_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def snakemake(directory: Path, *arguments: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the snakemake command line in ``directory`` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *arguments],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
