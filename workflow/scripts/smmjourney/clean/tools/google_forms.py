"""Google Forms: the CSV downloaded from the form or its responses sheet (also as ``.xlsx``).

One header row: ``Timestamp`` (``Отметка времени``, or the name in the form's interface
language), then one column per question headed by its text. Checkbox answers are joined with
``", "`` in one cell (labels may contain commas); a respondent's 'Other' answer is their free text
in the same cell, so an unknown piece of a cell of a question with an 'Other' option is that text.
"""

from __future__ import annotations

from types import MappingProxyType

from smmjourney.clean.layouts import (
    PERSONAL,
    TIMESTAMP_HEADERS,
    Column,
    ColumnBuilder,
    Layout,
    Matcher,
    WrongLayout,
)
from smmjourney.clean.readers import Grid
from smmjourney.text import normalize_text

METADATA = MappingProxyType(
    {
        **{name: "end" for name in TIMESTAMP_HEADERS},
        "email address": PERSONAL,
        "адрес электронной почты": PERSONAL,
        "электронная почта": PERSONAL,
        "score": "",
        "баллы": "",
        "username": PERSONAL,
        "имя пользователя": PERSONAL,
    }
)


def recognise(rows: list[list[str]], kind: str) -> bool:
    """A first column named as Google Forms names its timestamp."""
    first = rows[0] if rows else []
    return bool(first) and first[0] in TIMESTAMP_HEADERS


def columns(grid: Grid, source: dict, matcher: Matcher, layout: Layout) -> list[Column]:
    build = ColumnBuilder(grid, source, matcher, layout)
    header = grid.headers[0]
    first = normalize_text(header[0]) if header else ""
    if (
        first not in TIMESTAMP_HEADERS
        and first not in build.configured
        and first not in build.ignored
    ):
        raise WrongLayout(f"its first column is {header[0]!r}")
    separator = layout.separator(source)
    for position, name in enumerate(header):
        if build.configured_role(position, [name], name) or build.tool_meta(
            position, normalize_text(name), name
        ):
            continue
        question = matcher.question(name)
        if question:
            build.answer(position, name, question, separator, free_other=True)
        else:
            build.fallback(position, [name], name)
    return build.finish()


LAYOUT = Layout(
    name="google_forms",
    tool="Google Forms",
    header_rows=1,
    expected=(
        "a first column 'Timestamp' (or 'Отметка времени') followed by one column per question "
        "headed by its text"
    ),
    columns=columns,
    metadata=METADATA,
    multi_separator=", ",
    recognise=recognise,
    precedence=0,
    plain_table=True,
)
