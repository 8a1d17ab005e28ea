"""JSON-schema validation with messages that name the offending key, and schema defaults."""

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


def _location(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the top level"


def _describe(error: jsonschema.ValidationError) -> str:
    where = _location(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unexpected = sorted(set(error.instance) - set(allowed))
        return (
            f"at {where}: unknown key {', '.join(repr(k) for k in unexpected)}"
            f" (expected one of: {', '.join(allowed)})"
        )
    if error.validator == "required":
        return f"at {where}: {error.message}"
    if error.validator in ("oneOf", "anyOf") and error.context:
        return f"at {where}: {error.instance!r} matches none of the allowed forms ({error.schema.get('description', error.message)})"
    return f"at {where}: {error.message}"


def schema_problems(instance: Any, schema: dict, source: str) -> list[str]:
    """Every way ``instance`` breaks ``schema``, one readable sentence each, naming ``source``."""
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
