"""Cleaning: raw survey exports in, tidy coded answers out, every row accounted for.

:func:`read_export` reads one export file strictly (every row must have the header's number of
fields). :func:`clean_export` matches its headers and answer labels to the codebook and returns
the coded answers, the respondents kept, the respondents excluded with their reasons, and report
lines. A label the codebook does not know stops the run with a message naming file, row, column
and value.
"""

import csv
import difflib
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .codebook import Codebook, Question
from .errors import SurveyInputError
from .text import normalize_text

TIMESTAMP_HEADERS = {"timestamp", "отметка времени", "submitted at", "date submitted"}

ANSWER_COLUMNS = ["respondent_id", "question", "code"]
RESPONDENT_COLUMNS = ["respondent_id", "source", "language", "row"]
EXCLUDED_COLUMNS = ["source", "file", "row", "respondent_id", "reason"]
REPORT_COLUMNS = ["source", "file", "measure", "value", "detail"]


@dataclass
class RawExport:
    """The text of one export: its header and its data rows, with the file it came from."""

    path: str
    header: list[str]
    rows: list[list[str]]
    encoding: str
    delimiter: str
    row_lines: list[int] = field(default_factory=list)

    def line_of(self, row: int) -> int:
        """The file line where data row ``row`` (1-based) starts."""
        return self.row_lines[row - 1] if self.row_lines else row + 1


@dataclass
class CleanedSource:
    """What cleaning one export gives (DataFrames with the ``*_COLUMNS`` columns)."""

    answers: pd.DataFrame
    respondents: pd.DataFrame
    excluded: pd.DataFrame
    report: list[dict] = field(default_factory=list)


def read_export(path: str | Path, encoding: str = "utf-8-sig", delimiter: str = ",") -> RawExport:
    """Read a delimited export whose first line is the header.

    Raises :class:`SurveyInputError` for a missing or empty file, undecodable text, duplicate
    column names, a file without data rows, and any row whose field count differs from the
    header's (a truncated or an overlong row), naming the row.
    """
    path = Path(path)
    if not path.is_file():
        raise SurveyInputError(f"{path}: the file does not exist (the configuration names it as a source).")
    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as error:
        raise SurveyInputError(
            f"{path}: the file is not valid {encoding} text (byte {error.start} cannot be decoded); "
            f"set the source's encoding in the configuration (for example cp1251 or utf-16)."
        ) from None
    if not text.strip():
        raise SurveyInputError(f"{path}: the file is empty; expected a header line and one row per respondent.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines: list[list[str]] = []
    ends: list[int] = []
    try:
        for fields in reader:
            lines.append(fields)
            ends.append(reader.line_num)
    except csv.Error as error:
        raise SurveyInputError(
            f"{path}, row {len(lines)} (line {(ends[-1] if ends else 0) + 1}): the file is not well-formed delimited text ({error}); "
            f"expected every quoted field to be closed, as in a complete export (the last row may be truncated)."
        ) from None
    starts = [1] + [end + 1 for end in ends[:-1]]
    header, rows = [h.strip() for h in lines[0]], lines[1:]
    row_lines = starts[1:]
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        key = normalize_text(name)
        if key in seen:
            raise SurveyInputError(f"{path}: columns {seen[key]} and {position} have the same name {name!r}; expected each column once.")
        seen[key] = position
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
        row_lines.pop()
    if not rows:
        raise SurveyInputError(f"{path}: the file has a header but no respondents; expected one row per respondent below the header.")
    for number, (row, line) in enumerate(zip(rows, row_lines), start=1):
        if not row:
            raise SurveyInputError(f"{path}, row {number} (line {line}): the line is empty; expected one respondent per line, {len(header)} fields as in the header.")
        if len(row) != len(header):
            kind = "is truncated" if len(row) < len(header) else "has too many fields"
            raise SurveyInputError(
                f"{path}, row {number} (line {line}): the row {kind}: found {len(row)} fields, expected {len(header)} as in the header."
            )
    return RawExport(str(path), header, rows, encoding, delimiter, row_lines)


def match_columns(export: RawExport, codebook: Codebook, required: Sequence[str], ignore: Sequence[str]) -> tuple[dict[int, str], list[str], list[str]]:
    """Map column positions to question ids.

    Returns (position -> question id, metadata columns, unmatched columns). A question that
    ``required`` names but no column matches is an error listing the nearest headers found.
    """
    lookup = codebook.header_lookup()
    ignored = {normalize_text(name) for name in ignore} | TIMESTAMP_HEADERS
    matched: dict[int, str] = {}
    metadata, unmatched = [], []
    for position, name in enumerate(export.header):
        key = normalize_text(name)
        if key in lookup:
            if lookup[key] in matched.values():
                raise SurveyInputError(f"{export.path}: two columns match question {lookup[key]!r}; the second is {name!r}.")
            matched[position] = lookup[key]
        elif key in ignored:
            metadata.append(name)
        else:
            unmatched.append(name)
    missing = [q for q in required if q not in matched.values()]
    if missing:
        details = []
        for question_id in missing:
            texts = codebook.questions[question_id].texts.values()
            near = {h for t in texts for h in difflib.get_close_matches(t, export.header, n=2, cutoff=0.5)}
            details.append(f"{question_id} ({' / '.join(texts)}); nearest headers found: {sorted(near) or 'none'}")
        raise SurveyInputError(f"{export.path}: the export lacks questions the analysis needs:\n  " + "\n  ".join(details))
    return matched, metadata, unmatched


def split_multiple(cell: str, labels: dict[str, int], separator: str) -> list[int] | None:
    """Codes of a multiple-choice cell, or None if it is not a sequence of known labels.

    Labels may themselves contain the separator, so pieces are joined into known labels, the
    longest first, backtracking where a longer label leaves a remainder that is no label.

    >>> split_multiple("Any products, I want to win, Products I already use", {"any products, i want to win": 1, "products i already use": 2}, ", ")
    [1, 2]
    """
    joiner = separator.strip() or separator
    pieces = cell.split(joiner)

    @functools.cache
    def parse(start: int) -> tuple[int, ...] | None:
        if start == len(pieces):
            return ()
        for end in range(len(pieces), start, -1):
            code = labels.get(normalize_text(joiner.join(pieces[start:end])))
            if code is not None:
                rest = parse(end)
                if rest is not None:
                    return (code, *rest)
        return None

    codes = parse(0)
    return None if codes is None else list(codes)


def _unknown_label(export: RawExport, row: int, column: str, value: str, question: Question, language: str) -> SurveyInputError:
    expected = "; ".join(repr(question.label(code, language)) for code in question.codes)
    kind = "a combination of " if question.is_multiple else "one of "
    return SurveyInputError(
        f"{export.path}, row {row} (line {export.line_of(row)}), column {column!r}: found the answer {value!r}, "
        f"which the codebook does not know for question {question.id}; expected {kind}{expected} (or an empty cell)."
    )


def clean_export(export: RawExport, codebook: Codebook, source: dict, required: Sequence[str]) -> CleanedSource:
    """Code every answer of one export and decide which respondents are kept.

    A respondent is excluded, with the reason recorded, when they answered nothing, when their
    id repeats an earlier row's, or when a multiple-choice answer combines an exclusive option
    ('never', 'none') with others. Rows read = rows kept + rows excluded always holds.
    """
    matched, metadata, unmatched = match_columns(export, codebook, required, source.get("ignore_columns", []))
    language, separator, source_id = source["language"], source.get("multi_separator", ", "), source["id"]
    respondent_ids = [f"{source_id}-{row:05d}" for row in range(1, len(export.rows) + 1)]
    reasons: dict[int, list[str]] = {}
    answered = [False] * len(export.rows)
    records: list[tuple[str, str, int]] = []
    for position, question_id in matched.items():
        question = codebook.questions[question_id]
        labels = codebook.label_lookup(question_id)
        exclusive = {o.code for o in question.options if o.exclusive}
        parsed: dict[str, list[int] | None] = {}
        for index, row in enumerate(export.rows):
            value = row[position].strip()
            if not value:
                continue
            if value not in parsed:
                if question.is_multiple:
                    parsed[value] = split_multiple(value, labels, separator)
                else:
                    code = labels.get(normalize_text(value))
                    parsed[value] = None if code is None else [code]
            codes = parsed[value]
            if codes is None:
                raise _unknown_label(export, index + 1, export.header[position], value, question, language)
            answered[index] = True
            if exclusive & set(codes) and len(set(codes)) > 1:
                reasons.setdefault(index, []).append(f"{question_id}: an exclusive answer is combined with others")
            records += [(respondent_ids[index], question_id, code) for code in dict.fromkeys(codes)]
    for index, flag in enumerate(answered):
        if not flag:
            reasons.setdefault(index, []).append("no answer to any question of the codebook")
    if source.get("id_column"):
        try:
            id_position = export.header.index(source["id_column"])
        except ValueError:
            raise SurveyInputError(f"{export.path}: the id column {source['id_column']!r} named in the configuration is not in the header.") from None
        first_seen: dict[str, int] = {}
        for index, row in enumerate(export.rows):
            key = row[id_position].strip()
            if not key:
                continue
            if key in first_seen:
                reasons.setdefault(index, []).append(f"duplicate respondent id (same as row {first_seen[key] + 1})")
            else:
                first_seen[key] = index
    kept = [i for i in range(len(export.rows)) if i not in reasons]
    kept_ids = {respondent_ids[i] for i in kept}
    answers = pd.DataFrame.from_records([r for r in records if r[0] in kept_ids], columns=ANSWER_COLUMNS)
    respondents = pd.DataFrame(
        {"respondent_id": [respondent_ids[i] for i in kept], "source": source_id, "language": language, "row": [i + 1 for i in kept]},
        columns=RESPONDENT_COLUMNS,
    )
    excluded = pd.DataFrame(
        [(source_id, export.path, i + 1, respondent_ids[i], "; ".join(reasons[i])) for i in sorted(reasons)],
        columns=EXCLUDED_COLUMNS,
    )
    report = [
        {"measure": "encoding", "value": export.encoding, "detail": ""},
        {"measure": "delimiter", "value": export.delimiter, "detail": ""},
        {"measure": "rows_read", "value": len(export.rows), "detail": ""},
        {"measure": "rows_kept", "value": len(kept), "detail": ""},
        {"measure": "rows_excluded", "value": len(reasons), "detail": ""},
        {"measure": "questions_matched", "value": len(matched), "detail": ", ".join(matched.values())},
    ]
    report += [{"measure": "metadata_column", "value": 1, "detail": name} for name in metadata]
    report += [{"measure": "unmatched_column", "value": 1, "detail": name} for name in unmatched]
    counts: dict[str, int] = {}
    for reason_list in reasons.values():
        for reason in reason_list:
            counts[reason] = counts.get(reason, 0) + 1
    report += [{"measure": "excluded_because", "value": n, "detail": reason} for reason, n in counts.items()]
    for line in report:
        line.update(source=source_id, file=export.path)
    if len(export.rows) != len(kept) + len(reasons):
        raise SurveyInputError(f"{export.path}: {len(export.rows)} rows read but {len(kept)} kept and {len(reasons)} excluded.")
    return CleanedSource(answers, respondents, excluded, report)


def combine(cleaned: Sequence[CleanedSource]) -> CleanedSource:
    """Concatenate the cleaned sources of a wave, with categorical question ids."""
    answers = pd.concat([c.answers for c in cleaned], ignore_index=True)
    answers["question"] = answers["question"].astype("category")
    answers["code"] = answers["code"].astype("int32")
    return CleanedSource(
        answers=answers,
        respondents=pd.concat([c.respondents for c in cleaned], ignore_index=True),
        excluded=pd.concat([c.excluded for c in cleaned], ignore_index=True),
        report=[line for c in cleaned for line in c.report],
    )
