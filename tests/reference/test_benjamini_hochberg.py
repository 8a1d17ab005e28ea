"""The worked example of Benjamini, Y. and Hochberg, Y. (1995), "Controlling the false discovery
rate: a practical and powerful approach to multiple testing", Journal of the Royal Statistical
Society B 57:289-300, Sec. 4."""

from __future__ import annotations

import numpy as np

from smmjourney import stats

# The 15 p-values of the paper's Sec. 4.
BENJAMINI_HOCHBERG_P = [
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
]


def test_benjamini_hochberg_published_example():
    # Benjamini & Hochberg (1995), Sec. 4: at level 0.05 the FDR procedure
    # rejects the four smallest of these 15 p-values, Bonferroni-type
    # procedures only the three smallest.
    pvals = BENJAMINI_HOCHBERG_P
    assert np.sum(stats.adjust_p_values(pvals, "fdr_bh") <= 0.05) == 4
    assert np.sum(stats.adjust_p_values(pvals, "bonferroni") <= 0.05) == 3
    assert np.sum(stats.adjust_p_values(pvals, "holm") <= 0.05) == 3
