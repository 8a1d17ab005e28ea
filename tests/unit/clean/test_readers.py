"""Tests of the readers: every survey tool's real export layout, in English and in Russian.

The fixtures are written by ``survey_exports`` in each tool's layout (see its docstring). The
main check is the issue's acceptance test: the same wave exported by each of the seven readers
gives identical cleaned data, quarantine, 'Other' text and cross-tabs.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmjourney.clean.coding import clean_sources, read_responses
from smmjourney.clean.readers import detect_delimiter, detect_encoding, is_utf8, read_text
from smmjourney.crosstabs.counting import crosstabs
from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import codebook_from_dict
from survey_exports import (
    FORMATS,
    SAMPLE_QUALITY,
    SAMPLE_QUARANTINE,
    TEST_CODEBOOK,
    Person,
    google_forms_rows,
    limesurvey_rows,
    qualtrics_rows,
    sample_wave,
    source_for,
    surveymonkey_rows,
    write_export,
    write_xlsx,
)

BOOK = codebook_from_dict(TEST_CODEBOOK, "readers-codebook")
QUESTIONS = list(BOOK.questions)
SALT = b"readers test salt"


def clean(sources: list[dict], quality: dict | None = None, allowed=()):
    return clean_sources(sources, BOOK, [], quality or {}, SALT, allowed)


def coded(wave) -> set[tuple[str, int, str, int]]:
    """(source, row, question, code) of the kept respondents."""
    merged = wave.answers.join(wave.respondents, on="respondent")
    return set(
        zip(
            merged["source"],
            merged["row"],
            merged["question"].astype(str),
            merged["code"],
            strict=False,
        )
    )


def report(wave, measure: str, source: str | None = None) -> list:
    return [
        (line["value"], line["detail"])
        for line in wave.report
        if line["measure"] == measure and (source is None or line["source"] == source)
    ]


def value(wave, measure: str, source: str):
    found = report(wave, measure, source)
    assert len(found) == 1, (measure, found)
    return found[0][0]


def assert_conserved(wave, expected_rows: dict[str, int]) -> None:
    for source_id, rows in expected_rows.items():
        assert value(wave, "rows_read", source_id) == rows
        assert value(wave, "rows_read", source_id) == value(wave, "rows_kept", source_id) + value(
            wave, "rows_quarantined", source_id
        )
    assert (
        value(wave, "rows_read", "all")
        == len(wave.respondents) + len(wave.quarantine)
        == sum(expected_rows.values())
    )


def table(wave) -> pd.DataFrame:
    cohorts = pd.DataFrame(
        {"respondent_id": wave.respondents["respondent_id"], "cohort": "everyone"}
    )
    return crosstabs(wave.answers, cohorts, BOOK, [("s", q) for q in QUESTIONS], ["everyone"], "en")


# --------------------------------------------------------------------------
# The acceptance test: seven readers, one wave, identical results
# --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_reader_yields_identical_cleaned_data_quarantine_other_text_and_crosstabs(
    tmp_path, language
):
    people = sample_wave(language)
    results = {}
    for fmt in FORMATS:
        path = write_export(fmt, tmp_path, BOOK, people, language)
        wave = clean(
            [source_for(fmt, path, language)], SAMPLE_QUALITY, SAMPLE_QUALITY["other_text_allowed"]
        )
        assert_conserved(wave, {"s": len(people)})
        other = wave.other_text.merge(wave.respondents, on="respondent_id")
        results[fmt] = {
            "answers": coded(wave),
            "quarantine": dict(zip(wave.quarantine["row"], wave.quarantine["rules"], strict=False)),
            "other": set(zip(other["row"], other["question"], other["text"], strict=False)),
            "crosstabs": table(wave),
        }
    reference = results["google_forms"]
    assert reference["quarantine"] == SAMPLE_QUARANTINE
    assert (1, "q_prizes", 1) in {(r, q, c) for _, r, q, c in reference["answers"]}
    assert len({(q, c) for _, r, q, c in reference["answers"] if r == 2}) == 7
    texts = {"en": ("TikTok", "Cars, of course"), "ru": ("ТикТок", "Машины, конечно")}[language]
    assert reference["other"] == {
        (2, "q_channel", texts[0]),
        (2, "q_prizes", texts[1]),
        (4, "q_prizes", texts[1]),
    }
    for fmt in FORMATS[1:]:
        assert results[fmt]["answers"] == reference["answers"], fmt
        assert results[fmt]["quarantine"] == reference["quarantine"], fmt
        assert results[fmt]["other"] == reference["other"], fmt
        pd.testing.assert_frame_equal(results[fmt]["crosstabs"], reference["crosstabs"], obj=fmt)


def test_one_wave_from_all_seven_tools_at_once(tmp_path):
    sources, expected = [], {}
    for number, fmt in enumerate(FORMATS):
        language = "ru" if number % 2 else "en"
        path = write_export(fmt, tmp_path, BOOK, sample_wave(language), language)
        sources.append(source_for(fmt, path, language, source_id=fmt))
        expected[fmt] = len(sample_wave(language))
    wave = clean(sources, SAMPLE_QUALITY)
    assert_conserved(wave, expected)
    by_source = {fmt: {(r, q, c) for s, r, q, c in coded(wave) if s == fmt} for fmt in FORMATS}
    assert all(by_source[fmt] == by_source["google_forms"] for fmt in FORMATS)
    assert wave.respondents["respondent_id"].is_unique
    assert {
        (line["detail"], line["value"])
        for line in wave.report
        if line["source"] == "all" and line["measure"] == "quarantined_by"
    } == {(rule, len(FORMATS)) for rule in SAMPLE_QUARANTINE.values()}


def test_the_sample_wave_counts_what_was_generated(tmp_path):
    people = sample_wave("en")
    wave = clean(
        [
            source_for(
                "google_forms", write_export("google_forms", tmp_path, BOOK, people, "en"), "en"
            )
        ],
        SAMPLE_QUALITY,
    )
    tabulated = table(wave)
    counts = tabulated[tabulated["cohort"] == "all"].set_index(["question", "option"])["count"]
    kept = [p for row, p in enumerate(people, start=1) if row not in SAMPLE_QUARANTINE]
    for question in QUESTIONS:
        for code in BOOK.questions[question].codes:
            assert counts[(question, code)] == sum(
                code in p.answers.get(question, []) for p in kept
            ), (question, code)


# --------------------------------------------------------------------------
# Google Forms
# --------------------------------------------------------------------------


def test_google_forms_other_text_in_a_checkbox_cell_is_other_not_an_error(tmp_path):
    rows = google_forms_rows(
        BOOK, [Person({"q_prizes": [2], "q_like": [3], "q_trust": [3], "q_check": [1]})], "en"
    )
    rows[1][2] = "Products I already use, Any products, I want to win, my own prize, a big one"
    rows[1][1] = "A radio station"
    path = tmp_path / "gf.csv"
    path.write_text(
        "\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n", encoding="utf-8"
    )
    wave = clean([source_for("google_forms", path, "en")], allowed=["q_prizes", "q_channel"])
    assert {(q, c) for _, _, q, c in coded(wave) if q in ("q_prizes", "q_channel")} == {
        ("q_prizes", 1),
        ("q_prizes", 2),
        ("q_prizes", 9),
        ("q_channel", 9),
    }
    assert set(zip(wave.other_text["question"], wave.other_text["text"], strict=False)) == {
        ("q_prizes", "my own prize, a big one"),
        ("q_channel", "A radio station"),
    }
    assert ("1", "q_prizes") in {(str(v), d) for v, d in report(wave, "other_text", "s")}


def test_google_forms_unknown_answer_to_a_question_without_other_names_the_place(tmp_path):
    rows = google_forms_rows(BOOK, [Person({"gender": [1]}), Person({"gender": [2]})], "ru")
    rows[2][6] = "Не скажу"
    path = write_rows(tmp_path / "gf.csv", rows)
    with pytest.raises(SurveyInputError) as error:
        clean([source_for("google_forms", path, "ru")])
    message = str(error.value)
    assert f"{path}, row 2 (line 3), column 'Ваш пол': found the answer 'Не скажу'" in message
    assert "expected one of 'Женский'; 'Мужской'" in message


def write_rows(path, rows, delimiter=",", encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


# --------------------------------------------------------------------------
# SurveyMonkey
# --------------------------------------------------------------------------


def test_surveymonkey_csv_and_xlsx_read_alike_and_keep_personal_columns_out(tmp_path):
    people = sample_wave("ru")
    for person in people:
        person.email, person.name, person.ip = "ivan@example.com", "Иван Петров", "10.1.2.3"
    csv_path = write_export("surveymonkey", tmp_path, BOOK, people, "ru")
    xlsx_path = write_xlsx(tmp_path / "sm.xlsx", surveymonkey_rows(BOOK, people, "ru"), "Sheet1")
    first = clean([source_for("surveymonkey", csv_path, "ru")], SAMPLE_QUALITY)
    second = clean(
        [{**source_for("surveymonkey", xlsx_path, "ru"), "sheet": "Sheet1"}], SAMPLE_QUALITY
    )
    assert coded(first) == coded(second)
    assert list(first.quarantine["line"]) == [r + 2 for r in SAMPLE_QUARANTINE]
    assert list(second.quarantine["line"]) == [r + 2 for r in SAMPLE_QUARANTINE]
    personal = [d for _, d in report(first, "personal_column", "s")]
    assert personal == ["IP Address", "Email Address", "First Name", "Last Name", "Custom Data 1"]
    assert ("Respondent ID (respondent_id)") in [
        d for _, d in report(first, "metadata_column", "s")
    ]
    assert value(second, "sheet", "s") == "Sheet1"


def test_surveymonkey_option_header_the_codebook_lacks_names_the_column(tmp_path):
    rows = surveymonkey_rows(BOOK, sample_wave("en"), "en")
    position = rows[1].index("Products I already use")
    rows[1][position] = "Products I used once"
    path = write_rows(tmp_path / "sm.csv", rows)
    with pytest.raises(SurveyInputError) as error:
        clean([source_for("surveymonkey", path, "en")])
    message = str(error.value)
    assert (
        f"column {position + 1} ('Which prizes would you like to win? / Products I used once')"
        in message
    )
    assert "option 'Products I used once' is not an answer the codebook knows" in message


def test_surveymonkey_other_text_for_a_question_without_other_option_is_an_error(tmp_path):
    rows = surveymonkey_rows(BOOK, [Person({"gender": [1]}), Person({"gender": [2]})], "en")
    rows[0].append("")
    rows[1].append("Other (please specify)")
    rows[2].append("")
    rows[3].append("prefer not to say")
    path = write_rows(tmp_path / "sm.csv", rows)
    with pytest.raises(SurveyInputError) as error:
        clean([source_for("surveymonkey", path, "en")])
    message = str(error.value)
    assert f"{path}, row 2 (line 4), column 'Your gender / Other (please specify)'" in message
    assert "whose codebook options have no 'Other'" in message


# --------------------------------------------------------------------------
# Qualtrics
# --------------------------------------------------------------------------


def test_qualtrics_choice_text_and_numeric_recodes_read_alike(tmp_path):
    people = sample_wave("en")
    text = write_rows(tmp_path / "text.csv", qualtrics_rows(BOOK, people, "en"))
    numeric = write_rows(tmp_path / "numeric.csv", qualtrics_rows(BOOK, people, "en", numeric=True))
    assert coded(clean([source_for("qualtrics", text, "en")], SAMPLE_QUALITY)) == coded(
        clean([source_for("qualtrics", numeric, "en")], SAMPLE_QUALITY)
    )


def test_qualtrics_columns_are_matched_by_question_text_when_tags_are_the_tools(tmp_path):
    rows = qualtrics_rows(BOOK, sample_wave("ru"), "ru")
    for position, tag in enumerate(rows[0]):
        if tag.startswith(("q_", "gender")):
            rows[0][position] = f"QX{position}_4_TEXT" if tag.endswith("_TEXT") else f"QX{position}"
    path = write_rows(tmp_path / "q.csv", rows)
    wave = clean([source_for("qualtrics", path, "ru")], SAMPLE_QUALITY)
    assert value(wave, "questions_matched", "s") == len(QUESTIONS)
    assert (
        dict(zip(wave.quarantine["row"], wave.quarantine["rules"], strict=False))
        == SAMPLE_QUARANTINE
    )


def test_qualtrics_unfinished_responses_are_quarantined_by_the_tools_flag(tmp_path):
    people = sample_wave("en")[:6]
    people[3].finished = False
    path = write_export("qualtrics", tmp_path, BOOK, people, "en")
    wave = clean([source_for("qualtrics", path, "en")])
    assert list(wave.quarantine["row"]) == [4]
    assert wave.quarantine["line"].iloc[0] == 7
    assert (
        wave.quarantine["reasons"].iloc[0] == "the survey tool marks the response as not finished"
    )
    off = clean([source_for("qualtrics", path, "en")], {"incomplete": {"finished_flag": False}})
    assert off.quarantine.empty


def test_qualtrics_file_configured_as_google_forms_is_named_as_qualtrics(tmp_path):
    path = write_export("qualtrics", tmp_path, BOOK, sample_wave("en"), "en")
    with pytest.raises(SurveyInputError) as error:
        clean([source_for("google_forms", path, "en")])
    message = str(error.value)
    assert str(path) in message
    assert (
        "the configuration says this is a Google Forms export (format: google_forms), but its "
        "first column is 'StartDate'" in message
    )
    assert "It looks like a Qualtrics export: set format: qualtrics for this source." in message


# --------------------------------------------------------------------------
# LimeSurvey
# --------------------------------------------------------------------------


def test_limesurvey_reads_semicolons_codes_decimal_commas_and_unfinished_responses(tmp_path):
    people = sample_wave("ru")[:6]
    people[2].finished = False
    path = write_export("limesurvey", tmp_path, BOOK, people, "ru")
    assert (
        path.read_text(encoding="utf-8")
        .splitlines()[1]
        .startswith('"K001";"2017-03-20 09:00:00";"3";"ru";')
    )
    wave = clean([source_for("limesurvey", path, "ru")])
    assert value(wave, "delimiter", "s") == ";"
    assert value(wave, "decimal", "s") == ","
    assert dict(zip(wave.quarantine["row"], wave.quarantine["reasons"], strict=False)) == {
        3: "the survey tool marks the response as not finished"
    }
    assert ("s", 2, "q_channel", 9) in coded(wave)
    assert tuple(d for _, d in report(wave, "personal_column", "s")) == ("ipaddr", "refurl")


def test_limesurvey_unknown_answer_code_names_row_line_and_column(tmp_path):
    rows = limesurvey_rows(BOOK, sample_wave("en")[:3], "en")
    position = rows[0].index("qlike")
    rows[2][position] = "AO07"
    path = tmp_path / "ls.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(
            rows
        )
    with pytest.raises(SurveyInputError) as error:
        clean([source_for("limesurvey", path, "en")])
    message = str(error.value)
    assert f"{path}, row 2 (line 3), column 'qlike': found the answer 'AO07'" in message
    assert "question q_like; expected one of '1'; '2'; '3'; '4'; '5 - agree'" in message


# --------------------------------------------------------------------------
# SPSS, Excel, plain CSV
# --------------------------------------------------------------------------


def test_spss_value_labels_and_case_numbers(tmp_path):
    path = write_export("spss", tmp_path, BOOK, sample_wave("ru"), "ru")
    wave = clean([source_for("spss", path, "ru")], SAMPLE_QUALITY)
    assert list(wave.quarantine["line"]) == list(SAMPLE_QUARANTINE)
    responses = read_responses(source_for("spss", path, "ru"), BOOK)
    assert responses.declared["q_channel"][1] == frozenset({1, 2, 3, 9})
    assert responses.declared["q_prizes"][1] == frozenset({1, 2, 3, 4, 9})


def test_missing_sheet_names_the_sheets_the_workbook_has(tmp_path):
    path = write_export("excel", tmp_path, BOOK, sample_wave("en"), "en")
    with pytest.raises(SurveyInputError) as error:
        clean([{**source_for("excel", path, "en"), "sheet": "Answers"}])
    message = str(error.value)
    assert str(path) in message
    assert "the workbook has no sheet 'Answers'; it has the sheets ['Responses']" in message


@pytest.mark.parametrize(
    "encoding, delimiter, expected",
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ";", "utf-8-sig"),
        ("cp1251", ";", "cp1251"),
        ("utf-16", "\t", "utf-16"),
    ],
)
def test_encoding_and_delimiter_are_detected_and_reported(tmp_path, encoding, delimiter, expected):
    from survey_exports import write_csv

    path = write_csv(
        tmp_path / "generic.csv",
        BOOK,
        sample_wave("ru"),
        "ru",
        delimiter=delimiter,
        encoding=encoding,
    )
    wave = clean([source_for("csv", path, "ru")], SAMPLE_QUALITY)
    assert value(wave, "encoding", "s") == expected
    assert report(wave, "encoding", "s")[0][1] == "detected"
    assert value(wave, "delimiter", "s") == ("tab" if delimiter == "\t" else delimiter)
    assert (
        dict(zip(wave.quarantine["row"], wave.quarantine["rules"], strict=False))
        == SAMPLE_QUARANTINE
    )


def test_decimal_commas_in_durations_are_read_and_reported(tmp_path):
    people = sample_wave("en")[:4]
    path = write_export("limesurvey", tmp_path, BOOK, people, "en")
    responses = read_responses(source_for("limesurvey", path, "en"), BOOK)
    assert responses.decimal == ","
    assert responses.meta["duration"].tolist() == [300.0, 317.0, 334.0, 351.0]


def test_detection_helpers():
    assert detect_delimiter("a;b;c") == (";", "detected")
    assert detect_delimiter("a\tb,c\td") == ("\t", "detected")
    assert detect_delimiter('"a;b",c') == (",", "detected")
    assert detect_delimiter("a,b", ";") == (";", "configured")
    assert detect_encoding("Ответ,да".encode("utf-16"), None)[0] == "utf-16"
    assert detect_encoding("\ufeffОтвет".encode("utf-8"), None)[0] == "utf-8-sig"


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=64),
        st.text(max_size=32).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
)
def test_utf8_check_agrees_with_python_decoding(raw):
    assert is_utf8(raw) == _decodes(raw)


def test_utf8_check_rejects_what_python_rejects():
    for raw in (
        b"\xed\xa0\x80",
        b"\xc0\xaf",
        b"\xe0\x80\xaf",
        b"\xf4\x90\x80\x80",
        "Отметка".encode("cp1251"),
        "Ответ".encode()[:-1],
    ):
        assert not is_utf8(raw) and not _decodes(raw)
    assert is_utf8("Ответ, 😀".encode())


def test_a_quoted_line_break_in_other_text_keeps_later_line_numbers(tmp_path):
    rows = google_forms_rows(
        BOOK,
        [
            Person({"q_channel": [9]}, other={"q_channel": "first line\nsecond line"}),
            Person({"gender": [1]}),
        ],
        "en",
    )
    rows[2][6] = "Robot"
    path = write_rows(tmp_path / "gf.csv", rows)
    grid = read_text(path)
    assert grid.strings(1).iloc[0] == "first line\nsecond line"
    with pytest.raises(SurveyInputError) as error:
        clean([source_for("google_forms", path, "en")])
    assert "row 2 (line 4)" in str(error.value)


def test_generic_csv_with_one_column_per_option(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(
        'q_channel,"q_prizes [Any products, I want to win]",q_prizes [Products I already '
        "use],q_prizes_4\n"
        '"From friends, family",Y,,\nIn VKontakte,,1,0\n,,,1\n',
        encoding="utf-8",
    )
    wave = clean([{"id": "s", "file": str(path), "format": "csv", "language": "en"}])
    assert coded(wave) == {
        ("s", 1, "q_channel", 2),
        ("s", 1, "q_prizes", 1),
        ("s", 2, "q_channel", 1),
        ("s", 2, "q_prizes", 2),
        ("s", 3, "q_prizes", 4),
    }


def test_cleaning_report_lists_format_encoding_delimiter_and_columns(tmp_path):
    people = sample_wave("en")
    for person in people:
        person.email = "anna@example.org"
    path = write_rows(tmp_path / "gf.csv", google_forms_rows(BOOK, people, "en", personal=True))
    wave = clean([source_for("google_forms", path, "en")])
    assert value(wave, "format", "s") == "google_forms"
    assert report(wave, "personal_column", "s") == [(1, "Email address")]
    assert report(wave, "metadata_column", "s") == [(1, "Timestamp (end)")]
    assert value(wave, "questions_matched", "s") == len(QUESTIONS)
    assert (
        dict(report(wave, "rule", "s"))["speeders"] == "not applicable (no duration in this export)"
    )


def test_quarantined_rows_after_a_quoted_line_break_get_their_real_line(tmp_path):
    crowd = [
        Person(
            {"q_channel": [9], "q_prizes": [2], "q_like": [1], "q_check": [1]},
            other={"q_channel": "two\nlines"},
        ),
        Person({}),
        Person({}),
    ]
    path = write_rows(tmp_path / "gf.csv", google_forms_rows(BOOK, crowd, "en"))
    wave = clean([source_for("google_forms", path, "en")])
    assert dict(zip(wave.quarantine["row"], wave.quarantine["line"], strict=False)) == {2: 4, 3: 5}


def test_google_forms_responses_downloaded_as_a_workbook_read_like_the_csv(tmp_path):
    people = sample_wave("ru")
    from_csv = clean(
        [
            source_for(
                "google_forms", write_export("google_forms", tmp_path, BOOK, people, "ru"), "ru"
            )
        ],
        SAMPLE_QUALITY,
    )
    workbook = write_xlsx(
        tmp_path / "gf.xlsx", google_forms_rows(BOOK, people, "ru"), "Ответы на форму (1)"
    )
    from_xlsx = clean([source_for("google_forms", workbook, "ru")], SAMPLE_QUALITY)
    assert coded(from_xlsx) == coded(from_csv)
    assert from_xlsx.quarantine[["row", "line", "rules"]].equals(
        from_csv.quarantine[["row", "line", "rules"]]
    )
