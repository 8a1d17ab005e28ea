"""Cleaning: raw survey exports in, tidy coded answers out, every row accounted for.

:func:`read_responses` reads one export of any supported tool (the layouts of
:mod:`smmjourney.clean.tools`) into the common intermediate :class:`Responses`: per respondent row
and codebook question the chosen answer codes, the 'Other' free text apart, and the tool's
metadata (respondent id, start and end time, duration, finished flag, progress, file line).
Everything downstream is the same whatever the tool. :func:`clean_sources` applies the data-quality
rules of :mod:`smmjourney.clean.quality` to a wave's exports and returns the coded answers of the
respondents kept, those quarantined with every rule that excluded them, and the cleaning report.

Coding is vectorised: each column's distinct values are parsed once and mapped to codes with
numpy indexing; no Python loop runs over respondents.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from smmjourney.clean.joined import JOINERS, Splitter, joiner_of
from smmjourney.clean.joined import split_multiple as split_multiple
from smmjourney.clean.joined import split_with_other as split_with_other
from smmjourney.clean.layouts import (
    ANSWER,
    META,
    OPTION,
    OTHER,
    PERSONAL,
    UNMATCHED,
    ColumnMap,
    Matcher,
)
from smmjourney.clean.readers import Grid
from smmjourney.clean.tools import identify_columns, layout_of, read_export
from smmjourney.errors import SurveyInputError
from smmjourney.personal_data import quoted
from smmjourney.plan.codebook import Codebook, Question
from smmjourney.text import normalize_text

log = logging.getLogger(__name__)

ANSWER_COLUMNS = ["respondent", "question", "code"]
RESPONDENT_COLUMNS = ["respondent_id", "source", "language", "row"]
QUARANTINE_COLUMNS = ["source", "file", "row", "line", "respondent_id", "rules", "reasons"]
OTHER_TEXT_COLUMNS = ["source", "respondent_id", "question", "text"]
REPORT_COLUMNS = ["source", "file", "measure", "value", "detail"]
META_COLUMNS = ["respondent_key", "start", "end", "duration", "finished", "progress"]

CHOSEN = {"y", "yes", "1", "1.0", "true", "selected", "checked", "x", "да", "выбрано", "отмечено"}
NOT_CHOSEN = {"", "n", "no", "0", "0.0", "false", "not selected", "unchecked", "нет", "не выбрано"}
FINISHED_TRUE = {"true", "1", "1.0", "yes", "complete", "completed", "finished", "да"}
FINISHED_FALSE = {"false", "0", "0.0", "no", "incomplete", "partial", "not finished", "нет"}
TIME_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d",
    "%d.%m.%Y",
    "ISO8601",
)
MAX_MULTI_OPTIONS = 64


@dataclass
class Responses:
    """One export read and coded: the common intermediate of every reader.

    ``single[q]`` holds, per data row, the position of the chosen option of single-answer
    question ``q`` in the codebook's option list (-1: no answer); ``multi[q]`` a bit mask of the
    chosen positions of multiple-choice question ``q`` (0: no answer). ``other[q]`` is the
    (rows, texts) of 'Other' free text. ``meta`` has one row per data row with the columns
    ``META_COLUMNS``. ``declared[q]`` is the (column, option codes) an export declares for ``q``
    (option columns, SPSS value labels), so that sources can be checked to agree.
    """

    source: dict
    grid: Grid
    layout: ColumnMap
    codebook: Codebook
    single: dict[str, np.ndarray]
    multi: dict[str, np.ndarray]
    other: dict[str, tuple[np.ndarray, np.ndarray]]
    meta: pd.DataFrame
    decimal: str = ""
    declared: dict[str, tuple[str, frozenset[int]]] = field(default_factory=dict)
    report: list[dict] = field(default_factory=list)

    @property
    def n(self) -> int:
        return self.grid.n_rows

    @property
    def questions(self) -> list[str]:
        """Questions the export carries, in codebook order."""
        return [q for q in self.codebook.questions if q in self.single or q in self.multi]

    def codes(self, question_id: str) -> np.ndarray:
        """Option codes of ``question_id`` in codebook order (index = position)."""
        return np.array(self.codebook.questions[question_id].codes, dtype=np.int32)

    def answered(self, question_id: str) -> np.ndarray:
        """Per row: did the respondent answer ``question_id``?"""
        if question_id in self.single:
            return self.single[question_id] >= 0
        return self.multi[question_id] != 0

    def long_answers(self, keep: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per question, the (row, code) of every chosen option of rows ``keep``, by row."""
        everyone = bool(keep.all())
        answers = {}
        for question_id in self.questions:
            option_codes = self.codes(question_id)
            if question_id in self.single:
                position = self.single[question_id]
                hit = np.nonzero(position >= 0 if everyone else (position >= 0) & keep)[0]
                answers[question_id] = (hit.astype(np.int32), option_codes[position[hit]])
                continue
            mask = self.multi[question_id]
            chosen = mask[keep] if not everyone else mask
            present = int(np.bitwise_or.reduce(chosen)) if len(chosen) else 0
            bits = [bit for bit in range(len(option_codes)) if present >> bit & 1]
            if not bits:
                answers[question_id] = (np.zeros(0, np.int32), np.zeros(0, np.int32))
                continue
            # One column per chosen option, flattened row by row: rows come out in order.
            picked = (mask[:, None] >> np.array(bits, dtype=np.uint64)[None, :]) & np.uint64(1) != 0
            if not everyone:
                picked &= keep[:, None]
            row, column = np.nonzero(picked)
            answers[question_id] = (row.astype(np.int32), option_codes[np.array(bits)][column])
        return answers


@dataclass
class CleanedWave:
    """What cleaning a wave gives (DataFrames with the ``*_COLUMNS`` columns)."""

    answers: pd.DataFrame
    respondents: pd.DataFrame
    quarantine: pd.DataFrame
    other_text: pd.DataFrame
    report: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Parsing one cell value (done once per distinct value of a column)
# --------------------------------------------------------------------------------------------


def _multiple_codes(
    value: str, column, splitter: Splitter, other_code: int | None, matcher: Matcher
) -> tuple[list[int] | None, str]:
    """The codes of a multiple-choice cell (None if it does not read) and its 'Other' text."""
    other = other_code if column.free_other else None
    reading = splitter.read(value, other is not None and not column.tool_codes)
    if reading is not None and reading.complete:
        return list(reading.codes), ""
    if column.tool_codes:
        pieces = [
            matcher.option(column.question, p, True)
            for p in value.split(joiner_of(column.separator))
        ]
        known = [code for code in pieces if code is not None]
        if len(known) == len(pieces):
            return known, ""
        if other is not None:
            reading = splitter.read(value, other=True)
    if reading is None or other is None:
        return None, ""
    return [*reading.codes, other], reading.text or ""


def _separator_hint(value: str, lookup: dict[str, int], separator: str) -> str:
    """A hint naming the separator a multiple-choice cell that does not read would read with."""
    for other in JOINERS:
        if joiner_of(other) != joiner_of(separator):
            codes = split_multiple(value, lookup, other)
            if codes is not None and len(codes) > 1:
                return (
                    f"; it reads as known options joined with {other!r}: if the export joins "
                    f'them so, set multi_separator: "{other}" in the source\'s configuration'
                )
    return ""


def _unknown_label(
    grid: Grid, row: int, column: str, value: str, question: Question, language: str, hint: str = ""
) -> SurveyInputError:
    expected = "; ".join(repr(question.label(code, language)) for code in question.codes)
    kind = "a combination of " if question.is_multiple else "one of "
    return SurveyInputError(
        f"{grid.where(row)}, column {column!r}: found the answer {quoted(value)}, "
        f"which the codebook does not know for question {question.id}; expected {kind}{expected} "
        f"(or an empty cell){hint}."
    )


def _first_row(indices: np.ndarray, value_index: int) -> int:
    return int(np.argmax(indices == value_index)) + 1


def _present(indices: np.ndarray, n_values: int) -> np.ndarray:
    return (
        np.bincount(indices, minlength=n_values) > 0
        if len(indices)
        else np.zeros(n_values, dtype=bool)
    )


# --------------------------------------------------------------------------------------------
# Coding the columns of a layout
# --------------------------------------------------------------------------------------------


def _code_answer_column(
    grid: Grid, column, question: Question, matcher: Matcher, language: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct value: option positions (mask or position), 'Other' text; and the row
    indices."""
    indices, values = grid.column(column.position)
    present = _present(indices, len(values))
    positions = {code: i for i, code in enumerate(question.codes)}
    lookup = matcher.labels[question.id]
    other_code = matcher.other.get(question.id)
    tool_codes = column.tool_codes
    splitter = Splitter(lookup, column.separator)
    masks = np.zeros(len(values), dtype=np.uint64)
    singles = np.full(len(values), -1, dtype=np.int32)
    others = np.full(len(values), "", dtype=object)
    for u in np.nonzero(present)[0]:
        value = str(values[u]).strip()
        if not value:
            continue
        codes: list[int] | None
        text = ""
        if question.is_multiple:
            codes, text = _multiple_codes(value, column, splitter, other_code, matcher)
        else:
            code = matcher.option(question.id, value, tool_codes)
            codes = None if code is None else [code]
            if codes is None and column.free_other and other_code is not None:
                codes, text = [other_code], value
        if codes is None:
            hint = (
                "; a free-text 'Other' answer needs an 'Other' option in the codebook"
                if column.free_other
                else ""
            )
            if question.is_multiple:
                hint = _separator_hint(value, lookup, column.separator) + hint
            raise _unknown_label(
                grid, _first_row(indices, u), column.name, value, question, language, hint
            )
        if question.is_multiple:
            mask = 0
            for code in codes:
                mask |= 1 << positions[code]
            masks[u] = mask
        else:
            singles[u] = positions[codes[0]]
        others[u] = text
    return (masks if question.is_multiple else singles), others, indices


def _declared_options(
    grid: Grid, column, question: Question, matcher: Matcher, language: str
) -> tuple[set[int], list[dict]]:
    """The codebook options an SPSS variable's value labels declare, and a report line for each
    value label the codebook lacks that no case has.

    A value label the codebook lacks that some case has stops the run: that respondent chose an
    option the codebook does not know. One no case has changes no count, and SPSS files label
    codes that are not answers (``99 Don't know`` declared missing), so it is reported, not
    stopped on; the sources' agreement check compares the options the codebook knows.
    """
    indices, values = grid.column(column.position)
    occurring = {str(values[u]).strip(): u for u in np.nonzero(_present(indices, len(values)))[0]}
    codes: set[int] = set()
    undeclared: list[dict] = []
    for value, label in grid.value_labels[column.position].items():
        code = matcher.option(question.id, label)
        if code is not None:
            codes.add(code)
            continue
        options = "; ".join(f"{c} {question.label(c, language)!r}" for c in question.codes)
        if label.strip() and label.strip() in occurring:
            raise SurveyInputError(
                f"{grid.where(_first_row(indices, occurring[label.strip()]))}, column "
                f"{column.name!r}: found the answer {quoted(label)}, the label of the value "
                f"{quoted(value)}, which the "
                f"codebook does not know for question {question.id}; expected one of the "
                f"codebook's options {options} (if the questionnaire offered this option, add it "
                f"to the codebook)."
            )
        detail = (
            f"{column.name}: the value label {quoted(label)} (of the value {quoted(value)}) is not "
            f"an option of question {question.id} in the codebook "
            f"(no case has it; the codebook's options: {options})"
        )
        log.warning("%s: %s", grid.path, detail)
        undeclared.append({"measure": "undeclared_value_label", "value": 1, "detail": detail})
    return codes, undeclared


def _code_option_column(grid: Grid, column, question: Question, language: str) -> np.ndarray:
    """Per row: was this option chosen?"""
    indices, values = grid.column(column.position)
    present = _present(indices, len(values))
    option_names = {
        normalize_text(t)
        for t in question.options[question.codes.index(column.code)].labels.values()
    }
    option_names |= {
        normalize_text(a) for a in question.options[question.codes.index(column.code)].aliases
    } | {str(column.code)}
    chosen = np.zeros(len(values), dtype=bool)
    for u in np.nonzero(present)[0]:
        key = normalize_text(str(values[u]))
        if key in CHOSEN or key in option_names:
            chosen[u] = True
        elif key not in NOT_CHOSEN:
            label = question.label(column.code, language)
            raise SurveyInputError(
                f"{grid.where(_first_row(indices, u))}, column {column.name!r}: found "
                f"{quoted(values[u])} in the column of option "
                f"{label!r} of question {question.id}; expected the option's label, 'Y' or '1' "
                f"(chosen) or an empty cell, 'N' or '0' (not chosen)."
            )
    return chosen[indices]


def _parse_bool(grid: Grid, series: pd.Series, name: str) -> pd.Series:
    keys = series.str.casefold()
    result = pd.Series(pd.NA, index=series.index, dtype="boolean")
    result[keys.isin(FINISHED_TRUE)] = True
    result[keys.isin(FINISHED_FALSE)] = False
    bad = (keys != "") & result.isna()
    if bad.any():
        row = int(np.argmax(bad.to_numpy())) + 1
        raise SurveyInputError(
            f"{grid.where(row)}, column {name!r}: found {quoted(series.iloc[row - 1])} as the "
            f"finished "
            f"flag; expected True/False, 1/0 or an empty cell."
        )
    return result


def parse_numbers(grid: Grid, series: pd.Series, name: str) -> tuple[pd.Series, str]:
    """Numbers of a metadata column and the decimal mark seen (``.``, ``,`` or empty).

    A decimal comma (``12,5``) is read as a decimal point; anything else that is not a number
    stops the run naming the row.
    """
    text = series.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    comma = text.str.fullmatch(r"-?\d+,\d+")
    point = text.str.fullmatch(r"-?\d+\.\d+")
    mark = "," if comma.any() else ("." if point.any() else "")
    numbers = pd.to_numeric(
        text.where(~comma, text.str.replace(",", ".", regex=False)).replace("", None),
        errors="coerce",
    )
    bad = (text != "") & numbers.isna()
    if bad.any():
        row = int(np.argmax(bad.to_numpy())) + 1
        raise SurveyInputError(
            f"{grid.where(row)}, column {name!r}: found {quoted(series.iloc[row - 1])}; expected a "
            f"number (a decimal point or comma) or an empty cell."
        )
    return numbers.astype("float64"), mark


def parse_times(series: pd.Series) -> tuple[pd.Series, str, int]:
    """Date-times of a metadata column: (values, format used, first unreadable row or 0).

    The first of ``TIME_FORMATS`` that reads every non-empty cell is used (tried on a sample of
    distinct values first, then on all of them if the sample's format misses some); a trailing
    time-zone name (``GMT+3``, ``UTC``) is ignored.
    """
    stripped = pc.replace_substring_regex(
        pa.array(series.to_numpy(dtype=object), type=pa.string()),
        r"\s+(GMT|UTC)([+-]\d{1,2}(:?\d{2})?)?$",
        "",
    )
    text = pd.Series(pd.arrays.ArrowStringArray(stripped), index=series.index, dtype="str")
    filled = (text != "").to_numpy()
    if not filled.any():
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]"), "", 0

    def fitting(values: pd.Series) -> str:
        for fmt in TIME_FORMATS:
            if pd.to_datetime(values, format=fmt, errors="coerce").notna().all():
                return fmt
        return max(
            TIME_FORMATS,
            key=lambda f: pd.to_datetime(values, format=f, errors="coerce").notna().sum(),
        )

    fmt = fitting(text[filled].iloc[:5000].drop_duplicates())
    parsed = pd.to_datetime(text.where(filled), format=fmt, errors="coerce")
    if (parsed.isna().to_numpy() & filled).any():
        fmt = fitting(pd.Series(text[filled].unique()))
        parsed = pd.to_datetime(text.where(filled), format=fmt, errors="coerce")
    unreadable = parsed.isna().to_numpy() & filled
    bad_row = int(np.argmax(unreadable)) + 1 if unreadable.any() else 0
    return parsed.astype("datetime64[ns]"), fmt, bad_row


def _metadata(grid: Grid, lay: ColumnMap, report: list[dict]) -> tuple[pd.DataFrame, str]:
    n = grid.n_rows
    meta = pd.DataFrame(
        {
            "respondent_key": pd.Series(pd.NA, index=range(n), dtype="str"),
            "start": pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]"),
            "end": pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]"),
            "duration": np.full(n, np.nan),
            "finished": pd.Series(pd.NA, index=range(n), dtype="boolean"),
            "progress": np.full(n, np.nan),
        }
    )
    marks: list[str] = []
    done: set[str] = set()
    for column in lay.of_role(META):
        target = column.field
        if not target or target in done:
            continue
        values = grid.strings(column.position)
        if target == "respondent_id":
            meta["respondent_key"] = values.where(values != "", pd.NA)
            done.add("respondent_id")
        elif target in ("start", "end", "submitted"):
            times, fmt, bad_row = parse_times(values)
            if bad_row:
                report.append(
                    {
                        "measure": "unreadable_time",
                        "value": int((values != "").sum() - times.notna().sum()),
                        "detail": f"{column.name}: for example row {bad_row} "
                        f"{quoted(values.iloc[bad_row - 1])}",
                    }
                )
            slot = "end" if target == "submitted" else target
            if slot not in done:
                meta[slot] = times
                done.add(slot)
            if target == "submitted" and "finished" not in done:
                meta["finished"] = pd.array(values != "", dtype="boolean")
                done.add("finished")
        elif target in ("duration", "progress"):
            numbers, mark = parse_numbers(grid, values, column.name)
            meta[target] = numbers.to_numpy()
            marks.append(mark)
            done.add(target)
        elif target == "finished":
            meta["finished"] = _parse_bool(grid, values, column.name)
            done.add("finished")
    if "duration" not in done and meta["start"].notna().any() and meta["end"].notna().any():
        meta["duration"] = (meta["end"] - meta["start"]).dt.total_seconds().to_numpy()
    decimal = "," if "," in marks else ("." if "." in marks else "")
    return meta, decimal


def code_export(grid: Grid, lay: ColumnMap, codebook: Codebook, source: dict) -> Responses:
    """Code every column of ``grid`` identified by ``lay`` into :class:`Responses`.

    An answer no codebook label matches stops the run with its file, row, line, column and
    value; a Google Forms answer that matches no label of a question with an 'Other' option is
    that respondent's 'Other' text. 'Other' text in a column of a question without an 'Other'
    option stops the run too.
    """
    matcher = Matcher(codebook)
    language = source["language"]
    n = grid.n_rows
    single: dict[str, np.ndarray] = {}
    multi: dict[str, np.ndarray] = {}
    other_parts: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    declared: dict[str, tuple[str, set[int]]] = {}
    for question_id in dict.fromkeys(
        c.question for c in lay.columns if c.role in (ANSWER, OPTION, OTHER)
    ):
        question = codebook.questions[question_id]
        if question.is_multiple and len(question.options) > MAX_MULTI_OPTIONS:
            raise SurveyInputError(
                f"{codebook.path}: question {question_id} has {len(question.options)} options; a "
                f"multiple-choice question may have at most {MAX_MULTI_OPTIONS}."
            )
        if question.is_multiple:
            multi[question_id] = np.zeros(n, dtype=np.uint64)
        else:
            single[question_id] = np.full(n, -1, dtype=np.int32)
    report: list[dict] = []
    for column in lay.of_role(ANSWER):
        question = codebook.questions[column.question]
        if grid.kind == "spss" and column.position in grid.value_labels:
            codes, undeclared = _declared_options(grid, column, question, matcher, language)
            declared[question.id] = (column.name, codes)
            report += undeclared
        per_value, others, indices = _code_answer_column(grid, column, question, matcher, language)
        if question.is_multiple:
            multi[question.id] |= per_value[indices]
        else:
            single[question.id] = np.where(
                single[question.id] >= 0, single[question.id], per_value[indices]
            )
        has_text = others != ""
        if has_text.any():
            rows = np.nonzero(has_text[indices])[0]
            other_parts.setdefault(question.id, []).append((rows, others[indices[rows]]))
    for column in lay.of_role(OPTION):
        question = codebook.questions[column.question]
        chosen = _code_option_column(grid, column, question, language)
        position = question.codes.index(column.code)
        if question.is_multiple:
            multi[question.id] |= chosen.astype(np.uint64) << np.uint64(position)
        else:
            clash = chosen & (single[question.id] >= 0)
            if clash.any():
                row = int(np.argmax(clash)) + 1
                raise SurveyInputError(
                    f"{grid.where(row)}, column {column.name!r}: a second answer to single-answer "
                    f"question {question.id}; expected one option chosen."
                )
            single[question.id] = np.where(chosen, position, single[question.id])
        declared.setdefault(question.id, (column.name, set()))[1].add(column.code)
    for column in lay.of_role(OTHER):
        question = codebook.questions[column.question]
        texts = grid.strings(column.position).to_numpy(dtype=object)
        rows = np.nonzero(texts != "")[0]
        if not len(rows):
            continue
        other_code = matcher.other.get(question.id)
        if other_code is None:
            raise SurveyInputError(
                f"{grid.where(int(rows[0]) + 1)}, column {column.name!r}: found 'Other' text "
                f"{quoted(texts[rows[0]])} for question {question.id}, "
                f"whose codebook options have no 'Other'; expected an empty column, or add an "
                f"option labelled 'Other' to the codebook "
                f"(or list the column in the source's ignore_columns)."
            )
        position = question.codes.index(other_code)
        if question.is_multiple:
            multi[question.id][rows] |= np.uint64(1) << np.uint64(position)
        else:
            unanswered = rows[single[question.id][rows] < 0]
            single[question.id][unanswered] = position
        other_parts.setdefault(question.id, []).append((rows, texts[rows]))
    for column in lay.of_role(OTHER):
        if column.question in declared and matcher.other.get(column.question) is not None:
            declared[column.question][1].add(matcher.other[column.question])
    other = {}
    for question_id, parts in other_parts.items():
        rows = np.concatenate([p[0] for p in parts])
        texts = np.concatenate([p[1] for p in parts])
        frame = (
            pd.DataFrame({"row": rows, "text": texts})
            .groupby("row", sort=True)["text"]
            .agg(" | ".join)
        )
        other[question_id] = (frame.index.to_numpy(), frame.to_numpy(dtype=object))
    meta, decimal = _metadata(grid, lay, report)
    frozen = {q: (name, frozenset(codes)) for q, (name, codes) in declared.items()}
    return Responses(
        source, grid, lay, codebook, single, multi, other, meta, decimal, frozen, report
    )


def read_responses(source: dict, codebook: Codebook, required: Sequence[str] = ()) -> Responses:
    """Read, lay out and code one source (a mapping with ``id``, ``file``, ``format``, ``language``
    and the optional keys of the configuration schema)."""
    tool = layout_of(source)
    grid = read_export(source, tool)
    lay = identify_columns(grid, codebook, source, required)
    responses = code_export(grid, lay, codebook, source)
    report = [
        {"measure": "format", "value": tool.name, "detail": f"{len(grid.headers)} header row(s)"},
    ]
    if grid.kind == "text":
        report += [
            {"measure": "encoding", "value": grid.encoding, "detail": grid.encoding_how},
            {
                "measure": "delimiter",
                "value": "tab" if grid.delimiter == "\t" else grid.delimiter,
                "detail": grid.delimiter_how,
            },
        ]
    if grid.sheet:
        report.append({"measure": "sheet", "value": grid.sheet, "detail": ""})
    report.append(
        {
            "measure": "decimal",
            "value": responses.decimal or "none seen",
            "detail": "in numeric metadata (duration, progress)",
        }
    )
    joined = {
        c.separator for c in lay.of_role(ANSWER) if codebook.questions[c.question].is_multiple
    }
    if not source.get("multi_separator") and joined - {tool.separator(source)}:
        report.append(
            {
                "measure": "multi_separator",
                "value": " ".join(repr(s) for s in sorted(joined)),
                "detail": "read from the answers (the source sets no multi_separator)",
            }
        )
    if grid.trailing_blank_rows:
        report.append(
            {
                "measure": "trailing_blank_rows",
                "value": grid.trailing_blank_rows,
                "detail": "blank rows after the last respondent: not respondents",
            }
        )
    matched = responses.questions
    report.append(
        {"measure": "questions_matched", "value": len(matched), "detail": ", ".join(matched)}
    )
    for column in lay.columns:
        if column.role == META:
            report.append(
                {
                    "measure": "metadata_column",
                    "value": 1,
                    "detail": f"{column.name} ({column.field})" if column.field else column.name,
                }
            )
        elif column.role == PERSONAL:
            report.append({"measure": "personal_column", "value": 1, "detail": column.name})
        elif column.role == UNMATCHED:
            report.append({"measure": "unmatched_column", "value": 1, "detail": column.name})
    for question_id, (rows, _) in responses.other.items():
        report.append({"measure": "other_text", "value": len(rows), "detail": question_id})
    responses.report = report + responses.report
    return responses


def check_option_agreement(responses: Sequence[Responses]) -> None:
    """Stop the run when two sources of a wave declare different options for a question."""
    seen: dict[str, tuple[Responses, str, frozenset[int]]] = {}
    for item in responses:
        for question_id, (column, codes) in item.declared.items():
            if question_id in seen and seen[question_id][2] != codes:
                first, first_column, first_codes = seen[question_id]
                question = item.codebook.questions[question_id]

                def named(
                    codes: frozenset[int], language: str, question: Question = question
                ) -> str:
                    return (
                        "; ".join(repr(question.label(c, language)) for c in sorted(codes))
                        or "none"
                    )

                only_first = first_codes - codes
                only_second = codes - first_codes
                raise SurveyInputError(
                    f"Sources {first.source['id']!r} ({first.grid.path}, column {first_column!r}) "
                    f"and {item.source['id']!r} "
                    f"({item.grid.path}, column {column!r}) disagree on the options of question "
                    f"{question_id}: "
                    f"only the first offers {named(only_first, first.source['language'])}, only "
                    f"the second offers "
                    f"{named(only_second, item.source['language'])}; expected every export of a "
                    f"wave to offer the same options "
                    f"(the same questionnaire), so that their answers can be counted together."
                )
            seen.setdefault(question_id, (item, column, codes))


def respondent_ids(item: Responses, salt: bytes) -> pd.Series:
    """Pseudonymous ids of every row of a source: of the tool's respondent id where there is one
    (a repeated id gets its occurrence number, so rows kept with the duplicates rule off stay
    distinct), else of the row number."""
    from smmjourney.clean.privacy import pseudonymise

    row_keys = pd.Series(np.arange(1, item.n + 1)).astype("str")
    keys = item.meta["respondent_key"]
    if keys.isna().all():
        return pseudonymise(row_keys, item.source["id"], salt)
    keys = keys.where(keys.notna(), "row " + row_keys)
    repeat = keys.groupby(keys.to_numpy()).cumcount()
    return pseudonymise(
        keys.where(repeat == 0, keys + " #" + (repeat + 1).astype("str")), item.source["id"], salt
    )


def _quarantine(item: Responses, verdict, ids: pd.Series) -> pd.DataFrame:
    excluded = np.nonzero(verdict.excluded)[0]
    lines = item.grid.lines()[excluded] if len(excluded) else np.zeros(0, dtype=np.int64)
    return pd.DataFrame(
        {
            "source": item.source["id"],
            "file": item.grid.path,
            "row": excluded + 1,
            "line": lines,
            "respondent_id": ids.to_numpy()[excluded],
            "rules": verdict.rules[excluded],
            "reasons": verdict.reasons[excluded],
        },
        columns=QUARANTINE_COLUMNS,
    )


def _other_text(
    item: Responses, keep: np.ndarray, ids: pd.Series, allowed: Sequence[str]
) -> list[pd.DataFrame]:
    from smmjourney.clean.privacy import redact

    frames = []
    for question_id, (rows, texts) in item.other.items():
        if question_id in allowed:
            kept = keep[rows]
            frames.append(
                pd.DataFrame(
                    {
                        "source": item.source["id"],
                        "respondent_id": ids.to_numpy()[rows[kept]],
                        "question": question_id,
                        "text": redact(pd.Series(texts[kept], dtype="str")).to_numpy(),
                    },
                    columns=OTHER_TEXT_COLUMNS,
                )
            )
    return frames


def _source_report(item: Responses, verdict, kept: int, quarantined: int) -> list[dict]:
    """The report lines of one source: how it was read, rows, columns, rules."""
    reading = (
        "format",
        "encoding",
        "delimiter",
        "sheet",
        "decimal",
        "multi_separator",
        "trailing_blank_rows",
    )
    lines = [line for line in item.report if line["measure"] in reading]
    lines += [
        {"measure": "rows_read", "value": item.n, "detail": ""},
        {"measure": "rows_kept", "value": kept, "detail": ""},
        {"measure": "rows_quarantined", "value": quarantined, "detail": ""},
    ]
    lines += [line for line in item.report if line["measure"] not in reading] + verdict.report
    return [{**line, "source": item.source["id"], "file": item.grid.path} for line in lines]


def _answer_frame(
    questions: list[str], parts: dict[str, list[tuple[np.ndarray, np.ndarray]]]
) -> pd.DataFrame:
    """The long answers, ordered by question (codebook order), then respondent row."""
    empty = np.zeros(0, np.int32)
    rows = [r for q in questions for r, _ in parts[q]]
    codes = [c for q in questions for _, c in parts[q]]
    sizes = [sum(len(r) for r, _ in parts[q]) for q in questions]
    question_codes = np.repeat(
        np.arange(len(questions), dtype=np.min_scalar_type(-len(questions) - 1)), sizes
    )
    return pd.DataFrame(
        {
            "respondent": np.concatenate(rows).astype(np.int32, copy=False) if rows else empty,
            "question": pd.Categorical.from_codes(
                question_codes, categories=questions, validate=False
            ),
            "code": np.concatenate(codes).astype(np.int32, copy=False) if codes else empty,
        },
        columns=ANSWER_COLUMNS,
        copy=False,
    )


def with_respondent_ids(answers: pd.DataFrame, respondents: pd.DataFrame) -> pd.DataFrame:
    """The answers with each respondent's pseudonymous ``respondent_id`` in front.

    The answers name respondents by their row in ``respondents`` (``respondent``), which is much
    cheaper to store and count than a string per answer.
    """
    ids = respondents["respondent_id"].array.take(answers["respondent"].to_numpy())
    return pd.concat([pd.DataFrame({"respondent_id": ids}, index=answers.index), answers], axis=1)


def clean_sources(
    sources: Sequence[dict],
    codebook: Codebook,
    required: Sequence[str],
    quality: dict | None,
    salt: bytes,
    other_text_allowed: Sequence[str] = (),
) -> CleanedWave:
    """Read every source of a wave, apply the data-quality rules, and account for every row.

    Returns the long answers (``ANSWER_COLUMNS``; ``respondent`` is the row of the respondent in
    the respondents table, see :func:`with_respondent_ids`) and the respondents of the rows kept,
    the rows quarantined with their rules and reasons, the allowed 'Other' text and the cleaning
    report.
    Rows read = rows kept + rows quarantined, per source and in total, or the run stops.
    """
    from smmjourney.clean import quality as rules

    read = [read_responses(source, codebook, required) for source in sources]
    check_option_agreement(read)
    verdicts = rules.evaluate(read, codebook, quality or {})
    answers: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    respondents, quarantine, other_text, report = [], [], [], []
    offset = 0
    for item, verdict in zip(read, verdicts, strict=False):
        ids = respondent_ids(item, salt)
        keep = ~verdict.excluded
        new_row = (np.cumsum(keep) - 1 + offset).astype(np.int32)
        for question_id, (rows, codes) in item.long_answers(keep).items():
            answers.setdefault(question_id, []).append((new_row[rows], codes))
        offset += int(keep.sum())
        respondents.append(
            pd.DataFrame(
                {
                    "respondent_id": ids[keep].to_numpy(),
                    "source": item.source["id"],
                    "language": item.source["language"],
                    "row": np.nonzero(keep)[0] + 1,
                }
            )
        )
        quarantine.append(_quarantine(item, verdict, ids))
        other_text += _other_text(item, keep, ids, other_text_allowed)
        report += _source_report(item, verdict, len(respondents[-1]), len(quarantine[-1]))
        if item.n != len(respondents[-1]) + len(quarantine[-1]):
            raise SurveyInputError(
                f"{item.grid.path}: {item.n} rows read but {len(respondents[-1])} kept and "
                f"{len(quarantine[-1])} quarantined; every row must be kept or quarantined."
            )
    answer_frame = _answer_frame([q for q in codebook.questions if q in answers], answers)
    respondent_frame = (
        pd.concat(respondents, ignore_index=True)
        if respondents
        else pd.DataFrame(columns=RESPONDENT_COLUMNS)
    )
    quarantine_frame = (
        pd.concat(quarantine, ignore_index=True)
        if quarantine
        else pd.DataFrame(columns=QUARANTINE_COLUMNS)
    )
    other_frame = (
        pd.concat(other_text, ignore_index=True)
        if other_text
        else pd.DataFrame(columns=OTHER_TEXT_COLUMNS)
    )
    rows_read = sum(item.n for item in read)
    if rows_read != len(respondent_frame) + len(quarantine_frame):
        raise SurveyInputError(
            f"rows read ({rows_read}) differ from rows kept ({len(respondent_frame)}) plus rows "
            f"quarantined ({len(quarantine_frame)})"
        )
    summary = {"source": "all", "file": "", "detail": ""}
    report += [
        {**summary, "measure": "rows_read", "value": rows_read},
        {**summary, "measure": "rows_kept", "value": len(respondent_frame)},
        {**summary, "measure": "rows_quarantined", "value": len(quarantine_frame)},
    ]
    report += rules.totals(verdicts)
    return CleanedWave(answer_frame, respondent_frame, quarantine_frame, other_frame, report)
