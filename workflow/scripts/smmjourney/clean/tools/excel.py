"""Excel: a sheet of an ``.xlsx`` workbook with one header row of question ids or texts.

A multiple-choice answer is joined with ``", "`` in one cell (the source's ``multi_separator``
changes it) or spread over one column per option (see
:func:`~smmjourney.clean.layouts.plain_table_columns`); ``sheet`` names the sheet (default the
first).
"""

from __future__ import annotations

from pathlib import Path

from smmjourney.clean.layouts import (
    PLAIN_TABLE_META,
    Layout,
    plain_table_columns,
    read_text_or_workbook,
)
from smmjourney.clean.readers import Grid
from smmjourney.errors import SurveyInputError


def read(path: Path, kind: str, source: dict, layout: Layout) -> Grid:
    if kind == "text":
        raise SurveyInputError(
            f"{path}: the configuration says format: excel, but the file is text, not an .xlsx "
            f"workbook; "
            f"expected a workbook, or set format: csv (or the survey tool's format) for this "
            f"source."
        )
    return read_text_or_workbook(path, kind, source, layout)


LAYOUT = Layout(
    name="excel",
    tool="Excel",
    header_rows=1,
    expected="a sheet whose first row holds question ids or texts",
    columns=plain_table_columns,
    read=read,
    metadata=PLAIN_TABLE_META,
    multi_separator=", ",
    empty_file="an Excel workbook with a header row and one row per respondent",
)
