"""Rule ``appropriateness``: the stage x activity table with indicator shares, ratings and cohort
differences.

Entry: :func:`write_appropriateness`; the rating is in :mod:`.rating`.
"""

from __future__ import annotations


def write_appropriateness(
    answers: str, assignment: str, plan: dict, cohort_labels: dict, table: str,
    weights: dict | None = None, respondents: str | None = None, codebook: str | None = None, wave: str = "",
) -> None:
    """Write the appropriateness table (CSV)."""
    import pandas as pd

    from smmjourney.weighting import respondent_weights

    from smmjourney.cleaned import read_answers

    from smmjourney.appropriateness.rating import appropriateness_table, indicator_shares
    from smmjourney.output import write_csv
    from smmjourney.plan import indicators

    cohort_order = list(cohort_labels)
    coded, assigned = read_answers(answers, respondents if weights else None), pd.read_parquet(assignment)
    weight = respondent_weights(weights, coded, assigned, codebook, respondents, wave)
    shares = indicator_shares(coded, assigned, indicators(plan), cohort_order, weight)
    write_csv(appropriateness_table(shares, cohort_order, plan["rating"], plan["statistics"]), table)
