"""Counting: cross-tabulations of answers by cohort, computed in one grouped pass per wave."""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .codebook import Codebook
from .stats import wilson_interval

ALL = "all"
CROSSTAB_COLUMNS = [
    "stage", "question", "question_type", "option", "option_label", "cohort",
    "base", "count", "pct", "ci_low", "ci_high",
]


def answers_by_cohort(answers: pd.DataFrame, cohorts: pd.DataFrame) -> pd.DataFrame:
    """The answers with each respondent's cohort attached."""
    return answers.merge(cohorts, on="respondent_id", how="inner", validate="many_to_one")


def crosstabs(
    answers: pd.DataFrame,
    cohorts: pd.DataFrame,
    codebook: Codebook,
    stage_questions: Sequence[tuple[str, str]],
    cohort_order: Sequence[str],
    language: str = "en",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Count, base and percentage of every option of every (stage, question), per cohort and overall.

    The base is the number of respondents of the cohort who answered the question; in a
    multiple-choice question each option is counted on that base, so percentages may add up to
    more than 100. Options nobody chose appear with count 0. The interval is Wilson's.
    """
    coded = answers_by_cohort(answers, cohorts)
    questions = list(dict.fromkeys(q for _, q in stage_questions))
    coded = coded[coded["question"].isin(questions)]
    coded = pd.concat([coded, coded.assign(cohort=ALL)], ignore_index=True)
    counts = coded.groupby(["question", "cohort", "code"], observed=True).size()
    bases = coded.groupby(["question", "cohort"], observed=True)["respondent_id"].nunique()
    cohort_list = [*cohort_order, ALL]
    frame = pd.DataFrame(
        [
            (q, codebook.questions[q].type, option.code, codebook.questions[q].label(option.code, language), cohort)
            for q in questions
            for cohort in cohort_list
            for option in codebook.questions[q].options
        ],
        columns=["question", "question_type", "option", "option_label", "cohort"],
    )
    index = pd.MultiIndex.from_frame(frame[["question", "cohort", "option"]])
    frame["count"] = counts.reindex(index, fill_value=0).to_numpy()
    frame["base"] = bases.reindex(pd.MultiIndex.from_frame(frame[["question", "cohort"]]), fill_value=0).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["pct"] = np.where(frame["base"] > 0, 100 * frame["count"] / frame["base"].where(frame["base"] > 0, 1), np.nan)
    low, high = wilson_interval(frame["count"].to_numpy(), frame["base"].to_numpy(), confidence)
    frame["ci_low"], frame["ci_high"] = 100 * low, 100 * high
    stages = pd.DataFrame(stage_questions, columns=["stage", "question"])
    return stages.merge(frame, on="question", how="left")[CROSSTAB_COLUMNS]
