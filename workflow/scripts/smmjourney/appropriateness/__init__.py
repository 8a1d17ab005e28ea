"""Rule ``appropriateness``: the stage x activity table with indicator shares, ratings and cohort
differences.

Entry: :func:`write_appropriateness`; the rating is in :mod:`.rating`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def write_appropriateness(
    answers: str,
    assignment: str,
    respondents: str,
    codebook: str,
    indicators: Sequence[Mapping[str, Any]],
    rating: Mapping[str, Any],
    statistics: Mapping[str, Any],
    cohort_labels: Mapping[str, str],
    weights: Mapping[str, Any],
    table: str,
    wave: str,
) -> None:
    """Write the appropriateness table (CSV).

    Parameters
    ----------
    answers, assignment, respondents, codebook : str
        The cleaned answers, the cohort of each respondent, the cleaned respondents and the
        codebook (the last two read for weights only).
    indicators : sequence of mapping
        Every indicator of the plan, in order, with the fields of
        :class:`~smmjourney.plan.Indicator`.
    rating : mapping
        ``combine``, ``green_min`` and ``yellow_min`` of the configuration's ``rating``.
    statistics : mapping
        ``confidence``, ``interval``, ``alpha``, ``alpha_strict``, ``letters_adjust``,
        ``p_adjust``, ``yates``, ``seed``, ``resamples`` and ``difference`` of the
        configuration's ``statistics``.
    cohort_labels : mapping
        Cohort id -> label, in reporting order.
    weights : mapping
        ``weights.<wave>`` of the configuration; empty for an unweighted wave.
    table : str
        The CSV to write.
    wave : str
        The wave's id, for messages.
    """
    import pandas as pd

    from smmjourney.appropriateness.rating import appropriateness_table, indicator_shares
    from smmjourney.cleaned import read_answers
    from smmjourney.output import write_csv
    from smmjourney.plan import Indicator
    from smmjourney.weighting import respondent_weights

    cohort_order = list(cohort_labels)
    coded, assigned = (
        read_answers(answers, respondents if weights else None),
        pd.read_parquet(assignment),
    )
    weight = respondent_weights(weights, coded, assigned, codebook, respondents, wave)
    plan_indicators = [
        Indicator(**{**spec, "options": tuple(spec["options"])}) for spec in indicators
    ]
    shares = indicator_shares(coded, assigned, plan_indicators, cohort_order, weight)
    write_csv(appropriateness_table(shares, cohort_order, rating, statistics), table)
