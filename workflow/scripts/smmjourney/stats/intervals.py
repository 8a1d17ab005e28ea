"""Intervals for a proportion: Wilson, Clopper–Pearson, Agresti–Coull."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import scipy.special
from numpy.typing import ArrayLike

__all__ = [
    "INTERVAL_METHODS",
    "agresti_coull_interval",
    "clopper_pearson_interval",
    "proportion_interval",
    "wilson_interval",
]

INTERVAL_METHODS: tuple[str, ...] = ("wilson", "clopper_pearson", "agresti_coull")


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

    Examples
    --------
    Newcombe's (1998, Table I, method 3) four examples, 81/263, 15/148, 0/20 and 1/29:

    >>> low, high = wilson_interval([81, 15, 0, 1], [263, 148, 20, 29])
    >>> low.round(4).tolist()
    [0.2553, 0.0624, 0.0, 0.0061]
    >>> high.round(4).tolist()
    [0.3662, 0.1605, 0.1611, 0.1718]
    """
    k, n, z = _interval_inputs(count, base, confidence)
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


def _interval_inputs(
    count: ArrayLike, base: ArrayLike, confidence: float
) -> tuple[np.ndarray, np.ndarray, float]:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
    k, n = np.broadcast_arrays(np.asarray(count, dtype=float), np.asarray(base, dtype=float))
    if not (np.all(np.isfinite(k)) and np.all(np.isfinite(n))):
        raise ValueError("count and base must be finite")
    if np.any(k < 0) or np.any(n < 0):
        raise ValueError("count and base must be non-negative")
    if np.any(k > n):
        raise ValueError("count must not exceed base")
    return k, n, NormalDist().inv_cdf(0.5 + confidence / 2.0)


def clopper_pearson_interval(
    count: ArrayLike, base: ArrayLike, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Clopper–Pearson ("exact") interval from beta quantiles.

    Same parameters, returns and errors as :func:`wilson_interval`.  Counts
    need not be integers (weighted counts on an effective base).
    """
    k, n, _ = _interval_inputs(count, base, confidence)
    tail = (1.0 - confidence) / 2.0
    valid = n > 0
    n_safe = np.where(valid, n, 1.0)
    with np.errstate(invalid="ignore"):
        low = np.where(
            k > 0, scipy.special.betaincinv(np.maximum(k, 1e-300), n_safe - k + 1.0, tail), 0.0
        )
        high = np.where(
            k < n,
            scipy.special.betaincinv(k + 1.0, np.maximum(n_safe - k, 1e-300), 1.0 - tail),
            1.0,
        )
    return np.where(valid, low, np.nan), np.where(valid, high, np.nan)


def agresti_coull_interval(
    count: ArrayLike, base: ArrayLike, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Agresti–Coull interval: Wald's interval around ``(k + z²/2) / (n + z²)``.

    Same parameters, returns and errors as :func:`wilson_interval`; bounds are
    clipped to [0, 1].
    """
    k, n, z = _interval_inputs(count, base, confidence)
    valid = n > 0
    n_tilde = n + z * z
    p_tilde = (k + z * z / 2.0) / n_tilde
    half = z * np.sqrt(p_tilde * (1.0 - p_tilde) / n_tilde)
    low = np.clip(p_tilde - half, 0.0, 1.0)
    high = np.clip(p_tilde + half, 0.0, 1.0)
    return np.where(valid, low, np.nan), np.where(valid, high, np.nan)


def proportion_interval(
    count: ArrayLike, base: ArrayLike, confidence: float = 0.95, method: str = "wilson"
) -> tuple[np.ndarray, np.ndarray]:
    """Interval for proportions by `method` (``statistics.interval`` in config).

    Parameters
    ----------
    count, base, confidence
        As in :func:`wilson_interval`.
    method : {"wilson", "clopper_pearson", "agresti_coull"}, default "wilson"

    Returns
    -------
    low, high : numpy.ndarray
        Bounds as proportions; NaN where ``base == 0``.

    Raises
    ------
    ValueError
        For an unknown `method` or invalid counts.
    """
    functions = {
        "wilson": wilson_interval,
        "clopper_pearson": clopper_pearson_interval,
        "agresti_coull": agresti_coull_interval,
    }
    if method not in functions:
        raise ValueError(
            f"unknown interval method {method!r}; valid methods are "
            f"{', '.join(map(repr, INTERVAL_METHODS))}"
        )
    return functions[method](count, base, confidence)
