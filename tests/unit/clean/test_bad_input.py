"""Bad input: every kind the issue lists stops the run with one paragraph naming the place.

Each test writes a broken export in a real tool's layout and asserts that the message names the
file, the row and line (or sheet row, case) and column where it applies, what was found and what
was expected. The last test checks that a failing wave leaves no partial output behind.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from smmjourney.clean import clean_wave
from smmjourney.clean.coding import clean_sources
from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import codebook_from_dict
from survey_exports import (
    TEST_CODEBOOK,
    Person,
    generic_rows,
    google_forms_rows,
    limesurvey_rows,
    qualtrics_rows,
    sample_wave,
    source_for,
    surveymonkey_rows,
    write_export,
    write_xlsx,
)
from workflow_run import REPO

BOOK = codebook_from_dict(TEST_CODEBOOK, "bad-input-codebook")


def fails(sources: list[dict]) -> str:
    with pytest.raises(SurveyInputError) as error:
        clean_sources(sources, BOOK, [], {}, b"salt")
    message = str(error.value)
    assert "Traceback" not in message
    return message


def write_rows(
    path: Path, rows: list[list[str]], delimiter: str = ",", quote_all: bool = False
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(
            handle,
            delimiter=delimiter,
            lineterminator="\n",
            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        ).writerows(rows)
    return path


# --------------------------------------------------------------------------
# Empty and header-only files
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, name, expected",
    [
        (
            "google_forms",
            "empty.csv",
            "the file is empty; expected a header line and one row per respondent",
        ),
        (
            "excel",
            "empty.xlsx",
            "the file is empty; expected an Excel workbook with a header row and one row per "
            "respondent",
        ),
        (
            "spss",
            "empty.sav",
            "the file is empty; expected an SPSS .sav file with one case per respondent",
        ),
    ],
)
def test_an_empty_file_is_named(tmp_path, fmt, name, expected):
    path = tmp_path / name
    path.write_bytes(b"")
    message = fails([source_for(fmt, path, "en")])
    assert str(path) in message and expected in message


@pytest.mark.parametrize(
    "fmt, rows_of, header_rows",
    [
        ("surveymonkey", surveymonkey_rows, 2),
        ("qualtrics", qualtrics_rows, 3),
        ("google_forms", google_forms_rows, 1),
    ],
)
def test_a_file_with_headers_only_says_there_are_no_respondents(
    tmp_path, fmt, rows_of, header_rows
):
    rows = rows_of(BOOK, [Person({})], "ru")[:header_rows]
    path = write_rows(tmp_path / f"{fmt}.csv", rows)
    message = fails([source_for(fmt, path, "ru")])
    assert str(path) in message
    assert "but no respondents; expected one row per respondent below the header" in message


def test_a_workbook_sheet_with_a_header_only(tmp_path):
    path = write_xlsx(tmp_path / "header.xlsx", [["q_channel", "q_prizes"]], "Responses")
    message = fails([source_for("excel", path, "en")])
    assert f"{path}, sheet 'Responses': the sheet has a header but no respondents" in message


def test_a_surveymonkey_file_with_one_header_row_lacks_the_second(tmp_path):
    rows = surveymonkey_rows(BOOK, [Person({})], "en")[:1]
    path = write_rows(tmp_path / "sm.csv", rows)
    message = fails([source_for("surveymonkey", path, "en")])
    assert f"{path}: the file has one line but this export layout has 2 header rows" in message


# --------------------------------------------------------------------------
# A file in another tool's layout than the configuration says
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "configured, actual, found, looks",
    [
        ("google_forms", "qualtrics", "its first column is 'StartDate'", "Qualtrics"),
        (
            "surveymonkey",
            "google_forms",
            "its first header row has no 'Respondent ID' column",
            "Google Forms",
        ),
        (
            "qualtrics",
            "surveymonkey",
            'its third line has no {"ImportId": ...} cells',
            "SurveyMonkey",
        ),
        (
            "limesurvey",
            "google_forms",
            "its header has none of LimeSurvey's response fields",
            "Google Forms",
        ),
        ("csv", "surveymonkey", "its header is that of a SurveyMonkey export", "SurveyMonkey"),
        ("csv", "limesurvey", "its header is that of a LimeSurvey export", "LimeSurvey"),
    ],
)
def test_a_file_in_another_tools_layout_is_named_as_that_tool(
    tmp_path, configured, actual, found, looks
):
    path = write_export(actual, tmp_path, BOOK, sample_wave("en"), "en")
    message = fails([source_for(configured, path, "en")])
    assert str(path) in message
    assert f"(format: {configured}), but {found}" in message
    assert f"It looks like a {looks} export: set format: {actual} for this source." in message


@pytest.mark.parametrize(
    "configured, actual, expected",
    [
        (
            "spss",
            "csv",
            "the configuration says format: spss, but the file is not an SPSS .sav file (it is "
            "text)",
        ),
        (
            "excel",
            "csv",
            "the configuration says format: excel, but the file is text, not an .xlsx workbook",
        ),
        (
            "google_forms",
            "spss",
            "the file is an SPSS .sav file, but the configuration says format: google_forms",
        ),
    ],
)
def test_a_file_of_another_kind_than_the_format(tmp_path, configured, actual, expected):
    path = write_export(actual, tmp_path, BOOK, sample_wave("en"), "en")
    message = fails([source_for(configured, path, "en")])
    assert str(path) in message and expected in message


# --------------------------------------------------------------------------
# Malformed rows
# --------------------------------------------------------------------------


def test_a_truncated_last_row_in_a_surveymonkey_export_names_row_and_line(tmp_path):
    rows = surveymonkey_rows(BOOK, sample_wave("en")[:3], "en")
    rows[-1] = rows[-1][:7]
    path = write_rows(tmp_path / "sm.csv", rows)
    message = fails([source_for("surveymonkey", path, "en")])
    assert (
        f"{path}, row 3 (line 5): the row is truncated: found 7 fields, expected {len(rows[0])} as "
        "in the header" in message
    )


def test_a_limesurvey_export_cut_inside_a_quoted_field(tmp_path):
    path = write_rows(
        tmp_path / "ls.csv", limesurvey_rows(BOOK, sample_wave("en")[:3], "en"), ";", quote_all=True
    )
    text = path.read_text(encoding="utf-8").rstrip("\n")
    assert text.endswith('"')
    path.write_text(text[:-2], encoding="utf-8")
    message = fails([source_for("limesurvey", path, "en")])
    assert f"{path}, row 3 (line 4): the file is not well-formed delimited text" in message
    assert "the last row may be truncated" in message


def test_a_row_with_too_many_fields_in_a_qualtrics_export(tmp_path):
    rows = qualtrics_rows(BOOK, sample_wave("en")[:4], "en")
    rows[4].append("surplus")
    path = write_rows(tmp_path / "q.csv", rows)
    message = fails([source_for("qualtrics", path, "en")])
    assert (
        f"{path}, row 2 (line 5): the row has too many fields: found {len(rows[0]) + 1} fields, "
        f"expected {len(rows[0])}" in message
    )


# --------------------------------------------------------------------------
# Answers the codebook does not know
# --------------------------------------------------------------------------


def test_an_unknown_answer_label_in_a_qualtrics_export(tmp_path):
    rows = qualtrics_rows(BOOK, sample_wave("ru")[:3], "ru")
    column = rows[0].index("gender")
    rows[5][column] = "Другой"
    path = write_rows(tmp_path / "q.csv", rows)
    message = fails([source_for("qualtrics", path, "ru")])
    assert (
        f"{path}, row 3 (line 6), column 'gender': found the answer 'Другой', which the codebook "
        "does not know for question gender" in message
    )
    assert "expected one of 'Женский'; 'Мужской' (or an empty cell)" in message


def test_an_unknown_value_label_in_an_spss_file_names_the_case(tmp_path):
    import pyreadstat

    path = write_export("spss", tmp_path, BOOK, sample_wave("en")[:3], "en")
    frame, meta = pyreadstat.read_sav(str(path))
    frame.loc[1, "gender"] = 3.0
    labels = dict(meta.variable_value_labels)
    labels["gender"] = {1.0: "Female", 2.0: "Male", 3.0: "Diverse"}
    pyreadstat.write_sav(
        frame, str(path), column_labels=meta.column_labels, variable_value_labels=labels
    )
    message = fails([source_for("spss", path, "en")])
    assert (
        f"{path}, row 2 (case 2), column 'gender (Your gender)': found the answer 'Diverse'"
        in message
    )


def test_an_unexpected_value_in_an_option_column(tmp_path):
    rows = surveymonkey_rows(BOOK, sample_wave("en")[:3], "en")
    column = rows[1].index("Products I already use")
    rows[3][column] = "maybe"
    path = write_rows(tmp_path / "sm.csv", rows)
    message = fails([source_for("surveymonkey", path, "en")])
    assert (
        f"{path}, row 2 (line 4), column 'Which prizes would you like to win? / Products I already "
        "use': found 'maybe'" in message
    )
    assert "expected the option's label, 'Y' or '1' (chosen) or an empty cell" in message


def test_an_answer_column_with_a_misspelt_header_beside_its_other_column(tmp_path):
    """A question whose answer column is misspelt but whose 'Other' column matches stops the run:
    its answers would otherwise vanish while the question counts as read."""
    rows = generic_rows(BOOK, sample_wave("en")[:3], "en")
    rows[0][rows[0].index("q_channel")] = "q_chanel"
    path = write_rows(tmp_path / "plain.csv", rows)
    message = fails([source_for("csv", path, "en")])
    assert "holds the 'Other' text of question q_channel, but no column holds" in message
    assert "'q_chanel'" in message


def test_an_other_column_naming_no_question(tmp_path):
    """A column headed as 'Other' text of a question the codebook lacks stops the run naming the
    nearest question ids, instead of dropping every respondent's 'Other' text."""
    rows = generic_rows(BOOK, sample_wave("en")[:3], "en")
    rows[0][rows[0].index("q_channel [other]")] = "q_channe [other]"
    path = write_rows(tmp_path / "plain.csv", rows)
    message = fails([source_for("csv", path, "en")])
    assert f"{path}: column " in message
    assert (
        "'q_channe' names no question of the codebook (nearest question ids: q_channel" in message
    )


def test_an_unreadable_finished_flag(tmp_path):
    rows = qualtrics_rows(BOOK, sample_wave("en")[:3], "en")
    rows[4][rows[0].index("Finished")] = "Kinda"
    path = write_rows(tmp_path / "q.csv", rows)
    message = fails([source_for("qualtrics", path, "en")])
    assert (
        f"{path}, row 2 (line 5), column 'Finished': found 'Kinda' as the finished flag; expected "
        "True/False" in message
    )


# --------------------------------------------------------------------------
# Sources that disagree, duplicate columns, missing files and sheets, encodings
# --------------------------------------------------------------------------


def test_two_sources_that_disagree_on_a_questions_options(tmp_path):
    english = write_export("surveymonkey", tmp_path, BOOK, sample_wave("en"), "en")
    rows = surveymonkey_rows(BOOK, sample_wave("ru"), "ru")
    column = rows[1].index("Товары с «хорошими» отзывами")
    rows = [row[:column] + row[column + 1 :] for row in rows]
    russian = write_rows(tmp_path / "sm_ru.csv", [[c for c in r] for r in rows])
    message = fails(
        [
            source_for("surveymonkey", english, "en", "en"),
            source_for("surveymonkey", russian, "ru", "ru"),
        ]
    )
    assert (
        f"Sources 'en' ({english}, column 'Which prizes would you like to win? / Any products, I "
        "want to win')" in message
    )
    assert (
        f"'ru' ({russian}, column 'Какие призы вы хотели бы выиграть? / Любые товары, хочу "
        "выиграть')" in message
    )
    assert (
        "disagree on the options of question q_prizes: only the first offers "
        "'Products with \"good\" reviews', only the second offers none" in message
    )


def test_duplicate_export_tags_in_a_qualtrics_export(tmp_path):
    rows = qualtrics_rows(BOOK, sample_wave("en")[:2], "en")
    rows[0][rows[0].index("q_trust")] = "q_like"
    path = write_rows(tmp_path / "q.csv", rows)
    message = fails([source_for("qualtrics", path, "en")])
    first, second = rows[0].index("q_like") + 1, len(rows[0]) - rows[0][::-1].index("q_like")
    assert (
        f"{path}: columns {first} and {second} have the same name 'q_like'; expected each column "
        "once" in message
    )


def test_a_file_the_configuration_names_that_does_not_exist(tmp_path):
    path = tmp_path / "exports" / "wave.csv"
    message = fails([source_for("surveymonkey", path, "en", "en")])
    assert f"{path}: the file does not exist (the configuration names it as source 'en')" in message


def test_a_missing_source_file_stops_the_configuration_check(tmp_path):
    from smmjourney.plan import validate_plan

    config = {
        "waves": {
            "w": {
                "codebook": "config/codebooks/thesis2017.yaml",
                "sources": [{"id": "en", "file": "data/raw/none/answers.csv", "language": "en"}],
            }
        },
        "cohorts": [{"id": "all_of_them", "rule": {"otherwise": True}}],
        "stages": [
            {
                "id": "awareness",
                "activities": [
                    {
                        "id": "a",
                        "indicators": [
                            {
                                "id": "i",
                                "question": "q02_use_frequency",
                                "options": [1],
                                "direction": "appropriate",
                            }
                        ],
                    }
                ],
            }
        ],
    }
    with pytest.raises(SurveyInputError) as error:
        validate_plan(config, "config.yaml", base_dir=REPO)
    assert "wave w source 'en': the file data/raw/none/answers.csv does not exist" in str(
        error.value
    )


def test_an_unreadable_encoding_names_the_byte_and_line(tmp_path):
    path = tmp_path / "latin.csv"
    raw = (
        b"Timestamp,Your gender\n2017/03/20 10:00:00,Female\n"
        + "2017/03/20 10:05:00,Fémälé ¿\n".encode("latin-1")
    )
    path.write_bytes(raw)
    message = fails([source_for("google_forms", path, "en")])
    assert (
        f"{path}: the file is not readable text: byte {raw.index(0xE9)} (line 3, value 0xe9) is "
        "neither UTF-8 nor UTF-16 nor Cyrillic cp1251 text" in message
    )
    assert "name it in the source's configuration (key encoding)" in message


def test_binary_bytes_are_not_taken_for_text(tmp_path):
    path = tmp_path / "report.csv"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    message = fails([source_for("csv", path, "en")])
    assert f"{path}: the file is not readable text: byte" in message


def test_a_corrupt_workbook_is_named(tmp_path):
    path = tmp_path / "answers.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"not really a zip archive" * 10)
    message = fails([source_for("excel", path, "en")])
    assert f"{path}: the file is not an Excel .xlsx workbook" in message
    assert "expected a workbook saved by Excel or the survey tool" in message


def test_a_configured_encoding_that_does_not_fit(tmp_path):
    path = write_rows(tmp_path / "gf.csv", google_forms_rows(BOOK, [Person({"gender": [1]})], "ru"))
    message = fails([{**source_for("google_forms", path, "ru"), "encoding": "ascii"}])
    assert f"{path}: the file is not valid ascii text (byte 0 cannot be decoded, line 1)" in message


# --------------------------------------------------------------------------
# No partial output
# --------------------------------------------------------------------------


def test_a_failing_wave_writes_nothing(tmp_path):
    good = write_export("google_forms", tmp_path, BOOK, sample_wave("en"), "en")
    rows = surveymonkey_rows(BOOK, sample_wave("ru"), "ru")
    rows[-1] = rows[-1][:5]
    bad = write_rows(tmp_path / "bad.csv", rows)
    codebook = tmp_path / "codebook.yaml"
    import yaml

    codebook.write_text(yaml.safe_dump(TEST_CODEBOOK, allow_unicode=True), encoding="utf-8")
    outputs = {
        name: tmp_path / "results" / name
        for name in (
            "answers.parquet",
            "respondents.parquet",
            "quarantine.csv",
            "report.csv",
            "other_text.csv",
        )
    }
    with pytest.raises(SurveyInputError):
        clean_wave(
            [
                source_for("google_forms", good, "en", "en"),
                source_for("surveymonkey", bad, "ru", "ru"),
            ],
            str(codebook),
            [],
            {},
            answers=str(outputs["answers.parquet"]),
            respondents=str(outputs["respondents.parquet"]),
            quarantine=str(outputs["quarantine.csv"]),
            report=str(outputs["report.csv"]),
            other_text=str(outputs["other_text.csv"]),
        )
    assert not (tmp_path / "results").exists()
