"""The install pins agree between pip, conda and the package's requirements, and CI runs exactly the
README's commands."""

import re
import tomllib

import yaml
from packaging.requirements import Requirement

from workflow_run import REPO


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def conda_pins() -> dict[str, str]:
    environment = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for dependency in environment["dependencies"]:
        name, version = dependency.split("=", 1)
        pins[name.lower()] = version
    return pins


def test_every_pip_requirement_is_pinned():
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line), line


def test_conda_environment_has_the_same_pins_as_pip():
    conda = conda_pins()
    assert conda.pop("python") == "3.11"
    assert conda == pip_pins()


def test_package_requirements_admit_the_pinned_versions():
    """pyproject.toml's ranges (dependencies, extras, build backend) hold the pins."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    declared = [*project["dependencies"], *pyproject["build-system"]["requires"]]
    declared += [text for extra in project["optional-dependencies"].values() for text in extra]
    pins = pip_pins()
    for text in declared:
        requirement = Requirement(text)
        name = requirement.name.lower()
        assert name in pins, f"pyproject.toml requires {text}, which requirements.txt does not pin"
        pinned = pins[name]
        assert requirement.specifier.contains(pinned), f"requirements.txt pins {pinned}: not {text}"


def readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_screen = readme.split("\n---\n")[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", first_screen, flags=re.S)]


def test_readme_opens_with_exactly_two_commands():
    commands = readme_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands), commands
    assert "requirements.txt" in commands[0] and "snakemake --cores 4" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_commands_as_written():
    ci_lines = [
        line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    ]
    commands = readme_commands()
    positions = [ci_lines.index(command) for command in commands]
    assert positions == sorted(positions)


def test_ci_checks_the_declared_style_before_the_tests():
    ci_lines = [
        line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    ]
    checks = ["ruff check .", "ruff format --check .", "snakefmt --check .", "snakemake --lint"]
    positions = [ci_lines.index(check) for check in checks]
    assert positions == sorted(positions) and positions[-1] < ci_lines.index("python3 -m pytest")
