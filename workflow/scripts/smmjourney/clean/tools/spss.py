"""SPSS: a ``.sav`` file, read with pyreadstat.

Two header rows: the variable names and the variable labels. One variable per single-answer
question, named by question id (or labelled with its text), its value labels matched to the
codebook's labels (unlabelled values are codes); a multiple-choice question as one 0/1 variable
per option (``q_prizes_2``, or labelled ``Question - Option``). Metadata variables are named in
the source's ``metadata_columns``.
"""

from __future__ import annotations

from pathlib import Path

from smmjourney.clean.layouts import PLAIN_TABLE_META, Layout, plain_table_columns
from smmjourney.clean.readers import Grid, read_spss
from smmjourney.errors import SurveyInputError


def recognise(rows: list[list[str]], kind: str) -> bool:
    """The file is an SPSS ``.sav`` file, whatever its variables."""
    return kind == "spss"


def read(path: Path, kind: str, source: dict, layout: Layout) -> Grid:
    if kind != "spss":
        what = "an Excel workbook" if kind == "workbook" else "text"
        raise SurveyInputError(
            f"{path}: the configuration says format: spss, but the file is not an SPSS .sav file "
            f"(it is {what}); expected a .sav file, or set the source's format to match the file."
        )
    return read_spss(path)


LAYOUT = Layout(
    name="spss",
    tool="SPSS",
    header_rows=2,
    expected="one variable per question, named by question id or labelled with its text",
    columns=plain_table_columns,
    read=read,
    metadata=PLAIN_TABLE_META,
    multi_separator=", ",
    recognise=recognise,
    precedence=4,
    empty_file="an SPSS .sav file with one case per respondent",
)
