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


def rule_questions(rules: Sequence[dict]) -> list[str]:
    """The questions whose answers the cohort ``rules`` read."""
    return sorted({rule["question"] for rule in rules if "question" in rule})


def cohort_matches(
    respondents: pd.DataFrame, answers: pd.DataFrame, rules: Sequence[dict]
) -> pd.DataFrame:
    """Whether each respondent (a row) matches each cohort rule (a column, by position).

    Rules are tried in order; ``otherwise`` takes everyone no earlier rule took. A respondent who
    matches two rules, or none, stops the run with a message naming them, their export (from
    ``respondents["file"]`` when present, else their source) and row.

    Raises
    ------
    SurveyInputError
        When some respondent matches no rule or more than one.
    """
    matches = pd.DataFrame(
        {position: _matches(rule, respondents, answers) for position, rule in enumerate(rules)},
        index=respondents.index,
    )
    for position, rule in enumerate(rules):
        if rule.get("otherwise"):
            matches[position] = ~matches.iloc[:, :position].any(axis=1)
    hits = matches.sum(axis=1)
    problems = []
    for label, mask in (("no cohort rule", hits == 0), ("more than one cohort rule", hits > 1)):
        if mask.any():
            problems.append(
                f"{int(mask.sum())} respondent(s) match {label} (for example "
                f"{_examples(respondents.loc[mask])})"
            )
    if problems:
        raise SurveyInputError(
            "Cohorts: "
            + "; ".join(problems)
            + (
                ". Each respondent must match exactly one cohort rule of the configuration's "
                "cohorts; add a cohort with rule {otherwise: true} to catch the rest."
            )
        )
    return matches


def _examples(respondents: pd.DataFrame, count: int = 5) -> str:
    where = respondents["file"] if "file" in respondents else "source " + respondents["source"]
    rows = respondents["row"]
    return ", ".join(f"{w} row {r}" for w, r in zip(where[:count], rows[:count], strict=True))


def assign_cohorts(
    respondents: pd.DataFrame, answers: pd.DataFrame, cohorts: Sequence[dict]
) -> pd.DataFrame:
    """One row per respondent with the id of the cohort whose rule they match (see
    :func:`cohort_matches`, whose message it raises)."""
    matches = cohort_matches(respondents, answers, [cohort["rule"] for cohort in cohorts])
    ids = pd.Index([cohort["id"] for cohort in cohorts])
    return pd.DataFrame(
        {
            "respondent_id": respondents["respondent_id"],
            "cohort": ids[matches.to_numpy().argmax(axis=1)],
        },
        columns=COHORT_COLUMNS,
    )


def split_wave(
    answers: str, respondents: str, cohorts: Sequence[dict], assignment: str, sizes: str
) -> None:
    """Assign every kept respondent to a cohort; write the assignment and the cohort sizes."""
    from smmjourney.cleaned import read_answers
    from smmjourney.output import write_csv

    asked = rule_questions([cohort["rule"] for cohort in cohorts])
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
