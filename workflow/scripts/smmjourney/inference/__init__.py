"""Rule ``tests``: cohort x answer per question (chi-square, Fisher, Monte-Carlo, ordinal, set and
weighted tests), adjusted within each stage and across the wave; the ordinal and
multiple-response summaries.

Entry: :func:`write_tests` (the package is not called ``tests`` so that pytest never collects it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def write_tests(
    crosstabs: str,
    answers: str,
    assignment: str,
    respondents: str,
    codebook: str,
    cohort_order: Sequence[str],
    statistics: Mapping[str, Any],
    weights: Mapping[str, Any],
    tests: str,
    ordinal: str,
    multiple_response: str,
    wave: str,
) -> None:
    """Write the tests of cohort × answer (adjusted within each stage and across the wave), the
    ordinal summary and the multiple-response sets (``weights``: also the weighted tests).

    Parameters
    ----------
    crosstabs : str
        ``crosstabs.csv`` of the wave.
    answers, assignment, respondents, codebook : str
        The cleaned answers, the cohort of each respondent, the cleaned respondents and the
        codebook (read for the weighted tests only).
    cohort_order : sequence of str
        The cohorts to compare.
    statistics : mapping
        ``p_adjust``, ``alpha``, ``yates``, ``seed``, ``resamples``, ``confidence``,
        ``cramers_v`` and ``difference`` of the configuration's ``statistics``.
    weights : mapping
        ``weights.<wave>`` of the configuration; empty for an unweighted wave.
    tests, ordinal, multiple_response : str
        The CSVs to write.
    wave : str
        The wave's id, for messages.
    """
    import pandas as pd

    from smmjourney.cleaned import read_answers
    from smmjourney.inference.independence import independence_tests
    from smmjourney.inference.multiple_response import multiple_response_table
    from smmjourney.inference.ordinal import ordinal_table
    from smmjourney.output import write_csv
    from smmjourney.weighting import respondent_weights

    table = pd.read_csv(crosstabs)
    coded = weight = None
    if weights:
        coded_answers, assigned = read_answers(answers, respondents), pd.read_parquet(assignment)
        weight = respondent_weights(weights, coded_answers, assigned, codebook, respondents, wave)
        coded = coded_answers.merge(
            assigned, on="respondent_id", how="inner", validate="many_to_one"
        )
    results = independence_tests(
        table,
        cohort_order,
        statistics["p_adjust"],
        statistics["alpha"],
        statistics["yates"],
        statistics,
        coded,
        weight,
    )
    write_csv(results, tests)
    write_csv(ordinal_table(table, results), ordinal)
    write_csv(multiple_response_table(table, results), multiple_response)
