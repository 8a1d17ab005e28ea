"""Cohorts: each respondent assigned by a declarative rule from the configuration."""

from collections.abc import Sequence

import pandas as pd

from .errors import SurveyInputError

COHORT_COLUMNS = ["respondent_id", "cohort"]


def _matches(rule: dict, respondents: pd.DataFrame, answers: pd.DataFrame) -> pd.Series:
    if "source" in rule:
        return respondents["source"].isin(rule["source"])
    if "language" in rule:
        return respondents["language"].isin(rule["language"])
    if "question" in rule:
        chosen = answers.loc[(answers["question"] == rule["question"]) & answers["code"].isin(rule["options"]), "respondent_id"]
        return respondents["respondent_id"].isin(chosen)
    return pd.Series(True, index=respondents.index)


def assign_cohorts(respondents: pd.DataFrame, answers: pd.DataFrame, cohorts: Sequence[dict]) -> pd.DataFrame:
    """One row per respondent with the id of the cohort whose rule they match.

    Rules are tried in order; ``otherwise`` takes everyone no earlier rule took. A respondent who
    matches two rules, or none, stops the run with a message naming them.
    """
    matches = pd.DataFrame({c["id"]: _matches(c["rule"], respondents, answers) for c in cohorts})
    for position, cohort in enumerate(cohorts):
        if cohort["rule"].get("otherwise"):
            earlier = matches.iloc[:, :position].any(axis=1)
            matches[cohort["id"]] = ~earlier
    hits = matches.sum(axis=1)
    problems = []
    for label, mask in (("no cohort rule", hits == 0), ("more than one cohort rule", hits > 1)):
        if mask.any():
            sample = respondents.loc[mask, ["source", "row"]].head(5).itertuples(index=False)
            where = ", ".join(f"source {s} row {r}" for s, r in sample)
            problems.append(f"{int(mask.sum())} respondent(s) match {label} (for example {where})")
    if problems:
        raise SurveyInputError(
            "Cohorts: " + "; ".join(problems) + ". Each respondent must match exactly one cohort rule; add a cohort with rule {otherwise: true} to catch the rest."
        )
    return pd.DataFrame({"respondent_id": respondents["respondent_id"], "cohort": matches.idxmax(axis=1)}, columns=COHORT_COLUMNS)
