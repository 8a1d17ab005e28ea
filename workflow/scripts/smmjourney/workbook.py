"""Rule ``workbook``: the appropriateness table as a coloured XLSX workbook (Table 3).

Entry: :func:`write_workbook`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from smmjourney.output import _flag, neutralise_formula, read_appropriateness, spreadsheet_safe
from smmjourney.palette import RATING_FILLS, rating_in_words, rating_kind


def activity_score_text(line: pd.Series) -> str:
    """An activity's net score and its bootstrap interval as text (``41.0 (37.8 to 43.9)``)."""
    score, low, high = (
        line.get(c, float("nan")) for c in ("activity_score", "score_low", "score_high")
    )
    if pd.isna(score):
        return ""
    return f"{score:.1f}" + ("" if pd.isna(low) else f" ({low:.1f} to {high:.1f})")


def activity_difference_text(line: pd.Series) -> str:
    """In words, the cohorts whose activity score this row's significantly exceeds, and those
    rated another colour without a significant difference."""
    parts = []
    higher, unsupported = (
        line.get("activity_higher_than", ""),
        line.get("difference_not_supported", ""),
    )
    if isinstance(higher, str) and higher:
        parts.append(f"higher than {', '.join(higher)} (significant)")
    if isinstance(unsupported, str) and unsupported:
        parts.append(f"colour differs from {', '.join(unsupported)}: difference not supported")
    return "; ".join(parts)


def write_workbook(table: str, cohort_labels: dict, stage_labels: dict, workbook: str) -> None:
    """Write the appropriateness table as a coloured XLSX workbook (Table 3 and the long table)."""
    write_appropriateness_xlsx(read_appropriateness(table), cohort_labels, workbook, stage_labels)


def write_appropriateness_xlsx(
    table: pd.DataFrame,
    cohort_labels: dict[str, str],
    path: str | Path,
    stage_labels: dict[str, str],
) -> None:
    """Table 3 as a workbook: one row per indicator, per cohort its % and rating as a cell colour.

    The rating is also written as a word next to the colour, each cohort's column carries its
    letter and the letters of the cohorts it significantly exceeds (column-proportion tests;
    upper case at the stricter level), and ``*`` marks indicators whose cohorts differ
    significantly after adjustment within the stage (``**`` also across the wave). Per cohort the
    activity's net score with its bootstrap interval, its decided or uncertain rating in words and
    its tested differences follow (``R`` is the rest of the respondents). A second sheet holds the
    long table.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Table 3"
    cohorts: Sequence[str] = list(cohort_labels)
    header = ["Stage", "SMM activity", "Indicator", "Question", "Options", "Direction"]
    letters = (
        dict(zip(table["cohort"], table["cohort_letter"], strict=False))
        if "cohort_letter" in table
        else {}
    )
    for cohort in cohorts:
        name = (
            f"{cohort_labels[cohort]} ({letters[cohort]})"
            if isinstance(letters.get(cohort), str)
            else cohort_labels[cohort]
        )
        header += [
            f"{name} %",
            f"{name} rating",
            f"{name} activity rating",
            f"{name} higher than",
            f"{name} activity score (interval)",
            f"{name} activity rating (bootstrap)",
            f"{name} activity difference",
        ]
    header += ["Cohorts differ (adjusted p, stage)", "Adjusted p (wave)", "Significant"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    keys = ["stage", "activity", "indicator"]
    for _, block in table.groupby(keys, sort=False):
        first = block.iloc[0]
        row = [
            stage_labels.get(first["stage"], first["stage"]),
            first["activity_label"],
            first["indicator_label"],
            first["question"],
            first["options"],
            first["direction"],
        ]
        fills = []
        for cohort in cohorts:
            line = block[block["cohort"] == cohort].iloc[0]
            higher = line.get("sig_letters", "")
            decided = line.get("rating_decided", "")
            decided = decided if isinstance(decided, str) else ""
            row += [
                None if pd.isna(line["pct"]) else round(float(line["pct"]), 1),
                line["rating"],
                line["activity_rating"],
                higher if isinstance(higher, str) else "",
                activity_score_text(line),
                rating_in_words(decided),
                activity_difference_text(line),
            ]
            fills += [
                line["rating"],
                line["rating"],
                line["activity_rating"],
                "",
                "",
                rating_kind(decided),
                "",
            ]
        wave_p = first.get("p_adjusted_wave", float("nan"))
        mark = (
            ("**" if _flag(first.get("significant_wave")) else "*")
            if _flag(first["significant"])
            else ""
        )
        row += [
            None if pd.isna(first["p_adjusted"]) else float(first["p_adjusted"]),
            None if pd.isna(wave_p) else float(wave_p),
            mark,
        ]
        sheet.append([neutralise_formula(v) for v in row])
        for offset, rating in enumerate(fills):
            if rating in RATING_FILLS:
                sheet.cell(row=sheet.max_row, column=7 + offset).fill = PatternFill(
                    "solid", fgColor=RATING_FILLS[rating].lstrip("#")
                )
    for column, width in zip("ABCDEF", (16, 34, 44, 22, 8, 12), strict=False):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "D2"
    long = workbook.create_sheet("long")
    safe = spreadsheet_safe(table)
    long.append(list(safe.columns))
    for values in safe.itertuples(index=False):
        long.append(
            [
                None
                if (isinstance(v, float) and pd.isna(v))
                else (v.item() if hasattr(v, "item") else v)
                for v in values
            ]
        )
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
