"""Rule ``tests``: cohort x answer per question (chi-square, Fisher, Monte-Carlo, ordinal, set and
weighted tests), one family per claim (:mod:`.families`), the questions not tested and why
(:mod:`.untested`); the ordinal and multiple-response summaries.

Entry: :func:`write_tests` (the package is not called ``tests`` so that pytest never collects it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def write_tests(
    answers: str,
    assignment: str,
    respondents: str,
    codebook: str,
    stage_questions: Sequence[Sequence[str]],
    cohorts: Sequence[Mapping[str, Any]],
    language: str,
    statistics: Mapping[str, Any],
    weights: Mapping[str, Any],
    tests: str,
    ordinal: str,
    multiple_response: str,
    wave: str,
) -> None:
    """Write the tests of cohort × answer (one family per claim), the ordinal summary and the
    multiple-response sets (``weights``: also the weighted tests).

    The tests come first in the workflow: ``crosstabs.csv`` and ``appropriateness.csv`` read
    ``tests.csv`` to copy each claim's adjusted p-value and to gate their significance letters,
    so the counts are tabulated here from the answers.

    Parameters
    ----------
    answers, assignment, respondents, codebook : str
        The cleaned answers, the cohort of each respondent, the cleaned respondents and the
        codebook.
    stage_questions : sequence of (stage, question)
        What to test, in order.
    cohorts : sequence of mapping
        The configuration's ``cohorts`` (``id`` and ``rule`` of each, in reporting order): the
        cohorts to compare; the questions (or the export) that define them are not tested
        against them.
    language : str
        Language of the option labels (``ordinal.csv``, ``multiple_response.csv``).
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
    from smmjourney.crosstabs.counting import crosstabs
    from smmjourney.inference.independence import independence_tests
    from smmjourney.inference.multiple_response import multiple_response_table
    from smmjourney.inference.ordinal import ordinal_table
    from smmjourney.inference.untested import by_export, planned_untested
    from smmjourney.output import write_csv
    from smmjourney.plan.codebook import load_codebook
    from smmjourney.weighting import respondent_weights

    cohort_order = [cohort["id"] for cohort in cohorts]
    cohort_rules = [cohort["rule"] for cohort in cohorts]
    coded = read_answers(answers, respondents if weights else None)
    assigned = pd.read_parquet(assignment)
    weight = respondent_weights(weights, coded, assigned, codebook, respondents, wave)
    table = crosstabs(
        coded,
        assigned,
        load_codebook(codebook),
        [tuple(pair) for pair in stage_questions],
        cohort_order,
        language,
    )
    with_cohorts = (
        None
        if weight is None
        else coded.merge(assigned, on="respondent_id", how="inner", validate="many_to_one")
    )
    results = independence_tests(
        table,
        cohort_order,
        statistics=statistics,
        answers=with_cohorts,
        weights=weight,
        untested=planned_untested(cohort_rules, weights),
        cohorts_by_export=by_export(cohort_rules),
    )
    write_csv(results, tests)
    write_csv(ordinal_table(table, results), ordinal)
    write_csv(multiple_response_table(table, results), multiple_response)
