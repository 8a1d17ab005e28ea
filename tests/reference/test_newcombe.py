"""Published intervals of Newcombe, R. G. (1998): "Two-sided confidence intervals for the single
proportion: comparison of seven methods", Statistics in Medicine 17:857-872 (Table I), and "Interval
estimation for the difference between independent proportions: comparison of eleven methods",
Statistics in Medicine 17:873-890 (Table II)."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep

from smmjourney import stats
from smmjourney.stats import effects


def test_wilson_newcombe_reference():
    # Newcombe (1998), Stat Med 17:857-872, Table I: 81/263 -> 0.2553 to 0.3662
    # (checked: statsmodels proportion_confint(81, 263, method="wilson")
    # gives 0.255289, 0.366210).
    low, high = stats.wilson_interval(81, 263)
    assert float(low) == pytest.approx(0.2553, abs=5e-5)
    assert float(high) == pytest.approx(0.3662, abs=5e-5)


def test_clopper_pearson_newcombe_reference():
    # Newcombe (1998), Stat Med 17:857-872, Table I, method 5 (exact, Clopper-Pearson):
    # 81/263 -> 0.2527 to 0.3676; 0/20 -> 0 to 0.1684; 1/29 -> 0.0009 to 0.1776.
    low, high = stats.clopper_pearson_interval([81, 0, 1], [263, 20, 29])
    np.testing.assert_allclose(low, [0.2527, 0.0, 0.0009], atol=5e-5)
    np.testing.assert_allclose(high, [0.3676, 0.1684, 0.1776], atol=5e-5)


def test_newcombe_hybrid_score_published_examples():
    # Newcombe (1998), Stat Med 17:873-890, Table II, method 10 (score, no continuity correction):
    # (a) 56/70 - 48/80: 0.0524 to 0.3339; (b) 9/10 - 3/10: 0.1705 to 0.8090;
    # (d) 5/56 - 0/29: -0.0381 to 0.1926.
    for (x1, n1, x2, n2), (low, high) in [
        ((56, 70, 48, 80), (0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.1705, 0.8090)),
        ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ]:
        result = effects.proportion_difference(x1, n1, x2, n2)
        assert (result.low, result.high) == pytest.approx((low, high), abs=5e-5)
        ref = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb")
        assert (result.low, result.high) == pytest.approx(ref, abs=1e-10)


def test_wald_difference_r_prop_test():
    # R: prop.test(c(56, 48), c(70, 80), correct = FALSE) prints the 95 percent interval
    # 0.0575049 0.3424951 (Newcombe 1998, Table II (a), method 1: 0.0575 to 0.3425).
    result = effects.proportion_difference(56, 70, 48, 80, method="wald")
    assert (result.low, result.high) == pytest.approx((0.0575049, 0.3424951), abs=1e-7)
