"""Counting: cross-tabulations of answers by cohort, computed in one grouped pass per wave."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smmjourney.crosstabs.letters import cohort_letters, column_letters, effective_base_letters
from smmjourney.plan.codebook import Codebook
from smmjourney.stats.intervals import proportion_interval

ALL = "all"
CROSSTAB_COLUMNS = [
    "stage",
    "question",
    "question_type",
    "option",
    "option_label",
    "cohort",
    "cohort_letter",
    "base",
    "count",
    "pct",
    "ci_low",
    "ci_high",
    "sig_letters",
    "letters_status",
    "base_weighted",
    "count_weighted",
    "n_effective",
    "design_effect",
    "pct_weighted",
    "ci_low_weighted",
    "ci_high_weighted",
    "sig_letters_weighted",
    "letters_status_weighted",
]


@dataclass(frozen=True)
class CodedWave:
    """A wave's answers as integer arrays, for counting in one vectorised pass.

    ``respondent`` indexes the rows of the cohort assignment; ``question`` indexes ``questions``;
    ``cohort_of`` gives each respondent's position in ``cohort_order`` (-1 for none);
    ``answered[r, q]`` says whether respondent ``r`` answered question ``q``; ``weight`` is each
    respondent's weight (None when unweighted). ``starts[q]:starts[q + 1]`` of ``by_question``
    are the answers to question ``q`` (``by_question`` is None when the answers come ordered by
    question, as cleaning writes them: then that range of the answers themselves).
    """

    respondent: np.ndarray
    question: np.ndarray
    code: np.ndarray
    questions: list[str]
    cohort_of: np.ndarray
    answered: np.ndarray
    by_question: np.ndarray | None
    starts: np.ndarray
    weight: np.ndarray | None

    def rows_of(self, question: str) -> np.ndarray | slice:
        """Positions of the answers to ``question`` (an index array or a slice)."""
        if question not in self.questions:
            return np.zeros(0, dtype=np.int64)
        q = self.questions.index(question)
        if self.by_question is None:
            return slice(int(self.starts[q]), int(self.starts[q + 1]))
        return self.by_question[self.starts[q] : self.starts[q + 1]]

    def per_cohort(
        self, flags: np.ndarray, n_cohorts: int, weighted: bool = False, power: int = 1
    ) -> np.ndarray:
        """Per cohort (then all) the number (or weight sum) of respondents flagged."""
        members = flags & (self.cohort_of >= 0)
        values = None if not weighted else self.weight[members] ** power
        by_cohort = np.bincount(self.cohort_of[members], weights=values, minlength=n_cohorts)
        return np.append(by_cohort, by_cohort.sum())


def coded_wave(
    answers: pd.DataFrame,
    cohorts: pd.DataFrame,
    cohort_order: Sequence[str],
    weights: pd.Series | None = None,
) -> CodedWave:
    """Turn long answers and the cohort assignment into :class:`CodedWave` arrays.

    Uses the answers' integer ``respondent`` column (the row of the respondent in the cleaned
    respondents, in whose order the cohorts are assigned): alone when the answers carry no ids,
    checked against a sample of ids when they do; without it the ids are looked up.
    """
    ids = cohorts["respondent_id"]
    if "respondent_id" not in answers:
        respondent = answers["respondent"].to_numpy()
        if len(respondent) and (respondent.min() < 0 or respondent.max() >= len(ids)):
            raise ValueError(
                f"answers name respondent rows up to {respondent.max()}, but {len(ids)} "
                "respondents have cohorts"
            )
    elif "respondent" in answers and len(answers) and _rows_match(answers, ids):
        respondent = answers["respondent"].to_numpy()
    else:
        respondent = pd.Index(ids).get_indexer(answers["respondent_id"])
    if isinstance(answers["question"].dtype, pd.CategoricalDtype):
        question, questions = (
            answers["question"].cat.codes.to_numpy(),
            answers["question"].cat.categories,
        )
    else:
        question, questions = pd.factorize(answers["question"], sort=False)
    code = answers["code"].to_numpy()
    known = (respondent >= 0) & (question >= 0)
    if not known.all():
        respondent, question, code = respondent[known], question[known], code[known]
    cohort_of = pd.Categorical(
        cohorts["cohort"].astype(str), categories=list(cohort_order)
    ).codes.astype(np.int64)
    by_question = (
        None
        if len(question) < 2 or bool((question[1:] >= question[:-1]).all())
        else np.argsort(question, kind="stable")
    )
    ordered = question if by_question is None else question[by_question]
    # Needles of the codes' own (small) integer type: otherwise numpy converts every code first.
    needles = np.arange(
        len(questions) + 1,
        dtype=np.result_type(ordered.dtype, np.min_scalar_type(len(questions) + 1)),
    )
    starts = np.searchsorted(ordered.astype(needles.dtype, copy=False), needles)
    answered = np.zeros((len(cohorts), len(questions)), dtype=bool, order="F")
    for q in range(len(questions)):
        rows = (
            slice(starts[q], starts[q + 1])
            if by_question is None
            else by_question[starts[q] : starts[q + 1]]
        )
        answered[respondent[rows], q] = True
    weight = None if weights is None else weights.reindex(ids).to_numpy(dtype=float)
    return CodedWave(
        respondent,
        question,
        code,
        list(map(str, questions)),
        cohort_of,
        answered,
        by_question,
        starts,
        weight,
    )


def option_positions(values: np.ndarray, codes: Sequence[int]) -> np.ndarray:
    """The position of each value in ``codes`` (-1 where absent), by table lookup for small
    codes."""
    codes = np.asarray(codes, dtype=np.int64)
    if not len(codes) or codes.min() < 0 or codes.max() > 100_000:
        return pd.Index(codes).get_indexer(values)
    table = np.full(int(codes.max()) + 2, -1, dtype=np.int64)
    table[codes] = np.arange(len(codes))
    return table[np.clip(values, -1, len(table) - 1)]


def _rows_match(answers: pd.DataFrame, ids: pd.Series) -> bool:
    rows = answers["respondent"].to_numpy()
    if rows.min() < 0 or rows.max() >= len(ids):
        return False
    sample = np.unique(np.linspace(0, len(rows) - 1, num=min(len(rows), 1000)).astype(np.int64))
    expected = ids.iloc[rows[sample]].to_numpy(dtype=object)
    return bool((expected == answers["respondent_id"].iloc[sample].to_numpy(dtype=object)).all())


def crosstabs(
    answers: pd.DataFrame,
    cohorts: pd.DataFrame,
    codebook: Codebook,
    stage_questions: Sequence[tuple[str, str]],
    cohort_order: Sequence[str],
    language: str = "en",
    confidence: float = 0.95,
    interval: str = "wilson",
    alpha: float = 0.05,
    alpha_strict: float = 0.01,
    letters_adjust: str = "bonferroni",
    weights: pd.Series | None = None,
) -> pd.DataFrame:
    """Count, base and percentage of every option of every (stage, question), per cohort and
    overall.

    The base is the number of respondents of the cohort who answered the question; in a
    multiple-choice question each option is counted on that base, so percentages may add up to
    more than 100. Options nobody chose appear with count 0. The interval is ``interval``
    (Wilson by default). Each cohort has a letter (``cohort_letter``); ``sig_letters`` holds the
    letters of the cohorts whose percentage this cell's significantly exceeds (column-proportion
    z-tests, ``letters_adjust`` within the row; lower case at ``alpha``, upper case at
    ``alpha_strict``), before any gating (``letters_status`` is left empty:
    :func:`smmjourney.inference.families.gate_letters` fills it). With ``weights`` (per
    ``respondent_id``) the weighted base and count, Kish's effective base and design effect
    (``base / n_effective``), the weighted percentage with its interval (on the effective base) and
    the effective-base letters (``sig_letters_weighted``) are added; without, those columns are
    empty.
    """
    wave = coded_wave(answers, cohorts, cohort_order, weights)
    questions = list(dict.fromkeys(q for _, q in stage_questions))
    cohort_list = [*cohort_order, ALL]
    frame = pd.DataFrame(
        [
            (
                q,
                codebook.questions[q].type,
                option.code,
                codebook.questions[q].label(option.code, language),
                cohort,
            )
            for q in questions
            for cohort in cohort_list
            for option in codebook.questions[q].options
        ],
        columns=["question", "question_type", "option", "option_label", "cohort"],
    )
    letters = cohort_letters(cohort_order)
    counts, bases, weighted, marks, weighted_marks = [], [], [], [], []
    for q in questions:
        codes = [option.code for option in codebook.questions[q].options]
        rows = wave.rows_of(q)
        position = option_positions(wave.code[rows], codes)
        cohort = wave.cohort_of[wave.respondent[rows]]
        valid = (position >= 0) & (cohort >= 0)
        key = cohort[valid] * len(codes) + position[valid]
        table = np.bincount(key, minlength=len(cohort_order) * len(codes)).reshape(
            len(cohort_order), len(codes)
        )
        counts.append(np.vstack([table, table.sum(axis=0)]).ravel())
        flags = (
            wave.answered[:, wave.questions.index(q)]
            if q in wave.questions
            else np.zeros(len(wave.cohort_of), dtype=bool)
        )
        base = wave.per_cohort(flags, len(cohort_order))
        bases.append(np.repeat(base, len(codes)))
        marks.append(
            _letters(
                table,
                base[:-1],
                [letters[c] for c in cohort_order],
                alpha,
                alpha_strict,
                letters_adjust,
            )
        )
        if wave.weight is not None:
            w = np.bincount(
                key,
                weights=wave.weight[wave.respondent[rows]][valid],
                minlength=len(cohort_order) * len(codes),
            ).reshape(len(cohort_order), len(codes))
            base_w = wave.per_cohort(flags, len(cohort_order), True)
            squares = wave.per_cohort(flags, len(cohort_order), True, 2)
            weighted.append(
                (
                    np.vstack([w, w.sum(axis=0)]).ravel(),
                    np.repeat(base_w, len(codes)),
                    np.repeat(squares, len(codes)),
                )
            )
            weighted_marks.append(
                _letters(
                    w,
                    base_w[:-1],
                    [letters[c] for c in cohort_order],
                    alpha,
                    alpha_strict,
                    letters_adjust,
                    squares[:-1],
                )
            )
    frame["count"] = np.concatenate(counts).astype(np.int64) if counts else np.zeros(0, np.int64)
    frame["base"] = np.concatenate(bases).astype(np.int64) if bases else np.zeros(0, np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["pct"] = np.where(
            frame["base"] > 0,
            100 * frame["count"] / frame["base"].where(frame["base"] > 0, 1),
            np.nan,
        )
    low, high = proportion_interval(
        frame["count"].to_numpy(), frame["base"].to_numpy(), confidence, interval
    )
    frame["ci_low"], frame["ci_high"] = 100 * low, 100 * high
    frame["cohort_letter"] = frame["cohort"].map(letters).fillna("")
    frame["sig_letters"] = np.concatenate(marks) if marks else np.zeros(0, dtype=object)
    frame["letters_status"] = ""
    frame = frame.join(
        _weighted_columns(
            frame, weighted if wave.weight is not None else None, confidence, interval
        )
    )
    frame["sig_letters_weighted"] = (
        np.concatenate(weighted_marks) if weighted_marks else np.full(len(frame), "", dtype=object)
    )
    frame["letters_status_weighted"] = ""
    stages = pd.DataFrame(stage_questions, columns=["stage", "question"])
    return stages.merge(frame, on="question", how="left")[CROSSTAB_COLUMNS]


def _letters(
    table: np.ndarray,
    bases: np.ndarray,
    letters: Sequence[str],
    alpha: float,
    alpha_strict: float,
    adjust: str,
    weight_squares: np.ndarray | None = None,
) -> np.ndarray:
    """The significance letters of a question's cells, cohort by cohort then option ("" for all);
    with ``weight_squares``, of weighted counts and bases on the effective bases."""
    marks = np.full((len(letters) + 1, table.shape[1]), "", dtype=object)
    for option in range(table.shape[1]):
        marks[:-1, option] = (
            column_letters(table[:, option], bases, letters, alpha, alpha_strict, adjust)
            if weight_squares is None
            else effective_base_letters(
                table[:, option], bases, weight_squares, letters, alpha, alpha_strict, adjust
            )
        )
    return marks.ravel()


def _weighted_columns(
    frame: pd.DataFrame, weighted: list | None, confidence: float, interval: str
) -> pd.DataFrame:
    columns = [
        "base_weighted",
        "count_weighted",
        "n_effective",
        "design_effect",
        "pct_weighted",
        "ci_low_weighted",
        "ci_high_weighted",
    ]
    if weighted is None:
        return pd.DataFrame(np.nan, index=frame.index, columns=columns)
    out = pd.DataFrame(index=frame.index)
    out["count_weighted"] = np.concatenate([w[0] for w in weighted])
    out["base_weighted"] = np.concatenate([w[1] for w in weighted])
    squares = np.concatenate([w[2] for w in weighted])
    with np.errstate(invalid="ignore", divide="ignore"):
        out["n_effective"] = np.where(
            squares > 0, out["base_weighted"] ** 2 / np.where(squares > 0, squares, 1), 0.0
        )
        share = np.where(
            out["base_weighted"] > 0,
            out["count_weighted"] / out["base_weighted"].where(out["base_weighted"] > 0, 1),
            np.nan,
        )
        out["design_effect"] = np.where(
            out["n_effective"] > 0,
            frame["base"] / out["n_effective"].where(out["n_effective"] > 0),
            np.nan,
        )
    out["pct_weighted"] = 100 * share
    effective_count = np.clip(np.nan_to_num(share) * out["n_effective"], 0, out["n_effective"])
    low, high = proportion_interval(
        effective_count.to_numpy(), out["n_effective"].to_numpy(), confidence, interval
    )
    out["ci_low_weighted"], out["ci_high_weighted"] = 100 * low, 100 * high
    return out[columns]
