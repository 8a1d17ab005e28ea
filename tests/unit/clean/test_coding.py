"""Tests for smmjourney.cleaning: reading exports strictly and coding them against a codebook.

Every fixture is written by the tests into ``tmp_path``: a small two-language codebook and
Google-Forms-like CSV exports (a ``Timestamp`` / ``Отметка времени`` column, question texts as
headers, checkbox answers joined with ", "). The other survey tools' layouts, the quality rules
and personal data are tested in ``test_readers.py``, ``test_quality.py`` and ``test_privacy.py``.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmjourney.clean.coding import clean_sources, split_multiple, with_respondent_ids
from smmjourney.clean.readers import read_text as read_export
from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import codebook_from_dict

# --------------------------------------------------------------------------
# A small codebook: one single-choice, one multiple-choice (labels with ", " and an exclusive
# option) and one likert question, in English and Russian.
# --------------------------------------------------------------------------

CODEBOOK = {
    "survey": "test",
    "languages": ["en", "ru"],
    "questions": [
        {
            "id": "q_channel",
            "type": "single_choice",
            "text": {"en": "Where do you hear about brands?", "ru": "Откуда вы узнаёте о брендах?"},
            "options": [
                {"code": 1, "label": {"en": "In VKontakte", "ru": "Во ВКонтакте"}},
                {"code": 2, "label": {"en": "From friends", "ru": "От друзей"}},
                {"code": 3, "label": {"en": "Somewhere else", "ru": "Ещё где-то"}},
            ],
        },
        {
            "id": "q_prizes",
            "type": "multiple_choice",
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
            ],
        },
        {
            "id": "q_like",
            "type": "likert",
            "text": {
                "en": "How much do you like the brand's ads?",
                "ru": "Насколько вам нравится реклама бренда?",
            },
            "options": [
                {"code": 1, "label": {"en": "1 - not at all", "ru": "1 - совсем нет"}},
                {"code": 2, "label": {"en": "2", "ru": "2"}},
                {"code": 3, "label": {"en": "3", "ru": "3"}},
                {"code": 4, "label": {"en": "4", "ru": "4"}},
                {"code": 5, "label": {"en": "5 - very much", "ru": "5 - очень"}},
            ],
        },
    ],
}
REQUIRED = ["q_channel", "q_prizes", "q_like"]
QUESTION_IDS = REQUIRED
TIMESTAMP = {"en": "Timestamp", "ru": "Отметка времени"}
CODEBOOK_OBJ = codebook_from_dict(CODEBOOK, "test-codebook")


def text(question_id: str, language: str) -> str:
    return CODEBOOK_OBJ.questions[question_id].text(language)


def label(question_id: str, code: int, language: str) -> str:
    return CODEBOOK_OBJ.questions[question_id].label(code, language)


def header(language: str) -> list[str]:
    return [TIMESTAMP[language], *(text(q, language) for q in QUESTION_IDS)]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def source(language: str = "en", source_id: str | None = None, **extra) -> dict:
    return {"id": source_id or language, "language": language, **extra}


SALT = b"test salt"
# The rules these tests are about; the completion threshold is tested in test_quality.py.
QUALITY = {"incomplete": {"enabled": False}}


def clean(path: Path, language: str = "en", required=REQUIRED, quality=QUALITY, **extra):
    return clean_sources(
        [source(language, file=str(path), **extra)], CODEBOOK_OBJ, required, quality, SALT
    )


def report_value(cleaned, measure: str):
    values = [
        line["value"]
        for line in cleaned.report
        if line["measure"] == measure and line["source"] != "all"
    ]
    assert len(values) == 1, f"expected one report line {measure!r}, found {values}"
    return values[0]


def report_details(cleaned, measure: str) -> list[str]:
    return [
        line["detail"]
        for line in cleaned.report
        if line["measure"] == measure and line["source"] != "all"
    ]


def assert_rows_conserved(cleaned, expected_read: int) -> None:
    read, kept, quarantined = (
        report_value(cleaned, m) for m in ("rows_read", "rows_kept", "rows_quarantined")
    )
    assert read == expected_read
    assert read == kept + quarantined
    assert kept == len(cleaned.respondents)
    assert quarantined == len(cleaned.quarantine)


def coded(cleaned) -> set[tuple[int, str, int]]:
    """(row, question, code) triples of the kept respondents, independent of the source id."""
    rows = cleaned.respondents["row"].to_numpy()
    return {
        (int(rows[r]), q, int(c))
        for r, q, c in cleaned.answers[["respondent", "question", "code"]].itertuples(index=False)
    }


# --------------------------------------------------------------------------
# Matching headers and labels in both languages
# --------------------------------------------------------------------------


def test_english_and_russian_exports_code_to_the_same_answers(tmp_path):
    english = write_csv(
        tmp_path / "en.csv",
        [
            header("en"),
            [
                "2017/03/20 10:00:00",
                "In VKontakte",
                "Any products, I want to win, Products I already use",
                "1 - not at all",
            ],
            ["2017/03/20 10:05:00", "From friends", 'Products with "good" reviews', "4"],
            ["2017/03/20 10:10:00", "Somewhere else", "None, I never take part", "5 - very much"],
        ],
    )
    russian = write_csv(
        tmp_path / "ru.csv",
        [
            header("ru"),
            [
                "20.03.2017 10:00:00",
                "Во ВКонтакте",
                "Любые товары, хочу выиграть, Товары, которыми я уже пользуюсь",
                "1 - совсем нет",
            ],
            ["20.03.2017 10:05:00", "От друзей", "Товары с «хорошими» отзывами", "4"],
            ["20.03.2017 10:10:00", "Ещё где-то", "Никакие, никогда не участвую", "5 - очень"],
        ],
    )
    en, ru = clean(english, "en"), clean(russian, "ru")
    expected = {
        (1, "q_channel", 1),
        (1, "q_prizes", 1),
        (1, "q_prizes", 2),
        (1, "q_like", 1),
        (2, "q_channel", 2),
        (2, "q_prizes", 3),
        (2, "q_like", 4),
        (3, "q_channel", 3),
        (3, "q_prizes", 4),
        (3, "q_like", 5),
    }
    assert coded(en) == expected
    assert coded(ru) == expected
    assert_rows_conserved(en, 3)
    assert_rows_conserved(ru, 3)


def test_headers_match_despite_case_spaces_typographic_quotes_and_yo(tmp_path):
    path = write_csv(
        tmp_path / "ru.csv",
        [
            [
                "  отметка ВРЕМЕНИ ",
                "откуда вы  узнаете о   брендах?",
                "  КАКИЕ призы вы хотели бы выиграть? ",
                "Насколько вам нравится реклама бренда?",
            ],
            ["1", "От друзей", "Товары с “хорошими” отзывами", "2"],
        ],
    )
    en_path = write_csv(
        tmp_path / "en.csv",
        [
            [
                "TIMESTAMP",
                "where do you hear about BRANDS?",
                "Which prizes would you like to win?",
                "How much do you like the brand\u2019s ads?",
            ],
            ["1", "From friends", "Products with \u201cgood\u201d reviews", "2"],
        ],
    )
    for cleaned in (clean(path, "ru"), clean(en_path, "en")):
        assert report_value(cleaned, "questions_matched") == 3
        assert report_details(cleaned, "unmatched_column") == []
        assert coded(cleaned) == {(1, "q_channel", 2), (1, "q_prizes", 3), (1, "q_like", 2)}


def test_labels_match_despite_case_spaces_typographic_quotes_and_yo(tmp_path):
    path = write_csv(
        tmp_path / "ru.csv",
        [
            header("ru"),
            [
                "1",
                "  ЕЩЕ   где-то ",
                "товары с \u201eхорошими\u201c отзывами",
                "1 \u2013 совсем нет",
            ],
            ["2", "во вконтакте", "ЛЮБЫЕ ТОВАРЫ,  ХОЧУ ВЫИГРАТЬ", "5 \u2014 ОЧЕНЬ"],
        ],
    )
    cleaned = clean(path, "ru")
    assert coded(cleaned) == {
        (1, "q_channel", 3),
        (1, "q_prizes", 3),
        (1, "q_like", 1),
        (2, "q_channel", 1),
        (2, "q_prizes", 1),
        (2, "q_like", 5),
    }


# --------------------------------------------------------------------------
# Multiple-choice cells
# --------------------------------------------------------------------------


def test_split_multiple_keeps_labels_that_contain_the_separator_whole():
    labels = CODEBOOK_OBJ.label_lookup("q_prizes")
    cell = "Any products, I want to win, Products I already use, None, I never take part"
    assert split_multiple(cell, labels, ", ") == [1, 2, 4]


def test_split_multiple_of_a_single_label_containing_the_separator_is_one_code():
    labels = CODEBOOK_OBJ.label_lookup("q_prizes")
    assert split_multiple("Любые товары, хочу выиграть", labels, ", ") == [1]


def test_split_multiple_prefers_the_longest_label():
    labels = {"yes": 1, "yes, often": 2, "no": 3}
    assert split_multiple("Yes, often, No", labels, ", ") == [2, 3]
    assert split_multiple("Yes, No", labels, ", ") == [1, 3]


def test_split_multiple_returns_none_for_an_unknown_piece():
    labels = CODEBOOK_OBJ.label_lookup("q_prizes")
    assert split_multiple("Products I already use, Cars", labels, ", ") is None


def test_split_multiple_with_another_separator():
    labels = CODEBOOK_OBJ.label_lookup("q_prizes")
    assert split_multiple("Products I already use; Any products, I want to win", labels, "; ") == [
        2,
        1,
    ]


def test_split_multiple_finds_a_valid_split_when_the_longest_first_piece_leads_nowhere():
    labels = {"a": 1, "a, b": 2, "b, c": 3}
    assert split_multiple("a, b, c", labels, ", ") == [1, 3]


def test_order_and_duplicates_in_a_multiple_choice_cell_do_not_matter(tmp_path):
    path = write_csv(
        tmp_path / "en.csv",
        [
            header("en"),
            ["1", "", "Any products, I want to win, Products I already use", ""],
            ["2", "", "Products I already use, Any products, I want to win", ""],
            [
                "3",
                "",
                "Products I already use, Any products, I want to win, Products I already use",
                "",
            ],
        ],
    )
    cleaned = clean(path)
    per_row = {row: {c for r, q, c in coded(cleaned) if r == row} for row in (1, 2, 3)}
    assert per_row == {1: {1, 2}, 2: {1, 2}, 3: {1, 2}}
    assert not cleaned.answers.duplicated().any()
    assert len(cleaned.answers) == 6


# --------------------------------------------------------------------------
# Bad inputs: one test each, asserting what the message says
# --------------------------------------------------------------------------


def test_missing_file_is_named(tmp_path):
    path = tmp_path / "nowhere" / "responses.csv"
    with pytest.raises(SurveyInputError) as error:
        read_export(path)
    message = str(error.value)
    assert str(path) in message
    assert "does not exist" in message


def test_empty_file_is_named_and_expected_content_stated(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(SurveyInputError) as error:
        read_export(path)
    message = str(error.value)
    assert str(path) in message
    assert "empty" in message
    assert "expected a header line and one row per respondent" in message


def test_header_only_file_says_there_are_no_respondents(tmp_path):
    path = write_csv(tmp_path / "header.csv", [header("en")])
    with pytest.raises(SurveyInputError) as error:
        read_export(path)
    message = str(error.value)
    assert str(path) in message
    assert "header but no respondents" in message
    assert "expected one row per respondent" in message


def test_truncated_last_row_names_row_line_and_field_counts(tmp_path):
    path = tmp_path / "truncated.csv"
    rows = [
        header("en"),
        ["1", "From friends", "Products I already use", "2"],
        ["2", "In VKontakte", "", "3"],
    ]
    write_csv(path, rows)
    path.write_text(path.read_text(encoding="utf-8") + "3,From friends", encoding="utf-8")
    with pytest.raises(SurveyInputError) as error:
        read_export(path)
    message = str(error.value)
    assert f"{path}, row 3 (line 4)" in message
    assert "truncated" in message
    assert "found 2 fields, expected 4" in message


def test_truncated_last_row_inside_quotes_names_row_and_line(tmp_path):
    path = tmp_path / "truncated.csv"
    path.write_text(
        '"Timestamp","Which prizes would you like to win?"\n"1","Products I already use"\n"2","Any '
        "products, I w",
        encoding="utf-8",
    )
    with pytest.raises(SurveyInputError) as error:
        read_export(path)
    assert "row 2 (line 3)" in str(error.value)


def test_row_with_too_many_fields_names_row_line_and_field_counts(tmp_path):
    path = write_csv(
        tmp_path / "long.csv",
        [
            header("en"),
            ["1", "From friends", "Products I already use", "2"],
            ["2", "From friends", "Products I already use", "2", "surplus"],
            ["3", "From friends", "Products I already use", "2"],
        ],
    )
    with pytest.raises(SurveyInputError) as error:
        read_export(path)
    message = str(error.value)
    assert f"{path}, row 2 (line 3)" in message
    assert "too many fields" in message
    assert "found 5 fields, expected 4" in message


def test_unknown_single_choice_label_names_file_row_line_column_value_and_expected_labels(tmp_path):
    path = write_csv(
        tmp_path / "ru.csv",
        [
            header("ru"),
            ["1", "От друзей", "", "2"],
            ["2", "Из газеты", "", "2"],
        ],
    )
    with pytest.raises(SurveyInputError) as error:
        clean(path, "ru")
    message = str(error.value)
    assert f"{path}, row 2 (line 3)" in message
    assert f"column {text('q_channel', 'ru')!r}" in message
    assert "found the answer 'Из газеты'" in message
    assert "question q_channel" in message
    assert "expected one of 'Во ВКонтакте'; 'От друзей'; 'Ещё где-то'" in message


def test_unknown_multiple_choice_label_names_file_row_line_column_value_and_expected_labels(
    tmp_path,
):
    cell = "Products I already use, Cars, Any products, I want to win"
    path = write_csv(
        tmp_path / "en.csv",
        [
            header("en"),
            ["1", "", "Products I already use", ""],
            ["2", "", "Products I already use", ""],
            ["3", "", cell, ""],
        ],
    )
    with pytest.raises(SurveyInputError) as error:
        clean(path, "en")
    message = str(error.value)
    assert f"{path}, row 3 (line 4)" in message
    assert "column 'Which prizes would you like to win?'" in message
    assert f"found the answer {cell!r}" in message
    assert "question q_prizes" in message
    assert (
        "expected a combination of 'Any products, I want to win'; 'Products I already use'"
        in message
    )
    assert "'None, I never take part'" in message


def test_duplicate_column_names_are_named_with_their_positions(tmp_path):
    path = write_csv(
        tmp_path / "dup.csv",
        [
            [
                "Timestamp",
                "Which prizes would you like to win?",
                "Comment",
                "which prizes  would you like to WIN?",
            ],
            ["1", "Products I already use", "", "Products I already use"],
        ],
    )
    with pytest.raises(SurveyInputError) as error:
        clean(path, required=["q_prizes"])
    message = str(error.value)
    assert str(path) in message
    assert "columns 2 and 4 have the same name 'which prizes  would you like to WIN?'" in message
    assert "expected each column once" in message


def test_undecodable_bytes_name_the_file_encoding_and_byte(tmp_path):
    path = tmp_path / "cp1251.csv"
    content = "Отметка времени,Откуда вы узнаёте о брендах?\n1,От друзей\n"
    path.write_bytes(content.encode("cp1251"))
    with pytest.raises(SurveyInputError) as error:
        read_export(path, encoding="utf-8")
    message = str(error.value)
    assert str(path) in message
    assert "not valid utf-8 text" in message
    assert "byte 0 cannot be decoded" in message
    assert "cp1251" in message  # the remedy: name the encoding in the configuration


def test_the_same_bytes_read_with_the_configured_encoding(tmp_path):
    path = tmp_path / "cp1251.csv"
    path.write_bytes("Отметка времени,Откуда вы узнаёте о брендах?\n1,От друзей\n".encode("cp1251"))
    export = read_export(path, encoding="cp1251")
    assert export.headers == [["Отметка времени", "Откуда вы узнаёте о брендах?"]]
    assert [export.strings(i).tolist() for i in range(2)] == [["1"], ["От друзей"]]


def test_missing_required_question_lists_the_nearest_headers(tmp_path):
    typo = "Which prizes would you like to wiin?"
    path = write_csv(
        tmp_path / "en.csv",
        [
            ["Timestamp", text("q_channel", "en"), typo, text("q_like", "en")],
            ["1", "From friends", "Products I already use", "2"],
        ],
    )
    with pytest.raises(SurveyInputError) as error:
        clean(path, "en")
    message = str(error.value)
    assert str(path) in message
    assert "lacks questions the analysis needs" in message
    assert (
        "q_prizes (Which prizes would you like to win? / Какие призы вы хотели бы выиграть?)"
        in message
    )
    nearest = message.split("nearest headers found: ", 1)[1]
    assert repr(typo) in nearest


def test_question_not_required_may_be_absent(tmp_path):
    path = write_csv(
        tmp_path / "en.csv",
        [
            ["Timestamp", text("q_channel", "en")],
            ["1", "From friends"],
        ],
    )
    cleaned = clean(path, "en", required=["q_channel"])
    assert coded(cleaned) == {(1, "q_channel", 2)}


# --------------------------------------------------------------------------
# Exclusions and the accounting of rows
# --------------------------------------------------------------------------


def test_rows_without_answers_and_exclusive_combinations_are_excluded_with_reasons(tmp_path):
    path = write_csv(
        tmp_path / "en.csv",
        [
            header("en"),
            ["1", "From friends", "Products I already use", "3"],
            ["2", "", "", ""],
            ["3", "In VKontakte", "None, I never take part, Products I already use", "2"],
            ["4", "", "None, I never take part", ""],
        ],
    )
    cleaned = clean(path)
    excluded = cleaned.quarantine.set_index("row")
    assert list(excluded.index) == [2, 3]
    assert list(excluded["line"]) == [3, 4]
    assert excluded.loc[2, "reasons"] == "no answer to any question of the codebook"
    assert excluded.loc[2, "rules"] == "empty"
    assert excluded.loc[3, "reasons"] == "q_prizes: an exclusive answer is combined with others"
    assert excluded.loc[3, "rules"] == "exclusive"
    assert set(excluded["file"]) == {str(path)}
    assert list(cleaned.respondents["row"]) == [1, 4]
    assert set(with_respondent_ids(cleaned.answers, cleaned.respondents)["respondent_id"]) == set(
        cleaned.respondents["respondent_id"]
    )
    assert sorted(report_details(cleaned, "quarantined_by")) == ["empty", "exclusive"]
    assert_rows_conserved(cleaned, 4)


def test_duplicate_respondent_ids_are_excluded_naming_the_first_row(tmp_path):
    path = write_csv(
        tmp_path / "en.csv",
        [
            ["Timestamp", "Respondent ID", *(text(q, "en") for q in QUESTION_IDS)],
            ["1", "A17", "From friends", "", ""],
            ["2", "B22", "In VKontakte", "", ""],
            ["3", "A17", "Somewhere else", "", ""],
        ],
    )
    cleaned = clean(path, id_column="Respondent ID")
    assert list(cleaned.quarantine["row"]) == [3]
    assert cleaned.quarantine["reasons"].iloc[0] == "duplicate respondent id (same as row 1)"
    assert cleaned.quarantine["rules"].iloc[0] == "duplicates"
    assert list(cleaned.respondents["row"]) == [1, 2]
    assert_rows_conserved(cleaned, 3)


def test_blank_respondent_ids_are_not_duplicates(tmp_path):
    path = write_csv(
        tmp_path / "en.csv",
        [
            ["Timestamp", "Respondent ID", *(text(q, "en") for q in QUESTION_IDS)],
            ["1", "", "From friends", "", ""],
            ["2", "", "In VKontakte", "", ""],
        ],
    )
    cleaned = clean(path, id_column="Respondent ID")
    assert cleaned.quarantine.empty


def test_an_id_column_absent_from_the_header_is_named(tmp_path):
    path = write_csv(tmp_path / "en.csv", [header("en"), ["1", "From friends", "", ""]])
    with pytest.raises(SurveyInputError) as error:
        clean(path, id_column="Respondent ID")
    message = str(error.value)
    assert str(path) in message
    assert (
        "the column 'Respondent ID' named in the configuration (id_column) is not in the header"
        in message
    )


def test_rows_are_conserved_when_nothing_is_excluded(tmp_path):
    path = write_csv(
        tmp_path / "en.csv", [header("en"), ["1", "From friends", "", ""], ["2", "", "", "4"]]
    )
    cleaned = clean(path)
    assert cleaned.quarantine.empty
    assert_rows_conserved(cleaned, 2)


def test_trailing_blank_rows_are_not_respondents(tmp_path):
    path = write_csv(
        tmp_path / "en.csv", [header("en"), ["1", "From friends", "", ""], ["", "", "", ""], []]
    )
    cleaned = clean(path)
    assert_rows_conserved(cleaned, 1)


# --------------------------------------------------------------------------
# Columns that are not questions, and personal data
# --------------------------------------------------------------------------


def test_unmatched_and_metadata_columns_are_reported_and_not_coded(tmp_path):
    path = write_csv(
        tmp_path / "ru.csv",
        [
            [*header("ru"), "Ваш комментарий"],
            ["1", "От друзей", "", "3", "Отличный опрос"],
        ],
    )
    cleaned = clean(path, "ru")
    assert report_details(cleaned, "metadata_column") == ["Отметка времени (end)"]
    assert report_details(cleaned, "unmatched_column") == ["Ваш комментарий"]
    assert set(cleaned.answers["question"]) == {"q_channel", "q_like"}
    assert report_value(cleaned, "questions_matched") == 3


def test_ignore_columns_are_reported_as_metadata(tmp_path):
    path = write_csv(
        tmp_path / "en.csv", [[*header("en"), "Score"], ["1", "From friends", "", "", "7"]]
    )
    cleaned = clean(path, ignore_columns=["score"])
    assert report_details(cleaned, "metadata_column") == ["Timestamp (end)", "Score"]
    assert report_details(cleaned, "unmatched_column") == []


def test_email_addresses_never_reach_the_cleaned_frames(tmp_path):
    emails = ["ivan.petrov@example.com", "anna@example.org"]
    path = write_csv(
        tmp_path / "en.csv",
        [
            ["Timestamp", "Email address", *(text(q, "en") for q in QUESTION_IDS)],
            ["1", emails[0], "From friends", "Products I already use", "2"],
            ["2", emails[1], "", "", ""],
        ],
    )
    cleaned = clean(path)
    assert report_details(cleaned, "personal_column") == ["Email address"]
    assert report_details(cleaned, "unmatched_column") == []
    for frame in (
        cleaned.answers,
        cleaned.respondents,
        cleaned.quarantine,
        cleaned.other_text,
        pd.DataFrame(cleaned.report),
    ):
        cells = frame.astype(str).to_numpy().ravel().tolist()
        assert not any(email in cell for cell in cells for email in emails)


# --------------------------------------------------------------------------
# Known limitation of reading line by line
# --------------------------------------------------------------------------


def test_a_quoted_line_break_keeps_its_text_and_later_line_numbers(tmp_path):
    path = tmp_path / "en.csv"
    path.write_text(
        'Timestamp,Where do you hear about brands?,Comment\n1,From friends,"first line\nsecond '
        'line"\n2,Radio,\n',
        encoding="utf-8",
    )
    assert read_export(path).strings(2).iloc[0] == "first line\nsecond line"
    with pytest.raises(SurveyInputError) as error:
        clean(path, required=["q_channel"])
    assert "row 2 (line 4)" in str(error.value)


# --------------------------------------------------------------------------
# Property: every respondent and every chosen option is accounted for
# --------------------------------------------------------------------------

SINGLE_CODES = CODEBOOK_OBJ.questions["q_channel"].codes
MULTI_CODES = CODEBOOK_OBJ.questions["q_prizes"].codes
EXCLUSIVE = {o.code for o in CODEBOOK_OBJ.questions["q_prizes"].options if o.exclusive}

respondent = st.fixed_dictionaries(
    {
        "single": st.none() | st.sampled_from(SINGLE_CODES),
        # order and repetitions as a respondent's browser might produce them
        "multi": st.lists(st.sampled_from(MULTI_CODES), max_size=6),
        "style": st.sampled_from(["plain", "upper", "spaced"]),
    }
)


def styled(value: str, style: str) -> str:
    if style == "upper":
        return value.upper()
    if style == "spaced":
        return "  " + value.replace(" ", "  ") + " "
    return value


@settings(max_examples=40, deadline=None)
@given(language=st.sampled_from(["en", "ru"]), people=st.lists(respondent, min_size=1, max_size=25))
def test_cleaning_conserves_rows_and_counts_every_option(language, people):
    rows = [[TIMESTAMP[language], text("q_channel", language), text("q_prizes", language)]]
    for number, person in enumerate(people, start=1):
        single = "" if person["single"] is None else label("q_channel", person["single"], language)
        multi = ", ".join(label("q_prizes", code, language) for code in person["multi"])
        rows.append(
            [
                f"2017/03/20 {number:05d}",
                styled(single, person["style"]) if single else "",
                styled(multi, person["style"]) if multi else "",
            ]
        )
    with tempfile.TemporaryDirectory() as directory:
        path = write_csv(Path(directory) / f"{language}.csv", rows)
        cleaned = clean(path, language, required=["q_channel", "q_prizes"])

    def kept(person) -> bool:
        answered = person["single"] is not None or bool(person["multi"])
        mixed = bool(EXCLUSIVE & set(person["multi"])) and len(set(person["multi"])) > 1
        return answered and not mixed

    expected_kept = [p for p in people if kept(p)]
    assert_rows_conserved(cleaned, len(people))
    assert report_value(cleaned, "rows_kept") == len(expected_kept)
    answers = cleaned.answers
    for code in SINGLE_CODES:
        found = answers[(answers["question"] == "q_channel") & (answers["code"] == code)][
            "respondent"
        ].nunique()
        assert found == sum(p["single"] == code for p in expected_kept)
    for code in MULTI_CODES:
        found = answers[(answers["question"] == "q_prizes") & (answers["code"] == code)][
            "respondent"
        ].nunique()
        assert found == sum(code in p["multi"] for p in expected_kept)
    assert not answers.duplicated().any()
