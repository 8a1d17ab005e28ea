"""Property: random exports in every layout conserve rows, and cross-tabs count what was generated.

Hypothesis generates respondents (answers with 'Other' text, empty and incomplete responses,
exclusive answers combined with others), writes them in one tool's layout and language, cleans
them, and checks that rows read = rows kept + rows quarantined, that the quarantine is exactly
the respondents the rules should catch, and that ``smmjourney.counting.crosstabs`` counts every
option as often as the generated kept respondents chose it.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmjourney.clean.coding import clean_sources
from smmjourney.crosstabs.counting import crosstabs
from smmjourney.plan.codebook import codebook_from_dict
from survey_exports import (
    FORMATS,
    START,
    TEST_CODEBOOK,
    Person,
    other_code,
    source_for,
    write_export,
)

BOOK = codebook_from_dict(TEST_CODEBOOK, "property-codebook")
QUESTIONS = list(BOOK.questions)
EXCLUSIVE = {q: {o.code for o in BOOK.questions[q].options if o.exclusive} for q in QUESTIONS}
OTHER_TEXT = st.one_of(
    st.sampled_from(["TikTok", "Cars, of course", "радио и ТВ"]),
    st.text(alphabet="abxyzабвгд", min_size=1, max_size=8),
)


@st.composite
def respondent(draw) -> Person:
    person = Person({})
    for question_id in QUESTIONS:
        question = BOOK.questions[question_id]
        if question.is_multiple:
            chosen = draw(st.lists(st.sampled_from(question.codes), max_size=4, unique=True))
        else:
            chosen = draw(st.lists(st.sampled_from(question.codes), max_size=1))
        if chosen:
            person.answers[question_id] = chosen
            if other_code(question) in chosen:
                person.other[question_id] = draw(OTHER_TEXT)
    return person


def expected_rules(person: Person) -> set[str]:
    answered = len(person.answers)
    rules = set()
    if not answered:
        rules.add("empty")
    elif answered / len(QUESTIONS) < 0.5:
        rules.add("incomplete")
    for question_id, codes in person.answers.items():
        if EXCLUSIVE[question_id] & set(codes) and len(codes) > 1:
            rules.add("exclusive")
    return rules


@pytest.mark.parametrize("fmt", FORMATS)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    language=st.sampled_from(["en", "ru"]), people=st.lists(respondent(), min_size=1, max_size=15)
)
def test_random_exports_conserve_rows_and_crosstabs_count_the_generated_answers(
    fmt, language, people
):
    for number, person in enumerate(people):
        person.end = START + timedelta(hours=number)
        person.key = f"K{number}"
    with tempfile.TemporaryDirectory() as directory:
        path = write_export(fmt, Path(directory), BOOK, people, language)
        wave = clean_sources([source_for(fmt, path, language)], BOOK, [], {}, b"salt")
    read = {
        line["measure"]: line["value"]
        for line in wave.report
        if line["source"] == "s" and line["measure"].startswith("rows_")
    }
    assert read["rows_read"] == len(people) == read["rows_kept"] + read["rows_quarantined"]
    assert len(wave.respondents) + len(wave.quarantine) == len(people)
    quarantined = {
        row: set(rules.split(";"))
        for row, rules in zip(wave.quarantine["row"], wave.quarantine["rules"], strict=False)
    }
    assert quarantined == {
        row: expected_rules(p) for row, p in enumerate(people, start=1) if expected_rules(p)
    }
    kept = [p for p in people if not expected_rules(p)]
    if not kept:
        assert wave.answers.empty
        return
    cohorts = wave.respondents[["respondent_id"]].assign(cohort="everyone")
    table = crosstabs(
        wave.answers, cohorts, BOOK, [("stage", q) for q in QUESTIONS], ["everyone"], language
    )
    table = table[table["cohort"] == "all"]
    counted = {
        (q, int(o)): int(c)
        for q, o, c in zip(table["question"], table["option"], table["count"], strict=False)
    }
    direct = {
        (q, code): sum(code in p.answers.get(q, []) for p in kept)
        for q in QUESTIONS
        for code in BOOK.questions[q].codes
    }
    assert counted == direct
    bases = dict(zip(table["question"], table["base"], strict=False))
    assert bases == {q: sum(q in p.answers for p in kept) for q in QUESTIONS}
