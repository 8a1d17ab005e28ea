"""Tests for smmjourney.plan.validate_plan, smmjourney.plan.codebook.codebook_from_dict and
smmjourney.text.normalize_text.

validate_plan runs on deep copies of the real config.yaml, each mutated in one way; the message
must name the place, what was found there and what is allowed.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import pytest
import yaml

import smmjourney.plan
import smmjourney.plan.codebook
from smmjourney.errors import SurveyInputError
from smmjourney.plan import validate_plan
from smmjourney.plan.codebook import codebook_from_dict
from smmjourney.text import normalize_text
from workflow_run import REPO

ROOT = REPO
REAL_CONFIG = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
WAVE = next(iter(REAL_CONFIG["waves"]))


_load_codebook = functools.lru_cache(maxsize=None)(smmjourney.plan.load_codebook)
_load_schema = functools.lru_cache(maxsize=None)(smmjourney.plan.load_schema)


@pytest.fixture(autouse=True)
def read_yaml_once(monkeypatch):
    """Parse the real codebook and the schemas once per session (pure-Python YAML is slow).

    Only the reading is memoised: the objects are the ones the package builds, and the schemas
    are handed out as deep copies so that no test can see another's changes.
    """
    monkeypatch.setattr(smmjourney.plan, "load_codebook", lambda path: _load_codebook(Path(path)))
    for module in (smmjourney.plan, smmjourney.plan.codebook):
        monkeypatch.setattr(module, "load_schema", lambda name: copy.deepcopy(_load_schema(name)))


@pytest.fixture
def config() -> dict:
    return copy.deepcopy(REAL_CONFIG)


def problems_of(config: dict) -> str:
    with pytest.raises(SurveyInputError) as error:
        validate_plan(config, "config.yaml", base_dir=ROOT)
    message = str(error.value)
    assert message.startswith("The configuration is not valid:")
    return message


# --------------------------------------------------------------------------
# validate_plan
# --------------------------------------------------------------------------


def test_the_real_config_passes_and_gains_defaults(config):
    validated = validate_plan(config, "config.yaml", base_dir=ROOT)
    assert [stage.id for stage in validated.stages] == [
        stage["id"] for stage in REAL_CONFIG["stages"]
    ]
    source = validated.waves[WAVE].sources[0]
    assert source.encoding == "auto"
    assert source.delimiter == "auto"
    # The quality rules' defaults live in their registry (smmjourney.clean.quality.RULES).
    from smmjourney.clean.quality import settings as quality_settings

    assert quality_settings(validated.waves[WAVE].quality)["incomplete"] == {
        "enabled": True,
        "min_completion": 0.5,
        "finished_flag": True,
    }
    assert validated.figures[0].cohorts == "all"


def test_validation_does_not_change_the_config_passed_in(config):
    validate_plan(config, "config.yaml", base_dir=ROOT)
    assert config == REAL_CONFIG


def test_misspelt_key_is_named_with_the_allowed_keys(config):
    activity = config["stages"][0]["activities"][0]
    activity["indicatrs"] = activity.pop("indicators")
    message = problems_of(config)
    assert (
        "config.yaml: at stages[0].activities[0]: unknown key 'indicatrs' (expected one of: id, "
        "indicators, label)" in message
    )
    assert "'indicators' is a required property" in message


def test_misspelt_top_level_key_is_named(config):
    config["cohort"] = config.pop("cohorts")
    message = problems_of(config)
    assert "at the top level: unknown key 'cohort'" in message
    assert "cohorts" in message.split("unknown key 'cohort'")[1]


def test_unknown_question_in_an_indicator_names_the_indicator_and_the_question(config):
    config["stages"][0]["activities"][0]["indicators"][0]["question"] = "q99_missing"
    message = problems_of(config)
    assert (
        f"config.yaml (wave {WAVE}): stages[0].activities[0].indicators[0] "
        f"(awareness/advertisement/dislike_ads)" in message
    )
    assert "names unknown question 'q99_missing'" in message
    assert "q04_ad_attitude" in message  # the questions the codebook does have are listed


def test_option_code_the_codebook_lacks_is_named(config):
    config["stages"][0]["activities"][0]["indicators"][0]["options"] = [1, 9]
    message = problems_of(config)
    assert "stages[0].activities[0].indicators[0] (awareness/advertisement/dislike_ads)" in message
    assert (
        "names option 9 of question 'q04_ad_attitude', which the codebook lacks (options: [1, 2, "
        "3, 4, 5])" in message
    )
    assert "option 1 " not in message


def test_unknown_option_in_a_cohort_rule_is_named(config):
    config["cohorts"][1]["rule"] = {"question": "q06_ad_blocker", "options": [7]}
    message = problems_of(config)
    assert "cohorts[1] (foreign) names option 7 of question 'q06_ad_blocker'" in message


def test_duplicate_cohort_id_is_named(config):
    config["cohorts"].append({"id": "russian", "rule": {"otherwise": True}})
    message = problems_of(config)
    assert "config.yaml: cohort id 'russian' is used twice" in message


def test_cohort_rule_naming_an_unknown_source_names_cohort_source_and_known_sources(config):
    config["cohorts"][0]["rule"]["source"] = ["ru", "kz"]
    message = problems_of(config)
    assert (
        f"cohort 'russian' names source 'kz', which wave '{WAVE}' lacks (sources: ['ru', 'en'])"
        in message
    )
    assert "source 'ru'" not in message


def test_cohort_rule_with_two_kinds_of_condition_is_rejected(config):
    config["cohorts"][0]["rule"] = {"source": ["ru"], "otherwise": True}
    message = problems_of(config)
    assert "at cohorts[0].rule:" in message
    assert "matches none of the allowed forms" in message


def test_missing_source_file_is_named(config):
    config["waves"][WAVE]["sources"][0]["file"] = "data/raw/no_such_export.csv"
    message = problems_of(config)
    assert (
        f"wave {WAVE} source 'ru': the file data/raw/no_such_export.csv does not exist" in message
    )


def test_source_language_the_codebook_lacks_is_named(config):
    config["waves"][WAVE]["sources"][1]["language"] = "de"
    message = problems_of(config)
    assert (
        f"wave {WAVE} source 'en' is in language 'de', which the codebook lacks (languages: ['en', "
        f"'ru'])" in message
    )


def test_yellow_min_above_green_min_is_rejected(config):
    config["rating"] = {"combine": "mean", "green_min": 40, "yellow_min": 50}
    message = problems_of(config)
    assert "rating.yellow_min (50) must not exceed rating.green_min (40)" in message


def test_yellow_min_equal_to_green_min_is_allowed(config):
    config["rating"] = {"combine": "mean", "green_min": 30, "yellow_min": 30}
    assert validate_plan(config, "config.yaml", base_dir=ROOT).rating.yellow_min == 30


def test_yellow_min_above_green_min_states_the_values_found(config):
    config["rating"] = {"combine": "mean", "green_min": 40, "yellow_min": 50}
    message = problems_of(config)
    assert "50" in message and "40" in message


def test_rating_out_of_range_is_named(config):
    config["rating"]["green_min"] = 140
    message = problems_of(config)
    assert "at rating.green_min: 140 is greater than the maximum of 100" in message


def test_figure_naming_an_unknown_cohort_names_figure_cohort_and_known_cohorts(config):
    config["figures"][2]["cohorts"] = ["russians"]
    message = problems_of(config)
    assert (
        "figures[2] (diagram_03_networks_russia) names unknown cohort 'russians' (cohorts: "
        "['russian', 'foreign'])" in message
    )


def test_every_problem_is_listed_at_once(config):
    config["cohorts"].append({"id": "russian", "rule": {"otherwise": True}})
    config["figures"][2]["cohorts"] = ["russians"]
    config["waves"][WAVE]["sources"][0]["file"] = "data/raw/no_such_export.csv"
    message = problems_of(config)
    assert "cohort id 'russian' is used twice" in message
    assert "unknown cohort 'russians'" in message
    assert "no_such_export.csv does not exist" in message


# --------------------------------------------------------------------------
# codebook_from_dict
# --------------------------------------------------------------------------


def question(qid: str = "q_one", options=None, **extra) -> dict:
    return {
        "id": qid,
        "type": "single_choice",
        "text": {"en": "Question?", "ru": "Вопрос?"},
        "options": options
        if options is not None
        else [
            {"code": 1, "label": {"en": "Yes", "ru": "Да"}},
            {"code": 2, "label": {"en": "No", "ru": "Нет"}},
        ],
        **extra,
    }


def codebook(*questions) -> dict:
    return {"survey": "t", "languages": ["en", "ru"], "questions": list(questions)}


def codebook_problems(raw: dict) -> str:
    with pytest.raises(SurveyInputError) as error:
        codebook_from_dict(raw, "book.yaml")
    message = str(error.value)
    assert message.startswith("The codebook is not valid:")
    return message


def test_a_valid_codebook_builds_with_defaults():
    book = codebook_from_dict(codebook(question()), "book.yaml")
    assert book.languages == ("en", "ru")
    assert book.questions["q_one"].codes == [1, 2]
    assert book.questions["q_one"].options[0].exclusive is False
    assert book.label_lookup("q_one") == {"yes": 1, "да": 1, "1": 1, "no": 2, "нет": 2, "2": 2}


def test_duplicate_question_id_is_rejected():
    message = codebook_problems(codebook(question("q_one"), question("q_one")))
    assert "book.yaml: question id 'q_one' appears twice" in message


def test_missing_label_in_a_declared_language_is_rejected():
    options = [{"code": 1, "label": {"en": "Yes", "ru": "Да"}}, {"code": 2, "label": {"en": "No"}}]
    message = codebook_problems(codebook(question(options=options)))
    assert "book.yaml: question 'q_one' option 2 has no label in ru" in message
    assert "option 1" not in message


def test_two_options_missing_the_same_language_are_both_named():
    options = [{"code": 1, "label": {"en": "Yes"}}, {"code": 2, "label": {"en": "No"}}]
    message = codebook_problems(codebook(question(options=options)))
    assert "option 1 has no label in ru" in message
    assert "option 2 has no label in ru" in message


def test_missing_question_text_in_a_declared_language_is_rejected():
    message = codebook_problems(codebook(question(text={"en": "Question?"})))
    assert "book.yaml: question 'q_one' has no text in ru" in message


def test_duplicate_option_codes_are_rejected():
    options = [
        {"code": 1, "label": {"en": "Yes", "ru": "Да"}},
        {"code": 1, "label": {"en": "No", "ru": "Нет"}},
    ]
    message = codebook_problems(codebook(question(options=options)))
    assert "book.yaml: question 'q_one' repeats an option code ([1, 1])" in message


def test_labels_equal_after_normalisation_are_rejected():
    options = [
        {"code": 1, "label": {"en": "Yes", "ru": "Ещё"}},
        {"code": 2, "label": {"en": "No", "ru": "  еще "}},
    ]
    message = codebook_problems(codebook(question(options=options)))
    assert "question 'q_one' options 1 and 2 share the ru label '  еще '" in message


def test_routing_on_an_unknown_question_is_rejected():
    message = codebook_problems(codebook(question(asked_if={"question": "q_zero", "options": [1]})))
    assert "question 'q_one' is routed on unknown question 'q_zero'" in message


def test_misspelt_codebook_key_is_named_with_the_allowed_keys():
    raw = codebook(question())
    raw["questions"][0]["options"][0]["lable"] = raw["questions"][0]["options"][0].pop("label")
    message = codebook_problems(raw)
    assert (
        "book.yaml: at questions[0].options[0]: unknown key 'lable' (expected one of: aliases, "
        "code, exclusive, label)" in message
    )


def test_choice_question_without_options_is_rejected():
    message = codebook_problems(codebook(question(options=[])))
    assert "question 'q_one' of type single_choice has no options" in message


# --------------------------------------------------------------------------
# normalize_text
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("  \u201cYes\u201d,   in  VKontakte ", '"yes", in vkontakte'),
        ("It\u2019s the brand\u2018s", "it's the brand's"),
        ("«Хорошие» отзывы", '"хорошие" отзывы'),
        ("Ещё ЁЛКА", "еще елка"),
        ("1 \u2013 not at all \u2014 really", "1 - not at all - really"),
        ("no\u00a0break\u202fthin\u2009space\ttab\nnewline", "no break thin space tab newline"),
        ("\uff39\uff45\uff53", "yes"),  # full-width letters (NFKC)
        ("Straße", "strasse"),  # case folding, not just lower()
        ("", ""),
    ],
)
def test_normalize_text(raw, normalised):
    assert normalize_text(raw) == normalised


def test_normalize_text_is_idempotent():
    once = normalize_text("  \u201cЁлка\u201d \u2014 Straße ")
    assert normalize_text(once) == once
