"""Reading export files into a :class:`Grid`: header rows and data cells, whatever the file type.

A text export (CSV or TSV) is read with pyarrow in one pass, every column dictionary-encoded so
that later steps map each column's distinct values once. Its encoding (UTF-8 with or without
BOM, UTF-16 with BOM as Excel writes it, cp1251) and delimiter (``,`` ``;`` tab) are detected
unless the configuration names them. A workbook (``.xlsx``) is read with openpyxl and an SPSS
``.sav`` file with pyreadstat (value labels applied). Every malformed file stops the run with a
:class:`SurveyInputError` naming the file, the row and line, what was found and what was expected.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from smmjourney.errors import SurveyInputError
from smmjourney.personal_data import quoted
from smmjourney.text import normalize_text

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
SAMPLE_BYTES = 1 << 20
UTF8_BOM = b"\xef\xbb\xbf"
ZIP_MAGIC = b"PK\x03\x04"
SAV_MAGIC = (b"$FL2", b"$FL3")
# Headers of columns with (nearly) one value per respondent: read as plain text, not
# dictionary-encoded.
PLAIN_HEADERS = re.compile(
    r"^(timestamp|отметка времени|start ?date|end ?date|submit ?date|recorded ?date|datestamp|"
    r"date submitted|submitted at|"
    r"(respondent|response|collector) ?id|id|ip ?addr(ess)?|e-?mail( address)?|"
    r"адрес электронной почты|duration.*|interviewtime|"
    r"(recipient ?)?(first|last) ?name|recipientemail|location ?(latitude|longitude)|seed|token)$"
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[A-Za-z\u0400-\u04ff]+")
_LETTER_OR_PUNCT = re.compile(
    r"[\u0400-\u04ff\u00ab\u00bb\u2013\u2014\u2116\u201c\u201d\u201e\u2018\u2019\u00a0\u2026\u00b0]"
)


@dataclass
class Grid:
    """The cells of one export: its header rows and its data rows, with what reading found.

    ``table`` holds one dictionary-encoded string column per file column (empty cells are
    ``""``); ``headers`` one list of column titles per header row. Row numbers in messages are
    1-based data rows; :meth:`line_of` gives the file line (text), sheet row (workbook) or case
    number (SPSS) where a data row is.
    """

    path: str
    kind: str
    headers: list[list[str]]
    table: pa.Table
    encoding: str = ""
    encoding_how: str = ""
    delimiter: str = ""
    delimiter_how: str = ""
    sheet: str = ""
    trailing_blank_rows: int = 0
    value_labels: dict[int, dict[str, str]] = field(default_factory=dict)
    _first_line: int = 0
    _line_starts: np.ndarray | None = field(default=None, repr=False)
    _line_loader: Callable[[], np.ndarray] | None = field(default=None, repr=False)

    def _exact_lines(self) -> np.ndarray | None:
        if self._line_starts is None and self._line_loader is not None:
            self._line_starts, self._line_loader = self._line_loader(), None
        return self._line_starts

    @property
    def n_rows(self) -> int:
        return self.table.num_rows

    @property
    def n_columns(self) -> int:
        return self.table.num_columns

    @property
    def line_word(self) -> str:
        return {"text": "line", "workbook": "sheet row", "spss": "case"}[self.kind]

    def line_of(self, row: int) -> int:
        """The file line (sheet row, case) where 1-based data row ``row`` starts."""
        starts = self._exact_lines()
        if starts is None:
            return self._first_line + row - 1
        return int(starts[row - 1])

    def lines(self) -> np.ndarray:
        """:meth:`line_of` for every data row."""
        starts = self._exact_lines()
        if starts is None:
            return np.arange(self._first_line, self._first_line + self.n_rows, dtype=np.int64)
        return starts[: self.n_rows].astype(np.int64)

    def where(self, row: int) -> str:
        """``file, row r (line l)`` for messages (with the sheet for a workbook)."""
        sheet = f", sheet {quoted(self.sheet)}" if self.sheet else ""
        return f"{self.path}{sheet}, row {row} ({self.line_word} {self.line_of(row)})"

    def column(self, position: int) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) of a column: ``values[indices]`` are its cells, one per data row."""
        data = self.table.column(position)
        if not pa.types.is_dictionary(data.type):
            data = pa.chunked_array([data.combine_chunks().dictionary_encode()])
        chunks = data.chunks
        if not chunks:
            return np.zeros(0, dtype=np.int32), np.array([""], dtype=object)
        values = chunks[0].dictionary.to_numpy(zero_copy_only=False).astype(object)
        indices = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks]).astype(
            np.int32, copy=False
        )
        return indices, values

    def strings(self, position: int) -> pd.Series:
        """The cells of a column as a string Series (stripped)."""
        data = self.table.column(position)
        if not pa.types.is_dictionary(data.type):
            return pd.Series(data.to_pandas(), dtype="str").str.strip()
        indices, values = self.column(position)
        stripped = np.array([str(v).strip() for v in values], dtype=object)
        return pd.Series(stripped[indices], dtype="str")


def _existing_file(path: str | Path, expected: str, allow_empty: bool = False) -> Path:
    """``path`` as a Path, or a message that it is missing or (unless ``allow_empty``) empty."""
    path = Path(path)
    if not path.is_file():
        raise SurveyInputError(
            f"{path}: the file does not exist (the configuration names it as a source)."
        )
    if not allow_empty and path.stat().st_size == 0:
        raise SurveyInputError(f"{path}: the file is empty; expected {expected}.")
    return path


def _csv_rows(text: str, delimiter: str, strict: bool = False):
    """A :func:`csv.reader` over ``text`` that accepts fields as long as the text itself (the
    module's default limit is 131,072 characters)."""
    if len(text) >= csv.field_size_limit():
        csv.field_size_limit(len(text) + 1)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)


def _place(text: str, header_rows: int) -> str:
    """Where the character just after ``text`` (the start of a file, decoded) lies:
    ``row r (line l), column c (name)``, or the header row for a character in the headers."""
    first_line = text.split("\n", 1)[0]
    delimiter = detect_delimiter(first_line)[0]
    reader = _csv_rows(text + "\x01", delimiter)
    records, fields, header = 0, [""], []
    for fields in reader:
        if fields:
            records += 1
            if records == 1:
                header = fields
    line = text.count("\n") + 1
    column = len(fields)
    name = f" ({quoted(header[column - 1])})" if records > 1 and column <= len(header) else ""
    if records <= header_rows:
        row = "the header" if header_rows == 1 else f"header row {records}"
        return f"{row} (line {line}), column {column}{name}"
    return f"row {records - header_rows} (line {line}), column {column}{name}"


def _decode_error(
    path: Path,
    raw: bytes,
    encoding: str,
    error: UnicodeDecodeError,
    configured: bool,
    header_rows: int = 1,
) -> SurveyInputError:
    """The message for bytes that are not ``encoding`` text, with the offset of the first bad
    byte from the start of the file (counting a UTF-8 byte-order mark) and its row and column."""
    start = error.start
    if encoding.replace("_", "-").lower() in {"utf-8-sig", "utf8-sig"} and raw.startswith(UTF8_BOM):
        start += len(UTF8_BOM)
    prefix = raw[:start].decode(encoding, errors="replace").lstrip("\ufeff")
    line = prefix.count("\n") + 1
    place = _place(prefix, header_rows)
    if configured:
        return SurveyInputError(
            f"{path}: the file is not valid {encoding} text (byte {start} cannot be decoded, "
            f"line {line}), in {place}; set the source's encoding in the configuration to the one "
            "the file was saved in (for example cp1251 or utf-16), or remove it to let the "
            "workflow detect it."
        )
    return SurveyInputError(
        f"{path}: the file is not readable text: byte {start} (line {line}, value "
        f"0x{raw[start]:02x}) is neither UTF-8 nor UTF-16 nor Cyrillic cp1251 text, in {place}; "
        "expected a text export (CSV or TSV). If you know its encoding, name it in the source's "
        "configuration (key encoding)."
    )


def _nul_error(path: Path, text: str, position: int, header_rows: int) -> SurveyInputError:
    """The message for a NUL character at ``position`` of the decoded ``text`` of a file."""
    return SurveyInputError(
        f"{path}, {_place(text[:position], header_rows)}: found a NUL byte (a zero byte); "
        "expected text, which never holds NUL bytes. The "
        "file was damaged or written by a program that pads with zero bytes: remove them (open "
        "and save the file in a text editor) or export the file again."
    )


def _looks_cyrillic(text: str) -> bool:
    """Whether ``text`` reads as Cyrillic: its non-ASCII characters are (almost all) Cyrillic
    letters and typography, and its words are not Latin and Cyrillic letters mixed (as Latin-1
    text decoded as cp1251 would be: 'Fйmдlй')."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    good = sum(1 for c in non_ascii if _LETTER_OR_PUNCT.match(c))
    words = [w for w in _WORD.findall(text) if _CYRILLIC.search(w)]
    mixed = sum(1 for w in words if re.search(r"[A-Za-z]", w))
    return good >= 0.95 * len(non_ascii) and bool(words) and mixed <= 0.1 * len(words)


def is_utf8(raw: bytes) -> bool:
    """Whether ``raw`` is valid UTF-8, checked by Arrow without decoding (20× faster than
    ``bytes.decode`` on a large export).

    >>> is_utf8("Отметка".encode()), is_utf8("Отметка".encode("cp1251"))
    (True, False)
    """
    offsets = pa.py_buffer(np.array([0, len(raw)], dtype=np.int64))
    try:
        pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(raw)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def detect_encoding(
    raw: bytes, path: Path, configured: str = "auto", header_rows: int = 1
) -> tuple[str, str]:
    """The encoding of an export and how it was found (``detected`` or ``configured``).

    Detection: a byte-order mark says UTF-8 (``utf-8-sig``) or UTF-16; NUL bytes in every other
    position say UTF-16 without a mark; otherwise the bytes must decode as UTF-8, or read as
    Cyrillic cp1251 text (NUL bytes aside: :func:`read_text` names them). Anything else is an
    error naming the first undecodable byte, its row and its column.

    >>> detect_encoding("Отметка".encode("cp1251"), Path("x.csv"))
    ('cp1251', 'detected')
    """
    if configured and configured != "auto":
        try:
            raw.decode(configured)
        except LookupError:
            raise SurveyInputError(
                f"{path}: the configured encoding {configured!r} is unknown; expected a name such "
                "as utf-8, cp1251 or utf-16."
            ) from None
        except UnicodeDecodeError as error:
            raise _decode_error(path, raw, configured, error, True, header_rows) from None
        return configured, "configured"
    if raw.startswith(UTF8_BOM):
        encoding = "utf-8-sig"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(raw) >= 4 and raw[1:200:2].count(0) > 0.9 * len(raw[1:200:2]):
        encoding = "utf-16-le"
    elif len(raw) >= 4 and raw[0:200:2].count(0) > 0.9 * len(raw[0:200:2]):
        encoding = "utf-16-be"
    else:
        if is_utf8(raw):
            return "utf-8", "detected"
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            utf8_error = error
        try:
            text = raw.decode("cp1251")
        except UnicodeDecodeError:
            raise _decode_error(path, raw, "utf-8", utf8_error, False, header_rows) from None
        if not _looks_cyrillic(text[:SAMPLE_BYTES].replace("\x00", "")):
            raise _decode_error(path, raw, "utf-8", utf8_error, False, header_rows) from None
        return "cp1251", "detected"
    try:
        raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise _decode_error(path, raw, encoding, error, False, header_rows) from None
    return encoding, "detected"


def detect_delimiter(first_line: str, configured: str = "auto") -> tuple[str, str]:
    """The field delimiter: the configured one, or whichever of ``,`` ``;`` tab is most frequent
    outside quotes in the first line (``,`` when none occurs).

    >>> detect_delimiter('id;submitdate;"Q1, with comma"')
    (';', 'detected')
    """
    if configured and configured != "auto":
        return configured, "configured"
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return (best if counts[best] else ","), "detected"


def _record_lines(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """Every CSV record of ``text`` with the line it starts on, blank lines skipped.

    Strict: an unclosed quote raises :class:`csv.Error` (with the records read so far attached).
    """
    reader = _csv_rows(text, delimiter, strict=True)
    records: list[list[str]] = []
    starts: list[int] = []
    previous_end = 0
    try:
        for fields in reader:
            if fields:
                records.append(fields)
                starts.append(previous_end + 1)
            previous_end = reader.line_num
    except csv.Error as error:
        error.records, error.starts, error.line = records, starts, previous_end + 1  # type: ignore[attr-defined]
        raise
    return records, starts


def _diagnose_text(
    path: Path, text: str, delimiter: str, header_rows: int, width: int, hint: str
) -> None:
    """Find what made the fast reader fail and raise a message naming the row and line."""
    try:
        records, starts = _record_lines(text, delimiter)
    except csv.Error as error:
        row = len(error.records) - header_rows + 1  # type: ignore[attr-defined]
        raise SurveyInputError(
            f"{path}, row {row} (line {error.line}): "  # type: ignore[attr-defined]
            f"the file is not well-formed delimited text ({error}); "
            "expected every quoted field to be closed, as in a complete export (the last row may "
            "be truncated)."
        ) from None
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()
        starts.pop()
    for number, (fields, line) in enumerate(
        zip(records[header_rows:], starts[header_rows:], strict=False), start=1
    ):
        if len(fields) != width:
            kind = "is truncated" if len(fields) < width else "has too many fields"
            raise SurveyInputError(
                f"{path}, row {number} (line {line}): the row {kind}: found {len(fields)} fields, "
                f"expected {width} as in the header."
            )
    raise SurveyInputError(
        f"{path}: the file could not be read as delimited text ({hint}); expected {width} fields "
        "on every row."
    )


def _dictionary_table(columns: list[list[str]] | list[np.ndarray]) -> pa.Table:
    arrays = [
        pa.array(
            list(values) if not isinstance(values, np.ndarray) else values, type=pa.string()
        ).dictionary_encode()
        for values in columns
    ]
    return pa.Table.from_arrays(arrays, names=[f"f{i}" for i in range(len(arrays))])


def _strip_trailing_blank(table: pa.Table) -> tuple[pa.Table, int]:
    """Drop data rows at the end whose cells are all blank; return the table and how many."""
    keep = table.num_rows
    while keep > 0 and all(
        not str(table.column(i)[keep - 1].as_py() or "").strip() for i in range(table.num_columns)
    ):
        keep -= 1
    return table.slice(0, keep), table.num_rows - keep


def read_text(
    path: str | Path, header_rows: int = 1, encoding: str = "auto", delimiter: str = "auto"
) -> Grid:
    """Read a delimited text export whose first ``header_rows`` records are headers.

    Raises :class:`SurveyInputError` for a missing or empty file, undecodable text, a file with
    headers but no respondents, an unclosed quote, and any row whose field count differs from
    the header's (a truncated or an overlong row), naming the row and its line.
    """
    path = _existing_file(path, "a header line and one row per respondent", allow_empty=True)
    raw = path.read_bytes()
    encoding, encoding_how = detect_encoding(raw, path, encoding, header_rows)
    sample = raw[:SAMPLE_BYTES].decode(encoding, errors="ignore")
    if not sample.strip().strip("\ufeff"):
        raise SurveyInputError(
            f"{path}: the file is empty; expected a header line and one row per respondent."
        )
    first_line = sample.lstrip("\ufeff").splitlines()[0] if sample.strip() else ""
    delimiter, delimiter_how = detect_delimiter(first_line, delimiter)
    text_cache: list[str] = []

    def text() -> str:
        if not text_cache:
            text_cache.append(raw.decode(encoding).lstrip("\ufeff"))
        return text_cache[0]

    nul = text().find("\x00") if encoding.startswith("utf-16") or b"\x00" in raw else -1
    if nul >= 0:
        raise _nul_error(path, text(), nul, header_rows)
    head: list[str] = []
    try:
        for head in _csv_rows(sample.lstrip("\ufeff"), delimiter):
            if head:
                break
    except csv.Error:
        pass
    width = len(head)
    invalid: list[object] = []

    def on_invalid(row) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(raw),
            read_options=pacsv.ReadOptions(
                autogenerate_column_names=True,
                encoding="utf8" if encoding.startswith("utf-8") else encoding,
                block_size=1 << 24,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={
                    f"f{i}": pa.string()
                    if PLAIN_HEADERS.search(normalize_text(name))
                    else pa.dictionary(pa.int32(), pa.string())
                    for i, name in enumerate(head or [""])
                },
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException) as error:
        _diagnose_text(path, text(), delimiter, header_rows, width, str(error))
    if invalid or table.num_columns != width:
        _diagnose_text(
            path, text(), delimiter, header_rows, width, "rows with another number of fields"
        )
    quotes = text().count('"') if encoding.startswith("utf-16") else raw.count(b'"')
    if quotes % 2:
        _diagnose_text(
            path, text(), delimiter, header_rows, width, "an odd number of quote characters"
        )
    table = table.unify_dictionaries()
    if table.num_rows < header_rows:
        found = "one line" if table.num_rows == 1 else f"{table.num_rows} lines"
        raise SurveyInputError(
            f"{path}: the file has {found} but this export layout has {header_rows} header rows; "
            f"expected {header_rows} header rows and one row per respondent below them."
        )
    headers = [
        [str(table.column(i)[r].as_py() or "").strip() for i in range(table.num_columns)]
        for r in range(header_rows)
    ]
    body, trailing = _strip_trailing_blank(table.slice(header_rows))
    if body.num_rows == 0:
        what = "a header" if header_rows == 1 else f"its {header_rows} header rows"
        raise SurveyInputError(
            f"{path}: the file has {what} but no respondents; expected one row per respondent "
            "below the header."
        )
    grid = Grid(
        str(path),
        "text",
        headers,
        body,
        encoding,
        encoding_how,
        delimiter,
        delimiter_how,
        trailing_blank_rows=trailing,
        _first_line=header_rows + 1,
    )
    records = header_rows + body.num_rows + trailing
    if (
        encoding.startswith("utf-16")
        or b"\r" in raw[:SAMPLE_BYTES]
        and b"\r\n" not in raw[:SAMPLE_BYTES]
    ):
        lines = text().count("\n") + (0 if text().endswith("\n") else 1)
    else:
        lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if lines != records:
        # quoted line breaks or blank lines: number the lines with the csv module when needed
        def loader() -> np.ndarray:
            return np.asarray(_record_lines(text(), delimiter)[1][header_rows:], dtype=np.int64)

        grid._line_loader = loader
    return grid


def _cell_text(value) -> str:
    """A workbook or SPSS cell as the text an export would hold."""
    if value is None:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value).strip()


def read_workbook(path: str | Path, sheet: str | None = None, header_rows: int = 1) -> Grid:
    """Read one sheet of an ``.xlsx`` workbook (the first when ``sheet`` is not given).

    A sheet the workbook lacks is an error naming the sheets it has; a file that is no workbook,
    or whose parts cannot be unpacked or parsed (a damaged download), is an error naming it.
    """
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    damaged = (
        InvalidFileException,
        zipfile.BadZipFile,
        zlib.error,
        ParseError,
        EOFError,
        OSError,
        KeyError,
        IndexError,
        ValueError,
        TypeError,
        AttributeError,
    )

    def not_a_workbook(error: Exception) -> SurveyInputError:
        return SurveyInputError(
            f"{path}: the file is not an Excel .xlsx workbook ({type(error).__name__}: "
            f"{quoted(str(error))}); "
            "expected a workbook saved by Excel or the survey tool."
        )

    path = _existing_file(path, "an Excel workbook with a header row and one row per respondent")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except damaged as error:
        raise not_a_workbook(error) from None
    names = list(workbook.sheetnames)
    if sheet is None:
        sheet = names[0]
    elif sheet not in names:
        workbook.close()
        raise SurveyInputError(
            f"{path}: the workbook has no sheet {quoted(sheet)}; it has the sheets "
            f"[{', '.join(quoted(name) for name in names[:20])}]"
            f"{f' and {len(names) - 20} more' if len(names) > 20 else ''}. Set the "
            "source's sheet to one of them."
        )
    try:
        rows = [
            tuple(_cell_text(v) for v in row) for row in workbook[sheet].iter_rows(values_only=True)
        ]
    except damaged as error:
        raise not_a_workbook(error) from None
    finally:
        workbook.close()
    width = max((len(r) for r in rows), default=0)
    while width and all(not r[width - 1] if len(r) >= width else True for r in rows):
        width -= 1
    rows = [tuple(r[:width]) + ("",) * (width - len(r)) for r in rows]
    first = 0
    while first < len(rows) and not any(rows[first]):
        first += 1
    rows = rows[first:]
    where = f"{path}, sheet {quoted(sheet)}"
    if not rows or width == 0:
        raise SurveyInputError(
            f"{where}: the sheet is empty; expected a header row and one row per respondent."
        )
    if len(rows) < header_rows:
        raise SurveyInputError(
            f"{where}: the sheet has {len(rows)} row(s) but this export layout has {header_rows} "
            "header rows; expected them and one row per respondent."
        )
    headers = [list(r) for r in rows[:header_rows]]
    data = rows[header_rows:]
    trailing = 0
    while data and not any(data[-1]):
        data.pop()
        trailing += 1
    if not data:
        raise SurveyInputError(
            f"{where}: the sheet has a header but no respondents; expected one row per "
            "respondent below the header."
        )
    columns = [np.array([r[i] for r in data], dtype=object) for i in range(width)]
    return Grid(
        str(path),
        "workbook",
        headers,
        _dictionary_table(columns),
        sheet=sheet,
        trailing_blank_rows=trailing,
        _first_line=first + header_rows + 1,
    )


def read_spss(path: str | Path) -> Grid:
    """Read an SPSS ``.sav`` file: header rows are variable names and variable labels, cells the
    value labels where the variable has them (else the value; a blank label counts as none, so the
    cases with that value keep it instead of reading as unanswered)."""
    import pyreadstat

    path = _existing_file(path, "an SPSS .sav file with one case per respondent")
    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=False)
    except Exception as error:  # pyreadstat raises its own exception types for unreadable files
        raise SurveyInputError(
            f"{path}: the file is not a readable SPSS .sav file ({type(error).__name__}: "
            f"{quoted(str(error))}); "
            "expected a .sav file saved by SPSS or the survey tool."
        ) from None
    if len(frame) == 0:
        raise SurveyInputError(
            f"{path}: the file has variables but no cases; expected one case per respondent."
        )
    names = list(frame.columns)
    labels = [meta.column_names_to_labels.get(name) or name for name in names]
    columns, value_labels = [], {}
    for position, name in enumerate(names):
        series = frame[name]
        labelled = {
            value: label
            for value, label in meta.variable_value_labels.get(name, {}).items()
            if str(label).strip()
        }
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        texts = []
        for value in uniques:
            label = labelled.get(value) if labelled else None
            if label is not None:
                texts.append(str(label).strip())
            else:
                texts.append(_cell_text(value))
        lookup = np.array([*texts, ""], dtype=object)
        columns.append(lookup[np.where(codes < 0, len(texts), codes)])
        if labelled:
            value_labels[position] = {_cell_text(k): str(v) for k, v in labelled.items()}
    headers = [names, labels]
    return Grid(
        str(path),
        "spss",
        headers,
        _dictionary_table(columns),
        value_labels=value_labels,
        _first_line=1,
    )


def file_kind(path: str | Path) -> str:
    """``workbook``, ``spss`` or ``text`` by the file's first bytes (``missing`` if absent)."""
    path = Path(path)
    if not path.is_file():
        return "missing"
    with path.open("rb") as handle:
        start = handle.read(4)
    if start == ZIP_MAGIC:
        return "workbook"
    if start in SAV_MAGIC:
        return "spss"
    return "text"
