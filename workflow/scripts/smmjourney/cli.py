"""The ``smmjourney`` command line.

``smmjourney check [CONFIG] [--directory DIR]`` validates an analysis plan the way the workflow
does before its first job, without Snakemake. Each subcommand is one entry of
:data:`SUBCOMMANDS`: a function adding its arguments and a function running it, which returns the
exit status. Imports of the analysis code happen inside the run functions, so that
``smmjourney --version`` and ``smmjourney check`` load neither pandas nor matplotlib.

Exit status: 0 on success, 1 when the input is bad (the message goes to standard error, without a
traceback), 2 for a misused command line (argparse's own).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smmjourney import __version__

__all__ = ["SUBCOMMANDS", "Subcommand", "main"]

PROG = "smmjourney"
DEFAULT_CONFIG = "config.yaml"


class _InputProblem(Exception):
    """A problem with the user's input, reported as its message and exit status 1."""


@dataclass(frozen=True)
class Subcommand:
    """One subcommand: its one-line help, its arguments and what it does."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# --- check ---------------------------------------------------------------------------------------


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "config",
        nargs="?",
        help=f"the analysis plan (default: {DEFAULT_CONFIG} in DIR)",
    )
    parser.add_argument(
        "--directory",
        "-d",
        metavar="DIR",
        default=".",
        help="the workflow's directory, which the plan's relative paths (codebooks, exports, "
        "funnel files) are read from, as snakemake --directory (default: the current directory)",
    )


def _field(item: Any, name: str) -> Any:
    """``item[name]`` of a mapping, ``item.name`` of an object; None when absent."""
    if isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name, None)


def _count(items: Any) -> int | None:
    try:
        return len(items)
    except TypeError:
        return None


def _count_indicators(plan: Any) -> int | None:
    stages = _field(plan, "stages")
    if stages is None:
        return None
    total = 0
    for stage in stages:
        for activity in _field(stage, "activities") or ():
            indicators = _count(_field(activity, "indicators"))
            if indicators is None:
                return None
            total += indicators
    return total


def _plural(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def plan_summary(plan: Any) -> str:
    """One line counting the plan's waves, cohorts, stages and indicators.

    Takes the validated plan as a mapping or as an object with those attributes; a count that
    cannot be read is left out.

    >>> plan_summary({"waves": {"w1": {}}, "cohorts": [{}, {}],
    ...               "stages": [{"activities": [{"indicators": [{}, {}, {}]}]}]})
    '1 wave (w1), 2 cohorts, 1 stage, 3 indicators'
    """
    parts = []
    waves = _field(plan, "waves")
    if _count(waves) is not None:
        ids = list(waves) if isinstance(waves, Mapping) else [_field(w, "id") for w in waves]
        names = f" ({', '.join(map(str, ids))})" if all(isinstance(i, str) for i in ids) else ""
        parts.append(_plural(len(waves), "wave") + names)
    for name, word in (("cohorts", "cohort"), ("stages", "stage")):
        number = _count(_field(plan, name))
        if number is not None:
            parts.append(_plural(number, word))
    indicators = _count_indicators(plan)
    if indicators is not None:
        parts.append(_plural(indicators, "indicator"))
    return ", ".join(parts)


def _run_check(args: argparse.Namespace) -> int:
    import yaml

    from smmjourney.errors import SurveyInputError
    from smmjourney.plan import validate_plan
    from smmjourney.plan.schema import load_yaml

    directory = Path(args.directory)
    if not directory.is_dir():
        raise _InputProblem(f"the directory {directory} does not exist")
    path = Path(args.config) if args.config is not None else directory / DEFAULT_CONFIG
    if not path.is_file():
        hint = (
            "" if args.config is not None else " (name the plan, or its workflow with --directory)"
        )
        raise _InputProblem(f"the configuration {path} does not exist{hint}")
    try:
        config = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise _InputProblem(f"cannot read the configuration {path}: {error}") from None
    except yaml.YAMLError as error:
        raise _InputProblem(f"the configuration {path} is not valid YAML: {error}") from None
    if not isinstance(config, dict):
        raise _InputProblem(
            f"the configuration {path} must be a YAML mapping of settings, "
            f"found {type(config).__name__}"
        )
    try:
        plan = validate_plan(config, where=str(path), base_dir=directory)
    except SurveyInputError as error:
        raise _InputProblem(str(error)) from None
    except OSError as error:
        raise _InputProblem(f"{path}: {error}") from None
    summary = plan_summary(plan)
    print(f"{path}: valid" + (f": {summary}" if summary else ""))
    return 0


# --- the registry --------------------------------------------------------------------------------

SUBCOMMANDS: dict[str, Subcommand] = {
    "check": Subcommand(
        help="validate an analysis plan (config.yaml) against its schema, codebooks and files",
        add_arguments=_check_arguments,
        run=_run_check,
    ),
}
"""Subcommand name -> its arguments and run function; a new subcommand is one entry here."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand in :data:`SUBCOMMANDS`."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Which social-media-marketing activities suit which stage of the customer "
        "journey. Run the analysis itself with snakemake; these commands help around it.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, subcommand in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=subcommand.help, description=subcommand.help)
        subcommand.add_arguments(sub)
        sub.set_defaults(run=subcommand.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except _InputProblem as problem:
        print(f"{PROG} {args.command}: {problem}", file=sys.stderr)
        return 1
