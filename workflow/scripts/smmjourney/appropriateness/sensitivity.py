"""Rule ``sensitivity``: how much the verdicts depend on the rule's settings, the ratings that
change when a threshold moves by :data:`STEP` points either way, or under another ``combine``
rule.

Entry: :func:`write_rating_sensitivity`, from the written appropriateness table, so the counts
are what a reader of ``appropriateness.csv`` can reproduce.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from smmjourney.appropriateness.rule import COMBINE, rated_pct, score_activities
from smmjourney.plan import Rating

__all__ = ["SENSITIVITY_COLUMNS", "STEP", "rating_sensitivity", "write_rating_sensitivity"]

STEP = 5.0
"""Points by which each threshold is moved."""

SENSITIVITY_COLUMNS = ["setting", "configured", "value", "ratings", "changed", "changes"]


def _alternatives(rule: Rating):
    for name in ("green_min", "yellow_min"):
        for step in (-STEP, STEP):
            yield (
                name,
                getattr(rule, name),
                dataclasses.replace(rule, **{name: getattr(rule, name) + step}),
            )
    for combine in COMBINE:
        if combine != rule.combine:
            yield "combine", rule.combine, dataclasses.replace(rule, combine=combine)


def rating_sensitivity(
    table: pd.DataFrame, cohort_order: Sequence[str], rule: Rating
) -> pd.DataFrame:
    """One row per alternative setting: how many of the activity ratings of ``table`` (every
    activity and cohort, ``all`` too) it changes, and which (``stage/activity/cohort: from ->
    to``). A threshold moved past the other (yellow above green) is listed with no count."""
    keys = ["stage", "activity", "cohort"]
    table = table.assign(pct_rated=rated_pct(table, cohort_order, rule.all_mix))
    base = score_activities(table, rule).set_index(keys)["activity_rating"]
    rows = []
    for name, configured, other in _alternatives(rule):
        value = getattr(other, name)
        if other.yellow_min > other.green_min:
            rows.append(
                {
                    "setting": name,
                    "configured": configured,
                    "value": value,
                    "ratings": len(base),
                    "changed": pd.NA,
                    "changes": "not applicable: yellow_min would exceed green_min",
                }
            )
            continue
        moved = score_activities(table, other).set_index(keys)["activity_rating"]
        differ = base[base != moved.reindex(base.index)]
        rows.append(
            {
                "setting": name,
                "configured": configured,
                "value": value,
                "ratings": len(base),
                "changed": len(differ),
                "changes": "; ".join(
                    f"{stage}/{activity}/{cohort}: {before} -> {moved[(stage, activity, cohort)]}"
                    for (stage, activity, cohort), before in differ.items()
                ),
            }
        )
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


def write_rating_sensitivity(
    table: str, cohort_labels: Mapping[str, str], rating: Mapping[str, Any], sensitivity: str
) -> None:
    """Write ``rating_sensitivity.csv`` (:data:`SENSITIVITY_COLUMNS`) for the appropriateness
    table ``table``, with the cohorts in the order of ``cohort_labels`` and the configuration's
    ``rating``."""
    from smmjourney.output import read_appropriateness, write_csv
    from smmjourney.plan import rating_settings

    write_csv(
        rating_sensitivity(
            read_appropriateness(table), list(cohort_labels), rating_settings(rating)
        ),
        sensitivity,
    )
