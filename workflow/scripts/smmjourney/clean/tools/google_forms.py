"""Google Forms: the CSV downloaded from the form or its responses sheet (also as ``.xlsx``).

One header row: ``Timestamp`` (``Отметка времени``, or the name in the form's interface
language), then one column per question headed by its text. Checkbox answers are joined in one
cell (labels may contain commas): with ``", "`` in the linked Sheet (and its ``.xlsx`` or CSV),
with ``";"`` in the CSV the form itself downloads. Which one a source uses is read from its
answers unless the source sets ``multi_separator`` (:func:`detected_separator`). A respondent's
'Other' answer is their free text in the same cell, so an unknown piece of a cell of a question
with an 'Other' option is that text.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from types import MappingProxyType

import numpy as np

from smmjourney.clean.joined import JOINERS, Reading, Splitter, joiner_of
from smmjourney.clean.layouts import (
    ANSWER,
    PERSONAL,
    TIMESTAMP_HEADERS,
    Column,
    ColumnBuilder,
    Layout,
    Matcher,
    WrongLayout,
)
from smmjourney.clean.readers import Grid
from smmjourney.errors import SurveyInputError
from smmjourney.personal_data import quoted
from smmjourney.plan.codebook import Question
from smmjourney.text import normalize_text

log = logging.getLogger(__name__)

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
    found = build.finish()
    if source.get("multi_separator"):
        return found
    detected = detected_separator(grid, found, matcher, separator, source["language"])
    if detected == separator:
        return found
    return [replace(c, separator=detected) if c.role == ANSWER else c for c in found]


def _score(reading: Reading | None) -> int:
    """How much of a cell a reading explains: 2 every piece, 1 some pieces, 0 none."""
    if reading is None or not reading.codes:
        return 0
    return 2 if reading.complete else 1


def _judged(readings: dict[str, Reading | None]) -> tuple[str, ...] | None:
    """The joiners under which a cell reads best (one: evidence for it), or None when they all
    read it alike; more than one that read it differently: the cell is ambiguous."""
    best = max(_score(r) for r in readings.values())
    if best == 0:
        return None
    winners = tuple(j for j, r in readings.items() if _score(r) == best)
    distinct = {(frozenset(r.codes), r.text) for j, r in readings.items() if j in winners and r}
    if len(distinct) == 1 and len(winners) == len(readings):
        return None
    return winners


def _described(reading: Reading | None, question: Question, language: str) -> str:
    if reading is None or not reading.codes:
        return "no option"
    options = " and ".join(
        repr(question.label(code, language)) for code in dict.fromkeys(reading.codes)
    )
    other = f" with the 'Other' text {quoted(reading.text)}" if reading.text is not None else ""
    return f"the options {options}{other}"


HINT = (
    "Google Forms' own CSV download joins checkbox answers with ';', its linked Sheet (and that "
    "sheet's .xlsx or CSV) with ', '; "
    'set multi_separator: ";" or multi_separator: ", " '
    "in the source's configuration to the one this export uses (a cell that then does not read "
    "as options is the respondent's 'Other' text)"
)
"""The end of every message about a source's joiner: how to tell which one it uses."""


def detected_separator(
    grid: Grid, columns: list[Column], matcher: Matcher, default: str, language: str
) -> str:
    """The separator the checkbox answers of a source are joined with, read from its answers.

    Every distinct answer of a multiple-choice column is read with each of ``JOINERS``; one
    that reads better with one of them (as labels only, or as labels around 'Other' text where
    the other reads no label) is evidence for it. Evidence for one joiner decides; none leaves
    ``default``. Evidence for both, or no evidence and an answer that reads as different
    options with each, stops the run with the hint to set ``multi_separator``, so that no cell
    made of known labels is taken for 'Other' text.
    """
    evidence: dict[str, tuple[int, Column, str, Reading | None]] = {}
    ambiguous: tuple[int, Column, str, dict[str, Reading | None]] | None = None
    for column in columns:
        question = matcher.codebook.questions.get(column.question)
        if column.role != ANSWER or question is None or not question.is_multiple:
            continue
        lookup, other = matcher.labels[question.id], matcher.has_other(question.id)
        splitters = {j: Splitter(lookup, j) for j in JOINERS}
        indices, values = grid.column(column.position)
        present = np.bincount(indices, minlength=len(values)) > 0
        for u in np.nonzero(present)[0]:
            value = str(values[u]).strip()
            if not any(joiner_of(j) in value for j in JOINERS):
                continue
            readings = {j: splitter.read(value, other) for j, splitter in splitters.items()}
            winners = _judged(readings)
            if winners is None:
                continue
            # The first row of a value is looked up for the examples kept only (one scan each).
            if len(winners) > 1:
                if ambiguous is None:
                    ambiguous = (int(np.argmax(indices == u)) + 1, column, value, readings)
            elif winners[0] not in evidence:
                row = int(np.argmax(indices == u)) + 1
                evidence[winners[0]] = (row, column, value, readings[winners[0]])
    if len(evidence) > 1:
        (first, a), (second, b) = list(evidence.items())[:2]

        def cell(joiner: str, example: tuple[int, Column, str, Reading | None]) -> str:
            row, column, value, reading = example
            question = matcher.codebook.questions[column.question]
            return (
                f"row {row} ({grid.line_word} {grid.line_of(row)}), column {column.name!r}: "
                f"{quoted(value)} reads as {_described(reading, question, language)} only when "
                f"the options are joined with {joiner!r}"
            )

        raise SurveyInputError(
            f"{grid.path}: the checkbox answers read as joined with {first!r} in some cells and "
            f"with {second!r} in others ({cell(first, a)}; {cell(second, b)}); expected one "
            f"joiner in the whole export. {HINT}."
        )
    if evidence:
        joiner, (row, column, value, _) = next(iter(evidence.items()))
        log.info(
            "%s: checkbox answers read as joined with %r (for example row %d, column %r)",
            grid.path,
            joiner,
            row,
            column.name,
        )
        return joiner
    if ambiguous:
        row, column, value, readings = ambiguous
        question = matcher.codebook.questions[column.question]
        ways = " and as ".join(
            f"{_described(r, question, language)} when joined with {j!r}"
            for j, r in readings.items()
        )
        raise SurveyInputError(
            f"{grid.where(row)}, column {column.name!r}: found the answer {quoted(value)}, which "
            f"reads as {ways}, and no other answer of the export shows which joiner it uses; "
            f"expected an answer that reads one way. {HINT}."
        )
    return default


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
