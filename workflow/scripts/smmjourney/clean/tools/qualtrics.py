"""Qualtrics: "Download data table" as CSV, with choice text or numeric values.

Three header rows: export tags (``StartDate``, ``EndDate``, ``Status``, ``IPAddress``,
``Progress``, ``Duration (in seconds)``, ``Finished``, ``RecordedDate``, ``ResponseId``, ...,
then ``Q1``...), question texts (``... - Selected Choice``, ``... - Other - Text``) and
``{"ImportId": ...}`` cells. A multiple-choice cell joins its choices with ``,``; ``Q..._TEXT``
columns hold 'Other' text. Columns are matched by export tag or, failing that, by question text.
"""

from __future__ import annotations

import json
import re
from types import MappingProxyType

from smmjourney.clean.layouts import (
    META,
    OTHER,
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
        "startdate": "start",
        "enddate": "end",
        "status": "",
        "ipaddress": PERSONAL,
        "progress": "progress",
        "duration (in seconds)": "duration",
        "finished": "finished",
        "recordeddate": "",
        "responseid": "respondent_id",
        "recipientlastname": PERSONAL,
        "recipientfirstname": PERSONAL,
        "recipientemail": PERSONAL,
        "externalreference": PERSONAL,
        "externaldatareference": PERSONAL,
        "locationlatitude": PERSONAL,
        "locationlongitude": PERSONAL,
        "distributionchannel": "",
        "userlanguage": "",
    }
)
_TEXT = re.compile(r"^(.*?)_(\d+)_text$", re.IGNORECASE)
_SPLIT = re.compile(r"^(.*?)_(\d+)$")


def recognise(rows: list[list[str]], kind: str) -> bool:
    """``{"ImportId": ...}`` cells in the third header row, or Qualtrics's own export tags."""
    first = set(rows[0]) if rows else set()
    if len(rows) >= 3 and any(h.startswith('{"importid"') for h in rows[2]):
        return True
    return {"responseid", "finished"} <= first or {
        "startdate",
        "enddate",
        "duration (in seconds)",
    } <= first


def _question_text(text: str) -> str:
    for suffix in (" - selected choice",):
        if normalize_text(text).endswith(suffix):
            return text[: len(text.rstrip()) - len(suffix)].rstrip()
    return text


def columns(grid: Grid, source: dict, matcher: Matcher, layout: Layout) -> list[Column]:
    build = ColumnBuilder(grid, source, matcher, layout)
    tags, texts, imports = grid.headers[0], grid.headers[1], grid.headers[2]
    if not any(normalize_text(h).startswith('{"importid"') for h in imports):
        raise WrongLayout(
            f'its third line has no {{"ImportId": ...}} cells (it begins {imports[:2]!r})'
        )
    separator = layout.separator(source)
    for position, (tag, text, import_id) in enumerate(zip(tags, texts, imports, strict=False)):
        display = tag or text
        if build.configured_role(position, [tag, text], display):
            continue
        key = normalize_text(tag)
        if build.tool_meta(position, key, display):
            continue
        try:
            import_key = (
                str(json.loads(import_id).get("ImportId", "")) if import_id.startswith("{") else ""
            )
        except (ValueError, AttributeError):
            import_key = ""
        other = _TEXT.match(tag) or (re.match(r"^(.*)_TEXT$", import_key) if import_key else None)
        if other or normalize_text(text).endswith(" - text"):
            base = other.group(1) if other else ""
            question = matcher.question(base) if base else None
            if not question and " - " in text:
                question = matcher.question(text.rsplit(" - ", 2)[0])
            if question:
                build.add(position, display, OTHER, question=question)
            else:
                build.fallback(position, [tag, text], display)
            continue
        question = matcher.question(tag) or matcher.question(_question_text(text))
        if question:
            build.answer(position, display, question, separator)
            continue
        if tag.startswith("Q_"):
            build.add(position, display, META)
            continue
        split = _SPLIT.match(tag)
        base_question = matcher.question(split.group(1)) if split else None
        if base_question and matcher.codebook.questions[base_question].is_multiple:
            option_text = text.rsplit(" - ", 1)[1] if " - " in text else split.group(2)
            if matcher.option(base_question, option_text) is None:
                option_text = split.group(2)
            build.option_or_error(position, display, base_question, option_text)
            continue
        build.fallback(position, [tag, text], display)
    return build.finish()


LAYOUT = Layout(
    name="qualtrics",
    tool="Qualtrics",
    header_rows=3,
    expected="three header rows: export tags (StartDate, EndDate, ..., ResponseId, Q1...), "
    'question texts, and {"ImportId": ...} cells',
    columns=columns,
    metadata=METADATA,
    multi_separator=",",
    recognise=recognise,
    precedence=3,
)
