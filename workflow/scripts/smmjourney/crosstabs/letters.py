"""Column-proportion z-tests between cohorts, shown as letters the way SPSS and Q show them.

Each cohort gets a letter (A, B, C, … in configuration order).  In one row of a cross-tab (one
option of one question) every pair of cohorts is compared with the two-proportion z-test on the
pooled proportion; the p-values are adjusted within the row (Bonferroni by default).  A cell gets
the letter of every cohort whose proportion it significantly exceeds: lower case at
``statistics.alpha``, upper case at the stricter ``statistics.alpha_strict``.

With weights the same test runs on the weighted proportions and Kish's effective bases
``e = (Σw)² / Σw²`` (:func:`effective_base_letters`): ``z = (p1 - p2) / sqrt(p (1 - p)
(1/e1 + 1/e2))`` with ``p = (e1 p1 + e2 p2) / (e1 + e2)``, the column-proportions test of SPSS
CTABLES with an effective base weight (``/WEIGHT``) and of Dimensions/Reporter's effective base.
Whether letters are shown at all is decided by the row's claim (``statistics.letters``,
:func:`smmjourney.inference.families.gate_letters`).
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence

import numpy as np
import scipy.special
from numpy.typing import ArrayLike

from smmjourney.stats.multiplicity import adjust_p_values

__all__ = ["cohort_letters", "column_letters", "effective_base_letters", "pairwise_z"]

LETTER_ADJUST_METHODS = ("bonferroni", "holm", "none")


def cohort_letters(cohorts: Sequence[str]) -> dict[str, str]:
    """Letter of each cohort in order: A … Z, then A2 … Z2, and so on.

    >>> cohort_letters(["russian", "foreign"])
    {'russian': 'A', 'foreign': 'B'}
    >>> list(cohort_letters([f"cohort {i}" for i in range(28)]).values())[-3:]
    ['Z', 'A2', 'B2']
    """
    labels = {}
    for position, cohort in enumerate(cohorts):
        round_, index = divmod(position, 26)
        labels[cohort] = string.ascii_uppercase[index] + (str(round_ + 1) if round_ else "")
    return labels


def pairwise_z(count_1: float, base_1: float, count_2: float, base_2: float) -> tuple[float, float]:
    """Two-proportion z-test on the pooled proportion: ``(z, two-sided p)``.

    ``z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2))`` with ``p`` pooled; z² equals
    Pearson's X² of the 2x2 table.  NaN when a base is 0 or the pooled proportion
    is 0 or 1 (nothing to compare).
    """
    if base_1 <= 0 or base_2 <= 0:
        return math.nan, math.nan
    pooled = (count_1 + count_2) / (base_1 + base_2)
    if pooled <= 0 or pooled >= 1:
        return math.nan, math.nan
    z = (count_1 / base_1 - count_2 / base_2) / math.sqrt(
        pooled * (1 - pooled) * (1 / base_1 + 1 / base_2)
    )
    return z, float(2.0 * scipy.special.ndtr(-abs(z)))


def column_letters(
    counts: ArrayLike,
    bases: ArrayLike,
    letters: Sequence[str],
    alpha: float = 0.05,
    alpha_strict: float = 0.01,
    adjust: str = "bonferroni",
) -> list[str]:
    """Significance letters of one cross-tab row.

    Parameters
    ----------
    counts, bases : array_like
        Per cohort (in the order of `letters`): respondents choosing the option
        and respondents who answered.
    letters : sequence of str
        The cohorts' letters (see :func:`cohort_letters`).
    alpha, alpha_strict : float
        Default and stricter level; ``alpha_strict <= alpha``.
    adjust : {"bonferroni", "holm", "none"}, default "bonferroni"
        Adjustment over the pairs compared in this row.

    Returns
    -------
    list of str
        Per cohort, the letters of the cohorts it significantly exceeds, in
        letter order: upper case where the adjusted p < `alpha_strict`, lower
        case where it is < `alpha`; "" for none.

    Raises
    ------
    ValueError
        If lengths differ, levels are out of order, or `adjust` is unknown.

    Examples
    --------
    60 % of cohort A against 20 % of B, 50 respondents each (z = 4.08, p = 0.00004): A's cell
    carries B in upper case, B's cell nothing.

    >>> column_letters([30, 10], [50, 50], ["A", "B"])
    ['B', '']
    """
    k = np.asarray(counts, dtype=float)
    n = np.asarray(bases, dtype=float)
    if not (k.shape == n.shape == (len(letters),)):
        raise ValueError(
            f"counts, bases and letters must have one entry per cohort (got {k.shape}, {n.shape}, "
            f"{len(letters)})"
        )
    if not 0 < alpha_strict <= alpha < 1:
        raise ValueError(
            f"need 0 < alpha_strict <= alpha < 1, got alpha={alpha}, alpha_strict={alpha_strict}"
        )
    if adjust not in LETTER_ADJUST_METHODS:
        raise ValueError(
            f"unknown letter adjustment {adjust!r}; valid: "
            f"{', '.join(map(repr, LETTER_ADJUST_METHODS))}"
        )
    pairs = [(i, j) for i in range(len(k)) for j in range(i + 1, len(k))]
    tested = [(i, j, *pairwise_z(k[i], n[i], k[j], n[j])) for i, j in pairs]
    tested = [t for t in tested if not math.isnan(t[3])]
    p = np.array([t[3] for t in tested])
    p_adjusted = p if adjust == "none" or len(p) == 0 else adjust_p_values(p, adjust)
    marks: list[list[tuple[int, str]]] = [[] for _ in letters]
    for (i, j, z, _), q in zip(tested, p_adjusted, strict=False):
        if q >= alpha or z == 0:
            continue
        high, low = (i, j) if z > 0 else (j, i)
        letter = letters[low].upper() if q < alpha_strict else letters[low].lower()
        marks[high].append((low, letter))
    separator = "" if all(len(letter) == 1 for letter in letters) else " "
    return [separator.join(letter for _, letter in sorted(cell)) for cell in marks]


def effective_base_letters(
    count_weighted: ArrayLike,
    base_weighted: ArrayLike,
    weight_squares: ArrayLike,
    letters: Sequence[str],
    alpha: float = 0.05,
    alpha_strict: float = 0.01,
    adjust: str = "bonferroni",
) -> list[str]:
    """Significance letters of one weighted cross-tab row, on the effective bases.

    Parameters
    ----------
    count_weighted, base_weighted, weight_squares : array_like
        Per cohort: the weights of those choosing the option, of those who answered, and the
        sum of the answerers' squared weights.
    letters, alpha, alpha_strict, adjust
        As for :func:`column_letters`.

    Returns
    -------
    list of str
        :func:`column_letters` of the weighted proportions ``p = count_weighted /
        base_weighted`` on Kish's effective bases ``e = base_weighted² / weight_squares``, given
        as ``(p e, e)``: the pooled proportion is then ``(e1 p1 + e2 p2) / (e1 + e2)``. With
        weights of 1 they are the unweighted letters.
    """
    count = np.asarray(count_weighted, dtype=float)
    base = np.asarray(base_weighted, dtype=float)
    squares = np.asarray(weight_squares, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        effective = np.where(squares > 0, base**2 / np.where(squares > 0, squares, 1.0), 0.0)
        share = np.where(base > 0, count / np.where(base > 0, base, 1.0), 0.0)
    return column_letters(share * effective, effective, letters, alpha, alpha_strict, adjust)
