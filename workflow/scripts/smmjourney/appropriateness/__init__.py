"""Rule ``appropriateness``: the stage x activity table with indicator shares, ratings, their
uncertainty and the tested cohort differences.

Entry: :func:`write_appropriateness`. The decision rule is in :mod:`.rule`, the indicator table
in :mod:`.rating`, the bootstrap in :mod:`.uncertainty`, the cohort differences in
:mod:`.differences` and the rule's sensitivity to its settings in :mod:`.sensitivity`;
:func:`rated_wave` puts them together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from smmjourney.plan import Indicator, Rating, Statistics


def rated_wave(
    answers: pd.DataFrame,
    cohorts: pd.DataFrame,
    indicators: Sequence[Indicator],
    cohort_order: Sequence[str],
    rating: Mapping[str, Any] | Rating,
    statistics: Mapping[str, Any] | Statistics,
    weights: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The appropriateness table, the activity differences and the rating's sensitivity.

    Parameters
    ----------
    answers, cohorts : DataFrame
        Coded answers (``respondent_id`` or ``respondent``, ``question``, ``code``) and each
        respondent's cohort (``respondent_id``, ``cohort``).
    indicators : sequence of Indicator
        Every indicator of the plan, in order.
    cohort_order : sequence of str
        Cohort ids in reporting order.
    rating, statistics : mapping or the plan's settings
        ``rating`` and ``statistics`` of the configuration (a setting not given is the schema's
        default).
    weights : Series, optional
        A weight per ``respondent_id``, for the weighted columns.

    Returns
    -------
    table : DataFrame
        ``appropriateness.csv`` (:data:`.rating.APPROPRIATENESS_COLUMNS`).
    differences : DataFrame
        ``activity_differences.csv`` (:data:`.differences.DIFFERENCE_COLUMNS`).
    sensitivity : DataFrame
        ``rating_sensitivity.csv`` (:data:`.sensitivity.SENSITIVITY_COLUMNS`).
    """
    from smmjourney.appropriateness.differences import activity_differences, difference_marks
    from smmjourney.appropriateness.rating import (
        APPROPRIATENESS_COLUMNS,
        appropriateness_table,
        indicator_shares,
    )
    from smmjourney.appropriateness.sensitivity import rating_sensitivity
    from smmjourney.appropriateness.uncertainty import (
        activity_draws,
        respondent_indicators,
        uncertainty_table,
    )
    from smmjourney.crosstabs.letters import cohort_letters
    from smmjourney.inference.independence import settings
    from smmjourney.plan import rating_settings

    rule, s = rating_settings(rating), settings(statistics)
    shares = indicator_shares(answers, cohorts, indicators, cohort_order, weights)
    table = appropriateness_table(shares, cohort_order, rule, statistics)
    answered, chosen, cohort_of = respondent_indicators(answers, cohorts, indicators, cohort_order)
    draws = activity_draws(answered, chosen, cohort_of, indicators, cohort_order, rule, s["seed"])
    keys = ["stage", "activity", "cohort"]
    differences = activity_differences(
        draws, cohort_order, s["confidence"], s["p_adjust"], s["alpha"]
    )
    ratings = table.drop_duplicates(keys)[[*keys, "activity_rating"]]
    marks = difference_marks(differences, ratings, cohort_order, cohort_letters(cohort_order))
    table = table.merge(uncertainty_table(draws, rule, s["confidence"]), on=keys, how="left").merge(
        marks, on=keys, how="left"
    )
    for column in ("rating_decided", "activity_higher_than", "difference_not_supported"):
        table[column] = table[column].fillna("")
    return (
        table[APPROPRIATENESS_COLUMNS],
        differences,
        rating_sensitivity(table, cohort_order, rule),
    )


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
    differences: str | None = None,
    tests: str | None = None,
) -> None:
    """Write the appropriateness table (CSV) and, where its path is given, the activity
    differences (CSV). The rating's sensitivity is rule ``sensitivity``'s, from the table
    (:func:`.sensitivity.write_rating_sensitivity`).

    Parameters
    ----------
    answers, assignment, respondents, codebook : str
        The cleaned answers, the cohort of each respondent, the cleaned respondents and the
        codebook (the last two read for weights only).
    indicators : sequence of mapping
        Every indicator of the plan, in order, with the fields of
        :class:`~smmjourney.plan.Indicator`.
    rating : mapping
        The configuration's ``rating``.
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
    differences : str, optional
        ``activity_differences.csv`` to write.
    tests : str, optional
        ``tests.csv``: each indicator's test columns are its claim's there, and its letters are
        shown as ``statistics.letters`` says (:func:`smmjourney.inference.families.apply_claims`).
    """
    import pandas as pd

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
    rated, compared, _ = rated_wave(
        coded, assigned, plan_indicators, cohort_order, rating, statistics, weight
    )
    if tests is not None:
        from smmjourney.inference.families import apply_claims

        rated = apply_claims(rated, pd.read_csv(tests), statistics.get("letters", "gated"))
    write_csv(rated, table)
    if differences is not None:
        write_csv(compared, differences)
