"""Coding answers from real and hostile exports (issue #10, defects 2, 3 and 4).

Google Forms' own CSV download joins checkbox answers with ``;`` where its linked Sheet uses
``, ``: the joiner is read from the answers, and a cell of known labels is never taken for
'Other' text. An SPSS value label the codebook lacks stops the run when some case has it and is
reported when none has. Splitting a cell is linear and not recursive, with the results of the
recursive splitter it replaced (kept below as the oracle). Messages quote cells capped and with
personal data masked.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmjourney.clean.coding import clean_sources, split_multiple, split_with_other
from smmjourney.clean.quality import RULES
from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import codebook_from_dict
from smmjourney.text import normalize_text
from survey_exports import (
    TEST_CODEBOOK,
    Person,
    google_forms_rows,
    sample_wave,
    source_for,
    write_export,
    write_google_forms,
    write_google_forms_download,
)
from survey_exports import _write_rows as write_rows

BOOK = codebook_from_dict(TEST_CODEBOOK, "hardening-codebook")
PRIZES = "Which prizes would you like to win?"
NO_RULES = {name: {"enabled": False} for name in RULES}


def clean(sources: list[dict], book=BOOK):
    """The wave cleaned with every quality rule off, so every row is kept."""
    return clean_sources(sources, book, [], NO_RULES, b"salt", ["q_channel", "q_prizes"])


def fails(sources: list[dict], book=BOOK) -> str:
    with pytest.raises(SurveyInputError) as error:
        clean(sources, book)
    return str(error.value)


def coded(wave) -> pd.DataFrame:
    """The answers by respondent row, question and code, in a stable order."""
    frame = wave.answers.assign(question=wave.answers["question"].astype(str))
    return frame.sort_values(["respondent", "question", "code"]).reset_index(drop=True)


def with_prizes(tmp_path: Path, cells: list[str], name: str = "gf.csv") -> Path:
    """A Google Forms (Sheet) export of one respondent per cell of q_prizes."""
    people = [Person({"q_channel": [1]}) for _ in cells]
    rows = google_forms_rows(BOOK, people, "en")
    column = rows[0].index(PRIZES)
    for row, cell in zip(rows[1:], cells, strict=True):
        row[column] = cell
    return write_rows(tmp_path / name, rows)


# --------------------------------------------------------------------------
# Defect 2: the ';' joiner of Google Forms' own CSV download
# --------------------------------------------------------------------------


def test_a_google_forms_download_joined_with_semicolons_codes_as_its_sheet(tmp_path):
    """The form's CSV download (';') gives the answers and 'Other' text of the linked Sheet."""
    people = sample_wave("en")
    sheet = write_google_forms(tmp_path / "sheet.csv", BOOK, people, "en")
    download = write_google_forms_download(tmp_path / "download.csv", BOOK, people, "en")
    from_sheet = clean([source_for("google_forms", sheet, "en")])
    from_download = clean([source_for("google_forms", download, "en")])
    pd.testing.assert_frame_equal(coded(from_download), coded(from_sheet))
    pd.testing.assert_frame_equal(from_download.other_text, from_sheet.other_text)


def test_the_cleaning_report_says_a_source_was_read_as_joined_with_semicolons(tmp_path):
    """A source whose answers read as joined with ';' has a multi_separator report line."""
    download = write_google_forms_download(tmp_path / "d.csv", BOOK, sample_wave("en"), "en")
    report = pd.DataFrame(clean([source_for("google_forms", download, "en")]).report)
    line = report[report["measure"] == "multi_separator"]
    assert line["value"].tolist() == ["';'"]


def test_a_cell_of_labels_joined_with_semicolons_in_a_sheet_export_is_not_other_text(tmp_path):
    """A ';'-joined cell of known labels among ', '-joined ones stops, naming both cells."""
    path = with_prizes(
        tmp_path,
        [
            "Any products, I want to win, Products I already use",
            "Products I already use;None, I never take part",
        ],
    )
    message = fails([source_for("google_forms", path, "en")])
    assert f"{path}: the checkbox answers read as joined with ', ' in some cells" in message
    assert "row 1 (line 2), column 'Which prizes would you like to win?'" in message
    assert (
        "row 2 (line 3), column 'Which prizes would you like to win?': 'Products I already "
        "use;None, I never take part' reads as the options 'Products I already use' and "
        "'None, I never take part' only when the options are joined with ';'" in message
    )
    assert 'set multi_separator: ";" or multi_separator: ", "' in message


def test_a_cell_that_reads_as_different_options_with_each_joiner_stops(tmp_path):
    """With no other evidence, a cell reading differently with ', ' and ';' is not guessed."""
    raw = {
        "survey": "ambiguous",
        "languages": ["en"],
        "questions": [
            {
                "id": "q_pick",
                "type": "multiple_choice",
                "text": {"en": "Pick"},
                "options": [
                    {"code": 1, "label": {"en": "a, b"}},
                    {"code": 2, "label": {"en": "c"}},
                    {"code": 3, "label": {"en": "a"}},
                    {"code": 4, "label": {"en": "b; c"}},
                ],
            }
        ],
    }
    book = codebook_from_dict(raw, "ambiguous-codebook")
    path = write_rows(
        tmp_path / "gf.csv", [["Timestamp", "Pick"], ["2017/03/20 10:00:00", "a, b; c"]]
    )
    message = fails([source_for("google_forms", path, "en")], book)
    assert (
        f"{path}, row 1 (line 2), column 'Pick': found the answer 'a, b; c', which reads as the "
        "options 'a' and 'b; c' when joined with ', ' and as the options 'a, b' and 'c' when "
        "joined with ';'" in message
    )
    assert 'set multi_separator: ";" or multi_separator: ", "' in message


def test_a_configured_separator_is_trusted_for_other_text(tmp_path):
    """With multi_separator set, text that would read as labels with another joiner is 'Other'."""
    people = [Person({"q_prizes": [2, 9]}, other={"q_prizes": "Products I already use, again"})]
    path = write_google_forms_download(tmp_path / "d.csv", BOOK, people, "en")
    source = {**source_for("google_forms", path, "en"), "multi_separator": ";"}
    assert clean([source]).other_text["text"].tolist() == ["Products I already use, again"]


def test_an_unknown_cell_that_reads_with_another_joiner_suggests_it(tmp_path):
    """A plain table's cell that reads as labels joined with ';' suggests multi_separator: ';'."""
    rows = [
        ["respondent", "q_prizes"],
        ["r1", "Any products, I want to win;Products I already use"],
    ]
    path = write_rows(tmp_path / "plain.csv", rows)
    source = {**source_for("csv", path, "en"), "metadata_columns": {"respondent_id": "respondent"}}
    message = fails([source])
    assert (
        f"{path}, row 1 (line 2), column 'q_prizes': found the answer 'Any products, I want to "
        "win;Products I already use'" in message
    )
    assert (
        "it reads as known options joined with ';': if the export joins them so, set "
        'multi_separator: ";" in the source\'s configuration' in message
    )


# --------------------------------------------------------------------------
# Defect 3: SPSS value labels the codebook lacks
# --------------------------------------------------------------------------


def spss_with_gender_labels(tmp_path: Path, name: str, diverse_case: int | None) -> Path:
    """An SPSS export whose gender variable also labels 3 'Diverse' (case ``diverse_case`` has
    it, if any)."""
    import pyreadstat

    path = write_export("spss", tmp_path, BOOK, sample_wave("en")[:3], "en", name)
    frame, meta = pyreadstat.read_sav(str(path))
    if diverse_case is not None:
        frame.loc[diverse_case - 1, "gender"] = 3.0
    labels = dict(meta.variable_value_labels)
    labels["gender"] = {1.0: "Female", 2.0: "Male", 3.0: "Diverse"}
    pyreadstat.write_sav(
        frame, str(path), column_labels=meta.column_labels, variable_value_labels=labels
    )
    return path


def test_an_spss_value_label_the_codebook_lacks_that_a_case_has_stops_naming_it(tmp_path):
    """A second source's extra option that a respondent chose stops with value and options."""
    first = write_export("spss", tmp_path, BOOK, sample_wave("en")[:3], "en", "first")
    second = spss_with_gender_labels(tmp_path, "second", diverse_case=2)
    message = fails([source_for("spss", first, "en", "a"), source_for("spss", second, "en", "b")])
    assert (
        f"{second}, row 2 (case 2), column 'gender (Your gender)': found the answer 'Diverse', "
        "the label of the value '3', which the codebook does not know for question gender; "
        "expected one of the codebook's options 1 'Female'; 2 'Male'" in message
    )


def test_an_spss_value_label_the_codebook_lacks_that_no_case_has_is_reported(tmp_path):
    """A second source's extra option nobody chose is a report line naming it, not silence."""
    first = write_export("spss", tmp_path, BOOK, sample_wave("en")[:3], "en", "first")
    second = spss_with_gender_labels(tmp_path, "second", diverse_case=None)
    wave = clean([source_for("spss", first, "en", "a"), source_for("spss", second, "en", "b")])
    report = pd.DataFrame(wave.report)
    lines = report[report["measure"] == "undeclared_value_label"]
    assert lines["source"].tolist() == ["b"]
    assert lines["detail"].tolist() == [
        "gender (Your gender): the value label 'Diverse' (of the value '3') is not an option of "
        "question gender in the codebook (no case has it; the codebook's options: 1 'Female'; "
        "2 'Male')"
    ]


# --------------------------------------------------------------------------
# Defect 4: splitting is linear and not recursive, with the old results
# --------------------------------------------------------------------------


def recursive_split_multiple(cell: str, labels: dict[str, int], separator: str):
    """The splitter of commit 37385c5 (recursive, about cubic): the oracle."""
    joiner = separator.strip() or separator
    pieces = cell.split(joiner)

    @functools.cache
    def parse(start: int):
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


def recursive_split_with_other(cell: str, labels: dict[str, int], separator: str):
    """The 'Other' splitter of commit 37385c5: the oracle."""
    joiner = separator.strip() or separator
    pieces = cell.split(joiner)
    best = None
    for start in range(len(pieces)):
        head = (
            recursive_split_multiple(joiner.join(pieces[:start]), labels, separator)
            if start
            else []
        )
        if head is None:
            continue
        for end in range(len(pieces), start, -1):
            if best is not None and end - start >= best[0]:
                continue
            tail = (
                recursive_split_multiple(joiner.join(pieces[end:]), labels, separator)
                if end < len(pieces)
                else []
            )
            if tail is not None:
                best = (end - start, head + tail, joiner.join(pieces[start:end]).strip())
    return None if best is None else (best[1], best[2])


WORDS = ["a", "b", " A", "x", "", " ", "Ё", "е", "\uff0c", "\ufe54", "\u0301", "é", "ß"]


@settings(max_examples=300, deadline=None)
@given(
    separator=st.sampled_from([", ", ";", " | ", ",", " ", "and"]),
    label_words=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), max_size=5),
    cell_words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=8),
)
def test_splitting_gives_the_results_of_the_recursive_splitter(separator, label_words, cell_words):
    """split_multiple and split_with_other agree with the recursive splitter they replaced."""
    joiner = separator.strip() or separator
    labels: dict[str, int] = {}
    for code, words in enumerate(label_words):
        labels.setdefault(normalize_text(joiner.join(words)), code)
    cell = joiner.join(cell_words)
    assert split_multiple(cell, labels, separator) == recursive_split_multiple(
        cell, labels, separator
    )
    assert split_with_other(cell, labels, separator) == recursive_split_with_other(
        cell, labels, separator
    )


def test_a_thousand_repeated_labels_read_as_that_label():
    """1,000 repetitions of a label give its code 1,000 times, not a RecursionError."""
    assert split_multiple(", ".join(["Food"] * 1000), {"food": 1}, ", ") == [1] * 1000


def test_an_other_text_of_ten_thousand_pieces_is_cleaned_whole(tmp_path):
    """A 10,000-piece 'Other' text beside a label is coded and kept as one text."""
    text = ", ".join(f"word{i}" for i in range(10_000))
    path = with_prizes(tmp_path, [f"Products I already use, {text}", "Products I already use"])
    wave = clean([source_for("google_forms", path, "en")])
    prizes = wave.answers[wave.answers["question"] == "q_prizes"]
    assert prizes.groupby("respondent")["code"].apply(list).tolist() == [[2, 9], [2]]
    assert wave.other_text["text"].tolist() == [text]


# --------------------------------------------------------------------------
# Quoting cells in messages
# --------------------------------------------------------------------------


def test_an_unknown_answer_is_quoted_capped_and_without_personal_data(tmp_path):
    """A long unknown answer with an e-mail is quoted cut to 200 characters, the e-mail masked."""
    cell = "write to ivan.petrov@example.com " + "x" * 5000
    path = write_rows(tmp_path / "plain.csv", [["respondent", "gender"], ["r1", cell]])
    source = {**source_for("csv", path, "en"), "metadata_columns": {"respondent_id": "respondent"}}
    message = fails([source])
    assert "found the answer 'write to [e-mail] xxx" in message
    assert f"' ({len(cell)} characters)" in message
    assert "ivan.petrov" not in message
    assert len(message) < 1000
