"""Tests and summaries for ordered answers (likert and frequency questions), from count tables.

Rows of a table are cohorts, columns the answer options in codebook order.  Answers are ranked
with midranks for ties, so the rank tests equal those run on the respondents' answers: the
Mann–Whitney U test (two cohorts; normal approximation with tie and continuity correction, as
R's ``wilcox.test(exact = FALSE)``), the Kruskal–Wallis test (more cohorts, tie-corrected, as
R's ``kruskal.test``) and the linear-by-linear association test ``M² = (n - 1) r²``
(Agresti 2007, Sec. 2.5), where ``r`` is the correlation of row and column scores.  The rank
tests' direction and size: the probability of superiority (two cohorts) or epsilon-squared (more),
with a seeded, within-cohort bootstrap percentile interval (:func:`rank_effect`).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.special
from numpy.typing import ArrayLike

from smmjourney.stats._tables import _as_count_table

__all__ = [
    "OrdinalTest",
    "RankEffect",
    "kruskal_wallis",
    "linear_by_linear",
    "mann_whitney_u",
    "ordinal_summary",
    "rank_effect",
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


@dataclass(frozen=True)
class RankEffect:
    """Direction and size of a rank test (:func:`rank_effect`).

    Attributes
    ----------
    measure : str
        ``probability_of_superiority`` (two cohorts) or ``epsilon_squared`` (more); ``""`` when
        not computable.
    value, low, high : float
        The effect and its bootstrap percentile interval.
    higher : int
        Row of the cohort that ranks higher (two cohorts: the one whose answers tend to be higher;
        more: the highest mean rank); -1 when none does.
    resamples, seed : int
        Bootstrap tables drawn, and the seed.
    """

    measure: str
    value: float
    low: float
    high: float
    higher: int
    resamples: int
    seed: int


def _superiority(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """P(first > second) + P(first = second) / 2 from counts per ordered option (last axis)."""
    below = np.cumsum(second, axis=-1) - second
    wins = np.sum(first * (below + 0.5 * second), axis=-1)
    return wins / (first.sum(axis=-1) * second.sum(axis=-1))


def _epsilon_squared(tables: np.ndarray) -> np.ndarray:
    """Kruskal–Wallis H (tie-corrected) scaled to ``H / (n - 1)`` per table (leading axis)."""
    totals = tables.sum(axis=-2)
    n = totals.sum(axis=-1)
    ranks = np.cumsum(totals, axis=-1) - totals + (totals + 1) / 2.0
    rank_sums = np.sum(tables * ranks[..., None, :], axis=-1)
    row_n = tables.sum(axis=-1)
    h = 12.0 / (n * (n + 1)) * np.sum(rank_sums**2 / row_n, axis=-1) - 3.0 * (n + 1)
    ties = 1.0 - np.sum(totals**3 - totals, axis=-1) / (n**3 - n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.maximum(np.where(ties > 0, h / ties, 0.0), 0.0) / (n - 1)


def rank_effect(
    table: ArrayLike,
    confidence: float = 0.95,
    resamples: int = 10_000,
    seed: int = 1,
    key: str = "",
) -> RankEffect:
    """Which cohort ranks higher, and by how much, with a bootstrap interval.

    Two non-empty rows: the probability of superiority ``A = P(X > Y) + P(X = Y) / 2`` of the
    cohort that ranks higher over the other (Vargha & Delaney's A, the common-language effect
    size, ``U / (n1 n2)``; 0.5 is no difference, the rank-biserial correlation is ``2A - 1``).
    More rows: epsilon-squared ``H / (n - 1)`` of the Kruskal–Wallis test, and the cohort with
    the highest mean rank.  The interval is the percentile interval of `resamples` tables drawn
    within each cohort (multinomial on the cohort's observed answers, its size fixed), seeded by
    `seed` and `key`.

    Parameters
    ----------
    table : array_like
        Rows = cohorts, columns = ordered answers (codebook order), counts.
    confidence : float
        Level of the interval.
    resamples : int
        Bootstrap tables (``statistics.resamples``).
    seed : int
        ``statistics.seed``.
    key : str
        Mixed into the seed (e.g. the question id), so every question has its own stream.

    Returns
    -------
    RankEffect
        Empty (``measure == ""``) when fewer than two cohorts have answers or every respondent
        gave the same answer.
    """
    arr = _as_count_table(table)
    used = np.flatnonzero(arr.sum(axis=1) > 0)
    if _why_untestable(arr) or len(used) < 2:
        return RankEffect("", math.nan, math.nan, math.nan, -1, 0, seed)
    obs = arr[used]
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(f"rank|{key}".encode())])
    drawn = np.stack(
        [rng.multinomial(int(row.sum()), row / row.sum(), size=resamples) for row in obs], axis=1
    ).astype(float)
    tail = (1.0 - confidence) / 2.0
    if len(used) == 2:
        value = float(_superiority(obs[0], obs[1]))
        boot = _superiority(drawn[:, 0], drawn[:, 1])
        low, high = np.quantile(boot, [tail, 1.0 - tail])
        if value >= 0.5:
            higher, effect, low, high = used[0], value, float(low), float(high)
        else:
            higher, effect, low, high = used[1], 1.0 - value, 1.0 - float(high), 1.0 - float(low)
        if value == 0.5:
            higher = -1
        return RankEffect(
            "probability_of_superiority", effect, low, high, int(higher), resamples, seed
        )
    value = float(_epsilon_squared(obs[None])[0])
    low, high = np.quantile(_epsilon_squared(drawn), [tail, 1.0 - tail])
    totals = obs.sum(axis=0)
    mean_ranks = (obs @ (np.cumsum(totals) - totals + (totals + 1) / 2.0)) / obs.sum(axis=1)
    top = np.flatnonzero(np.isclose(mean_ranks, mean_ranks.max()))
    higher = int(used[top[0]]) if len(top) == 1 else -1
    return RankEffect("epsilon_squared", value, float(low), float(high), higher, resamples, seed)
