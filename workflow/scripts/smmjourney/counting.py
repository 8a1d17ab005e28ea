"""Counting: cross-tabulations of answers by cohort, computed in one grouped pass per wave."""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .codebook import Codebook
from .column_tests import cohort_letters, column_letters
from .stats import proportion_interval

ALL = "all"
CROSSTAB_COLUMNS = [
    "stage", "question", "question_type", "option", "option_label", "cohort", "cohort_letter",
    "base", "count", "pct", "ci_low", "ci_high", "sig_letters",
    "base_weighted", "count_weighted", "n_effective", "pct_weighted", "ci_low_weighted", "ci_high_weighted",
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
    interval: str = "wilson",
    alpha: float = 0.05,
    alpha_strict: float = 0.01,
    letters_adjust: str = "bonferroni",
    weights: pd.Series | None = None,
) -> pd.DataFrame:
    """Count, base and percentage of every option of every (stage, question), per cohort and overall.

    The base is the number of respondents of the cohort who answered the question; in a
    multiple-choice question each option is counted on that base, so percentages may add up to
    more than 100. Options nobody chose appear with count 0. The interval is ``interval``
    (Wilson by default). Each cohort has a letter (``cohort_letter``); ``sig_letters`` holds the
    letters of the cohorts whose percentage this cell's significantly exceeds (column-proportion
    z-tests, ``letters_adjust`` within the row; lower case at ``alpha``, upper case at
    ``alpha_strict``). With ``weights`` (per ``respondent_id``) the weighted base and count, Kish's
    effective base and the weighted percentage with its interval (on the effective base) are
    added; without, those columns are empty.
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
    low, high = proportion_interval(frame["count"].to_numpy(), frame["base"].to_numpy(), confidence, interval)
    frame["ci_low"], frame["ci_high"] = 100 * low, 100 * high
    letters = cohort_letters(cohort_order)
    frame["cohort_letter"] = frame["cohort"].map(letters).fillna("")
    frame["sig_letters"] = ""
    in_cohorts = frame[frame["cohort"].isin(cohort_order)]
    for _, block in in_cohorts.groupby(["question", "option"], sort=False):
        ordered = block.set_index("cohort").reindex(list(cohort_order))
        marks = column_letters(ordered["count"], ordered["base"], [letters[c] for c in cohort_order], alpha, alpha_strict, letters_adjust)
        frame.loc[block.index, "sig_letters"] = pd.Series(marks, index=list(cohort_order)).reindex(block["cohort"]).to_numpy()
    frame = frame.join(_weighted_columns(coded, frame, weights, confidence, interval))
    stages = pd.DataFrame(stage_questions, columns=["stage", "question"])
    return stages.merge(frame, on="question", how="left")[CROSSTAB_COLUMNS]


def _weighted_columns(coded: pd.DataFrame, frame: pd.DataFrame, weights: pd.Series | None, confidence: float, interval: str) -> pd.DataFrame:
    columns = ["base_weighted", "count_weighted", "n_effective", "pct_weighted", "ci_low_weighted", "ci_high_weighted"]
    if weights is None:
        return pd.DataFrame(np.nan, index=frame.index, columns=columns)
    people = coded.drop_duplicates(["question", "cohort", "respondent_id"]).copy()
    people["w"] = weights.reindex(people["respondent_id"]).to_numpy(dtype=float)
    people["w2"] = people["w"] ** 2
    per_base = people.groupby(["question", "cohort"], observed=True)[["w", "w2"]].sum()
    chosen = coded.drop_duplicates(["question", "cohort", "code", "respondent_id"]).copy()
    chosen["w"] = weights.reindex(chosen["respondent_id"]).to_numpy(dtype=float)
    per_option = chosen.groupby(["question", "cohort", "code"], observed=True)["w"].sum()
    base_index = pd.MultiIndex.from_frame(frame[["question", "cohort"]])
    out = pd.DataFrame(index=frame.index)
    out["base_weighted"] = per_base["w"].reindex(base_index, fill_value=0).to_numpy()
    squares = per_base["w2"].reindex(base_index, fill_value=0).to_numpy()
    out["count_weighted"] = per_option.reindex(pd.MultiIndex.from_frame(frame[["question", "cohort", "option"]]), fill_value=0).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["n_effective"] = np.where(squares > 0, out["base_weighted"] ** 2 / np.where(squares > 0, squares, 1), 0.0)
        share = np.where(out["base_weighted"] > 0, out["count_weighted"] / out["base_weighted"].where(out["base_weighted"] > 0, 1), np.nan)
    out["pct_weighted"] = 100 * share
    effective_count = np.clip(np.nan_to_num(share) * out["n_effective"], 0, out["n_effective"])
    low, high = proportion_interval(effective_count.to_numpy(), out["n_effective"].to_numpy(), confidence, interval)
    out["ci_low_weighted"], out["ci_high_weighted"] = 100 * low, 100 * high
    return out[columns]
