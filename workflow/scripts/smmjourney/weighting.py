"""The weights a wave's configuration asks for: a weight column, or raking to population margins."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from smmjourney.errors import SurveyInputError
from smmjourney.plan import weights_settings
from smmjourney.plan.codebook import Codebook, load_codebook
from smmjourney.stats.weights import SHARE_TOLERANCE, kish_effective_n, rake

log = logging.getLogger(__name__)


def weights_from_column(values: pd.Series, column: str = "weight") -> pd.Series:
    """Validate a weight column: one finite, positive number per respondent.

    Parameters
    ----------
    values : pandas.Series
        Weights indexed by ``respondent_id`` (as the cleaning step must pass them).
    column : str
        Name of the export column, for messages.

    Returns
    -------
    pandas.Series
        Float weights named ``weight``, same index.

    Raises
    ------
    SurveyInputError
        Naming up to five respondents whose weight is missing, not a number,
        not finite or not positive.
    """
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    bad = ~np.isfinite(numbers) | (numbers <= 0)
    if bad.any():
        examples = ", ".join(f"{rid} ({values[rid]!r})" for rid in list(values.index[bad])[:5])
        raise SurveyInputError(
            f"weight column {column!r}: {int(bad.sum())} respondent(s) have a weight that is "
            "missing, not a number, "
            f"not finite or not positive (for example {examples}); every weight must be a positive "
            "number"
        )
    return numbers.rename("weight")


def _margin_problems(
    margins: Mapping, codebook: Codebook, cohorts: Sequence[str], where: str
) -> list[str]:
    problems = []
    for cohort, questions in margins.items():
        if cohort not in cohorts:
            problems.append(
                f"{where}.{cohort}: {cohort!r} is not a cohort with respondents in this wave "
                f"(cohorts: {list(cohorts)})"
            )
            continue
        for question, shares in questions.items():
            place = f"{where}.{cohort}.{question}"
            if question not in codebook.questions:
                problems.append(f"{place}: unknown question {question!r}")
                continue
            if codebook.questions[question].is_multiple:
                problems.append(
                    f"{place}: a raking margin needs a single-answer question, {question!r} is "
                    "multiple_choice"
                )
            codes = codebook.questions[question].codes
            for code, share in shares.items():
                if int(code) not in codes:
                    problems.append(
                        f"{place}: option {code} is not in the codebook (options: {codes})"
                    )
                if not (isinstance(share, (int, float)) and 0 <= share <= 1):
                    problems.append(
                        f"{place}: share of option {code} must be a number from 0 to 1, got "
                        f"{share!r}"
                    )
            total = sum(float(s) for s in shares.values() if isinstance(s, (int, float)))
            if abs(total - 1.0) > SHARE_TOLERANCE:
                problems.append(f"{place}: shares add up to {total:.6g}, not 1")
    return problems


def wave_weights(
    spec: Mapping | None,
    answers: pd.DataFrame,
    cohorts: pd.DataFrame,
    codebook: Codebook | None,
    respondents: pd.DataFrame | None = None,
    where: str = "weights",
) -> pd.Series | None:
    """The weights a wave's configuration asks for, or None for an unweighted wave.

    Parameters
    ----------
    spec : mapping or None
        ``weights.<wave>`` of the configuration: ``{column: name}`` or
        ``{raking: {cohort: {question: {code: share}}}, max_iterations,
        tolerance}`` (a setting not given is the schema's default).
    answers, cohorts : pandas.DataFrame
        Coded answers and the cohort of every respondent.
    codebook : Codebook or None
        To check the margins' questions and options (skipped when None).
    respondents : pandas.DataFrame, optional
        ``cleaned/respondents.parquet``; for ``column`` weights it must carry
        that column (the cleaning step has to keep it).
    where : str
        Place in the configuration, for messages.

    Raises
    ------
    SurveyInputError
        For invalid margins, or a weight column the respondents lack.
    """
    if not spec:
        return None
    if "column" in spec:
        column = spec["column"]
        if respondents is None or column not in respondents.columns:
            raise SurveyInputError(
                f"{where}.column is {column!r}, but the cleaned respondents carry no such column: "
                "the cleaning step "
                f"must keep the export column {column!r} in cleaned/respondents.parquet (one "
                "positive number per respondent)"
            )
        values = respondents.set_index("respondent_id")[column].reindex(cohorts["respondent_id"])
        return weights_from_column(values, column)
    settings = weights_settings(spec, where)
    margins = settings.raking or {}
    problems = (
        []
        if codebook is None
        else _margin_problems(
            margins, codebook, list(dict.fromkeys(cohorts["cohort"])), f"{where}.raking"
        )
    )
    if problems:
        raise SurveyInputError("The weights are not valid:\n  " + "\n  ".join(problems))
    return rake(
        answers,
        cohorts,
        margins,
        max_iterations=settings.max_iterations,
        tolerance=settings.tolerance,
    )


def respondent_weights(
    spec: dict | None,
    answers: pd.DataFrame,
    assignment: pd.DataFrame,
    codebook: str | None,
    respondents: str | None,
    wave: str,
):
    """The wave's weights (None when the configuration asks for none)."""
    if not spec:
        return None
    book = load_codebook(codebook) if codebook else None
    people = pd.read_parquet(respondents) if respondents and "column" in spec else None
    weights = wave_weights(spec, answers, assignment, book, people, where=f"weights.{wave}")
    for cohort, members in assignment.groupby("cohort")["respondent_id"]:
        w = weights.reindex(members)
        log.info(
            "weights, cohort %s: n = %d, Kish effective n = %.1f, weights from %.3g to %.3g",
            cohort,
            len(w),
            kish_effective_n(w),
            w.min(),
            w.max(),
        )
    return weights
