"""Checks and sums of contingency tables shared by the modules of this subpackage."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike


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
