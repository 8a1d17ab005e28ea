"""Multiple-response sets ("choose all that apply"): the set as a whole, and its test.

Each option is also tabulated on its own (chosen / not chosen on the base of those who answered,
in ``crosstabs.csv`` and ``tests.csv``).  Here the set is summarised per cohort — respondents,
responses, mean answers per respondent, each option as a percentage of respondents (these may add
up to more than 100) and of responses (these add up to 100) — and tested for multiple marginal
independence (MMI: does the share choosing each option differ between cohorts?) with the
Bonferroni-combined test of Bilder & Loughin (2004, Biometrics 60:241-248): the smallest
per-option p-value times the number of options tested.  Because each per-option table counts a
respondent once, the dependence between a respondent's answers does not invalidate it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import scipy.special
from numpy.typing import ArrayLike

from smmjourney.stats._tables import _as_count_table, _drop_empty, _expected, _pearson_x2

__all__ = ["SetTest", "mmi_bonferroni"]


@dataclass(frozen=True)
class SetTest:
    """Result of :func:`mmi_bonferroni`.

    ``statistic`` is Bilder & Loughin's X²_S (the sum of the per-option Pearson
    statistics, reported for reference); ``p_value`` the Bonferroni-combined
    p-value; ``options_tested`` how many option tables entered it.
    """

    test: str
    statistic: float
    dof: int
    p_value: float
    options_tested: int
    option_p_values: tuple[float, ...]
    reason: str


def mmi_bonferroni(tables: Sequence[ArrayLike]) -> SetTest:
    """Bonferroni-combined test of multiple marginal independence.

    Parameters
    ----------
    tables : sequence of array_like
        One table per option: rows = cohorts, columns = chosen / not chosen.

    Returns
    -------
    SetTest
        ``p = min(1, m * min_j p_j)`` over the ``m`` option tables with at least
        two non-empty rows and columns, each ``p_j`` from Pearson's X² on
        ``(rows - 1)`` degrees of freedom (the chi-square approximation, as in
        Bilder & Loughin's method); ``not_testable`` when no option table is.
    """
    statistics, p_values, dofs = [], [], []
    for table in tables:
        obs = _drop_empty(_as_count_table(table))
        if min(obs.shape) < 2:
            p_values.append(math.nan)
            continue
        x2 = _pearson_x2(obs, _expected(obs))
        dof = (obs.shape[0] - 1) * (obs.shape[1] - 1)
        statistics.append(x2)
        dofs.append(dof)
        p_values.append(float(scipy.special.chdtrc(dof, x2)))
    tested = [p for p in p_values if not math.isnan(p)]
    if not tested:
        return SetTest(
            "not_testable",
            math.nan,
            0,
            math.nan,
            0,
            tuple(p_values),
            "not testable: no option of the set differs in choice between two cohorts with answers",
        )
    m = len(tested)
    return SetTest(
        "mmi_bonferroni",
        float(sum(statistics)),
        int(sum(dofs)),
        min(1.0, m * min(tested)),
        m,
        tuple(p_values),
        f"multiple-response set: Bonferroni-combined test of multiple marginal independence "
        f"(Bilder & Loughin 2004) over {m} option table(s); statistic = sum of their X²",
    )
