"""The decision rule: an activity's support, resistance and net score, and its colour.

An activity's *support* combines (``rating.combine``) the percentages of its ``appropriate``
indicators; its *resistance* is the largest percentage among its ``inappropriate`` indicators
(0 without any), so that adding an objection can never lower it; its score is support minus
resistance, in percentage points. An activity without a measured support is rated
:data:`NO_SUPPORT`, never green or yellow. Every function takes arrays whose last axis is the
activity's indicators, so the same code scores the observed sample and every bootstrap resample.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smmjourney.crosstabs.counting import ALL
from smmjourney.plan import Rating

__all__ = [
    "ALL_MIX",
    "COLOURS",
    "COMBINE",
    "NO_SUPPORT",
    "NetScore",
    "indicator_score",
    "net_score",
    "rate",
    "rate_activity",
    "rated_pct",
    "sample_of",
    "score_activities",
]

COLOURS = ("green", "yellow", "red")
"""The ratings of an activity with a measured support, from most to least appropriate."""

NO_SUPPORT = "no support measured"
"""The rating of an activity none of whose ``appropriate`` indicators was answered or listed."""

COMBINE: Mapping[str, Callable[..., np.ndarray]] = {
    "mean": np.nanmean,
    "median": np.nanmedian,
    "min": np.nanmin,
    "max": np.nanmax,
}
"""``rating.combine`` -> how the percentages of an activity's ``appropriate`` indicators make its
support (indicators nobody answered are left out)."""


@dataclass(frozen=True)
class NetScore:
    """An activity's support, resistance and net score (``support - resistance``), any shape."""

    support: np.ndarray
    resistance: np.ndarray
    score: np.ndarray


def rate(score: np.ndarray, green_min: float, yellow_min: float) -> np.ndarray:
    """green / yellow / red for each score (empty where the score is NaN)."""
    score = np.asarray(score, dtype=float)
    return np.select(
        [np.isnan(score), score >= green_min, score >= yellow_min], ["", "green", "yellow"], "red"
    )


def indicator_score(pct: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """An indicator's own contribution to the net score: ``pct`` for ``appropriate``, ``-pct``
    for ``inappropriate``, NaN for ``context``."""
    pct = np.asarray(pct, dtype=float)
    return np.select(
        [direction == "appropriate", direction == "inappropriate"], [pct, -pct], np.nan
    )


def net_score(pct: np.ndarray, directions: Sequence[str], combine: str) -> NetScore:
    """Support, resistance and score of ``pct`` (``(..., indicators)``, NaN where unanswered).

    A NaN support (no ``appropriate`` indicator, or none answered) makes the score NaN; a
    resistance without any answered ``inappropriate`` indicator is 0.
    """
    pct = np.asarray(pct, dtype=float)
    directions = np.asarray(directions)
    for_it = pct[..., directions == "appropriate"]
    against = pct[..., directions == "inappropriate"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        support = (
            COMBINE[combine](for_it, axis=-1)
            if for_it.shape[-1]
            else np.full(pct.shape[:-1], np.nan)
        )
        resistance = (
            np.nan_to_num(np.nanmax(against, axis=-1), nan=0.0)
            if against.shape[-1]
            else np.zeros(pct.shape[:-1])
        )
    return NetScore(np.asarray(support), np.asarray(resistance), np.asarray(support - resistance))


def rate_activity(net: NetScore, rated: bool, green_min: float, yellow_min: float) -> np.ndarray:
    """The colour of each score of ``net``; :data:`NO_SUPPORT` where its support is NaN, and
    empty when the activity has no rated (``appropriate`` or ``inappropriate``) indicator."""
    colours = rate(net.score, green_min, yellow_min)
    return np.where(np.isnan(net.support), NO_SUPPORT if rated else "", colours)


def rated_pct(frame: pd.DataFrame, cohort_order: Sequence[str], all_mix: str) -> np.ndarray:
    """The percentage each row of the appropriateness table is rated on: its ``pct``, except on
    ``all`` rows with ``all_mix`` ``equal``, where it is the mean of the cohorts' percentages
    (each cohort weighted equally)."""
    pct = frame["pct"].to_numpy(dtype=float)
    if all_mix == "sampled":
        return pct
    keys = ["stage", "activity", "indicator"]
    equal = frame[frame["cohort"].isin(list(cohort_order))].groupby(keys, sort=False)["pct"].mean()
    pooled = equal.reindex(pd.MultiIndex.from_frame(frame[keys])).to_numpy(dtype=float)
    return np.where(frame["cohort"].to_numpy() == ALL, pooled, pct)


def score_activities(frame: pd.DataFrame, rule: Rating) -> pd.DataFrame:
    """Support, resistance, ``activity_score`` and ``activity_rating`` of every activity and
    cohort of ``frame`` (rows with ``stage``, ``activity``, ``indicator``, ``direction``,
    ``cohort`` and the rated percentage ``pct_rated``); indicators in id order, so that the order
    they are listed in changes nothing."""
    keys = ["stage", "activity", "cohort"]
    order = np.lexsort(
        [frame[column].astype(str).to_numpy() for column in ("options", "question", "indicator")]
    )
    groups = frame.iloc[order].groupby(keys, sort=False).indices
    pct = frame["pct_rated"].to_numpy(dtype=float)[order]
    direction = frame["direction"].to_numpy()[order]
    rows = []
    for (stage, activity, cohort), where in sorted(
        groups.items(), key=lambda item: order[item[1]].min()
    ):
        where = np.sort(where)
        net = net_score(pct[where], direction[where], rule.combine)
        rated = bool(np.isin(direction[where], ["appropriate", "inappropriate"]).any())
        rows.append(
            {
                "stage": stage,
                "activity": activity,
                "cohort": cohort,
                "support": float(net.support),
                "resistance": float(net.resistance) if rated else np.nan,
                "activity_score": float(net.score),
                "activity_rating": str(rate_activity(net, rated, rule.green_min, rule.yellow_min)),
            }
        )
    return pd.DataFrame(
        rows, columns=[*keys, "support", "resistance", "activity_score", "activity_rating"]
    )


def sample_of(cohort: str, all_mix: str) -> str:
    """What a row's respondents are: its cohort, or (``all``) the pooled sample and its mix."""
    if cohort != ALL:
        return "cohort"
    return ALL_MIX[all_mix]


ALL_MIX: Mapping[str, str] = {
    "sampled": "all respondents pooled at the sampled mix of cohorts",
    "equal": "all respondents, each cohort weighted equally",
}
"""``rating.all_mix`` -> what the ``all`` row's score is of."""
