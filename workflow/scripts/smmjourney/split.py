"""Rule ``split``: each respondent assigned to a cohort by a declarative rule of the configuration.

Entry: :func:`split_wave`.
"""

import logging
from collections.abc import Sequence

import pandas as pd

from smmjourney.errors import SurveyInputError

log = logging.getLogger(__name__)

COHORT_COLUMNS = ["respondent_id", "cohort"]


def _matches(rule: dict, respondents: pd.DataFrame, answers: pd.DataFrame) -> pd.Series:
    if "source" in rule:
        return respondents["source"].isin(rule["source"])
    if "language" in rule:
        return respondents["language"].isin(rule["language"])
    if "question" in rule:
        chosen = answers.loc[
            (answers["question"] == rule["question"]) & answers["code"].isin(rule["options"]),
            "respondent_id",
        ]
        return respondents["respondent_id"].isin(chosen)
    return pd.Series(True, index=respondents.index)


def assign_cohorts(
    respondents: pd.DataFrame, answers: pd.DataFrame, cohorts: Sequence[dict]
) -> pd.DataFrame:
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
            "Cohorts: "
            + "; ".join(problems)
            + (
                ". Each respondent must match exactly one cohort rule; add a cohort with rule "
                "{otherwise: true} to catch the rest."
            )
        )
    return pd.DataFrame(
        {"respondent_id": respondents["respondent_id"], "cohort": matches.idxmax(axis=1)},
        columns=COHORT_COLUMNS,
    )


def split_wave(
    answers: str, respondents: str, cohorts: Sequence[dict], assignment: str, sizes: str
) -> None:
    """Assign every kept respondent to a cohort; write the assignment and the cohort sizes."""
    from smmjourney.cleaned import read_answers
    from smmjourney.output import write_csv

    asked = sorted({c["rule"]["question"] for c in cohorts if "question" in c["rule"]})
    coded = (
        read_answers(answers, respondents, asked)
        if asked
        else pd.DataFrame(columns=["respondent_id", "question", "code"])
    )
    assigned = assign_cohorts(pd.read_parquet(respondents), coded, cohorts)
    assigned.to_parquet(assignment, index=False)
    order = [c["id"] for c in cohorts]
    counts = assigned["cohort"].value_counts().reindex(order, fill_value=0)
    labels = {c["id"]: c.get("label", c["id"]) for c in cohorts}
    table = pd.DataFrame(
        {"cohort": order, "label": [labels[c] for c in order], "respondents": counts.to_numpy()}
    )
    table = pd.concat(
        [
            table,
            pd.DataFrame(
                [{"cohort": "all", "label": "All respondents", "respondents": len(assigned)}]
            ),
        ]
    )
    write_csv(table, sizes)
    log.info("cohorts: %s", dict(zip(table["cohort"], table["respondents"], strict=False)))
