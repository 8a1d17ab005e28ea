"""The configuration parsed once into a typed, frozen plan: defaults from the schema only, every
rule across fields checked at parse time, bad documents (NaN, huge numbers, YAML alias bombs)
stopped at once with a short message.

Each test edits the text of the real config.yaml (as a user would) or a deep copy of its parsed
form, validates it, and asserts on the plan or on the message.
"""

from __future__ import annotations

import copy
import dataclasses
import time
from pathlib import Path

import pytest
import yaml

from smmjourney.errors import SurveyInputError
from smmjourney.inference.independence import settings
from smmjourney.plan import (
    Indicator,
    Plan,
    Rating,
    Statistics,
    Weights,
    indicators,
    load_plan,
    model,
    plain,
    rating_settings,
    stage_questions,
    statistics_settings,
    validate_plan,
    weights_settings,
)
from smmjourney.plan.schema import MAX_VALUES, SAFE_LOADER, load_schema, structure_problems
from workflow_run import REPO

CONFIG_TEXT = (REPO / "config.yaml").read_text(encoding="utf-8")
REAL_CONFIG = yaml.load(CONFIG_TEXT, Loader=SAFE_LOADER)
WAVE = next(iter(REAL_CONFIG["waves"]))
SCHEMA = load_schema("config")


def parsed(text: str):
    return yaml.load(text, Loader=SAFE_LOADER)


def edited(old: str, new: str) -> dict:
    """The real config.yaml with its one line ``old`` replaced by ``new``, parsed."""
    assert CONFIG_TEXT.count(old) == 1, old
    return parsed(CONFIG_TEXT.replace(old, new))


def problems_of(config) -> str:
    with pytest.raises(SurveyInputError) as error:
        validate_plan(config, "config.yaml", base_dir=REPO)
    message = str(error.value)
    assert message.startswith("The configuration is not valid:")
    return message


def alias_bomb(levels: int = 9, kind: str = "list") -> str:
    """A "billion laughs" document: each level repeats the one below ten times (10**levels
    values)."""
    if kind == "list":
        lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, levels)]
    else:
        lines = ["l0: &l0 {" + ", ".join(f"k{j}: lol" for j in range(10)) + "}"]
        lines += [
            f"l{i}: &l{i} {{{', '.join(f'k{j}: *l{i - 1}' for j in range(10))}}}"
            for i in range(1, levels)
        ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# the typed plan
# --------------------------------------------------------------------------


def test_the_real_config_becomes_a_typed_plan():
    plan = validate_plan(copy.deepcopy(REAL_CONFIG), "config.yaml", base_dir=REPO)
    assert isinstance(plan, Plan)
    wave = plan.waves[WAVE]
    assert wave.codebook == REAL_CONFIG["waves"][WAVE]["codebook"]
    assert [source.id for source in wave.sources] == ["ru", "en"]
    assert wave.sources[0].encoding == "auto" and wave.sources[0].sheet is None
    assert [cohort.id for cohort in plan.cohorts] == ["russian", "foreign"]
    assert plan.cohorts[0].rule.source == ("ru",) and plan.cohorts[0].rule.otherwise is False
    assert plan.statistics == Statistics(**REAL_CONFIG["statistics"])
    assert plan.rating == Rating(**REAL_CONFIG["rating"])
    assert plan.stages[0].activities[0].indicators[0] == Indicator(
        "awareness",
        "advertisement",
        "Advertisement",
        "dislike_ads",
        "Do not like advertisement (1)",
        "q04_ad_attitude",
        (1,),
        "inappropriate",
    )
    assert plan.figures[-1].kind == "funnel" and plan.figures[0].cohorts == "all"
    assert plan.weights == {}


def test_the_plan_cannot_be_changed():
    plan = load_plan(REPO / "config.yaml", base_dir=REPO)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.statistics.alpha = 0.1
    with pytest.raises(TypeError):
        plan.waves["other"] = plan.waves[WAVE]
    with pytest.raises(TypeError):
        plan.waves[WAVE].quality["empty"] = {}
    assert isinstance(plan.stages, tuple) and isinstance(
        plan.stages[0].activities[0].indicators[0].options, tuple
    )


def test_load_plan_reads_the_file_and_names_it(tmp_path):
    assert load_plan(REPO / "config.yaml", base_dir=REPO) == validate_plan(
        copy.deepcopy(REAL_CONFIG), base_dir=REPO
    )
    broken = tmp_path / "plan.yaml"
    broken.write_text("statistics: {alpha: [\n", encoding="utf-8")
    with pytest.raises(SurveyInputError, match=f"The configuration {broken} is not valid YAML"):
        load_plan(broken, base_dir=REPO)
    bad = tmp_path / "bad.yaml"
    bad.write_text(CONFIG_TEXT.replace("alpha_strict: 0.01", "alpha_strict: 0.5"), encoding="utf-8")
    with pytest.raises(SurveyInputError, match=f"{bad}: statistics.alpha_strict"):
        load_plan(bad, base_dir=REPO)


def test_plain_gives_only_plain_values():
    plan = validate_plan(copy.deepcopy(REAL_CONFIG), base_dir=REPO)

    def is_plain(value) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, (str, int)) and is_plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(is_plain(v) for v in value)
        return value is None or isinstance(value, (str, int, float, bool))

    for part in (
        plan.cohorts,
        plan.figures,
        indicators(plan),
        plan.rating,
        plan.statistics,
        plan.waves[WAVE].sources,
    ):
        assert is_plain(plain(part)), part
    assert plain(plan.cohorts[0]) == {
        "id": "russian",
        "label": "Russian respondents",
        "rule": {"source": ["ru"]},
    }
    assert plain(plan.waves[WAVE].sources)[0] == {
        **REAL_CONFIG["waves"][WAVE]["sources"][0],
        "encoding": "auto",
        "delimiter": "auto",
        "metadata_columns": {},
        "ignore_columns": [],
        "personal_columns": [],
    }


def test_indicators_and_stage_questions_read_the_typed_plan():
    plan = validate_plan(copy.deepcopy(REAL_CONFIG), base_dir=REPO)
    listed = indicators(plan)
    assert len(listed) == sum(
        len(a["indicators"]) for s in REAL_CONFIG["stages"] for a in s["activities"]
    )
    assert all(isinstance(indicator, Indicator) for indicator in listed)
    pairs = stage_questions(plan)
    assert pairs[: len(REAL_CONFIG["profile_questions"])] == [
        ("profile", q) for q in REAL_CONFIG["profile_questions"]
    ]
    assert ("awareness", "q04_ad_attitude") in pairs and len(set(pairs)) == len(pairs)


# --------------------------------------------------------------------------
# defaults: the schema's, and nowhere else
# --------------------------------------------------------------------------


def test_no_field_of_the_plan_has_a_default_of_its_own():
    for cls in (
        model.Source,
        model.Wave,
        model.CohortRule,
        model.Cohort,
        model.Indicator,
        model.Activity,
        model.Stage,
        model.Statistics,
        model.Rating,
        model.Weights,
        model.Figure,
        model.Plan,
    ):
        for field in dataclasses.fields(cls):
            assert (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            ), (cls, field)


def schema_defaults(section: dict) -> dict:
    return {key: sub["default"] for key, sub in section["properties"].items() if "default" in sub}


def test_a_plan_without_statistics_or_rating_takes_the_schema_defaults():
    config = copy.deepcopy(REAL_CONFIG)
    del config["statistics"], config["rating"]
    plan = validate_plan(config, base_dir=REPO)
    assert dataclasses.asdict(plan.statistics) == schema_defaults(
        SCHEMA["properties"]["statistics"]
    )
    assert dataclasses.asdict(plan.rating) == schema_defaults(SCHEMA["properties"]["rating"])


def test_library_settings_fill_in_the_schema_defaults():
    defaults = schema_defaults(SCHEMA["properties"]["statistics"])
    assert dataclasses.asdict(statistics_settings()) == defaults
    assert settings({"seed": 3}) == {**defaults, "seed": 3}
    assert dataclasses.asdict(rating_settings({"green_min": 50})) == {
        **schema_defaults(SCHEMA["properties"]["rating"]),
        "green_min": 50,
    }
    weights = weights_settings({"column": "w"})
    assert weights == Weights(
        "w", None, **schema_defaults(SCHEMA["properties"]["weights"]["additionalProperties"])
    )
    plan_statistics = statistics_settings({"alpha": 0.1})
    assert statistics_settings(plan_statistics) is plan_statistics


def test_library_settings_are_checked_too():
    with pytest.raises(SurveyInputError, match="alpha_strict"):
        settings({"alpha": 0.01, "alpha_strict": 0.05})
    with pytest.raises(SurveyInputError, match="yellow_min"):
        rating_settings({"green_min": 10})
    with pytest.raises(SurveyInputError, match="resamples: 5 is less than the minimum of 100"):
        settings({"resamples": 5})


# --------------------------------------------------------------------------
# rules across fields, at parse time
# --------------------------------------------------------------------------


@pytest.mark.parametrize("alpha_strict", ["0.05", "0.2"])
def test_alpha_strict_must_be_below_alpha(alpha_strict):
    message = problems_of(edited("alpha_strict: 0.01", f"alpha_strict: {alpha_strict}"))
    assert (
        f"config.yaml: statistics.alpha_strict ({alpha_strict}) must be below statistics.alpha "
        f"(0.05)" in message
    )


def test_alpha_strict_below_alpha_passes():
    assert (
        validate_plan(
            edited("alpha_strict: 0.01", "alpha_strict: 0.049"), base_dir=REPO
        ).statistics.alpha_strict
        == 0.049
    )


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ("confidence: 0.95", "confidence: .nan", "statistics.confidence"),
        ("alpha: 0.05", "alpha: .inf", "statistics.alpha"),
        ("green_min: 40", "green_min: -.inf", "rating.green_min"),
        ("yellow_min: 20", "yellow_min: .NaN", "rating.yellow_min"),
        (
            "    funnel: data/raw/thesis2017/dm_funnel.csv",
            "    funnel: data/raw/thesis2017/dm_funnel.csv\n    quality: {incomplete: "
            "{min_completion: .nan}}",
            f"waves.{WAVE}.quality.incomplete.min_completion",
        ),
        (
            "rating:\n",
            f"weights: {{{WAVE}: {{raking: {{russian: {{age: {{1: .nan}}}}}}}}}}\nrating:\n",
            f"weights.{WAVE}.raking.russian.age[1]",
        ),
        (
            "options: [1], direction: inappropriate}",
            "options: [.inf], direction: inappropriate}",
            "stages[0].activities[0].indicators[0].options[0]",
        ),
    ],
)
def test_nan_and_infinity_are_rejected_anywhere(old, new, place):
    text = CONFIG_TEXT.replace(old, new, 1)
    assert text != CONFIG_TEXT
    message = problems_of(parsed(text))
    assert f"config.yaml: at {place}: " in message
    assert "is not a finite number (NaN and infinities are not allowed)" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "resamples: 10000",
            "resamples: 100000000",
            "at statistics.resamples: 100000000 is greater than the maximum of 1000000",
        ),
        (
            "seed: 20170401",
            f"seed: {2**32}",
            f"at statistics.seed: {2**32} is greater than the maximum of {2**32 - 1}",
        ),
        ("seed: 20170401", "seed: -1", "at statistics.seed: -1 is less than the minimum of 0"),
        (
            "question: q04_ad_attitude, options: [1]",
            f"question: q04_ad_attitude, options: [{2**31}]",
            f"at stages[0].activities[0].indicators[0].options[0]: {2**31} is greater than the "
            f"maximum of {2**31 - 1}",
        ),
        (
            "green_min: 40",
            "green_min: 101",
            "at rating.green_min: 101 is greater than the maximum of 100",
        ),
        (
            "yellow_min: 20",
            "yellow_min: -101",
            "at rating.yellow_min: -101 is less than the minimum of -100",
        ),
    ],
)
def test_numbers_out_of_their_stated_range_are_rejected(old, new, expected):
    assert expected in problems_of(edited(old, new))


def test_the_largest_allowed_numbers_pass():
    config = edited("seed: 20170401", f"seed: {2**32 - 1}")
    config["statistics"]["resamples"] = 1_000_000
    plan = validate_plan(config, base_dir=REPO)
    assert (plan.statistics.seed, plan.statistics.resamples) == (2**32 - 1, 1_000_000)


def test_codebook_codes_beyond_32_bits_are_rejected():
    from smmjourney.plan.codebook import codebook_from_dict

    raw = {
        "survey": "t",
        "languages": ["en"],
        "questions": [
            {
                "id": "q",
                "type": "single_choice",
                "text": {"en": "Q?"},
                "options": [{"code": 2**31, "label": {"en": "big"}}],
            }
        ],
    }
    with pytest.raises(
        SurveyInputError,
        match=rf"at questions\[0\].options\[0\].code: {2**31} is greater than the maximum",
    ):
        codebook_from_dict(raw, "book.yaml")


def test_weights_are_checked_against_the_plan_and_the_codebook():
    config = copy.deepcopy(REAL_CONFIG)
    config["weights"] = {
        WAVE: {
            "raking": {
                "russian": {"age": {1: 0.5, 99: 0.5}, "q01_networks": {1: 1.0}, "q99": {1: 1.0}},
                "martians": {"age": {1: 1.0}},
            }
        },
        "no_such_wave": {"column": "w"},
    }
    message = problems_of(config)
    assert "weights names wave 'no_such_wave', which waves lacks" in message
    assert f"weights.{WAVE}.raking names unknown cohort 'martians'" in message
    assert f"weights.{WAVE}.raking.russian.age: option 99 is not in the codebook" in message
    assert "q01_networks: a raking margin needs a single-answer question" in message
    assert "unknown question 'q99'" in message


# --------------------------------------------------------------------------
# bad documents: stopped at once, quoted briefly
# --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["list", "mapping"])
def test_a_yaml_alias_bomb_stops_validation_within_a_second(kind):
    config = parsed(
        alias_bomb(9, kind)
        + CONFIG_TEXT.replace(
            "profile_questions: [q01_networks, q02_use_frequency, gender, age, country, "
            "occupation]",
            "profile_questions: *l8",
        )
    )
    start = time.perf_counter()
    message = problems_of(config)
    assert time.perf_counter() - start < 1.0
    assert (
        f"config.yaml: the configuration has more than {MAX_VALUES:,} values (YAML aliases?)"
        in message
    )
    assert len(message) < 300


def test_a_yaml_alias_bomb_in_a_file_stops_load_plan_within_a_second(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(12) + "waves: *l11\n", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(SurveyInputError, match=r"YAML aliases\?"):
        load_plan(path, base_dir=REPO)
    assert time.perf_counter() - start < 1.0


def test_a_yaml_alias_bomb_in_a_codebook_is_stopped(tmp_path):
    from smmjourney.plan.codebook import load_codebook

    path = tmp_path / "book.yaml"
    path.write_text(alias_bomb(9) + "survey: t\nlanguages: *l8\nquestions: []\n", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(SurveyInputError, match=r"YAML aliases\?"):
        load_codebook(path)
    assert time.perf_counter() - start < 1.0


def test_aliases_used_a_few_times_are_fine():
    text = CONFIG_TEXT.replace(
        "      - id: customer_platform\n        label: Platform for customers to communicate "
        "(brand community)\n        indicators:\n",
        "      - id: customer_platform\n        label: Platform for customers to communicate "
        "(brand community)\n        indicators: &platform\n",
        1,
    )
    text = text.replace(
        "        indicators:\n          - {id: chat_like_minded, label: Use brand community to "
        "chat with like-minded people, question: q16_follow_communities, options: [4], direction: "
        "appropriate}\n      - id: giveaways\n        label: Giveaways and contests\n        "
        "indicators:\n          - {id: any_products",
        "        indicators: *platform\n      - id: giveaways\n        label: Giveaways and "
        "contests\n        indicators:\n          - {id: any_products",
        1,
    )
    config = parsed(text)
    retention, loyalty = config["stages"][3]["activities"][1], config["stages"][4]["activities"][1]
    assert retention["indicators"] is loyalty["indicators"]  # one object, used twice
    plan = validate_plan(config, base_dir=REPO)
    assert plan == validate_plan(copy.deepcopy(REAL_CONFIG), base_dir=REPO)


def test_a_configuration_that_contains_itself_is_stopped():
    config = copy.deepcopy(REAL_CONFIG)
    loop: list = []
    loop.append(loop)
    config["profile_questions"] = loop
    assert "contains itself (a recursive YAML alias)" in problems_of(config)
    assert parsed("a: &a [*a]\n") is not None  # YAML can build one, hence the check


def test_structure_check_counts_each_use_of_an_alias():
    shared = list(range(10))
    assert structure_problems({"a": [shared] * 10}, "x", max_values=200) == []
    assert (
        "more than 100 values" in structure_problems({"a": [shared] * 10}, "x", max_values=100)[0]
    )


def test_a_long_bad_value_is_quoted_by_its_beginning_only():
    long_text = "wilson" + "x" * 10_000
    message = problems_of(edited("interval: wilson", f"interval: {long_text}"))
    assert "at statistics.interval: 'wilsonxxx" in message
    assert len(message) < 500


def test_a_long_bad_list_is_quoted_by_its_beginning_only():
    config = copy.deepcopy(REAL_CONFIG)
    config["figures"][0]["cohorts"] = list(range(5000))
    message = problems_of(config)
    assert "at figures[0].cohorts: [0, 1, 2, 3, ...] matches none of the allowed forms" in message
    assert len(message) < 1000


def test_the_message_lists_at_most_fifty_problems():
    config = copy.deepcopy(REAL_CONFIG)
    config["profile_questions"] = list(range(500))
    message = problems_of(config)
    assert message.count("is not of type 'string'") == 50
    assert "(and 450 more problems)" in message


def test_validation_does_not_change_the_config():
    config = copy.deepcopy(REAL_CONFIG)
    validate_plan(config, base_dir=REPO)
    assert config == REAL_CONFIG


def test_a_document_that_is_not_a_mapping_is_named():
    assert "the configuration must be a mapping of settings, found list" in problems_of(["waves"])


def test_paths_are_relative_to_base_dir(tmp_path):
    with pytest.raises(SurveyInputError, match="does not exist"):
        validate_plan(copy.deepcopy(REAL_CONFIG), base_dir=tmp_path)
    assert validate_plan(copy.deepcopy(REAL_CONFIG), base_dir=Path(REPO)).waves[WAVE].id == WAVE
