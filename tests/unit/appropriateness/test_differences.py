"""Cohort differences in an activity's score: tested, adjusted in one family per wave, and marked
only where significant."""

import pandas as pd

from smmjourney.appropriateness import rated_wave
from smmjourney.appropriateness.differences import REST
from smmjourney.plan import Indicator

RATING = {"combine": "mean", "green_min": 40, "yellow_min": 20, "bootstrap_resamples": 500}
STATISTICS = {"confidence": 0.95, "alpha": 0.05, "p_adjust": "holm", "seed": 11}


def indicator(id, stage="s1", activity="act"):
    return Indicator(stage, activity, activity, id, id, "q1", (1,), "appropriate")


def wave(per_cohort: dict[str, tuple[int, int]]):
    """Answers to q1: per cohort n respondents, the first k choosing option 1."""
    rows = [
        (f"{cohort}{i}", "q1", 1 if i < k else 2)
        for cohort, (n, k) in per_cohort.items()
        for i in range(n)
    ]
    answers = pd.DataFrame(rows, columns=["respondent_id", "question", "code"])
    cohorts = pd.DataFrame(
        {"respondent_id": answers["respondent_id"], "cohort": answers["respondent_id"].str[0]}
    )
    return answers, cohorts


def test_identical_cohorts_never_differ_significantly():
    """Two cohorts answering alike: difference 0, p = 1, nothing marked."""
    answers, cohorts = wave({"a": (80, 30), "b": (80, 30)})
    table, differences, _ = rated_wave(
        answers, cohorts, [indicator("good")], ["a", "b"], RATING, STATISTICS
    )
    assert differences[["diff", "p", "p_adjusted"]].values.tolist() == [[0.0, 1.0, 1.0]]
    assert not differences["significant"].any() and (table["activity_higher_than"] == "").all()


def test_a_clear_difference_is_significant_and_marked_on_the_higher_cohort():
    """70% against 20%: significant, with an interval excluding 0, and a's row says 'higher than
    B'."""
    answers, cohorts = wave({"a": (100, 70), "b": (100, 20)})
    table, differences, _ = rated_wave(
        answers, cohorts, [indicator("good")], ["a", "b"], RATING, STATISTICS
    )
    row = differences.iloc[0]
    assert (row["cohort_a"], row["cohort_b"], row["diff"]) == ("a", "b", 70 - 20)
    assert row["significant"] and row["ci_low"] > 0 and row["test"] == "bootstrap_z"
    marks = table.set_index("cohort")["activity_higher_than"]
    assert (marks["a"], marks["b"]) == ("B", "")


def test_different_colours_without_a_significant_difference_are_not_supported():
    """41% (green) against 39% (yellow) of 100 each: no significant difference, so both rows
    say the difference is not supported."""
    answers, cohorts = wave({"a": (100, 41), "b": (100, 39)})
    table, differences, _ = rated_wave(
        answers, cohorts, [indicator("good")], ["a", "b"], RATING, STATISTICS
    )
    rows = table.set_index("cohort")
    assert list(rows.loc[["a", "b"], "activity_rating"]) == ["green", "yellow"]
    assert not differences["significant"].any()
    assert list(rows.loc[["a", "b"], "difference_not_supported"]) == ["B", "A"]


def test_with_three_cohorts_each_is_also_compared_with_the_rest():
    """Three cohorts: three pairs and three cohort-versus-rest rows, all in one family."""
    answers, cohorts = wave({"a": (60, 40), "b": (60, 20), "c": (60, 10)})
    _, differences, _ = rated_wave(
        answers, cohorts, [indicator("good")], ["a", "b", "c"], RATING, STATISTICS
    )
    assert len(differences) == 6 and (differences["cohort_b"] == REST).sum() == 3
    assert (
        differences["family"].nunique() == 1
        and "(6 distinct comparisons)" in (differences["family"].iloc[0])
    )


def test_the_same_activity_listed_under_two_stages_is_one_hypothesis():
    """An activity with the same indicators in two stages counts once in the family, and both
    copies get the same adjusted p-value."""
    answers, cohorts = wave({"a": (60, 40), "b": (60, 20)})
    indicators = [indicator("good", stage="s1"), indicator("good", stage="s2")]
    _, differences, _ = rated_wave(answers, cohorts, indicators, ["a", "b"], RATING, STATISTICS)
    assert len(differences) == 2 and differences["p_adjusted"].nunique() == 1
    assert "(1 distinct comparisons)" in differences["family"].iloc[0]
