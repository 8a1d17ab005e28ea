"""Personal data in free text: the patterns that find it and the one way it is masked.

Used for 'Other' text kept in the results (:func:`smmjourney.clean.privacy.redact`), for every
value quoted in a message (:func:`quoted`) and, as a backstop, for every line the steps log
(:func:`safe_message`), so an e-mail address or a phone number typed into an export never reaches
the terminal, ``logs/`` or ``results/``.

The patterns are tried in order (e-mail before URL, URL and IP before phone). They aim at few
false positives in survey text: prices with grouped thousands (``1 500 000 руб``), ranges of years
(``2016-2017``), dates, percentages and scale labels (``1 2 3 4 5``) are left as they are.
"""

import re

QUOTE_LIMIT = 200
MESSAGE_LIMIT = 4000

_TLDS_ALONE = (
    "com|org|net|info|biz|edu|gov|io|ai|dev|app|online|site|xyz|shop|store|ru|su|рф|kz|uz|kg|ua|by"
    "|am|az|ge|md|tj|eu|uk|de|fr|es|nl|pl|cz|ch|se|fi|dk|ee|lv|lt|tr|il|br|mx|cn|jp|tv|ly|gl"
)
"""Top-level domains taken for a web address even without a path (not English words)."""
_URL_TAIL = r"""(?:[^\s<>"'`{}|\\^\[\]]*[^\s<>"'`{}|\\^\[\].,;:!?)])?"""
_LABEL = r"[^\W_](?:[\w-]{0,62}[^\W_])?"
_NUMBER = r"\d{1,3}(?:[ \u00a0]\d{3})+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+"
_YEAR = r"(?:19|20)\d\d"
_IPV4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_H = r"[0-9a-f]{1,4}"
_IPV6 = (
    rf"::(?:ffff(?::0{{1,4}})?:)?{_IPV4}|(?:{_H}:){{1,4}}:{_IPV4}"
    rf"|(?:{_H}:){{7}}{_H}|(?:{_H}:){{1,7}}:|(?:{_H}:){{1,6}}:{_H}"
    rf"|(?:{_H}:){{1,5}}(?::{_H}){{1,2}}|(?:{_H}:){{1,4}}(?::{_H}){{1,3}}"
    rf"|(?:{_H}:){{1,3}}(?::{_H}){{1,4}}|(?:{_H}:){{1,2}}(?::{_H}){{1,5}}"
    rf"|{_H}:(?::{_H}){{1,6}}|:(?::{_H}){{1,7}}"
)

PATTERNS: dict[str, re.Pattern[str]] = {
    "[e-mail]": re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "[url]": re.compile(
        rf"(?:\b(?:https?|ftp)://|\bwww\d{{0,3}}\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)]"
        rf"|(?<![\w@./-])(?:{_LABEL}\.)+(?:"
        rf"[^\W\d_]{{2,24}}(?::\d{{2,5}})?[/?#]{_URL_TAIL}"
        rf"|(?:{_TLDS_ALONE})(?::\d{{2,5}})?(?![\w.-]*\w))",
        re.IGNORECASE,
    ),
    "[ip]": re.compile(
        rf"(?<![\w:.])(?=[0-9a-f]{{0,4}}:)(?:{_IPV6})(?![\w:]|\.\d)|\b{_IPV4}\b(?!\.\d)",
        re.IGNORECASE,
    ),
    "[handle]": re.compile(r"(?<![\w@.])@[A-Za-z_][\w.]{0,30}[A-Za-z0-9_]"),
    "[phone]": re.compile(
        rf"""
        (?<![\w.+/:-])(?<!\d[ .-])                        # not inside a word, number or time
        (?!(?:{_YEAR}(?:\s?[-–,/]\s?|\s)){{1,}}{_YEAR}(?!\d))  # years: 2016-2017
        (?!\d{{1,2}}([./-])\d{{1,2}}\1\d{{2,4}}(?!\d))      # a date: 20.03.2017
        (?!\d{{4}}-\d\d-\d\d(?!\d))                         # an ISO date
        (?!(?:{_NUMBER})(?:\s?[-–]\s?(?:{_NUMBER}))?(?![\d]|[ .-]\d))  # 1 500 000 (-2 000 000)
        (?!\d+\.\d+(?![ .-]?\(?\d))                         # a decimal number
        (?=(?:[ ().+-]*\d){{7}})                            # at least seven digits
        (?:
            \+?\d{{10,15}}                                  # all in one: 89123456789
          | (?:\+\s?)?(?:\(\d{{1,5}}\)|\d{{1,4}})            # a first group: +7, 8, (912)
            (?:(?:[ .-]{{1,2}}|(?<=\))|(?=\())(?:\(\d{{2,5}}\)|\d{{2,12}})){{1,6}}
        )
        (?![\w])
        """,
        re.VERBOSE,
    ),
}


def redact_text(text: str) -> str:
    """``text`` with e-mail addresses, URLs, IP addresses, @handles and phone numbers replaced by
    a tag.

    >>> redact_text("mail me: ivan@example.com or +7 (912) 345-67-89")
    'mail me: [e-mail] or [phone]'
    >>> redact_text('=HYPERLINK("https://example.com/a","books"), t.me/ivan, 415.555.0134')
    '=HYPERLINK("[url]","books"), [url], [phone]'
    """
    for tag, pattern in PATTERNS.items():
        text = pattern.sub(tag, text)
    return text


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the whole length stated when it is cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} characters)"


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as a message quotes it: redacted, ``repr``-quoted and cut to about ``limit``
    characters (the length of the whole value stated when it is cut).

    The whole value is redacted before it is cut, so no part of an address or a number at the
    cut can slip through.

    >>> quoted("Food;Travel")
    "'Food;Travel'"
    >>> quoted("x" * 1000, limit=10)
    "'xxxxxxxxxx...' (1000 characters)"
    """
    text = value if isinstance(value, str) else str(value)
    redacted = redact_text(text)
    if len(redacted) <= limit:
        return repr(redacted)
    return f"{redacted[:limit] + '...'!r} ({len(text)} characters)"


def safe_message(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` (a message, a log line or a traceback) redacted, each of its lines cut to
    ``limit`` characters: what the steps write to a log or the terminal.

    >>> safe_message("found 'ivan@example.com'")
    "found '[e-mail]'"
    >>> safe_message("y" * 50, limit=20)
    'yyyyyyyyyyyyyyyyyyyy... (50 characters)'
    """
    return "\n".join(_cut(line, limit) for line in redact_text(text).split("\n"))
