"""Rule ``verdicts``: each activity's computed rating beside the verdict a publication gave it.

Entry: :func:`write_verdicts_comparison`. A wave's published verdicts are data (for the thesis wave
``data/published/thesis2017_verdicts.csv``, named by ``waves.<wave>.verdicts``): one row per stage,
activity and cohort the text gives a verdict for, with the sentence it is read from.
:func:`read_verdicts` reads and checks the file, :func:`check_verdicts` checks it against the plan
(when the Snakefile is parsed) and :func:`compare_verdicts` sets each verdict beside the rating of
``appropriateness.csv``. The verdicts are a comparison, never an input of the rating rule.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from smmjourney.errors import SurveyInputError
from smmjourney.personal_data import quoted

if TYPE_CHECKING:
    import pandas as pd

    from smmjourney.plan import Stage

log = logging.getLogger(__name__)

__all__ = [
    "AGREEMENTS",
    "COMPARISON_COLUMNS",
    "VERDICT_COLUMNS",
    "VERDICT_RATINGS",
    "Verdict",
    "agreement",
    "check_verdicts",
    "compare_verdicts",
    "plan_activities",
    "read_verdicts",
    "write_verdicts_comparison",
]

VERDICT_RATINGS = {"appropriate": "green", "partly": "yellow", "not_appropriate": "red"}
"""The verdict vocabulary and the rating colour each verdict corresponds to.

``appropriate``: the author calls the activity appropriate or useful and states no reservation;
``partly``: the author keeps it with a reservation stated in the verdict (most respondents against
it, kept because it costs little); ``not_appropriate``: the author rejects it (not appropriate,
not confirmed, not necessary, few respondents interested).
"""

RATING_ORDER = ("red", "yellow", "green")
"""Rating colours from least to most favourable to the activity."""

VERDICT_COLUMNS = ("stage", "activity", "cohort", "verdict", "quote", "location")
"""Columns a verdicts file must have (``other_quotes`` and ``note`` may follow)."""

QUOTE_SEPARATOR = " … "
"""Between the verbatim excerpts of an ``other_quotes`` cell."""

AGREEMENTS = ("agree", "disagree", "undecided", "not rated")
"""``agreement`` values: the computed rating is the verdict's colour; it is another colour (or
uncertain between colours that exclude the verdict's); it is uncertain between colours one of
which is the verdict's; there is no computed rating."""

COMPARISON_COLUMNS = [
    "stage",
    "activity",
    "activity_label",
    "cohort",
    "verdict",
    "verdict_rating",
    "activity_score",
    "score_low",
    "score_high",
    "support",
    "resistance",
    "activity_rating",
    "rating_decided",
    "computed_rating",
    "agreement",
    "computed_vs_author",
    "drivers",
    "quote",
    "location",
]
"""Columns of ``verdicts_comparison.csv``, as the README lists them."""

_ACTIVITY_COLUMNS = ("activity_score", "score_low", "score_high", "support", "resistance")
_RATED_DIRECTIONS = ("appropriate", "inappropriate")


@dataclass(frozen=True)
class Verdict:
    """One published verdict: what the author concluded about an activity at a stage, for a
    cohort (``all`` when the text does not tell the cohorts apart)."""

    stage: str
    activity: str
    cohort: str
    verdict: str
    quote: str
    location: str
    other_quotes: tuple[str, ...]
    note: str
    row: int
    """The verdict's data row in its file (1 = the first verdict)."""
    line: int
    """The file line the row ends on (2 for the first verdict)."""

    @property
    def rating(self) -> str:
        """The rating colour of the verdict (:data:`VERDICT_RATINGS`)."""
        return VERDICT_RATINGS[self.verdict]


def read_verdicts(path: str | Path) -> tuple[Verdict, ...]:
    """The verdicts of a published-verdicts CSV, in file order.

    Raises
    ------
    SurveyInputError
        If the file is missing or lacks a column of :data:`VERDICT_COLUMNS`, a row leaves one of
        them empty or has a verdict outside :data:`VERDICT_RATINGS`, or two rows give the same
        stage, activity and cohort.
    """
    expected = ", ".join(VERDICT_COLUMNS)
    if not Path(path).is_file():
        raise SurveyInputError(
            f"{path}: the published verdicts file does not exist; expected a CSV with the "
            f"columns {expected} (README, 'The author's verdicts')."
        )
    verdicts: list[Verdict] = []
    seen: dict[tuple[str, str, str], int] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in VERDICT_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise SurveyInputError(
                f"{path}, line 1 (the header): found the columns "
                f"{', '.join(quoted(name) for name in reader.fieldnames or [])}, which lack "
                f"{', '.join(missing)}; expected the columns {expected}."
            )
        for row, record in enumerate(reader, start=1):
            where = f"{path}, row {row} (line {reader.line_num})"
            for column in VERDICT_COLUMNS:
                if not (record[column] or "").strip():
                    raise SurveyInputError(
                        f"{where}, column {column!r}: found an empty cell; expected the "
                        f"{column} of the verdict."
                    )
            verdict = record["verdict"].strip()
            if verdict not in VERDICT_RATINGS:
                raise SurveyInputError(
                    f"{where}, column 'verdict': found {quoted(record['verdict'])}; expected one "
                    f"of {', '.join(VERDICT_RATINGS)}."
                )
            key = (record["stage"].strip(), record["activity"].strip(), record["cohort"].strip())
            if key in seen:
                raise SurveyInputError(
                    f"{where}, columns 'stage', 'activity', 'cohort': found "
                    f"{', '.join(quoted(part) for part in key)}, which row {seen[key]} gives "
                    f"already; expected one verdict per stage, activity and cohort."
                )
            seen[key] = row
            other = (record.get("other_quotes") or "").strip()
            verdicts.append(
                Verdict(
                    *key,
                    verdict=verdict,
                    quote=record["quote"].strip(),
                    location=record["location"].strip(),
                    other_quotes=tuple(part.strip() for part in other.split(QUOTE_SEPARATOR))
                    if other
                    else (),
                    note=(record.get("note") or "").strip(),
                    row=row,
                    line=reader.line_num,
                )
            )
    return tuple(verdicts)


def plan_activities(stages: Sequence[Stage]) -> dict[str, list[str]]:
    """Stage id -> the ids of its activities, in plan order."""
    return {stage.id: [activity.id for activity in stage.activities] for stage in stages}


def check_verdicts(
    verdicts: Sequence[Verdict],
    path: str | Path,
    activities: Mapping[str, Collection[str]],
    cohorts: Collection[str],
) -> None:
    """Check that every verdict names a stage, an activity of that stage and a cohort (or ``all``)
    of the plan.

    Raises
    ------
    SurveyInputError
        Naming the first verdict that does not, its row and column and what the plan has.
    """
    known = ["all", *cohorts]
    for verdict in verdicts:
        where = f"{path}, row {verdict.row} (line {verdict.line})"
        if verdict.stage not in activities:
            raise SurveyInputError(
                f"{where}, column 'stage': found {quoted(verdict.stage)}; expected a stage of "
                f"the configuration ({', '.join(activities)})."
            )
        if verdict.activity not in activities[verdict.stage]:
            raise SurveyInputError(
                f"{where}, column 'activity': found {quoted(verdict.activity)}; expected an "
                f"activity of stage {verdict.stage} ({', '.join(activities[verdict.stage])})."
            )
        if verdict.cohort not in known:
            raise SurveyInputError(
                f"{where}, column 'cohort': found {quoted(verdict.cohort)}; expected a cohort "
                f"of the configuration or all ({', '.join(known)})."
            )


def rating_colours(rating: str) -> tuple[str, ...]:
    """The colours a computed rating names: one if decided, two or more if uncertain, none if
    there is no rating.

    >>> rating_colours("green"), rating_colours("uncertain: green or yellow"), rating_colours("")
    (('green',), ('green', 'yellow'), ())
    """
    return tuple(re.findall(r"\b(green|yellow|red)\b", rating))


def agreement(author: str, rating: str) -> str:
    """Whether computed ``rating`` agrees with the ``author``'s colour (:data:`AGREEMENTS`).

    >>> agreement("green", "green"), agreement("green", "uncertain: green or yellow")
    ('agree', 'undecided')
    >>> agreement("red", "uncertain: green or yellow"), agreement("red", "no support measured")
    ('disagree', 'not rated')
    """
    colours = rating_colours(rating)
    if not colours:
        return "not rated"
    if author not in colours:
        return "disagree"
    return "agree" if len(colours) == 1 else "undecided"


def computed_vs_author(author: str, rating: str) -> str:
    """``more favourable`` or ``less favourable`` when every colour of ``rating`` lies on that
    side of the ``author``'s, ``same`` when it is the author's colour, otherwise empty.

    >>> computed_vs_author("red", "uncertain: green or yellow"), computed_vs_author("green", "red")
    ('more favourable', 'less favourable')
    """
    colours = rating_colours(rating)
    ranks = [RATING_ORDER.index(colour) - RATING_ORDER.index(author) for colour in colours]
    if not ranks:
        return ""
    if all(rank > 0 for rank in ranks):
        return "more favourable"
    if all(rank < 0 for rank in ranks):
        return "less favourable"
    return "same" if ranks == [0] else ""


def drivers(indicators: pd.DataFrame, side: str) -> str:
    """The rated indicators of one activity and cohort, those pulling its rating to ``side``
    (``more favourable`` or ``less favourable`` than the author's verdict) first, each as
    ``label (direction): pct%``, joined by `` | ``.

    More favourable: the appropriate indicators from the largest share down, then the
    inappropriate ones from the smallest up; less favourable: the inappropriate indicators from
    the largest share down, then the appropriate ones from the smallest up. Context indicators
    and indicators nobody answered are left out.
    """
    rated = indicators[indicators["direction"].isin(_RATED_DIRECTIONS) & indicators["pct"].notna()]
    lead = "appropriate" if side == "more favourable" else "inappropriate"
    first = rated[rated["direction"] == lead].sort_values("pct", ascending=False, kind="stable")
    then = rated[rated["direction"] != lead].sort_values("pct", kind="stable")
    return " | ".join(
        f"{line.indicator_label} ({line.direction}): {line.pct:.1f}%"
        for line in [*first.itertuples(), *then.itertuples()]
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def compare_verdicts(verdicts: Sequence[Verdict], table: pd.DataFrame) -> pd.DataFrame:
    """Each verdict beside the computed rating of its stage, activity and cohort.

    Parameters
    ----------
    verdicts : sequence of Verdict
        The wave's published verdicts.
    table : DataFrame
        ``appropriateness.csv`` (one row per stage, activity, indicator and cohort). The columns
        ``rating_decided``, ``support``, ``resistance``, ``score_low`` and ``score_high`` are read
        where the table has them.

    Returns
    -------
    DataFrame
        One row per verdict, in its order, with :data:`COMPARISON_COLUMNS`: the verdict and its
        colour (``verdict_rating``); the activity's score columns and ratings as the table gives
        them; ``computed_rating``, the rating compared (``rating_decided`` where the table has
        one, else ``activity_rating``); ``agreement`` (:data:`AGREEMENTS`);
        ``computed_vs_author``; for a disagreement the ``drivers`` (:func:`drivers`); the
        verdict's ``quote`` and ``location``.
    """
    import numpy as np
    import pandas as pd

    keys = ["stage", "activity", "cohort"]
    blocks = {key: block for key, block in table.groupby(keys, sort=False)}
    rows = []
    for verdict in verdicts:
        block = blocks.get((verdict.stage, verdict.activity, verdict.cohort))
        line = block.iloc[0] if block is not None else pd.Series(dtype=object)
        point = _text(line.get("activity_rating"))
        decided = _text(line.get("rating_decided"))
        computed = decided or point
        agreed = agreement(verdict.rating, computed)
        side = computed_vs_author(verdict.rating, computed)
        rows.append(
            {
                "stage": verdict.stage,
                "activity": verdict.activity,
                "activity_label": _text(line.get("activity_label")),
                "cohort": verdict.cohort,
                "verdict": verdict.verdict,
                "verdict_rating": verdict.rating,
                **{name: line.get(name, np.nan) for name in _ACTIVITY_COLUMNS},
                "activity_rating": point,
                "rating_decided": decided,
                "computed_rating": computed,
                "agreement": agreed,
                "computed_vs_author": side,
                "drivers": drivers(block, side) if agreed == "disagree" and side else "",
                "quote": verdict.quote,
                "location": verdict.location,
            }
        )
    comparison = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    for name in _ACTIVITY_COLUMNS:
        comparison[name] = pd.to_numeric(comparison[name], errors="coerce")
    return comparison


def write_verdicts_comparison(table: str, verdicts: str, comparison: str, wave: str) -> None:
    """Write ``verdicts_comparison.csv``: the wave's published verdicts beside its computed
    ratings (:func:`compare_verdicts`), and log how many agree.

    Parameters
    ----------
    table : str
        The wave's ``appropriateness.csv``.
    verdicts : str
        The wave's published-verdicts CSV (``waves.<wave>.verdicts``).
    comparison : str
        The CSV to write.
    wave : str
        The wave's id, for the log.
    """
    from smmjourney.output import read_appropriateness, write_csv

    compared = compare_verdicts(read_verdicts(verdicts), read_appropriateness(table))
    counts = compared["agreement"].value_counts()
    log.info(
        "wave %s: %d published verdicts; %s",
        wave,
        len(compared),
        ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in AGREEMENTS),
    )
    write_csv(compared, comparison)
