"""The outputs R prints for the examples of its help pages: ?chisq.test, ?prop.test, ?fisher.test,
?wilcox.test and ?kruskal.test (R Core Team, package stats) and ?cramersV (package lsr)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats

from smmjourney import stats
from smmjourney.stats import effects, ordinal

# R datasets::airquality, Ozone (ppb) in May (Month 5) and August (Month 8), missing values left
# out: value -> number of days.
OZONE_MAY = {
    1: 1,
    4: 1,
    6: 1,
    7: 1,
    8: 1,
    11: 3,
    12: 1,
    14: 2,
    16: 1,
    18: 2,
    19: 1,
    23: 2,
    28: 1,
    30: 1,
    32: 1,
    34: 1,
    36: 1,
    37: 1,
    41: 1,
    45: 1,
    115: 1,
}
OZONE_AUGUST = {
    9: 2,
    16: 1,
    21: 1,
    22: 1,
    23: 1,
    28: 1,
    31: 1,
    35: 1,
    39: 1,
    44: 2,
    45: 1,
    59: 1,
    65: 1,
    66: 1,
    73: 1,
    76: 1,
    78: 1,
    84: 1,
    85: 1,
    89: 1,
    110: 1,
    118: 1,
    122: 1,
    168: 1,
}


def as_table(*groups: dict) -> np.ndarray:
    values = sorted(set().union(*groups))
    return np.array([[g.get(v, 0) for v in values] for g in groups])


def test_r_chisq_test_documented_example():
    # R documentation ?chisq.test, example "From Agresti(2007) p.39":
    #   M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477)))
    #   chisq.test(M)  ->  X-squared = 30.07, df = 2, p-value = 2.954e-07
    M = [[762, 327, 468], [484, 239, 477]]
    res = stats.independence_test(M)
    assert round(res.statistic, 2) == 30.07
    assert res.dof == 2
    assert float(f"{res.p_value:.4g}") == 2.954e-07


def test_r_prop_test_smokers_example():
    # R documentation ?prop.test: smokers <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82);
    # prop.test(smokers, patients) -> X-squared = 12.6, df = 3, p-value = 0.005585 (the k-sample
    # test is the chi-square test of the cohorts x (smoker, not) table).
    smokers, patients = np.array([83, 90, 129, 70]), np.array([86, 93, 136, 82])
    res = stats.independence_test(np.column_stack([smokers, patients - smokers]))
    assert res.dof == 3
    assert round(res.statistic, 1) == 12.6
    assert res.p_value == pytest.approx(0.005585, abs=5e-7)
    # Every expected count is at least 5, so Cochran's rule holds and Pearson's test is chosen.
    expected = scipy.stats.chi2_contingency(
        np.column_stack([smokers, patients - smokers])
    ).expected_freq
    assert (
        res.test == "pearson_chi2"
        and res.min_expected == pytest.approx(expected.min())
        and expected.min() >= 5
    )


def test_fisher_convictions_r_output():
    # Fisher (1962, 1970) convictions of like-sex twins, the example of R's ?fisher.test:
    # matrix(c(2, 10, 15, 3), nrow = 2); fisher.test() prints p-value = 0.0005367.
    assert stats.fisher_exact_2x2([[2, 15], [10, 3]]) == pytest.approx(0.0005367, abs=5e-8)


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


def test_cramers_v_lsr_documented_example():
    # R package lsr, ?cramersV: cbind(c(30, 20, 50), c(35, 30, 35)) "returns a value of 0.159".
    table = np.column_stack([[30, 20, 50], [35, 30, 35]])
    assert round(effects.cramers_v_interval(table).value, 3) == 0.159
