"""Tests of the data-quality rules: each flags what it should, can be switched off, and is counted.

Exports are Qualtrics CSV files (written by ``survey_exports``) because that layout carries every
piece of metadata a rule can use: respondent id, start and end time, duration, finished flag.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest

from smmjourney.clean.coding import clean_sources
from smmjourney.clean.quality import RULES, settings, validate_quality
from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import codebook_from_dict
from survey_exports import START, TEST_CODEBOOK, Person, source_for, write_export

BOOK = codebook_from_dict(TEST_CODEBOOK, "quality-codebook")
FULL = {
    "q_channel": [1],
    "q_prizes": [2],
    "q_like": [3],
    "q_trust": [4],
    "q_check": [1],
    "gender": [2],
}


def people(count: int = 6) -> list[Person]:
    crowd = []
    for number in range(count):
        answers = {**FULL, "q_like": [1 + number % 5], "q_trust": [1 + (number + 2) % 5]}
        crowd.append(
            Person(
                answers,
                end=START + timedelta(hours=number),
                seconds=400 + 10 * number,
                key=f"R_{number}",
            )
        )
    return crowd


def run(tmp_path, crowd, quality=None, fmt="qualtrics", name="export"):
    path = write_export(fmt, tmp_path, BOOK, crowd, "en", name)
    return clean_sources([source_for(fmt, path, "en")], BOOK, [], quality or {}, b"salt")


def quarantined(wave) -> dict[int, tuple[str, str]]:
    return {
        row: (rules, reasons)
        for row, rules, reasons in zip(
            wave.quarantine["row"],
            wave.quarantine["rules"],
            wave.quarantine["reasons"],
            strict=False,
        )
    }


def breaking(rule: str) -> tuple[list[Person], dict, str]:
    """A crowd in which row 4 breaks ``rule``, the configuration that enables it, and the reason."""
    crowd = people()
    quality: dict = {}
    if rule == "previews":
        crowd[3].status = "Survey Preview"
        reason = (
            "the survey tool marks the response as Survey Preview (Status 1), not a respondent's"
        )
    elif rule == "empty":
        crowd[3].answers = {}
        reason = "no answer to any question of the codebook"
    elif rule == "exclusive":
        crowd[3].answers["q_prizes"] = [4, 1]
        reason = "q_prizes: an exclusive answer is combined with others"
    elif rule == "duplicates":
        crowd[3].key = "R_1"
        reason = "duplicate respondent id (same as row 2)"
    elif rule == "incomplete":
        crowd[3].answers = {"q_channel": [1], "gender": [1]}
        reason = "answered 2 of the 6 questions asked (33%, under 50%)"
    elif rule == "speeders":
        crowd[3].seconds = 60
        reason = "took 60 s, under 30% of the wave's median 415 s"
    elif rule == "straightliners":
        crowd[3].answers.update(q_like=[2], q_trust=[2])
        quality = {
            "straightliners": {
                "grids": [{"id": "ads", "questions": ["q_like", "q_trust"]}],
                "min_items": 2,
            }
        }
        reason = "the same answer ('2') to all 2 questions of grid ads"
    elif rule == "attention_checks":
        crowd[3].answers["q_check"] = [2]
        quality = {"attention_checks": {"checks": [{"question": "q_check", "expected": [1]}]}}
        reason = "attention check q_check: answered 'Disagree', expected 'Agree'"
    else:
        crowd[3].end = dt.datetime(2017, 5, 1, 12, 0)
        quality = {"field_period": {"start": dt.date(2017, 3, 1), "end": "2017-04-30"}}
        reason = "submitted 2017-05-01 12:00:00 outside the field period 2017-03-01 to 2017-04-30"
    return crowd, quality, reason


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_quarantines_with_its_reason_and_can_be_switched_off(tmp_path, rule):
    crowd, quality, reason = breaking(rule)
    wave = run(tmp_path, crowd, quality)
    assert quarantined(wave) == {4: (rule, reason)}
    assert wave.quarantine["line"].tolist() == [7]
    assert (1, rule) in [
        (line["value"], line["detail"])
        for line in wave.report
        if line["measure"] == "quarantined_by" and line["source"] == "s"
    ]
    off = run(
        tmp_path, crowd, {**quality, rule: {**quality.get(rule, {}), "enabled": False}}, name="off"
    )
    assert off.quarantine.empty
    assert "off" in [
        line["detail"] for line in off.report if line["measure"] == "rule" and line["value"] == rule
    ]
    assert len(off.respondents) == len(crowd)


def test_a_response_breaking_two_rules_lists_both(tmp_path):
    crowd = people()
    crowd[2].answers["q_prizes"] = [4, 2]
    crowd[2].seconds = 30
    wave = run(tmp_path, crowd)
    rules, reasons = quarantined(wave)[3]
    assert rules == "exclusive;speeders"
    assert reasons.startswith("q_prizes: an exclusive answer is combined with others; took 30 s")


def test_identical_answers_count_as_duplicates_only_within_the_window(tmp_path):
    crowd = people()
    crowd[4].answers = dict(crowd[1].answers)
    crowd[4].end = crowd[1].end + timedelta(minutes=9)
    crowd[5].answers = dict(crowd[1].answers)
    crowd[5].end = crowd[1].end + timedelta(minutes=30)
    wave = run(tmp_path, crowd)
    assert quarantined(wave) == {5: ("duplicates", "the same answers as row 2 within 10 minutes")}
    wider = run(tmp_path, crowd, {"duplicates": {"identical_within_minutes": 60}}, name="wider")
    assert set(quarantined(wider)) == {5, 6}
    off = run(tmp_path, crowd, {"duplicates": {"identical_within_minutes": None}}, name="off")
    assert off.quarantine.empty


def test_the_speeders_median_is_the_waves_across_sources(tmp_path):
    slow, fast = people(4), people(4)
    for person in slow:
        person.seconds = 1000
    for person in fast:
        person.seconds = 150
    slow_path = write_export("qualtrics", tmp_path, BOOK, slow, "en", "slow")
    fast_path = write_export("limesurvey", tmp_path, BOOK, fast, "en", "fast")
    wave = clean_sources(
        [
            source_for("qualtrics", slow_path, "en", "slow"),
            source_for("limesurvey", fast_path, "en", "fast"),
        ],
        BOOK,
        [],
        {},
        b"salt",
    )
    assert set(wave.quarantine["source"]) == {"fast"}
    assert wave.quarantine["reasons"].iloc[0] == "took 150 s, under 30% of the wave's median 575 s"
    counts = {
        (line["source"], line["detail"]): line["value"]
        for line in wave.report
        if line["measure"] == "quarantined_by"
    }
    assert counts == {("fast", "speeders"): 4, ("all", "speeders"): 4}
    for source_id, n in (("slow", 4), ("fast", 4), ("all", 8)):
        values = {
            line["measure"]: line["value"]
            for line in wave.report
            if line["source"] == source_id and line["measure"].startswith("rows_")
        }
        assert values["rows_read"] == n == values["rows_kept"] + values["rows_quarantined"]


def test_completion_counts_only_the_questions_a_respondent_was_asked():
    raw = {**TEST_CODEBOOK, "questions": [dict(q) for q in TEST_CODEBOOK["questions"]]}
    for question in raw["questions"]:
        if question["id"] in ("q_prizes", "q_like", "q_trust", "q_check"):
            question["asked_if"] = {"question": "q_channel", "options": [1]}
    routed = codebook_from_dict(raw, "routed")
    import tempfile
    from pathlib import Path

    crowd = [Person({"q_channel": [2], "gender": [1]}), Person({"q_channel": [1], "gender": [1]})]
    with tempfile.TemporaryDirectory() as directory:
        path = write_export("google_forms", Path(directory), routed, crowd, "en")
        wave = clean_sources([source_for("google_forms", path, "en")], routed, [], {}, b"salt")
    assert quarantined(wave) == {
        2: ("incomplete", "answered 2 of the 6 questions asked (33%, under 50%)")
    }


def test_rules_that_need_missing_metadata_say_so(tmp_path):
    wave = run(tmp_path, people(), {"field_period": {"start": "2017-03-01"}}, fmt="google_forms")
    status = {line["value"]: line["detail"] for line in wave.report if line["measure"] == "rule"}
    assert status["speeders"] == "not applicable (no duration in this export)"
    assert status["straightliners"] == "not applicable (no grids configured)"
    assert status["field_period"] == "on: 2017-03-01 to …"
    assert status["duplicates"] == "on: identical answers within 10 minutes"


def test_defaults_are_the_documented_ones():
    assert settings(None) == {name: dict(rule.defaults) for name, rule in RULES.items()}
    assert RULES["incomplete"].defaults["min_completion"] == 0.5
    assert RULES["speeders"].defaults["min_fraction_of_median"] == 0.3
    assert RULES["duplicates"].defaults["identical_within_minutes"] == 10
    assert settings({"speeders": {"enabled": False}})["speeders"] == {
        "enabled": False,
        "min_fraction_of_median": 0.3,
    }


def test_rules_naming_unknown_questions_or_options_are_refused():
    quality = {
        "straightliners": {
            "grids": [{"id": "g", "questions": ["q_like", "q_nothing", "q_prizes"]}]
        },
        "attention_checks": {"checks": [{"question": "q_check", "expected": [7]}]},
        "other_text_allowed": ["q_elsewhere"],
        "field_period": {"end": "the end of March"},
    }
    with pytest.raises(SurveyInputError) as error:
        validate_quality(quality, BOOK)
    message = str(error.value)
    assert "straightliners grid 'g' names unknown question 'q_nothing'" in message
    assert (
        "question 'q_prizes' is multiple-choice; expected single-answer (likert) questions"
        in message
    )
    assert "attention_checks: question 'q_check' has no option [7] (options: [1, 2])" in message
    assert "other_text_allowed names unknown question 'q_elsewhere'" in message
    assert "field_period.end is 'the end of March'; expected a date such as 2017-03-01" in message
