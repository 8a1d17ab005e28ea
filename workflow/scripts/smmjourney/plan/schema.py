"""JSON-schema validation with messages that name the offending key, and schema defaults.

Before any schema is applied, :func:`structure_problems` bounds what a YAML document may hold:
a YAML alias repeated in a list or mapping is one object many times over, so a few lines
("billion laughs") can describe billions of values; counting them with a memo of what was seen
stops such a document at once, before a validator or a message walks or quotes it.
"""

import math
import reprlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


# libyaml's loader when PyYAML was built with it: the same documents, parsed about ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """Parse YAML text with the safe loader."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)


def load_schema(name: str) -> dict:
    """Read ``smmjourney/plan/schemas/<name>.schema.yaml``."""
    return load_yaml((SCHEMA_DIR / f"{name}.schema.yaml").read_text(encoding="utf-8"))


MAX_VALUES = 100_000
"""Most values (mappings, lists, keys and scalars, each time it is reached) a document may hold."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists a document may have."""
EXCERPT_CHARACTERS = 60
"""Longest quotation of a value in a message."""
MAX_PROBLEMS = 50
"""Most problems one message lists (the rest are counted)."""

_EXCERPT = reprlib.Repr()
_EXCERPT.maxlevel, _EXCERPT.maxlist, _EXCERPT.maxtuple, _EXCERPT.maxdict = 2, 4, 4, 4
_EXCERPT.maxstring, _EXCERPT.maxother, _EXCERPT.maxlong = (
    EXCERPT_CHARACTERS,
    EXCERPT_CHARACTERS,
    EXCERPT_CHARACTERS,
)


def excerpt(value: Any, limit: int = EXCERPT_CHARACTERS) -> str:
    """``repr(value)`` cut to at most ``limit`` characters, reading no more of ``value`` than it
    shows."""
    text = _EXCERPT.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def shorten(text: str, limit: int = 300) -> str:
    """``text`` cut to at most ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def problem_list(problems: list[str]) -> str:
    """``problems`` one per line (at most :data:`MAX_PROBLEMS` of them, the rest counted)."""
    shown = list(dict.fromkeys(problems))
    more = len(shown) - MAX_PROBLEMS
    if more > 0:
        shown = shown[:MAX_PROBLEMS] + [f"(and {more} more problem{'s' if more > 1 else ''})"]
    return "\n  " + "\n  ".join(shown)


def structure_problems(
    document: Any, source: str, max_values: int = MAX_VALUES, what: str = "configuration"
) -> list[str]:
    """What makes ``document`` (as a YAML loader built it) unfit to validate, or ``[]``.

    Stops at the first of: more than ``max_values`` values counted as often as they are reached
    (so a YAML alias counts each time it is used), nesting deeper than :data:`MAX_DEPTH`, a
    mapping or list that contains itself. Otherwise lists every number that is not finite (YAML's
    ``.nan`` and ``.inf``), which no setting accepts. Each distinct object is visited once, so the
    check takes time in proportion to the document's text, however many values its aliases stand
    for. ``what`` names the document in the messages.
    """
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    problems: list[str] = []
    keep: list[Any] = []  # the objects whose ids are memoised stay alive, so no id is reused

    def scalar(value: Any, path: tuple) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(
                f"{source}: at {_location(path)}: {value!r} is not a finite number (NaN and "
                "infinities are not allowed)"
            )

    def size(value: Any, path: tuple, depth: int) -> int:
        key = id(value)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise _Stop(
                f"{source}: at {_location(path)}: the {what} contains itself (a recursive YAML "
                "alias)"
            )
        if depth > MAX_DEPTH:
            raise _Stop(
                f"{source}: at {_location(path)}: the {what} is nested more than {MAX_DEPTH} "
                "levels deep"
            )
        open_.add(key)
        keep.append(value)
        total = 1
        mapping = _is_container(value) == 1
        for name, item in value.items() if mapping else enumerate(value):
            if mapping:
                total += 1
                scalar(name, path)
            if _is_container(item):
                total += size(item, (*path, name), depth + 1)
            else:
                total += 1
                scalar(item, (*path, name))
            if total > max_values:
                raise _Stop(
                    f"{source}: the {what} has more than {max_values:,} values (YAML aliases?); "
                    f"it was not read further"
                )
        open_.discard(key)
        sizes[key] = total
        return total

    try:
        if _is_container(document):
            size(document, (), 0)
        else:
            scalar(document, ())
    except _Stop as stop:
        return [str(stop)]
    return problems


def yaml_file_problems(path: str | Path, what: str = "configuration") -> list[str]:
    """What makes the YAML file ``path`` unfit to read (see :func:`structure_problems`), or ``[]``.

    The loader keeps each YAML alias as one shared object, so even a file whose aliases stand for
    billions of values is checked in time proportional to its text, before Snakemake's own
    configuration loading would expand it.
    """
    try:
        document = load_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return [f"{path}: cannot be read as YAML: {shorten(str(error))}"]
    return structure_problems(document, str(path), what=what)


def _is_container(value: Any) -> int:
    """1 for a mapping, 2 for a list or tuple, 0 for anything else."""
    if isinstance(value, dict):
        return 1
    if isinstance(value, (list, tuple)):
        return 2
    if isinstance(value, (str, int, float)) or value is None:
        return 0
    return 1 if isinstance(value, Mapping) else 0


class _Stop(Exception):
    pass


def key_name(key: Any) -> str:
    """A mapping's key as a message names it: as it is when it is a short text, else an excerpt."""
    return key if isinstance(key, str) and len(key) <= EXCERPT_CHARACTERS else excerpt(key)


def _location(path: Any) -> str:
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            text += f".{key_name(part)}" if text else key_name(part)
    return text or "the top level"


def _describe(error: jsonschema.ValidationError) -> str:
    where = _location(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unexpected = sorted((k for k in error.instance if k not in allowed), key=str)
        return (
            f"at {where}: unknown key {', '.join(excerpt(k) for k in unexpected[:5])}"
            f"{', ...' if len(unexpected) > 5 else ''}"
            f" (expected one of: {', '.join(allowed)})"
        )
    if error.validator == "required":
        return f"at {where}: {error.message}"
    if error.validator in ("oneOf", "anyOf") and error.context:
        return (
            f"at {where}: {excerpt(error.instance)} matches none of the allowed forms "
            f"({error.schema.get('description', error.message)})"
        )
    # jsonschema quotes the whole value (a list, a long text): quote its beginning only.
    message = error.message.replace(repr(error.instance), excerpt(error.instance))
    return f"at {where}: {message if len(message) <= 300 else message[:297] + '...'}"


def schema_problems(instance: Any, schema: dict, source: str) -> list[str]:
    """Every way ``instance`` breaks ``schema``, one readable sentence each, naming ``source``.

    Run :func:`structure_problems` first: a validator reads every value of ``instance``.
    """
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{source}: {_describe(error)}" for error in errors]


def with_defaults(instance: Any, schema: dict) -> Any:
    """Return a copy of ``instance`` with the schema's ``default`` values filled in where absent."""
    if isinstance(instance, Mapping) and schema.get("type") == "object":
        filled = dict(instance)
        for key, sub in schema.get("properties", {}).items():
            if key not in filled and "default" in sub:
                filled[key] = sub["default"]
            if key in filled:
                filled[key] = with_defaults(filled[key], sub)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for key in filled:
                if key not in schema.get("properties", {}):
                    filled[key] = with_defaults(filled[key], extra)
        return filled
    if isinstance(instance, list) and isinstance(schema.get("items"), dict):
        return [with_defaults(item, schema["items"]) for item in instance]
    return instance
