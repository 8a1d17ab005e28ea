"""Normalisation of question texts and answer labels, so that exports match the codebook."""

import re
import unicodedata

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u0451": "\u0435",
        "\u0401": "\u0415",
    }
)
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Return ``text`` in the form used to compare headers and labels.

    Unicode is NFKC-normalised, typographic quotes and dashes become ASCII, the Russian letter
    yo becomes ye, case is folded and runs of white space become one space.

    >>> normalize_text("  \u201cYes\u201d,   in  VKontakte ")
    '"yes", in vkontakte'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC).casefold()
    return _SPACES.sub(" ", folded).strip()
