"""Personal data in free text: the patterns that find it and the one way it is masked.

Used for 'Other' text kept in the results (:func:`smmjourney.clean.privacy.redact`) and for every
value quoted in a message or a log (:func:`quoted`), so an e-mail address or a phone number typed
into an export never reaches the terminal, ``logs/`` or ``results/``.
"""

import re

QUOTE_LIMIT = 200

PATTERNS: dict[str, re.Pattern[str]] = {
    "[e-mail]": re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
    "[url]": re.compile(r"https?://\S+|www\.\S+"),
    "[ip]": re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b"),
    "[phone]": re.compile(r"(?<!\w)\+?\d[\d ()-]{6,}\d(?!\w)"),
}


def redact_text(text: str) -> str:
    """``text`` with e-mail addresses, URLs, IP addresses and phone numbers replaced by a tag.

    >>> redact_text("mail me: ivan@example.com or +7 (912) 345-67-89")
    'mail me: [e-mail] or [phone]'
    """
    for tag, pattern in PATTERNS.items():
        text = pattern.sub(tag, text)
    return text


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as a message quotes it: redacted, ``repr``-quoted and cut to about ``limit``
    characters (the length of the whole value stated when it is cut).

    >>> quoted("Food;Travel")
    "'Food;Travel'"
    >>> quoted("x" * 1000, limit=10)
    "'xxxxxxxxxx...' (1000 characters)"
    """
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return repr(redact_text(text))
    head = redact_text(text[: limit + 100])[:limit]
    return f"{head + '...'!r} ({len(text)} characters)"
