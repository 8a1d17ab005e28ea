"""The multiple-response sets of ``multiple_response.csv``: per question and cohort."""

from __future__ import annotations

import numpy as np
import pandas as pd

MR_COLUMNS = [
    "stage",
    "question",
    "option",
    "option_label",
    "cohort",
    "respondents",
    "responses",
    "mean_answers",
    "count",
    "pct_of_respondents",
    "pct_of_responses",
    "set_test",
    "set_p_value",
    "set_p_adjusted",
]


def multiple_response_table(
    crosstab: pd.DataFrame, tests: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The multiple-response sets of a cross-tab, per stage, question and cohort.

    Parameters
    ----------
    crosstab : pandas.DataFrame
        ``crosstabs.csv`` (columns ``stage, question, question_type, option,
        option_label, cohort, base, count``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MR_COLUMNS`: one row per option and a ``total`` row
        (``option`` empty, ``count`` = responses) per stage, question and
        cohort.  ``respondents`` is the base, ``responses`` the number of
        options chosen, ``mean_answers = responses / respondents``;
        ``pct_of_respondents`` may add up to more than 100 and is
        ``100 * responses / respondents`` on the total row;
        ``pct_of_responses`` adds up to 100.  With `tests` (``tests.csv``) the
        question's unweighted set test (kind ``set``) is repeated on its rows:
        ``set_test``, ``set_p_value`` and ``set_p_adjusted`` (within the stage).
    """
    multi = crosstab[crosstab["question_type"] == "multiple_choice"]
    if multi.empty:
        return pd.DataFrame(columns=MR_COLUMNS)
    multi = multi.copy()
    keys = ["stage", "question", "cohort"]
    frame = multi[
        ["stage", "question", "option", "option_label", "cohort", "base", "count"]
    ].rename(columns={"base": "respondents"})
    frame["responses"] = frame.groupby(keys, sort=False)["count"].transform("sum")
    totals = (
        frame.groupby(keys, sort=False)
        .agg(respondents=("respondents", "first"), responses=("responses", "first"))
        .reset_index()
    )
    totals["count"] = totals["responses"]
    totals["option"] = pd.NA
    totals["option_label"] = "total"
    frame = pd.concat([frame, totals[frame.columns]], ignore_index=True)
    frame["option"] = frame["option"].astype("Int64")
    order = frame.groupby(keys, sort=False).ngroup()
    frame = frame.assign(_group=order, _total=frame["option"].isna()).sort_values(
        ["_group", "_total"], kind="stable"
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        respondents = frame["respondents"].where(frame["respondents"] > 0)
        responses = frame["responses"].where(frame["responses"] > 0)
        frame["mean_answers"] = frame["responses"] / respondents
        frame["pct_of_respondents"] = 100 * frame["count"] / respondents
        frame["pct_of_responses"] = 100 * frame["count"] / responses
    frame = frame.drop(columns=["_group", "_total"]).reset_index(drop=True)
    if tests is not None:
        sets = tests[(tests["kind"] == "set") & (tests["weighting"] == "unweighted")][
            ["stage", "question", "test", "p_value", "p_adjusted"]
        ]
        frame = frame.merge(
            sets.rename(
                columns={
                    "test": "set_test",
                    "p_value": "set_p_value",
                    "p_adjusted": "set_p_adjusted",
                }
            ),
            on=["stage", "question"],
            how="left",
        )
    return frame.reindex(columns=MR_COLUMNS)
