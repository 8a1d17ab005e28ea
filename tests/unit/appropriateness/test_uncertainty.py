"""The respondent bootstrap behind every rating: patterns, seeding, intervals, colour
probabilities, the decided or uncertain rating, and the sensitivity table."""

import numpy as np
import pandas as pd
import pytest

from smmjourney.appropriateness import rated_wave
from smmjourney.appropriateness.uncertainty import _patterns, decided_rating
from smmjourney.plan import Indicator

RATING = {"combine": "mean", "green_min": 40, "yellow_min": 20, "bootstrap_resamples": 500}
STATISTICS = {"confidence": 0.95, "alpha": 0.05, "p_adjust": "holm", "seed": 3}


def indicator(id, question, direction):
    return Indicator("s1", "act", "Act", id, id, question, (1,), direction)


def wave(per_cohort: dict[str, tuple[int, int]], copies: int = 1):
    """Respondents answering q1 (n per cohort, the first k choosing option 1), each repeated
    ``copies`` times."""
    rows = [
        (f"{cohort}{i}-{c}", "q1", 1 if i < k else 2)
        for cohort, (n, k) in per_cohort.items()
        for i in range(n)
        for c in range(copies)
    ]
    answers = pd.DataFrame(rows, columns=["respondent_id", "question", "code"])
    cohorts = pd.DataFrame(
        {"respondent_id": answers["respondent_id"], "cohort": answers["respondent_id"].str[0]}
    )
    return answers, cohorts


def rated(answers, cohorts, order, rating=RATING):
    return rated_wave(
        answers, cohorts, [indicator("good", "q1", "appropriate")], order, rating, STATISTICS
    )


def test_patterns_do_not_grow_with_the_number_of_respondents():
    """Ten copies of every respondent give the same patterns, ten times as many of each."""
    rng = np.random.default_rng(0)
    answered = rng.random((50, 3)) < 0.8
    chosen = answered & (rng.random((50, 3)) < 0.5)
    once = _patterns(answered, chosen)
    tenfold = _patterns(np.repeat(answered, 10, axis=0), np.repeat(chosen, 10, axis=0))
    assert np.array_equal(once.answered, tenfold.answered)
    assert np.array_equal(once.count * 10, tenfold.count) and once.count.sum() == 50


def test_a_rerun_gives_the_same_intervals_and_probabilities():
    """The bootstrap is seeded: two runs agree to the last digit."""
    answers, cohorts = wave({"a": (60, 25), "b": (40, 20)})
    first, second = rated(answers, cohorts, ["a", "b"])[0], rated(answers, cohorts, ["a", "b"])[0]
    pd.testing.assert_frame_equal(first, second)


def test_every_rating_has_an_interval_around_its_score_and_probabilities_summing_to_one():
    """score_low <= activity_score <= score_high and p_green + p_yellow + p_red = 1."""
    answers, cohorts = wave({"a": (60, 25), "b": (40, 20)})
    table = rated(answers, cohorts, ["a", "b"])[0]
    assert (table["score_low"] <= table["activity_score"]).all()
    assert (table["activity_score"] <= table["score_high"]).all()
    assert np.allclose(table[["p_green", "p_yellow", "p_red"]].sum(axis=1), 1)


def test_a_score_on_a_threshold_is_uncertain_and_a_clear_one_decided():
    """A share of exactly 40% is uncertain between green and yellow; 90 of 100 is green."""
    answers, cohorts = wave({"a": (100, 40), "b": (100, 90)})
    table = rated(answers, cohorts, ["a", "b"])[0].set_index("cohort")
    assert table.loc["a", "rating_decided"] == "uncertain: green or yellow"
    assert table.loc["b", "rating_decided"] == "green" and table.loc["b", "p_green"] == 1


def test_uncertain_names_every_colour_needed_to_reach_the_level():
    """Three colours each below the level, two together below it too: all three are named."""
    probabilities = {"green": 0.5, "yellow": 0.3, "red": 0.2}
    assert decided_rating(probabilities, 0.95) == "uncertain: green, yellow or red"
    assert decided_rating(probabilities, 0.8) == "uncertain: green or yellow"


def test_the_sensitivity_table_counts_ratings_a_moved_threshold_changes():
    """A score of 42 turns yellow when green_min moves to 45 and stays green at 35."""
    answers, cohorts = wave({"a": (100, 42), "b": (100, 10)})
    sensitivity = rated(answers, cohorts, ["a", "b"])[2].set_index(["setting", "value"])
    # The cohort a and the pooled all row (26%) are rated; b (10%) is red throughout.
    assert sensitivity.loc[("green_min", 45.0), "changed"] == 1
    assert "s1/act/a: green -> yellow" in sensitivity.loc[("green_min", 45.0), "changes"]
    assert sensitivity.loc[("green_min", 35.0), "changed"] == 0
    assert sensitivity.loc[("yellow_min", 25.0), "changed"] == 0
    assert set(sensitivity.loc["combine"].index) == {"median", "min", "max"}


def test_a_threshold_moved_past_the_other_is_listed_as_not_applicable():
    """yellow_min 40 = green_min: moving yellow up by 5 would exceed green and is not counted."""
    answers, cohorts = wave({"a": (10, 5)})
    rule = {**RATING, "yellow_min": 40}
    sensitivity = rated(answers, cohorts, ["a"], rule)[2].set_index(["setting", "value"])
    assert pd.isna(sensitivity.loc[("yellow_min", 45.0), "changed"])
    assert "not applicable" in sensitivity.loc[("yellow_min", 45.0), "changes"]


@pytest.mark.parametrize("resamples", [200, 400])
def test_the_number_of_resamples_is_the_configured_one(resamples):
    """With a score exactly on green_min, p_green is a multiple of 1 / resamples."""
    answers, cohorts = wave({"a": (50, 20)})
    table = rated(answers, cohorts, ["a"], {**RATING, "bootstrap_resamples": resamples})[0]
    share = table.set_index("cohort").loc["a", "p_green"] * resamples
    assert share == pytest.approx(round(share))
