"""Writing result tables: spreadsheet-safe text, stable number formatting, coloured XLSX."""

from collections.abc import Sequence
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
    text = ["stage", "activity", "activity_label", "indicator", "indicator_label", "question", "options", "direction", "cohort"]
    table = pd.read_csv(path, dtype={column: str for column in text})
    for column in ("rating", "activity_rating", "cohort_letter", "sig_letters", "adjustment", "adjustment_wave", "test"):
        if column in table:
            table[column] = table[column].fillna("").astype(str)
    return table


RATING_FILLS = {"green": "7FCDBB", "yellow": "F0E442", "red": "E69F80"}


def write_appropriateness_xlsx(table: pd.DataFrame, cohort_labels: dict[str, str], path: str | Path, stage_labels: dict[str, str]) -> None:
    """Table 3 as a workbook: one row per indicator, per cohort its % and rating as a cell colour.

    The rating is also written as a word next to the colour, each cohort's column carries its
    letter and the letters of the cohorts it significantly exceeds (column-proportion tests;
    upper case at the stricter level), and ``*`` marks indicators whose cohorts differ
    significantly after adjustment within the stage (``**`` also across the wave). A second sheet
    holds the long table.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Table 3"
    cohorts: Sequence[str] = list(cohort_labels)
    header = ["Stage", "SMM activity", "Indicator", "Question", "Options", "Direction"]
    letters = dict(zip(table["cohort"], table["cohort_letter"])) if "cohort_letter" in table else {}
    for cohort in cohorts:
        name = f"{cohort_labels[cohort]} ({letters[cohort]})" if isinstance(letters.get(cohort), str) else cohort_labels[cohort]
        header += [f"{name} %", f"{name} rating", f"{name} activity rating", f"{name} higher than"]
    header += ["Cohorts differ (adjusted p, stage)", "Adjusted p (wave)", "Significant"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    keys = ["stage", "activity", "indicator"]
    for _, block in table.groupby(keys, sort=False):
        first = block.iloc[0]
        row = [stage_labels.get(first["stage"], first["stage"]), first["activity_label"], first["indicator_label"], first["question"], first["options"], first["direction"]]
        fills = []
        for cohort in cohorts:
            line = block[block["cohort"] == cohort].iloc[0]
            higher = line.get("sig_letters", "")
            row += [None if pd.isna(line["pct"]) else round(float(line["pct"]), 1), line["rating"], line["activity_rating"], higher if isinstance(higher, str) else ""]
            fills += [line["rating"], line["rating"], line["activity_rating"], ""]
        wave_p = first.get("p_adjusted_wave", float("nan"))
        mark = ("**" if _flag(first.get("significant_wave")) else "*") if _flag(first["significant"]) else ""
        row += [None if pd.isna(first["p_adjusted"]) else float(first["p_adjusted"]), None if pd.isna(wave_p) else float(wave_p), mark]
        sheet.append([neutralise_formula(v) for v in row])
        for offset, rating in enumerate(fills):
            if rating in RATING_FILLS:
                sheet.cell(row=sheet.max_row, column=7 + offset).fill = PatternFill("solid", fgColor=RATING_FILLS[rating])
    for column, width in zip("ABCDEF", (16, 34, 44, 22, 8, 12)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "D2"
    long = workbook.create_sheet("long")
    safe = spreadsheet_safe(table)
    long.append(list(safe.columns))
    for values in safe.itertuples(index=False):
        long.append([None if (isinstance(v, float) and pd.isna(v)) else (v.item() if hasattr(v, "item") else v) for v in values])
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
