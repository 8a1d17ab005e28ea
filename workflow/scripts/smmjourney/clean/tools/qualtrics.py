"""Qualtrics: "Download data table" as CSV, with choice text or numeric values.

Three header rows: export tags (``StartDate``, ``EndDate``, ``Status``, ``IPAddress``,
``Progress``, ``Duration (in seconds)``, ``Finished``, ``RecordedDate``, ``ResponseId``, ...,
then ``Q1``... or block-numbered ``Q1.2``...), question texts (``... - Selected Choice``,
``... - Other - Text``) and ``{"ImportId": ...}`` cells. A multiple-choice cell joins its choices
with ``,``, or ("split multi-value fields") each choice has a column ``Q10_1``... headed
``question - option`` (``question - Selected Choice - option``); ``Q..._TEXT`` columns hold
'Other' text.

Columns are matched by export tag or, failing that, by question text. A tag is not trusted on
its own: the question text of every tag-matched column must be its question's text in a codebook
language (or an alias), else the run stops naming both texts, since a tag copied or moved in the
survey editor silently swaps answers between questions. Where the export's language is not a
codebook language the check cannot be made, and the log says for which columns it was skipped.
The legacy layout (``V1``...``V10``, two header rows) stops with the advice to export again.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from smmjourney.clean.layouts import (
    ANSWER,
    META,
    OPTION,
    OTHER,
    PERSONAL,
    Column,
    ColumnBuilder,
    Layout,
    Matcher,
    WrongLayout,
    check_names,
)
from smmjourney.clean.readers import Grid
from smmjourney.errors import SurveyInputError
from smmjourney.personal_data import quoted
from smmjourney.text import normalize_text

log = logging.getLogger(__name__)

METADATA = MappingProxyType(
    {
        "startdate": "start",
        "enddate": "end",
        "status": "status",
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
_HTML_TAG = re.compile(r"<[^>]*>")
_BY_TAG, _BY_TEXT = "its export tag", "its question text"
LEGACY_ADVICE = (
    "this is a legacy Qualtrics export (export tags V1...V10, then two header rows: the tags and "
    "ResponseID, ResponseSet, ..., question texts); expected the current layout, three header "
    'rows: export tags, question texts and {"ImportId": ...} cells. Re-export it as CSV from '
    "Data & Analysis > Export data with the legacy export options switched off"
)


def _is_legacy(rows: Sequence[Sequence[str]]) -> bool:
    """Normalised header rows of the legacy layout: tags ``V1``, ``V2``... over ``ResponseID``,
    ``ResponseSet``..."""
    return (
        len(rows) >= 2
        and list(rows[0][:2]) == ["v1", "v2"]
        and bool({"responseid", "responseset"} & set(rows[1][:3]))
    )


def recognise(rows: list[list[str]], kind: str) -> bool:
    """``{"ImportId": ...}`` cells in the third header row, Qualtrics's own export tags, or the
    legacy layout's ``V1``, ``V2``... over ``ResponseID``."""
    first = set(rows[0]) if rows else set()
    if len(rows) >= 3 and any(h.startswith('{"importid"') for h in rows[2]):
        return True
    return (
        {"responseid", "finished"} <= first
        or {"startdate", "enddate", "duration (in seconds)"} <= first
        or _is_legacy(rows)
    )


def _question_text(text: str) -> str:
    for suffix in (" - selected choice",):
        if normalize_text(text).endswith(suffix):
            return text[: len(text.rstrip()) - len(suffix)].rstrip()
    return text


def _plain(text: str) -> str:
    """A question text as compared: HTML tags dropped, then normalised."""
    return normalize_text(_HTML_TAG.sub(" ", text))


def _splits(text: str) -> list[tuple[str, str]]:
    """Every (before, after) of a normalised text cut at one of its `` - ``."""
    parts = text.split(" - ")
    return [(" - ".join(parts[:i]), " - ".join(parts[i:])) for i in range(1, len(parts))]


def _question_parts(text: str, role: str) -> list[str]:
    """What of a column's question text (header row 2, normalised) may be its question's text:
    all of it less ``- Selected Choice`` (answer), the part before ``- <option>`` (option) or
    before ``- <option> - Text`` ('Other' text)."""
    plain = _plain(text)
    if role == ANSWER:
        return [plain.removesuffix(" - selected choice")]
    if role == OTHER:
        plain = plain.removesuffix(" - text")
    else:
        plain = plain.replace(" - selected choice - ", " - ")
    return [before for before, _ in _splits(plain)] + [plain]


def _option_parts(text: str) -> list[tuple[str, str]]:
    """Every (question, option) a split column's question text may be read as."""
    return _splits(_plain(text).replace(" - selected choice - ", " - "))


def _names(matcher: Matcher, question_id: str) -> set[str]:
    question = matcher.codebook.questions[question_id]
    return {_plain(t) for t in (*question.texts.values(), *question.aliases)}


@dataclass(frozen=True)
class _Tagged:
    """A column matched to ``question`` by its export tag, its question text still to check."""

    position: int
    tag: str
    text: str
    question: str
    role: str


def _mismatch(grid: Grid, source: dict, matcher: Matcher, tagged: _Tagged) -> str | None:
    """The message for a tag-matched column whose question text is another question's (or, in a
    codebook language, no question's); ``""`` when the check cannot be made; None when it holds."""
    parts = _question_parts(tagged.text, tagged.role)
    names = _names(matcher, tagged.question)
    if any(part in names for part in parts):
        return None
    others = [
        q for q in dict.fromkeys(matcher.texts.get(p) for p in parts) if q and q != tagged.question
    ]
    language = source["language"]
    codebook = matcher.codebook
    if not others and (language not in codebook.languages or not _plain(tagged.text)):
        return ""
    question = codebook.questions[tagged.question]
    expected = (
        f"expected the text of question {tagged.question}, {quoted(question.text(language))} "
        f"(or its text in another codebook language, or an alias)"
    )
    if others:
        other = codebook.questions[others[0]]
        found = (
            f"which is the codebook's question {other.id} ({quoted(other.text(language))}); "
            f"{expected}. The tags of questions {tagged.question} and {other.id} are swapped or "
            "reused (as when a question is copied or moved in the survey editor): correct the "
            "export tags in Qualtrics and export again"
        )
    else:
        found = (
            f"which is no question's text in the codebook; {expected}. If the survey words the "
            "question differently, add the export's text to the question's aliases in the codebook"
        )
    return (
        f"{grid.path}, line 2, column {tagged.position + 1} (export tag {quoted(tagged.tag)}): "
        f"the export tag names question {tagged.question}, but the column's question text is "
        f"{quoted(tagged.text)}, {found}."
    )


def check_question_texts(
    grid: Grid, source: dict, matcher: Matcher, tagged: Sequence[_Tagged]
) -> None:
    """Stop the run when the question text (header row 2) of a column matched by its export tag
    is not its question's; log the columns whose text could not be checked (an export in a
    language the codebook lacks)."""
    skipped = []
    for column in tagged:
        message = _mismatch(grid, source, matcher, column)
        if message:
            raise SurveyInputError(message)
        if message == "":
            skipped.append(f"{quoted(column.tag)} (column {column.position + 1})")
    if skipped:
        log.warning(
            "%s: the question texts of %d column(s) matched by export tag were not checked "
            "against the codebook, whose languages (%s) do not include the export's language %s "
            "and none of whose texts they are: %s",
            grid.path,
            len(skipped),
            ", ".join(matcher.codebook.languages),
            quoted(source["language"]),
            ", ".join(skipped),
        )
    checked = len(tagged) - len(skipped)
    if checked:
        log.info(
            "%s: the question texts of %d column(s) matched by export tag agree with the codebook",
            grid.path,
            checked,
        )


def _ambiguous_tag(grid: Grid, position: int, tag: str, why: str) -> SurveyInputError:
    return SurveyInputError(
        f"{grid.path}, line 1, column {position + 1}: the export tag {why}; expected a tag that "
        "names one question. Give the questions distinct ids, aliases or numbers in the codebook "
        "(an alias such as the tag itself matches first)."
    )


def _code_of(matcher: Matcher, grid: Grid, position: int, tag: str) -> str | None:
    """The question a tool code names, stopping when it names several."""
    why = matcher.ambiguity(tag)
    if why:
        raise _ambiguous_tag(grid, position, tag, why)
    return matcher.question(tag)


def _import_key(import_id: str) -> str:
    if not import_id.startswith("{"):
        return ""
    try:
        return str(json.loads(import_id).get("ImportId", ""))
    except (ValueError, AttributeError):
        return ""


def _split_by_text(matcher: Matcher, text: str) -> tuple[str, str] | None:
    """(question, option text) of a split column whose question text names a multiple-choice
    question and one of its options."""
    for before, after in _option_parts(text):
        question = matcher.texts.get(before)
        if (
            question
            and matcher.codebook.questions[question].is_multiple
            and matcher.option(question, after) is not None
        ):
            return question, after
    return None


def columns(grid: Grid, source: dict, matcher: Matcher, layout: Layout) -> list[Column]:
    if _is_legacy([[normalize_text(h) for h in row] for row in grid.headers]):
        raise SurveyInputError(f"{grid.path}: {LEGACY_ADVICE}.")
    build = ColumnBuilder(grid, source, matcher, layout)
    tags, texts, imports = grid.headers[0], grid.headers[1], grid.headers[2]
    if not any(normalize_text(h).startswith('{"importid"') for h in imports):
        begins = ", ".join(quoted(cell) for cell in imports[:2])
        raise WrongLayout(f'its third line has no {{"ImportId": ...}} cells (it begins {begins})')
    separator = layout.separator(source)
    tagged: list[_Tagged] = []
    for position, (tag, text, import_id) in enumerate(zip(tags, texts, imports, strict=False)):
        display = tag or text
        if build.configured_role(position, [tag, text], display):
            continue
        key = normalize_text(tag)
        if build.tool_meta(position, key, display):
            continue
        import_key = _import_key(import_id)
        other = _TEXT.match(tag) or (re.match(r"^(.*)_TEXT$", import_key) if import_key else None)
        if other or normalize_text(text).endswith(" - text"):
            base = other.group(1) if other else ""
            question = _code_of(matcher, grid, position, base) if base else None
            how = _BY_TAG
            if question:
                tagged.append(_Tagged(position, base, text, question, OTHER))
            elif " - " in text:
                question, how = matcher.question(text.rsplit(" - ", 2)[0]), _BY_TEXT
            if question:
                build.add(position, display, OTHER, question=question, matched_by=how)
            else:
                build.fallback(position, [tag, text], display)
            continue
        question = _code_of(matcher, grid, position, tag)
        if question:
            tagged.append(_Tagged(position, tag, text, question, ANSWER))
            build.answer(position, display, question, separator, matched_by=_BY_TAG)
            continue
        question = matcher.question(_question_text(text))
        if question:
            build.answer(position, display, question, separator, matched_by=_BY_TEXT)
            continue
        if tag.startswith("Q_"):
            build.add(position, display, META)
            continue
        split = _SPLIT.match(tag)
        base = _code_of(matcher, grid, position, split.group(1)) if split else None
        if base and matcher.codebook.questions[base].is_multiple:
            names = _names(matcher, base)
            parts = [(q, o) for q, o in _option_parts(text) if q in names]
            if parts:
                found = next((o for q, o in parts if matcher.option(base, o) is not None), None)
                option_text = found if found is not None else parts[-1][1]
            else:
                tagged.append(_Tagged(position, split.group(1), text, base, OPTION))
                option_text = split.group(2)
            build.option_or_error(position, display, base, option_text, matched_by=_BY_TAG)
            continue
        by_text = _split_by_text(matcher, text)
        if by_text:
            build.option_or_error(position, display, *by_text, matched_by=_BY_TEXT)
            continue
        build.fallback(position, [tag, text], display)
    check_names(grid, build.columns)
    check_question_texts(grid, source, matcher, tagged)
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
