"""Tests and summaries for ordered answers (likert and frequency questions), from count tables.

Rows of a table are cohorts, columns the answer options in codebook order.  Answers are ranked
with midranks for ties, so the rank tests equal those run on the respondents' answers: the
Mann–Whitney U test (two cohorts; normal approximation with tie and continuity correction, as
R's ``wilcox.test(exact = FALSE)``), the Kruskal–Wallis test (more cohorts, tie-corrected, as
R's ``kruskal.test``) and the linear-by-linear association test ``M² = (n - 1) r²``
(Agresti 2007, Sec. 2.5), where ``r`` is the correlation of row and column scores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.special
from numpy.typing import ArrayLike

from smmjourney.stats._tables import _as_count_table

__all__ = [
    "OrdinalTest",
    "kruskal_wallis",
    "linear_by_linear",
    "mann_whitney_u",
    "ordinal_summary",
    "rank_test",
]


@dataclass(frozen=True)
class OrdinalTest:
    """Result of an ordinal test: its name, statistic, degrees of freedom, p-value, reason."""

    test: str
    statistic: float
    dof: float
    p_value: float
    n: int
    reason: str


def _not_testable(test: str, n: int, why: str) -> OrdinalTest:
    return OrdinalTest("not_testable", math.nan, 0, math.nan, n, f"not testable ({test}): {why}")


def _midranks(column_totals: np.ndarray) -> np.ndarray:
    before = np.cumsum(column_totals) - column_totals
    return before + (column_totals + 1) / 2.0


def _why_untestable(arr: np.ndarray) -> str | None:
    if arr.sum() == 0:
        return "the table has no answers"
    if np.count_nonzero(arr.sum(axis=1)) < 2:
        return "only one cohort has answers"
    if np.count_nonzero(arr.sum(axis=0)) < 2:
        return "every respondent gave the same answer"
    return None


def mann_whitney_u(table: ArrayLike) -> OrdinalTest:
    """Mann–Whitney U (Wilcoxon rank-sum) test of a 2-row table of ordered counts.

    The statistic is ``U = min(U1, n1 n2 - U1)`` with ``U1 = R1 - n1 (n1 + 1) / 2``
    (R's ``W`` when the first row has the lower ranks), so it does not depend on
    which cohort is listed first; the p-value is two-sided from the normal
    approximation with tie correction and continuity correction 0.5.

    Raises
    ------
    ValueError
        If the table does not have exactly two rows or is not a count table.
    """
    arr = _as_count_table(table)
    if arr.shape[0] != 2:
        raise ValueError(f"the Mann-Whitney U test needs 2 rows (cohorts), got {arr.shape[0]}")
    n = int(arr.sum())
    why = _why_untestable(arr)
    if why:
        return _not_testable("mann_whitney_u", n, why)
    totals = arr.sum(axis=0)
    ranks = _midranks(totals)
    n1, n2 = arr.sum(axis=1)
    w = float(arr[0] @ ranks - n1 * (n1 + 1) / 2.0)
    ties = float(np.sum(totals**3 - totals))
    sigma = math.sqrt(n1 * n2 / 12.0 * ((n + 1) - ties / (n * (n - 1))))
    centred = w - n1 * n2 / 2.0
    z = (centred - math.copysign(0.5, centred) if centred else 0.0) / sigma
    p = min(1.0, 2.0 * float(scipy.special.ndtr(-abs(z))))
    return OrdinalTest(
        "mann_whitney_u",
        min(w, n1 * n2 - w),
        1,
        p,
        n,
        "two cohorts, ordered answers: Mann-Whitney U test (normal approximation, tie- and "
        "continuity-corrected)",
    )


def kruskal_wallis(table: ArrayLike) -> OrdinalTest:
    """Kruskal–Wallis H test (tie-corrected) of a table of ordered counts; df = non-empty rows
    - 1."""
    arr = _as_count_table(table)
    n = int(arr.sum())
    why = _why_untestable(arr)
    if why:
        return _not_testable("kruskal_wallis", n, why)
    arr = arr[arr.sum(axis=1) > 0]
    totals = arr.sum(axis=0)
    ranks = _midranks(totals)
    row_n = arr.sum(axis=1)
    rank_sums = arr @ ranks
    h = 12.0 / (n * (n + 1)) * float(np.sum(rank_sums**2 / row_n)) - 3.0 * (n + 1)
    h /= 1.0 - float(np.sum(totals**3 - totals)) / (n**3 - n)
    h = max(h, 0.0)  # identical rank means can leave a rounding error just below zero
    dof = arr.shape[0] - 1
    return OrdinalTest(
        "kruskal_wallis",
        h,
        dof,
        float(scipy.special.chdtrc(dof, h)),
        n,
        f"{arr.shape[0]} cohorts, ordered answers: Kruskal-Wallis test (tie-corrected)",
    )


def rank_test(table: ArrayLike) -> OrdinalTest:
    """Mann–Whitney U for two non-empty rows, Kruskal–Wallis for more."""
    arr = _as_count_table(table)
    arr = arr[arr.sum(axis=1) > 0] if np.count_nonzero(arr.sum(axis=1)) >= 2 else arr
    if arr.shape[0] == 2:
        return mann_whitney_u(arr)
    return kruskal_wallis(arr)


def linear_by_linear(
    table: ArrayLike,
    column_scores: Sequence[float] | None = None,
    row_scores: Sequence[float] | None = None,
) -> OrdinalTest:
    """Linear-by-linear association test ``M² = (n - 1) r²`` on 1 degree of freedom.

    Parameters
    ----------
    table : array_like
        Rows x ordered columns of counts.
    column_scores : sequence of float, optional
        Scores of the columns (default 1, 2, …).
    row_scores : sequence of float, optional
        Scores of the rows.  Required with more than two rows, since cohorts are
        nominal; with two rows any two distinct scores give the same M².

    Returns
    -------
    OrdinalTest
        ``test == "linear_by_linear"``; not testable when a margin has a single
        non-empty category or more than two rows have no scores.
    """
    arr = _as_count_table(table)
    n = int(arr.sum())
    columns = (
        np.arange(1.0, arr.shape[1] + 1)
        if column_scores is None
        else np.asarray(column_scores, dtype=float)
    )
    if columns.shape != (arr.shape[1],):
        raise ValueError(f"need one column score per column ({arr.shape[1]}), got {columns.shape}")
    if row_scores is None:
        if np.count_nonzero(arr.sum(axis=1)) > 2:
            return _not_testable(
                "linear_by_linear",
                n,
                "more than two cohorts and no cohort scores (cohorts are nominal)",
            )
        rows = np.arange(arr.shape[0], dtype=float)
    else:
        rows = np.asarray(row_scores, dtype=float)
        if rows.shape != (arr.shape[0],):
            raise ValueError(f"need one row score per row ({arr.shape[0]}), got {rows.shape}")
    why = _why_untestable(arr)
    if why:
        return _not_testable("linear_by_linear", n, why)
    row_mean = arr.sum(axis=1) @ rows / n
    col_mean = arr.sum(axis=0) @ columns / n
    du, dv = rows - row_mean, columns - col_mean
    covariance = float(du @ arr @ dv)
    var_u = float(arr.sum(axis=1) @ du**2)
    var_v = float(arr.sum(axis=0) @ dv**2)
    if var_u == 0 or var_v == 0:
        return _not_testable("linear_by_linear", n, "a margin has a single scored category")
    r = covariance / math.sqrt(var_u * var_v)
    m2 = (n - 1) * r * r
    return OrdinalTest(
        "linear_by_linear",
        m2,
        1,
        float(scipy.special.chdtrc(1, m2)),
        n,
        "ordered answers scored by their position in the codebook: linear-by-linear association M² "
        "= (n-1) r²",
    )


def ordinal_summary(counts: ArrayLike, scores: Sequence[float]) -> tuple[int, float, float]:
    """``(n, median, mean)`` of answers given as counts per ordered option with `scores`.

    The median is that of the respondents' scores (the mean of the two middle
    ones when n is even); NaN for both when n is 0.
    """
    k = np.asarray(counts, dtype=float)
    s = np.asarray(scores, dtype=float)
    n = int(k.sum())
    if n == 0:
        return 0, math.nan, math.nan
    cumulative = np.cumsum(k)
    lower = s[np.searchsorted(cumulative, (n + 1) // 2)]
    upper = s[np.searchsorted(cumulative, n // 2 + 1)]
    return n, float((lower + upper) / 2.0), float(k @ s / n)
