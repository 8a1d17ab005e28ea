"""Questions that are not tested against the cohorts, and why.

A test of cohort × answer means something only when the answer could have come out either way.
It cannot for

* a question a cohort rule reads (``{question: q, options: [...]}``): the cohorts *are* its
  answers (the example market's ``city``: X² = n);
* a raking margin of the wave (``weights.<wave>.raking``): the weights set its distribution in
  each cohort to the configured shares, so the weighted test is ~1 by construction, and the
  unweighted one only describes how far the sample was from the shares;
* when cohorts are formed by export source or language, a single-answer question whose every
  chosen option was chosen in one cohort only: it restates the export (the thesis's
  ``country``: V = 1).

They are written to ``tests.csv`` with test ``not_tested`` and the reason, and they get no
significance letters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["by_export", "planned_untested", "restates_cohorts"]

SINGLE_ANSWER = ("single_choice", "yes_no", "likert", "frequency")


def planned_untested(
    cohort_rules: Sequence[Mapping[str, Any]], weights: Mapping[str, Any]
) -> dict[str, str]:
    """``{question: reason}`` for the questions the configuration makes untestable.

    Parameters
    ----------
    cohort_rules : sequence of mapping
        The ``rule`` of each cohort (``{question: id, options: [...]}``, ``{source: [...]}``, …).
    weights : mapping
        ``weights.<wave>`` of the configuration (empty for an unweighted wave).

    Returns
    -------
    dict
        Cohort-rule questions first, then raking margins, in configuration order.
    """
    reasons: dict[str, str] = {}
    for rule in cohort_rules:
        question = rule.get("question")
        if question is not None and question not in reasons:
            reasons[question] = (
                "not tested: the cohorts are formed by the answer to this question, so it "
                "cannot differ between them by chance"
            )
    for margins in (weights.get("raking") or {}).values():
        for question in margins:
            reasons.setdefault(
                question,
                "not tested: a raking margin of the weights, whose distribution in each cohort "
                "is fixed to the configured shares",
            )
    return reasons


def by_export(cohort_rules: Sequence[Mapping[str, Any]]) -> bool:
    """Whether some cohort is formed by export source or language."""
    return any("source" in rule or "language" in rule for rule in cohort_rules)


def restates_cohorts(counts: ArrayLike, question_type: str) -> bool:
    """Whether a single-answer question's cohorts × options counts separate the cohorts
    completely: at least two cohorts answered and every chosen option was chosen in one cohort
    only."""
    table = np.asarray(counts, dtype=float)
    if question_type not in SINGLE_ANSWER or table.ndim != 2:
        return False
    used = table[:, table.sum(axis=0) > 0]
    answered = np.count_nonzero(used.sum(axis=1))
    return answered >= 2 and bool((np.count_nonzero(used, axis=0) == 1).all())


RESTATES_REASON = (
    "not tested: the cohorts are formed by export source or language and every answer was "
    "given in one cohort only, so the question restates the cohorts"
)
