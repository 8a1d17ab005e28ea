"""The decision rule: support minus resistance, an objection only ever counts against an activity,
and the order of indicators or cohorts changes nothing."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmjourney.appropriateness import rated_wave
from smmjourney.appropriateness.rule import NO_SUPPORT, net_score, rate, rate_activity
from smmjourney.plan import Indicator

RATING = {"combine": "mean", "green_min": 40, "yellow_min": 20, "bootstrap_resamples": 200}
STATISTICS = {"confidence": 0.95, "alpha": 0.05, "p_adjust": "holm", "seed": 7}
SHARES = st.floats(min_value=0, max_value=100, allow_nan=False)
COMBINES = st.sampled_from(["mean", "median", "min", "max"])


def indicator(id, question, options, direction, activity="act", stage="s1"):
    return Indicator(stage, activity, activity, id, id, question, tuple(options), direction)


def wave(chosen: dict[str, dict[str, tuple[int, int]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Answers and cohorts where, per cohort and question, ``(n, k)``: n respondents answered,
    the first k chose option 1, the others option 2."""
    rows, cohort_of = [], {}
    for cohort, questions in chosen.items():
        for question, (n, k) in questions.items():
            for i in range(n):
                rows.append((f"{cohort}{i}", question, 1 if i < k else 2))
                cohort_of[f"{cohort}{i}"] = cohort
    answers = pd.DataFrame(rows, columns=["respondent_id", "question", "code"])
    cohorts = pd.DataFrame({"respondent_id": list(cohort_of), "cohort": list(cohort_of.values())})
    return answers, cohorts


@given(st.lists(SHARES, min_size=1, max_size=5), st.lists(SHARES, max_size=4), SHARES, COMBINES)
def test_adding_an_inappropriate_indicator_never_raises_the_score(for_it, against, extra, combine):
    """An extra objection can only lower an activity's net score or leave it."""
    directions = ["appropriate"] * len(for_it) + ["inappropriate"] * len(against)
    before = net_score(np.array(for_it + against), directions, combine).score
    after = net_score(np.array([*for_it, *against, extra]), [*directions, "inappropriate"], combine)
    assert after.score <= before


@given(st.lists(SHARES, min_size=1, max_size=5), st.lists(SHARES, max_size=4), COMBINES)
def test_an_activity_whose_support_is_all_below_yellow_is_never_green(for_it, against, combine):
    """With every appropriate share below yellow_min, the activity is never green."""
    for_it = [share * 0.199 for share in for_it]
    directions = ["appropriate"] * len(for_it) + ["inappropriate"] * len(against)
    net = net_score(np.array(for_it + against), directions, combine)
    assert rate_activity(net, True, 40, 20) != "green"


def test_an_activity_without_support_is_rated_no_support_measured():
    """Only objections measured: the activity is 'no support measured', whatever they say."""
    net = net_score(np.array([0.0, 3.0]), ["inappropriate", "context"], "mean")
    assert np.isnan(net.score) and net.resistance == 0
    assert rate_activity(net, True, 40, 20) == NO_SUPPORT


def test_an_objection_scores_minus_its_share_and_is_not_rated_alone():
    """An inappropriate indicator's row scores -pct, gets no colour, and the activity is support
    minus the largest objection."""
    answers, cohorts = wave({"a": {"q1": (10, 6), "q2": (10, 3), "q3": (10, 5)}})
    indicators = [
        indicator("good", "q1", [1], "appropriate"),
        indicator("bad", "q2", [1], "inappropriate"),
        indicator("worse", "q3", [1], "inappropriate"),
    ]
    table, _, _ = rated_wave(answers, cohorts, indicators, ["a"], RATING, STATISTICS)
    row = table.set_index(["indicator", "cohort"])
    assert row.loc[("bad", "a"), "score"] == -30 and row.loc[("bad", "a"), "rating"] == ""
    assert (row.loc[("good", "a"), "support"], row.loc[("good", "a"), "resistance"]) == (60, 50)
    assert row.loc[("good", "a"), "activity_score"] == 10
    assert row.loc[("good", "a"), "activity_rating"] == rate(np.array([10.0]), 40, 20)[0]


THREE = {
    "a": {"q1": (40, 30), "q2": (40, 5), "q3": (40, 20)},
    "b": {"q1": (30, 9), "q2": (30, 12), "q3": (30, 10)},
    "c": {"q1": (25, 12), "q2": (25, 3), "q3": (25, 5)},
}
INDICATORS = [
    indicator("x_good", "q1", [1], "appropriate"),
    indicator("y_bad", "q2", [1], "inappropriate"),
    indicator("z_also_good", "q3", [1], "appropriate"),
]
ACTIVITY_COLUMNS = [
    "support",
    "resistance",
    "activity_score",
    "activity_rating",
    "score_low",
    "score_high",
    "p_green",
    "p_yellow",
    "p_red",
    "rating_decided",
]


def activity_rows(table: pd.DataFrame) -> pd.DataFrame:
    rows = table.drop_duplicates(["stage", "activity", "cohort"]).set_index("cohort")
    return rows[ACTIVITY_COLUMNS].sort_index()


def test_the_order_indicators_are_listed_in_changes_nothing():
    """Reversing an activity's indicators gives the same scores, intervals and ratings."""
    answers, cohorts = wave(THREE)
    first, differences, _ = rated_wave(
        answers, cohorts, INDICATORS, list(THREE), RATING, STATISTICS
    )
    again, reordered, _ = rated_wave(
        answers, cohorts, INDICATORS[::-1], list(THREE), RATING, STATISTICS
    )
    pd.testing.assert_frame_equal(activity_rows(first), activity_rows(again))
    pd.testing.assert_frame_equal(differences, reordered)


def test_the_order_cohorts_are_listed_in_changes_nothing():
    """Listing the cohorts in another order gives the same ratings and the same tests per pair."""
    answers, cohorts = wave(THREE)
    first, differences, _ = rated_wave(
        answers, cohorts, INDICATORS, ["a", "b", "c"], RATING, STATISTICS
    )
    again, reordered, _ = rated_wave(
        answers, cohorts, INDICATORS, ["c", "a", "b"], RATING, STATISTICS
    )
    pd.testing.assert_frame_equal(activity_rows(first), activity_rows(again))

    def by_pair(frame):
        return {
            frozenset((row.cohort_a, row.cohort_b)): (
                round(abs(row.diff), 9),
                row.p,
                row.p_adjusted,
            )
            for row in frame.itertuples()
        }

    assert by_pair(differences) == by_pair(reordered)


def test_a_single_cohort_wave_is_rated_without_differences():
    """One cohort: every rating has its interval and probabilities, and nothing is compared."""
    answers, cohorts = wave({"only": THREE["a"]})
    table, differences, sensitivity = rated_wave(
        answers, cohorts, INDICATORS, ["only"], RATING, STATISTICS
    )
    rows = activity_rows(table)
    assert rows[["score_low", "score_high", "p_green", "p_yellow", "p_red"]].notna().all().all()
    assert differences.empty and (table["activity_higher_than"] == "").all()
    assert len(sensitivity) and (sensitivity["ratings"] == 2).all()


def test_the_all_row_with_equal_mix_averages_the_cohorts():
    """rating.all_mix equal: the all row's support is the mean of the cohorts' supports, and the
    row says what it is."""
    answers, cohorts = wave({"a": {"q1": (90, 90)}, "b": {"q1": (10, 0)}})
    rule = {**RATING, "all_mix": "equal"}
    table, _, _ = rated_wave(
        answers,
        cohorts,
        [indicator("good", "q1", [1], "appropriate")],
        ["a", "b"],
        rule,
        STATISTICS,
    )
    pooled = table.set_index("cohort").loc["all"]
    assert pooled["support"] == pytest.approx(50) and "equally" in pooled["sample"]
    sampled, _, _ = rated_wave(
        answers,
        cohorts,
        [indicator("good", "q1", [1], "appropriate")],
        ["a", "b"],
        RATING,
        STATISTICS,
    )
    assert sampled.set_index("cohort").loc["all", "support"] == pytest.approx(90)


@pytest.mark.workflow
def test_on_the_thesis_wave_no_weakly_supported_activity_is_green(thesis_run):
    """Thesis wave: an activity whose appropriate shares are all below yellow_min is not green,
    and every colour difference between cohorts is either significant or 'not supported'."""
    results = thesis_run / "results" / "thesis2017"
    table = pd.read_csv(results / "appropriateness.csv", keep_default_na=False, na_values=[""])
    yellow_min = 20
    for _, block in table.groupby(["stage", "activity", "cohort"]):
        appropriate = block.loc[block["direction"] == "appropriate", "pct"]
        if len(appropriate) and (appropriate < yellow_min).all():
            assert block["activity_rating"].iloc[0] != "green"
    activities = table[table["cohort"] != "all"].drop_duplicates(["stage", "activity", "cohort"])
    assert (
        activities[["score_low", "score_high", "p_green", "p_yellow", "p_red"]].notna().all().all()
    )
    for _, pair in activities.groupby(["stage", "activity"]):
        if pair["activity_rating"].nunique() > 1:
            marked = pair["activity_higher_than"].notna() | pair["difference_not_supported"].notna()
            assert marked.all()
