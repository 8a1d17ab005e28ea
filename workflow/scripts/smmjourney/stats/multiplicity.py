"""Adjusting p-values for multiple testing (Holm, Bonferroni, Benjamini–Hochberg)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["P_ADJUST_METHODS", "adjust_p_values"]

P_ADJUST_METHODS: tuple[str, ...] = ("bonferroni", "fdr_bh", "holm")


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
