"""Rule ``crosstabs``: per stage, every question's options counted per cohort and overall, with
intervals and significance letters.

Entry: :func:`write_crosstabs`. Counting is in :mod:`.counting`, the column-proportion letters in
:mod:`.letters`.
"""

from __future__ import annotations

from collections.abc import Sequence

def write_crosstabs(
    answers: str, assignment: str, codebook: str, stage_questions: Sequence[Sequence[str]], cohort_order: Sequence[str],
    language: str, confidence: float, crosstabs: str, statistics: dict | None = None, weights: dict | None = None,
    respondents: str | None = None, wave: str = "",
) -> None:
    """Write the cross-tabulation of every stage's questions (weighted columns when the wave has weights)."""
    import pandas as pd

    from smmjourney.weighting import respondent_weights

    from smmjourney.cleaned import read_answers

    from smmjourney.output import write_csv
    from smmjourney.crosstabs.counting import crosstabs as make_crosstabs
    from smmjourney.inference.independence import settings
    from smmjourney.plan.codebook import load_codebook

    s = settings({**(statistics or {}), "confidence": confidence})
    coded, assigned = read_answers(answers, respondents if weights else None), pd.read_parquet(assignment)
    table = make_crosstabs(
        coded, assigned, load_codebook(codebook), [tuple(pair) for pair in stage_questions], cohort_order, language,
        s["confidence"], s["interval"], s["alpha"], s["alpha_strict"], s["letters_adjust"],
        respondent_weights(weights, coded, assigned, codebook, respondents, wave),
    )
    write_csv(table, crosstabs)
