"""The package as a user installs it: ``pip install .`` into a fresh virtual environment, then the
``smmjourney`` command run from elsewhere.

The environment sees this interpreter's packages (``--system-site-packages``) and is built without
an index or build isolation, so the test needs no network: the dependencies and setuptools are the
ones requirements.txt installed. Only the package itself lands in the environment, from a copy of
the checkout (the build leaves ``build/`` and ``*.egg-info`` where it runs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smmjourney import __version__
from workflow_run import REPO

pytestmark = pytest.mark.workflow

PROJECT_PARTS = ["pyproject.toml", "README.md", "LICENSE", "workflow/scripts"]


def run(command: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``command`` as a user would, without the checkout on PYTHONPATH."""
    env = {
        key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")
    }
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A virtual environment with the package installed from a copy of the checkout."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    (source / "workflow").mkdir(parents=True)
    for part in PROJECT_PARTS:
        if (REPO / part).is_dir():
            shutil.copytree(
                REPO / part, source / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(REPO / part, source / part)
    environment = root / "venv"
    # No pip of its own: this interpreter's pip and setuptools, seen through its site-packages.
    created = run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(environment)],
        root,
    )
    assert created.returncode == 0, created.stderr
    installed = run(
        [
            str(environment / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--ignore-installed",
            "--disable-pip-version-check",
            str(source),
        ],
        root,
    )
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    return environment


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working directory outside the checkout (so that ``import smmjourney`` cannot find it)."""
    return tmp_path


def test_the_installed_package_is_the_one_that_runs(venv, elsewhere):
    result = run(
        [str(venv / "bin" / "python"), "-c", "import smmjourney; print(smmjourney.__file__)"],
        elsewhere,
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(venv), result.stdout


def test_the_wheel_holds_the_package_and_its_schemas_only(venv, elsewhere):
    code = "from importlib.metadata import files; print(*files('smmjourney'), sep='\\n')"
    result = run([str(venv / "bin" / "python"), "-c", code], elsewhere)
    assert result.returncode == 0, result.stderr
    files = result.stdout.split()
    assert "smmjourney/plan/schemas/config.schema.yaml" in files
    assert "smmjourney/plan/schemas/codebook.schema.yaml" in files
    assert "smmjourney/cli.py" in files
    top_level = {f.split("/")[0] for f in files if not f.startswith("..")}
    assert {t for t in top_level if not t.startswith("smmjourney-")} == {"smmjourney"}, top_level


@pytest.mark.parametrize("command", [["bin/smmjourney"], ["bin/python", "-m", "smmjourney"]])
def test_version(venv, elsewhere, command):
    result = run([str(venv / command[0]), *command[1:], "--version"], elsewhere)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"smmjourney {__version__}"


def test_check_of_the_bundled_plan(venv, elsewhere):
    result = run(
        [
            str(venv / "bin" / "smmjourney"),
            "check",
            str(REPO / "config.yaml"),
            "--directory",
            str(REPO),
        ],
        elsewhere,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"{REPO / 'config.yaml'}: valid: 1 wave (thesis2017), 2 cohorts, 5 stages"
    )


def test_check_of_a_bad_plan_is_a_message_and_exit_status_1(venv, elsewhere):
    bad = elsewhere / "config.yaml"
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("\ncohorts:", "\ncohort:"), encoding="utf-8")
    result = run(
        [str(venv / "bin" / "smmjourney"), "check", "--directory", str(REPO), str(bad)], elsewhere
    )
    assert result.returncode == 1
    assert "unknown key 'cohort'" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_check_of_a_missing_plan_is_a_message(venv, elsewhere):
    result = run([str(venv / "bin" / "smmjourney"), "check"], elsewhere)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "smmjourney check: the configuration config.yaml does not exist"
    )
    assert "Traceback" not in result.stderr
