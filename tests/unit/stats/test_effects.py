"""Effect sizes, intervals for proportions and the column-proportion letters, against reference
libraries (statsmodels, scipy) and properties; the published values they are also checked against
are in tests/reference/."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from smmjourney import stats
from smmjourney.crosstabs.letters import cohort_letters, column_letters, pairwise_z
from smmjourney.stats import effects

AGRESTI_PARTY = np.array([[762, 327, 468], [484, 239, 477]])


# --------------------------------------------------------------------------
# Intervals for one proportion
# --------------------------------------------------------------------------

NEWCOMBE_CASES = [(81, 263), (15, 148), (0, 20), (1, 29)]


@pytest.mark.parametrize(
    "method, reference",
    [("clopper_pearson", "beta"), ("agresti_coull", "agresti_coull"), ("wilson", "wilson")],
)
@pytest.mark.parametrize("confidence", [0.90, 0.95, 0.99])
def test_intervals_match_statsmodels(method, reference, confidence):
    counts = np.array([c for c, _ in NEWCOMBE_CASES] + [20, 7, 3])
    bases = np.array([b for _, b in NEWCOMBE_CASES] + [20, 7, 10])
    low, high = stats.proportion_interval(counts, bases, confidence, method)
    ref_low, ref_high = proportion_confint(counts, bases, alpha=1 - confidence, method=reference)
    np.testing.assert_allclose(low, np.clip(ref_low, 0, 1), atol=1e-10)
    np.testing.assert_allclose(high, np.clip(ref_high, 0, 1), atol=1e-10)


def test_interval_zero_base_and_unknown_method():
    for method in ("wilson", "clopper_pearson", "agresti_coull"):
        low, high = stats.proportion_interval([0, 1], [0, 2], 0.95, method)
        assert math.isnan(low[0]) and math.isnan(high[0]) and 0 <= low[1] < 0.5 < high[1] <= 1
    with pytest.raises(ValueError, match="'wilson', 'clopper_pearson', 'agresti_coull'"):
        stats.proportion_interval(1, 2, 0.95, "jeffreys")


@settings(max_examples=100, deadline=None)
@given(
    st.integers(0, 200),
    st.integers(1, 200),
    st.sampled_from(["wilson", "clopper_pearson", "agresti_coull"]),
)
def test_intervals_contain_the_estimate_and_stay_in_range(k, n, method):
    k = min(k, n)
    low, high = stats.proportion_interval(k, n, 0.95, method)
    assert 0 <= float(low) <= k / n + 1e-12 and k / n - 1e-12 <= float(high) <= 1


# --------------------------------------------------------------------------
# Cramér's V and its interval
# --------------------------------------------------------------------------


def _ncp_bound(x2, dof, probability):
    # Independent route: scipy.stats.ncx2 and a root finder instead of scipy.special.chndtrinc.
    if scipy.stats.chi2.cdf(x2, dof) <= probability:
        return 0.0
    return scipy.optimize.brentq(
        lambda nc: scipy.stats.ncx2.cdf(x2, dof, nc) - probability, 1e-12, 10 * x2 + 100
    )


@pytest.mark.parametrize(
    "table", [AGRESTI_PARTY, [[30, 35], [20, 30], [50, 35]], [[12, 5], [3, 10]]]
)
@pytest.mark.parametrize("confidence", [0.90, 0.95])
def test_cramers_v_interval_inverts_the_noncentral_chi_square(table, confidence):
    table = np.asarray(table)
    x2 = scipy.stats.chi2_contingency(table, correction=False).statistic
    n, k = table.sum(), min(table.shape) - 1
    dof = (table.shape[0] - 1) * (table.shape[1] - 1)
    alpha = 1 - confidence
    result = effects.cramers_v_interval(table, confidence)
    assert result.value == pytest.approx(
        scipy.stats.contingency.association(table, method="cramer")
    )
    assert result.low == pytest.approx(
        math.sqrt(_ncp_bound(x2, dof, 1 - alpha / 2) / (n * k)), abs=1e-6
    )
    assert result.high == pytest.approx(
        math.sqrt(_ncp_bound(x2, dof, alpha / 2) / (n * k)), abs=1e-6
    )
    assert result.low <= result.value <= result.high


def test_cramers_v_interval_contains_the_estimate_when_x2_is_implausibly_small():
    # X² = 0.048 on 2 df lies below the 2.5% quantile of the central chi-square (0.0506), so both
    # noncentrality bounds are 0; the interval is widened to [0, V].
    table = np.array([[3, 4], [1, 1], [3, 4]])
    result = effects.cramers_v_interval(table)
    assert (
        scipy.stats.chi2.cdf(scipy.stats.chi2_contingency(table, correction=False).statistic, 2)
        < 0.025
    )
    assert result.low == 0.0 and result.high == result.value > 0


def test_bergsma_bias_correction_follows_the_paper():
    # Bergsma (2013), J. Korean Stat. Soc. 42:323-328, eqs. for phi~², r~, c~ written out for
    # Agresti's table (n = 2757, 2 x 3).  No published value of the corrected V was found.
    x2, n = 30.070149095754672, 2757
    phi2 = max(0.0, x2 / n - (2 - 1) * (3 - 1) / (n - 1))
    r_t, c_t = 2 - (2 - 1) ** 2 / (n - 1), 3 - (3 - 1) ** 2 / (n - 1)
    expected = math.sqrt(phi2 / min(r_t - 1, c_t - 1))
    result = effects.cramers_v_interval(AGRESTI_PARTY, bias_corrected=True)
    assert result.value == pytest.approx(expected, rel=1e-9)
    assert result.value < effects.cramers_v_interval(AGRESTI_PARTY).value
    assert 0 <= result.low <= result.value <= result.high <= 1


def test_bias_corrected_v_is_zero_under_exact_independence():
    assert effects.bias_corrected_cramers_v(0.0, 100, (3, 4)) == 0.0
    assert math.isnan(effects.bias_corrected_cramers_v(1.0, 1, (2, 2)))


@st.composite
def tables(draw):
    rows, cols = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    cells = draw(st.lists(st.integers(0, 40), min_size=rows * cols, max_size=rows * cols))
    return np.array(cells).reshape(rows, cols)


@settings(max_examples=150, deadline=None)
@given(tables(), st.booleans())
def test_cramers_v_and_bounds_lie_in_0_1(table, corrected):
    result = effects.cramers_v_interval(table, 0.95, corrected)
    reduced = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(reduced.shape) < 2:
        assert math.isnan(result.value)
        return
    for value in (result.value, result.low, result.high):
        assert math.isnan(value) or 0.0 <= value <= 1.0
    assert result.low <= result.value <= result.high


# --------------------------------------------------------------------------
# phi, odds ratio, difference of proportions
# --------------------------------------------------------------------------


def test_odds_ratio_with_a_zero_cell_adds_one_half():
    result = effects.odds_ratio([[5, 0], [3, 4]])
    reference = Table2x2(np.array([[5, 0], [3, 4]]) + 0.5)
    assert result.value == pytest.approx(reference.oddsratio)
    assert math.isnan(effects.odds_ratio([[0, 0], [3, 4]]).value)


def test_phi_is_the_signed_correlation_of_the_two_indicators():
    table = np.array([[30, 12], [15, 25]])
    x = np.repeat([1, 1, 0, 0], table.ravel())
    y = np.repeat([1, 0, 1, 0], table.ravel())
    assert effects.phi_coefficient(table) == pytest.approx(np.corrcoef(x, y)[0, 1])
    assert effects.phi_coefficient(table[::-1]) == pytest.approx(-effects.phi_coefficient(table))


def test_difference_errors_and_empty_bases():
    assert math.isnan(effects.proportion_difference(0, 0, 1, 2).value)
    with pytest.raises(ValueError, match="difference method"):
        effects.proportion_difference(1, 2, 1, 2, method="score")
    with pytest.raises(ValueError, match="between 0 and their base"):
        effects.proportion_difference(3, 2, 1, 2)


# --------------------------------------------------------------------------
# Column-proportion letters
# --------------------------------------------------------------------------


def test_pairwise_z_matches_statsmodels_and_the_chi_square():
    z, p = pairwise_z(56, 70, 48, 80)
    ref_z, ref_p = proportions_ztest([56, 48], [70, 80])
    assert (z, p) == pytest.approx((ref_z, ref_p), rel=1e-12)
    # R: prop.test(c(56, 48), c(70, 80), correct = FALSE) prints X-squared = 7.0234,
    # p-value = 0.008045.
    assert z * z == pytest.approx(7.0234, abs=5e-5)
    assert p == pytest.approx(0.008045, abs=5e-7)
    assert math.isnan(pairwise_z(0, 10, 0, 12)[0]) and math.isnan(pairwise_z(1, 0, 0, 12)[0])


def test_letters_name_the_cohorts_a_cell_exceeds():
    letters = cohort_letters(["ru", "en", "de"])
    assert letters == {"ru": "A", "en": "B", "de": "C"}
    # A: 80%, B: 50%, C: 20% of 100 each; every pair differs with p far below 0.01/3.
    assert column_letters([80, 50, 20], [100, 100, 100], list(letters.values())) == ["BC", "C", ""]
    # A weaker difference: 60 vs 45 of 100 gives p = 0.034 (z-test), x 3 pairs = 0.10: no letter
    # under Bonferroni, a lower-case letter without adjustment.
    assert column_letters([60, 45, 45], [100, 100, 100], ["A", "B", "C"]) == ["", "", ""]
    assert column_letters([60, 45, 45], [100, 100, 100], ["A", "B", "C"], adjust="none") == [
        "bc",
        "",
        "",
    ]


def test_letters_upper_case_only_at_the_strict_level():
    # 40 of 100 vs 25 of 100: z-test p = 0.0237 -> lower case at 0.05, none at 0.01.
    _, p = pairwise_z(40, 100, 25, 100)
    assert 0.01 < p < 0.05
    assert column_letters([40, 25], [100, 100], ["A", "B"]) == ["b", ""]
    assert column_letters([70, 25], [100, 100], ["A", "B"]) == ["B", ""]


def test_letters_reject_bad_levels():
    with pytest.raises(ValueError, match="alpha_strict"):
        column_letters([1, 2], [3, 4], ["A", "B"], alpha=0.01, alpha_strict=0.05)
    with pytest.raises(ValueError, match="one entry per cohort"):
        column_letters([1, 2], [3, 4], ["A"])
    assert cohort_letters([str(i) for i in range(28)])["27"] == "B2"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 60)), min_size=2, max_size=5), st.data()
)
def test_letters_follow_the_cohorts_in_any_order(cells, data):
    counts = np.array([min(k, n) for k, n in cells])
    bases = np.array([n for _, n in cells])
    names = [chr(ord("A") + i) for i in range(len(cells))]
    marks = dict(zip(names, column_letters(counts, bases, names), strict=False))
    order = data.draw(st.permutations(range(len(cells))))
    shuffled = column_letters(counts[order], bases[order], [names[i] for i in order])
    for i, mark in zip(order, shuffled, strict=False):
        assert sorted(mark) == sorted(marks[names[i]])
