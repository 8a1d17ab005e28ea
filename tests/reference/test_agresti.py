"""Published values of Agresti, A. (2007), *An Introduction to Categorical Data Analysis*, 2nd ed.,
Wiley: party identification by gender (Table 2.5: X², G², adjusted residuals), aspirin and
myocardial infarction (Table 2.3: odds ratio and its Wald interval), infant malformation by
alcohol consumption (Table 2.7: the linear-by-linear trend test) and Fisher's tea tasting
(Sec. 2.6, after Fisher 1935: the exact test)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from statsmodels.stats.contingency_tables import Table2x2

from smmjourney import stats
from smmjourney.stats import effects, ordinal

# Agresti (2007), Table 2.5: party identification (Democrat, Independent, Republican) by gender.
# The same table is the example in R's ?chisq.test ("From Agresti(2007) p.39").
AGRESTI_PARTY = np.array([[762, 327, 468], [484, 239, 477]])
# Agresti (2007), An Introduction to Categorical Data Analysis, 2nd ed., Table 2.3: aspirin and
# myocardial infarction (Physicians' Health Study): placebo 189 yes / 10845 no, aspirin 104 / 10933.
ASPIRIN = np.array([[189, 10845], [104, 10933]])
# Agresti (2007), Table 2.7: infant malformation (absent, present) by mother's alcohol
# consumption (0, <1, 1-2, 3-5, >=6 drinks per day).
MALFORMATION = np.array([[17066, 14464, 788, 126, 37], [48, 38, 5, 1, 1]])


def test_agresti_party_identification_chi2():
    res = stats.independence_test(AGRESTI_PARTY)
    assert res.test == "pearson_chi2"
    assert res.cochran_ok
    assert res.n == 2757
    # Agresti (2007) Sec. 2.4: X^2 = 30.1, df = 2; 30.0701 is the same value to
    # 4 decimals as given by R chisq.test and scipy.stats.chi2_contingency.
    assert res.statistic == pytest.approx(30.0701, rel=1e-4)
    assert res.dof == 2
    # R chisq.test(M) prints p-value = 2.954e-07.
    assert res.p_value == pytest.approx(2.9536e-07, rel=1e-3)


def test_agresti_party_identification_adjusted_residuals():
    res = stats.adjusted_residuals(AGRESTI_PARTY)
    # Agresti (2007), adjusted (standardized) residuals for Table 2.5,
    # females row: 4.50, 0.70, -5.32 (R: chisq.test(M)$stdres).
    np.testing.assert_allclose(res[0], [4.50, 0.70, -5.32], atol=0.005)
    # With two rows the second row mirrors the first.
    np.testing.assert_allclose(res[1], -res[0], rtol=1e-12)


def test_agresti_party_identification_likelihood_ratio():
    # Agresti (2007), Sec. 2.4.5: for Table 2.5, G² = 30.02, df = 2 (X² = 30.07).
    res = stats.independence_test(AGRESTI_PARTY)
    assert round(res.g_squared, 2) == 30.02
    assert round(stats.g_squared(AGRESTI_PARTY), 2) == 30.02
    ref = scipy.stats.chi2_contingency(AGRESTI_PARTY, correction=False, lambda_="log-likelihood")
    assert res.g_squared == pytest.approx(ref.statistic, rel=1e-12)


def test_fisher_tea_tasting_uses_exact_test():
    # Fisher's lady tasting tea (Fisher 1935; Agresti 2007, Sec. 2.6): with all
    # margins 4 the hypergeometric probabilities of n11 = 0..4 are
    # 1, 16, 36, 16, 1 (/70), so the two-sided p = 34/70 = 0.4857.
    res = stats.independence_test([[3, 1], [1, 3]])
    assert not res.cochran_ok  # every expected count is 2
    assert res.test == "fisher_exact"
    assert res.p_value == pytest.approx(0.4857, abs=1e-4)
    assert math.isnan(res.statistic)
    assert res.min_expected == pytest.approx(2.0)
    assert res.cramers_v == pytest.approx(0.5)  # |phi| = (9 - 1) / 16
    assert res.dof == 1
    assert "Fisher" in res.reason and "2.00" in res.reason


def test_odds_ratio_agresti_aspirin():
    # Agresti (2007), Sec. 2.3.3: sample odds ratio 1.832, 95% Wald interval for the odds ratio
    # (e^0.365, e^0.846) = (1.44, 2.33).
    result = effects.odds_ratio(ASPIRIN)
    assert result.value == pytest.approx(1.832, abs=5e-4)
    assert (round(result.low, 2), round(result.high, 2)) == (1.44, 2.33)
    low, high = Table2x2(ASPIRIN).oddsratio_confint(alpha=0.05, method="normal")
    assert (result.low, result.high) == pytest.approx((low, high), rel=1e-10)


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
