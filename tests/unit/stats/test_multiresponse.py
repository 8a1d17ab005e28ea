"""Multiple-response sets: the set as a whole and Bilder & Loughin's Bonferroni-combined test (the
published MRCV results are in tests/reference/test_mrcv.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats

from smmjourney.inference.multiple_response import multiple_response_table
from smmjourney.stats.multiresponse import mmi_bonferroni


def test_set_test_skips_untestable_options():
    """An option no cohort differs on is left out of the Bonferroni factor (both small tables
    here fail Cochran's rule, so each enters with its Fisher p-value)."""
    tables = [np.array([[5, 5], [0, 10]]), np.array([[0, 10], [0, 10]]), np.array([[3, 7], [6, 4]])]
    result = mmi_bonferroni(tables)
    assert result.options_tested == 2 and math.isnan(result.option_p_values[1])
    assert result.option_tests == ("fisher_exact", "not_testable", "fisher_exact")
    p = [scipy.stats.fisher_exact(t).pvalue for t in (tables[0], tables[2])]
    assert result.p_value == pytest.approx(min(1.0, 2 * min(p)))
    assert mmi_bonferroni([np.zeros((2, 2))]).test == "not_testable"


def test_multiple_response_table_counts_respondents_and_responses():
    crosstab = pd.DataFrame(
        {
            "stage": "s",
            "question": "m",
            "question_type": "multiple_choice",
            "option": [1, 2, 3] * 2,
            "option_label": ["x", "y", "z"] * 2,
            "cohort": ["a"] * 3 + ["all"] * 3,
            "base": [4] * 3 + [4] * 3,
            "count": [3, 2, 1] * 2,
        }
    )
    table = multiple_response_table(crosstab)
    total = table[(table.cohort == "a") & table.option.isna()].iloc[0]
    assert (total.respondents, total.responses, total["count"]) == (4, 6, 6)
    assert (
        total.mean_answers == 1.5
        and total.pct_of_respondents == 150.0
        and total.pct_of_responses == 100.0
    )
    options = table[(table.cohort == "a") & table.option.notna()]
    assert options.pct_of_respondents.tolist() == [75.0, 50.0, 25.0]
    assert options.pct_of_responses.sum() == pytest.approx(100.0)
    assert table.option_label.tolist()[:4] == ["x", "y", "z", "total"]
    assert multiple_response_table(crosstab.assign(question_type="single_choice")).empty
