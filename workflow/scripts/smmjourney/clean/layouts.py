"""Export layouts: what an export layout is, and the column matching every layout shares.

A :class:`Layout` says how one survey tool writes its export: how many header rows, how its
columns are matched to the codebook, how several chosen options are joined in one cell, which
of its own columns are metadata or personal data, how the file is read and how its header is
recognised. The layouts themselves, one module per tool, and their one registry are in
:mod:`smmjourney.clean.tools`.

Matching a layout's header rows gives one :class:`Column` per file column: an answer column
(labels or codes, several options joined in one cell for a multiple-choice question), an option
column (one option of a multiple-choice question: chosen or blank), an 'Other' free-text column,
tool metadata (respondent id, start and end time, duration, finished flag, progress), personal
data (kept out), or a column that matches nothing (listed, kept out). What every layout shares is
here: the :class:`Matcher` of headers and labels to the codebook, the :class:`ColumnBuilder` that
applies a source's configured column lists first, the reading of a text or workbook export, the
columns of a plain table (:func:`plain_table_columns`: csv, excel, spss) and the checks of the
columns found (:func:`check_columns`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from smmjourney.clean.readers import Grid, read_text, read_workbook
from smmjourney.errors import SurveyInputError
from smmjourney.personal_data import quoted
from smmjourney.plan.codebook import Codebook
from smmjourney.text import normalize_text

ANSWER, OPTION, OTHER, META, PERSONAL, UNMATCHED = (
    "answer",
    "option",
    "other",
    "metadata",
    "personal",
    "unmatched",
)
META_FIELDS = (
    "respondent_id",
    "start",
    "end",
    "submitted",
    "duration",
    "finished",
    "progress",
    "status",
)

TIMESTAMP_HEADERS = {
    "timestamp", "отметка времени", "submitted at", "date submitted", "marca temporal",
    "horodateur", "zeitstempel", "informazioni cronologiche", "carimbo de data/hora",
    "sygnatura czasowa", "мітка часу",
}  # fmt: skip
OTHER_WORDS = {
    "other", "other:", "other (please specify)", "other (please specify):",
    "other, please specify", "other (specify)", "something else", "другое", "другое:",
    "другое (укажите)", "другое (пожалуйста, укажите)", "другое (уточните)",
    "иное", "прочее", "свой вариант", "свой вариант:", "-oth-",
}  # fmt: skip
PLAIN_TABLE_META = MappingProxyType({name: "end" for name in TIMESTAMP_HEADERS})
"""Tool metadata of a plain table (csv, excel, spss): a timestamp column is the end time."""

PERSONAL_PATTERN = re.compile(
    r"(e-?mail|почт|\bip\b|ip ?addr|\bname\b|first ?name|last ?name|"
    r"\bимя\b|фамили|\bфио\b|отчество|phone|mobile|телефон|"
    r"latitude|longitude|\blocation\b|местоположен|геолокац|address|адрес|recipient|passport|паспорт)"
)
TEXT_FILE = "a header line and one row per respondent"
_TRAILING_NUMBER = re.compile(r"^[a-z]*0*(\d+)$")
_NOT_CODE = re.compile(r"[^0-9a-zа-я]+")
_DIGITS = frozenset("0123456789")
_DECIMAL_INTEGER = re.compile(r"^(\d+)[.,]0+$")


def fold_code(text: str) -> str:
    """A header or id reduced to lower-case letters and digits (and what separates two digits),
    for matching tool codes.

    Punctuation and spaces are dropped, except between two digits, where the first character
    stays: Qualtrics's block-numbered tags (``Q1.2``), split multiple-choice columns (``Q1_2``)
    and plain tags (``Q12``, ``Q12_1``) stay apart.

    >>> fold_code("Q_Channel")
    'qchannel'
    >>> [fold_code(tag) for tag in ("Q1.2", "Q12", "Q1_2", "Q12_1")]
    ['q1.2', 'q12', 'q1_2', 'q12_1']
    """
    folded = normalize_text(text)

    def kept(match: re.Match[str]) -> str:
        start, end = match.span()
        between_digits = (
            start > 0
            and end < len(folded)
            and folded[start - 1] in _DIGITS
            and folded[end] in _DIGITS
        )
        return match.group()[0] if between_digits else ""

    return _NOT_CODE.sub(kept, folded)


@dataclass(frozen=True)
class Column:
    """What one column of an export is.

    ``role`` is one of answer, option, other, metadata, personal, unmatched; ``question`` the
    codebook question (answer, option, other); ``code`` the option's code (option); ``field`` the
    metadata field (``respondent_id``, ``start``, ``end``, ``submitted``, ``duration``,
    ``finished``, ``progress``, ``status``: Qualtrics's response type, read by the previews rule;
    or empty for metadata read and dropped); ``separator`` joins several options in one answer
    cell; ``free_other`` says whether an unknown piece of an answer is the respondent's 'Other'
    text (Google Forms); ``tool_codes`` whether an answer may be a tool code whose trailing number
    is the option's code (LimeSurvey's ``AO02``); ``matched_by`` how the column was matched to its
    question, for messages (``its export tag``).
    """

    position: int
    name: str
    role: str
    question: str = ""
    code: int | None = None
    field: str = ""
    separator: str = ", "
    free_other: bool = False
    tool_codes: bool = False
    matched_by: str = ""


@dataclass
class ColumnMap:
    """The columns of one export and the layout (``format``) they were read in."""

    format: str
    columns: list[Column]

    def of_role(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]


class WrongLayout(Exception):
    """Raised by a layout's ``columns`` when the header rows are not its tool's: ``detail`` says
    what was found instead (the message naming the tool they look like is composed from it)."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def read_text_or_workbook(path: Path, kind: str, source: dict, layout: Layout) -> Grid:
    """Read a text export (CSV, TSV) or an ``.xlsx`` workbook, whichever ``path`` is (``kind``,
    from :func:`~smmjourney.clean.readers.file_kind`), with the layout's header rows."""
    if kind == "spss":
        raise SurveyInputError(
            f"{path}: the file is an SPSS .sav file, but the configuration says format: "
            f"{layout.name}; "
            f"expected {layout.name} layout. Set format: spss for this source."
        )
    if kind == "workbook":
        return read_workbook(path, source.get("sheet"), layout.header_rows)
    return read_text(
        path, layout.header_rows, source.get("encoding", "auto"), source.get("delimiter", "auto")
    )


@dataclass(frozen=True, eq=False)
class Layout:
    """How one survey tool writes its export (one per module of :mod:`smmjourney.clean.tools`).

    ``name`` is the configuration's ``format``, ``tool`` the name users know; ``header_rows``
    the rows above the first respondent; ``expected`` the layout in words, for messages.
    ``columns(grid, source, matcher, layout)`` matches the header rows to the codebook, one
    :class:`Column` per file column (raising :class:`WrongLayout` if the header is not the
    tool's); ``read(path, kind, source, layout)`` reads the file into a
    :class:`~smmjourney.clean.readers.Grid`; ``metadata`` maps the tool's own headers
    (normalised) to a metadata field, ``""`` (read and dropped) or ``personal``;
    ``multi_separator`` joins several options in one cell unless the source sets its own.
    ``recognise(rows, kind)`` says whether normalised header rows (and the file kind) are this
    tool's, so that a misconfigured source's message can name the tool its file looks like; of
    several tools that recognise a file, the one of highest ``precedence`` (the most specific
    signature) is named. ``plain_table``: the export is also a plain table of question texts, which
    the layouts without a signature of their own (csv, excel) accept. ``empty_file`` is what an
    empty file should have held.
    """

    name: str
    tool: str
    header_rows: int
    expected: str
    columns: Callable[[Grid, dict, Matcher, Layout], list[Column]]
    read: Callable[[Path, str, dict, Layout], Grid] = read_text_or_workbook
    metadata: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    multi_separator: str = ", "
    recognise: Callable[[list[list[str]], str], bool] | None = None
    precedence: int = 0
    plain_table: bool = False
    empty_file: str = TEXT_FILE

    def separator(self, source: dict) -> str:
        """The text joining several options of one answer cell in ``source``."""
        return source.get("multi_separator") or self.multi_separator


class Matcher:
    """Matches headers to codebook questions and cells to answer codes, in any codebook language."""

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self.texts = codebook.header_lookup()
        self.codes: dict[str, str] = {}
        self.code_names: dict[str, dict[str, str]] = {}
        for question in codebook.questions.values():
            names = [(question.id, f"its id {question.id!r}")]
            names += [(alias, f"its alias {alias!r}") for alias in question.aliases]
            if question.number is not None:
                names += [
                    (f"q{question.number:0{width}d}", f"its number {question.number}")
                    for width in (1, 2, 3)
                ]
            for name, how in names:
                code = fold_code(name)
                self.codes.setdefault(code, question.id)
                self.code_names.setdefault(code, {}).setdefault(question.id, how)
        self.labels: dict[str, dict[str, int]] = {}
        self.other: dict[str, int | None] = {}
        for qid, question in codebook.questions.items():
            lookup = codebook.label_lookup(qid)
            other = None
            for option in question.options:
                names = {
                    normalize_text(t).rstrip(":").strip()
                    for t in (*option.labels.values(), *option.aliases)
                }
                if names & {w.rstrip(":").strip() for w in OTHER_WORDS}:
                    other = option.code
                    for word in OTHER_WORDS:
                        lookup.setdefault(normalize_text(word), option.code)
            self.labels[qid] = lookup
            self.other[qid] = other

    def question(self, header: str) -> str | None:
        """The question a header names (by text, id or alias in any language), or None."""
        if not header or not header.strip():
            return None
        found = self.texts.get(normalize_text(header))
        if found:
            return found
        code = fold_code(header)
        if not code or self.ambiguity(header):
            return None
        return self.codes.get(code)

    def ambiguity(self, header: str) -> str:
        """Why the tool code ``header`` names more than one question (empty if it names one or
        none, or if it is a question's text or id, which is matched first)."""
        if not header or normalize_text(header) in self.texts:
            return ""
        names = self.code_names.get(fold_code(header), {})
        if len(names) < 2:
            return ""
        return (
            f"{quoted(header)} reads as the code {quoted(fold_code(header))}, which names "
            + " and ".join(f"question {qid} ({how})" for qid, how in names.items())
        )

    def option(self, question_id: str, text: str, tool_codes: bool = False) -> int | None:
        """The code of the answer ``text`` (label, alias or code; with ``tool_codes`` also a tool
        code whose trailing number is the code, such as LimeSurvey's ``AO02`` or ``SQ002``)."""
        key = normalize_text(text)
        code = self.labels[question_id].get(key)
        if code is None:
            decimal = _DECIMAL_INTEGER.match(key)
            if decimal:
                code = self.labels[question_id].get(decimal.group(1))
        if code is None and tool_codes:
            match = _TRAILING_NUMBER.match(fold_code(text))
            if match and int(match.group(1)) in self.codebook.questions[question_id].codes:
                code = int(match.group(1))
        return code

    def has_other(self, question_id: str) -> bool:
        return self.other.get(question_id) is not None


class ColumnBuilder:
    """Collects the columns of one export, applying the source's configured column lists first."""

    def __init__(self, grid: Grid, source: dict, matcher: Matcher, layout: Layout):
        self.grid, self.source, self.matcher, self.layout = grid, source, matcher, layout
        self.columns: list[Column] = []
        self.personal = {normalize_text(n) for n in source.get("personal_columns", [])}
        self.ignored = {normalize_text(n) for n in source.get("ignore_columns", [])}
        configured = {
            meta_field: (name, f"metadata_columns.{meta_field}")
            for meta_field, name in (source.get("metadata_columns") or {}).items()
        }
        if source.get("id_column"):
            configured.setdefault("respondent_id", (source["id_column"], "id_column"))
        self.configured = {
            normalize_text(name): meta_field for meta_field, (name, _) in configured.items()
        }
        self.wanted = {normalize_text(name): (name, key) for name, key in configured.values()}
        self.found: set[str] = set()

    def configured_role(self, position: int, names: Sequence[str], display: str) -> bool:
        """Add the column if the source's configuration names it (personal, ignored, metadata)."""
        keys = {normalize_text(n) for n in names if n}
        if keys & self.personal:
            self.add(position, display, PERSONAL)
        elif keys & self.ignored:
            self.add(position, display, META)
        elif keys & set(self.configured):
            key = next(iter(keys & set(self.configured)))
            self.found.add(key)
            self.add(position, display, META, field=self.configured[key])
        else:
            return False
        return True

    def tool_meta(self, position: int, key: str, display: str) -> bool:
        """Add the column if ``key`` (a normalised header) is one of the tool's own metadata."""
        if key not in self.layout.metadata:
            return False
        kind = self.layout.metadata[key]
        if kind == PERSONAL:
            self.add(position, display, PERSONAL)
        else:
            self.add(position, display, META, field=kind)
        return True

    def fallback(self, position: int, names: Sequence[str], display: str) -> None:
        """A column that matches no question: personal data if its name says so, else unmatched."""
        if any(PERSONAL_PATTERN.search(normalize_text(n)) for n in names if n):
            self.add(position, display, PERSONAL)
        else:
            self.add(position, display, UNMATCHED)

    def finish(self) -> list[Column]:
        """The columns, once every column the configuration names has been found."""
        for key, (name, config_key) in self.wanted.items():
            if key not in self.found:
                headers = [h for h in self.grid.headers[0] if h]
                near = difflib.get_close_matches(name, headers, n=3, cutoff=0.5)
                raise SurveyInputError(
                    f"{self.grid.path}: the column {name!r} named in the configuration "
                    f"({config_key}) is not in the header; "
                    f"expected a column headed exactly so (nearest headers found: "
                    f"{near or 'none'})."
                )
        return self.columns

    def add(self, position: int, name: str, role: str, **kwargs) -> None:
        self.columns.append(Column(position, name, role, **kwargs))

    def answer(self, position: int, display: str, question: str, separator: str, **kwargs) -> None:
        self.add(position, display, ANSWER, question=question, separator=separator, **kwargs)

    def option_or_error(
        self,
        position: int,
        display: str,
        question: str,
        option_text: str,
        tool_codes: bool = False,
        matched_by: str = "",
    ) -> None:
        """Add an option column of ``question``, or stop if its option is no answer the codebook
        knows."""
        code = self.matcher.option(question, option_text, tool_codes)
        if code is None:
            known = self.matcher.codebook.questions[question]
            labels = "; ".join(repr(known.label(c, self.source["language"])) for c in known.codes)
            raise SurveyInputError(
                f"{self.grid.path}: column {position + 1} ({quoted(display)}) is an option column "
                f"of question {question}, but its option {quoted(option_text)} is not an answer "
                f"the codebook knows for that question; expected one of {labels}."
            )
        self.add(position, display, OPTION, question=question, code=code, matched_by=matched_by)


_OTHER_HEADER = [
    re.compile(r"^(.*?)\s*\[(other|другое)\]\s*$", re.IGNORECASE),
    re.compile(r"^(.*?)_(other|text)$", re.IGNORECASE),
    re.compile(r"^(.*?) - (other|другое)( - text)?$", re.IGNORECASE),
]
_OPTION_HEADER = [
    re.compile(r"^(.*?)\s*\[(.+)\]\s*$"),
    re.compile(r"^(.*) - (.+)$"),
    re.compile(r"^(.*): (.+)$"),
    re.compile(r"^(.*?)_(\d+)$"),
]


def _unknown_other_column(
    grid: Grid, position: int, name: str, base: str, matcher: Matcher
) -> SurveyInputError:
    near = difflib.get_close_matches(base, list(matcher.codebook.questions), n=3, cutoff=0.5)
    return SurveyInputError(
        f"{grid.path}: column {position + 1} ({quoted(name)}) is headed as the 'Other' text of "
        f"a question, but {quoted(base)} names no question of the codebook (nearest question "
        f"ids: {', '.join(near) or 'none'}). Expected the header '<question id or text> [other]' "
        "of a question the codebook has, so that no respondent's 'Other' text is lost."
    )


def plain_table_columns(grid: Grid, source: dict, matcher: Matcher, layout: Layout) -> list[Column]:
    """The columns of a plain table: one header row of question ids or texts (and, for SPSS, a
    second of variable labels); options joined in one cell, or one column per option headed
    ``question [option]``, ``question - option``, ``question: option`` or ``question_<code>``;
    'Other' text in a ``question [other]`` (``_other``, ``_text``, ``- Other``) column."""
    build = ColumnBuilder(grid, source, matcher, layout)
    names = grid.headers[0]
    labels = grid.headers[1] if len(grid.headers) > 1 else names
    separator = layout.separator(source)
    for position, (name, label) in enumerate(zip(names, labels, strict=False)):
        display = name if name == label or not label else f"{name} ({label})"
        candidates = [name, label] if label != name else [name]
        if build.configured_role(position, candidates, display):
            continue
        if build.tool_meta(position, normalize_text(name), display):
            continue
        question = next((q for q in (matcher.question(c) for c in candidates) if q), None)
        if question:
            build.answer(position, display, question, separator)
            continue
        done = False
        for candidate in candidates:
            for pattern in _OTHER_HEADER:
                match = pattern.match(candidate)
                if match and matcher.question(match.group(1)):
                    build.add(position, display, OTHER, question=matcher.question(match.group(1)))
                    done = True
                    break
                if match and pattern is not _OTHER_HEADER[1]:
                    raise _unknown_other_column(grid, position, name, match.group(1), matcher)
            if done:
                break
            for pattern in _OPTION_HEADER:
                match = pattern.match(candidate)
                base = matcher.question(match.group(1)) if match else None
                if base and matcher.codebook.questions[base].is_multiple:
                    build.option_or_error(position, display, base, match.group(2))
                    done = True
                    break
            if done:
                break
        if not done:
            build.fallback(position, candidates, display)
    return build.finish()


def check_names(grid: Grid, columns: Sequence[Column]) -> None:
    """Stop the run when two columns share a name."""
    seen: dict[str, int] = {}
    for column in columns:
        key = normalize_text(column.name)
        if not key:
            continue
        if key in seen:
            raise SurveyInputError(
                f"{grid.path}: columns {seen[key] + 1} and {column.position + 1} have the same "
                f"name {column.name!r}; expected each column once."
            )
        seen[key] = column.position


def _described(column: Column) -> str:
    how = f", matched by {column.matched_by}" if column.matched_by else ""
    return f"column {column.position + 1} ({quoted(column.name)}{how})"


def _nearest_headers(grid: Grid, codebook: Codebook, question_id: str) -> str:
    """The headers of ``grid`` closest to the id and texts of ``question_id``, for a message."""
    headers = [h for row in grid.headers for h in row if h]
    texts = list(codebook.questions[question_id].texts.values())
    near = {
        h
        for t in [*texts, question_id]
        for h in difflib.get_close_matches(t, headers, n=2, cutoff=0.5)
    }
    return f"nearest headers found: {sorted(near) or 'none'}"


def check_columns(
    grid: Grid, columns: list[Column], codebook: Codebook, required: Sequence[str], layout: Layout
) -> None:
    """Stop the run when two columns share a name, a question or an option, or when a question
    in ``required`` has no column (listing the nearest headers)."""
    check_names(grid, columns)
    answered: dict[str, Column] = {}
    options: dict[tuple[str, int], Column] = {}
    for column in columns:
        if column.role == ANSWER:
            if column.question in answered:
                raise SurveyInputError(
                    f"{grid.path}: two columns match question {column.question!r}: "
                    f"{_described(answered[column.question])} and {_described(column)}. "
                    "Expected one column per question."
                )
            answered[column.question] = column
        elif column.role == OPTION:
            key = (column.question, column.code)
            if key in options:
                raise SurveyInputError(
                    f"{grid.path}: columns {options[key].position + 1} ({options[key].name!r}) and "
                    f"{column.position + 1} ({column.name!r}) "
                    f"are both option {column.code} of question {column.question}; expected one "
                    f"column per option."
                )
            options[key] = column
    present = {c.question for c in columns if c.role in (ANSWER, OPTION)}
    for column in columns:
        if column.role == OTHER and column.question not in present:
            raise SurveyInputError(
                f"{grid.path}: {_described(column)} holds the 'Other' text of question "
                f"{column.question}, but no column holds that question's answers (its header may "
                f"be misspelt: {_nearest_headers(grid, codebook, column.question)}). Expected a "
                "column of answers beside every column of 'Other' text, so that no answer is "
                "silently left out."
            )
    missing = [q for q in required if q not in present]
    if missing:
        details = [
            f"{question_id} ({' / '.join(codebook.questions[question_id].texts.values())}); "
            + _nearest_headers(grid, codebook, question_id)
            for question_id in missing
        ]
        raise SurveyInputError(
            f"{grid.path}: the export lacks questions the analysis needs (read as a {layout.tool} "
            f"export):\n  " + "\n  ".join(details)
        )
