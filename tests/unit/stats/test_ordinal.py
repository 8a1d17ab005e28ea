"""Rank and trend tests for ordered answers, from count tables, against scipy and properties;
the published values they are also checked against are in tests/reference/."""

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


def expand(table: np.ndarray) -> list[np.ndarray]:
    return [np.repeat(np.arange(table.shape[1]), row) for row in table.astype(int)]


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
    crosstab = pd.DataFrame(
        {
            "stage": "s",
            "question": "q",
            "question_type": "likert",
            "option": [1, 2, 3] * 3,
            "option_label": ["low", "mid", "high"] * 3,
            "cohort": ["a"] * 3 + ["b"] * 3 + ["all"] * 3,
            "count": [5, 3, 1, 1, 3, 5, 6, 6, 6],
        }
    )
    tests = pd.DataFrame(
        {
            "stage": "s",
            "question": "q",
            "option": pd.array([pd.NA] * 3, dtype="Int64"),
            "weighting": "unweighted",
            "kind": ["nominal", "ordinal", "trend"],
            "test": ["pearson_chi2", "mann_whitney_u", "linear_by_linear"],
            "statistic": [1.0, 2.0, 3.0],
            "p_value": [0.1, 0.2, 0.3],
            "p_adjusted": [0.4, 0.5, 0.6],
        }
    )
    table = ordinal_table(crosstab, tests).set_index("cohort")
    assert list(table.columns[:3]) == ["stage", "question", "question_type"]
    assert table.loc["a", "median_label"] == "low" and table.loc["b", "median_label"] == "high"
    assert table.loc["all", "median_label"] == "mid" and table.loc["all", "n"] == 18
    assert table.loc["a", "ordinal_p_adjusted"] == 0.5 and table.loc["b", "trend_statistic"] == 3.0
    assert (table["nominal_test"] == "pearson_chi2").all()
