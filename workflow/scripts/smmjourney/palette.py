"""One palette and one set of rating words for every renderer (workbook, charts, report).

Colours are from the Okabe–Ito colour-blind-safe set; every rating also carries a word and,
in charts, a hatch, so that it reads in greyscale too.
"""

import re

RATING_WORDS = {"green": "most", "yellow": "less", "red": "least"}
"""The word beside each rating colour: most, less or least appropriate."""

RATING_FILLS = {
    "green": "#7FCDBB",
    "yellow": "#F0E442",
    "red": "#E69F80",
    "uncertain": "#D9D9D9",
}
"""Light cell fills of a rating, dark text stays legible on them (report and workbook)."""

RATING_STYLES = {
    "green": {"color": "#009E73", "hatch": "", "text": RATING_WORDS["green"]},
    "yellow": {"color": "#F0E442", "hatch": "..", "text": RATING_WORDS["yellow"]},
    "red": {"color": "#D55E00", "hatch": "xx", "text": RATING_WORDS["red"]},
    "uncertain": {"color": "#E0E0E0", "hatch": "////", "text": "uncertain"},
    "no support measured": {"color": "#FFFFFF", "hatch": "", "text": "no support measured"},
    "": {"color": "#FFFFFF", "hatch": "", "text": "n/a"},
}
"""Chart cells of a rating: colour, hatch and word ("" is no rating)."""


def rating_kind(rating: str) -> str:
    """The palette key of a rating or decided rating: ``uncertain`` for every ``uncertain: ...``.

    >>> rating_kind("uncertain: green or yellow"), rating_kind("red")
    ('uncertain', 'red')
    """
    return "uncertain" if rating.startswith("uncertain") else rating


def rating_in_words(rating: str) -> str:
    """A rating or decided rating with its colours as words (``uncertain: less or most``).

    >>> rating_in_words("uncertain: green or yellow"), rating_in_words("red")
    ('uncertain: most or less', 'least')
    """
    return re.sub(r"\b(green|yellow|red)\b", lambda match: RATING_WORDS[match[1]], rating)


COHORT_STYLES = [
    {"color": "#0072B2", "hatch": ""},
    {"color": "#E69F00", "hatch": "///"},
    {"color": "#009E73", "hatch": "..."},
    {"color": "#CC79A7", "hatch": "xxx"},
    {"color": "#56B4E9", "hatch": "\\\\\\"},
    {"color": "#D55E00", "hatch": "---"},
]
"""Bar colour and hatch of each cohort, in configuration order."""
