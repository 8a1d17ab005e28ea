"""Direction and size of the rank tests: the probability of superiority with its bootstrap
interval, and which cohort ranks higher."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats

from smmjourney.stats.ordinal import rank_effect

TABLE = np.array([[10, 5, 3, 1], [2, 4, 6, 9]])


def _answers(row: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(row)), row)


def test_probability_of_superiority_is_u_over_n1_n2():
    """The effect is scipy's Mann-Whitney U of the higher cohort divided by n1 n2."""
    effect = rank_effect(TABLE)
    higher, lower = _answers(TABLE[1]), _answers(TABLE[0])
    u = scipy.stats.mannwhitneyu(higher, lower).statistic
    assert effect.measure == "probability_of_superiority"
    assert effect.value == pytest.approx(u / (len(higher) * len(lower)))
    assert effect.higher == 1


def test_the_interval_contains_the_effect_and_is_reproducible():
    """The seeded bootstrap interval holds the estimate and repeats exactly with the same seed."""
    a, b = rank_effect(TABLE, seed=7), rank_effect(TABLE, seed=7)
    assert a.low <= a.value <= a.high and (a.low, a.high) == (b.low, b.high)
    assert rank_effect(TABLE, seed=8).low != a.low


def test_swapping_the_cohorts_swaps_only_the_direction():
    """Listing the cohorts the other way round names the other row and gives the same effect."""
    a, b = rank_effect(TABLE, seed=3), rank_effect(TABLE[::-1], seed=3)
    assert (a.higher, b.higher) == (1, 0)
    assert a.value == pytest.approx(b.value)


def test_identical_cohorts_rank_neither_higher():
    """Two cohorts with the same answers have A = 0.5 and no cohort ranks higher."""
    effect = rank_effect(np.array([[3, 4, 5], [3, 4, 5]]))
    assert effect.value == pytest.approx(0.5) and effect.higher == -1


def test_more_cohorts_get_epsilon_squared_from_kruskal_wallis():
    """With three cohorts the effect is H / (n - 1) and the highest mean rank is named."""
    table = np.array([[10, 5, 3, 1], [2, 4, 6, 9], [5, 5, 5, 5]])
    effect = rank_effect(table)
    h = scipy.stats.kruskal(*(_answers(row) for row in table)).statistic
    assert effect.measure == "epsilon_squared" and effect.higher == 1
    assert effect.value == pytest.approx(h / (table.sum() - 1))
