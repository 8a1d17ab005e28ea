"""Tests for smmjourney.stats against reference libraries (scipy, statsmodels) and properties;
the published values they are also checked against are in tests/reference/."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from smmjourney import stats

# Agresti (2007), An Introduction to Categorical Data Analysis, 2nd ed., Table 2.5:
# party identification (Democrat, Independent, Republican) by gender.
# The same table is the example in R's ?chisq.test ("From Agresti(2007) p.39").
AGRESTI_PARTY = np.array([[762, 327, 468], [484, 239, 477]])


# --------------------------------------------------------------------------
# Test choice: Yates, Monte-Carlo, Cochran's rule
# --------------------------------------------------------------------------


def test_yates_matches_scipy_correction():
    table = np.array([[30, 12], [15, 25]])
    res = stats.independence_test(table, yates=True)
    ref = scipy.stats.chi2_contingency(table, correction=True)  # reference
    assert res.test == "pearson_chi2_yates"
    assert res.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-10)
    assert res.dof == 1
    plain = scipy.stats.chi2_contingency(table, correction=False)
    # V is always from the uncorrected statistic.
    assert res.cramers_v == pytest.approx(math.sqrt(plain.statistic / table.sum()))


def test_yates_ignored_for_larger_tables():
    res = stats.independence_test(AGRESTI_PARTY, yates=True)
    assert res.test == "pearson_chi2"


def test_yates_not_used_when_cochran_fails():
    res = stats.independence_test([[3, 1], [1, 3]], yates=True)
    assert res.test == "fisher_exact"


def _exact_permutation_p(table):
    """Exact P(X² >= X²_obs) over every table with the observed margins (multiple
    hypergeometric)."""
    from itertools import product
    from math import comb

    table = np.asarray(table)
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    n = table.sum()
    expected = np.outer(rows, cols) / n
    observed = np.sum((table - expected) ** 2 / expected)
    # Probability of a table with fixed margins: prod_i prod_j C(...) computed column by column.
    total = p_extreme = 0.0
    first_rows = [range(min(rows[0], c) + 1) for c in cols]
    for first in product(*first_rows):
        if sum(first) != rows[0]:
            continue
        second = cols - np.array(first)
        if table.shape[0] == 2:
            if np.any(second < 0) or second.sum() != rows[1]:
                continue
            candidate = np.vstack([first, second])
        else:
            raise ValueError("the oracle enumerates 2-row tables only")
        prob = np.prod([comb(int(cols[j]), int(first[j])) for j in range(len(cols))]) / comb(
            int(n), int(rows[0])
        )
        total += prob
        if np.sum((candidate - expected) ** 2 / expected) >= observed * (1 - 1e-12):
            p_extreme += prob
    assert total == pytest.approx(1.0)
    return p_extreme


def test_large_table_failing_cochran_gets_a_seeded_monte_carlo_test():
    table = np.array([[3, 1, 2, 0], [1, 4, 3, 5]])
    res = stats.independence_test(table, seed=7, resamples=20000, key="q")
    ref = scipy.stats.chi2_contingency(table, correction=False)
    assert res.test == "monte_carlo_chi2" and not res.cochran_ok
    assert "Monte-Carlo" in res.reason and "seed 7" in res.reason and "20000" in res.reason
    assert res.statistic == pytest.approx(ref.statistic) and res.resamples == 20000
    # Oracle: the exact permutation p-value by enumerating every table with these margins.
    exact = _exact_permutation_p(table)
    se = math.sqrt(exact * (1 - exact) / 20000)
    assert abs(res.p_value - exact) < 4 * se
    # Same seed and key: same p-value; another key: another stream.
    assert stats.independence_test(table, seed=7, resamples=20000, key="q").p_value == res.p_value
    assert (
        stats.independence_test(table, seed=7, resamples=20000, key="other").p_value != res.p_value
    )


def test_monte_carlo_does_not_depend_on_row_or_column_order():
    table = np.array([[3, 1, 2], [1, 3, 3], [0, 2, 1]])
    a = stats.monte_carlo_chi2(table, 2000, seed=3, key="k")
    b = stats.monte_carlo_chi2(table[[2, 0, 1]][:, [1, 2, 0]], 2000, seed=3, key="k")
    assert a == b
    assert 0 < a <= 1


def test_monte_carlo_invalid_resamples():
    with pytest.raises(ValueError, match="resamples"):
        stats.monte_carlo_chi2([[1, 2], [3, 4]], 0)


def test_cochran_20_percent_boundary():
    # 2x5 table: one of ten cells below 5 (10%) is allowed.
    table = np.array([[2, 20, 20, 20, 20], [8, 20, 20, 20, 20]])
    res = stats.independence_test(table)
    assert res.min_expected == pytest.approx(82 * 10 / 170)  # 4.82
    assert res.cochran_ok
    assert res.test == "pearson_chi2"


# --------------------------------------------------------------------------
# Not testable
# --------------------------------------------------------------------------


def test_not_testable_single_answer_column():
    res = stats.independence_test([[0, 5, 0], [0, 7, 0]])
    assert res.test == "not_testable"
    assert "same answer" in res.reason
    assert res.dof == 0
    assert res.n == 12
    assert not res.cochran_ok
    for value in (res.statistic, res.p_value, res.cramers_v):
        assert math.isnan(value)


def test_not_testable_single_cohort_row():
    res = stats.independence_test([[4, 2, 1], [0, 0, 0]])
    assert res.test == "not_testable"
    assert "one cohort" in res.reason
    assert res.dof == 0
    assert math.isnan(res.p_value)


def test_not_testable_empty_table():
    res = stats.independence_test(np.zeros((3, 2)))
    assert res.test == "not_testable"
    assert res.n == 0


def test_zero_rows_and_columns_are_dropped():
    padded = np.zeros((4, 5), dtype=int)
    padded[np.ix_([0, 2], [1, 2, 4])] = AGRESTI_PARTY
    assert stats.independence_test(padded) == stats.independence_test(AGRESTI_PARTY)
    assert stats.cramers_v(padded) == pytest.approx(stats.cramers_v(AGRESTI_PARTY))


@pytest.mark.parametrize(
    "table, message",
    [
        ([1, 2, 3], "2-dimensional"),
        ([[1, -1], [2, 3]], "non-negative"),
        ([[1, 2.5], [2, 3]], "integer"),
        ([[1, np.nan], [2, 3]], "finite"),
    ],
)
def test_invalid_tables_raise(table, message):
    with pytest.raises(ValueError, match=message):
        stats.independence_test(table)


# --------------------------------------------------------------------------
# Adjusted residuals and Cramér's V
# --------------------------------------------------------------------------


def test_adjusted_residuals_nan_for_empty_margins():
    res = stats.adjusted_residuals([[5, 0, 3], [2, 0, 6]])
    assert np.all(np.isnan(res[:, 1]))
    assert np.all(np.isfinite(res[:, [0, 2]]))


def test_cramers_v_agresti():
    ref = scipy.stats.contingency.association(AGRESTI_PARTY, method="cramer")
    assert stats.cramers_v(AGRESTI_PARTY) == pytest.approx(ref, rel=1e-12)
    assert stats.independence_test(AGRESTI_PARTY).cramers_v == pytest.approx(ref)


def test_cramers_v_perfect_association_and_degenerate():
    assert stats.cramers_v([[10, 0, 0], [0, 5, 0], [0, 0, 7]]) == pytest.approx(1.0)
    assert math.isnan(stats.cramers_v([[1, 2], [0, 0]]))


# --------------------------------------------------------------------------
# Wilson interval
# --------------------------------------------------------------------------


WILSON_CASES = [(0, 20), (20, 20), (1, 29), (15, 148), (81, 263), (7, 7), (0, 1), (3, 10)]


@pytest.mark.parametrize("confidence", [0.90, 0.95, 0.99])
def test_wilson_matches_statsmodels(confidence):
    counts = np.array([c for c, _ in WILSON_CASES])
    bases = np.array([b for _, b in WILSON_CASES])
    low, high = stats.wilson_interval(counts, bases, confidence)
    ref_low, ref_high = proportion_confint(counts, bases, alpha=1 - confidence, method="wilson")
    np.testing.assert_allclose(low, ref_low, atol=1e-12)
    np.testing.assert_allclose(high, ref_high, atol=1e-12)


def test_wilson_extremes_and_zero_base():
    low, high = stats.wilson_interval([0, 5, 0], [5, 5, 0])
    assert low[0] == 0.0 and high[1] == 1.0
    assert 0.0 < high[0] < 1.0 and 0.0 < low[1] < 1.0
    assert math.isnan(low[2]) and math.isnan(high[2])


def test_wilson_scalar_and_broadcast():
    low, high = stats.wilson_interval(3, 10)
    assert np.ndim(low) == 0 and float(low) < 0.3 < float(high)
    low, high = stats.wilson_interval([1, 2, 3], 10)
    assert low.shape == (3,)
    assert np.all(np.diff(low) > 0)


@pytest.mark.parametrize(
    "count, base, confidence, message",
    [
        (5, 4, 0.95, "exceed"),
        (-1, 4, 0.95, "non-negative"),
        (1, 4, 1.0, "confidence"),
        (1, 4, 0.0, "confidence"),
        (np.inf, 4, 0.95, "finite"),
    ],
)
def test_wilson_invalid(count, base, confidence, message):
    with pytest.raises(ValueError, match=message):
        stats.wilson_interval(count, base, confidence)


# --------------------------------------------------------------------------
# Multiple testing
# --------------------------------------------------------------------------


P_VECTORS = [
    [0.01, 0.04, 0.03, 0.005, 0.5, 0.2],
    [0.001, 0.001, 0.02, 0.02, 0.9],
    [0.04],
    [0.3, 0.6, 0.9, 1.0],
    # Benjamini & Hochberg (1995, JRSS B 57:289-300), Sec. 4 worked example.
    [
        0.0001,
        0.0004,
        0.0019,
        0.0095,
        0.0201,
        0.0278,
        0.0298,
        0.0344,
        0.0459,
        0.3240,
        0.4262,
        0.5719,
        0.6528,
        0.7590,
        1.0,
    ],
]


@pytest.mark.parametrize("method", ["holm", "bonferroni", "fdr_bh"])
@pytest.mark.parametrize("pvals", P_VECTORS)
def test_adjust_matches_statsmodels(method, pvals):
    ref = multipletests(pvals, method=method)[1]  # statsmodels reference
    np.testing.assert_allclose(stats.adjust_p_values(pvals, method), ref, rtol=1e-12)


@pytest.mark.parametrize("method", ["holm", "bonferroni", "fdr_bh"])
def test_adjust_nan_pass_through(method):
    pvals = np.array([0.01, np.nan, 0.04, 0.03, np.nan, 0.5])
    out = stats.adjust_p_values(pvals, method)
    assert np.isnan(out[[1, 4]]).all()
    finite = ~np.isnan(pvals)
    ref = multipletests(pvals[finite], method=method)[1]  # m = 4, not 6
    np.testing.assert_allclose(out[finite], ref, rtol=1e-12)


def test_adjust_edge_cases():
    assert stats.adjust_p_values([]).shape == (0,)
    assert np.isnan(stats.adjust_p_values([np.nan, np.nan])).all()
    assert stats.adjust_p_values(0.2, "bonferroni") == pytest.approx(0.2)


def test_adjust_invalid():
    with pytest.raises(ValueError, match="'bonferroni', 'fdr_bh', 'holm'"):
        stats.adjust_p_values([0.1], "hochberg")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        stats.adjust_p_values([0.1, 1.2])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0) | st.just(math.nan), min_size=1, max_size=20),
    st.sampled_from(["holm", "bonferroni", "fdr_bh"]),
)
def test_adjust_properties(pvals, method):
    p = np.array(pvals)
    out = stats.adjust_p_values(p, method)
    nan = np.isnan(p)
    assert np.array_equal(np.isnan(out), nan)
    assert np.all(out[~nan] <= 1.0)
    assert np.all(out[~nan] >= p[~nan] - 1e-15)
    order = np.argsort(p[~nan], kind="stable")
    assert np.all(np.diff(out[~nan][order]) >= -1e-15)  # monotone in p


# --------------------------------------------------------------------------
# Property tests for test_independence
# --------------------------------------------------------------------------


@st.composite
def count_tables(draw):
    rows = draw(st.integers(2, 4))
    cols = draw(st.integers(2, 5))
    cells = draw(st.lists(st.integers(0, 50), min_size=rows * cols, max_size=rows * cols))
    return np.array(cells).reshape(rows, cols)


@settings(max_examples=200, deadline=None)
@given(count_tables())
def test_pearson_matches_scipy(table):
    res = stats.independence_test(table, resamples=200)
    reduced = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(reduced.shape) < 2:
        assert res.test == "not_testable"
        return
    ref = scipy.stats.chi2_contingency(reduced, correction=False)
    assert res.dof == ref.dof
    assert res.min_expected == pytest.approx(ref.expected_freq.min(), rel=1e-12)
    v = math.sqrt(ref.statistic / (reduced.sum() * (min(reduced.shape) - 1)))
    assert res.cramers_v == pytest.approx(min(v, 1.0), rel=1e-9, abs=1e-12)
    if res.test == "fisher_exact":
        assert reduced.shape == (2, 2) and not res.cochran_ok
        assert res.p_value == pytest.approx(scipy.stats.fisher_exact(reduced).pvalue)
    elif res.test == "monte_carlo_chi2":
        assert reduced.shape != (2, 2) and not res.cochran_ok
        assert res.statistic == pytest.approx(ref.statistic, rel=1e-9, abs=1e-12)
    else:
        assert res.cochran_ok
        assert res.test == "pearson_chi2"
        assert res.statistic == pytest.approx(ref.statistic, rel=1e-9, abs=1e-12)
        assert res.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-15)


@settings(max_examples=200, deadline=None)
@given(count_tables(), st.booleans())
def test_independence_ranges(table, yates):
    res = stats.independence_test(table, yates=yates, resamples=200)
    if res.test == "not_testable":
        return
    assert 0.0 <= res.p_value <= 1.0
    assert 0.0 <= res.cramers_v <= 1.0
    assert res.n == table.sum()


@settings(max_examples=100, deadline=None)
@given(count_tables(), st.data())
def test_independence_invariant_under_permutation(table, data):
    row_perm = data.draw(st.permutations(range(table.shape[0])))
    col_perm = data.draw(st.permutations(range(table.shape[1])))
    a = stats.independence_test(table, resamples=200)
    b = stats.independence_test(table[row_perm][:, col_perm], resamples=200)
    assert a.test == b.test
    assert a.dof == b.dof
    assert a.cochran_ok == b.cochran_ok
    for x, y in [
        (a.statistic, b.statistic),
        (a.p_value, b.p_value),
        (a.cramers_v, b.cramers_v),
        (a.min_expected, b.min_expected),
    ]:
        assert x == pytest.approx(y, rel=1e-9, abs=1e-12, nan_ok=True)
    res_a = stats.adjusted_residuals(table)[row_perm][:, col_perm]
    res_b = stats.adjusted_residuals(table[row_perm][:, col_perm])
    np.testing.assert_allclose(res_a, res_b, rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------
# Fisher's test without scipy
# --------------------------------------------------------------------------


def test_fisher_rejects_non_2x2():
    with pytest.raises(ValueError, match="2x2"):
        stats.fisher_exact_2x2(AGRESTI_PARTY)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=4, max_size=4))
def test_fisher_matches_scipy(cells):
    table = np.array(cells).reshape(2, 2)
    p = stats.fisher_exact_2x2(table)
    assert p == pytest.approx(scipy.stats.fisher_exact(table).pvalue, rel=1e-9, abs=1e-12)
    assert 0.0 <= p <= 1.0
