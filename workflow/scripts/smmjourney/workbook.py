"""Rule ``workbook``: the appropriateness table as a coloured XLSX workbook (Table 3).

Entry: :func:`write_workbook`.
"""

from __future__ import annotations

import datetime
import io
import os
import textwrap
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from smmjourney.output import _flag, neutralise_formula, read_appropriateness, spreadsheet_safe
from smmjourney.palette import RATING_FILLS, rating_in_words, rating_kind

FIXED_TIME = datetime.datetime(2000, 1, 1)
"""The created and modified time stamped in every workbook, so that equal tables give equal
bytes."""

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The time of every entry of the workbook's zip archive."""

RATING_PATTERNS = {
    "green": "solid",
    "yellow": "lightGray",
    "red": "lightTrellis",
    "uncertain": "lightUp",
}
"""The fill pattern of each rating: the ratings stay apart when printed in greyscale (the word
in the cell carries the rating in any case)."""

MAX_WIDTH = 40
"""The widest column, in characters; longer headers wrap."""


def rating_fill(rating: str):
    """The cell fill of a rating (palette key): its colour and a pattern of its own."""
    from openpyxl.styles import PatternFill

    colour = RATING_FILLS[rating].lstrip("#")
    pattern = RATING_PATTERNS[rating]
    if pattern == "solid":
        return PatternFill(pattern, fgColor=colour, bgColor=colour)
    return PatternFill(pattern, fgColor="7F7F7F", bgColor=colour)


def in_words(rating) -> str:
    """A rating as the HTML report words it (``most``, ``less``, ``least``, ``uncertain: ...``);
    no rating is an empty cell."""
    return rating_in_words(rating) if isinstance(rating, str) else ""


def lay_out(sheet, header_width: bool = True) -> None:
    """Widths on every used column, a wrapped header row tall enough for its lines, and an
    autofilter over the header and the data."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    lines = 1
    for index, column in enumerate(sheet.iter_cols(min_row=1, max_row=sheet.max_row), start=1):
        head = "" if column[0].value is None else str(column[0].value)
        content = max((len(str(c.value)) for c in column[1:] if c.value is not None), default=0)
        longest_word = max((len(word) for word in head.split()), default=0)
        # a header wraps to at most about three lines
        width = min(MAX_WIDTH, max(8, content + 2, longest_word + 2, -(-len(head) // 3) + 2))
        if not header_width:
            width = min(MAX_WIDTH, max(width, len(head) + 2))
        sheet.column_dimensions[get_column_letter(index)].width = width
        lines = max(lines, len(textwrap.wrap(head, max(1, int(width) - 2))) or 1)
        column[0].font = Font(bold=True)
        column[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 15 * lines + 3
    sheet.auto_filter.ref = sheet.dimensions


def save_deterministic(workbook, path: str | Path) -> None:
    """Save ``workbook`` with fixed time stamps (document properties and zip entries), through a
    temporary file in the same folder, so that equal workbooks give equal bytes and no partial
    file is left behind."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = "smmjourney"
    workbook.properties.lastModifiedBy = None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created like any other output (mode 0666 less the umask), unlike mkstemp's private 0600.
    temporary = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with (
            os.fdopen(handle, "wb") as stream,
            zipfile.ZipFile(buffer) as source,
            zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for entry in source.infolist():
                info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                target.writestr(info, source.read(entry.filename))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    from openpyxl.worksheet.properties import PageSetupProperties

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
    sheet.append([neutralise_formula(v) for v in header])
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
                in_words(line["rating"]),
                in_words(line["activity_rating"]),
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
                sheet.cell(row=sheet.max_row, column=7 + offset).fill = rating_fill(rating)
    lay_out(sheet)
    sheet.freeze_panes = "D2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    long = workbook.create_sheet("long")
    safe = spreadsheet_safe(table)
    long.append([neutralise_formula(v) for v in safe.columns])
    for values in safe.itertuples(index=False):
        long.append(
            [
                None
                if (isinstance(v, float) and pd.isna(v))
                else (v.item() if hasattr(v, "item") else v)
                for v in values
            ]
        )
    lay_out(long, header_width=False)
    long.freeze_panes = "A2"
    save_deterministic(workbook, path)
