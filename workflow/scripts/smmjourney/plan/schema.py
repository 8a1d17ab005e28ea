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

from smmjourney.errors import SurveyInputError

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


# libyaml's loader when PyYAML was built with it: the same documents, parsed about ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_VALUES = 100_000
"""Most values (mappings, lists, keys and scalars, each time it is reached) a document may hold."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists a document may have."""
MAX_ALIASES = 10_000
"""Most uses of YAML aliases (``*name``) a document may make."""
MAX_YAML_BYTES = 16 * 2**20
"""Largest configuration or codebook file read (a codebook of a thousand questions is < 2 MB)."""


class YamlLimitError(yaml.YAMLError):
    """A YAML document beyond what :func:`load_yaml` reads: too deep, too many aliases, or merge
    keys (``<<: *name``) that copy too many values."""


class _BoundedLoader(SAFE_LOADER):
    """The safe loader, counting the key-value pairs its mappings are built from: merge keys copy
    the merged mappings' pairs at load time, so a few lines of ``<<: [*a, *a, ...]`` could
    otherwise build billions."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.pairs = 0

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        super().flatten_mapping(node)
        self.pairs += len(node.value)
        if self.pairs > MAX_VALUES:
            raise YamlLimitError(
                f"has more than {MAX_VALUES:,} values (YAML merge keys '<<' repeating aliases?)"
            )


def _check_bounds(text: str) -> None:
    """Raise :class:`YamlLimitError` if ``text`` nests deeper than :data:`MAX_DEPTH` or uses
    aliases more than :data:`MAX_ALIASES` times, reading only as far as the first excess (libyaml
    takes quadratic time and then overflows its stack on deep nesting, so this precedes loading).
    """
    depth = aliases = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        kind = type(event)
        if kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise YamlLimitError(
                    f"is nested more than {MAX_DEPTH} levels deep (line {line}); it was not "
                    "read further"
                )
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            depth -= 1
        elif kind is yaml.AliasEvent:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlLimitError(
                    f"has too many YAML aliases (more than {MAX_ALIASES:,} uses of *name); it "
                    "was not read further"
                )


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader, within :data:`MAX_DEPTH`, :data:`MAX_ALIASES` and
    (for merge keys) :data:`MAX_VALUES`.

    Each alias stays one shared object, so a document's size is bounded, however many values its
    aliases stand for, by :func:`structure_problems` next.

    Raises
    ------
    yaml.YAMLError
        Not YAML, or (:class:`YamlLimitError`) beyond the limits.
    """
    _check_bounds(text)
    return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 (a safe loader)


def yaml_error_text(error: yaml.YAMLError) -> str:
    """What is wrong with a document and where, without the excerpt of the file PyYAML adds."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        return shorten(f"{where}{error.problem}", 200)
    return shorten(str(error), 200)


def read_yaml(path: str | Path, what: str = "configuration") -> Any:
    """The YAML document in the file ``path`` (a ``what``: configuration or codebook).

    Raises
    ------
    SurveyInputError
        One sentence naming ``path`` when it is not a readable file, is larger than
        :data:`MAX_YAML_BYTES`, is not UTF-8 text, is not YAML or is beyond the limits of
        :func:`load_yaml`; it never quotes the file.
    """
    path = Path(path)
    expected = f"expected the {what} as a YAML text file"
    try:
        if not path.is_file():
            raise SurveyInputError(
                f"The {what} {path} does not exist or is not a file; {expected}."
            )
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise SurveyInputError(
                f"The {what} {path} is {size:,} bytes, larger than a {what} can be "
                f"({MAX_YAML_BYTES:,} bytes); {expected}."
            )
        data = path.read_bytes()
    except OSError as error:
        raise SurveyInputError(
            f"The {what} {path} cannot be read ({error.strerror}); {expected}."
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SurveyInputError(
            f"The {what} {path} is not UTF-8 text (byte {error.start + 1} is not valid UTF-8); "
            f"{expected}."
        ) from None
    try:
        return load_yaml(text)
    except YamlLimitError as error:
        raise SurveyInputError(f"The {what} {path} {error}.") from None
    except yaml.YAMLError as error:
        raise SurveyInputError(
            f"The {what} {path} is not valid YAML ({yaml_error_text(error)}); {expected}."
        ) from None


def load_schema(name: str) -> dict:
    """Read ``smmjourney/plan/schemas/<name>.schema.yaml``."""
    return load_yaml((SCHEMA_DIR / f"{name}.schema.yaml").read_text(encoding="utf-8"))


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
        document = read_yaml(path, what)
    except SurveyInputError as error:
        return [str(error)]
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
