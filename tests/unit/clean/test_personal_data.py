"""Personal data in text: what the patterns mask, what survey text they leave alone, how messages
quote a value, and a salt that many runs can create at once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pandas as pd
import pytest

from smmjourney.clean.privacy import load_salt, redact
from smmjourney.personal_data import QUOTE_LIMIT, quoted, redact_text, safe_message

PERSONAL = {
    "[e-mail]": ["ivan.petrov@example.com", "anna+survey@mail.example.org"],
    "[phone]": [
        "+7 (912) 345-67-89",
        "8 912 345 67 89",
        "89123456789",
        "415.555.0134",
        "(415) 555-0134",
        "+44 20 7946 0958",
        "345-67-89",
    ],
    "[ip]": ["203.0.113.17", "2001:db8::1", "fe80::1ff:fe23:4567:890a", "::ffff:192.0.2.1"],
    "[url]": [
        "https://vk.com/id1",
        "www.example.com",
        "example.com/page",
        "t.me/handle",
        "vk.com/id123",
        "ivanpetrov.ru",
    ],
    "[handle]": ["@ivan_petrov", "@anna.s"],
}
SURVEY_TEXT = [
    "1 500 руб",
    "1 500 000 руб",
    "15 000-20 000 руб",
    "2016-2017",
    "2015, 2016, 2017",
    "45%",
    "10-15%",
    "20.03.2017",
    "2017-03-20 10:00:00",
    "1 - Strongly disagree, 5 - Strongly agree",
    "1 2 3 4 5 6 7",
    "3.14159265",
    "Совершенно не согласен",
    "Node.js, e.g. Vue.js",
    "data/raw/thesis2017/responses_en.csv, row 3 (line 4)",
]


@pytest.mark.parametrize(
    "tag, value", [(tag, value) for tag, values in PERSONAL.items() for value in values]
)
def test_personal_data_in_text_is_replaced_by_its_tag(tag, value):
    """Each kind of personal data typed into free text is replaced by its tag, the words around
    it kept."""
    assert redact_text(f"write to {value} today") == f"write to {tag} today"


@pytest.mark.parametrize("text", SURVEY_TEXT)
def test_prices_years_dates_percentages_and_scale_labels_survive(text):
    """Survey text that merely looks like numbers or addresses is left as it is."""
    assert redact_text(text) == text


def test_a_url_ends_where_the_formula_quotes_it():
    """A URL inside a spreadsheet formula is masked without the text after it."""
    assert redact_text('=HYPERLINK("https://example.com/a","books")') == (
        '=HYPERLINK("[url]","books")'
    )


def test_other_text_is_redacted_with_the_same_patterns():
    """The 'Other' text kept in the results is masked with every pattern (dotted phones, bare
    URLs, IPv6, handles)."""
    texts = pd.Series(["call 415.555.0134", "t.me/ivan", "from 2001:db8::1", "@ivan_p", "Food"])
    assert redact(texts).tolist() == ["call [phone]", "[url]", "from [ip]", "[handle]", "Food"]


def test_a_quoted_megabyte_is_cut_with_its_length():
    """A quoted value is cut to the quote limit and states its whole length."""
    value = "x" * 1_000_000
    text = quoted(value)
    assert len(text) < QUOTE_LIMIT + 40
    assert text.endswith(f"({len(value)} characters)")


def test_an_address_at_the_cut_does_not_slip_through():
    """An e-mail address that a cut would split is masked, not shown in part."""
    text = quoted("x " * (QUOTE_LIMIT // 2 - 3) + "ivan.petrov@example.com" + " y" * 500)
    assert "ivan" not in text and "@" not in text


def test_a_logged_message_is_redacted_and_no_line_is_overlong():
    """What the steps log is redacted and cut line by line."""
    message = "found 'ivan.petrov@example.com' " + "z" * 100_000 + "\nnext line"
    safe = safe_message(message, limit=4000)
    lines = safe.split("\n")
    assert "ivan.petrov" not in safe and "[e-mail]" in lines[0]
    assert max(len(line) for line in lines) < 4000 + 40
    assert lines[1] == "next line"


def _salt_in_process(path: str, barrier, results) -> None:
    barrier.wait()
    try:
        results.put(load_salt(path, workdir="/nonexistent-workdir").decode("ascii"))
    except Exception as error:  # noqa: BLE001 - the test reports every failure
        results.put(f"{type(error).__name__}: {error}")


@pytest.mark.parametrize("attempt", range(3))
def test_many_runs_starting_together_share_one_salt(tmp_path, attempt):
    """Processes that all find no salt and create it at once all get the same complete salt."""
    context = multiprocessing.get_context("fork")
    path = tmp_path / "config" / "smmjourney" / "salt"
    workers = 24
    barrier, results = context.Barrier(workers), context.Queue()
    processes = [
        context.Process(target=_salt_in_process, args=(str(path), barrier, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    salts = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert len(set(salts)) == 1, sorted(set(salts))
    assert salts[0] == Path(path).read_text(encoding="ascii").strip()
    assert [p.name for p in path.parent.iterdir()] == ["salt"]
