"""Tests of independence for survey cross-tabulations, chosen by Cochran's rule.

Pearson's X², Fisher's exact test for 2x2 tables, a seeded Monte-Carlo permutation test for
larger ones, the likelihood-ratio G², adjusted residuals and Cramér's V. Only numpy and
:mod:`scipy.special` are imported eagerly; :mod:`scipy.stats` is imported only when a
Monte-Carlo test runs.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np
import scipy.special
from numpy.typing import ArrayLike

from smmjourney.stats._tables import (
    _as_count_table,
    _cramers_v_from_x2,
    _drop_empty,
    _expected,
    _pearson_x2,
)

__all__ = [
    "IndependenceTest",
    "adjusted_residuals",
    "cramers_v",
    "fisher_exact_2x2",
    "g_squared",
    "independence_test",
    "monte_carlo_chi2",
]

DEFAULT_RESAMPLES = 10_000


@dataclass(frozen=True)
class IndependenceTest:
    """Result of :func:`independence_test`.

    Attributes
    ----------
    test : str
        ``"pearson_chi2"``, ``"pearson_chi2_yates"``, ``"fisher_exact"``,
        ``"monte_carlo_chi2"`` or ``"not_testable"``.
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
    g_squared : float
        Likelihood-ratio statistic G² (NaN when not testable).
    x2 : float
        Uncorrected Pearson X² (also for Fisher and Yates; NaN when not testable).
    resamples : int
        Tables drawn for ``monte_carlo_chi2``; 0 otherwise.
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
    g_squared: float = math.nan
    x2: float = math.nan
    resamples: int = 0


def g_squared(table: ArrayLike) -> float:
    """Likelihood-ratio statistic ``G² = 2 Σ o log(o / e)`` (empty cells add 0).

    Parameters
    ----------
    table : array_like
        2-D table of non-negative integer counts; all-zero rows and columns
        are dropped first.

    Returns
    -------
    float
        G²; NaN if fewer than two non-empty rows or columns remain.
    """
    obs = _drop_empty(_as_count_table(table))
    if min(obs.shape) < 2:
        return math.nan
    expected = _expected(obs)
    positive = obs > 0
    return float(2.0 * np.sum(obs[positive] * np.log(obs[positive] / expected[positive])))


def fisher_exact_2x2(table: ArrayLike) -> float:
    """Two-sided p-value of Fisher's exact test for a 2x2 table.

    Sums the hypergeometric probabilities (margins fixed) of every table no
    more probable than the observed one, with R's relative tolerance 1e-7.

    Parameters
    ----------
    table : array_like
        2x2 table of non-negative integer counts.

    Returns
    -------
    float
        p-value in [0, 1].

    Raises
    ------
    ValueError
        If `table` is not a 2x2 count table.
    """
    arr = _as_count_table(table)
    if arr.shape != (2, 2):
        raise ValueError(f"Fisher's exact test here needs a 2x2 table, got shape {arr.shape}")
    (a, b), (c, d) = arr.astype(np.int64)
    row1, col1, n = a + b, a + c, a + b + c + d
    low, high = max(0, col1 - (n - row1)), min(row1, col1)
    x = np.arange(low, high + 1)
    lgamma = scipy.special.gammaln
    log_pmf = (
        lgamma(row1 + 1)
        - lgamma(x + 1)
        - lgamma(row1 - x + 1)
        + lgamma(n - row1 + 1)
        - lgamma(col1 - x + 1)
        - lgamma(n - row1 - col1 + x + 1)
        - (lgamma(n + 1) - lgamma(col1 + 1) - lgamma(n - col1 + 1))
    )
    pmf = np.exp(log_pmf - log_pmf.max())
    observed = pmf[a - low]
    p = pmf[pmf <= observed * (1.0 + 1e-7)].sum() / pmf.sum()
    return float(min(1.0, p))


def _rng_for(seed: int, key: str) -> np.random.Generator:
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(key.encode("utf-8"))])


def monte_carlo_chi2(
    table: ArrayLike, resamples: int = DEFAULT_RESAMPLES, seed: int = 1, key: str = ""
) -> float:
    """Monte-Carlo permutation p-value of Pearson's X² with both margins fixed.

    Draws `resamples` tables with the observed margins (Patefield's algorithm,
    :func:`scipy.stats.random_table`) and returns
    ``(1 + #{X²_sim >= X²_obs}) / (resamples + 1)`` as R's
    ``chisq.test(simulate.p.value = TRUE)`` does.  The margins are sorted
    before drawing, so the p-value does not depend on the order of rows and
    columns; `seed` and `key` (e.g. the question id) fix the random stream.

    Parameters
    ----------
    table : array_like
        2-D table of non-negative integer counts (empty rows/columns dropped).
    resamples : int, default 10000
        Number of simulated tables (at least 1).
    seed : int, default 1
        Seed, e.g. ``statistics.seed`` from the configuration.
    key : str, default ""
        Text mixed into the seed so that different tables get different streams.

    Returns
    -------
    float
        p-value in (0, 1]; NaN if fewer than two non-empty rows or columns.

    Raises
    ------
    ValueError
        If `resamples` < 1 or `table` is not a count table.
    """
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    obs = _drop_empty(_as_count_table(table))
    if min(obs.shape) < 2:
        return math.nan
    from scipy.stats import random_table

    x2 = _pearson_x2(obs, _expected(obs))
    rows = np.sort(obs.sum(axis=1)).astype(np.int64)
    cols = np.sort(obs.sum(axis=0)).astype(np.int64)
    drawn = random_table(rows, cols, seed=_rng_for(seed, key)).rvs(size=resamples)
    expected = np.outer(rows, cols) / rows.sum()
    simulated = np.sum((drawn - expected) ** 2 / expected, axis=(1, 2))
    # R's tolerance: ties with the observed statistic count as "at least as extreme".
    hits = int(np.sum(simulated >= x2 * (1.0 - 64 * np.finfo(float).eps)))
    return (1 + hits) / (resamples + 1)


def independence_test(
    table: ArrayLike,
    yates: bool = False,
    seed: int = 1,
    resamples: int = DEFAULT_RESAMPLES,
    key: str = "",
) -> IndependenceTest:
    """Test independence of cohorts (rows) and answers (columns).

    All-zero rows and columns are dropped first.  Pearson's X² is used when
    Cochran's rule holds; a 2x2 table failing the rule gets Fisher's exact
    test, a larger one a Monte-Carlo permutation test of X² (margins fixed,
    `resamples` tables, seeded by `seed` and `key`).

    Parameters
    ----------
    table : array_like
        2-D table of non-negative integer counts, rows = cohorts,
        columns = answer categories.
    yates : bool, default False
        Apply Yates' continuity correction to 2x2 tables tested with X².
    seed : int, default 1
        Seed of the Monte-Carlo test (``statistics.seed``).
    resamples : int, default 10000
        Tables drawn by the Monte-Carlo test (``statistics.resamples``).
    key : str, default ""
        Identifies the table in the seed (see :func:`monte_carlo_chi2`).

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
    g2 = g_squared(obs)

    def result(
        test: str, reason: str, statistic: float, p: float, drawn: int = 0
    ) -> IndependenceTest:
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
            g_squared=g2,
            x2=x2,
            resamples=drawn,
        )

    if is_2x2 and not cochran_ok:
        reason = (
            f"2x2 table fails Cochran's rule (smallest expected count {min_e:.2f}): "
            "Fisher's exact test"
        )
        return result("fisher_exact", reason, math.nan, fisher_exact_2x2(obs))

    if not cochran_ok:
        p = monte_carlo_chi2(obs, resamples, seed, key)
        reason = (
            f"{r}x{c} table fails Cochran's rule (smallest expected count {min_e:.2f}, "
            f"{share_below_5:.0%} of cells below 5): Monte-Carlo permutation test of X² "
            f"with {resamples} tables of the same margins (seed {seed})"
        )
        return result("monte_carlo_chi2", reason, x2, p, resamples)

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
