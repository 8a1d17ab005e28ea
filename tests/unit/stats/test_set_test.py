"""The multiple-response set test combines each option's p-value from the test that option's own
table gets (Bilder & Loughin's Bonferroni combination), and reports no summed chi-square."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from smmjourney.stats.multiresponse import bonferroni_combination, mmi_bonferroni

# Two cohorts of 40 and 8: rare options, so every option table but the first fails Cochran's rule.
SMALL_CELLS = [
    np.array([[20, 20], [1, 7]]),
    np.array([[1, 39], [2, 6]]),
    np.array([[0, 40], [1, 7]]),
]


def test_an_option_failing_cochrans_rule_enters_with_its_fisher_p_value():
    """Where an option's 2x2 table fails Cochran's rule the set test uses its Fisher p-value,
    not the asymptotic chi-square one."""
    result = mmi_bonferroni(SMALL_CELLS)
    fisher = [scipy.stats.fisher_exact(table).pvalue for table in SMALL_CELLS]
    assert result.option_tests == ("fisher_exact",) * 3
    np.testing.assert_allclose(result.option_p_values, fisher)
    assert result.p_value == pytest.approx(min(1.0, 3 * min(fisher)))
    asymptotic = [
        scipy.stats.chi2_contingency(table, correction=False).pvalue for table in SMALL_CELLS
    ]
    assert result.p_value > min(1.0, 3 * min(asymptotic))


def test_the_set_test_reports_no_summed_statistic():
    """The result carries a p-value and the options' own tests, no ΣX² on Σdf."""
    result = mmi_bonferroni(SMALL_CELLS)
    assert not hasattr(result, "statistic") and not hasattr(result, "dof")
    assert "sum of their X²" not in result.reason


def test_bonferroni_combination_ignores_untestable_options():
    """An option without a p-value is not counted in the Bonferroni factor."""
    result = bonferroni_combination([0.01, math.nan, 0.2], ["a", "not_testable", "b"])
    assert result.options_tested == 2 and result.p_value == pytest.approx(0.02)
    assert bonferroni_combination([math.nan], ["not_testable"]).test == "not_testable"
