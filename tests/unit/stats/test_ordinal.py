"""Rank and trend tests for ordered answers, from count tables, against published values and scipy."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from smmjourney.inference.ordinal import ordinal_table
from smmjourney.stats import ordinal

# R datasets::airquality, Ozone (ppb) in May (Month 5) and August (Month 8), missing values left
# out: value -> number of days.
OZONE_MAY = {1: 1, 4: 1, 6: 1, 7: 1, 8: 1, 11: 3, 12: 1, 14: 2, 16: 1, 18: 2, 19: 1, 23: 2, 28: 1,
             30: 1, 32: 1, 34: 1, 36: 1, 37: 1, 41: 1, 45: 1, 115: 1}
OZONE_AUGUST = {9: 2, 16: 1, 21: 1, 22: 1, 23: 1, 28: 1, 31: 1, 35: 1, 39: 1, 44: 2, 45: 1, 59: 1,
                65: 1, 66: 1, 73: 1, 76: 1, 78: 1, 84: 1, 85: 1, 89: 1, 110: 1, 118: 1, 122: 1, 168: 1}
# Agresti (2007), Table 2.7: infant malformation (absent, present) by mother's alcohol
# consumption (0, <1, 1-2, 3-5, >=6 drinks per day).
MALFORMATION = np.array([[17066, 14464, 788, 126, 37], [48, 38, 5, 1, 1]])


def as_table(*groups: dict) -> np.ndarray:
    values = sorted(set().union(*groups))
    return np.array([[g.get(v, 0) for v in values] for g in groups])


def expand(table: np.ndarray) -> list[np.ndarray]:
    return [np.repeat(np.arange(table.shape[1]), row) for row in table.astype(int)]


def test_mann_whitney_r_airquality_example():
    # R ?wilcox.test: wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5, 8))
    # prints W = 127.5, p-value = 0.0001208 (normal approximation with ties and continuity
    # correction).
    result = ordinal.mann_whitney_u(as_table(OZONE_MAY, OZONE_AUGUST))
    assert result.test == "mann_whitney_u"
    assert result.statistic == 127.5
    assert result.p_value == pytest.approx(0.0001208, abs=5e-8)


def test_kruskal_wallis_r_hollander_wolfe_example():
    # R ?kruskal.test (Hollander & Wolfe 1973, p. 116): x <- c(2.9, 3.0, 2.5, 2.6, 3.2);
    # y <- c(3.8, 2.7, 4.0, 2.4); z <- c(2.8, 3.4, 3.7, 2.2, 2.0) ->
    # Kruskal-Wallis chi-squared = 0.77143, df = 2, p-value = 0.68.
    groups = [[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]]
    table = as_table(*({v: 1 for v in g} for g in groups))
    result = ordinal.kruskal_wallis(table)
    assert result.statistic == pytest.approx(0.77143, abs=5e-6)
    assert result.dof == 2 and round(result.p_value, 2) == 0.68


def test_linear_by_linear_agresti_malformation():
    # Agresti (2007), Sec. 2.5.2-2.5.3: with alcohol scores (0, 0.5, 1.5, 4.0, 7.0), r = 0.0142
    # and M² = (32,574 - 1)(0.0142)² = 6.6, P-value = 0.01; with equally spaced scores
    # (1, 2, 3, 4, 5) M² = 1.83, P = 0.18.
    scored = ordinal.linear_by_linear(MALFORMATION, column_scores=[0, 0.5, 1.5, 4.0, 7.0])
    n = MALFORMATION.sum()
    assert n == 32574 and round(np.sqrt(scored.statistic / (n - 1)), 4) == 0.0142
    assert round(scored.statistic, 1) == 6.6 and round(scored.p_value, 2) == 0.01
    equal = ordinal.linear_by_linear(MALFORMATION)
    assert round(equal.statistic, 2) == 1.83 and round(equal.p_value, 2) == 0.18
    assert equal.dof == 1 and equal.n == MALFORMATION.sum()


@st.composite
def ordered_tables(draw, rows=None):
    r = rows or draw(st.integers(2, 4))
    c = draw(st.integers(2, 5))
    cells = draw(st.lists(st.integers(0, 25), min_size=r * c, max_size=r * c))
    return np.array(cells).reshape(r, c)


@settings(max_examples=150, deadline=None)
@given(ordered_tables(rows=2))
def test_mann_whitney_matches_scipy(table):
    result = ordinal.mann_whitney_u(table)
    x, y = expand(table)
    if result.test == "not_testable":
        assert len(x) == 0 or len(y) == 0 or len(set(np.concatenate([x, y]))) < 2
        return
    ref = scipy.stats.mannwhitneyu(x, y, use_continuity=True, method="asymptotic")
    assert result.statistic == pytest.approx(min(ref.statistic, len(x) * len(y) - ref.statistic))
    assert result.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-12)
    assert 0 <= result.p_value <= 1


@settings(max_examples=150, deadline=None)
@given(ordered_tables())
def test_kruskal_wallis_matches_scipy(table):
    result = ordinal.kruskal_wallis(table)
    samples = [s for s in expand(table) if len(s)]
    if result.test == "not_testable":
        assert len(samples) < 2 or len(set(np.concatenate(samples))) < 2
        return
    ref = scipy.stats.kruskal(*samples)
    assert result.statistic == pytest.approx(max(ref.statistic, 0.0), rel=1e-9, abs=1e-9)
    if np.isnan(ref.pvalue):  # scipy returns NaN when rounding leaves H a hair below zero
        assert abs(ref.statistic) < 1e-9 and result.p_value == 1.0
    else:
        assert result.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(ordered_tables(rows=2))
def test_linear_by_linear_is_n_minus_1_times_r_squared(table):
    result = ordinal.linear_by_linear(table)
    x, y = expand(table)
    if result.test == "not_testable":
        return
    rows = np.concatenate([np.zeros(len(x)), np.ones(len(y))])
    cols = np.concatenate([x, y]) + 1.0
    r = np.corrcoef(rows, cols)[0, 1]
    assert result.statistic == pytest.approx((len(rows) - 1) * r * r, rel=1e-9, abs=1e-12)
    assert 0 <= result.p_value <= 1


@settings(max_examples=100, deadline=None)
@given(ordered_tables(), st.data())
def test_rank_test_does_not_depend_on_cohort_order(table, data):
    order = data.draw(st.permutations(range(table.shape[0])))
    a, b = ordinal.rank_test(table), ordinal.rank_test(table[order])
    assert a.test == b.test
    assert a.p_value == pytest.approx(b.p_value, nan_ok=True)


def test_linear_by_linear_needs_scores_for_more_than_two_cohorts():
    table = np.array([[5, 3, 1], [2, 2, 2], [1, 3, 5]])
    assert ordinal.linear_by_linear(table).test == "not_testable"
    assert ordinal.linear_by_linear(table, row_scores=[1, 2, 3]).test == "linear_by_linear"
    assert ordinal.rank_test(table).test == "kruskal_wallis"
    with pytest.raises(ValueError, match="2 rows"):
        ordinal.mann_whitney_u(table)


def test_untestable_tables():
    assert ordinal.mann_whitney_u([[0, 5, 0], [0, 3, 0]]).test == "not_testable"
    assert ordinal.kruskal_wallis([[1, 2], [0, 0], [0, 0]]).test == "not_testable"
    assert math.isnan(ordinal.kruskal_wallis(np.zeros((3, 3))).p_value)


def test_summary_median_and_mean():
    # Answers 1, 2, 2, 4: median (2 + 2) / 2 = 2, mean 9 / 4.
    assert ordinal.ordinal_summary([1, 2, 0, 1], [1, 2, 3, 4]) == (4, 2.0, 2.25)
    assert ordinal.ordinal_summary([1, 1, 0, 0], [1, 2, 3, 4]) == (2, 1.5, 1.5)
    n, median, mean = ordinal.ordinal_summary([0, 0], [1, 2])
    assert n == 0 and math.isnan(median) and math.isnan(mean)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=2, max_size=6))
def test_summary_matches_numpy(counts):
    values = np.repeat(np.arange(1, len(counts) + 1), counts)
    n, median, mean = ordinal.ordinal_summary(counts, np.arange(1, len(counts) + 1))
    assert n == len(values)
    if n:
        assert median == np.median(values) and mean == pytest.approx(values.mean())


def test_ordinal_table_carries_the_question_tests():
    crosstab = pd.DataFrame({
        "stage": "s", "question": "q", "question_type": "likert", "option": [1, 2, 3] * 3,
        "option_label": ["low", "mid", "high"] * 3, "cohort": ["a"] * 3 + ["b"] * 3 + ["all"] * 3,
        "count": [5, 3, 1, 1, 3, 5, 6, 6, 6],
    })
    tests = pd.DataFrame({
        "stage": "s", "question": "q", "option": pd.array([pd.NA] * 3, dtype="Int64"), "weighting": "unweighted",
        "kind": ["nominal", "ordinal", "trend"], "test": ["pearson_chi2", "mann_whitney_u", "linear_by_linear"],
        "statistic": [1.0, 2.0, 3.0], "p_value": [0.1, 0.2, 0.3], "p_adjusted": [0.4, 0.5, 0.6],
    })
    table = ordinal_table(crosstab, tests).set_index("cohort")
    assert list(table.columns[:3]) == ["stage", "question", "question_type"]
    assert table.loc["a", "median_label"] == "low" and table.loc["b", "median_label"] == "high"
    assert table.loc["all", "median_label"] == "mid" and table.loc["all", "n"] == 18
    assert table.loc["a", "ordinal_p_adjusted"] == 0.5 and table.loc["b", "trend_statistic"] == 3.0
    assert (table["nominal_test"] == "pearson_chi2").all()
