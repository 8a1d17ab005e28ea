"""Rule ``posthoc``: after a question's test, where its cohorts differ: the adjusted residual of
every cell (``residuals.csv``) and every pair of cohorts compared (``pairwise.csv``).

Entry: :func:`write_posthoc`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from smmjourney import stats
from smmjourney.inference.independence import (
    ORDINAL_TYPES,
    adjust_families,
    option_key,
    question_tables,
    settings,
)
from smmjourney.plan import Statistics
from smmjourney.stats import effects, ordinal

RESIDUAL_COLUMNS = [
    "stage",
    "question",
    "option",
    "option_label",
    "cohort",
    "count",
    "expected",
    "residual",
    "flag",
]
PAIRWISE_COLUMNS = [
    "stage",
    "question",
    "option",
    "kind",
    "cohort_a",
    "cohort_b",
    "test",
    "statistic",
    "p_value",
    "p_adjusted",
    "adjustment",
    "significant",
    "diff_pct",
    "diff_low",
    "diff_high",
    "n",
    "reason",
]


def write_posthoc(
    crosstabs: str,
    cohort_order: Sequence[str],
    statistics: Mapping[str, Any],
    residuals: str,
    pairwise: str,
) -> None:
    """Write the cell residuals and the pairwise comparisons of the cohorts of every test.

    Parameters
    ----------
    crosstabs : str
        ``crosstabs.csv`` of the wave.
    cohort_order : sequence of str
        The cohorts to compare.
    statistics : mapping
        ``alpha``, ``p_adjust``, ``yates``, ``seed``, ``resamples``, ``confidence`` and
        ``difference`` of the configuration's ``statistics``.
    residuals, pairwise : str
        The CSVs to write.
    """
    from smmjourney.output import write_csv

    table = pd.read_csv(crosstabs)
    write_csv(residual_table(table, cohort_order, statistics["alpha"]), residuals)
    write_csv(pairwise_tests(table, cohort_order, statistics), pairwise)


def residual_table(
    crosstab: pd.DataFrame, cohort_order: Sequence[str], alpha: float
) -> pd.DataFrame:
    """Adjusted standardised residuals of every cell (``residuals.csv``).

    A single-answer question's residuals come from its cohorts × options table;
    a multiple-choice option's from its cohorts × (chosen, not chosen) table,
    reported for the "chosen" cell (the other cell has the opposite sign).
    ``flag`` is ``above`` / ``below`` where the residual lies beyond
    ± z(1 - alpha/2) (± 1.96 at alpha 0.05), else empty; residuals of empty
    rows or columns are NaN.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESIDUAL_COLUMNS`.
    """
    critical = NormalDist().inv_cdf(1 - alpha / 2)
    parts = []
    for stage, question, qtype, options, labels, counts, bases in question_tables(
        crosstab, cohort_order
    ):
        if qtype == "multiple_choice":
            residual = np.column_stack(
                [
                    stats.adjusted_residuals(np.column_stack([counts[:, j], bases - counts[:, j]]))[
                        :, 0
                    ]
                    for j in range(len(options))
                ]
            )
            total = bases.sum()
            expected = (
                np.outer(bases, counts.sum(axis=0)) / total
                if total
                else np.full(counts.shape, np.nan)
            )
        else:
            residual = stats.adjusted_residuals(counts)
            n = counts.sum()
            expected = (
                np.outer(counts.sum(axis=1), counts.sum(axis=0)) / n
                if n
                else np.full(counts.shape, np.nan)
            )
        grid = pd.DataFrame(
            {
                "stage": stage,
                "question": question,
                "option": np.tile(options, len(cohort_order)),
                "cohort": np.repeat(list(cohort_order), len(options)),
                "count": counts.ravel(),
                "expected": expected.ravel(),
                "residual": residual.ravel(),
            }
        )
        grid["option_label"] = grid["option"].map(labels)
        parts.append(grid)
    if not parts:
        return pd.DataFrame(columns=RESIDUAL_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame["flag"] = np.select(
        [frame["residual"] > critical, frame["residual"] < -critical], ["above", "below"], ""
    )
    frame["option"] = frame["option"].astype("Int64")
    frame["count"] = frame["count"].astype(int)
    return frame[RESIDUAL_COLUMNS]


def pairwise_tests(
    crosstab: pd.DataFrame,
    cohort_order: Sequence[str],
    statistics: Mapping | Statistics | None = None,
) -> pd.DataFrame:
    """Every pair of cohorts compared per test (``pairwise.csv``).

    Nominal tables are compared pair by pair with the test Cochran's rule picks
    for the pair's table, with the difference of proportions (first cohort of
    the pair minus second, in percentage points) for a multiple-choice option;
    likert and frequency questions also with the Mann–Whitney U test.  P-values
    are adjusted over the pairs of each test (``statistics.p_adjust``). A setting of
    `statistics` not given is the schema's default.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PAIRWISE_COLUMNS`.
    """
    s = settings(statistics)
    rows = []
    for stage, question, qtype, options, _, counts, bases in question_tables(
        crosstab, cohort_order
    ):
        if qtype == "multiple_choice":
            tables = [
                (int(option), "nominal", np.column_stack([counts[:, j], bases - counts[:, j]]))
                for j, option in enumerate(options)
            ]
        else:
            tables = [(pd.NA, "nominal", counts)] + (
                [(pd.NA, "ordinal", counts)] if qtype in ORDINAL_TYPES else []
            )
        for option, kind, table in tables:
            for a, b in combinations(range(len(cohort_order)), 2):
                pair = table[[a, b]]
                row = {
                    "stage": stage,
                    "question": question,
                    "option": option,
                    "kind": kind,
                    "cohort_a": cohort_order[a],
                    "cohort_b": cohort_order[b],
                }
                if kind == "ordinal":
                    result = ordinal.mann_whitney_u(pair)
                    row.update(
                        test=result.test,
                        statistic=result.statistic,
                        p_value=result.p_value,
                        n=result.n,
                        reason=result.reason,
                    )
                else:
                    key = f"{option_key(question, option)}|{cohort_order[a]}|{cohort_order[b]}"
                    result = stats.independence_test(
                        pair, yates=s["yates"], seed=s["seed"], resamples=s["resamples"], key=key
                    )
                    row.update(
                        test=result.test,
                        statistic=result.statistic,
                        p_value=result.p_value,
                        n=result.n,
                        reason=result.reason,
                    )
                    if qtype == "multiple_choice":
                        diff = effects.proportion_difference(
                            pair[0, 0],
                            pair[0].sum(),
                            pair[1, 0],
                            pair[1].sum(),
                            s["confidence"],
                            s["difference"],
                        )
                        row.update(
                            diff_pct=100 * diff.value,
                            diff_low=100 * diff.low,
                            diff_high=100 * diff.high,
                        )
                rows.append(row)
    frame = pd.DataFrame(
        rows,
        columns=[
            c for c in PAIRWISE_COLUMNS if c not in ("p_adjusted", "adjustment", "significant")
        ],
    )
    if frame.empty:
        return pd.DataFrame(columns=PAIRWISE_COLUMNS)
    frame["option"] = frame["option"].astype("Int64")
    method = s["p_adjust"]
    frame["p_adjusted"], frame["adjustment"], frame["significant"] = adjust_families(
        frame,
        ["stage", "question", "option", "kind"],
        method,
        s["alpha"],
        lambda v, m: f"{method} over the {m} cohort pairs of this test",
    )
    return frame[PAIRWISE_COLUMNS]
