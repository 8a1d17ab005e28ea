"""The stage × activity appropriateness table: indicator shares per cohort, ratings, differences."""

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from smmjourney import stats
from smmjourney.appropriateness.rule import (
    indicator_score,
    rate,
    rated_pct,
    sample_of,
    score_activities,
)
from smmjourney.crosstabs.counting import ALL, CodedWave, coded_wave
from smmjourney.crosstabs.letters import cohort_letters, column_letters
from smmjourney.inference.families import CLAIM_COLUMNS
from smmjourney.inference.independence import adjust_families, settings
from smmjourney.plan import Indicator, Rating, Statistics, rating_settings
from smmjourney.stats import effects

APPROPRIATENESS_COLUMNS = [
    "stage",
    "activity",
    "activity_label",
    "indicator",
    "indicator_label",
    "question",
    "options",
    "direction",
    "cohort",
    "cohort_letter",
    "base",
    "count",
    "pct",
    "ci_low",
    "ci_high",
    "sig_letters",
    "diff_pct",
    "diff_low",
    "diff_high",
    "score",
    "rating",
    "activity_score",
    "activity_rating",
    "support",
    "resistance",
    "score_low",
    "score_high",
    "p_green",
    "p_yellow",
    "p_red",
    "rating_decided",
    "activity_higher_than",
    "difference_not_supported",
    "sample",
    *CLAIM_COLUMNS,
    "base_weighted",
    "n_effective",
    "pct_weighted",
    "ci_low_weighted",
    "ci_high_weighted",
]


def indicator_matrix(
    wave: CodedWave, indicators: Sequence[Indicator]
) -> tuple[np.ndarray, np.ndarray]:
    """Per respondent of ``wave`` (rows) and indicator (columns): answered the indicator's
    question; chose one of its options."""
    n = len(wave.cohort_of)
    answered = np.zeros((n, len(indicators)), dtype=bool)
    chosen = np.zeros((n, len(indicators)), dtype=bool)
    for column, indicator in enumerate(indicators):
        if indicator.question not in wave.questions:
            continue
        answered[:, column] = wave.answered[:, wave.questions.index(indicator.question)]
        rows = wave.rows_of(indicator.question)
        chosen[wave.respondent[rows][np.isin(wave.code[rows], indicator.options)], column] = True
    return answered, chosen


def indicator_shares(
    answers: pd.DataFrame,
    cohorts: pd.DataFrame,
    indicators: Sequence[Indicator],
    cohort_order: Sequence[str],
    weights: pd.Series | None = None,
) -> pd.DataFrame:
    """For each indicator and cohort (and ``all``): base, count choosing any of its options.

    With ``weights`` (per ``respondent_id``) also the weighted base and count and the sum of
    squared weights of the base (for Kish's effective base); without, those are NaN.
    """
    wave = coded_wave(answers, cohorts, cohort_order, weights)
    cohort_list = [*cohort_order, ALL]
    k = len(cohort_order)
    nothing = np.full(k + 1, np.nan)
    rows = []
    answered_all, chosen_all = indicator_matrix(wave, indicators)
    for column, indicator in enumerate(indicators):
        answered, chosen = answered_all[:, column], chosen_all[:, column]
        base, count = wave.per_cohort(answered, k), wave.per_cohort(chosen, k)
        weighted = wave.weight is not None
        base_w = wave.per_cohort(answered, k, True) if weighted else nothing
        count_w = wave.per_cohort(chosen, k, True) if weighted else nothing
        squares = wave.per_cohort(answered, k, True, 2) if weighted else nothing
        for i, cohort in enumerate(cohort_list):
            rows.append(
                {
                    **_describe(indicator),
                    "cohort": cohort,
                    "base": int(base[i]),
                    "count": int(count[i]),
                    "base_weighted": base_w[i],
                    "count_weighted": count_w[i],
                    "weight_squares": squares[i],
                }
            )
    return pd.DataFrame(rows)


def _describe(indicator: Indicator) -> dict:
    return {
        "stage": indicator.stage,
        "activity": indicator.activity,
        "activity_label": indicator.activity_label,
        "indicator": indicator.id,
        "indicator_label": indicator.label,
        "question": indicator.question,
        "options": "+".join(map(str, indicator.options)),
        "direction": indicator.direction,
    }


def appropriateness_table(
    shares: pd.DataFrame,
    cohort_order: Sequence[str],
    rating: Mapping | Rating,
    statistics: Mapping | Statistics,
) -> pd.DataFrame:
    """Percentages, scores, green / yellow / red ratings and cohort differences per indicator.

    An indicator's score is its percentage when ``direction`` is ``appropriate`` (rated against
    ``green_min`` and ``yellow_min``) and minus it when ``inappropriate`` (not rated alone);
    ``context`` indicators get none. An activity's support, resistance, net score and rating per
    cohort follow :mod:`.rule` (unweighted percentages; on ``all`` rows those of
    ``rating.all_mix``). The bootstrap columns (``score_low`` to ``difference_not_supported``)
    are added by :func:`smmjourney.appropriateness.rated_wave`. Each indicator is
    tested for a difference between cohorts (cohort × chosen / not chosen, test by Cochran's
    rule), adjusted within its stage and across the wave; each cohort's percentage is compared
    with every other cohort's (letters, as in ``crosstabs.csv``) and with the rest of the
    respondents (``diff_pct``: this cohort minus all other cohorts, in percentage points, with
    the ``statistics.difference`` interval). A setting of `rating` or `statistics` not given is
    the schema's default.
    """
    s = settings(statistics)
    rule = rating_settings(rating)
    frame = shares.copy()
    for column in ("base_weighted", "count_weighted", "weight_squares"):
        if column not in frame:
            frame[column] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["pct"] = 100 * frame["count"] / frame["base"].where(frame["base"] > 0)
    low, high = stats.proportion_interval(
        frame["count"].to_numpy(), frame["base"].to_numpy(), s["confidence"], s["interval"]
    )
    frame["ci_low"], frame["ci_high"] = 100 * low, 100 * high
    _add_weighted(frame, s)
    frame["pct_rated"] = rated_pct(frame, cohort_order, rule.all_mix)
    direction = frame["direction"].to_numpy()
    frame["score"] = indicator_score(frame["pct_rated"].to_numpy(), direction)
    frame["rating"] = np.where(
        direction == "appropriate", rate(frame["score"], rule.green_min, rule.yellow_min), ""
    )
    frame = frame.merge(
        score_activities(frame, rule), on=["stage", "activity", "cohort"], how="left"
    )
    frame["sample"] = [sample_of(cohort, rule.all_mix) for cohort in frame["cohort"]]
    letters = cohort_letters(cohort_order)
    frame["cohort_letter"] = frame["cohort"].map(letters).fillna("")
    marks = np.full(len(frame), "", dtype=object)
    differences = np.full((len(frame), 3), np.nan)
    cohort_position = pd.Index(list(cohort_order)).get_indexer(frame["cohort"])
    count_all, base_all = frame["count"].to_numpy(dtype=float), frame["base"].to_numpy(dtype=float)
    question_of, options_of = frame["question"].to_numpy(), frame["options"].to_numpy()
    tests = []
    for (stage, activity_id, indicator), rows in frame.groupby(
        ["stage", "activity", "indicator"], sort=False
    ).indices.items():
        rows = rows[cohort_position[rows] >= 0]
        order = rows[np.argsort(cohort_position[rows])]
        counts, bases = np.zeros(len(cohort_order)), np.zeros(len(cohort_order))
        counts[cohort_position[order]], bases[cohort_position[order]] = (
            count_all[order],
            base_all[order],
        )
        table = np.column_stack([counts, bases - counts])
        question, options = question_of[order[0]], options_of[order[0]]
        result = stats.independence_test(
            table,
            yates=s["yates"],
            seed=s["seed"],
            resamples=s["resamples"],
            key=f"{question}|{options}",
        )
        tests.append(
            {
                "stage": stage,
                "activity": activity_id,
                "indicator": indicator,
                "question": question,
                "options": options,
                "test": result.test,
                "p_value": result.p_value,
            }
        )
        letters_of_row = column_letters(
            counts,
            bases,
            [letters[c] for c in cohort_order],
            s["alpha"],
            s["alpha_strict"],
            s["letters_adjust"],
        )
        for row in order:
            position = cohort_position[row]
            marks[row] = letters_of_row[position]
            diff = effects.proportion_difference(
                counts[position],
                bases[position],
                counts.sum() - counts[position],
                bases.sum() - bases[position],
                s["confidence"],
                s["difference"],
            )
            differences[row] = [100 * diff.value, 100 * diff.low, 100 * diff.high]
    frame["sig_letters"] = marks
    frame["diff_pct"], frame["diff_low"], frame["diff_high"] = (
        differences[:, 0],
        differences[:, 1],
        differences[:, 2],
    )
    tests = pd.DataFrame(
        tests, columns=["stage", "activity", "indicator", "question", "options", "test", "p_value"]
    )
    method, alpha = s["p_adjust"], s["alpha"]
    tests["p_adjusted"], tests["adjustment"], tests["significant"] = adjust_families(
        tests,
        ["stage"],
        method,
        alpha,
        lambda v, m: f"{method} within stage {v[0]} ({m} indicators)",
    )
    tests["p_adjusted_wave"], tests["adjustment_wave"], tests["significant_wave"] = adjust_families(
        tests.assign(wave="wave"),
        ["wave"],
        method,
        alpha,
        lambda v, m: f"{method} across the wave ({m} distinct indicators)",
        distinct=["question", "options"],
    )
    keep = [
        "stage",
        "activity",
        "indicator",
        "test",
        "p_value",
        "p_adjusted",
        "adjustment",
        "significant",
        "p_adjusted_wave",
        "adjustment_wave",
        "significant_wave",
    ]
    frame = frame.merge(tests[keep], on=["stage", "activity", "indicator"], how="left")
    return frame[[column for column in APPROPRIATENESS_COLUMNS if column in frame]]


def _add_weighted(frame: pd.DataFrame, s: dict) -> None:
    squares = frame["weight_squares"].to_numpy(dtype=float)
    base_w = frame["base_weighted"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["n_effective"] = np.where(
            squares > 0, base_w**2 / squares, np.where(np.isnan(squares), np.nan, 0.0)
        )
        share = frame["count_weighted"].to_numpy(dtype=float) / np.where(base_w > 0, base_w, np.nan)
    frame["pct_weighted"] = 100 * share
    n_eff = np.nan_to_num(frame["n_effective"].to_numpy(dtype=float))
    low, high = stats.proportion_interval(
        np.clip(np.nan_to_num(share) * n_eff, 0, n_eff), n_eff, s["confidence"], s["interval"]
    )
    weighted = np.isfinite(share)
    frame["ci_low_weighted"] = np.where(weighted, 100 * low, np.nan)
    frame["ci_high_weighted"] = np.where(weighted, 100 * high, np.nan)
