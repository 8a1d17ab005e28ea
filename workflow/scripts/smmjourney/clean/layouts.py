"""Export layouts: what each column of a survey tool's export is, matched to the codebook.

Each survey tool writes its own layout. :func:`layout` reads the header rows of a :class:`Grid`
the way the configured tool writes them and returns one :class:`Column` per file column: an
answer column (labels or codes, several options joined in one cell for a multiple-choice
question), an option column (one option of a multiple-choice question: chosen or blank), an
'Other' free-text column, tool metadata (respondent id, start and end time, duration, finished
flag, progress), personal data (kept out), or a column that matches nothing (listed, kept out).

=============  ============  =====================================================================
format         header rows   layout
=============  ============  =====================================================================
google_forms   1             ``Timestamp``, question texts; checkboxes joined with ``", "``
surveymonkey   2             question texts, then ``Response`` / option label / ``Other (please specify)``
qualtrics      3             export tags, question texts, ``{"ImportId": ...}``; ``_TEXT`` for Other
limesurvey     1             ``id;submitdate;...;Q1;Q2[SQ001];Q2[other]``, answer codes, ``Y``
csv, excel     1             question ids or texts; options joined, or one ``question [option]`` column each
spss           2             variable names and variable labels; value labels as answers
=============  ============  =====================================================================
"""

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from smmjourney.plan.codebook import Codebook
from smmjourney.errors import SurveyInputError
from smmjourney.clean.readers import Grid
from smmjourney.text import normalize_text

FORMATS = ("google_forms", "surveymonkey", "qualtrics", "limesurvey", "spss", "excel", "csv")
HEADER_ROWS = {"google_forms": 1, "surveymonkey": 2, "qualtrics": 3, "limesurvey": 1, "csv": 1, "excel": 1, "spss": 2}
TOOL_NAMES = {
    "google_forms": "Google Forms", "surveymonkey": "SurveyMonkey", "qualtrics": "Qualtrics",
    "limesurvey": "LimeSurvey", "spss": "SPSS", "excel": "Excel", "csv": "plain CSV",
}
EXPECTED_LAYOUT = {
    "google_forms": "a first column 'Timestamp' (or 'Отметка времени') followed by one column per question headed by its text",
    "surveymonkey": "two header rows: 'Respondent ID', 'Collector ID', 'Start Date', 'End Date'... and the question texts, then a row of 'Response' or option labels",
    "qualtrics": "three header rows: export tags (StartDate, EndDate, ..., ResponseId, Q1...), question texts, and {\"ImportId\": ...} cells",
    "limesurvey": "one header row of question codes after the response fields (id, submitdate, lastpage, startlanguage...)",
    "csv": "one header row of question ids or texts",
    "excel": "a sheet whose first row holds question ids or texts",
    "spss": "one variable per question, named by question id or labelled with its text",
}

ANSWER, OPTION, OTHER, META, PERSONAL, UNMATCHED = "answer", "option", "other", "metadata", "personal", "unmatched"
META_FIELDS = ("respondent_id", "start", "end", "submitted", "duration", "finished", "progress")

TIMESTAMP_HEADERS = {
    "timestamp", "отметка времени", "submitted at", "date submitted", "marca temporal", "horodateur",
    "zeitstempel", "informazioni cronologiche", "carimbo de data/hora", "sygnatura czasowa", "мітка часу",
}
OTHER_WORDS = {
    "other", "other:", "other (please specify)", "other (please specify):", "other, please specify", "other (specify)",
    "something else", "другое", "другое:", "другое (укажите)", "другое (пожалуйста, укажите)", "другое (уточните)",
    "иное", "прочее", "свой вариант", "свой вариант:", "-oth-",
}
GOOGLE_FORMS_META = {
    **{name: "end" for name in TIMESTAMP_HEADERS},
    "email address": PERSONAL, "адрес электронной почты": PERSONAL, "электронная почта": PERSONAL,
    "score": "", "баллы": "", "username": PERSONAL, "имя пользователя": PERSONAL,
}
SURVEYMONKEY_META = {
    "respondent id": "respondent_id", "collector id": "", "start date": "start", "end date": "end",
    "ip address": PERSONAL, "email address": PERSONAL, "first name": PERSONAL, "last name": PERSONAL,
    "custom data 1": PERSONAL, "custom data": PERSONAL,
}
QUALTRICS_META = {
    "startdate": "start", "enddate": "end", "status": "", "ipaddress": PERSONAL, "progress": "progress",
    "duration (in seconds)": "duration", "finished": "finished", "recordeddate": "", "responseid": "respondent_id",
    "recipientlastname": PERSONAL, "recipientfirstname": PERSONAL, "recipientemail": PERSONAL,
    "externalreference": PERSONAL, "externaldatareference": PERSONAL, "locationlatitude": PERSONAL,
    "locationlongitude": PERSONAL, "distributionchannel": "", "userlanguage": "",
}
LIMESURVEY_META = {
    "id": "respondent_id", "submitdate": "submitted", "lastpage": "", "startlanguage": "", "seed": "",
    "token": PERSONAL, "startdate": "start", "datestamp": "", "ipaddr": PERSONAL, "refurl": PERSONAL,
    "interviewtime": "duration", "email": PERSONAL, "firstname": PERSONAL, "lastname": PERSONAL,
    "response id": "respondent_id", "date submitted": "submitted", "last page": "", "start language": "",
    "date started": "start", "date last action": "", "ip address": PERSONAL, "referrer url": PERSONAL,
    "total time": "duration",
}
GENERIC_META = {**{name: "end" for name in TIMESTAMP_HEADERS}}

PERSONAL_PATTERN = re.compile(
    r"(e-?mail|почт|\bip\b|ip ?addr|\bname\b|first ?name|last ?name|\bимя\b|фамили|\bфио\b|отчество|phone|mobile|телефон|"
    r"latitude|longitude|\blocation\b|местоположен|геолокац|address|адрес|recipient|passport|паспорт)"
)
_TRAILING_NUMBER = re.compile(r"^[a-z]*0*(\d+)$")
_DECIMAL_INTEGER = re.compile(r"^(\d+)[.,]0+$")


def fold_code(text: str) -> str:
    """A header or id reduced to lower-case letters and digits, for matching tool codes.

    >>> fold_code("Q_Channel")
    'qchannel'
    """
    return re.sub(r"[^0-9a-zа-я]", "", normalize_text(text))


@dataclass(frozen=True)
class Column:
    """What one column of an export is.

    ``role`` is one of answer, option, other, metadata, personal, unmatched; ``question`` the
    codebook question (answer, option, other); ``code`` the option's code (option); ``field`` the
    metadata field (``respondent_id``, ``start``, ``end``, ``submitted``, ``duration``,
    ``finished``, ``progress``, or empty for metadata read and dropped); ``separator`` joins
    several options in one answer cell; ``free_other`` says whether an unknown piece of an answer
    is the respondent's 'Other' text (Google Forms).
    """

    position: int
    name: str
    role: str
    question: str = ""
    code: int | None = None
    field: str = ""
    separator: str = ", "
    free_other: bool = False
    codes_style: str = "labels"


@dataclass
class Layout:
    """The columns of one export and the format they were read as."""

    format: str
    columns: list[Column]

    def of_role(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]


class Matcher:
    """Matches headers to codebook questions and cells to answer codes, in any codebook language."""

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self.texts = codebook.header_lookup()
        self.codes: dict[str, str] = {}
        for question in codebook.questions.values():
            names = [question.id, *question.aliases]
            if question.number is not None:
                names += [f"q{question.number}", f"q{question.number:02d}", f"q{question.number:03d}"]
            for name in names:
                self.codes.setdefault(fold_code(name), question.id)
        self.labels: dict[str, dict[str, int]] = {}
        self.other: dict[str, int | None] = {}
        for qid, question in codebook.questions.items():
            lookup = codebook.label_lookup(qid)
            other = None
            for option in question.options:
                names = {normalize_text(t).rstrip(":").strip() for t in (*option.labels.values(), *option.aliases)}
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
        return self.codes.get(code) if code else None

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


def detect_format(grid: Grid) -> str | None:
    """The survey tool whose layout the header rows of ``grid`` show, if any is recognisable."""
    rows = [[normalize_text(h) for h in row] for row in grid.headers]
    first = rows[0] if rows else []
    if grid.kind == "spss":
        return "spss"
    if len(grid.headers) >= 3 and any(h.startswith('{"importid"') for h in rows[2]):
        return "qualtrics"
    if {"responseid", "finished"} <= set(first) or {"startdate", "enddate", "duration (in seconds)"} <= set(first):
        return "qualtrics"
    if {"respondent id", "collector id"} <= set(first):
        return "surveymonkey"
    if "submitdate" in first and ({"lastpage", "startlanguage"} & set(first)):
        return "limesurvey"
    if first and first[0] in TIMESTAMP_HEADERS:
        return "google_forms"
    return None


def _peek_format(grid: Grid) -> str | None:
    """Like :func:`detect_format`, also looking at the first data rows (for single-header reads)."""
    found = detect_format(grid)
    if found:
        return found
    if grid.n_rows >= 2 and grid.headers:
        second = [normalize_text(str(grid.table.column(i)[1].as_py() or "")) for i in range(grid.n_columns)]
        if any(h.startswith('{"importid"') for h in second):
            return "qualtrics"
    return None


def _wrong_layout(grid: Grid, configured: str, found: str | None, detail: str) -> SurveyInputError:
    looks = f" It looks like a {TOOL_NAMES[found]} export: set format: {found} for this source." if found and found != configured else ""
    return SurveyInputError(
        f"{grid.path}: the configuration says this is a {TOOL_NAMES[configured]} export (format: {configured}), but {detail}; "
        f"expected {EXPECTED_LAYOUT[configured]}.{looks}"
    )


class _Builder:
    """Collects the columns of one layout, applying the source's configured column lists first."""

    def __init__(self, grid: Grid, source: dict, matcher: Matcher, fmt: str):
        self.grid, self.source, self.matcher, self.format = grid, source, matcher, fmt
        self.columns: list[Column] = []
        self.personal = {normalize_text(n) for n in source.get("personal_columns", [])}
        self.ignored = {normalize_text(n) for n in source.get("ignore_columns", [])}
        configured = {meta_field: (name, f"metadata_columns.{meta_field}") for meta_field, name in (source.get("metadata_columns") or {}).items()}
        if source.get("id_column"):
            configured.setdefault("respondent_id", (source["id_column"], "id_column"))
        self.configured = {normalize_text(name): meta_field for meta_field, (name, _) in configured.items()}
        self.wanted = {normalize_text(name): (name, key) for name, key in configured.values()}
        self.found: set[str] = set()

    def configured_role(self, position: int, names: Sequence[str], display: str) -> bool:
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

    def tool_meta(self, position: int, key: str, table: dict, display: str) -> bool:
        if key not in table:
            return False
        kind = table[key]
        if kind == PERSONAL:
            self.add(position, display, PERSONAL)
        else:
            self.add(position, display, META, field=kind)
        return True

    def fallback(self, position: int, names: Sequence[str], display: str) -> None:
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
                    f"{self.grid.path}: the column {name!r} named in the configuration ({config_key}) is not in the header; "
                    f"expected a column headed exactly so (nearest headers found: {near or 'none'})."
                )
        return self.columns

    def add(self, position: int, name: str, role: str, **kwargs) -> None:
        self.columns.append(Column(position, name, role, **kwargs))

    def answer(self, position: int, display: str, question: str, separator: str, **kwargs) -> None:
        self.add(position, display, ANSWER, question=question, separator=separator, **kwargs)

    def option_or_error(self, position: int, display: str, question: str, option_text: str, tool_codes: bool = False) -> None:
        code = self.matcher.option(question, option_text, tool_codes)
        if code is None:
            labels = "; ".join(repr(self.matcher.codebook.questions[question].label(c, self.source["language"])) for c in self.matcher.codebook.questions[question].codes)
            raise SurveyInputError(
                f"{self.grid.path}: column {position + 1} ({display!r}) is an option column of question {question}, "
                f"but its option {option_text!r} is not an answer the codebook knows for that question; expected one of {labels}."
            )
        self.add(position, display, OPTION, question=question, code=code)


def _multi_separator(source: dict, default: str) -> str:
    return source.get("multi_separator") or default


def _google_forms(grid: Grid, source: dict, matcher: Matcher) -> list[Column]:
    build = _Builder(grid, source, matcher, "google_forms")
    header = grid.headers[0]
    first = normalize_text(header[0]) if header else ""
    if first not in TIMESTAMP_HEADERS and first not in build.configured and first not in build.ignored:
        raise _wrong_layout(grid, "google_forms", _peek_format(grid), f"its first column is {header[0]!r}")
    separator = _multi_separator(source, ", ")
    for position, name in enumerate(header):
        if build.configured_role(position, [name], name) or build.tool_meta(position, normalize_text(name), GOOGLE_FORMS_META, name):
            continue
        question = matcher.question(name)
        if question:
            build.answer(position, name, question, separator, free_other=True)
        else:
            build.fallback(position, [name], name)
    return build.finish()


def _is_other_header(text: str) -> bool:
    key = normalize_text(text).rstrip(":").strip()
    return key in {w.rstrip(":").strip() for w in OTHER_WORDS} or key.startswith(("other (please specify", "другое (укажите", "другое (пожалуйста"))


def _surveymonkey(grid: Grid, source: dict, matcher: Matcher) -> list[Column]:
    build = _Builder(grid, source, matcher, "surveymonkey")
    top, sub = grid.headers[0], grid.headers[1]
    keys = {normalize_text(h) for h in top}
    if "respondent id" not in keys:
        raise _wrong_layout(grid, "surveymonkey", _peek_format(grid), "its first header row has no 'Respondent ID' column")
    question_text = ""
    for position, (name, label) in enumerate(zip(top, sub)):
        if name:
            question_text = name
        display = f"{question_text} / {label}" if label else question_text
        if build.configured_role(position, [name, label, display], display):
            continue
        if name and not label and build.tool_meta(position, normalize_text(name), SURVEYMONKEY_META, name):
            continue
        question = matcher.question(question_text)
        label_key = normalize_text(label)
        if label_key in {"", "response", "open-ended response", "ответ", "ответ в свободной форме"}:
            if question:
                build.answer(position, display, question, _multi_separator(source, ", "))
            else:
                build.fallback(position, [question_text], display)
        elif _is_other_header(label):
            if question:
                build.add(position, display, OTHER, question=question)
            else:
                build.fallback(position, [question_text], display)
        else:
            row_question = matcher.question(f"{question_text} - {label}") or matcher.question(f"{question_text} [{label}]")
            if row_question:
                build.answer(position, display, row_question, _multi_separator(source, ", "))
            elif question:
                build.option_or_error(position, display, question, label)
            else:
                build.fallback(position, [question_text, label], display)
    return build.finish()


_QUALTRICS_TEXT = re.compile(r"^(.*?)_(\d+)_text$", re.IGNORECASE)
_QUALTRICS_SPLIT = re.compile(r"^(.*?)_(\d+)$")


def _qualtrics_question_text(text: str) -> str:
    for suffix in (" - selected choice",):
        if normalize_text(text).endswith(suffix):
            return text[: len(text.rstrip()) - len(suffix)].rstrip()
    return text


def _qualtrics(grid: Grid, source: dict, matcher: Matcher) -> list[Column]:
    build = _Builder(grid, source, matcher, "qualtrics")
    tags, texts, imports = grid.headers[0], grid.headers[1], grid.headers[2]
    if not any(normalize_text(h).startswith('{"importid"') for h in imports):
        found = _peek_format(grid)
        raise _wrong_layout(grid, "qualtrics", found, f"its third line has no {{\"ImportId\": ...}} cells (it begins {imports[:2]!r})")
    separator = _multi_separator(source, ",")
    for position, (tag, text, import_id) in enumerate(zip(tags, texts, imports)):
        display = tag or text
        if build.configured_role(position, [tag, text], display):
            continue
        key = normalize_text(tag)
        if build.tool_meta(position, key, QUALTRICS_META, display):
            continue
        try:
            import_key = str(json.loads(import_id).get("ImportId", "")) if import_id.startswith("{") else ""
        except (ValueError, AttributeError):
            import_key = ""
        other = _QUALTRICS_TEXT.match(tag) or (re.match(r"^(.*)_TEXT$", import_key) if import_key else None)
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
        question = matcher.question(tag) or matcher.question(_qualtrics_question_text(text))
        if question:
            build.answer(position, display, question, separator)
            continue
        if tag.startswith("Q_"):
            build.add(position, display, META)
            continue
        split = _QUALTRICS_SPLIT.match(tag)
        base_question = matcher.question(split.group(1)) if split else None
        if base_question and matcher.codebook.questions[base_question].is_multiple:
            option_text = text.rsplit(" - ", 1)[1] if " - " in text else split.group(2)
            if matcher.option(base_question, option_text) is None:
                option_text = split.group(2)
            build.option_or_error(position, display, base_question, option_text)
            continue
        build.fallback(position, [tag, text], display)
    return build.finish()


_BRACKET = re.compile(r"^(.*?)\s*\[(.*)\]\s*$")


def _limesurvey(grid: Grid, source: dict, matcher: Matcher) -> list[Column]:
    build = _Builder(grid, source, matcher, "limesurvey")
    header = grid.headers[0]
    keys = {normalize_text(h) for h in header}
    if not keys & {"submitdate", "lastpage", "startlanguage", "date submitted", "last page", "start language"}:
        raise _wrong_layout(grid, "limesurvey", _peek_format(grid), "its header has none of LimeSurvey's response fields (submitdate, lastpage, startlanguage)")
    for position, name in enumerate(header):
        if build.configured_role(position, [name], name):
            continue
        key = normalize_text(name)
        if build.tool_meta(position, key, LIMESURVEY_META, name):
            continue
        if re.fullmatch(r"grouptime\d+|.+time", key) and not matcher.question(name):
            build.add(position, name, META)
            continue
        question = matcher.question(name)
        if question:
            build.answer(position, name, question, _multi_separator(source, ", "), codes_style="limesurvey")
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


def _generic(grid: Grid, source: dict, matcher: Matcher, fmt: str) -> list[Column]:
    build = _Builder(grid, source, matcher, fmt)
    found = _peek_format(grid)
    if found in ("surveymonkey", "qualtrics", "limesurvey"):
        raise _wrong_layout(grid, fmt, found, f"its header is that of a {TOOL_NAMES[found]} export")
    names = grid.headers[0]
    labels = grid.headers[1] if len(grid.headers) > 1 else names
    separator = _multi_separator(source, ", ")
    for position, (name, label) in enumerate(zip(names, labels)):
        display = name if name == label or not label else f"{name} ({label})"
        candidates = [name, label] if label != name else [name]
        if build.configured_role(position, candidates, display):
            continue
        if build.tool_meta(position, normalize_text(name), GENERIC_META, display):
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


def _check(grid: Grid, columns: list[Column], codebook: Codebook, required: Sequence[str], fmt: str) -> None:
    seen: dict[str, int] = {}
    for column in columns:
        key = normalize_text(column.name)
        if not key:
            continue
        if key in seen:
            raise SurveyInputError(f"{grid.path}: columns {seen[key] + 1} and {column.position + 1} have the same name {column.name!r}; expected each column once.")
        seen[key] = column.position
    answered: dict[str, Column] = {}
    options: dict[tuple[str, int], Column] = {}
    for column in columns:
        if column.role == ANSWER:
            if column.question in answered:
                raise SurveyInputError(
                    f"{grid.path}: two columns match question {column.question!r}: column {answered[column.question].position + 1} "
                    f"({answered[column.question].name!r}) and column {column.position + 1}; the second is {column.name!r}. Expected one column per question."
                )
            answered[column.question] = column
        elif column.role == OPTION:
            key = (column.question, column.code)
            if key in options:
                raise SurveyInputError(
                    f"{grid.path}: columns {options[key].position + 1} ({options[key].name!r}) and {column.position + 1} ({column.name!r}) "
                    f"are both option {column.code} of question {column.question}; expected one column per option."
                )
            options[key] = column
    present = {c.question for c in columns if c.role in (ANSWER, OPTION, OTHER)}
    missing = [q for q in required if q not in present]
    if missing:
        headers = [h for row in grid.headers for h in row if h]
        details = []
        for question_id in missing:
            texts = list(codebook.questions[question_id].texts.values())
            near = {h for t in [*texts, question_id] for h in difflib.get_close_matches(t, headers, n=2, cutoff=0.5)}
            details.append(f"{question_id} ({' / '.join(texts)}); nearest headers found: {sorted(near) or 'none'}")
        raise SurveyInputError(
            f"{grid.path}: the export lacks questions the analysis needs (read as a {TOOL_NAMES[fmt]} export):\n  " + "\n  ".join(details)
        )


def layout(grid: Grid, codebook: Codebook, source: dict, required: Sequence[str] = ()) -> Layout:
    """Identify every column of ``grid`` as the configured tool (``source["format"]``) writes it.

    Raises :class:`SurveyInputError` when the header rows are not that tool's layout (naming the
    tool they look like), when two columns carry the same name or question, when an option
    column's option is unknown, or when a question in ``required`` has no column (listing the
    nearest headers).
    """
    fmt = source.get("format", "google_forms")
    matcher = Matcher(codebook)
    if fmt == "google_forms":
        columns = _google_forms(grid, source, matcher)
    elif fmt == "surveymonkey":
        columns = _surveymonkey(grid, source, matcher)
    elif fmt == "qualtrics":
        columns = _qualtrics(grid, source, matcher)
    elif fmt == "limesurvey":
        columns = _limesurvey(grid, source, matcher)
    elif fmt in ("csv", "excel", "spss"):
        columns = _generic(grid, source, matcher, fmt)
    else:
        raise SurveyInputError(f"{grid.path}: unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}.")
    _check(grid, columns, codebook, required, fmt)
    return Layout(fmt, columns)
