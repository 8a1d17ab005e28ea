"""The stage × activity appropriateness table: indicator shares per cohort, ratings, differences."""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import stats
from .counting import ALL, answers_by_cohort
from .plan import Indicator
from .significance import adjust_within

RATINGS = {"green": "most appropriate", "yellow": "less appropriate", "red": "least appropriate"}
APPROPRIATENESS_COLUMNS = [
    "stage", "activity", "activity_label", "indicator", "indicator_label", "question", "options",
    "direction", "cohort", "base", "count", "pct", "ci_low", "ci_high", "score", "rating",
    "activity_score", "activity_rating", "test", "p_value", "p_adjusted", "significant",
]


def rate(score: np.ndarray, green_min: float, yellow_min: float) -> np.ndarray:
    """green / yellow / red for each score (empty where the score is NaN)."""
    score = np.asarray(score, dtype=float)
    return np.select([np.isnan(score), score >= green_min, score >= yellow_min], ["", "green", "yellow"], "red")


def indicator_shares(answers: pd.DataFrame, cohorts: pd.DataFrame, indicators: Sequence[Indicator], cohort_order: Sequence[str]) -> pd.DataFrame:
    """For each indicator and cohort (and ``all``): base, count choosing any of its options."""
    coded = answers_by_cohort(answers, cohorts)
    cohort_list = [*cohort_order, ALL]
    rows = []
    for indicator in indicators:
        in_question = coded[coded["question"] == indicator.question]
        chosen = in_question[in_question["code"].isin(indicator.options)]
        base = in_question.groupby("cohort")["respondent_id"].nunique()
        count = chosen.groupby("cohort")["respondent_id"].nunique()
        for cohort in cohort_list:
            b = in_question["respondent_id"].nunique() if cohort == ALL else int(base.get(cohort, 0))
            k = chosen["respondent_id"].nunique() if cohort == ALL else int(count.get(cohort, 0))
            rows.append({**_describe(indicator), "cohort": cohort, "base": b, "count": k})
    return pd.DataFrame(rows)


def _describe(indicator: Indicator) -> dict:
    return {
        "stage": indicator.stage, "activity": indicator.activity, "activity_label": indicator.activity_label,
        "indicator": indicator.id, "indicator_label": indicator.label, "question": indicator.question,
        "options": "+".join(map(str, indicator.options)), "direction": indicator.direction,
    }


def appropriateness_table(
    shares: pd.DataFrame,
    cohort_order: Sequence[str],
    rating: dict,
    statistics: dict,
) -> pd.DataFrame:
    """Percentages, scores, green / yellow / red ratings and cohort differences per indicator.

    An indicator's score is its percentage when ``direction`` is ``appropriate`` and 100 minus it
    when ``inappropriate`` (``context`` indicators get none). An activity's score per cohort
    combines its indicators' scores (``rating['combine']``), and both are rated against
    ``green_min`` and ``yellow_min``. Each indicator is tested for a difference between cohorts
    (cohort × chosen / not chosen), adjusted within its stage.
    """
    frame = shares.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["pct"] = 100 * frame["count"] / frame["base"].where(frame["base"] > 0)
    low, high = stats.wilson_interval(frame["count"].to_numpy(), frame["base"].to_numpy(), statistics.get("confidence", 0.95))
    frame["ci_low"], frame["ci_high"] = 100 * low, 100 * high
    frame["score"] = np.select(
        [frame["direction"] == "appropriate", frame["direction"] == "inappropriate"],
        [frame["pct"], 100 - frame["pct"]],
        np.nan,
    )
    green, yellow = rating.get("green_min", 40), rating.get("yellow_min", 20)
    frame["rating"] = rate(frame["score"], green, yellow)
    combine = rating.get("combine", "mean")
    activity = frame.groupby(["stage", "activity", "cohort"], sort=False)["score"].agg(combine).rename("activity_score")
    frame = frame.merge(activity.reset_index(), on=["stage", "activity", "cohort"], how="left")
    frame["activity_rating"] = rate(frame["activity_score"], green, yellow)
    tests = []
    for (stage, activity_id, indicator), block in frame[frame["cohort"].isin(cohort_order)].groupby(["stage", "activity", "indicator"], sort=False):
        block = block.set_index("cohort").reindex(cohort_order)
        table = np.column_stack([block["count"], block["base"] - block["count"]])
        result = stats.test_independence(table, yates=statistics.get("yates", False))
        tests.append({"stage": stage, "activity": activity_id, "indicator": indicator, "test": result.test, "p_value": result.p_value})
    tests = adjust_within(pd.DataFrame(tests), "stage", statistics.get("p_adjust", "holm"), statistics.get("alpha", 0.05))
    frame = frame.merge(tests[["stage", "activity", "indicator", "test", "p_value", "p_adjusted", "significant"]], on=["stage", "activity", "indicator"], how="left")
    return frame[APPROPRIATENESS_COLUMNS]
