"""Survey weights: raking to population margins, a weight column, Kish's effective sample size,
weighted shares and the Rao–Scott corrected chi-square.

Weights are per respondent (a Series indexed by ``respondent_id``).  Raking (iterative
proportional fitting) is done within each cohort, so a cohort keeps its sampled size: its weights
average 1.  The weighted tests treat the weights as fixed and the respondents as sampled
independently with replacement (R: ``svydesign(ids = ~1, weights = ~w)``); clusters and a
finite-population correction are accepted too, for checks against published designs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.special
from numpy.typing import ArrayLike

from smmjourney.errors import SurveyInputError

__all__ = [
    "RaoScottTest",
    "kish_effective_n",
    "rake",
    "rao_scott_test",
    "weighted_share",
]

SHARE_TOLERANCE = 1e-6


def kish_effective_n(weights: ArrayLike) -> float:
    """Kish's effective sample size ``(Σw)² / Σw²``; 0 for no (or all-zero) weights."""
    w = np.asarray(weights, dtype=float)
    total = float(np.sum(w * w))
    return 0.0 if total == 0 else float(np.sum(w)) ** 2 / total


def rake(
    answers: pd.DataFrame,
    cohorts: pd.DataFrame,
    margins: Mapping[str, Mapping[str, Mapping]],
    base_weights: pd.Series | None = None,
    max_iterations: int = 100,
    tolerance: float = 1e-6,
    normalise: bool = True,
) -> pd.Series:
    """Rake each cohort's weights to population margins (iterative proportional fitting).

    Parameters
    ----------
    answers : pandas.DataFrame
        Coded answers (``respondent_id, question, code``).
    cohorts : pandas.DataFrame
        ``respondent_id, cohort`` for every respondent.
    margins : mapping
        ``{cohort: {question: {code: share}}}``; shares of one question add up
        to 1.  Cohorts without margins keep their base weights.
    base_weights : pandas.Series, optional
        Starting weights by ``respondent_id`` (default 1).
    max_iterations : int, default 100
        Full passes over the margins before giving up.
    tolerance : float, default 1e-6
        Largest allowed difference between a weighted share and its target.
    normalise : bool, default True
        Scale each cohort's weights to average 1 (weighted size = sampled size).

    Returns
    -------
    pandas.Series
        Weight per ``respondent_id`` (named ``weight``), in the order of `cohorts`.

    Notes
    -----
    A respondent who did not answer a margin's question keeps their weight in
    that step; the targets apply to those who answered, whose weighted total is
    unchanged by the step.

    Raises
    ------
    SurveyInputError
        If a question is multiple-choice or answered twice by a respondent, a
        target share is positive for an option nobody in the cohort chose, an
        option somebody chose has no positive share, or the margins do not
        converge.
    """
    ids = cohorts["respondent_id"]
    weights = pd.Series(1.0, index=pd.Index(ids, name="respondent_id"), name="weight")
    if base_weights is not None:
        weights = base_weights.reindex(weights.index).astype(float).rename("weight")
        if weights.isna().any():
            raise SurveyInputError(f"base weights lack {int(weights.isna().sum())} respondent(s)")
    cohort_of = cohorts.set_index("respondent_id")["cohort"]
    values = weights.to_numpy(dtype=float).copy()
    position = pd.Series(np.arange(len(weights)), index=weights.index)
    for cohort, questions in margins.items():
        members = cohort_of.index[cohort_of == cohort]
        if len(members) == 0 or not questions:
            continue
        steps = []
        for question, shares in questions.items():
            given = answers[
                (answers["question"] == question) & answers["respondent_id"].isin(members)
            ]
            if given["respondent_id"].duplicated().any():
                raise SurveyInputError(
                    f"weights for cohort {cohort!r}: question {question!r} has several answers per "
                    "respondent; rake on single-answer questions"
                )
            targets = {int(code): float(share) for code, share in shares.items()}
            chosen = set(given["code"].astype(int))
            empty = sorted(
                code for code, share in targets.items() if share > 0 and code not in chosen
            )
            if empty:
                raise SurveyInputError(
                    f"weights for cohort {cohort!r}: question {question!r} has target shares for "
                    f"option(s) {empty} that no respondent of the cohort chose, so no weighting "
                    "can reach them"
                )
            missing = sorted(code for code in chosen if targets.get(code, 0) <= 0)
            if missing:
                raise SurveyInputError(
                    f"weights for cohort {cohort!r}: question {question!r} option(s) {missing} "
                    "were chosen but have no positive target share"
                )
            codes = sorted(code for code in targets if targets[code] > 0)
            level = (
                given["code"].astype(int).map({code: i for i, code in enumerate(codes)}).to_numpy()
            )
            steps.append(
                (
                    question,
                    position[given["respondent_id"]].to_numpy(),
                    level,
                    np.array([targets[c] for c in codes]),
                )
            )
        worst = math.inf
        for _ in range(max_iterations):
            for _, rows, level, target in steps:
                w = values[rows]
                current = np.bincount(level, weights=w, minlength=len(target))
                values[rows] = w * (target * w.sum() / current)[level]
            worst = max(
                float(
                    np.max(
                        np.abs(
                            np.bincount(level, weights=values[rows], minlength=len(target))
                            / values[rows].sum()
                            - target
                        )
                    )
                )
                for _, rows, level, target in steps
            )
            if worst <= tolerance:
                break
        else:
            raise SurveyInputError(
                f"weights for cohort {cohort!r}: raking on {', '.join(q for q, *_ in steps)} did "
                "not converge in "
                f"{max_iterations} iterations (largest difference from a target share "
                f"{worst:.3g}); the margins may contradict each other"
            )
        if normalise:
            rows = position[members].to_numpy()
            values[rows] *= len(rows) / values[rows].sum()
    weights = pd.Series(values, index=weights.index, name="weight")
    return weights


@dataclass(frozen=True)
class RaoScottTest:
    """Result of :func:`rao_scott_test`.

    Attributes
    ----------
    pearson : float
        Pearson X² of the weighted table scaled to the sample size n.
    statistic : float
        First-order corrected ``X² / mean_deff``, referred to χ²(dof).
    dof : int
    p_value : float
    mean_deff : float
        Mean generalised design effect (mean eigenvalue of Rao & Scott's Δ).
    f_statistic, ndf, ddf, f_p_value : float
        Second-order (Satterthwaite) correction as an F test, R's
        ``svychisq(statistic = "F")``.
    n : int
    n_effective : float
        Kish's effective sample size of the respondents in the table.
    """

    pearson: float
    statistic: float
    dof: int
    p_value: float
    mean_deff: float
    f_statistic: float
    ndf: float
    ddf: float
    f_p_value: float
    n: int
    n_effective: float


def rao_scott_test(
    rows: ArrayLike,
    columns: ArrayLike,
    weights: ArrayLike,
    clusters: ArrayLike | None = None,
    population_clusters: float | None = None,
) -> RaoScottTest | None:
    """Rao–Scott corrected chi-square test of independence for weighted data.

    Follows R's ``survey::svychisq`` (version 4.1): the Pearson X² of the
    weighted table scaled to n, and the design-effect matrix
    ``Δ = (C' D⁻¹ C / n)⁻¹ (C' D⁻¹ V D⁻¹ C)`` where ``V`` is the linearisation
    variance of the cell proportions and ``C`` spans the interaction contrasts
    (Rao & Scott 1981, 1984).

    Parameters
    ----------
    rows, columns : array_like
        Category of each respondent (any hashable labels), e.g. cohort and answer.
    weights : array_like
        Positive weight per respondent.
    clusters : array_like, optional
        Primary sampling unit of each respondent (default: each their own).
    population_clusters : float, optional
        Number of clusters in the population (finite-population correction).

    Returns
    -------
    RaoScottTest or None
        None when fewer than two row or column categories remain.

    Raises
    ------
    ValueError
        If lengths differ or a weight is not positive and finite.
    """
    row_labels, row_index = np.unique(np.asarray(rows), return_inverse=True)
    col_labels, col_index = np.unique(np.asarray(columns), return_inverse=True)
    w = np.asarray(weights, dtype=float)
    n = len(w)
    if not (len(row_index) == len(col_index) == n):
        raise ValueError(
            f"rows, columns and weights must have the same length (got {len(row_index)}, "
            f"{len(col_index)}, {n})"
        )
    if not np.all(np.isfinite(w) & (w > 0)):
        raise ValueError("weights must be positive and finite")
    r, c = len(row_labels), len(col_labels)
    if r < 2 or c < 2:
        return None
    # Cells are numbered with rows varying fastest, as R's interaction() and expand.grid() do.
    cell = col_index * r + row_index
    z = np.zeros((n, r * c))
    z[np.arange(n), cell] = 1.0
    total = w.sum()
    p = w @ z / total
    table = (n * p).reshape(c, r).T
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    pearson = float(np.sum((table - expected) ** 2 / expected))

    scores = w[:, None] * (z - p) / total
    if clusters is None:
        totals, m = scores, n
    else:
        cluster_labels, cluster_index = np.unique(np.asarray(clusters), return_inverse=True)
        totals = np.zeros((len(cluster_labels), r * c))
        np.add.at(totals, cluster_index, scores)
        m = len(cluster_labels)
    centred = totals - totals.mean(axis=0)
    variance = centred.T @ centred * m / (m - 1)
    if population_clusters is not None:
        variance *= 1.0 - m / population_clusters

    grid_rows = np.tile(np.arange(r), c)
    grid_cols = np.repeat(np.arange(c), r)
    main = np.column_stack(
        [np.ones(r * c)]
        + [grid_rows == i for i in range(1, r)]
        + [grid_cols == j for j in range(1, c)]
    ).astype(float)
    interaction = np.column_stack(
        [(grid_rows == i) & (grid_cols == j) for j in range(1, c) for i in range(1, r)]
    ).astype(float)
    projection = main @ np.linalg.pinv(main)
    contrasts = interaction - projection @ interaction
    inverse_d = np.diag(np.where(p > 0, 1.0 / np.where(p > 0, p, 1.0), 0.0))
    denominator = contrasts.T @ (inverse_d / n) @ contrasts
    numerator = contrasts.T @ inverse_d @ variance @ inverse_d @ contrasts
    delta = np.linalg.solve(denominator, numerator)
    dof = (r - 1) * (c - 1)
    trace = float(np.trace(delta))
    mean_deff = trace / dof
    first = pearson / mean_deff
    d0 = trace**2 / float(np.trace(delta @ delta))
    f_statistic = pearson / trace
    nu = m - 1
    return RaoScottTest(
        pearson=pearson,
        statistic=first,
        dof=dof,
        p_value=float(scipy.special.chdtrc(dof, first)),
        mean_deff=mean_deff,
        f_statistic=f_statistic,
        ndf=d0,
        ddf=d0 * nu,
        f_p_value=float(scipy.special.fdtrc(d0, d0 * nu, f_statistic)),
        n=n,
        n_effective=kish_effective_n(w),
    )


def weighted_share(chosen: ArrayLike, weights: ArrayLike) -> tuple[float, float, float]:
    """``(weighted count, weighted base, Kish effective base)`` of a 0/1 indicator."""
    x = np.asarray(chosen, dtype=float)
    w = np.asarray(weights, dtype=float)
    return float(w @ x), float(w.sum()), kish_effective_n(w)


def _nan_if_empty(value: float) -> float:
    return value if value else math.nan
