"""One family per claim: which test of a question is its claim, how each claim is adjusted, and
how every other output reuses that adjusted p-value (and gates its significance letters on it).

A *claim* is one row of ``tests.csv`` that says the cohorts differ: per stage, question and
weighting, the question's **primary** test (:data:`PRIMARY_KIND`), and for a multiple-choice
question each option's test (role ``option``).  Its place is the ``role`` column:

``primary``
    Single-answer questions: the nominal test (chi-square, Fisher or Monte-Carlo by Cochran's
    rule). Likert and frequency questions: the rank test (Mann–Whitney U or Kruskal–Wallis).
    Multiple-choice questions: the multiple-response set test. Weighted: the Rao–Scott test
    (there is no weighted rank test), and the Bonferroni combination of the options' Rao–Scott
    tests for a multiple-choice question. Adjusted once within the stage (and weighting), and
    across the wave with a question listed under several stages counted once. Profile questions
    form a descriptive family of their own and stay out of the wave's family.
``option``
    An option of a multiple-choice question, gated by its set test: its adjusted p-value is the
    larger of the set test's adjusted p-value and its own p-value adjusted over the options of
    the question (so it is never significant when the set test is not).
``secondary``
    The other tests of a question (the nominal and trend tests of an ordinal question): shown,
    neither adjusted nor counted in a family, never ``significant``.
``not_tested``
    Questions that define the cohorts or the weights (:mod:`.untested`): listed with the reason.

``crosstabs.csv`` and ``appropriateness.csv`` copy the adjusted p-value of the claim a row
belongs to (:func:`claim_of`) and show significance letters ``gated`` (only where that claim is
significant) or ``exploratory`` (everywhere, unadjusted for the family) — ``statistics.letters``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from smmjourney import stats
from smmjourney.plan import PROFILE_STAGE

__all__ = [
    "CLAIM_COLUMNS",
    "apply_claims",
    "LETTER_MODES",
    "LETTER_STATUSES",
    "PRIMARY_KIND",
    "ROLES",
    "adjust_claims",
    "claim_of",
    "claim_table",
    "gate_letters",
    "indicator_claims",
    "primary_kind",
    "role_of",
]

ROLES = ("primary", "option", "secondary", "not_tested")
LETTER_MODES = ("gated", "exploratory")
LETTER_STATUSES = {
    "significant": "letters shown: the row's claim is significant after adjustment",
    "withheld": "letters withheld: the row's claim is not significant after adjustment",
    "exploratory": "letters shown unadjusted for the family (exploratory)",
    "not_tested": "no letters: the question defines the cohorts or the weights",
}
PRIMARY_KIND: Mapping[tuple[str, str], str] = {
    ("multiple_choice", "unweighted"): "set",
    ("multiple_choice", "weighted"): "set",
    ("likert", "unweighted"): "ordinal",
    ("frequency", "unweighted"): "ordinal",
}
"""The primary kind per (question type, weighting); every other pair's is ``nominal``."""

CLAIM_COLUMNS = [
    "test",
    "p_value",
    "p_adjusted",
    "adjustment",
    "significant",
    "p_adjusted_wave",
    "adjustment_wave",
    "significant_wave",
]


def primary_kind(question_type: str, weighting: str) -> str:
    """The kind of the test that is the claim of a question of this type and weighting."""
    return PRIMARY_KIND.get((question_type, weighting), "nominal")


def role_of(question_type: str, kind: str, weighting: str, has_option: bool) -> str:
    """``primary``, ``option`` or ``secondary``: a test's place in the families."""
    if has_option:
        return "option"
    return "primary" if kind == primary_kind(question_type, weighting) else "secondary"


def _holm_family(
    frame: pd.DataFrame,
    rows: np.ndarray,
    by: Sequence[str],
    method: str,
    describe: Callable[[tuple, int], str],
    distinct: Sequence[str] | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Adjusted p-values and family labels of ``frame.loc[rows]`` within each group of `by`;
    with `distinct`, rows sharing those columns are one hypothesis counted once."""
    adjusted = pd.Series(np.nan, index=frame.index)
    labels = pd.Series("", index=frame.index, dtype=object)
    block = frame.loc[rows]
    for values, group in block.groupby(list(by), sort=False, dropna=False):
        values = values if isinstance(values, tuple) else (values,)
        keys = pd.Series(
            range(len(group))
            if not distinct
            else [
                tuple("" if pd.isna(v) else str(v) for v in row)
                for row in group[list(distinct)].itertuples(index=False, name=None)
            ],
            index=group.index,
            dtype=object,
        )
        first = ~keys.duplicated()
        unique = group.loc[first.to_numpy(), "p_value"].to_numpy(dtype=float)
        by_key = dict(
            zip(keys[first.to_numpy()], stats.adjust_p_values(unique, method), strict=True)
        )
        adjusted.loc[group.index] = keys.map(by_key).to_numpy(dtype=float)
        labels.loc[group.index] = describe(values, int(np.isfinite(unique).sum()))
    return adjusted, labels


def adjust_claims(frame: pd.DataFrame, method: str, alpha: float) -> pd.DataFrame:
    """Add ``p_adjusted``, ``adjustment``, ``significant`` and their ``_wave`` versions by role.

    Parameters
    ----------
    frame : pandas.DataFrame
        Tests with ``stage, question, option, kind, weighting, test, p_value, role``.
    method : str
        ``statistics.p_adjust``.
    alpha : float
        ``statistics.alpha``.

    Returns
    -------
    pandas.DataFrame
        A copy with the six columns; rows of role ``secondary`` and ``not_tested`` get no
        adjusted p-value and ``significant`` False.
    """
    frame = frame.reset_index(drop=True).copy()
    role = frame["role"]
    profile = frame["stage"] == PROFILE_STAGE

    def within_stage(values: tuple, m: int) -> str:
        stage, weighting = values
        if stage == PROFILE_STAGE:
            return (
                f"descriptive: {method} within the profile questions, {weighting} ({m} "
                "questions); not a confirmatory claim"
            )
        return f"{method} within stage {stage}, {weighting} ({m} questions)"

    primary = (role == "primary").to_numpy()
    frame["p_adjusted"], frame["adjustment"] = _holm_family(
        frame, primary, ["stage", "weighting"], method, within_stage
    )
    frame["p_adjusted_wave"], frame["adjustment_wave"] = _holm_family(
        frame,
        primary & ~profile.to_numpy(),
        ["weighting"],
        method,
        lambda v, m: f"{method} across the wave, {v[0]} ({m} distinct questions)",
        distinct=["question", "option", "kind"],
    )
    options = (role == "option").to_numpy()
    sets = frame[primary & (frame["kind"] == "set").to_numpy()].set_index(
        ["stage", "question", "weighting"]
    )
    for (stage, question, weighting), group in frame[options].groupby(
        ["stage", "question", "weighting"], sort=False
    ):
        within = stats.adjust_p_values(group["p_value"].to_numpy(dtype=float), method)
        m = int(np.isfinite(group["p_value"].to_numpy(dtype=float)).sum())
        gate = (
            sets.loc[(stage, question, weighting)]
            if (stage, question, weighting) in sets.index
            else None
        )
        for column, text in (("p_adjusted", "adjustment"), ("p_adjusted_wave", "adjustment_wave")):
            parent = np.nan if gate is None else float(gate[column])
            frame.loc[group.index, column] = np.where(
                np.isfinite(within),
                np.fmax(within, parent) if np.isfinite(parent) else np.nan,
                np.nan,
            )
            frame.loc[group.index, text] = (
                ""
                if gate is None or not gate[text]
                else f"gated by the set test ({gate[text]}); {method} over the {m} options"
            )
    for role_name, why in (
        ("secondary", "secondary test: shown, not adjusted, not a claim"),
        ("not_tested", "not tested (see reason)"),
    ):
        rows = (role == role_name).to_numpy()
        frame.loc[rows, ["adjustment", "adjustment_wave"]] = why
    frame["significant"] = frame["p_adjusted"].lt(alpha).fillna(False).astype(bool)
    frame["significant_wave"] = frame["p_adjusted_wave"].lt(alpha).fillna(False).astype(bool)
    return frame


def claim_table(tests: pd.DataFrame, weighting: str = "unweighted") -> pd.DataFrame:
    """The claims of ``tests.csv`` of one weighting, indexed by ``(stage, question, option)``
    (option -1 for a question's primary claim)."""
    claims = tests[
        (tests["weighting"] == weighting) & tests["role"].isin(["primary", "option", "not_tested"])
    ].copy()
    claims["option"] = claims["option"].astype("Int64").fillna(-1).astype(int)
    return claims.drop_duplicates(["stage", "question", "option"]).set_index(
        ["stage", "question", "option"]
    )


def claim_of(claims: pd.DataFrame, stage: str, question: str, options: Sequence[int]):
    """The claim a row about `options` of a question belongs to (a row of :func:`claim_table`):
    the option's own claim for a single option of a multiple-choice question, else the
    question's claim; None when the question has none."""
    if len(options) == 1 and (stage, question, int(options[0])) in claims.index:
        return claims.loc[(stage, question, int(options[0]))]
    if (stage, question, -1) in claims.index:
        return claims.loc[(stage, question, -1)]
    return None


def _letters_status(claim, mode: str) -> str:
    if claim is None:
        return ""
    if claim["role"] == "not_tested":
        return "not_tested"
    if mode == "exploratory":
        return "exploratory"
    return "significant" if bool(claim["significant"]) else "withheld"


def gate_letters(
    frame: pd.DataFrame,
    tests: pd.DataFrame,
    mode: str,
    options: Sequence[Sequence[int]],
    letters: str = "sig_letters",
    weighting: str = "unweighted",
) -> tuple[list[str], list[str]]:
    """The significance letters of `frame` as ``statistics.letters`` shows them, and why.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``stage``, ``question``, ``cohort`` and the letters column `letters`.
    tests : pandas.DataFrame
        ``tests.csv``.
    mode : {"gated", "exploratory"}
        ``gated``: letters only where the row's claim (:func:`claim_of`) is significant after
        adjustment; ``exploratory``: everywhere. Never for a question that is not tested.
    options : sequence of sequence of int
        Per row, the options its share counts.
    weighting : str
        Whose claims gate the letters (``weighted`` for the effective-base letters).

    Returns
    -------
    letters, status : list of str
        Per row, the letters shown and the ``letters_status`` (:data:`LETTER_STATUSES`; empty for
        cohort ``all`` and rows without a claim).
    """
    if mode not in LETTER_MODES:
        raise ValueError(f"unknown letters mode {mode!r}; valid: {', '.join(LETTER_MODES)}")
    claims = claim_table(tests, weighting)
    shown, statuses = [], []
    for (stage, question, cohort, marks), codes in zip(
        frame[["stage", "question", "cohort", letters]].itertuples(index=False, name=None),
        options,
        strict=True,
    ):
        status = (
            ""
            if cohort == "all"
            else _letters_status(claim_of(claims, stage, question, codes), mode)
        )
        keep = status in ("significant", "exploratory")
        shown.append(marks if keep and isinstance(marks, str) else "")
        statuses.append(status)
    return shown, statuses


def indicator_claims(indicators: pd.DataFrame, tests: pd.DataFrame) -> pd.DataFrame:
    """The claim of each appropriateness row, copied from ``tests.csv`` (unweighted).

    Parameters
    ----------
    indicators : pandas.DataFrame
        Rows with ``stage``, ``question`` and ``options`` (codes joined by ``+``).
    tests : pandas.DataFrame
        ``tests.csv``.

    Returns
    -------
    pandas.DataFrame
        :data:`CLAIM_COLUMNS`, one row per row of `indicators` (same index): the test, raw and
        adjusted p-values and families of the claim the indicator belongs to (:func:`claim_of`),
        so the same claim has the same adjusted p-value in every file.
    """
    claims = claim_table(tests)
    rows = []
    for stage, question, options in indicators[["stage", "question", "options"]].itertuples(
        index=False, name=None
    ):
        claim = claim_of(claims, stage, question, [int(c) for c in str(options).split("+")])
        rows.append(
            dict.fromkeys(CLAIM_COLUMNS, np.nan)
            if claim is None
            else {column: claim[column] for column in CLAIM_COLUMNS}
        )
    out = pd.DataFrame(rows, index=indicators.index, columns=CLAIM_COLUMNS)
    for column in ("significant", "significant_wave"):
        out[column] = out[column].fillna(False).astype(bool)
    return out


def apply_claims(table: pd.DataFrame, tests: pd.DataFrame, mode: str) -> pd.DataFrame:
    """``appropriateness.csv`` with each indicator's claim copied from ``tests.csv``
    (:func:`indicator_claims`) and its letters shown as `mode` says (:func:`gate_letters`), the
    reason in ``letters_status`` (after ``sig_letters``)."""
    out = table.copy()
    out[CLAIM_COLUMNS] = indicator_claims(out, tests)
    options = [[int(code) for code in str(value).split("+")] for value in out["options"]]
    letters, status = gate_letters(out, tests, mode, options)
    out["sig_letters"] = letters
    if "letters_status" in out:
        out["letters_status"] = status
    else:
        out.insert(list(out.columns).index("sig_letters") + 1, "letters_status", status)
    return out
