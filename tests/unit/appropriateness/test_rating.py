"""Ratings follow the configured rule; cohort differences are tested and adjusted within a stage."""

import numpy as np
import pandas as pd

from smmjourney.appropriateness.rating import appropriateness_table, indicator_shares, rate
from smmjourney.plan import Indicator

RATING = {"combine": "mean", "green_min": 40, "yellow_min": 20}
STATISTICS = {"confidence": 0.95, "alpha": 0.05, "p_adjust": "holm", "yates": False}


def indicator(id, options, direction, activity="act", stage="s1", question="q"):
    return Indicator(stage, activity, activity.title(), id, id, question, tuple(options), direction)


def test_rate_uses_the_thresholds_inclusively():
    assert rate(np.array([40, 39.9, 20, 19.9, np.nan]), 40, 20).tolist() == [
        "green",
        "yellow",
        "yellow",
        "red",
        "",
    ]


def test_scores_follow_direction_and_activity_combines_them():
    # cohort a: 10 respondents, 6 chose option 1; cohort b: 10 respondents, 1 chose option 1
    answers = pd.DataFrame(
        [(f"a{i}", "q", 1 if i < 6 else 2) for i in range(10)]
        + [(f"b{i}", "q", 1 if i < 1 else 2) for i in range(10)],
        columns=["respondent_id", "question", "code"],
    )
    cohorts = pd.DataFrame(
        {"respondent_id": answers["respondent_id"], "cohort": answers["respondent_id"].str[0]}
    )
    indicators = [
        indicator("good", [1], "appropriate"),
        indicator("bad", [1], "inappropriate"),
        indicator("ctx", [2], "context"),
    ]
    shares = indicator_shares(answers, cohorts, indicators, ["a", "b"])
    table = appropriateness_table(shares, ["a", "b"], RATING, STATISTICS).set_index(
        ["indicator", "cohort"]
    )
    assert table.loc[("good", "a"), "pct"] == 60 and table.loc[("good", "a"), "rating"] == "green"
    assert table.loc[("bad", "a"), "score"] == -60 and table.loc[("bad", "a"), "rating"] == ""
    assert table.loc[("good", "b"), "rating"] == "red" and table.loc[("bad", "b"), "score"] == -10
    assert np.isnan(table.loc[("ctx", "a"), "score"]) and table.loc[("ctx", "a"), "rating"] == ""
    # support 60 minus resistance 60; context ignored
    assert table.loc[("good", "a"), "activity_score"] == 0
    assert table.loc[("good", "all"), "base"] == 20 and table.loc[("good", "all"), "count"] == 7
    assert table.loc[("good", "a"), "test"] == "fisher_exact"
    assert table.loc[("good", "a"), "p_adjusted"] >= table.loc[("good", "a"), "p_value"]


def test_indicator_with_several_options_counts_each_respondent_once():
    answers = pd.DataFrame(
        [("r1", "m", 1), ("r1", "m", 2), ("r2", "m", 2), ("r3", "m", 3)],
        columns=["respondent_id", "question", "code"],
    )
    cohorts = pd.DataFrame({"respondent_id": ["r1", "r2", "r3"], "cohort": ["a", "a", "a"]})
    shares = indicator_shares(
        answers, cohorts, [indicator("any", [1, 2], "appropriate", question="m")], ["a"]
    )
    row = shares[shares.cohort == "a"].iloc[0]
    assert (row["base"], row["count"]) == (3, 2)


def test_letters_differences_wave_adjustment_and_workbook(tmp_path):
    # cohort a: 60 of 100 chose option 1; cohort b: 20 of 100.
    answers = pd.DataFrame(
        [(f"a{i}", "q", 1 if i < 60 else 2) for i in range(100)]
        + [(f"b{i}", "q", 1 if i < 20 else 2) for i in range(100)],
        columns=["respondent_id", "question", "code"],
    )
    cohorts = pd.DataFrame(
        {"respondent_id": answers["respondent_id"], "cohort": answers["respondent_id"].str[0]}
    )
    indicators = [
        indicator("good", [1], "appropriate"),
        indicator("good", [1], "appropriate", stage="s2"),
    ]
    table = appropriateness_table(
        indicator_shares(answers, cohorts, indicators, ["a", "b"]), ["a", "b"], RATING, STATISTICS
    )
    a = table[(table.stage == "s1") & (table.cohort == "a")].iloc[0]
    assert (a.cohort_letter, a.sig_letters) == ("A", "B")  # 60% vs 20%: z-test p far below 0.01
    assert a.diff_pct == 40 and a.diff_low < 40 < a.diff_high
    assert table[(table.stage == "s1") & (table.cohort == "b")].iloc[0].diff_pct == -40
    # The same indicator in two stages is one hypothesis across the wave.
    assert table.adjustment_wave.unique().tolist() == [
        "holm across the wave (1 distinct indicators)"
    ]
    assert (
        table.p_adjusted_wave.nunique() == 1
        and table.p_adjusted_wave.iloc[0] == table.p_value.iloc[0]
    )
    assert table.pct_weighted.isna().all()
    from openpyxl import load_workbook

    from smmjourney.workbook import write_appropriateness_xlsx

    write_appropriateness_xlsx(
        table,
        {"a": "Cohort a", "b": "Cohort b"},
        tmp_path / "t.xlsx",
        {"s1": "Stage 1", "s2": "Stage 2"},
    )
    rows = list(load_workbook(tmp_path / "t.xlsx")["Table 3"].iter_rows(values_only=True))
    assert rows[0][6:10] == (
        "Cohort a (A) %",
        "Cohort a (A) rating",
        "Cohort a (A) activity rating",
        "Cohort a (A) higher than",
    )
    assert rows[1][9] == "B" and rows[1][-1] == "**"


def test_weighted_shares_with_weights_of_one_equal_the_counts():
    answers = pd.DataFrame(
        [("r1", "m", 1), ("r1", "m", 2), ("r2", "m", 2), ("r3", "m", 3)],
        columns=["respondent_id", "question", "code"],
    )
    cohorts = pd.DataFrame({"respondent_id": ["r1", "r2", "r3"], "cohort": ["a", "a", "b"]})
    ones = pd.Series(1.0, index=["r1", "r2", "r3"])
    shares = indicator_shares(
        answers, cohorts, [indicator("any", [1, 2], "appropriate", question="m")], ["a", "b"], ones
    )
    assert (shares["base_weighted"] == shares["base"]).all() and (
        shares["count_weighted"] == shares["count"]
    ).all()
    table = appropriateness_table(shares, ["a", "b"], RATING, STATISTICS)
    assert np.allclose(table["pct_weighted"], table["pct"]) and np.allclose(
        table["ci_low_weighted"], table["ci_low"]
    )
