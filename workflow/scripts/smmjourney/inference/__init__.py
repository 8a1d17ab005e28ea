"""Rule ``tests``: cohort x answer per question (chi-square, Fisher, Monte-Carlo, ordinal, set and
weighted tests), adjusted within each stage and across the wave; the ordinal and
multiple-response summaries.

Entry: :func:`write_tests` (the package is not called ``tests`` so that pytest never collects it).
"""

from __future__ import annotations

from collections.abc import Sequence

def write_tests(
    crosstabs: str, cohort_order: Sequence[str], statistics: dict, tests: str, ordinal: str, multiple_response: str,
    answers: str, assignment: str, codebook: str, respondents: str, weights: dict | None, wave: str,
) -> None:
    """Write the tests of cohort × answer (adjusted within each stage and across the wave), the
    ordinal summary and the multiple-response sets (``weights``: also the weighted tests)."""
    import pandas as pd

    from smmjourney.cleaned import read_answers
    from smmjourney.inference.independence import independence_tests, settings
    from smmjourney.inference.multiple_response import multiple_response_table
    from smmjourney.inference.ordinal import ordinal_table
    from smmjourney.output import write_csv
    from smmjourney.weighting import respondent_weights

    s = settings(statistics)
    table = pd.read_csv(crosstabs)
    coded = weight = None
    if weights:
        coded_answers, assigned = read_answers(answers, respondents), pd.read_parquet(assignment)
        weight = respondent_weights(weights, coded_answers, assigned, codebook, respondents, wave)
        coded = coded_answers.merge(assigned, on="respondent_id", how="inner", validate="many_to_one")
    results = independence_tests(table, cohort_order, s["p_adjust"], s["alpha"], s["yates"], s, coded, weight)
    write_csv(results, tests)
    write_csv(ordinal_table(table, results), ordinal)
    write_csv(multiple_response_table(table, results), multiple_response)
