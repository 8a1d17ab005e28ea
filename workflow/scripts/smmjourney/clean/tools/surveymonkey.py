"""SurveyMonkey: "All responses data" as CSV or XLSX, with the answers' text.

Two header rows. Row 1: ``Respondent ID``, ``Collector ID``, ``Start Date``, ``End Date``, ``IP
Address``, ``Email Address``, ``First Name``, ``Last Name``, ``Custom Data 1``, then each
question's text over its first column. Row 2: ``Response`` (one answer), one option label per
column of a multiple-choice question (the cell holds the label when chosen), ``Other (please
specify)`` (the text).
"""

from __future__ import annotations

from types import MappingProxyType

from smmjourney.clean.layouts import (
    OTHER,
    OTHER_WORDS,
    PERSONAL,
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
        "respondent id": "respondent_id",
        "collector id": "",
        "start date": "start",
        "end date": "end",
        "ip address": PERSONAL,
        "email address": PERSONAL,
        "first name": PERSONAL,
        "last name": PERSONAL,
        "custom data 1": PERSONAL,
        "custom data": PERSONAL,
    }
)
ANSWER_LABELS = {"", "response", "open-ended response", "ответ", "ответ в свободной форме"}
"""Second-row labels of a column holding the whole answer to its question."""


def recognise(rows: list[list[str]], kind: str) -> bool:
    """``Respondent ID`` and ``Collector ID`` in the first header row."""
    first = rows[0] if rows else []
    return {"respondent id", "collector id"} <= set(first)


def _is_other_header(text: str) -> bool:
    key = normalize_text(text).rstrip(":").strip()
    return key in {w.rstrip(":").strip() for w in OTHER_WORDS} or key.startswith(
        ("other (please specify", "другое (укажите", "другое (пожалуйста")
    )


def columns(grid: Grid, source: dict, matcher: Matcher, layout: Layout) -> list[Column]:
    build = ColumnBuilder(grid, source, matcher, layout)
    top, sub = grid.headers[0], grid.headers[1]
    keys = {normalize_text(h) for h in top}
    if "respondent id" not in keys:
        raise WrongLayout("its first header row has no 'Respondent ID' column")
    question_text = ""
    for position, (name, label) in enumerate(zip(top, sub, strict=False)):
        if name:
            question_text = name
        display = f"{question_text} / {label}" if label else question_text
        if build.configured_role(position, [name, label, display], display):
            continue
        if name and not label and build.tool_meta(position, normalize_text(name), name):
            continue
        question = matcher.question(question_text)
        label_key = normalize_text(label)
        if label_key in ANSWER_LABELS:
            if question:
                build.answer(position, display, question, layout.separator(source))
            else:
                build.fallback(position, [question_text], display)
        elif _is_other_header(label):
            if question:
                build.add(position, display, OTHER, question=question)
            else:
                build.fallback(position, [question_text], display)
        else:
            row_question = matcher.question(f"{question_text} - {label}") or matcher.question(
                f"{question_text} [{label}]"
            )
            if row_question:
                build.answer(position, display, row_question, layout.separator(source))
            elif question:
                build.option_or_error(position, display, question, label)
            else:
                build.fallback(position, [question_text, label], display)
    return build.finish()


LAYOUT = Layout(
    name="surveymonkey",
    tool="SurveyMonkey",
    header_rows=2,
    expected=(
        "two header rows: 'Respondent ID', 'Collector ID', 'Start Date', 'End Date'... and the "
        "question texts, then a row of 'Response' or option labels"
    ),
    columns=columns,
    metadata=METADATA,
    multi_separator=", ",
    recognise=recognise,
    precedence=2,
)
