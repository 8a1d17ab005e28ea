"""The analysis plan as typed, frozen values, built once from a validated ``config.yaml``.

Every field is required: the defaults live in one place, the ``default:`` values of
``schemas/config.schema.yaml``, which :func:`smmjourney.plan.validate_plan` fills in before
:func:`build_plan` runs. Labels and titles that are not given are their ids (derived, not
defaults). Mappings are read-only views and sequences are tuples, so nothing downstream can change
the plan; :func:`plain` turns any part of it back into the plain values a Snakemake rule's
``params`` may carry (dicts, lists, strings and numbers).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Source:
    """One raw export of a wave (``waves.<wave>.sources[i]``)."""

    id: str
    file: str
    format: str
    language: str
    encoding: str
    delimiter: str
    sheet: str | None
    multi_separator: str | None
    id_column: str | None
    metadata_columns: Mapping[str, str]
    ignore_columns: tuple[str, ...]
    personal_columns: tuple[str, ...]


@dataclass(frozen=True)
class Wave:
    """One survey wave (``waves.<wave>``), computed into ``results/<wave>/``."""

    id: str
    title: str
    codebook: str
    sources: tuple[Source, ...]
    funnel: str | None
    verdicts: str | None
    """A publication's verdicts on the activities, compared by rule ``verdicts``."""
    quality: Mapping[str, Any]
    """The data-quality rules as configured (read-only); :mod:`smmjourney.clean.quality` reads
    them."""


@dataclass(frozen=True)
class CohortRule:
    """Exactly one of: export ids, export languages, an answer (question + options), or everyone
    else."""

    source: tuple[str, ...] | None
    language: tuple[str, ...] | None
    question: str | None
    options: tuple[int, ...] | None
    otherwise: bool


@dataclass(frozen=True)
class Cohort:
    """One cohort (``cohorts[i]``), in reporting order."""

    id: str
    label: str
    rule: CohortRule


@dataclass(frozen=True)
class Indicator:
    """One row of the appropriateness table: a share of respondents choosing some options."""

    stage: str
    activity: str
    activity_label: str
    id: str
    label: str
    question: str
    options: tuple[int, ...]
    direction: str


@dataclass(frozen=True)
class Activity:
    """One SMM activity of a stage, with its indicators."""

    id: str
    label: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Stage:
    """One customer-journey stage, with its activities."""

    id: str
    label: str
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class Statistics:
    """``statistics``: intervals, tests and their adjustment (see the schema for each setting)."""

    confidence: float
    interval: str
    alpha: float
    alpha_strict: float
    p_adjust: str
    letters_adjust: str
    letters: str
    yates: bool
    seed: int
    resamples: int
    cramers_v: str
    difference: str


@dataclass(frozen=True)
class Rating:
    """``rating``: the decision rule (how indicators combine, where green and yellow begin), what
    the ``all`` row pools, and how the rating's uncertainty is measured."""

    combine: str
    green_min: float
    yellow_min: float
    all_mix: str
    bootstrap_resamples: int
    decision_probability: float


@dataclass(frozen=True)
class Weights:
    """``weights.<wave>``: a weight column, or raking to margins per cohort."""

    column: str | None
    raking: Mapping[str, Mapping[str, Mapping[int, float]]] | None
    max_iterations: int
    tolerance: float


@dataclass(frozen=True)
class Figure:
    """One extra chart (``figures[i]``): a question's options, or the wave's funnel."""

    id: str
    title: str
    kind: str
    question: str | None
    cohorts: str | tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """The whole analysis plan."""

    report_language: str
    waves: Mapping[str, Wave]
    cohorts: tuple[Cohort, ...]
    profile_questions: tuple[str, ...]
    statistics: Statistics
    weights: Mapping[str, Weights]
    rating: Rating
    stages: tuple[Stage, ...]
    figures: tuple[Figure, ...]


def frozen(value: Any) -> Any:
    """``value`` with every mapping made a read-only view and every list a tuple."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: frozen(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(frozen(item) for item in value)
    return value


def plain(value: Any) -> Any:
    """``value`` (any part of a plan) as plain dicts, lists, strings and numbers.

    A dataclass becomes a dict of its fields, leaving out those that are None (absent from the
    configuration); a cohort rule keeps only the condition it has.
    """
    if isinstance(value, CohortRule):
        return {
            field: plain(item)
            for field, item in _fields(value)
            if item is not None and item is not False
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field: plain(item) for field, item in _fields(value) if item is not None}
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def _fields(value: Any):
    return ((field.name, getattr(value, field.name)) for field in dataclasses.fields(value))


def statistics_from(values: Mapping[str, Any]) -> Statistics:
    """:class:`Statistics` from a complete ``statistics`` mapping (defaults filled in)."""
    return Statistics(
        **{field.name: values[field.name] for field in dataclasses.fields(Statistics)}
    )


def rating_from(values: Mapping[str, Any]) -> Rating:
    """:class:`Rating` from a complete ``rating`` mapping (defaults filled in)."""
    return Rating(**{field.name: values[field.name] for field in dataclasses.fields(Rating)})


def weights_from(values: Mapping[str, Any]) -> Weights:
    """:class:`Weights` from a complete ``weights.<wave>`` mapping (defaults filled in)."""
    raking = values.get("raking")
    return Weights(
        column=values.get("column"),
        raking=None if raking is None else frozen(raking),
        max_iterations=values["max_iterations"],
        tolerance=values["tolerance"],
    )


def _source(raw: Mapping[str, Any]) -> Source:
    return Source(
        id=raw["id"],
        file=raw["file"],
        format=raw["format"],
        language=raw["language"],
        encoding=raw["encoding"],
        delimiter=raw["delimiter"],
        sheet=raw.get("sheet"),
        multi_separator=raw.get("multi_separator"),
        id_column=raw.get("id_column"),
        metadata_columns=frozen(raw["metadata_columns"]),
        ignore_columns=tuple(raw["ignore_columns"]),
        personal_columns=tuple(raw["personal_columns"]),
    )


def _wave(wave_id: str, raw: Mapping[str, Any]) -> Wave:
    return Wave(
        id=wave_id,
        title=raw.get("title", wave_id),
        codebook=raw["codebook"],
        sources=tuple(_source(source) for source in raw["sources"]),
        funnel=raw.get("funnel"),
        verdicts=raw.get("verdicts"),
        quality=frozen(raw["quality"]),
    )


def _cohort(raw: Mapping[str, Any]) -> Cohort:
    rule = raw["rule"]
    return Cohort(
        id=raw["id"],
        label=raw.get("label", raw["id"]),
        rule=CohortRule(
            source=tuple(rule["source"]) if "source" in rule else None,
            language=tuple(rule["language"]) if "language" in rule else None,
            question=rule.get("question"),
            options=tuple(rule["options"]) if "options" in rule else None,
            otherwise=bool(rule.get("otherwise")),
        ),
    )


def _stage(raw: Mapping[str, Any]) -> Stage:
    activities = []
    for activity in raw["activities"]:
        activity_label = activity.get("label", activity["id"])
        indicators = tuple(
            Indicator(
                stage=raw["id"],
                activity=activity["id"],
                activity_label=activity_label,
                id=indicator["id"],
                label=indicator.get("label", indicator["id"]),
                question=indicator["question"],
                options=tuple(indicator["options"]),
                direction=indicator["direction"],
            )
            for indicator in activity["indicators"]
        )
        activities.append(Activity(activity["id"], activity_label, indicators))
    return Stage(raw["id"], raw.get("label", raw["id"]), tuple(activities))


def _figure(raw: Mapping[str, Any]) -> Figure:
    cohorts = raw["cohorts"]
    return Figure(
        id=raw["id"],
        title=raw["title"],
        kind=raw["kind"],
        question=raw.get("question"),
        cohorts=cohorts if isinstance(cohorts, str) else tuple(cohorts),
    )


def build_plan(config: Mapping[str, Any]) -> Plan:
    """The :class:`Plan` of a configuration that passed the schema, with its defaults filled in."""
    return Plan(
        report_language=config["report_language"],
        waves=MappingProxyType(
            {wave_id: _wave(wave_id, wave) for wave_id, wave in config["waves"].items()}
        ),
        cohorts=tuple(_cohort(cohort) for cohort in config["cohorts"]),
        profile_questions=tuple(config["profile_questions"]),
        statistics=statistics_from(config["statistics"]),
        weights=MappingProxyType(
            {wave_id: weights_from(spec) for wave_id, spec in config["weights"].items()}
        ),
        rating=rating_from(config["rating"]),
        stages=tuple(_stage(stage) for stage in config["stages"]),
        figures=tuple(_figure(figure) for figure in config["figures"]),
    )
