"""The Table 3 workbook: equal tables give equal bytes, a printable layout, ratings in words,
fills that differ beyond colour and headers that cannot run as formulas."""

import os
import stat
import time

import pandas as pd
import pytest
from openpyxl import load_workbook

from smmjourney.appropriateness.rating import appropriateness_table, indicator_shares
from smmjourney.plan import Indicator
from smmjourney.workbook import write_appropriateness_xlsx

RATING = {"combine": "mean", "green_min": 40, "yellow_min": 20}
STATISTICS = {"confidence": 0.95, "alpha": 0.05, "p_adjust": "holm", "yates": False}
STAGES = {"s1": "Stage 1"}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    # cohort a: 60 of 100 chose option 1 (green); cohort b: 10 of 100 (red)
    answers = pd.DataFrame(
        [(f"a{i}", "q", 1 if i < 60 else 2) for i in range(100)]
        + [(f"b{i}", "q", 1 if i < 10 else 2) for i in range(100)],
        columns=["respondent_id", "question", "code"],
    )
    cohorts = pd.DataFrame(
        {"respondent_id": answers["respondent_id"], "cohort": answers["respondent_id"].str[0]}
    )
    indicators = [Indicator("s1", "act", "Act", "good", "Good", "q", (1,), "appropriate")]
    return appropriateness_table(
        indicator_shares(answers, cohorts, indicators, ["a", "b"]), ["a", "b"], RATING, STATISTICS
    )


def write(table, path, labels=None):
    write_appropriateness_xlsx(table, labels or {"a": "Cohort a", "b": "Cohort b"}, path, STAGES)
    return load_workbook(path)


def column(sheet, name):
    return next(cell.column for cell in sheet[1] if cell.value == name)


def test_two_writes_are_byte_identical(table, tmp_path):
    write(table, tmp_path / "one.xlsx")
    time.sleep(2.1)  # zip entry times have a 2-second resolution: the clock must move on
    write(table, tmp_path / "two.xlsx")
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.xlsx", "two.xlsx"]


def test_every_column_has_a_width_a_filter_and_frozen_panes(table, tmp_path):
    workbook = write(table, tmp_path / "t.xlsx")
    for sheet in workbook:
        for cell in sheet[1]:
            assert sheet.column_dimensions[cell.column_letter].width, (sheet.title, cell.value)
        assert sheet.auto_filter.ref == sheet.dimensions
        assert sheet.freeze_panes
        assert sheet.row_dimensions[1].height >= 15
    assert workbook["Table 3"].freeze_panes == "D2"


def test_print_setup(table, tmp_path):
    sheet = write(table, tmp_path / "t.xlsx")["Table 3"]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_formula_like_cohort_label_is_text(table, tmp_path):
    sheet = write(table, tmp_path / "t.xlsx", {"a": "=SUM(A1)", "b": "Cohort b"})["Table 3"]
    labelled = [cell for cell in sheet[1] if "SUM(A1)" in str(cell.value)]
    assert labelled and all(cell.data_type != "f" for cell in labelled)
    assert all(not str(cell.value).startswith("=") for cell in sheet[1])


def test_ratings_are_words_and_fills_differ_beyond_colour(table, tmp_path):
    workbook = write(table, tmp_path / "t.xlsx")
    sheet = workbook["Table 3"]
    columns = [
        column(sheet, f"Cohort {c} ({c.upper()}) {kind}")
        for c in "ab"
        for kind in ("rating", "activity rating")
    ]
    words = [sheet.cell(row=2, column=c).value for c in columns]
    assert words == ["most", "most", "least", "least"]
    table3 = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not {"green", "yellow", "red"} & set(table3)
    green, red = (sheet.cell(row=2, column=columns[i]).fill for i in (0, 2))
    assert green.patternType and red.patternType and green.patternType != red.patternType
    long = workbook["long"]
    ratings = [row[column(long, "rating") - 1] for row in long.iter_rows(values_only=True)]
    assert "green" in ratings


def test_workbook_has_the_mode_of_other_outputs(table, tmp_path):
    umask = os.umask(0o022)
    try:
        write(table, tmp_path / "t.xlsx")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "t.xlsx").stat().st_mode) == 0o644
