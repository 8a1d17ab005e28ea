"""Effect sizes with intervals: Cramér's V (plain or bias-corrected), phi, the odds ratio and the
difference of two proportions.

Only numpy and :mod:`scipy.special` are used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import scipy.special
from numpy.typing import ArrayLike

from smmjourney.stats._tables import _as_count_table, _drop_empty, _expected, _pearson_x2
from smmjourney.stats.intervals import wilson_interval

__all__ = [
    "Estimate",
    "bias_corrected_cramers_v",
    "cramers_v_interval",
    "odds_ratio",
    "phi_coefficient",
    "proportion_difference",
]

DIFFERENCE_METHODS = ("newcombe", "wald")


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its two-sided interval (NaN where undefined)."""

    value: float
    low: float
    high: float


NAN_ESTIMATE = Estimate(math.nan, math.nan, math.nan)


def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def bias_corrected_cramers_v(x2: float, n: float, shape: tuple[int, int]) -> float:
    """Bergsma's (2013) bias-corrected Cramér's V from X², n and the table shape.

    ``phi² = max(0, X²/n - (r-1)(c-1)/(n-1))``, ``r~ = r - (r-1)²/(n-1)``,
    ``c~ = c - (c-1)²/(n-1)``, ``V~ = sqrt(phi² / min(r~-1, c~-1))``
    (Bergsma, W. (2013), J. Korean Stat. Soc. 42:323-328).

    Returns
    -------
    float
        The corrected V in [0, 1]; NaN if ``n < 2`` or the corrected table is
        degenerate.
    """
    r, c = shape
    if n < 2 or r < 2 or c < 2:
        return math.nan
    phi2 = max(0.0, x2 / n - (r - 1) * (c - 1) / (n - 1))
    r_tilde = r - (r - 1) ** 2 / (n - 1)
    c_tilde = c - (c - 1) ** 2 / (n - 1)
    denominator = min(r_tilde - 1, c_tilde - 1)
    if denominator <= 0:
        return math.nan
    return min(1.0, math.sqrt(phi2 / denominator))


def _v_from_chi2(chi2: float, n: float, shape: tuple[int, int], bias_corrected: bool) -> float:
    if bias_corrected:
        return bias_corrected_cramers_v(chi2, n, shape)
    return min(1.0, math.sqrt(max(chi2, 0.0) / (n * (min(shape) - 1))))


def cramers_v_interval(
    table: ArrayLike, confidence: float = 0.95, bias_corrected: bool = False
) -> Estimate:
    """Cramér's V with a confidence interval by inverting the noncentral chi-square.

    The bounds are the noncentrality parameters λ with
    ``P(χ²_df(λ) <= X²) = 1 - α/2`` (lower, 0 if none) and ``= α/2`` (upper),
    put in place of X² in V's formula (Smithson 2003; the ``ncp`` method of R's
    effectsize package).  With `bias_corrected` the point estimate and both
    bounds use Bergsma's correction.  If X² is so small that even λ = 0 puts it
    in the lower α/2 tail, the upper bound is raised to the estimate.

    Parameters
    ----------
    table : array_like
        2-D table of non-negative integer counts; empty rows/columns dropped.
    confidence : float, default 0.95
    bias_corrected : bool, default False

    Returns
    -------
    Estimate
        V and its bounds in [0, 1]; NaN when fewer than two non-empty rows or
        columns remain.
    """
    alpha = 1.0 - confidence
    _z(confidence)
    obs = _drop_empty(_as_count_table(table))
    if min(obs.shape) < 2:
        return NAN_ESTIMATE
    n = float(obs.sum())
    x2 = _pearson_x2(obs, _expected(obs))
    dof = (obs.shape[0] - 1) * (obs.shape[1] - 1)

    def ncp(probability: float) -> float:
        if scipy.special.chdtr(dof, x2) <= probability:
            return 0.0
        return float(scipy.special.chndtrinc(x2, dof, probability))

    lower, upper = ncp(1.0 - alpha / 2.0), ncp(alpha / 2.0)
    shape = obs.shape
    value = _v_from_chi2(x2, n, shape, bias_corrected)
    # When X² lies in the lower alpha/2 tail of the central chi-square both bounds are 0; the
    # interval is then widened to contain the estimate.
    return Estimate(
        value,
        min(value, _v_from_chi2(lower, n, shape, bias_corrected)),
        max(value, _v_from_chi2(upper, n, shape, bias_corrected)),
    )


def phi_coefficient(table: ArrayLike) -> float:
    """Signed phi of a 2x2 table: ``(ad - bc) / sqrt(r1 r2 c1 c2)``; NaN if a margin is 0."""
    arr = _as_count_table(table)
    if arr.shape != (2, 2):
        raise ValueError(f"phi needs a 2x2 table, got shape {arr.shape}")
    (a, b), (c, d) = arr
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    return math.nan if margins == 0 else float((a * d - b * c) / math.sqrt(margins))


def odds_ratio(table: ArrayLike, confidence: float = 0.95) -> Estimate:
    """Odds ratio ``ad / bc`` of a 2x2 table with Woolf's (log) interval.

    ``exp(log OR ± z sqrt(1/a + 1/b + 1/c + 1/d))``.  If any cell is 0, 0.5 is
    added to every cell first (Haldane–Anscombe), so the estimate stays finite.

    Returns
    -------
    Estimate
        NaN when a row or column of the table is empty.
    """
    z = _z(confidence)
    arr = _as_count_table(table)
    if arr.shape != (2, 2):
        raise ValueError(f"the odds ratio needs a 2x2 table, got shape {arr.shape}")
    if np.any(arr.sum(axis=0) == 0) or np.any(arr.sum(axis=1) == 0):
        return NAN_ESTIMATE
    if np.any(arr == 0):
        arr = arr + 0.5
    (a, b), (c, d) = arr
    log_or = math.log(a * d / (b * c))
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return Estimate(math.exp(log_or), math.exp(log_or - z * se), math.exp(log_or + z * se))


def proportion_difference(
    count_1: float,
    base_1: float,
    count_2: float,
    base_2: float,
    confidence: float = 0.95,
    method: str = "newcombe",
) -> Estimate:
    """Difference ``count_1/base_1 - count_2/base_2`` of two independent proportions.

    ``newcombe``: Newcombe's (1998) hybrid score interval (his method 10) built
    from the two Wilson intervals; ``wald``: ``d ± z sqrt(p1 q1/n1 + p2 q2/n2)``
    (as R's ``prop.test(correct = FALSE)``).  Counts may be weighted (then pass
    effective bases).

    Returns
    -------
    Estimate
        Proportions (not percentages); NaN if a base is 0.

    Raises
    ------
    ValueError
        For an unknown `method` or invalid counts.
    """
    if method not in DIFFERENCE_METHODS:
        raise ValueError(
            f"unknown difference method {method!r}; valid methods are "
            f"{', '.join(map(repr, DIFFERENCE_METHODS))}"
        )
    z = _z(confidence)
    if base_1 <= 0 or base_2 <= 0:
        return NAN_ESTIMATE
    if not (0 <= count_1 <= base_1 and 0 <= count_2 <= base_2):
        raise ValueError("counts must lie between 0 and their base")
    p1, p2 = count_1 / base_1, count_2 / base_2
    d = p1 - p2
    if method == "wald":
        half = z * math.sqrt(p1 * (1 - p1) / base_1 + p2 * (1 - p2) / base_2)
        return Estimate(d, max(-1.0, d - half), min(1.0, d + half))
    (l1, l2), (u1, u2) = wilson_interval([count_1, count_2], [base_1, base_2], confidence)
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Estimate(d, low, high)
