"""Tests of independence between cohort and answer, adjusted for multiple comparisons per stage."""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import stats

TEST_COLUMNS = [
    "stage", "question", "option", "test", "statistic", "dof", "p_value", "p_adjusted",
    "adjustment", "significant", "cramers_v", "min_expected", "cochran_ok", "n", "reason",
]


def _row(stage: str, question: str, option, table: np.ndarray, yates: bool) -> dict:
    result = stats.test_independence(table, yates=yates)
    return {
        "stage": stage, "question": question, "option": option, "test": result.test,
        "statistic": result.statistic, "dof": result.dof, "p_value": result.p_value,
        "cramers_v": result.cramers_v, "min_expected": result.min_expected,
        "cochran_ok": result.cochran_ok, "n": result.n, "reason": result.reason,
    }


def adjust_within(frame: pd.DataFrame, family: str, method: str, alpha: float) -> pd.DataFrame:
    """Add ``p_adjusted``, ``adjustment`` and ``significant``, adjusting within each ``family`` value."""
    frame = frame.copy()
    frame["p_adjusted"] = np.nan
    frame["adjustment"] = ""
    for value, rows in frame.groupby(family, sort=False).groups.items():
        p = frame.loc[rows, "p_value"].to_numpy(dtype=float)
        frame.loc[rows, "p_adjusted"] = stats.adjust_p_values(p, method)
        frame.loc[rows, "adjustment"] = f"{method} within {family} {value} ({int(np.isfinite(p).sum())} tests)"
    frame["significant"] = frame["p_adjusted"] < alpha
    return frame


def independence_tests(
    crosstab: pd.DataFrame, cohort_order: Sequence[str], method: str = "holm", alpha: float = 0.05, yates: bool = False
) -> pd.DataFrame:
    """Chi-square (or Fisher's exact) test of cohort × answer for every question of every stage.

    A single-answer question is tested whole (cohorts × options; ``option`` empty). A
    multiple-choice question is tested option by option (cohorts × chosen / not chosen on the base
    of those who answered), since one respondent may choose several options. P-values are then
    adjusted within each stage.
    """
    cohort_rows = crosstab[crosstab["cohort"].isin(cohort_order)]
    rows = []
    for (stage, question), block in cohort_rows.groupby(["stage", "question"], sort=False):
        counts = block.pivot(index="cohort", columns="option", values="count").reindex(cohort_order)
        if block["question_type"].iloc[0] == "multiple_choice":
            bases = block.groupby("cohort")["base"].first().reindex(cohort_order).to_numpy()
            for option in counts.columns:
                chosen = counts[option].to_numpy()
                rows.append(_row(stage, question, int(option), np.column_stack([chosen, bases - chosen]), yates))
        else:
            rows.append(_row(stage, question, pd.NA, counts.to_numpy(), yates))
    frame = pd.DataFrame(rows)
    frame["option"] = frame["option"].astype("Int64")
    return adjust_within(frame, "stage", method, alpha)[TEST_COLUMNS]
