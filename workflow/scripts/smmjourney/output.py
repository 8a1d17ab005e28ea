"""Writing result tables: spreadsheet-safe text, stable number formatting, coloured XLSX."""

from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    >>> neutralise_formula("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> neutralise_formula("-5")
    '-5'
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        try:
            float(value)
            return value
        except ValueError:
            return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a formula."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise_formula)
    return frame


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``frame`` as UTF-8 CSV with 6 significant decimals, spreadsheet-safe."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    spreadsheet_safe(frame).to_csv(path, index=False, float_format="%.6g", lineterminator="\n")


def _flag(value) -> bool:
    return False if value is None or pd.isna(value) else bool(value)


def read_appropriateness(path: str | Path) -> pd.DataFrame:
    """``appropriateness.csv`` as :func:`appropriateness_table` returned it: empty text cells
    (no rating, no letters) are empty strings, not missing values."""
    text = [
        "stage",
        "activity",
        "activity_label",
        "indicator",
        "indicator_label",
        "question",
        "options",
        "direction",
        "cohort",
    ]
    table = pd.read_csv(path, dtype={column: str for column in text})
    for column in (
        "rating",
        "activity_rating",
        "rating_decided",
        "activity_higher_than",
        "difference_not_supported",
        "sample",
        "cohort_letter",
        "sig_letters",
        "adjustment",
        "adjustment_wave",
        "test",
    ):
        if column in table:
            table[column] = table[column].fillna("").astype(str)
    return table
