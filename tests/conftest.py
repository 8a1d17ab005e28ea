"""Shared fixtures: the repository root and a workflow run of the thesis wave in a temporary copy."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
WORKFLOW_PARTS = ["Snakefile", "config.yaml", "environment.yml", "config", "workflow", "data", "profiles"]


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
        cwd=directory, capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture(scope="session", autouse=True)
def salt_file(tmp_path_factory) -> Path:
    """A salt for the pseudonymous respondent ids in a temporary file: tests never touch ~/.config."""
    path = tmp_path_factory.mktemp("salt") / "salt"
    path.write_text("test salt\n", encoding="ascii")
    previous = os.environ.get("SMMJOURNEY_SALT_FILE")
    os.environ["SMMJOURNEY_SALT_FILE"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("SMMJOURNEY_SALT_FILE", None)
    else:
        os.environ["SMMJOURNEY_SALT_FILE"] = previous


@pytest.fixture(scope="session")
def thesis_run(tmp_path_factory) -> Path:
    """A finished run of the default configuration (the thesis wave) from an empty results/."""
    directory = copy_workflow(tmp_path_factory.mktemp("thesis_run"))
    result = snakemake(directory)
    assert result.returncode == 0, result.stderr[-3000:]
    return directory
