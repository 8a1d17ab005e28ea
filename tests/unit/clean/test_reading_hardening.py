"""Reading hostile text exports: cells longer than the csv module's limit, NUL bytes, a UTF-8
byte-order mark before an undecodable byte; and the messages the steps log, cut and redacted."""

from __future__ import annotations

import logging

import pytest

from smmjourney.clean.readers import read_text
from smmjourney.errors import SurveyInputError
from smmjourney.runner import run_step

LONG = 200_000
"""Longer than the csv module's default field limit (131,072 characters)."""


def test_a_cell_longer_than_the_csv_field_limit_is_read_and_its_row_placed(tmp_path):
    """A 200,000-character cell is read whole, and rows after a quoted line break keep their
    line numbers."""
    path = tmp_path / "answers.csv"
    path.write_text(f'id,text\n1,"two\nlines"\n2,{"x" * LONG}\n3,short\n', encoding="utf-8")
    grid = read_text(path)
    assert grid.strings(1).str.len().tolist() == [len("two\nlines"), LONG, len("short")]
    assert grid.where(3) == f"{path}, row 3 (line 5)"


def test_an_unclosed_quote_before_a_long_cell_is_named_not_the_field_limit(tmp_path):
    """An unclosed quote after a long cell stops the run naming the row, not the csv module's
    field limit."""
    path = tmp_path / "answers.csv"
    path.write_text(f'id,text\n1,"{"x" * LONG}"\n2,"open\n', encoding="utf-8")
    with pytest.raises(SurveyInputError) as error:
        read_text(path)
    message = str(error.value)
    assert f"{path}, row 2 (line 3): the file is not well-formed delimited text" in message
    assert "field limit" not in message


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8", "utf-16"])
def test_a_nul_byte_is_named_with_its_row_line_and_column(tmp_path, encoding):
    """A NUL byte in a cell stops the run naming NUL bytes, the row, the line and the column."""
    path = tmp_path / "answers.csv"
    path.write_bytes("Пол,Возраст\nМужской,25\nЖенский,3\x000\n".encode(encoding))
    with pytest.raises(SurveyInputError) as error:
        read_text(path)
    message = str(error.value)
    assert message.startswith(f"{path}, row 2 (line 3), column 2 ('Возраст'): found a NUL byte")
    assert "not readable text" not in message


def test_an_undecodable_byte_after_a_byte_order_mark_is_placed_exactly(tmp_path):
    """The offset of an undecodable byte counts the UTF-8 byte-order mark, and the message names
    that byte's row and column."""
    path = tmp_path / "answers.csv"
    raw = b"\xef\xbb\xbfid,answer\n1,yes\n2,n\xe9e\n"
    path.write_bytes(raw)
    with pytest.raises(SurveyInputError) as error:
        read_text(path)
    message = str(error.value)
    assert f"byte {raw.index(0xE9)} (line 3, value 0xe9)" in message
    assert "row 2 (line 3), column 2 ('answer')" in message


def _fails_with(message: str):
    def step() -> None:
        raise SurveyInputError(message)

    return step


def _run_and_capture(step, log_path, capsys) -> tuple[str, str]:
    with pytest.raises(SystemExit) as stopped:
        run_step(step, str(log_path))
    logging.shutdown()
    assert stopped.value.code == 1
    return log_path.read_text(encoding="utf-8"), capsys.readouterr().err


@pytest.fixture
def restore_logging():
    """run_step configures the root logger; put it back for the other tests."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(False)


def test_a_message_quoting_a_megabyte_is_cut_in_the_log_and_on_the_terminal(
    tmp_path, capsys, restore_logging
):
    """No line of a step's log or of its terminal output is longer than a few thousand
    characters, whatever the message."""
    log, err = _run_and_capture(
        _fails_with("x.csv, row 1, column 'q': found '" + "y" * 1_000_000 + "'"),
        tmp_path / "step.log",
        capsys,
    )
    for text in (log, err):
        assert "x.csv, row 1, column 'q': found" in text
        assert max(len(line) for line in text.splitlines()) < 4100


def test_personal_data_in_a_message_is_redacted_in_the_log_and_on_the_terminal(
    tmp_path, capsys, restore_logging
):
    """An e-mail address and a phone number in a message reach neither the log nor the
    terminal."""
    log, err = _run_and_capture(
        _fails_with("x.csv, row 3, column 'q': found 'ivan@example.com, +7 912 345-67-89'"),
        tmp_path / "step.log",
        capsys,
    )
    for text in (log, err):
        assert "found '[e-mail], [phone]'" in text
        assert "ivan@" not in text and "345-67-89" not in text
