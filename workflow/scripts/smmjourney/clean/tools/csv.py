"""Plain CSV: delimited text (or an ``.xlsx`` workbook) with one header row of question ids or
texts.

A multiple-choice answer is joined with ``", "`` in one cell (the source's ``multi_separator``
changes it) or spread over one column per option (see
:func:`~smmjourney.clean.layouts.plain_table_columns`). Encoding and delimiter are detected
unless the source names them.
"""

from __future__ import annotations

from smmjourney.clean.layouts import (
    PLAIN_TABLE_META,
    Layout,
    plain_table_columns,
    read_text_or_workbook,
)

LAYOUT = Layout(
    name="csv",
    tool="plain CSV",
    header_rows=1,
    expected="one header row of question ids or texts",
    columns=plain_table_columns,
    read=read_text_or_workbook,
    metadata=PLAIN_TABLE_META,
    multi_separator=", ",
)
