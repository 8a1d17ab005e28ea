"""Published figures: which integer counts of a base reproduce a percentage printed in a text."""

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path


@dataclass(frozen=True)
class PublishedFigure:
    """One number a publication prints, with the quote it comes from.

    ``kind`` is ``exact`` (met at the printed precision) or ``range`` (a loose statement such as
    "almost 70%", met when the percentage lies in [low, high]). ``options`` are answer codes; a
    figure about several options is the share choosing any of them. Cohort ``all`` is everyone.
    An empty question means the size of the cohort.
    """

    figure_id: str
    question: str
    options: tuple[int, ...]
    cohort: str
    value: str
    unit: str
    decimals: int
    kind: str
    low: float | None
    high: float | None
    quote: str


def read_figures(path: str | Path) -> list[PublishedFigure]:
    """Read the committed table of published figures."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            PublishedFigure(
                figure_id=row["figure_id"],
                question=row["question"],
                options=tuple(int(code) for code in row["options"].split("+"))
                if row["options"]
                else (),
                cohort=row["cohort"],
                value=row["value"],
                unit=row["unit"],
                decimals=int(row["decimals"]),
                kind=row["kind"],
                low=float(row["low"]) if row["low"] else None,
                high=float(row["high"]) if row["high"] else None,
                quote=row["quote"],
            )
            for row in csv.DictReader(handle)
        ]


def round_percentage(count: int, base: int, decimals: int) -> Decimal:
    """``100 * count / base`` rounded half-up to ``decimals`` places, as a printed figure is."""
    exact = Decimal(100) * Decimal(count) / Decimal(base)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def matches_printed(pct: float, value: str, decimals: int) -> bool:
    """Whether percentage ``pct`` prints as ``value`` at ``decimals`` places (rounded half-up)."""
    rounded = Decimal(repr(pct)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded == Decimal(value)


def counts_for_percentage(value: str, decimals: int, base: int) -> list[int]:
    """Every integer count of ``base`` whose percentage prints as ``value``.

    >>> counts_for_percentage("28.6", 1, 245)
    [70]
    >>> counts_for_percentage("3.4", 1, 245)
    []
    """
    target = Decimal(value)
    return [k for k in range(base + 1) if round_percentage(k, base, decimals) == target]


def nearest_count(value: str, base: int) -> int:
    """The count of ``base`` nearest to the printed percentage (used when none meets it)."""
    return int((Decimal(value) * base / 100).to_integral_value(rounding=ROUND_HALF_UP))


def count_for_figure(figure: PublishedFigure, base: int) -> tuple[int, bool]:
    """The count a figure asks for on ``base`` and whether any integer count meets it exactly.

    Counts are taken as printed; for percentages the matching count nearest to value·base is
    chosen, and where no count matches, the nearest count is returned with ``False``.
    """
    if figure.unit == "count":
        return int(figure.value), True
    candidates = counts_for_percentage(figure.value, figure.decimals, base)
    ideal = float(figure.value) * base / 100
    if candidates:
        return min(candidates, key=lambda k: abs(k - ideal)), True
    return nearest_count(figure.value, base), False
