"""Seeded mutation operators of survey exports: pure functions from an export to a mutated one.

Each operator takes what an export is at one level and a seeded :class:`random.Random`, and
returns a :class:`Mutant`: the mutated export, a sentence saying what was changed where, and the
*origin* of every data row of the mutated export, which is what cleaning it must give when it
reads it:

- ``origin[i]`` is the baseline data row (1-based) whose coded answers mutated data row ``i + 1``
  must have, or ``0`` when the mutation touched that row (anything goes for it);
- ``origin`` is ``None`` when the mutation may change how every row is read (a header, a quote,
  a line break, the container): only the reconciliation of the rows is checked then.

A mutation that keeps the meaning of every row (a byte-order mark, another delimiter for the whole
file, a column moved with its header, a near-miss header, Google Forms' own ``;`` joiner) gives
the identity origin: the run must read every row as the baseline or stop.

The levels (:data:`OPERATORS` maps each operator's name to it):

=========  ==========================================================================
level      the export as
=========  ==========================================================================
cells      rows of cells, header rows first (text and workbook exports, before writing)
text       the bytes of a delimited text export (one record per line)
binary     the bytes of an ``.xlsx`` workbook or an SPSS ``.sav`` file
spss       a :class:`SavFile`: the cases and the variable and value labels
=========  ==========================================================================
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from smmjourney.plan.codebook import Codebook

LONG_CELL = 200_000
"""Characters of an over-long cell (beyond the csv module's 131,072-character field limit)."""
PIECES = 3_000
"""Pieces of a multiple-choice cell made of many comma-separated pieces."""
PERSONAL = "ivan.petrov@example.com +7 912 345-67-89"
"""Personal data typed into a cell: no message may quote it."""
FORMULA = '=HYPERLINK("http://evil.example/x","books")'
SPECIAL_BYTES = frozenset(b'"\r\n,;\t')
"""Bytes that can move a record or a field boundary: a mutation that touches one may change how
every later row is read."""
INVALID_UTF8 = (b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80")
BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16": b"\xff\xfe"}


@dataclass(frozen=True)
class Labels:
    """What the operators know of the questionnaire, in the export's language.

    ``labels`` maps each option label to the same option's label in the other language;
    ``texts`` each question text to its text in the other language; ``joined`` the header of
    every multiple-choice column whose cells join labels, to those labels in form order.
    """

    labels: Mapping[str, str]
    texts: Mapping[str, str]
    joined: Mapping[str, tuple[str, ...]]
    joiner: str


def labels_of(book: Codebook, language: str, joiner: str) -> Labels:
    """The :class:`Labels` of ``book`` in ``language`` (the other language: the codebook's
    next)."""
    languages = sorted({lang for q in book.questions.values() for lang in q.texts})
    other = next((lang for lang in languages if lang != language), language)
    labels, texts, joined = {}, {}, {}
    for question in book.questions.values():
        texts[question.text(language)] = question.text(other)
        for option in question.options:
            labels[question.label(option.code, language)] = question.label(option.code, other)
        if question.is_multiple:
            joined[question.text(language)] = tuple(
                question.label(code, language) for code in question.codes
            )
    return Labels(
        MappingProxyType(labels), MappingProxyType(texts), MappingProxyType(joined), joiner
    )


@dataclass(frozen=True)
class Mutant:
    """A mutated export, what was changed (``detail``) and the origin of its data rows."""

    export: object
    detail: str
    origin: tuple[int, ...] | None


def identity(n_rows: int) -> tuple[int, ...]:
    """The origin of an export whose every row must read as before."""
    return tuple(range(1, n_rows + 1))


def touched(n_rows: int, *rows: int) -> tuple[int, ...]:
    """The origin of an export whose data rows ``rows`` (1-based) were changed in place."""
    return tuple(0 if r in rows else r for r in range(1, n_rows + 1))


# --------------------------------------------------------------------------------------------
# Near-miss text
# --------------------------------------------------------------------------------------------


def near_miss(text: str, how: str, rng: random.Random, translation: str = "") -> str:
    """``text`` a little off: ``case`` (upper or lower case), ``space`` (a space added), ``typo``
    (one letter dropped or replaced) or ``language`` (``translation``, its other language).

    >>> near_miss("Other", "case", random.Random(0))
    'OTHER'
    >>> near_miss("Other", "language", random.Random(0), "Другое")
    'Другое'
    """
    if how == "case":
        return text.upper() if text != text.upper() else text.lower()
    if how == "space":
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        if spaces and rng.random() < 0.5:
            at = rng.choice(spaces)
            return text[:at] + " " + text[at:]
        return text + " " if rng.random() < 0.5 else " " + text
    if how == "typo":
        letters = [i for i, ch in enumerate(text) if ch.isalpha()] or list(range(len(text)))
        if not letters:
            return "x"
        at = rng.choice(letters)
        if rng.random() < 0.5:
            return text[:at] + text[at + 1 :]
        swap = "x" if text[at].lower() != "x" else "z"
        return text[:at] + swap + text[at + 1 :]
    if how == "language":
        return translation or text.upper()
    raise ValueError(f"unknown near-miss {how!r}")


# --------------------------------------------------------------------------------------------
# Cells: rows of cells, header rows first
# --------------------------------------------------------------------------------------------

Rows = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Cells:
    """A text or workbook export before it is written: ``rows`` (header rows first)."""

    rows: Rows
    header_rows: int
    labels: Labels

    @property
    def n_rows(self) -> int:
        return len(self.rows) - self.header_rows

    def with_rows(self, rows) -> Cells:
        return replace(self, rows=tuple(tuple(row) for row in rows))


def _data_cell(cells: Cells, rng: random.Random, prefer_labels: bool) -> tuple[int, int]:
    """A (data row 1-based, column) of a non-empty data cell, a known label when preferred."""
    spots = [
        (r, c)
        for r in range(1, cells.n_rows + 1)
        for c, value in enumerate(cells.rows[cells.header_rows + r - 1])
        if value
    ]
    labelled = [
        (r, c) for r, c in spots if cells.rows[cells.header_rows + r - 1][c] in cells.labels.labels
    ]
    return rng.choice(labelled if prefer_labels and labelled else spots)


def _set_cell(cells: Cells, row: int, column: int, value: str) -> Cells:
    rows = [list(r) for r in cells.rows]
    rows[cells.header_rows + row - 1][column] = value
    return cells.with_rows(rows)


def _cell_op(
    make: Callable[[str, random.Random, Cells], str], what: str, prefer_labels: bool = False
) -> Callable[[Cells, random.Random], Mutant]:
    def operator(cells: Cells, rng: random.Random) -> Mutant:
        row, column = _data_cell(cells, rng, prefer_labels)
        value = cells.rows[cells.header_rows + row - 1][column]
        mutated = _set_cell(cells, row, column, make(value, rng, cells))
        return Mutant(
            mutated, f"{what}: data row {row}, column {column + 1}", touched(cells.n_rows, row)
        )

    return operator


def _near_miss_cell(how: str) -> Callable[[Cells, random.Random], Mutant]:
    def make(value: str, rng: random.Random, cells: Cells) -> str:
        return near_miss(value, how, rng, cells.labels.labels.get(value, ""))

    return _cell_op(make, f"near-miss cell ({how})", prefer_labels=True)


def _pieces(value: str, rng: random.Random, cells: Cells) -> str:
    known = [label for label in cells.labels.labels if len(label) > 1]
    pieces = [rng.choice(known) if rng.random() < 0.5 else f"piece {i}" for i in range(PIECES)]
    return ", ".join(pieces)


def semicolon_joiner(cells: Cells, rng: random.Random) -> Mutant:
    """A multiple-choice cell of known labels joined with ``;`` (Google Forms' CSV download)."""
    header = cells.rows[0]
    spots = []
    for column, title in enumerate(header):
        labels = cells.labels.joined.get(title)
        if not labels:
            continue
        for row in range(1, cells.n_rows + 1):
            value = cells.rows[cells.header_rows + row - 1][column]
            pieces = [label for label in labels if label and label in value]
            if len(pieces) >= 2 and cells.labels.joiner.join(pieces) == value:
                spots.append((row, column, pieces))
    if not spots:
        return Mutant(
            cells, "semicolon joiner: no cell of two known labels", identity(cells.n_rows)
        )
    row, column, pieces = rng.choice(spots)
    mutated = _set_cell(cells, row, column, ";".join(pieces))
    return Mutant(
        mutated, f"';' joiner: data row {row}, column {column + 1}", identity(cells.n_rows)
    )


def _data_rows(cells: Cells) -> list[tuple[str, ...]]:
    return list(cells.rows[cells.header_rows :])


def row_delete(cells: Cells, rng: random.Random) -> Mutant:
    """A data row deleted: the rows after it move up one."""
    row = rng.randrange(1, cells.n_rows + 1)
    data = _data_rows(cells)
    del data[row - 1]
    origin = tuple(r for r in range(1, cells.n_rows + 1) if r != row)
    return Mutant(
        cells.with_rows([*cells.rows[: cells.header_rows], *data]), f"row {row} deleted", origin
    )


def row_duplicate(cells: Cells, rng: random.Random) -> Mutant:
    """A data row repeated right after itself: both copies must read as the original."""
    row = rng.randrange(1, cells.n_rows + 1)
    data = _data_rows(cells)
    data.insert(row, data[row - 1])
    origin = tuple(range(1, row + 1)) + tuple(range(row, cells.n_rows + 1))
    return Mutant(
        cells.with_rows([*cells.rows[: cells.header_rows], *data]), f"row {row} duplicated", origin
    )


def row_shuffle(cells: Cells, rng: random.Random) -> Mutant:
    """Two data rows swapped, or all of them shuffled: each must read as where it came from."""
    order = list(range(1, cells.n_rows + 1))
    if rng.random() < 0.5:
        a, b = rng.sample(order, 2)
        order[a - 1], order[b - 1] = b, a
        what = f"rows {a} and {b} swapped"
    else:
        rng.shuffle(order)
        what = "rows shuffled"
    data = _data_rows(cells)
    rows = [*cells.rows[: cells.header_rows], *(data[r - 1] for r in order)]
    return Mutant(cells.with_rows(rows), what, tuple(order))


def column_permute(cells: Cells, rng: random.Random) -> Mutant:
    """Whole columns (headers and cells) moved: every row must read as before."""
    order = list(range(len(cells.rows[0])))
    a, b = rng.sample(order, 2)
    order[a], order[b] = b, a
    if rng.random() < 0.3:
        rng.shuffle(order)
    rows = [[row[i] for i in order] for row in cells.rows]
    return Mutant(cells.with_rows(rows), f"columns reordered {order}", identity(cells.n_rows))


def _header_spot(cells: Cells, rng: random.Random) -> tuple[int, int]:
    spots = [
        (h, c) for h in range(cells.header_rows) for c, value in enumerate(cells.rows[h]) if value
    ]
    return rng.choice(spots)


def header_shuffle(cells: Cells, rng: random.Random) -> Mutant:
    """The cells of one header row shuffled (the data stays): every row may read differently."""
    h = rng.randrange(cells.header_rows)
    rows = [list(r) for r in cells.rows]
    if rng.random() < 0.5:
        a, b = rng.sample(range(len(rows[h])), 2)
        rows[h][a], rows[h][b] = rows[h][b], rows[h][a]
    else:
        rng.shuffle(rows[h])
    return Mutant(cells.with_rows(rows), f"header row {h + 1} shuffled", None)


def header_drop(cells: Cells, rng: random.Random) -> Mutant:
    """A header cell emptied, or deleted (the header row one cell short)."""
    h, c = _header_spot(cells, rng)
    rows = [list(r) for r in cells.rows]
    if rng.random() < 0.5:
        rows[h][c] = ""
        what = "emptied"
    else:
        del rows[h][c]
        what = "deleted"
    return Mutant(cells.with_rows(rows), f"header row {h + 1}, column {c + 1} {what}", None)


def header_duplicate(cells: Cells, rng: random.Random) -> Mutant:
    """A header cell copied onto another column's."""
    h, c = _header_spot(cells, rng)
    rows = [list(r) for r in cells.rows]
    target = rng.randrange(len(rows[h]))
    rows[h][target] = rows[h][c]
    return Mutant(
        cells.with_rows(rows), f"header row {h + 1}: column {c + 1} copied onto {target + 1}", None
    )


def _near_miss_header(how: str) -> Callable[[Cells, random.Random], Mutant]:
    def operator(cells: Cells, rng: random.Random) -> Mutant:
        known = {**cells.labels.texts, **cells.labels.labels}
        spots = [
            (h, c)
            for h in range(cells.header_rows)
            for c, value in enumerate(cells.rows[h])
            if value in known
        ]
        h, c = rng.choice(spots) if spots else _header_spot(cells, rng)
        rows = [list(r) for r in cells.rows]
        rows[h][c] = near_miss(rows[h][c], how, rng, known.get(rows[h][c], ""))
        return Mutant(
            cells.with_rows(rows),
            f"near-miss header ({how}): header row {h + 1}, column {c + 1}",
            identity(cells.n_rows),
        )

    return operator


# --------------------------------------------------------------------------------------------
# Text: the bytes of a delimited export, one record per line
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A delimited text export as bytes (UTF-8, ``\\n`` line ends, one record per line)."""

    data: bytes
    header_rows: int
    delimiter: str
    quote_all: bool

    @property
    def lines(self) -> list[bytes]:
        return self.data.split(b"\n")[:-1] if self.data.endswith(b"\n") else self.data.split(b"\n")

    @property
    def n_rows(self) -> int:
        return len(self.lines) - self.header_rows

    def with_data(self, data: bytes) -> Text:
        return replace(self, data=data)


def write_text(rows: Rows, delimiter: str, quote_all: bool) -> str:
    """``rows`` as a tool writes them: ``delimiter``-separated, ``\\n`` line ends."""
    buffer = io.StringIO()
    csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator="\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    ).writerows(rows)
    return buffer.getvalue()


def _row_at(text: Text, position: int) -> int:
    """The data row (1-based) of byte ``position``; 0 in a header line."""
    line = text.data[:position].count(b"\n")
    return max(line - text.header_rows + 1, 0)


def _byte_origin(text: Text, position: int, *changed: int) -> tuple[int, ...] | None:
    row = _row_at(text, position)
    if row == 0 or row > text.n_rows or SPECIAL_BYTES & set(changed):
        return None
    return touched(text.n_rows, row)


def byte_flip(text: Text, rng: random.Random) -> Mutant:
    """One bit of one byte flipped (anywhere, headers included)."""
    position = rng.randrange(len(text.data))
    old = text.data[position]
    new = old ^ (1 << rng.randrange(8))
    data = text.data[:position] + bytes([new]) + text.data[position + 1 :]
    return Mutant(
        text.with_data(data),
        f"byte {position} flipped {old:#04x} -> {new:#04x}",
        _byte_origin(text, position, old, new),
    )


def byte_delete(text: Text, rng: random.Random) -> Mutant:
    """One byte deleted."""
    position = rng.randrange(len(text.data))
    old = text.data[position]
    data = text.data[:position] + text.data[position + 1 :]
    return Mutant(
        text.with_data(data),
        f"byte {position} ({old:#04x}) deleted",
        _byte_origin(text, position, old),
    )


def byte_insert(text: Text, rng: random.Random) -> Mutant:
    """One random byte inserted."""
    position = rng.randrange(len(text.data))
    new = rng.randrange(256)
    data = text.data[:position] + bytes([new]) + text.data[position:]
    return Mutant(
        text.with_data(data),
        f"byte {new:#04x} inserted at {position}",
        _byte_origin(text, position, text.data[position], new),
    )


def _data_position(text: Text, rng: random.Random) -> tuple[int, int]:
    """A random (byte position, data row) strictly inside a data line."""
    lines = text.lines
    row = rng.randrange(1, text.n_rows + 1)
    start = sum(len(line) + 1 for line in lines[: text.header_rows + row - 1])
    length = len(lines[text.header_rows + row - 1])
    return start + rng.randrange(1, max(length, 2)), row


def _insert_in_row(text: Text, rng: random.Random, piece: bytes, what: str) -> Mutant:
    position, row = _data_position(text, rng)
    data = text.data[:position] + piece + text.data[position:]
    return Mutant(text.with_data(data), f"{what} in data row {row}", touched(text.n_rows, row))


def nul_byte(text: Text, rng: random.Random) -> Mutant:
    """NUL bytes inside a data line."""
    return _insert_in_row(text, rng, b"\x00" * rng.choice((1, 1, 3)), "NUL byte")


def invalid_utf8(text: Text, rng: random.Random) -> Mutant:
    """A byte sequence that is not UTF-8 inside a data line."""
    return _insert_in_row(text, rng, rng.choice(INVALID_UTF8), "invalid UTF-8")


def _with_lines(text: Text, lines: list[bytes]) -> Text:
    return text.with_data(b"".join(line + b"\n" for line in lines))


def _line_origin(text: Text, order: list[int]) -> tuple[int, ...] | None:
    """The origin of an export whose lines are the baseline's ``order`` (0-based line numbers)."""
    if order[: text.header_rows] != list(range(text.header_rows)):
        return None
    return tuple(line - text.header_rows + 1 for line in order[text.header_rows :])


def line_delete(text: Text, rng: random.Random) -> Mutant:
    """One line deleted (a header line: every row may read differently)."""
    order = list(range(len(text.lines)))
    line = rng.randrange(len(order))
    del order[line]
    return Mutant(
        _with_lines(text, [text.lines[i] for i in order]),
        f"line {line + 1} deleted",
        _line_origin(text, order),
    )


def line_duplicate(text: Text, rng: random.Random) -> Mutant:
    """One line repeated right after itself."""
    order = list(range(len(text.lines)))
    line = rng.randrange(len(order))
    order.insert(line, line)
    return Mutant(
        _with_lines(text, [text.lines[i] for i in order]),
        f"line {line + 1} duplicated",
        _line_origin(text, order),
    )


def line_swap(text: Text, rng: random.Random) -> Mutant:
    """Two lines swapped."""
    order = list(range(len(text.lines)))
    a, b = rng.sample(order, 2)
    order[a], order[b] = b, a
    return Mutant(
        _with_lines(text, [text.lines[i] for i in order]),
        f"lines {a + 1} and {b + 1} swapped",
        _line_origin(text, order),
    )


def truncate_mid_line(text: Text, rng: random.Random) -> Mutant:
    """The file cut off inside a line (a download interrupted)."""
    position = rng.randrange(1, len(text.data) - 1)
    while text.data[position - 1 : position] == b"\n":
        position -= 1
    row = _row_at(text, position)
    origin = None if row == 0 else tuple(range(1, row)) + (0,)
    return Mutant(text.with_data(text.data[:position]), f"cut at byte {position}", origin)


def quote_unbalanced(text: Text, rng: random.Random) -> Mutant:
    """A lone quote character inside a data line."""
    position, row = _data_position(text, rng)
    data = text.data[:position] + b'"' + text.data[position:]
    return Mutant(text.with_data(data), f"a lone quote in data row {row}", None)


def quote_doubled(text: Text, rng: random.Random) -> Mutant:
    """A quote character doubled, or a pair of quotes inside a data line."""
    quotes = [i for i, byte in enumerate(text.data) if byte == ord('"')]
    if quotes and rng.random() < 0.5:
        position = rng.choice(quotes)
        data = text.data[:position] + b'"' + text.data[position:]
        return Mutant(text.with_data(data), f"quote at byte {position} doubled", None)
    position, row = _data_position(text, rng)
    data = text.data[:position] + b'""' + text.data[position:]
    return Mutant(text.with_data(data), f"a doubled quote in data row {row}", None)


def _records(text: Text) -> list[list[str]]:
    return list(
        csv.reader(io.StringIO(text.data.decode("utf-8"), newline=""), delimiter=text.delimiter)
    )


def _other_delimiter(text: Text, rng: random.Random) -> str:
    return rng.choice([d for d in (",", ";", "\t") if d != text.delimiter])


def delimiter_file(text: Text, rng: random.Random) -> Mutant:
    """The whole file written with another delimiter: every row must read as before."""
    delimiter = _other_delimiter(text, rng)
    data = write_text(tuple(map(tuple, _records(text))), delimiter, text.quote_all).encode("utf-8")
    return Mutant(
        text.with_data(data), f"delimiter {delimiter!r} for the file", identity(text.n_rows)
    )


def delimiter_line(text: Text, rng: random.Random) -> Mutant:
    """One data line written with another delimiter."""
    delimiter = _other_delimiter(text, rng)
    records = _records(text)
    row = rng.randrange(1, text.n_rows + 1)
    lines = text.lines
    line = write_text((tuple(records[text.header_rows + row - 1]),), delimiter, text.quote_all)
    lines[text.header_rows + row - 1] = line.rstrip("\n").encode("utf-8")
    return Mutant(
        _with_lines(text, lines),
        f"delimiter {delimiter!r} in data row {row}",
        touched(text.n_rows, row),
    )


def bom_add(text: Text, rng: random.Random) -> Mutant:
    """A UTF-8 byte-order mark (Excel's "CSV UTF-8"), once or twice."""
    times = rng.choice((1, 1, 2))
    return Mutant(
        text.with_data(BOMS["utf-8"] * times + text.data),
        f"{times} UTF-8 BOM(s)",
        identity(text.n_rows),
    )


def utf16(text: Text, rng: random.Random) -> Mutant:
    """Re-encoded as UTF-16 with its BOM (Excel's "Unicode text", tab-delimited or not)."""
    body = text.data.decode("utf-8")
    if rng.random() < 0.5:
        body = write_text(tuple(map(tuple, _records(text))), "\t", text.quote_all)
    little = rng.random() < 0.5
    data = body.encode("utf-16-le" if little else "utf-16-be")
    bom = b"\xff\xfe" if little else b"\xfe\xff"
    return Mutant(text.with_data(bom + data), "re-encoded UTF-16", identity(text.n_rows))


def utf16_bom_on_utf8(text: Text, rng: random.Random) -> Mutant:
    """A UTF-16 byte-order mark in front of UTF-8 text: the file is neither."""
    return Mutant(text.with_data(BOMS["utf-16"] + text.data), "UTF-16 BOM on UTF-8 text", None)


def cp1251(text: Text, rng: random.Random) -> Mutant:
    """Re-encoded as Windows-1251 (a Google Forms CSV re-saved by Russian Excel), maybe with
    ``;``."""
    body = text.data.decode("utf-8")
    if rng.random() < 0.5:
        body = write_text(tuple(map(tuple, _records(text))), ";", text.quote_all)
    try:
        data = body.encode("cp1251")
    except UnicodeEncodeError:
        return Mutant(text, "not encodable as cp1251: unchanged", identity(text.n_rows))
    return Mutant(text.with_data(data), "re-encoded cp1251", identity(text.n_rows))


def line_ends(text: Text, rng: random.Random) -> Mutant:
    """``\\r\\n`` (Windows) or ``\\r`` (old Mac) line ends: every row must read as before."""
    end = rng.choice((b"\r\n", b"\r\n", b"\r"))
    return Mutant(
        text.with_data(text.data.replace(b"\n", end)), f"line ends {end!r}", identity(text.n_rows)
    )


# --------------------------------------------------------------------------------------------
# Binary: the bytes of a workbook or an SPSS file
# --------------------------------------------------------------------------------------------


def binary_mutation(data: bytes, rng: random.Random) -> Mutant:
    """A byte flipped, deleted or inserted, or the file cut off: the container must still be
    read or stop with a message."""
    position = rng.randrange(len(data))
    how = rng.choice(("flip", "delete", "insert", "cut"))
    if how == "flip":
        mutated = (
            data[:position]
            + bytes([data[position] ^ (1 << rng.randrange(8))])
            + data[position + 1 :]
        )
    elif how == "delete":
        mutated = data[:position] + data[position + 1 :]
    elif how == "insert":
        mutated = data[:position] + bytes([rng.randrange(256)]) + data[position:]
    else:
        mutated = data[:position]
    return Mutant(mutated, f"binary {how} at byte {position} of {len(data)}", None)


# --------------------------------------------------------------------------------------------
# SPSS: cases, variable labels and value labels
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavFile:
    """An SPSS file before it is written: one list of values per variable, in order."""

    columns: tuple[tuple[str, tuple], ...]
    labels: Mapping[str, str]
    value_labels: Mapping[str, Mapping[float, str]]
    translations: Mapping[str, str]

    @property
    def n_rows(self) -> int:
        return len(self.columns[0][1])

    def column(self, name: str) -> tuple:
        return dict(self.columns)[name]

    def with_column(self, name: str, values) -> SavFile:
        return replace(
            self, columns=tuple((n, tuple(values) if n == name else v) for n, v in self.columns)
        )


def _sav_kind(name: str, labelled: Mapping[float, str]) -> str:
    """``text`` ('Other' text), ``flag`` (0/1 labels), ``single`` (other labels) or ``other``."""
    if name.endswith("_other"):
        return "text"
    if not labelled:
        return "other"
    return "flag" if set(labelled) == {0.0, 1.0} else "single"


def _sav_variables(sav: SavFile, kind: str) -> list[str]:
    """The variables of ``kind`` (see :func:`_sav_kind`), in order."""
    return [n for n, _ in sav.columns if _sav_kind(n, sav.value_labels.get(n, {})) == kind]


def _sav_value(make: Callable[[object, random.Random], object], kind: str, what: str):
    def operator(sav: SavFile, rng: random.Random) -> Mutant:
        name = rng.choice(_sav_variables(sav, kind))
        row = rng.randrange(1, sav.n_rows + 1)
        values = list(sav.column(name))
        values[row - 1] = make(values[row - 1], rng)
        return Mutant(
            sav.with_column(name, values), f"{what}: {name}, case {row}", touched(sav.n_rows, row)
        )

    return operator


def _sav_cases(sav: SavFile, order: list[int]) -> SavFile:
    return replace(
        sav, columns=tuple((n, tuple(values[r - 1] for r in order)) for n, values in sav.columns)
    )


def sav_case_order(sav: SavFile, rng: random.Random) -> Mutant:
    """A case deleted, duplicated or two swapped."""
    order = list(range(1, sav.n_rows + 1))
    row = rng.randrange(1, sav.n_rows + 1)
    how = rng.choice(("deleted", "duplicated", "swapped"))
    if how == "deleted":
        del order[row - 1]
    elif how == "duplicated":
        order.insert(row, row)
    else:
        other = rng.randrange(1, sav.n_rows + 1)
        order[row - 1], order[other - 1] = other, row
    return Mutant(_sav_cases(sav, order), f"case {row} {how}", tuple(order))


def _sav_labels(sav: SavFile, name: str, labels: Mapping[float, str]) -> SavFile:
    return replace(sav, value_labels={**sav.value_labels, name: dict(labels)})


def _sav_near_miss_label(how: str):
    def operator(sav: SavFile, rng: random.Random) -> Mutant:
        name = rng.choice(_sav_variables(sav, "single"))
        labels = dict(sav.value_labels[name])
        value = rng.choice(sorted(labels))
        labels[value] = near_miss(labels[value], how, rng, sav.translations.get(labels[value], ""))
        return Mutant(
            _sav_labels(sav, name, labels),
            f"near-miss value label ({how}): {name} = {value:g}",
            identity(sav.n_rows),
        )

    return operator


def sav_label_extra(sav: SavFile, rng: random.Random) -> Mutant:
    """A value label the codebook lacks (no case has it): every case must read as before."""
    name = rng.choice(_sav_variables(sav, "single"))
    labels = {**sav.value_labels[name], 77.0: "An option the codebook lacks"}
    return Mutant(
        _sav_labels(sav, name, labels), f"extra value label: {name} = 77", identity(sav.n_rows)
    )


def sav_label_drop(sav: SavFile, rng: random.Random) -> Mutant:
    """One value label removed (its cases then hold only the value)."""
    name = rng.choice(_sav_variables(sav, "single"))
    labels = dict(sav.value_labels[name])
    value = rng.choice(sorted(labels))
    del labels[value]
    return Mutant(_sav_labels(sav, name, labels), f"value label dropped: {name} = {value:g}", None)


def sav_variable_label(sav: SavFile, rng: random.Random) -> Mutant:
    """A variable label a little off: every case must read as before, or the run stop."""
    name = rng.choice([n for n, _ in sav.columns])
    how = rng.choice(("case", "space", "typo"))
    labels = {**sav.labels, name: near_miss(sav.labels.get(name, name), how, rng)}
    return Mutant(
        replace(sav, labels=labels),
        f"near-miss variable label ({how}): {name}",
        identity(sav.n_rows),
    )


def sav_variable_drop(sav: SavFile, rng: random.Random) -> Mutant:
    """One variable removed."""
    name = rng.choice([n for n, _ in sav.columns])
    columns = tuple((n, v) for n, v in sav.columns if n != name)
    return Mutant(replace(sav, columns=columns), f"variable {name} dropped", None)


# --------------------------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operator:
    """A mutation operator: its ``level`` (``cells``, ``text``, ``binary``, ``spss``) and
    function."""

    level: str
    apply: Callable


def _long(value: str, rng: random.Random, cells: Cells) -> str:
    seed = value or "x"
    return (seed * (LONG_CELL // len(seed) + 1))[:LONG_CELL]


def _quote_in(value: str, rng: random.Random, cells: Cells) -> str:
    at = rng.randrange(len(value) + 1)
    return value[:at] + rng.choice(('"', '""', '"x"')) + value[at:]


OPERATORS: Mapping[str, Operator] = MappingProxyType(
    {
        "cell_empty": Operator("cells", _cell_op(lambda v, r, c: "", "cell emptied")),
        "cell_long": Operator("cells", _cell_op(_long, f"cell of {LONG_CELL} characters")),
        "cell_pieces": Operator("cells", _cell_op(_pieces, f"cell of {PIECES} pieces")),
        "cell_personal": Operator(
            "cells", _cell_op(lambda v, r, c: f"{v} {PERSONAL}".strip(), "personal data in a cell")
        ),
        "cell_quote": Operator("cells", _cell_op(_quote_in, "quotes in a cell")),
        "cell_formula": Operator("cells", _cell_op(lambda v, r, c: FORMULA, "formula in a cell")),
        **{
            f"cell_near_miss_{how}": Operator("cells", _near_miss_cell(how))
            for how in ("case", "space", "typo", "language")
        },
        "semicolon_joiner": Operator("cells", semicolon_joiner),
        "row_delete": Operator("cells", row_delete),
        "row_duplicate": Operator("cells", row_duplicate),
        "row_shuffle": Operator("cells", row_shuffle),
        "column_permute": Operator("cells", column_permute),
        "header_shuffle": Operator("cells", header_shuffle),
        "header_drop": Operator("cells", header_drop),
        "header_duplicate": Operator("cells", header_duplicate),
        **{
            f"header_near_miss_{how}": Operator("cells", _near_miss_header(how))
            for how in ("case", "space", "typo", "language")
        },
        "byte_flip": Operator("text", byte_flip),
        "byte_delete": Operator("text", byte_delete),
        "byte_insert": Operator("text", byte_insert),
        "nul_byte": Operator("text", nul_byte),
        "invalid_utf8": Operator("text", invalid_utf8),
        "line_delete": Operator("text", line_delete),
        "line_duplicate": Operator("text", line_duplicate),
        "line_swap": Operator("text", line_swap),
        "truncate_mid_line": Operator("text", truncate_mid_line),
        "quote_unbalanced": Operator("text", quote_unbalanced),
        "quote_doubled": Operator("text", quote_doubled),
        "delimiter_file": Operator("text", delimiter_file),
        "delimiter_line": Operator("text", delimiter_line),
        "bom_add": Operator("text", bom_add),
        "utf16": Operator("text", utf16),
        "utf16_bom_on_utf8": Operator("text", utf16_bom_on_utf8),
        "cp1251": Operator("text", cp1251),
        "line_ends": Operator("text", line_ends),
        "binary": Operator("binary", binary_mutation),
        "sav_value_unlabelled": Operator(
            "spss", _sav_value(lambda v, r: 7.0, "single", "a value without a label")
        ),
        "sav_value_missing": Operator(
            "spss", _sav_value(lambda v, r: float("nan"), "single", "a missing value")
        ),
        "sav_flag_value": Operator(
            "spss", _sav_value(lambda v, r: r.choice((2.0, -1.0, 0.5)), "flag", "a 0/1 flag off")
        ),
        "sav_text_long": Operator(
            "spss", _sav_value(lambda v, r: "x" * 30_000, "text", "a long 'Other' text")
        ),
        "sav_text_personal": Operator(
            "spss", _sav_value(lambda v, r: f"{v} {PERSONAL}".strip(), "text", "personal data")
        ),
        "sav_case_order": Operator("spss", sav_case_order),
        **{
            f"sav_label_near_miss_{how}": Operator("spss", _sav_near_miss_label(how))
            for how in ("case", "space", "typo", "language")
        },
        "sav_label_extra": Operator("spss", sav_label_extra),
        "sav_label_drop": Operator("spss", sav_label_drop),
        "sav_variable_label": Operator("spss", sav_variable_label),
        "sav_variable_drop": Operator("spss", sav_variable_drop),
    }
)
"""Every mutation operator by name."""
