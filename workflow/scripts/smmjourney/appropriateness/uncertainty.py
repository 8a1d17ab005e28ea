"""How sure each rating is: a seeded respondent bootstrap within cohort of every activity's score.

Each cohort's respondents are collapsed, per activity, to the distinct patterns of (answered,
chosen) over the activity's rated indicators; a resample draws multinomial counts over those
patterns (the cohort's size fixed), which is a respondent bootstrap whose cost depends on the
number of patterns, not of respondents. The ``all`` row of a resample pools its cohorts' resampled
counts (``rating.all_mix`` ``sampled``) or averages their percentages (``equal``), and so does the
rest of the respondents beside a cohort. Each activity's stream is seeded by ``statistics.seed``
and the activity's indicators and the cohort, so reruns agree and the order in which indicators or
cohorts are listed changes nothing.
"""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smmjourney.appropriateness.rating import indicator_matrix
from smmjourney.appropriateness.rule import COLOURS, NO_SUPPORT, net_score, rate
from smmjourney.crosstabs.counting import ALL, coded_wave
from smmjourney.plan import Indicator, Rating

__all__ = [
    "ActivityDraws",
    "Patterns",
    "activity_draws",
    "decided_rating",
    "respondent_indicators",
    "uncertainty_table",
]

UNCERTAINTY_COLUMNS = [
    "stage",
    "activity",
    "cohort",
    "score_low",
    "score_high",
    "p_green",
    "p_yellow",
    "p_red",
    "rating_decided",
]


@dataclass(frozen=True)
class Patterns:
    """A cohort's respondents over an activity's indicators: each distinct pattern of answered
    and chosen, and how many respondents have it."""

    answered: np.ndarray
    """(patterns, indicators) bool: the pattern's respondents answered the indicator's
    question."""
    chosen: np.ndarray
    """(patterns, indicators) bool: they chose one of the indicator's options."""
    count: np.ndarray
    """(patterns,) int: respondents with the pattern."""

    def totals(self, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Chosen and answered counts per indicator for respondents ``counts`` (``(...,
        patterns)``) of each pattern."""
        return counts @ self.chosen.astype(float), counts @ self.answered.astype(float)

    def resample(self, resamples: int, rng: np.random.Generator) -> np.ndarray:
        """``resamples`` bootstrap counts of each pattern, ``(resamples, patterns)``."""
        n = int(self.count.sum())
        if n == 0:
            return np.zeros((resamples, len(self.count)))
        return rng.multinomial(n, self.count / n, size=resamples).astype(float)


@dataclass(frozen=True)
class ActivityDraws:
    """An activity's observed and resampled scores per cohort, ``all`` and rest of each cohort."""

    stage: str
    activity: str
    key: str
    """What the activity measures: its rated indicators (question, options, direction), in order."""
    rated: bool
    """Whether the activity has an ``appropriate`` or ``inappropriate`` indicator."""
    observed: Mapping[str, float]
    """Cohort id or ``all`` -> the observed score (NaN without a measured support)."""
    resampled: Mapping[str, np.ndarray]
    """Cohort id or ``all`` -> the score of each resample."""
    observed_rest: Mapping[str, float]
    """Cohort id -> the observed score of every other cohort's respondents together."""
    resampled_rest: Mapping[str, np.ndarray]
    """Cohort id -> the resampled scores of the rest."""


def respondent_indicators(
    answers: pd.DataFrame,
    cohorts: pd.DataFrame,
    indicators: Sequence[Indicator],
    cohort_order: Sequence[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per respondent and indicator: answered its question, chose one of its options; and each
    respondent's cohort (its position in ``cohort_order``)."""
    wave = coded_wave(answers, cohorts, cohort_order)
    return (*indicator_matrix(wave, indicators), wave.cohort_of)


_MAX_ENCODED = 39
"""Indicators up to which a respondent's states (0 unanswered, 1 answered, 2 chosen) are coded as
one base-3 integer, first indicator most significant: the same patterns in the same order as
``np.unique(..., axis=0)``, an order of magnitude faster on a million respondents."""


def _patterns(answered: np.ndarray, chosen: np.ndarray) -> Patterns:
    states = answered.astype(np.int8) + chosen.astype(np.int8)
    if not len(states):
        empty = np.zeros((0, states.shape[1]), dtype=bool)
        return Patterns(empty, empty, np.zeros(0, dtype=np.int64))
    width = states.shape[1]
    if width <= _MAX_ENCODED:
        place = 3 ** np.arange(width - 1, -1, -1, dtype=np.int64)
        codes, count = np.unique(states.astype(np.int64) @ place, return_counts=True)
        unique = (codes[:, None] // place) % 3
    else:
        unique, count = np.unique(states, axis=0, return_counts=True)
    return Patterns(unique >= 1, unique == 2, count)


def _rng(seed: int, key: str) -> np.random.Generator:
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(key.encode("utf-8"))])


def _pct(chosen: Sequence[np.ndarray], base: Sequence[np.ndarray], mix: str) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if mix == "sampled":
            total = np.sum(base, axis=0)
            return 100 * np.sum(chosen, axis=0) / np.where(total > 0, total, np.nan)
        shares = [100 * c / np.where(b > 0, b, np.nan) for c, b in zip(chosen, base, strict=True)]
        return np.nanmean(shares, axis=0)


def _scored(
    stage: str,
    activity: str,
    key: str,
    directions: Sequence[str],
    observed: Sequence[tuple[np.ndarray, np.ndarray]],
    resampled: Sequence[tuple[np.ndarray, np.ndarray]],
    cohort_order: Sequence[str],
    rule: Rating,
) -> ActivityDraws:
    def score(parts: Sequence[tuple[np.ndarray, np.ndarray]], mix: str) -> np.ndarray:
        pct = _pct([p[0] for p in parts], [p[1] for p in parts], mix)
        return net_score(pct, directions, rule.combine).score

    cohorts = list(enumerate(cohort_order))
    rest = len(cohorts) > 1

    def others(parts, position):
        return [part for i, part in enumerate(parts) if i != position]

    return ActivityDraws(
        stage=stage,
        activity=activity,
        key=key,
        rated=bool(len(directions)),
        observed={
            **{c: float(score([observed[i]], "sampled")) for i, c in cohorts},
            ALL: float(score(observed, rule.all_mix)),
        },
        resampled={
            **{c: score([resampled[i]], "sampled") for i, c in cohorts},
            ALL: score(resampled, rule.all_mix),
        },
        observed_rest={
            c: float(score(others(observed, i), rule.all_mix)) for i, c in cohorts if rest
        },
        resampled_rest={c: score(others(resampled, i), rule.all_mix) for i, c in cohorts if rest},
    )


def activity_draws(
    answered: np.ndarray,
    chosen: np.ndarray,
    cohort_of: np.ndarray,
    indicators: Sequence[Indicator],
    cohort_order: Sequence[str],
    rule: Rating,
    seed: int,
) -> list[ActivityDraws]:
    """Observed and bootstrap scores of every activity of ``indicators`` (columns of
    ``answered`` and ``chosen``), per cohort, ``all`` and rest of each cohort."""
    groups: dict[tuple[str, str], list[int]] = {}
    for column, indicator in enumerate(indicators):
        groups.setdefault((indicator.stage, indicator.activity), []).append(column)
    draws = []
    for (stage, activity), columns in groups.items():
        rated = [c for c in columns if indicators[c].direction != "context"]
        rated.sort(key=lambda c: (indicators[c].id, indicators[c].question, indicators[c].options))
        directions = [indicators[c].direction for c in rated]
        key = "|".join(
            f"{indicators[c].question}:{indicators[c].options}:{indicators[c].direction}"
            for c in rated
        )
        observed, resampled = [], []
        for position, cohort in enumerate(cohort_order):
            members = cohort_of == position
            patterns = _patterns(answered[members][:, rated], chosen[members][:, rated])
            observed.append(patterns.totals(patterns.count.astype(float)))
            counts = patterns.resample(rule.bootstrap_resamples, _rng(seed, f"{key}|{cohort}"))
            resampled.append(patterns.totals(counts))

        draws.append(
            _scored(stage, activity, key, directions, observed, resampled, cohort_order, rule)
        )
    return draws


def decided_rating(probabilities: Mapping[str, float], level: float) -> str:
    """The colour whose probability reaches ``level``; otherwise ``uncertain: ...`` naming the
    fewest colours (most probable first, written from green to red) that together reach it.

    >>> decided_rating({"green": 0.97, "yellow": 0.03, "red": 0.0}, 0.95)
    'green'
    >>> decided_rating({"green": 0.40, "yellow": 0.58, "red": 0.02}, 0.95)
    'uncertain: green or yellow'
    """
    ranked = sorted(COLOURS, key=lambda colour: -probabilities[colour])
    if probabilities[ranked[0]] >= level:
        return ranked[0]
    named, total = [], 0.0
    for colour in ranked:
        named.append(colour)
        total += probabilities[colour]
        if total >= level - 1e-12:
            break
    named = [colour for colour in COLOURS if colour in named]
    return "uncertain: " + (", ".join(named[:-1]) + " or " + named[-1])


def uncertainty_table(
    draws: Sequence[ActivityDraws], rule: Rating, confidence: float
) -> pd.DataFrame:
    """Per activity and cohort (and ``all``): the score's percentile interval at ``confidence``,
    the share of resamples rated each colour and the decided or uncertain rating."""
    tail = 100 * (1 - confidence) / 2
    rows = []
    for draw in draws:
        for cohort, scores in draw.resampled.items():
            supported = np.isfinite(draw.observed[cohort])
            finite = scores[np.isfinite(scores)] if supported else np.zeros(0)
            colours = rate(finite, rule.green_min, rule.yellow_min)
            share = {c: float(np.mean(colours == c)) if len(finite) else np.nan for c in COLOURS}
            if not draw.rated:
                decided = ""
            elif not supported:
                decided = NO_SUPPORT
            else:
                decided = decided_rating(share, rule.decision_probability)
            low, high = np.percentile(finite, [tail, 100 - tail]) if len(finite) else (np.nan,) * 2
            rows.append(
                {
                    "stage": draw.stage,
                    "activity": draw.activity,
                    "cohort": cohort,
                    "score_low": float(low),
                    "score_high": float(high),
                    **{f"p_{c}": share[c] for c in COLOURS},
                    "rating_decided": decided,
                }
            )
    return pd.DataFrame(rows, columns=UNCERTAINTY_COLUMNS)
