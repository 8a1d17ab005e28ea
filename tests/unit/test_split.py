"""Tests for smmjourney.cohorts.assign_cohorts: declarative rules, in the order of the config."""

from __future__ import annotations

import pandas as pd
import pytest

from smmjourney.errors import SurveyInputError
from smmjourney.split import COHORT_COLUMNS, assign_cohorts

# Six kept respondents from two exports, as clean_export returns them.
RESPONDENTS = pd.DataFrame(
    {
        "respondent_id": ["ru-00001", "ru-00002", "ru-00004", "en-00001", "en-00002", "en-00003"],
        "source": ["ru", "ru", "ru", "en", "en", "en"],
        "language": ["ru", "ru", "ru", "en", "en", "en"],
        "row": [1, 2, 4, 1, 2, 3],
    }
)
# q_country: 1 Russia, 2 Germany, 3 other; q_networks is multiple choice.
ANSWERS = pd.DataFrame.from_records(
    [
        ("ru-00001", "q_country", 1),
        ("ru-00001", "q_networks", 1),
        ("ru-00001", "q_networks", 2),
        ("ru-00002", "q_country", 1),
        ("ru-00004", "q_country", 2),
        ("ru-00004", "q_networks", 3),
        ("en-00001", "q_country", 1),
        ("en-00001", "q_networks", 2),
        ("en-00002", "q_country", 3),
        ("en-00003", "q_networks", 3),
    ],
    columns=["respondent_id", "question", "code"],
)


def assigned(cohorts, respondents=RESPONDENTS, answers=ANSWERS) -> dict[str, str]:
    result = assign_cohorts(respondents, answers, cohorts)
    assert list(result.columns) == COHORT_COLUMNS
    assert list(result["respondent_id"]) == list(respondents["respondent_id"])
    return dict(zip(result["respondent_id"], result["cohort"], strict=False))


def cohort_error(cohorts, respondents=RESPONDENTS, answers=ANSWERS) -> str:
    with pytest.raises(SurveyInputError) as error:
        assign_cohorts(respondents, answers, cohorts)
    message = str(error.value)
    assert message.startswith("Cohorts: ")
    assert "Each respondent must match exactly one cohort rule" in message
    return message


def test_rule_by_source():
    cohorts = [
        {"id": "russian", "rule": {"source": ["ru"]}},
        {"id": "foreign", "rule": {"source": ["en"]}},
    ]
    assert assigned(cohorts) == {
        "ru-00001": "russian",
        "ru-00002": "russian",
        "ru-00004": "russian",
        "en-00001": "foreign",
        "en-00002": "foreign",
        "en-00003": "foreign",
    }


def test_rule_by_language():
    cohorts = [
        {"id": "russophone", "rule": {"language": ["ru"]}},
        {"id": "anglophone", "rule": {"language": ["en"]}},
    ]
    result = assigned(cohorts)
    assert {r for r, c in result.items() if c == "russophone"} == {
        "ru-00001",
        "ru-00002",
        "ru-00004",
    }
    assert {r for r, c in result.items() if c == "anglophone"} == {
        "en-00001",
        "en-00002",
        "en-00003",
    }


def test_rule_by_source_list_takes_several_sources():
    cohorts = [{"id": "everyone", "rule": {"source": ["en", "ru"]}}]
    assert set(assigned(cohorts).values()) == {"everyone"}


def test_rule_by_question_answer_and_otherwise():
    cohorts = [
        {"id": "in_russia", "rule": {"question": "q_country", "options": [1]}},
        {"id": "abroad", "rule": {"otherwise": True}},
    ]
    assert assigned(cohorts) == {
        "ru-00001": "in_russia",
        "ru-00002": "in_russia",
        "en-00001": "in_russia",
        "ru-00004": "abroad",
        "en-00002": "abroad",
        "en-00003": "abroad",  # en-00003 did not answer q_country
    }


def test_rule_by_question_ignores_the_same_code_of_another_question():
    cohorts = [
        {"id": "network_three", "rule": {"question": "q_networks", "options": [3]}},
        {"id": "rest", "rule": {"otherwise": True}},
    ]
    result = assigned(cohorts)
    assert {r for r, c in result.items() if c == "network_three"} == {"ru-00004", "en-00003"}


def test_rule_by_question_counts_a_multiple_choice_respondent_once():
    cohorts = [
        {"id": "vk_or_insta", "rule": {"question": "q_networks", "options": [1, 2]}},
        {"id": "rest", "rule": {"otherwise": True}},
    ]
    result = assigned(cohorts)
    assert {r for r, c in result.items() if c == "vk_or_insta"} == {"ru-00001", "en-00001"}
    assert len(result) == len(RESPONDENTS)


def test_rule_by_question_works_on_combined_answers_with_categorical_questions():
    answers = ANSWERS.assign(
        question=ANSWERS["question"].astype("category"), code=ANSWERS["code"].astype("int32")
    )
    cohorts = [
        {"id": "in_russia", "rule": {"question": "q_country", "options": [1]}},
        {"id": "abroad", "rule": {"otherwise": True}},
    ]
    assert assigned(cohorts, answers=answers) == assigned(cohorts)


def test_respondent_matching_no_rule_is_counted_and_located():
    cohorts = [
        {"id": "in_russia", "rule": {"question": "q_country", "options": [1]}},
        {"id": "in_germany", "rule": {"question": "q_country", "options": [2]}},
    ]
    message = cohort_error(cohorts)
    assert (
        "2 respondent(s) match no cohort rule (for example source en row 2, source en row 3)"
        in message
    )
    assert "more than one" not in message
    assert "{otherwise: true}" in message


def test_respondent_matching_two_rules_is_counted_and_located():
    cohorts = [
        {"id": "russian", "rule": {"source": ["ru"]}},
        {"id": "in_russia", "rule": {"question": "q_country", "options": [1]}},
        {"id": "rest", "rule": {"otherwise": True}},
    ]
    message = cohort_error(cohorts)
    assert (
        "2 respondent(s) match more than one cohort rule (for example source ru row 1, source ru "
        "row 2)" in message
    )
    assert "no cohort rule" not in message


def test_both_problems_are_reported_together():
    cohorts = [
        {"id": "russian", "rule": {"source": ["ru"]}},
        {"id": "speaks_russian", "rule": {"language": ["ru"]}},
    ]
    message = cohort_error(cohorts)
    assert (
        "3 respondent(s) match no cohort rule (for example source en row 1, source en row 2, "
        "source en row 3)" in message
    )
    assert (
        "3 respondent(s) match more than one cohort rule (for example source ru row 1, source ru "
        "row 2, source ru row 4)" in message
    )


def test_error_examples_are_limited_to_five():
    respondents = pd.DataFrame(
        {
            "respondent_id": [f"x-{i:05d}" for i in range(1, 9)],
            "source": "x",
            "language": "en",
            "row": range(1, 9),
        }
    )
    message = cohort_error([{"id": "russian", "rule": {"source": ["ru"]}}], respondents=respondents)
    assert "8 respondent(s) match no cohort rule" in message
    assert "source x row 5)" in message
    assert "row 6" not in message


def test_otherwise_takes_only_those_no_earlier_rule_took():
    cohorts = [
        {"id": "english", "rule": {"source": ["en"]}},
        {"id": "rest", "rule": {"otherwise": True}},
        {"id": "germany", "rule": {"question": "q_country", "options": [2]}},
    ]
    # ru-00004 (Germany) is taken by "rest", which comes first in the config, and so also matches
    # "germany": the order of the config decides, and the clash is reported.
    message = cohort_error(cohorts)
    assert (
        "1 respondent(s) match more than one cohort rule (for example source ru row 4)" in message
    )


def test_the_config_order_decides_what_otherwise_takes():
    by_question_first = [
        {"id": "in_russia", "rule": {"question": "q_country", "options": [1]}},
        {"id": "rest", "rule": {"otherwise": True}},
    ]
    result = assigned(by_question_first)
    assert result["ru-00004"] == "rest"
    otherwise_first = list(reversed(by_question_first))
    message = cohort_error(otherwise_first)
    assert "3 respondent(s) match more than one cohort rule" in message


def test_the_order_of_disjoint_rules_does_not_change_the_assignment():
    cohorts = [
        {"id": "in_russia", "rule": {"question": "q_country", "options": [1]}},
        {"id": "english", "rule": {"language": ["en"]}},
        {"id": "rest", "rule": {"otherwise": True}},
    ]
    with pytest.raises(SurveyInputError):  # en-00001 answered Russia: the rules overlap
        assign_cohorts(RESPONDENTS, ANSWERS, cohorts)
    disjoint = [
        cohorts[0],
        {"id": "germany", "rule": {"question": "q_country", "options": [2]}},
        cohorts[2],
    ]
    swapped = [disjoint[1], disjoint[0], disjoint[2]]
    assert assigned(disjoint) == assigned(swapped)


def test_every_cohort_id_comes_from_the_config():
    cohorts = [
        {"id": "zeta", "rule": {"source": ["en"]}},
        {"id": "alpha", "rule": {"otherwise": True}},
    ]
    result = assign_cohorts(RESPONDENTS, ANSWERS, cohorts)
    assert result.set_index("respondent_id")["cohort"].to_dict() == {
        "ru-00001": "alpha",
        "ru-00002": "alpha",
        "ru-00004": "alpha",
        "en-00001": "zeta",
        "en-00002": "zeta",
        "en-00003": "zeta",
    }
