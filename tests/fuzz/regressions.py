"""Failing seeds the fuzzer found, committed as regression cases.

Each :class:`Regression` is a case that once failed and what it did then (``found``); ``xfail``
names the defect of issue #10 being fixed when the case is one of them (the test is then expected
to fail until the fix lands, strictly).
"""

from __future__ import annotations

from dataclasses import dataclass

from fuzz.cases import Case


@dataclass(frozen=True)
class Regression:
    case: Case
    found: str
    xfail: str = ""


REGRESSIONS: tuple[Regression, ...] = (
    Regression(
        Case("google_forms", "en", "semicolon_joiner", 0),
        "defect 2 on 37385c5: 'Products I already use;Products with \"good\" reviews' read as "
        "'Other' text (q_prizes = 9) instead of options 2 and 3",
    ),
    Regression(
        Case("google_forms", "ru", "cell_pieces", 1106),
        "defect 4 on 37385c5: a q_prizes cell of 3,000 pieces ('Other' text among labels) is not "
        "cleaned within 20 s",
    ),
    Regression(
        Case("google_forms_xlsx", "ru", "cell_long", 0),
        "defect 7 on 37385c5: a 200,000-character cell gives a 33,161-character message",
    ),
    Regression(
        Case("limesurvey", "ru", "cell_pieces", 1),
        "defect 7 on 37385c5: a cell of 3,000 pieces gives a 44,363-character message",
    ),
    Regression(
        Case("surveymonkey_xlsx", "ru", "cell_personal", 0),
        "defect 13 on 37385c5: the message quotes the e-mail address typed into a cell",
    ),
    Regression(
        Case("excel", "en", "binary", 331),
        "a corrupt .xlsx (one byte flipped in a deflated sheet) escapes as zlib.error: Error -3 "
        "while decompressing data, from openpyxl's worksheet reader, naming no file",
    ),
    Regression(
        Case("google_forms_xlsx", "ru", "binary", 2),
        "a corrupt .xlsx escapes as zlib.error (zipfile.read)",
    ),
    Regression(
        Case("excel", "en", "header_near_miss_typo", 0),
        "header 'q_chanel' (typo of q_channel) is an unmatched column, but 'q_channel [other]' "
        "counts q_channel as matched: every respondent's q_channel answer is dropped, though "
        "every question is required",
    ),
    Regression(
        Case("csv", "ru", "header_near_miss_typo", 754),
        "header 'q_przes' (typo of q_prizes) beside 'q_prizes [other]': every q_prizes answer "
        "dropped, the run succeeds",
    ),
    Regression(
        Case("csv", "ru", "header_near_miss_typo", 0),
        "header 'q_channe [other]' is an unmatched column: the 'Other' text of q_channel is "
        "dropped while the answer 'Other' (9) is kept",
    ),
    Regression(
        Case("spss", "en", "sav_label_near_miss_typo", 1197),
        "an empty value label of q_trust = 2: the cases with value 2 are read as no answer, and "
        "the warning says no case has the value",
    ),
)
