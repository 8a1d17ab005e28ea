"""Tests of cohort × answer for every question of every stage, adjusted for multiple comparisons
within each stage and across the wave; cell residuals; pairwise comparisons of cohorts.

Every table here is read from a cross-tab (:func:`smmjourney.crosstabs.counting.crosstabs`); the
weighted (Rao–Scott) rows need the respondents' answers and weights as well. Which test is a
question's claim, and how claims are adjusted, is :mod:`smmjourney.inference.families`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from smmjourney import stats
from smmjourney.inference.families import adjust_claims, primary_kind, role_of
from smmjourney.inference.untested import RESTATES_REASON, restates_cohorts
from smmjourney.plan import Statistics, statistics_settings
from smmjourney.stats import effects, ordinal
from smmjourney.stats.multiresponse import bonferroni_combination, mmi_bonferroni
from smmjourney.stats.weights import RaoScottTest

ORDINAL_TYPES = ("likert", "frequency")

TEST_COLUMNS = [
    "stage",
    "question",
    "option",
    "kind",
    "weighting",
    "role",
    "test",
    "statistic",
    "dof",
    "dof_denominator",
    "p_value",
    "p_adjusted",
    "adjustment",
    "significant",
    "p_adjusted_wave",
    "adjustment_wave",
    "significant_wave",
    "g_squared",
    "cramers_v",
    "cramers_v_low",
    "cramers_v_high",
    "phi",
    "odds_ratio",
    "odds_ratio_low",
    "odds_ratio_high",
    "diff_pct",
    "diff_low",
    "diff_high",
    "effect_measure",
    "effect",
    "effect_low",
    "effect_high",
    "ranks_higher",
    "design_effect",
    "min_expected",
    "cochran_ok",
    "n",
    "n_effective",
    "reason",
]


def settings(statistics: Mapping | Statistics | None = None) -> dict:
    """``statistics`` of the configuration as a dict, every setting not given taken from the
    schema's default (:func:`smmjourney.plan.statistics_settings`).

    Raises
    ------
    SurveyInputError
        For a setting the schema rejects, or ``alpha_strict`` not below ``alpha``.
    """
    return dataclasses.asdict(statistics_settings(statistics))


def option_key(question: str, option) -> str:
    return question if option is None or pd.isna(option) else f"{question}|{int(option)}"


def _effect_columns(table: np.ndarray, s: dict) -> dict:
    """Cramér's V with its interval; phi, odds ratio and difference of proportions for 2x2
    tables."""
    out = dict.fromkeys(
        [
            "cramers_v_low",
            "cramers_v_high",
            "phi",
            "odds_ratio",
            "odds_ratio_low",
            "odds_ratio_high",
            "diff_pct",
            "diff_low",
            "diff_high",
        ],
        math.nan,
    )
    reduced = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(reduced.shape) < 2:
        return out
    v = effects.cramers_v_interval(reduced, s["confidence"], s["cramers_v"] == "bias_corrected")
    out.update(cramers_v=v.value, cramers_v_low=v.low, cramers_v_high=v.high)
    if reduced.shape == (2, 2):
        odds = effects.odds_ratio(reduced, s["confidence"])
        diff = effects.proportion_difference(
            reduced[0, 0],
            reduced[0].sum(),
            reduced[1, 0],
            reduced[1].sum(),
            s["confidence"],
            s["difference"],
        )
        out.update(
            phi=effects.phi_coefficient(reduced),
            odds_ratio=odds.value,
            odds_ratio_low=odds.low,
            odds_ratio_high=odds.high,
            diff_pct=100 * diff.value,
            diff_low=100 * diff.low,
            diff_high=100 * diff.high,
        )
    return out


def _nominal_row(
    stage: str, question: str, option, table: np.ndarray, s: dict, qtype: str = "single_choice"
) -> dict:
    result = stats.independence_test(
        table,
        yates=s["yates"],
        seed=s["seed"],
        resamples=s["resamples"],
        key=option_key(question, option),
    )
    row = {
        "stage": stage,
        "question": question,
        "option": option,
        "kind": "nominal",
        "weighting": "unweighted",
        "role": role_of(qtype, "nominal", "unweighted", not pd.isna(option)),
        "test": result.test,
        "statistic": result.statistic,
        "dof": result.dof,
        "p_value": result.p_value,
        "g_squared": result.g_squared,
        "cramers_v": result.cramers_v,
        "min_expected": result.min_expected,
        "cochran_ok": result.cochran_ok,
        "n": result.n,
        "reason": result.reason,
    }
    if result.test != "not_testable":
        row.update(_effect_columns(table, s))
        if s["cramers_v"] != "bias_corrected":
            row["cramers_v"] = result.cramers_v
    return row


def _ordinal_rows(
    stage: str, question: str, qtype: str, table: np.ndarray, cohorts: Sequence[str], s: dict
) -> list[dict]:
    rows = []
    for kind, result in (
        ("ordinal", ordinal.rank_test(table)),
        ("trend", ordinal.linear_by_linear(table)),
    ):
        rows.append(
            {
                "stage": stage,
                "question": question,
                "option": pd.NA,
                "kind": kind,
                "weighting": "unweighted",
                "role": role_of(qtype, kind, "unweighted", False),
                "test": result.test,
                "statistic": result.statistic,
                "dof": result.dof,
                "p_value": result.p_value,
                "n": result.n,
                "reason": result.reason,
            }
        )
    effect = ordinal.rank_effect(table, s["confidence"], s["resamples"], s["seed"], question)
    if effect.measure and rows[0]["test"] != "not_testable":
        rows[0].update(
            effect_measure=effect.measure,
            effect=effect.value,
            effect_low=effect.low,
            effect_high=effect.high,
            ranks_higher=cohorts[effect.higher] if effect.higher >= 0 else "neither",
        )
        rows[0]["reason"] += (
            f"; effect with a {s['confidence']:.0%} percentile interval from {effect.resamples} "
            f"bootstrap tables drawn within each cohort (seed {effect.seed})"
        )
    return rows


def rao_scott_columns(result: RaoScottTest) -> dict:
    """The ``tests.csv`` columns of a Rao–Scott test: the second-order F of R's
    ``svychisq(statistic = "F")`` with its non-integer degrees of freedom, the mean generalised
    design effect, Kish's effective n, and the first-order statistic in the reason."""
    return {
        "test": "rao_scott_f",
        "statistic": result.f_statistic,
        "dof": result.ndf,
        "dof_denominator": result.ddf,
        "p_value": result.f_p_value,
        "design_effect": result.mean_deff,
        "n_effective": result.n_effective,
        "reason": (
            f"weighted: Rao-Scott second-order F = X² / trace(Δ) on {result.ndf:.4g} and "
            f"{result.ddf:.4g} df (R survey::svychisq's default); Pearson X² of the weighted "
            f"table {result.pearson:.4g}, mean generalised design effect {result.mean_deff:.3f}, "
            f"first-order X²/deff = {result.statistic:.4g} on {result.dof} df "
            f"(p = {result.p_value:.3g})"
        ),
    }


def _weighted_row(
    stage: str,
    question: str,
    option,
    rows: np.ndarray,
    columns: np.ndarray,
    weights: np.ndarray,
    qtype: str = "single_choice",
) -> dict:
    from smmjourney.stats.weights import kish_effective_n, rao_scott_test

    row = {
        "stage": stage,
        "question": question,
        "option": option,
        "kind": "nominal",
        "weighting": "weighted",
        "role": role_of(qtype, "nominal", "weighted", not pd.isna(option)),
        "n": len(weights),
    }
    result = rao_scott_test(rows, columns, weights) if len(weights) else None
    if result is None:
        row.update(
            test="not_testable",
            dof=0,
            n_effective=kish_effective_n(weights),
            reason="not testable: fewer than two cohorts or answers among the weighted respondents",
        )
        return row
    row.update(rao_scott_columns(result))
    return row


def _weighted_set_row(stage: str, question: str, option_rows: list[dict]) -> dict:
    result = bonferroni_combination(
        [r.get("p_value", math.nan) for r in option_rows],
        [r["test"] for r in option_rows],
        "weighted option tables",
    )
    return {
        "stage": stage,
        "question": question,
        "option": pd.NA,
        "kind": "set",
        "weighting": "weighted",
        "role": "primary",
        "test": result.test,
        "p_value": result.p_value,
        "n": max((r["n"] for r in option_rows), default=0),
        "reason": result.reason,
    }


def _not_tested_rows(
    stage: str, question: str, qtype: str, weightings: Sequence[str], reason: str, n: int
) -> list[dict]:
    return [
        {
            "stage": stage,
            "question": question,
            "option": pd.NA,
            "kind": primary_kind(qtype, weighting),
            "weighting": weighting,
            "role": "not_tested",
            "test": "not_tested",
            "n": n,
            "reason": reason,
        }
        for weighting in weightings
    ]


def adjust_families(
    frame: pd.DataFrame,
    by: Sequence[str],
    method: str,
    alpha: float,
    describe,
    distinct: Sequence[str] | None = None,
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Adjusted p-values of ``frame['p_value']`` within each group of `by`.

    With `distinct`, rows that share those columns are one hypothesis (the same
    test listed under several stages): it is counted once and every copy gets
    its adjusted value.  ``describe(group_values, m)`` writes the family.

    Returns
    -------
    p_adjusted, adjustment, significant
    """
    adjusted = np.full(len(frame), np.nan)
    labels = [""] * len(frame)
    group_ids = frame.groupby(list(by), sort=False, dropna=False).ngroup().to_numpy()
    for group in dict.fromkeys(group_ids):
        where = np.flatnonzero(group_ids == group)
        block = frame.iloc[where]
        p = block["p_value"].to_numpy(dtype=float)
        if distinct:
            keys = [
                tuple("" if pd.isna(v) else v for v in row)
                for row in block[list(distinct)].itertuples(index=False, name=None)
            ]
            first = ~pd.Series(keys, dtype=object).duplicated().to_numpy()
            unique_adjusted = dict(
                zip(
                    [k for k, f in zip(keys, first, strict=False) if f],
                    stats.adjust_p_values(p[first], method),
                    strict=False,
                )
            )
            adjusted[where] = [unique_adjusted[k] for k in keys]
            m = int(np.isfinite(p[first]).sum())
        else:
            adjusted[where] = stats.adjust_p_values(p, method)
            m = int(np.isfinite(p).sum())
        text = describe(tuple(block.iloc[0][list(by)]), m)
        for i in where:
            labels[i] = text
    return adjusted, labels, adjusted < alpha


def question_tables(crosstab: pd.DataFrame, cohort_order: Sequence[str]):
    """Per (stage, question): its type, options, option labels and the cohorts × options counts
    and bases."""
    rows = crosstab[crosstab["cohort"].isin(cohort_order)]
    cohort = pd.Index(list(cohort_order)).get_indexer(rows["cohort"])
    option, label = rows["option"].tolist(), rows["option_label"].tolist()
    count, base, kind = (
        rows["count"].to_numpy(dtype=float),
        rows["base"].to_numpy(dtype=float),
        rows["question_type"].tolist(),
    )
    groups: dict[tuple, list[int]] = {}
    for position, key in enumerate(
        zip(rows["stage"].tolist(), rows["question"].tolist(), strict=False)
    ):
        groups.setdefault(key, []).append(position)
    for (stage, question), members in groups.items():
        options = list(dict.fromkeys(option[m] for m in members))
        column = {o: j for j, o in enumerate(options)}
        counts, bases = np.zeros((len(cohort_order), len(options))), np.zeros(len(cohort_order))
        counts[cohort[members], [column[option[m]] for m in members]] = count[members]
        bases[cohort[members]] = base[members]
        yield (
            stage,
            question,
            kind[members[0]],
            options,
            {option[m]: label[m] for m in members},
            counts,
            bases,
        )


def independence_tests(
    crosstab: pd.DataFrame,
    cohort_order: Sequence[str],
    method: str | None = None,
    alpha: float | None = None,
    yates: bool | None = None,
    statistics: Mapping | Statistics | None = None,
    answers: pd.DataFrame | None = None,
    weights: pd.Series | None = None,
    untested: Mapping[str, str] | None = None,
    cohorts_by_export: bool = False,
) -> pd.DataFrame:
    """Every test of cohort × answer of a wave (``tests.csv``).

    Per stage and question: the nominal test of the whole table (single-answer
    questions; test chosen by Cochran's rule), for likert and frequency
    questions also a rank test (kind ``ordinal``, with its effect size) and the
    linear-by-linear test (kind ``trend``); for a multiple-choice question one
    nominal test per option (cohorts × chosen / not chosen on the base of those
    who answered) and the set test (kind ``set``).  With `weights`, every
    nominal test is repeated on the weighted answers (Rao–Scott second-order F,
    ``weighting`` = ``weighted``) with a weighted set test per multiple-choice
    question.  Each row's ``role`` and adjusted p-values follow
    :func:`smmjourney.inference.families.adjust_claims`.

    Parameters
    ----------
    crosstab : pandas.DataFrame
        A cross-tab (the columns of ``crosstabs.csv``).
    cohort_order : sequence of str
        The cohorts to compare.
    method, alpha, yates
        Adjustment method, significance level, Yates' correction; given,
        they override ``p_adjust``, ``alpha`` and ``yates`` of `statistics`.
    statistics : mapping or Statistics, optional
        ``statistics`` of the configuration (seed, resamples, confidence, …);
        a setting not given is the schema's default.
    answers : pandas.DataFrame, optional
        ``respondent_id, question, code, cohort``: needed with `weights`.
    weights : pandas.Series, optional
        Weight per ``respondent_id``.
    untested : mapping, optional
        ``{question: reason}`` of questions not to test
        (:func:`smmjourney.inference.untested.planned_untested`).
    cohorts_by_export : bool
        Cohorts are formed by source or language: a single-answer question that
        separates them completely is not tested either.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TEST_COLUMNS`.
    """
    given = {"p_adjust": method, "alpha": alpha, "yates": yates}
    s = settings(
        {
            **settings(statistics),
            **{key: value for key, value in given.items() if value is not None},
        }
    )
    skip = dict(untested or {})
    weighted = weights is not None and answers is not None
    weightings = ["unweighted", "weighted"] if weighted else ["unweighted"]
    rows: list[dict] = []
    types: dict[tuple[str, str], str] = {}
    for stage, question, qtype, options, _, counts, bases in question_tables(
        crosstab, cohort_order
    ):
        reason = skip.get(question)
        if reason is None and cohorts_by_export and restates_cohorts(counts, qtype):
            reason = RESTATES_REASON
        if reason is not None:
            skip[question] = reason
            rows += _not_tested_rows(stage, question, qtype, weightings, reason, int(bases.sum()))
            continue
        types[(stage, question)] = qtype
        if qtype == "multiple_choice":
            tables = [
                np.column_stack([counts[:, j], bases - counts[:, j]]) for j in range(len(options))
            ]
            rows += [
                _nominal_row(stage, question, int(option), table, s, qtype)
                for option, table in zip(options, tables, strict=False)
            ]
            result = mmi_bonferroni(
                tables,
                yates=s["yates"],
                seed=s["seed"],
                resamples=s["resamples"],
                keys=[option_key(question, option) for option in options],
            )
            rows.append(
                {
                    "stage": stage,
                    "question": question,
                    "option": pd.NA,
                    "kind": "set",
                    "weighting": "unweighted",
                    "role": "primary",
                    "test": result.test,
                    "p_value": result.p_value,
                    "n": int(bases.sum()),
                    "reason": result.reason,
                }
            )
        else:
            rows.append(_nominal_row(stage, question, pd.NA, counts, s, qtype))
            if qtype in ORDINAL_TYPES:
                rows += _ordinal_rows(stage, question, qtype, counts, cohort_order, s)
    if weighted:
        tested = crosstab[
            pd.Series(
                list(zip(crosstab["stage"], crosstab["question"], strict=True)),
                index=crosstab.index,
            ).isin(list(types))
        ]
        rows += _weighted_rows(tested, cohort_order, answers, weights)
    frame = pd.DataFrame(
        rows,
        columns=[
            c
            for c in TEST_COLUMNS
            if c
            not in (
                "p_adjusted",
                "adjustment",
                "significant",
                "p_adjusted_wave",
                "adjustment_wave",
                "significant_wave",
            )
        ],
    )
    frame["option"] = frame["option"].astype("Int64")
    frame = adjust_claims(frame, s["p_adjust"], s["alpha"])
    order = {"unweighted": 0, "weighted": 1}
    frame = frame.assign(_w=frame["weighting"].map(order), _pos=np.arange(len(frame)))
    first = frame.groupby(["stage", "question", "option", "kind"], dropna=False, sort=False)[
        "_pos"
    ].transform("min")
    frame = frame.assign(_first=first).sort_values(["_first", "_w"], kind="stable")
    return frame[TEST_COLUMNS].reset_index(drop=True)


def _weighted_rows(
    crosstab: pd.DataFrame, cohort_order: Sequence[str], answers: pd.DataFrame, weights: pd.Series
) -> list[dict]:
    coded = answers[answers["cohort"].isin(cohort_order)]
    rows = []
    types = crosstab.drop_duplicates(["stage", "question"])[["stage", "question", "question_type"]]
    by_question = {q: block for q, block in coded.groupby("question", sort=False)}
    for stage, question, qtype in types.itertuples(index=False):
        block = by_question.get(question, coded.iloc[0:0])
        if qtype == "multiple_choice":
            people = block.drop_duplicates("respondent_id")[["respondent_id", "cohort"]]
            w = weights.reindex(people["respondent_id"]).to_numpy(dtype=float)
            chosen_by = block.groupby("code")["respondent_id"].apply(set)
            option_rows = []
            for option in dict.fromkeys(
                crosstab.loc[
                    (crosstab["stage"] == stage) & (crosstab["question"] == question), "option"
                ]
            ):
                chosen = people["respondent_id"].isin(chosen_by.get(option, set())).to_numpy()
                option_rows.append(
                    _weighted_row(
                        stage, question, int(option), people["cohort"].to_numpy(), chosen, w, qtype
                    )
                )
            rows += [*option_rows, _weighted_set_row(stage, question, option_rows)]
        else:
            w = weights.reindex(block["respondent_id"]).to_numpy(dtype=float)
            rows.append(
                _weighted_row(
                    stage,
                    question,
                    pd.NA,
                    block["cohort"].to_numpy(),
                    block["code"].to_numpy(),
                    w,
                    qtype,
                )
            )
    return rows


# Kept for the appropriateness table, which adjusts one p-value per indicator within its stage.
def adjust_within(frame: pd.DataFrame, family: str, method: str, alpha: float) -> pd.DataFrame:
    """Add ``p_adjusted``, ``adjustment`` and ``significant``, adjusting within each ``family``
    value."""
    frame = frame.copy()
    frame["p_adjusted"], frame["adjustment"], frame["significant"] = adjust_families(
        frame, [family], method, alpha, lambda v, m: f"{method} within {family} {v[0]} ({m} tests)"
    )
    return frame
