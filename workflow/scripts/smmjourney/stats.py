"""Small-sample-aware statistics for survey cross-tabulations.

Wilson intervals for proportions, chi-squared / Fisher tests of independence
with Cochran's rule, adjusted residuals, Cramér's V and multiple-testing
corrections.  Only numpy and :mod:`scipy.special` are imported eagerly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import scipy.special
from numpy.typing import ArrayLike

__all__ = [
    "IndependenceTest",
    "adjust_p_values",
    "adjusted_residuals",
    "cramers_v",
    "test_independence",
    "wilson_interval",
]

P_ADJUST_METHODS: tuple[str, ...] = ("bonferroni", "fdr_bh", "holm")


def wilson_interval(
    count: ArrayLike, base: ArrayLike, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for binomial proportions.

    Parameters
    ----------
    count : array_like
        Number of respondents giving the answer (0 <= count <= base).
    base : array_like
        Number of respondents asked; broadcast against `count`.
    confidence : float, default 0.95
        Two-sided confidence level, strictly between 0 and 1.

    Returns
    -------
    low, high : numpy.ndarray
        Interval bounds as proportions in [0, 1]; NaN where ``base == 0``.

    Raises
    ------
    ValueError
        If `confidence` is outside (0, 1), or counts/bases are non-finite,
        negative, or ``count > base``.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
    k, n = np.broadcast_arrays(
        np.asarray(count, dtype=float), np.asarray(base, dtype=float)
    )
    if not (np.all(np.isfinite(k)) and np.all(np.isfinite(n))):
        raise ValueError("count and base must be finite")
    if np.any(k < 0) or np.any(n < 0):
        raise ValueError("count and base must be non-negative")
    if np.any(k > n):
        raise ValueError("count must not exceed base")

    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    z2 = z * z
    valid = n > 0
    n_safe = np.where(valid, n, 1.0)
    p = k / n_safe
    denom = 1.0 + z2 / n_safe
    centre = (p + z2 / (2.0 * n_safe)) / denom
    half = z * np.sqrt(p * (1.0 - p) / n_safe + z2 / (4.0 * n_safe * n_safe)) / denom

    # The bounds are exactly 0 / 1 at the extremes; avoid rounding noise there.
    low = np.where(k == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(k == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    low = np.where(valid, low, np.nan)
    high = np.where(valid, high, np.nan)
    return low, high


@dataclass(frozen=True)
class IndependenceTest:
    """Result of :func:`test_independence`.

    Attributes
    ----------
    test : str
        ``"pearson_chi2"``, ``"pearson_chi2_yates"``, ``"fisher_exact"`` or
        ``"not_testable"``.
    reason : str
        One sentence explaining why this test was chosen.
    statistic : float
        Pearson X² (Yates-corrected for ``pearson_chi2_yates``); NaN for
        Fisher's exact test and untestable tables.
    dof : int
        Degrees of freedom; 0 when not testable.
    p_value : float
        Two-sided p-value; NaN when not testable.
    cramers_v : float
        Cramér's V from the uncorrected X²; NaN when not testable.
    min_expected : float
        Smallest expected count under independence; NaN when not testable.
    cochran_ok : bool
        Whether Cochran's rule holds (no expected count < 1, at most 20 % < 5).
    n : int
        Total count of the table.
    """

    test: str
    reason: str
    statistic: float
    dof: int
    p_value: float
    cramers_v: float
    min_expected: float
    cochran_ok: bool
    n: int


def _as_count_table(table: ArrayLike) -> np.ndarray:
    arr = np.asarray(table, dtype=float)
    if arr.ndim != 2:
        raise ValueError(f"table must be 2-dimensional, got {arr.ndim} dimension(s)")
    if not np.all(np.isfinite(arr)):
        raise ValueError("table must contain only finite counts")
    if np.any(arr < 0):
        raise ValueError("table must contain only non-negative counts")
    if np.any(arr != np.round(arr)):
        raise ValueError("table must contain only integer counts")
    return arr


def _drop_empty(arr: np.ndarray) -> np.ndarray:
    return arr[arr.sum(axis=1) > 0][:, arr.sum(axis=0) > 0]


def _expected(arr: np.ndarray) -> np.ndarray:
    return np.outer(arr.sum(axis=1), arr.sum(axis=0)) / arr.sum()


def _pearson_x2(observed: np.ndarray, expected: np.ndarray) -> float:
    return float(np.sum((observed - expected) ** 2 / expected))


def _cramers_v_from_x2(x2: float, n: float, shape: tuple[int, int]) -> float:
    k = min(shape) - 1
    # Rounding can push a perfect association a hair above 1.
    return min(1.0, math.sqrt(x2 / (n * k)))


def test_independence(table: ArrayLike, yates: bool = False) -> IndependenceTest:
    """Test independence of cohorts (rows) and answers (columns).

    All-zero rows and columns are dropped first.  Pearson's X² is used when
    Cochran's rule holds; a 2x2 table failing the rule gets Fisher's exact
    test; larger tables failing it keep X² with an approximate p-value.

    Parameters
    ----------
    table : array_like
        2-D table of non-negative integer counts, rows = cohorts,
        columns = answer categories.
    yates : bool, default False
        Apply Yates' continuity correction to 2x2 tables tested with X².

    Returns
    -------
    IndependenceTest

    Raises
    ------
    ValueError
        If `table` is not 2-D or holds non-finite, negative or non-integer
        values.
    """
    arr = _as_count_table(table)
    n_total = int(arr.sum())
    obs = _drop_empty(arr)
    r, c = obs.shape
    if r < 2 or c < 2:
        if n_total == 0:
            why = "the table has no answers"
        elif r < 2 and c < 2:
            why = "only one cohort has answers and every respondent gave the same answer"
        elif r < 2:
            why = "only one cohort has answers"
        else:
            why = "every respondent gave the same answer"
        return IndependenceTest(
            test="not_testable",
            reason=f"not testable: {why}",
            statistic=math.nan,
            dof=0,
            p_value=math.nan,
            cramers_v=math.nan,
            min_expected=math.nan,
            cochran_ok=False,
            n=n_total,
        )

    expected = _expected(obs)
    x2 = _pearson_x2(obs, expected)
    dof = (r - 1) * (c - 1)
    v = _cramers_v_from_x2(x2, n_total, (r, c))
    min_e = float(expected.min())
    share_below_5 = float(np.mean(expected < 5))
    cochran_ok = min_e >= 1 and share_below_5 <= 0.2
    is_2x2 = (r, c) == (2, 2)

    def result(test: str, reason: str, statistic: float, p: float) -> IndependenceTest:
        return IndependenceTest(
            test=test,
            reason=reason,
            statistic=statistic,
            dof=dof,
            p_value=p,
            cramers_v=v,
            min_expected=min_e,
            cochran_ok=cochran_ok,
            n=n_total,
        )

    if is_2x2 and not cochran_ok:
        from scipy.stats import fisher_exact

        p = float(fisher_exact(obs.astype(np.int64), alternative="two-sided").pvalue)
        reason = (
            f"2x2 table fails Cochran's rule (smallest expected count {min_e:.2f}): "
            "Fisher's exact test"
        )
        return result("fisher_exact", reason, math.nan, min(1.0, p))

    if not cochran_ok:
        reason = (
            f"{r}x{c} table fails Cochran's rule (smallest expected count {min_e:.2f}, "
            f"{share_below_5:.0%} of cells below 5): the chi-squared p-value is approximate"
        )
        return result("pearson_chi2", reason, x2, float(scipy.special.chdtrc(dof, x2)))

    holds = "Cochran's rule holds: no expected count below 1 and at most 20% below 5"
    if yates and is_2x2:
        diff = obs - expected
        shrunk = np.sign(diff) * np.maximum(np.abs(diff) - 0.5, 0.0)
        x2_yates = float(np.sum(shrunk**2 / expected))
        reason = f"{holds}, with Yates' continuity correction for the 2x2 table"
        return result(
            "pearson_chi2_yates",
            reason,
            x2_yates,
            float(scipy.special.chdtrc(dof, x2_yates)),
        )
    return result("pearson_chi2", holds, x2, float(scipy.special.chdtrc(dof, x2)))


def adjusted_residuals(table: ArrayLike) -> np.ndarray:
    """Adjusted standardised (Haberman) residuals.

    ``(o - e) / sqrt(e * (1 - r_i/n) * (1 - c_j/n))`` with
    ``e = r_i * c_j / n``.

    Parameters
    ----------
    table : array_like
        2-D table of non-negative integer counts.

    Returns
    -------
    numpy.ndarray
        Residuals of the same shape as `table`; NaN where the variance is
        zero (empty row or column, or a row/column holding the whole total).

    Raises
    ------
    ValueError
        If `table` is not a valid count table.
    """
    arr = _as_count_table(table)
    n = arr.sum()
    if n == 0:
        return np.full(arr.shape, np.nan)
    row_share = arr.sum(axis=1) / n
    col_share = arr.sum(axis=0) / n
    expected = np.outer(row_share, col_share) * n
    variance = expected * np.outer(1.0 - row_share, 1.0 - col_share)
    with np.errstate(divide="ignore", invalid="ignore"):
        res = (arr - expected) / np.sqrt(variance)
    return np.where(variance > 0, res, np.nan)


def adjust_p_values(p_values: ArrayLike, method: str = "holm") -> np.ndarray:
    """Adjust p-values for multiple testing.

    Parameters
    ----------
    p_values : array_like
        P-values in [0, 1]; NaN entries are returned as NaN and do not count
        towards the family size.
    method : {"holm", "bonferroni", "fdr_bh"}, default "holm"
        Holm step-down, Bonferroni, or Benjamini–Hochberg false discovery rate.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, same shape as `p_values`, capped at 1.

    Raises
    ------
    ValueError
        If `method` is unknown or a non-NaN p-value lies outside [0, 1].
    """
    if method not in P_ADJUST_METHODS:
        valid = ", ".join(repr(m) for m in P_ADJUST_METHODS)
        raise ValueError(f"unknown method {method!r}; valid methods are {valid}")
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    flat = p.ravel()
    keep = ~np.isnan(flat)
    vals = flat[keep]
    if np.any((vals < 0) | (vals > 1)):
        raise ValueError("p-values must lie in [0, 1] (NaN allowed)")
    m = vals.size
    if m == 0:
        return out

    if method == "bonferroni":
        adj = np.minimum(vals * m, 1.0)
    else:
        order = np.argsort(vals, kind="stable")
        ranked = vals[order]
        if method == "holm":
            stepped = np.maximum.accumulate((m - np.arange(m)) * ranked)
        else:
            scaled = ranked * m / np.arange(1, m + 1)
            stepped = np.minimum.accumulate(scaled[::-1])[::-1]
        adj = np.empty(m)
        adj[order] = np.minimum(stepped, 1.0)

    out_flat = out.ravel()
    out_flat[keep] = adj
    return out_flat.reshape(p.shape)


def cramers_v(table: ArrayLike) -> float:
    """Cramér's V (without bias correction) of a contingency table.

    All-zero rows and columns are dropped first.

    Parameters
    ----------
    table : array_like
        2-D table of non-negative integer counts.

    Returns
    -------
    float
        ``sqrt(X² / (n * (min(r, c) - 1)))`` in [0, 1]; NaN if fewer than two
        non-empty rows or columns remain.

    Raises
    ------
    ValueError
        If `table` is not a valid count table.
    """
    obs = _drop_empty(_as_count_table(table))
    if min(obs.shape) < 2:
        return math.nan
    x2 = _pearson_x2(obs, _expected(obs))
    return _cramers_v_from_x2(x2, float(obs.sum()), obs.shape)
