"""Qualtrics exports as real surveys write them: tags checked against the question texts,
block-numbered and split multi-value tags, previews, tests and spam, and the legacy layout.

The exports are written by ``survey_exports`` (``qualtrics_rows``, ``qualtrics_variant_rows``)
and cleaned through the cleaning entry point, as ``test_readers.py`` does.
"""

from __future__ import annotations

import copy
import csv
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmjourney.clean.coding import clean_sources
from smmjourney.clean.layouts import fold_code
from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import codebook_from_dict
from survey_exports import (
    TEST_CODEBOOK,
    qualtrics_rows,
    qualtrics_variant_rows,
    sample_wave,
    source_for,
)

BOOK = codebook_from_dict(TEST_CODEBOOK, "qualtrics-codebook")
QUESTIONS = list(BOOK.questions)
SALT = b"qualtrics test salt"


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def clean(path: Path, language: str = "en", book=BOOK, quality: dict | None = None):
    return clean_sources([source_for("qualtrics", path, language)], book, [], quality or {}, SALT)


def fails(path: Path, language: str = "en", book=BOOK) -> str:
    with pytest.raises(SurveyInputError) as error:
        clean(path, language, book)
    return str(error.value)


def coded(wave) -> set[tuple[int, str, int]]:
    """(row, question, code) of every answer of the kept respondents."""
    merged = wave.answers.join(wave.respondents, on="respondent")
    return set(
        zip(merged["row"], merged["question"].astype(str), merged["code"].astype(int), strict=True)
    )


def book_with(**changes: dict) -> object:
    """The test codebook with some questions' fields replaced (``q_like={"number": 12}``)."""
    raw = copy.deepcopy(TEST_CODEBOOK)
    for question in raw["questions"]:
        question.update(changes.get(question["id"], {}))
    return codebook_from_dict(raw, "qualtrics-codebook-variant")


# --------------------------------------------------------------------------
# Tags are checked against the question texts
# --------------------------------------------------------------------------


def test_two_tags_swapped_between_questions_of_one_scale_stop_the_run(tmp_path):
    """Swapped tags of two likert questions stop the run naming the column and both texts."""
    rows = qualtrics_rows(BOOK, sample_wave("en"), "en")
    like, trust = rows[0].index("q_like"), rows[0].index("q_trust")
    rows[0][like], rows[0][trust] = "q_trust", "q_like"
    path = write_rows(tmp_path / "swapped.csv", rows)
    message = fails(path)
    assert (
        f"{path}, line 2, column {like + 1} (export tag 'q_trust'): the export tag names question "
        f"q_trust, but the column's question text is {BOOK.questions['q_like'].text('en')!r}, "
        "which is the codebook's question q_like" in message
    )
    assert f"expected the text of question q_trust, {BOOK.questions['q_trust'].text('en')!r}" in (
        message
    )
    assert "\n" not in message


def test_a_question_text_the_codebook_lacks_in_its_own_language_stops_the_run(tmp_path):
    """A tag-matched column whose text is no codebook text (export in a codebook language)
    stops the run, suggesting an alias."""
    rows = qualtrics_rows(BOOK, sample_wave("ru"), "ru")
    column = rows[0].index("gender")
    rows[1][column] = "Ваш возраст"
    path = write_rows(tmp_path / "reworded.csv", rows)
    message = fails(path, "ru")
    assert f"{path}, line 2, column {column + 1} (export tag 'gender')" in message
    assert "'Ваш возраст', which is no question's text in the codebook" in message
    assert "add the export's text to the question's aliases" in message


def test_the_text_check_is_logged_as_skipped_for_a_language_the_codebook_lacks(tmp_path, caplog):
    """An export in a language the codebook lacks is read, and the log names the columns whose
    question text could not be checked."""
    rows = qualtrics_rows(BOOK, sample_wave("ru"), "ru")
    column = rows[0].index("q_trust")
    rows[1][column] = "Блогерлерге қаншалықты сенесіз?"
    path = write_rows(tmp_path / "kazakh.csv", rows)
    with caplog.at_level(logging.INFO, logger="smmjourney.clean.tools.qualtrics"):
        wave = clean(path, "kk")
    assert coded(wave) == coded(
        clean(write_rows(tmp_path / "ru.csv", qualtrics_rows(BOOK, sample_wave("ru"), "ru")), "ru")
    )
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "were not checked against the codebook" in warnings[0]
    assert f"'q_trust' (column {column + 1})" in warnings[0]
    assert "'gender'" not in warnings[0]


def test_a_split_column_whose_text_is_another_questions_stops_the_run(tmp_path):
    """A split multi-value column tagged as one question but headed with another's text stops."""
    rows = qualtrics_variant_rows(BOOK, sample_wave("en"), "en", split=True)
    column = rows[0].index("q_prizes_1")
    rows[1][column] = f"{BOOK.questions['q_channel'].text('en')} - In VKontakte"
    path = write_rows(tmp_path / "split.csv", rows)
    message = fails(path)
    assert f"column {column + 1} (export tag 'q_prizes')" in message
    assert "which is the codebook's question q_channel" in message


# --------------------------------------------------------------------------
# Block-numbered and split multi-value tags
# --------------------------------------------------------------------------


def test_block_numbered_split_and_plain_tags_fold_to_different_codes():
    """Q1.2, Q12, Q1_2 and Q12_1 are four different tool codes."""
    codes = [fold_code(tag) for tag in ("Q1.2", "Q12", "Q1_2", "Q12_1")]
    assert len(set(codes)) == 4


def test_a_block_numbered_alias_and_a_question_number_do_not_collide(tmp_path):
    """Tags Q1.2 (an alias) and Q12 (a number) are read as the two questions they name."""
    book = book_with(q_channel={"aliases": ["Q1.2"]}, q_trust={"number": 12})
    people = sample_wave("en")
    tags = {"q_channel": "Q1.2", "q_trust": "Q12"}
    path = write_rows(tmp_path / "q.csv", qualtrics_variant_rows(book, people, "en", tags=tags))
    reference = write_rows(tmp_path / "ref.csv", qualtrics_rows(book, people, "en"))
    assert coded(clean(path, book=book)) == coded(clean(reference, book=book))


def test_a_tag_naming_two_questions_stops_saying_why(tmp_path):
    """A tag that is one question's number and another's alias stops the run naming both."""
    book = book_with(q_trust={"aliases": ["Q_3"]})
    path = write_rows(
        tmp_path / "q.csv",
        qualtrics_variant_rows(book, sample_wave("en"), "en", tags={"q_like": "Q3"}),
    )
    message = fails(path, book=book)
    assert (
        "the export tag 'Q3' reads as the code 'q3', which names question q_like (its number 3) "
        "and question q_trust (its alias 'Q_3'); expected a tag that names one question" in message
    )


def test_two_columns_of_one_question_are_named_with_how_each_was_matched(tmp_path):
    """Two columns of one question: the message says which matched by tag and which by text."""
    rows = qualtrics_rows(BOOK, sample_wave("en")[:3], "en")
    column = rows[0].index("q_like")
    for row in rows:
        row.append(row[column])
    rows[0][-1] = "QX1"
    path = write_rows(tmp_path / "twice.csv", rows)
    message = fails(path)
    assert (
        f"two columns match question 'q_like': column {column + 1} ('q_like', matched by its "
        f"export tag) and column {len(rows[0])} ('QX1', matched by its question text)" in message
    )


TAGGINGS = {
    "ids": lambda order: {},
    "numbers": lambda order: {q: f"Q{QUESTIONS.index(q) + 1}" for q in order},
    "blocks": lambda order: {q: f"Q{2 + i // 3}.{1 + i % 3}" for i, q in enumerate(order)},
}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order=st.permutations(QUESTIONS),
    tagging=st.sampled_from(sorted(TAGGINGS)),
    split=st.booleans(),
    language=st.sampled_from(["en", "ru"]),
)
def test_reordered_block_numbered_and_split_exports_code_like_the_standard_layout(
    tmp_path, order, tagging, split, language
):
    """Any question order, tag scheme (ids, numbers, block-numbered) and split multi-value
    fields give the coded answers of the standard Qualtrics layout."""
    people = sample_wave(language)
    rows = qualtrics_variant_rows(
        BOOK, people, language, tags=TAGGINGS[tagging](order), order=list(order), split=split
    )
    name = f"{tagging}_{split}_{language}_{'_'.join(order)}"
    variant = write_rows(tmp_path / f"{name}.csv", rows)
    standard = write_rows(
        tmp_path / f"standard_{language}.csv", qualtrics_rows(BOOK, people, language)
    )
    assert coded(clean(variant, language)) == coded(clean(standard, language))


# --------------------------------------------------------------------------
# Previews, tests and spam; the legacy layout
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, numeric, label, code",
    [
        ("Survey Preview", False, "Survey Preview", 1),
        ("1", True, "Survey Preview", 1),
        ("Survey Test", False, "Survey Test", 2),
        ("8", True, "Spam", 8),
    ],
)
def test_previews_tests_and_spam_are_quarantined_with_their_reason(
    tmp_path, status, numeric, label, code
):
    """A row Qualtrics marks as preview, test or spam (by label or by its documented code) is
    quarantined, naming its status."""
    people = sample_wave("en")[:6]
    people[2].status = status
    path = write_rows(tmp_path / "preview.csv", qualtrics_rows(BOOK, people, "en", numeric=numeric))
    wave = clean(path)
    reason = f"the survey tool marks the response as {label} (Status {code}), not a respondent's"
    assert wave.quarantine[["row", "rules", "reasons"]].values.tolist() == [[3, "previews", reason]]
    assert len(wave.respondents) + len(wave.quarantine) == len(people)


def test_real_responses_of_every_kind_are_kept(tmp_path):
    """Responses Qualtrics records from respondents (IP Address, Imported, Offline) are kept."""
    people = sample_wave("en")[:6]
    for person, status in zip(
        people, ["IP Address", "0", "Imported", "4", "Offline", "16"], strict=True
    ):
        person.status = status
    wave = clean(write_rows(tmp_path / "real.csv", qualtrics_rows(BOOK, people, "en")))
    assert wave.quarantine.empty
    assert len(wave.respondents) == len(people)


def test_an_unknown_status_stops_naming_the_cell(tmp_path):
    """A Status value Qualtrics does not write stops the run naming file, row and column."""
    people = sample_wave("en")[:4]
    people[1].status = "Vorschau"
    path = write_rows(tmp_path / "status.csv", qualtrics_rows(BOOK, people, "en"))
    message = fails(path)
    assert (
        f"{path}, row 2 (line 5), column 'Status': found the response status 'Vorschau', which "
        "is no Qualtrics response type; expected one of 0 IP Address; 1 Survey Preview" in message
    )


def test_the_previews_rule_can_be_switched_off(tmp_path):
    """With the previews rule off, a preview row is kept."""
    people = sample_wave("en")[:6]
    people[0].status = "Survey Preview"
    path = write_rows(tmp_path / "preview.csv", qualtrics_rows(BOOK, people, "en"))
    wave = clean(path, quality={"previews": {"enabled": False}})
    assert wave.quarantine.empty


def test_a_legacy_export_stops_with_the_advice_to_export_again(tmp_path):
    """The legacy layout (V1...V10, two header rows) stops, saying how to export it again."""
    texts = [q.text("en") for q in BOOK.questions.values()]
    rows = [
        [f"V{i}" for i in range(1, 11)] + [f"Q{i}" for i in range(1, len(texts) + 1)],
        ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
         "IPAddress", "Status", "StartDate", "EndDate", "Finished", *texts],
        ["R_1", "Default Response Set", "Anonymous", "", "", "", "0", "2017-03-20 09:00:00",
         "2017-03-20 09:05:00", "1", "In VKontakte", "Other", "3", "2", "Agree", "Female"],
        ["R_2", "Default Response Set", "Anonymous", "", "", "", "0", "2017-03-20 10:00:00",
         "2017-03-20 10:05:00", "1", "In VKontakte", "Other", "3", "2", "Agree", "Male"],
    ]  # fmt: skip
    path = write_rows(tmp_path / "legacy.csv", rows)
    message = fails(path)
    assert f"{path}: this is a legacy Qualtrics export (export tags V1...V10" in message
    assert "Re-export it as CSV" in message
    assert 'three header rows: export tags, question texts and {"ImportId": ...} cells' in message
