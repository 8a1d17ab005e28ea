"""Shared fixtures: the repository root and a workflow run of the thesis wave in a temporary
copy."""

import os
from pathlib import Path

import pytest

from workflow_run import copy_workflow, snakemake


@pytest.fixture(scope="session", autouse=True)
def salt_file(tmp_path_factory) -> Path:
    """A salt for the pseudonymous respondent ids in a temporary file: tests never touch
    ~/.config."""
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
