"""LimeSurvey: the CSV export with question-code headings and answer codes.

Usually ``;``-delimited with every field quoted: the response fields ``id``, ``submitdate``
(empty for an incomplete response), ``lastpage``, ``startlanguage``, ``seed``, ``startdate``,
``datestamp``, ``ipaddr``, ``refurl``, then one column per question code, one per sub-question of a
multiple-choice question (``code[SQ001]``, holding ``Y`` or blank), ``code[other]`` 'Other' text
and ``interviewtime``. Answer and sub-question codes match the codebook's codes by their
trailing number (``AO02``, ``SQ002`` -> 2), or by label when exported as full answers.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from smmjourney.clean.layouts import (
    META,
    OTHER,
    PERSONAL,
    UNMATCHED,
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
        "id": "respondent_id",
        "submitdate": "submitted",
        "lastpage": "",
        "startlanguage": "",
        "seed": "",
        "token": PERSONAL,
        "startdate": "start",
        "datestamp": "",
        "ipaddr": PERSONAL,
        "refurl": PERSONAL,
        "interviewtime": "duration",
        "email": PERSONAL,
        "firstname": PERSONAL,
        "lastname": PERSONAL,
        "response id": "respondent_id",
        "date submitted": "submitted",
        "last page": "",
        "start language": "",
        "date started": "start",
        "date last action": "",
        "ip address": PERSONAL,
        "referrer url": PERSONAL,
        "total time": "duration",
    }
)
RESPONSE_FIELDS = {
    "submitdate",
    "lastpage",
    "startlanguage",
    "date submitted",
    "last page",
    "start language",
}
_BRACKET = re.compile(r"^(.*?)\s*\[(.*)\]\s*$")


def recognise(rows: list[list[str]], kind: str) -> bool:
    """``submitdate`` with ``lastpage`` or ``startlanguage`` in the header."""
    first = set(rows[0]) if rows else set()
    return "submitdate" in first and bool({"lastpage", "startlanguage"} & first)


def columns(grid: Grid, source: dict, matcher: Matcher, layout: Layout) -> list[Column]:
    build = ColumnBuilder(grid, source, matcher, layout)
    header = grid.headers[0]
    keys = {normalize_text(h) for h in header}
    if not keys & RESPONSE_FIELDS:
        raise WrongLayout(
            "its header has none of LimeSurvey's response fields (submitdate, lastpage, "
            "startlanguage)"
        )
    for position, name in enumerate(header):
        if build.configured_role(position, [name], name):
            continue
        key = normalize_text(name)
        if build.tool_meta(position, key, name):
            continue
        if re.fullmatch(r"grouptime\d+|.+time", key) and not matcher.question(name):
            build.add(position, name, META)
            continue
        question = matcher.question(name)
        if question:
            build.answer(position, name, question, layout.separator(source), tool_codes=True)
            continue
        bracket = _BRACKET.match(name)
        if bracket:
            base, sub = bracket.group(1), bracket.group(2)
            question = matcher.question(base)
            if question and normalize_text(sub) in {"other", "другое"}:
                build.add(position, name, OTHER, question=question)
                continue
            if question and normalize_text(sub).endswith("comment"):
                build.add(position, name, UNMATCHED)
                continue
            if question and matcher.codebook.questions[question].is_multiple:
                build.option_or_error(position, name, question, sub, tool_codes=True)
                continue
        build.fallback(position, [name], name)
    return build.finish()


LAYOUT = Layout(
    name="limesurvey",
    tool="LimeSurvey",
    header_rows=1,
    expected=(
        "one header row of question codes after the response fields (id, submitdate, lastpage, "
        "startlanguage...)"
    ),
    columns=columns,
    metadata=METADATA,
    multi_separator=", ",
    recognise=recognise,
    precedence=1,
)
