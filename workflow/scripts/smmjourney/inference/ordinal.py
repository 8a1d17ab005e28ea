"""The ordinal summary of ``ordinal.csv``: per likert or frequency question and cohort."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from smmjourney.stats.ordinal import ordinal_summary

ORDINAL_COLUMNS = [
    "stage",
    "question",
    "question_type",
    "cohort",
    "n",
    "median",
    "median_label",
    "mean",
    "ordinal_test",
    "ordinal_statistic",
    "ordinal_p_value",
    "ordinal_p_adjusted",
    "trend_statistic",
    "trend_p_value",
    "trend_p_adjusted",
    "nominal_test",
    "nominal_p_value",
    "nominal_p_adjusted",
]


def ordinal_table(crosstab, tests, ordinal_types: Sequence[str] = ("likert", "frequency")):
    """Per stage, likert/frequency question and cohort (and ``all``): n, median and mean of the
    answers scored 1, 2, … in codebook order, with the question's rank test, linear-by-linear
    test and nominal test from ``tests.csv`` (unweighted; p-values adjusted within the stage).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ORDINAL_COLUMNS`; ``median_label`` is the label of the
        option at the median (both labels joined by " / " when it falls between two).
    """
    import pandas as pd

    rows = []
    picked = crosstab[crosstab["question_type"].isin(ordinal_types)]
    for (stage, question, cohort), block in picked.groupby(
        ["stage", "question", "cohort"], sort=False
    ):
        labels = block["option_label"].tolist()
        n, median, mean = ordinal_summary(block["count"].to_numpy(), np.arange(1, len(block) + 1))
        if math.isnan(median):
            median_label = ""
        elif median == int(median):
            median_label = labels[int(median) - 1]
        else:
            median_label = f"{labels[int(median) - 1]} / {labels[int(median)]}"
        rows.append(
            {
                "stage": stage,
                "question": question,
                "question_type": block["question_type"].iloc[0],
                "cohort": cohort,
                "n": n,
                "median": median,
                "median_label": median_label,
                "mean": mean,
            }
        )
    frame = pd.DataFrame(rows, columns=ORDINAL_COLUMNS[:8])
    unweighted = tests[(tests["weighting"] == "unweighted") & tests["option"].isna()]
    for kind in ("ordinal", "trend", "nominal"):
        part = unweighted[unweighted["kind"] == kind][
            ["stage", "question", "test", "statistic", "p_value", "p_adjusted"]
        ]
        frame = frame.merge(
            part.add_prefix(f"{kind}_").rename(
                columns={f"{kind}_stage": "stage", f"{kind}_question": "question"}
            ),
            on=["stage", "question"],
            how="left",
        )
    return frame[ORDINAL_COLUMNS]
