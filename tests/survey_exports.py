"""Writers of survey exports in each tool's real layout, for the reader tests.

A wave is a list of :class:`Person` (answer codes per question, 'Other' text, times, a tool id).
Each ``write_*`` function writes it the way that tool exports it:

- Google Forms CSV: ``Timestamp`` (``Отметка времени``) then question texts; checkbox labels
  joined with ``", "`` in form order, the 'Other' text last; a radio 'Other' is its text.
- SurveyMonkey CSV/XLSX: two header rows (``Respondent ID``, ``Collector ID``, ``Start Date``,
  ``End Date``, ``IP Address``, ``Email Address``, ``First Name``, ``Last Name``,
  ``Custom Data 1``, question texts; then ``Response``, option labels, ``Other (please
  specify)``), one column per option of a multiple-choice question holding its label.
- Qualtrics CSV: export tags, question texts (``- Selected Choice``, ``- Other - Text``) and
  ``{"ImportId": ...}``; ``Progress``, ``Duration (in seconds)``, ``Finished``; choices as text
  (joined with ``,``) or as numeric recode values.
- LimeSurvey CSV: ``;``-delimited, every field quoted, ``id;submitdate;lastpage;startlanguage;
  seed;startdate;datestamp;ipaddr;refurl``, answer codes ``AO01``, sub-question columns
  ``code[SQ001]`` holding ``Y``, ``code[other]`` text and ``-oth-``, ``interviewtime``.
- SPSS .sav: one numeric variable per single-answer question with value labels, one 0/1
  variable per option of a multiple-choice question (labelled ``text - option``).
- Excel .xlsx and plain CSV: one header row of question ids, labels joined with ``", "``, a
  ``question [other]`` column for 'Other' text.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from smmjourney.clean.tools import LAYOUTS
from smmjourney.plan.codebook import Codebook, Question

FORMATS = list(LAYOUTS)
"""Every export layout the workflow reads (a writer below for each: :func:`write_export`)."""
OTHER_LABELS = {"other", "другое"}

TEST_CODEBOOK = {
    "survey": "readers-test",
    "languages": ["en", "ru"],
    "questions": [
        {
            "id": "q_channel",
            "type": "single_choice",
            "number": 1,
            "text": {"en": "Where do you hear about brands?", "ru": "Откуда вы узнаёте о брендах?"},
            "options": [
                {"code": 1, "label": {"en": "In VKontakte", "ru": "Во ВКонтакте"}},
                {"code": 2, "label": {"en": "From friends, family", "ru": "От друзей, семьи"}},
                {"code": 3, "label": {"en": "Somewhere else", "ru": "Ещё где-то"}},
                {"code": 9, "label": {"en": "Other", "ru": "Другое"}},
            ],
        },
        {
            "id": "q_prizes",
            "type": "multiple_choice",
            "number": 2,
            "text": {
                "en": "Which prizes would you like to win?",
                "ru": "Какие призы вы хотели бы выиграть?",
            },
            "options": [
                {
                    "code": 1,
                    "label": {
                        "en": "Any products, I want to win",
                        "ru": "Любые товары, хочу выиграть",
                    },
                },
                {
                    "code": 2,
                    "label": {
                        "en": "Products I already use",
                        "ru": "Товары, которыми я уже пользуюсь",
                    },
                },
                {
                    "code": 3,
                    "label": {
                        "en": 'Products with "good" reviews',
                        "ru": "Товары с «хорошими» отзывами",
                    },
                },
                {
                    "code": 4,
                    "label": {
                        "en": "None, I never take part",
                        "ru": "Никакие, никогда не участвую",
                    },
                    "exclusive": True,
                },
                {"code": 9, "label": {"en": "Other", "ru": "Другое"}},
            ],
        },
        {
            "id": "q_like",
            "type": "likert",
            "number": 3,
            "text": {
                "en": "How much do you like the brand's ads?",
                "ru": "Насколько вам нравится реклама бренда?",
            },
            "options": [
                {
                    "code": c,
                    "label": {
                        "en": f"{c} - agree" if c == 5 else str(c),
                        "ru": f"{c} - согласен" if c == 5 else str(c),
                    },
                }
                for c in range(1, 6)
            ],
        },
        {
            "id": "q_trust",
            "type": "likert",
            "number": 4,
            "text": {
                "en": "How much do you trust bloggers?",
                "ru": "Насколько вы доверяете блогерам?",
            },
            "options": [
                {
                    "code": c,
                    "label": {
                        "en": f"{c} - agree" if c == 5 else str(c),
                        "ru": f"{c} - согласен" if c == 5 else str(c),
                    },
                }
                for c in range(1, 6)
            ],
        },
        {
            "id": "q_check",
            "type": "single_choice",
            "number": 5,
            "text": {
                "en": "To show you read this, choose 'Agree'",
                "ru": "Чтобы показать, что вы читаете, выберите «Согласен»",
            },
            "options": [
                {"code": 1, "label": {"en": "Agree", "ru": "Согласен"}},
                {"code": 2, "label": {"en": "Disagree", "ru": "Не согласен"}},
            ],
        },
        {
            "id": "gender",
            "type": "single_choice",
            "number": 6,
            "text": {"en": "Your gender", "ru": "Ваш пол"},
            "options": [
                {"code": 1, "label": {"en": "Female", "ru": "Женский"}},
                {"code": 2, "label": {"en": "Male", "ru": "Мужской"}},
            ],
        },
    ],
}


@dataclass
class Person:
    """One generated respondent: chosen codes per question, 'Other' text, and metadata."""

    answers: dict[str, list[int]]
    other: dict[str, str] = field(default_factory=dict)
    end: datetime = datetime(2017, 3, 20, 10, 0, 0)
    seconds: int = 400
    finished: bool = True
    key: str = ""
    email: str = ""
    name: str = ""
    ip: str = ""
    status: str = ""

    @property
    def start(self) -> datetime:
        return self.end - timedelta(seconds=self.seconds)


def label(question: Question, code: int, language: str) -> str:
    return question.label(code, language)


def other_code(question: Question) -> int | None:
    for option in question.options:
        if {v.casefold() for v in option.labels.values()} & OTHER_LABELS:
            return option.code
    return None


def regular_codes(question: Question) -> list[int]:
    other = other_code(question)
    return [c for c in question.codes if c != other]


def _write_rows(
    path: Path,
    rows: list[list[str]],
    delimiter: str = ",",
    encoding: str = "utf-8",
    quote_all: bool = False,
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(
            handle,
            delimiter=delimiter,
            lineterminator="\n",
            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        ).writerows(rows)
    return path


def _chosen(person: Person, question: Question) -> list[int]:
    """Codes in form order, the 'Other' option last (as the tools list them)."""
    codes = person.answers.get(question.id, [])
    return [c for c in question.codes if c in codes]


def google_forms_rows(
    book: Codebook, people: list[Person], language: str, personal: bool = False
) -> list[list[str]]:
    header = ["Timestamp" if language == "en" else "Отметка времени"]
    if personal:
        header.append("Email address" if language == "en" else "Адрес электронной почты")
    header += [q.text(language) for q in book.questions.values()]
    rows = [header]
    for person in people:
        row = [person.end.strftime("%Y/%m/%d %H:%M:%S")]
        if personal:
            row.append(person.email)
        for question in book.questions.values():
            other = other_code(question)
            pieces = [
                label(question, c, language)
                if c != other
                else person.other.get(question.id, label(question, c, language))
                for c in _chosen(person, question)
            ]
            row.append(", ".join(pieces))
        rows.append(row)
    return rows


def write_google_forms(
    path: Path,
    book: Codebook,
    people: list[Person],
    language: str,
    personal: bool = False,
    encoding: str = "utf-8",
) -> Path:
    return _write_rows(path, google_forms_rows(book, people, language, personal), encoding=encoding)


def google_forms_download_rows(
    book: Codebook, people: list[Person], language: str
) -> list[list[str]]:
    """The CSV Google Forms itself downloads ("Download responses (.csv)"): the linked Sheet's
    rows, but checkbox answers joined with ``";"`` (no space); a radio 'Other' is its text."""
    rows = [google_forms_rows(book, [], language)[0]]
    for person in people:
        row = [person.end.strftime("%Y/%m/%d %H:%M:%S")]
        for question in book.questions.values():
            other = other_code(question)
            row.append(
                ";".join(
                    label(question, c, language)
                    if c != other
                    else person.other.get(question.id, label(question, c, language))
                    for c in _chosen(person, question)
                )
            )
        rows.append(row)
    return rows


def write_google_forms_download(
    path: Path, book: Codebook, people: list[Person], language: str
) -> Path:
    """Write ``people`` as the CSV Google Forms downloads (:func:`google_forms_download_rows`)."""
    return _write_rows(path, google_forms_download_rows(book, people, language))


def surveymonkey_rows(book: Codebook, people: list[Person], language: str) -> list[list[str]]:
    top = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    sub = [""] * len(top)
    for question in book.questions.values():
        other = other_code(question)
        if question.is_multiple:
            for i, code in enumerate(regular_codes(question)):
                top.append(question.text(language) if i == 0 else "")
                sub.append(label(question, code, language))
        else:
            top.append(question.text(language))
            sub.append("Response")
        if other is not None:
            top.append("")
            sub.append("Other (please specify)")
    rows = [top, sub]
    for number, person in enumerate(people, start=1):
        row = [
            person.key or str(11_000_000_000 + number),
            "431234567",
            person.start.strftime("%m/%d/%Y %I:%M:%S %p"),
            person.end.strftime("%m/%d/%Y %I:%M:%S %p"),
            person.ip,
            person.email,
            person.name.split(" ")[0] if person.name else "",
            person.name.split(" ")[-1] if person.name else "",
            "",
        ]
        for question in book.questions.values():
            other = other_code(question)
            chosen = _chosen(person, question)
            if question.is_multiple:
                row += [
                    label(question, c, language) if c in chosen else ""
                    for c in regular_codes(question)
                ]
            else:
                row.append(
                    label(question, chosen[0], language) if chosen and chosen[0] != other else ""
                )
            if other is not None:
                row.append(person.other.get(question.id, "") if other in chosen else "")
        rows.append(row)
    return rows


def write_surveymonkey(path: Path, book: Codebook, people: list[Person], language: str) -> Path:
    rows = surveymonkey_rows(book, people, language)
    if path.suffix == ".xlsx":
        return write_xlsx(path, rows, "Sheet")
    return _write_rows(path, rows)


def qualtrics_rows(
    book: Codebook, people: list[Person], language: str, numeric: bool = False, tags: str = "ids"
) -> list[list[str]]:
    meta = [
        ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/Moscow"}'),
        ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/Moscow"}'),
        ("Status", "Response Type", '{"ImportId":"status"}'),
        ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
        ("Progress", "Progress", '{"ImportId":"progress"}'),
        ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
        ("Finished", "Finished", '{"ImportId":"finished"}'),
        ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/Moscow"}'),
        ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
        ("RecipientLastName", "Recipient Last Name", '{"ImportId":"recipientLastName"}'),
        ("RecipientFirstName", "Recipient First Name", '{"ImportId":"recipientFirstName"}'),
        ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
        ("ExternalReference", "External Data Reference", '{"ImportId":"externalDataReference"}'),
        ("LocationLatitude", "Location Latitude", '{"ImportId":"locationLatitude"}'),
        ("LocationLongitude", "Location Longitude", '{"ImportId":"locationLongitude"}'),
        ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
        ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
    ]
    tags_row, texts, imports = [m[0] for m in meta], [m[1] for m in meta], [m[2] for m in meta]
    for number, question in enumerate(book.questions.values(), start=1):
        tag = question.id if tags == "ids" else f"Q{number}"
        other = other_code(question)
        tags_row.append(tag)
        texts.append(question.text(language) + (" - Selected Choice" if other is not None else ""))
        imports.append(json.dumps({"ImportId": f"QID{number}"}, separators=(",", ":")))
        if other is not None:
            position = question.codes.index(other) + 1
            tags_row.append(f"{tag}_{position}_TEXT")
            texts.append(f"{question.text(language)} - {label(question, other, language)} - Text")
            imports.append(
                json.dumps({"ImportId": f"QID{number}_{position}_TEXT"}, separators=(",", ":"))
            )
    rows = [tags_row, texts, imports]
    for number, person in enumerate(people, start=1):
        row = [
            person.start.strftime("%Y-%m-%d %H:%M:%S"),
            person.end.strftime("%Y-%m-%d %H:%M:%S"),
            person.status or ("0" if numeric else "IP Address"),
            person.ip,
            "100" if person.finished else "40",
            str(person.seconds),
            ("1" if person.finished else "0") if numeric else str(person.finished),
            person.end.strftime("%Y-%m-%d %H:%M:%S"),
            person.key or f"R_{number:015d}",
            person.name.split(" ")[-1] if person.name else "",
            person.name.split(" ")[0] if person.name else "",
            person.email,
            "",
            "55.7558" if person.ip else "",
            "37.6173" if person.ip else "",
            "anonymous",
            language.upper(),
        ]
        for question in book.questions.values():
            chosen = _chosen(person, question)
            cells = [str(c) if numeric else label(question, c, language) for c in chosen]
            row.append(",".join(cells))
            if other_code(question) is not None:
                row.append(
                    person.other.get(question.id, "") if other_code(question) in chosen else ""
                )
        rows.append(row)
    return rows


def qualtrics_variant_rows(
    book: Codebook,
    people: list[Person],
    language: str,
    tags: dict[str, str] | None = None,
    order: list[str] | None = None,
    split: bool = False,
) -> list[list[str]]:
    """Qualtrics rows (choice text) as real surveys export them: each question's export tag from
    ``tags`` (block-numbered ``Q1.2``, creation-order ``Q7``; else its id), the questions' columns
    in ``order`` (else the codebook's), and with ``split`` ("split multi-value fields") one column
    per option of a multiple-choice question, tagged ``<tag>_<choice>`` and headed ``question -
    option`` (``question - Selected Choice - option`` when it has an 'Other'), holding the label
    when chosen."""
    base = qualtrics_rows(book, people, language)
    width = base[0].index(next(iter(book.questions)))
    rows = [row[:width] for row in base]
    numbers = {qid: number for number, qid in enumerate(book.questions, start=1)}

    def import_id(key: str) -> str:
        return json.dumps({"ImportId": key}, separators=(",", ":"))

    for question_id in order or list(book.questions):
        question = book.questions[question_id]
        tag = (tags or {}).get(question_id, question_id)
        text, other, number = question.text(language), other_code(question), numbers[question_id]
        chosen = [_chosen(person, question) for person in people]
        columns = []
        if split and question.is_multiple:
            for choice, code in enumerate(question.codes, start=1):
                name = label(question, code, language)
                head = (
                    f"{text} - Selected Choice - {name}"
                    if other is not None
                    else f"{text} - {name}"
                )
                cells = [name if code in codes else "" for codes in chosen]
                columns.append((f"{tag}_{choice}", head, import_id(f"QID{number}_{choice}"), cells))
        else:
            head = text + (" - Selected Choice" if other is not None else "")
            cells = [",".join(label(question, c, language) for c in codes) for codes in chosen]
            columns.append((tag, head, import_id(f"QID{number}"), cells))
        if other is not None:
            choice = question.codes.index(other) + 1
            columns.append(
                (
                    f"{tag}_{choice}_TEXT",
                    f"{text} - {label(question, other, language)} - Text",
                    import_id(f"QID{number}_{choice}_TEXT"),
                    [
                        person.other.get(question_id, "") if other in codes else ""
                        for person, codes in zip(people, chosen, strict=True)
                    ],
                )
            )
        for column_tag, head, key, cells in columns:
            for row, cell in zip(rows, [column_tag, head, key, *cells], strict=True):
                row.append(cell)
    return rows


def write_qualtrics(
    path: Path,
    book: Codebook,
    people: list[Person],
    language: str,
    numeric: bool = False,
    tags: str = "ids",
) -> Path:
    return _write_rows(path, qualtrics_rows(book, people, language, numeric, tags))


def limesurvey_code(question: Question) -> str:
    return question.id.replace("_", "")


def limesurvey_rows(book: Codebook, people: list[Person], language: str) -> list[list[str]]:
    header = [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
    ]
    for question in book.questions.values():
        code = limesurvey_code(question)
        if question.is_multiple:
            header += [f"{code}[SQ{c:03d}]" for c in regular_codes(question)]
        else:
            header.append(code)
        if other_code(question) is not None:
            header.append(f"{code}[other]")
    header.append("interviewtime")
    rows = [header]
    for number, person in enumerate(people, start=1):
        stamp = person.end.strftime("%Y-%m-%d %H:%M:%S")
        row = [
            person.key or str(number),
            stamp if person.finished else "",
            "3" if person.finished else "1",
            language,
            str(1000 + number),
            person.start.strftime("%Y-%m-%d %H:%M:%S"),
            stamp,
            person.ip,
            "https://example.org/?utm=1" if person.ip else "",
        ]
        for question in book.questions.values():
            other = other_code(question)
            chosen = _chosen(person, question)
            if question.is_multiple:
                row += ["Y" if c in chosen else "" for c in regular_codes(question)]
            elif chosen:
                row.append("-oth-" if chosen[0] == other else f"AO{chosen[0]:02d}")
            else:
                row.append("")
            if other is not None:
                row.append(person.other.get(question.id, "") if other in chosen else "")
        row.append(f"{person.seconds:.2f}".replace(".", ","))
        rows.append(row)
    return rows


def write_limesurvey(path: Path, book: Codebook, people: list[Person], language: str) -> Path:
    return _write_rows(path, limesurvey_rows(book, people, language), delimiter=";", quote_all=True)


def generic_rows(book: Codebook, people: list[Person], language: str) -> list[list[str]]:
    header = ["respondent", "started", "submitted"]
    for question in book.questions.values():
        header.append(question.id)
        if other_code(question) is not None:
            header.append(f"{question.id} [other]")
    rows = [header]
    for number, person in enumerate(people, start=1):
        row = [
            person.key or f"P{number}",
            person.start.strftime("%Y-%m-%d %H:%M:%S"),
            person.end.strftime("%Y-%m-%d %H:%M:%S"),
        ]
        for question in book.questions.values():
            row.append(", ".join(label(question, c, language) for c in _chosen(person, question)))
            if other_code(question) is not None:
                row.append(
                    person.other.get(question.id, "")
                    if other_code(question) in _chosen(person, question)
                    else ""
                )
        rows.append(row)
    return rows


GENERIC_METADATA = {"respondent_id": "respondent", "start": "started", "end": "submitted"}


def write_csv(
    path: Path,
    book: Codebook,
    people: list[Person],
    language: str,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    return _write_rows(
        path, generic_rows(book, people, language), delimiter=delimiter, encoding=encoding
    )


def write_xlsx(path: Path, rows: list[list[str]], sheet: str) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append([cell if cell != "" else None for cell in row])
    workbook.save(path)
    return path


def write_excel(
    path: Path, book: Codebook, people: list[Person], language: str, sheet: str = "Responses"
) -> Path:
    return write_xlsx(path, generic_rows(book, people, language), sheet)


def write_spss(path: Path, book: Codebook, people: list[Person], language: str) -> Path:
    import pandas as pd
    import pyreadstat

    columns: dict[str, list] = {
        "respondent": [p.key or f"P{i}" for i, p in enumerate(people, start=1)],
        "started": [pd.Timestamp(p.start) for p in people],
        "submitted": [pd.Timestamp(p.end) for p in people],
    }
    labels = {"respondent": "Respondent", "started": "Start", "submitted": "End"}
    value_labels: dict[str, dict] = {}
    for question in book.questions.values():
        other = other_code(question)
        if question.is_multiple:
            for code in question.codes:
                name = f"{question.id}_{code}"
                columns[name] = [
                    1.0 if code in p.answers.get(question.id, []) else 0.0 for p in people
                ]
                labels[name] = f"{question.text(language)} - {label(question, code, language)}"
                value_labels[name] = {0.0: "Not selected", 1.0: "Selected"}
        else:
            chosen = [p.answers.get(question.id, []) for p in people]
            columns[question.id] = [float(c[0]) if c else float("nan") for c in chosen]
            labels[question.id] = question.text(language)
            value_labels[question.id] = {
                float(c): label(question, c, language) for c in question.codes
            }
        if other is not None:
            name = f"{question.id}_other"
            columns[name] = [
                p.other.get(question.id, "") if other in p.answers.get(question.id, []) else ""
                for p in people
            ]
            labels[name] = f"{question.text(language)} - {label(question, other, language)} - Text"
    frame = pd.DataFrame(columns)
    for name in ("respondent", *[n for n in columns if n.endswith("_other")]):
        frame[name] = frame[name].astype(object)
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[labels[c] for c in frame.columns],
        variable_value_labels=value_labels,
    )
    return path


SUFFIX = {
    "google_forms": ".csv",
    "surveymonkey": ".csv",
    "qualtrics": ".csv",
    "limesurvey": ".csv",
    "spss": ".sav",
    "excel": ".xlsx",
    "csv": ".csv",
}


def write_export(
    fmt: str,
    directory: Path,
    book: Codebook,
    people: list[Person],
    language: str,
    name: str = "export",
) -> Path:
    """Write ``people`` in the layout of ``fmt`` and return the path."""
    path = Path(directory) / f"{name}_{fmt}_{language}{SUFFIX[fmt]}"
    writer = {
        "google_forms": write_google_forms,
        "surveymonkey": write_surveymonkey,
        "qualtrics": write_qualtrics,
        "limesurvey": write_limesurvey,
        "spss": write_spss,
        "excel": write_excel,
        "csv": write_csv,
    }[fmt]
    return writer(path, book, people, language)


def source_for(fmt: str, path: Path, language: str, source_id: str = "s") -> dict:
    """The configuration of a source a user writes for an export of ``fmt``."""
    source = {"id": source_id, "file": str(path), "format": fmt, "language": language}
    if fmt in ("spss", "excel", "csv"):
        source["metadata_columns"] = dict(GENERIC_METADATA)
    if fmt == "excel":
        source["sheet"] = "Responses"
    return source


OTHER_TEXTS = {
    "en": {"q_channel": "TikTok", "q_prizes": "Cars, of course"},
    "ru": {"q_channel": "ТикТок", "q_prizes": "Машины, конечно"},
}
START = datetime(2017, 3, 20, 9, 0, 0)


def sample_wave(language: str) -> list[Person]:
    """Twelve respondents that exercise every layout and every quality rule.

    Rows 1-6 are kept. Row 7 answers nothing (empty), row 8 combines an exclusive answer with
    another (exclusive), row 9 repeats row 1's answers three minutes later (duplicates), row 10
    gives the same answer to the q_like/q_trust grid and row 11 fails the attention check
    q_check (straightliners, attention_checks), row 12 was submitted after the field period.
    """
    other = OTHER_TEXTS[language]
    base = {
        "q_channel": [1],
        "q_prizes": [1, 2],
        "q_like": [4],
        "q_trust": [2],
        "q_check": [1],
        "gender": [1],
    }
    people = [
        Person(dict(base)),
        Person(
            {
                "q_channel": [9],
                "q_prizes": [2, 9],
                "q_like": [2],
                "q_trust": [3],
                "q_check": [1],
                "gender": [2],
            },
            other=dict(other),
        ),
        Person(
            {
                "q_channel": [2],
                "q_prizes": [1],
                "q_like": [5],
                "q_trust": [4],
                "q_check": [1],
                "gender": [1],
            }
        ),
        Person(
            {
                "q_channel": [3],
                "q_prizes": [3, 9],
                "q_like": [1],
                "q_trust": [5],
                "q_check": [1],
                "gender": [2],
            },
            other={"q_prizes": other["q_prizes"]},
        ),
        Person({"q_channel": [2], "q_prizes": [4], "q_like": [3], "q_trust": [2], "q_check": [1]}),
        Person(
            {
                "q_channel": [1],
                "q_prizes": [2, 3],
                "q_like": [2],
                "q_trust": [1],
                "q_check": [1],
                "gender": [1],
            }
        ),
        Person({}),
        Person(
            {
                "q_channel": [1],
                "q_prizes": [4, 2],
                "q_like": [3],
                "q_trust": [4],
                "q_check": [1],
                "gender": [1],
            }
        ),
        Person(dict(base)),
        Person(
            {
                "q_channel": [3],
                "q_prizes": [1],
                "q_like": [5],
                "q_trust": [5],
                "q_check": [1],
                "gender": [2],
            }
        ),
        Person(
            {
                "q_channel": [2],
                "q_prizes": [3],
                "q_like": [1],
                "q_trust": [3],
                "q_check": [2],
                "gender": [1],
            }
        ),
        Person(
            {
                "q_channel": [1],
                "q_prizes": [2],
                "q_like": [4],
                "q_trust": [1],
                "q_check": [1],
                "gender": [2],
            }
        ),
    ]
    for number, person in enumerate(people):
        person.end = START + timedelta(hours=number)
        person.seconds = 300 + 17 * number
        person.key = f"K{number + 1:03d}"
    people[8].end = people[0].end + timedelta(minutes=3)
    people[11].end = datetime(2017, 4, 2, 12, 0, 0)
    return people


SAMPLE_QUALITY = {
    "straightliners": {
        "grids": [{"id": "ads", "questions": ["q_like", "q_trust"]}],
        "min_items": 2,
    },
    "attention_checks": {"checks": [{"question": "q_check", "expected": [1]}]},
    "field_period": {"start": "2017-03-20", "end": "2017-03-31"},
    "other_text_allowed": ["q_channel", "q_prizes"],
}
SAMPLE_QUARANTINE = {
    7: "empty",
    8: "exclusive",
    9: "duplicates",
    10: "straightliners",
    11: "attention_checks",
    12: "field_period",
}
