"""Rule ``crosstabs``: per stage, every question's options counted per cohort and overall, with
intervals and significance letters (shown as ``statistics.letters`` says, from the claims of
``tests.csv``).

Entry: :func:`write_crosstabs`. Counting is in :mod:`.counting`, the column-proportion letters in
:mod:`.letters`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def write_crosstabs(
    answers: str,
    assignment: str,
    codebook: str,
    respondents: str,
    tests: str,
    stage_questions: Sequence[Sequence[str]],
    cohort_order: Sequence[str],
    language: str,
    statistics: Mapping[str, Any],
    weights: Mapping[str, Any],
    crosstabs: str,
    wave: str,
) -> None:
    """Write the cross-tabulation of every stage's questions (weighted columns when the wave has
    weights).

    Parameters
    ----------
    answers, assignment, codebook, respondents : str
        The cleaned answers, the cohort of each respondent, the wave's codebook, the cleaned
        respondents (their ids; with weights, the weight column).
    tests : str
        ``tests.csv`` of the wave: each row's claim gates its letters.
    stage_questions : sequence of (stage, question)
        What to tabulate, in order.
    cohort_order : sequence of str
        The cohorts, in reporting order.
    language : str
        Language of the option labels.
    statistics : mapping
        ``confidence``, ``interval``, ``alpha``, ``alpha_strict``, ``letters_adjust`` and
        ``letters`` of the configuration's ``statistics`` (the settings the cross-tabs use).
    weights : mapping
        ``weights.<wave>`` of the configuration; empty for an unweighted wave.
    crosstabs : str
        The CSV to write.
    wave : str
        The wave's id, for messages.
    """
    import pandas as pd

    from smmjourney.cleaned import read_answers
    from smmjourney.crosstabs.counting import crosstabs as make_crosstabs
    from smmjourney.inference.families import gate_letters
    from smmjourney.output import write_csv
    from smmjourney.plan.codebook import load_codebook
    from smmjourney.weighting import respondent_weights

    coded, assigned = (
        read_answers(answers, respondents if weights else None),
        pd.read_parquet(assignment),
    )
    table = make_crosstabs(
        coded,
        assigned,
        load_codebook(codebook),
        [tuple(pair) for pair in stage_questions],
        cohort_order,
        language,
        statistics["confidence"],
        statistics["interval"],
        statistics["alpha"],
        statistics["alpha_strict"],
        statistics["letters_adjust"],
        respondent_weights(weights, coded, assigned, codebook, respondents, wave),
    )
    claims = pd.read_csv(tests)
    options = [[int(code)] for code in table["option"]]
    table["sig_letters"], table["letters_status"] = gate_letters(
        table, claims, statistics["letters"], options
    )
    if weights:
        table["sig_letters_weighted"], table["letters_status_weighted"] = gate_letters(
            table, claims, statistics["letters"], options, "sig_letters_weighted", "weighted"
        )
    write_csv(table, crosstabs)
