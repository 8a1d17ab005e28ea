"""The survey tools whose exports the workflow reads: one module per tool, one registry.

Each module defines its tool's :class:`~smmjourney.clean.layouts.Layout` as ``LAYOUT`` (header
rows, how the columns are matched, the multiple-choice separator, the tool's metadata columns,
how the file is read, how its header is recognised); :data:`LAYOUTS` maps each ``format`` of the
configuration to it. The source's ``format`` is looked up here once (:func:`layout_of`), and
reading (:func:`read_export`) and matching the columns (:func:`identify_columns`) go through the
layout it names.

=============  ============  =====================================================================
format         header rows   layout
=============  ============  =====================================================================
google_forms   1             ``Timestamp``, question texts; checkboxes joined with ``", "``
surveymonkey   2             question texts, then ``Response`` / option label /
                             ``Other (please specify)``
qualtrics      3             export tags, question texts, ``{"ImportId": ...}``; ``_TEXT`` for Other
limesurvey     1             ``id;submitdate;...;Q1;Q2[SQ001];Q2[other]``, answer codes, ``Y``
spss           2             variable names and variable labels; value labels as answers
excel, csv     1             question ids or texts; options joined, or one ``question [option]``
                             column each
=============  ============  =====================================================================

Adding a tool (say Typeform) is:

1. a module ``tools/typeform.py`` defining ``LAYOUT = Layout(name="typeform", tool="Typeform",
   header_rows=..., expected=..., columns=...)``: ``columns`` matches the header rows (often with
   :class:`~smmjourney.clean.layouts.ColumnBuilder`, or
   :func:`~smmjourney.clean.layouts.plain_table_columns` for a plain table), raising
   :class:`~smmjourney.clean.layouts.WrongLayout` when the header is not the tool's; give ``read``
   if the file is neither text nor a workbook, ``metadata`` for the tool's own columns,
   ``recognise`` and ``precedence`` if its header is recognisable;
2. one line in :data:`LAYOUTS` below: ``"typeform": typeform.LAYOUT``;
3. its tests: a writer of its exports in ``tests/survey_exports.py`` (``write_export``), the name in
   the ``format`` enum of ``plan/schemas/config.schema.yaml`` and a row in the README's "Input
   formats" table (``tests/unit/clean/test_registries.py`` fails until all three agree with
   :data:`LAYOUTS`), and tests of its quirks beside ``tests/unit/clean/test_readers.py``'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from smmjourney.clean.layouts import ColumnMap, Layout, Matcher, WrongLayout, check_columns
from smmjourney.clean.readers import Grid, file_kind
from smmjourney.clean.tools import (
    csv,
    excel,
    google_forms,
    limesurvey,
    qualtrics,
    spss,
    surveymonkey,
)
from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import Codebook
from smmjourney.text import normalize_text

LAYOUTS: Mapping[str, Layout] = MappingProxyType(
    {
        "google_forms": google_forms.LAYOUT,
        "surveymonkey": surveymonkey.LAYOUT,
        "qualtrics": qualtrics.LAYOUT,
        "limesurvey": limesurvey.LAYOUT,
        "spss": spss.LAYOUT,
        "excel": excel.LAYOUT,
        "csv": csv.LAYOUT,
    }
)
"""Every export layout by its ``format`` name (the configuration schema's ``format`` enum)."""

DEFAULT_FORMAT = "google_forms"
"""The layout of a source that names none (as the configuration schema's default)."""

_BY_PRECEDENCE = sorted(
    (lay for lay in LAYOUTS.values() if lay.recognise), key=lambda lay: -lay.precedence
)


def layout_of(source: dict) -> Layout:
    """The layout a source's ``format`` names, or a message listing the formats there are."""
    name = source.get("format", DEFAULT_FORMAT)
    if name not in LAYOUTS:
        raise SurveyInputError(
            f"{Path(source['file'])}: unknown export format {name!r}; expected one of "
            f"{', '.join(LAYOUTS)}."
        )
    return LAYOUTS[name]


def _recognised(rows: list[list[str]], kind: str) -> str | None:
    for lay in _BY_PRECEDENCE:
        if lay.recognise(rows, kind):
            return lay.name
    return None


def recognise(grid: Grid) -> str | None:
    """The survey tool whose layout the header rows of ``grid`` show, if any is recognisable."""
    return _recognised([[normalize_text(h) for h in row] for row in grid.headers], grid.kind)


def looks_like(grid: Grid) -> str | None:
    """Like :func:`recognise`, also reading the first two data rows as the second and third
    header rows (for a file read with fewer header rows than its tool writes)."""
    found = recognise(grid)
    if found:
        return found
    if grid.n_rows >= 2 and grid.headers:
        data = [
            [
                normalize_text(str(grid.table.column(i)[r].as_py() or ""))
                for i in range(grid.n_columns)
            ]
            for r in (0, 1)
        ]
        return _recognised([[normalize_text(h) for h in grid.headers[0]], *data], grid.kind)
    return None


def wrong_layout(grid: Grid, layout: Layout, found: str | None, detail: str) -> SurveyInputError:
    """The message for a file whose header is not its configured layout's (naming ``found``)."""
    looks = (
        f" It looks like a {LAYOUTS[found].tool} export: set format: {found} for this source."
        if found and found != layout.name
        else ""
    )
    return SurveyInputError(
        f"{grid.path}: the configuration says this is a {layout.tool} export (format: "
        f"{layout.name}), but {detail}; "
        f"expected {layout.expected}.{looks}"
    )


def read_export(source: dict, layout: Layout) -> Grid:
    """Read the file a source names as ``layout`` reads it (after checking it exists, is not
    empty and is a file the layout can read)."""
    path = Path(source["file"])
    kind = file_kind(path)
    if kind == "missing":
        raise SurveyInputError(
            f"{path}: the file does not exist (the configuration names it as source "
            f"{source.get('id', '?')!r})."
        )
    if path.stat().st_size == 0:
        raise SurveyInputError(f"{path}: the file is empty; expected {layout.empty_file}.")
    return layout.read(path, kind, source, layout)


def identify_columns(
    grid: Grid, codebook: Codebook, source: dict, required: Sequence[str] = ()
) -> ColumnMap:
    """Identify every column of ``grid`` as the source's layout writes it.

    Raises :class:`SurveyInputError` when the header rows are not that tool's layout (naming the
    tool they look like), when two columns carry the same name or question, when an option
    column's option is unknown, or when a question in ``required`` has no column (listing the
    nearest headers).
    """
    layout = layout_of(source)
    matcher = Matcher(codebook)
    if layout.recognise is None:
        # No signature of its own (a plain table): refuse what is recognisably another tool's
        # export.
        found = looks_like(grid)
        if found and not LAYOUTS[found].plain_table:
            raise wrong_layout(
                grid, layout, found, f"its header is that of a {LAYOUTS[found].tool} export"
            )
    try:
        columns = layout.columns(grid, source, matcher, layout)
    except WrongLayout as wrong:
        raise wrong_layout(grid, layout, looks_like(grid), wrong.detail) from None
    check_columns(grid, columns, codebook, required, layout)
    return ColumnMap(layout.name, columns)
