"""Cohort differences in an activity's score, tested before a table or chart shows them.

For every activity with a measured support: each pair of cohorts, and (with three or more cohorts)
each cohort against the rest of the respondents, ``diff`` = score of ``cohort_a`` minus score of
``cohort_b`` in percentage points, with the bootstrap percentile interval of the within-cohort
resamples of :mod:`.uncertainty`. The test (``bootstrap_z``) divides the observed difference by the
standard deviation of the resampled differences and reads a two-sided normal p-value: unlike the
share of resamples beyond zero it is not floored at ``2 / (resamples + 1)``, which a family of many
differences would need to get under. The family is every activity difference of the wave, a
difference of the same indicators between the same cohorts (an activity listed under two stages)
counted once, adjusted by ``statistics.p_adjust``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from smmjourney import stats
from smmjourney.appropriateness.uncertainty import ActivityDraws
from smmjourney.crosstabs.counting import ALL

__all__ = ["DIFFERENCE_COLUMNS", "REST", "activity_differences", "difference_marks"]

REST = "rest"
"""``cohort_b`` of a cohort compared with every other cohort's respondents together."""

DIFFERENCE_COLUMNS = [
    "stage",
    "activity",
    "cohort_a",
    "cohort_b",
    "diff",
    "ci_low",
    "ci_high",
    "test",
    "p",
    "p_adjusted",
    "family",
    "significant",
]


def _compared(draw: ActivityDraws, cohort_order: Sequence[str]):
    for i, a in enumerate(cohort_order):
        for b in cohort_order[i + 1 :]:
            yield a, b, draw.observed[a] - draw.observed[b], draw.resampled[a] - draw.resampled[b]
    if len(cohort_order) > 2:
        for a in cohort_order:
            yield (
                a,
                REST,
                draw.observed[a] - draw.observed_rest[a],
                draw.resampled[a] - draw.resampled_rest[a],
            )


def _z_test(diff: float, resampled: np.ndarray) -> float:
    spread = float(np.std(resampled, ddof=1)) if len(resampled) > 1 else np.nan
    if diff == 0:
        return 1.0
    if not np.isfinite(spread):
        return np.nan
    return math.erfc(abs(diff) / spread / math.sqrt(2)) if spread > 0 else 0.0


def activity_differences(
    draws: Sequence[ActivityDraws],
    cohort_order: Sequence[str],
    confidence: float,
    method: str,
    alpha: float,
) -> pd.DataFrame:
    """Every tested cohort difference of every activity, adjusted in one family per wave (the
    same comparison of the same indicators, listed under two stages, is one hypothesis)."""
    tail = 100 * (1 - confidence) / 2
    rows, claims = [], []
    for draw in draws:
        for a, b, diff, resampled in _compared(draw, list(cohort_order)):
            if not np.isfinite(diff):
                continue
            finite = resampled[np.isfinite(resampled)]
            low, high = np.percentile(finite, [tail, 100 - tail]) if len(finite) else (np.nan,) * 2
            rows.append(
                {
                    "stage": draw.stage,
                    "activity": draw.activity,
                    "cohort_a": a,
                    "cohort_b": b,
                    "diff": float(diff),
                    "ci_low": float(low),
                    "ci_high": float(high),
                    "test": "bootstrap_z",
                    "p": _z_test(float(diff), finite),
                }
            )
            claims.append((draw.key, a, b))
    frame = pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS[:9])
    distinct = list(dict.fromkeys(claims))
    first = {claim: i for i, claim in reversed(list(enumerate(claims)))}
    adjusted = stats.adjust_p_values(frame["p"].to_numpy()[[first[c] for c in distinct]], method)
    by_claim = dict(zip(distinct, adjusted, strict=True))
    frame["p_adjusted"] = [by_claim[claim] for claim in claims]
    frame["family"] = (
        f"{method} across the wave's activity differences ({len(distinct)} distinct comparisons)"
    )
    frame["significant"] = frame["p_adjusted"] < alpha
    return frame[DIFFERENCE_COLUMNS]


def difference_marks(
    differences: pd.DataFrame,
    ratings: pd.DataFrame,
    cohort_order: Sequence[str],
    letters: Mapping[str, str],
) -> pd.DataFrame:
    """Per activity and cohort: the letters of the cohorts whose score this cohort's
    significantly exceeds (``activity_higher_than``; ``R`` for the rest of the respondents), and
    of those rated another colour without a significant difference
    (``difference_not_supported``).

    ``ratings`` has ``stage``, ``activity``, ``cohort`` and ``activity_rating``.
    """
    colour = ratings.set_index(["stage", "activity", "cohort"])["activity_rating"].to_dict()
    names = {**letters, REST: "R"}
    higher: dict[tuple[str, str, str], list[str]] = {}
    unsupported: dict[tuple[str, str, str], list[str]] = {}
    for row in differences.itertuples(index=False):
        a, b = (row.stage, row.activity, row.cohort_a), (row.stage, row.activity, row.cohort_b)
        if row.significant:
            winner, loser = (a, b) if row.diff > 0 else (b, a)
            higher.setdefault(winner, []).append(names[loser[2]])
        elif row.cohort_b != REST and colour.get(a) != colour.get(b):
            unsupported.setdefault(a, []).append(names[row.cohort_b])
            unsupported.setdefault(b, []).append(names[row.cohort_a])
    rows = [
        {
            "stage": stage,
            "activity": activity,
            "cohort": cohort,
            "activity_higher_than": "".join(sorted(higher.get((stage, activity, cohort), []))),
            "difference_not_supported": "".join(
                sorted(unsupported.get((stage, activity, cohort), []))
            ),
        }
        for stage, activity, cohort in colour
        if cohort != ALL
    ]
    return pd.DataFrame(
        rows,
        columns=["stage", "activity", "cohort", "activity_higher_than", "difference_not_supported"],
    )
