"""Multiple-response sets ("choose all that apply"): the set as a whole, and its test.

Each option is also tabulated on its own (chosen / not chosen on the base of those who answered,
in ``crosstabs.csv`` and ``tests.csv``).  Here the set is summarised per cohort — respondents,
responses, mean answers per respondent, each option as a percentage of respondents (these may add
up to more than 100) and of responses (these add up to 100) — and tested for multiple marginal
independence (MMI: does the share choosing each option differ between cohorts?) with the
Bonferroni-combined test of Bilder & Loughin (2004, Biometrics 60:241-248): the smallest
per-option p-value times the number of options tested.  Each option's p-value is that of the test
the option's own table gets by Cochran's rule (Pearson's X², Fisher's exact test or the
Monte-Carlo test), so a small cell never enters the set test through an asymptotic p-value it
would not get on its own.  Because each per-option table counts a respondent once, the dependence
between a respondent's answers does not invalidate the combination.  No summed statistic is
reported: the sum of the options' X² is not chi-square distributed on the summed degrees of
freedom (its reference distribution needs Rao–Scott's correction or a bootstrap).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from numpy.typing import ArrayLike

from smmjourney.stats.independence import DEFAULT_RESAMPLES, independence_test

__all__ = ["SetTest", "bonferroni_combination", "mmi_bonferroni"]


@dataclass(frozen=True)
class SetTest:
    """Result of :func:`mmi_bonferroni` and :func:`bonferroni_combination`.

    ``p_value`` is the Bonferroni-combined p-value; ``options_tested`` how many option tables
    entered it; ``option_p_values`` and ``option_tests`` each option's p-value and the test that
    gave it (NaN and ``not_testable`` for an option no two cohorts differ on).
    """

    test: str
    p_value: float
    options_tested: int
    option_p_values: tuple[float, ...]
    option_tests: tuple[str, ...]
    reason: str


def bonferroni_combination(
    p_values: Sequence[float], option_tests: Sequence[str], what: str = "option table(s)"
) -> SetTest:
    """Bonferroni combination ``min(1, m * min_j p_j)`` of the ``m`` finite `p_values`.

    Parameters
    ----------
    p_values : sequence of float
        One p-value per option (NaN for an option that was not testable).
    option_tests : sequence of str
        The test that gave each p-value, named in the reason.
    what : str
        How the reason names the combined tests.

    Returns
    -------
    SetTest
        ``not_testable`` when no p-value is finite.
    """
    p = tuple(float(value) for value in p_values)
    tested = [value for value in p if not math.isnan(value)]
    if not tested:
        return SetTest(
            "not_testable",
            math.nan,
            0,
            p,
            tuple(option_tests),
            "not testable: no option of the set differs in choice between two cohorts with answers",
        )
    used = sorted(
        {name for name, value in zip(option_tests, p, strict=True) if not math.isnan(value)}
    )
    m = len(tested)
    return SetTest(
        "mmi_bonferroni",
        min(1.0, m * min(tested)),
        m,
        p,
        tuple(option_tests),
        f"multiple-response set: Bonferroni-combined test of multiple marginal independence "
        f"(Bilder & Loughin 2004), {m} x the smallest p-value of {m} {what}, each from its own "
        f"test ({', '.join(used)})",
    )


def mmi_bonferroni(
    tables: Sequence[ArrayLike],
    yates: bool = False,
    seed: int = 1,
    resamples: int = DEFAULT_RESAMPLES,
    keys: Sequence[str] | None = None,
) -> SetTest:
    """Bonferroni-combined test of multiple marginal independence.

    Parameters
    ----------
    tables : sequence of array_like
        One table per option: rows = cohorts, columns = chosen / not chosen.
    yates, seed, resamples
        As for :func:`smmjourney.stats.independence_test`.
    keys : sequence of str, optional
        Each option's key in the Monte-Carlo seed (default: its position).

    Returns
    -------
    SetTest
        ``p = min(1, m * min_j p_j)`` over the ``m`` option tables with at least two non-empty
        rows and columns, each ``p_j`` from the test Cochran's rule picks for that table
        (:func:`smmjourney.stats.independence_test`); ``not_testable`` when no option table is.
    """
    names = [str(i) for i in range(len(tables))] if keys is None else list(keys)
    results = [
        independence_test(table, yates=yates, seed=seed, resamples=resamples, key=key)
        for table, key in zip(tables, names, strict=True)
    ]
    return bonferroni_combination([r.p_value for r in results], [r.test for r in results])
