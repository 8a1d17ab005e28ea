"""The analysis plan (config.yaml): validated against its schema and against the codebooks, and
turned into the typed, frozen :class:`~smmjourney.plan.model.Plan`.

:func:`validate_plan` (or :func:`load_plan`, which reads the file first) is the one entry: it
bounds the document (no YAML alias bomb, no NaN or infinity), applies the schema, fills in the
schema's ``default:`` values (the one place defaults live), checks every rule that spans fields
(unique ids, ``alpha_strict < alpha``, ``yellow_min <= green_min``, every question, option, cohort,
source and file the plan names) and raises :class:`SurveyInputError` listing every problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import Codebook, load_codebook
from smmjourney.plan.model import (
    Activity,
    Cohort,
    CohortRule,
    Figure,
    Indicator,
    Plan,
    Rating,
    Source,
    Stage,
    Statistics,
    Wave,
    Weights,
    build_plan,
    plain,
    rating_from,
    statistics_from,
    weights_from,
)
from smmjourney.plan.schema import (
    excerpt,
    key_name,
    load_schema,
    problem_list,
    read_yaml,
    schema_problems,
    shorten,
    structure_problems,
    with_defaults,
)

__all__ = [
    "Activity",
    "Cohort",
    "CohortRule",
    "Figure",
    "Indicator",
    "Plan",
    "Rating",
    "Source",
    "Stage",
    "Statistics",
    "Wave",
    "Weights",
    "indicators",
    "load_plan",
    "plain",
    "rating_settings",
    "stage_questions",
    "statistics_settings",
    "validate_plan",
    "weights_settings",
]

PROFILE_STAGE = "profile"
INVALID = "The configuration is not valid:"


def _question_problems(config: dict, codebook: Codebook, where: str) -> list[str]:
    problems = []
    known = ", ".join(codebook.questions)

    def check(question_id: str, options, place: str) -> None:
        if question_id not in codebook.questions:
            problems.append(
                f"{where}: {place} names unknown question {excerpt(question_id)} (the codebook "
                f"{codebook.path} has: {known})"
            )
            return
        valid = codebook.questions[question_id].codes
        for code in options or []:
            if code not in valid:
                problems.append(
                    f"{where}: {place} names option {code} of question {excerpt(question_id)}, "
                    f"which the codebook lacks (options: {valid})"
                )

    for i, question_id in enumerate(config["profile_questions"]):
        check(question_id, None, f"profile_questions[{i}]")
    for i, cohort in enumerate(config["cohorts"]):
        if "question" in cohort["rule"]:
            check(
                cohort["rule"]["question"],
                cohort["rule"]["options"],
                f"cohorts[{i}] ({cohort['id']})",
            )
    for s, stage in enumerate(config["stages"]):
        for a, activity in enumerate(stage["activities"]):
            for k, indicator in enumerate(activity["indicators"]):
                check(
                    indicator["question"],
                    indicator["options"],
                    f"stages[{s}].activities[{a}].indicators[{k}] "
                    f"({stage['id']}/{activity['id']}/{indicator['id']})",
                )
    for i, figure in enumerate(config["figures"]):
        if figure["kind"] == "question":
            if "question" not in figure:
                problems.append(f"{where}: figures[{i}] ({figure['id']}) needs a question")
            else:
                check(figure["question"], None, f"figures[{i}] ({figure['id']})")
    return problems


def _id_problems(config: dict, where: str) -> list[str]:
    problems = []

    def unique(ids: list[str], what: str) -> None:
        seen = set()
        for item in ids:
            if item in seen:
                problems.append(f"{where}: {what} id {excerpt(item)} is used twice")
            seen.add(item)

    cohort_ids = [c["id"] for c in config["cohorts"]]
    unique(cohort_ids, "cohort")
    if "all" in cohort_ids:
        problems.append(f"{where}: cohort id 'all' is reserved for everyone together")
    stage_ids = [s["id"] for s in config["stages"]]
    unique(stage_ids, "stage")
    if PROFILE_STAGE in stage_ids:
        problems.append(f"{where}: stage id {PROFILE_STAGE!r} is reserved for profile_questions")
    for stage in config["stages"]:
        unique([a["id"] for a in stage["activities"]], f"stage {stage['id']}: activity")
        for activity in stage["activities"]:
            unique(
                [i["id"] for i in activity["indicators"]],
                f"{stage['id']}/{activity['id']}: indicator",
            )
    unique([f["id"] for f in config["figures"]], "figure")
    for i, figure in enumerate(config["figures"]):
        if isinstance(figure["cohorts"], list):
            for cohort in figure["cohorts"]:
                if cohort not in cohort_ids:
                    problems.append(
                        f"{where}: figures[{i}] ({figure['id']}) names unknown cohort "
                        f"{excerpt(cohort)} (cohorts: {cohort_ids})"
                    )
    problems += _rating_problems(config["rating"], where)
    problems += _statistics_problems(config["statistics"], where)
    for wave_id in config["weights"]:
        if wave_id not in config["waves"]:
            problems.append(
                f"{where}: weights names wave {excerpt(wave_id)}, which waves lacks (waves: "
                f"{list(config['waves'])})"
            )
        for cohort in config["weights"][wave_id].get("raking") or {}:
            if cohort not in cohort_ids:
                problems.append(
                    f"{where}: weights.{wave_id}.raking names unknown cohort {excerpt(cohort)} "
                    f"(cohorts: {cohort_ids})"
                )
    for wave_id, wave in config["waves"].items():
        source_ids = [s["id"] for s in wave["sources"]]
        unique(source_ids, f"wave {wave_id}: source")
        for cohort in config["cohorts"]:
            for source in cohort["rule"].get("source", []):
                if source not in source_ids:
                    problems.append(
                        f"{where}: cohort {excerpt(cohort['id'])} names source {excerpt(source)}, "
                        f"which wave {excerpt(wave_id)} lacks (sources: {source_ids})"
                    )
        if any(f["kind"] == "funnel" for f in config["figures"]) and "funnel" not in wave:
            problems.append(f"{where}: a figure of kind funnel needs waves.{wave_id}.funnel")
    return problems


def _rating_problems(rating: Mapping[str, Any], where: str) -> list[str]:
    if rating["yellow_min"] > rating["green_min"]:
        return [
            f"{where}: rating.yellow_min ({rating['yellow_min']}) must not exceed rating.green_min "
            f"({rating['green_min']})"
        ]
    return []


def _statistics_problems(statistics: Mapping[str, Any], where: str) -> list[str]:
    if not statistics["alpha_strict"] < statistics["alpha"]:
        return [
            f"{where}: statistics.alpha_strict ({statistics['alpha_strict']}) must be below "
            f"statistics.alpha ({statistics['alpha']}): it is the stricter level, of the "
            "upper-case significance letters"
        ]
    return []


def _weights_problems(config: dict, codebook: Codebook, wave_id: str, where: str) -> list[str]:
    """The raking margins of a wave against its codebook: known single-answer questions, known
    options."""
    problems = []
    raking = (config["weights"].get(wave_id) or {}).get("raking") or {}
    for cohort, questions in raking.items():
        for question_id, shares in questions.items():
            place = f"{where}: weights.{wave_id}.raking.{key_name(cohort)}.{key_name(question_id)}"
            question = codebook.questions.get(question_id)
            if question is None:
                problems.append(
                    f"{place}: unknown question {excerpt(question_id)} (the codebook "
                    f"{codebook.path} lacks it)"
                )
                continue
            if question.is_multiple:
                problems.append(
                    f"{place}: a raking margin needs a single-answer question, "
                    f"{excerpt(question_id)} is multiple_choice"
                )
            for code in shares:
                if _option_code(code) not in question.codes:
                    problems.append(
                        f"{place}: option {excerpt(code)} is not in the codebook (options: "
                        f"{question.codes})"
                    )
    return problems


def _option_code(key: Any) -> int | None:
    """A raking margin's key as the option code it names (YAML reads ``1:`` as 1, ``"1":`` as
    text)."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    if isinstance(key, str) and key.strip().lstrip("-").isdigit():
        return int(key)
    return None


def _file_problems(
    wave_id: str, wave: dict, codebook: Codebook, base_dir: Path, where: str
) -> list[str]:
    problems = []
    for source in wave["sources"]:
        if source["language"] not in codebook.languages:
            problems.append(
                f"{where}: wave {wave_id} source {excerpt(source['id'])} is in language "
                f"{excerpt(source['language'])}, which the codebook lacks (languages: "
                f"{list(codebook.languages)})"
            )
        if not (base_dir / source["file"]).is_file():
            problems.append(
                f"{where}: wave {wave_id} source {excerpt(source['id'])}: the file "
                f"{shorten(source['file'], 200)} does not exist"
            )
    if "funnel" in wave and not (base_dir / wave["funnel"]).is_file():
        problems.append(f"{where}: wave {wave_id}: the funnel file {wave['funnel']} does not exist")
    elif "funnel" in wave:
        problems += [
            f"{where}: wave {wave_id}: {problem}"
            for problem in funnel_problems(base_dir / wave["funnel"], wave["funnel"])
        ]
    return problems


MAX_FUNNEL_BYTES = 2**20
"""Largest funnel file read (a funnel is a few steps)."""


def funnel_problems(path: Path, name: str) -> list[str]:
    """What makes the funnel CSV at ``path`` (``name`` in messages) unfit for its chart, or ``[]``:
    it must be UTF-8 text with the columns ``label`` and ``count``, at least one step, and a whole
    number of 0 or more as each count, the first above 0.

    Checked when the plan is read, so that a bad funnel stops the run before any job rather than
    in the charts step, after the other steps have written their results.
    """
    import csv
    import io

    from smmjourney.personal_data import quoted

    if path.stat().st_size > MAX_FUNNEL_BYTES:
        return [f"the funnel file {name} is larger than {MAX_FUNNEL_BYTES:,} bytes"]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [f"the funnel file {name} is not UTF-8 text (byte {error.start + 1})"]
    reader = csv.DictReader(io.StringIO(text))
    try:
        rows = [(row, reader.line_num) for row in reader]
    except csv.Error as error:
        return [f"the funnel file {name} is not a CSV file ({error}, line {reader.line_num})"]
    columns = set(reader.fieldnames or ())
    if not rows or not {"label", "count"} <= columns:
        return [
            f"the funnel file {name} has no steps or lacks the column(s) "
            f"{sorted({'label', 'count'} - columns)}; expected the header step,label,count and "
            "one row per step"
        ]
    for number, (row, line) in enumerate(rows, start=1):
        count = (row.get("count") or "").strip()
        if not count.isdigit() or (number == 1 and int(count) == 0):
            least = "1 or more (the first step)" if number == 1 else "0 or more"
            return [
                f"the funnel file {name}, row {number} (line {line}), column count: found "
                f"{quoted(count)}, expected a whole number of {least}"
            ]
    return []


def validate_plan(
    config: Mapping[str, Any], where: str = "config", base_dir: str | Path = "."
) -> Plan:
    """Validate ``config`` (the parsed YAML) and return it as a typed :class:`Plan`.

    In order, each stage only when the one before found nothing: the document's size and its
    numbers (at most :data:`~smmjourney.plan.schema.MAX_VALUES` values, however YAML aliases
    repeat them, no NaN, no infinity); the schema (a misspelt key is named with the keys allowed
    there); then together the rules across fields (unique ids, ``alpha_strict < alpha``,
    ``yellow_min <= green_min``, cohorts, sources and waves named where they are used), every
    question and option the plan names against each wave's codebook, and each wave's codebook,
    source and funnel files, relative to ``base_dir``. ``config`` itself is not changed.

    Raises
    ------
    SurveyInputError
        Listing every problem, each naming ``where`` and the place in the configuration; a value
        is quoted by its first few characters only.
    """
    problems = structure_problems(config, where)
    if not problems and not isinstance(config, Mapping):
        problems = [
            f"{where}: the configuration must be a mapping of settings, found "
            f"{type(config).__name__}"
        ]
    if problems:
        raise SurveyInputError(INVALID + problem_list(problems))
    schema = load_schema("config")
    problems = schema_problems(config, schema, where)
    if problems:
        raise SurveyInputError(INVALID + problem_list(problems))
    config = with_defaults(config, schema)
    problems = _id_problems(config, where)
    base_dir = Path(base_dir)
    for wave_id, wave in config["waves"].items():
        codebook = load_codebook(base_dir / wave["codebook"])
        problems += _question_problems(config, codebook, f"{where} (wave {wave_id})")
        problems += _weights_problems(config, codebook, wave_id, where)
        problems += _file_problems(wave_id, wave, codebook, base_dir, where)
    if problems:
        raise SurveyInputError(INVALID + problem_list(problems))
    return build_plan(config)


def load_plan(path: str | Path, base_dir: str | Path = ".") -> Plan:
    """Read the configuration YAML at ``path`` and validate it (see :func:`validate_plan`).

    Raises
    ------
    SurveyInputError
        When the file cannot be read, is not YAML, or is not a valid plan.
    """
    config = read_yaml(path, "configuration")
    return validate_plan(config, where=str(path), base_dir=base_dir)


def _section(pointer: tuple[str, ...], values: Mapping[str, Any] | None, where: str) -> dict:
    """``values`` of one section of the configuration checked against its part of the schema,
    with that part's defaults filled in."""
    schema = load_schema("config")
    for part in pointer:
        schema = schema[part]
    values = dict(values or {})
    problems = structure_problems(values, where) or schema_problems(values, schema, where)
    if problems:
        raise SurveyInputError(INVALID + problem_list(problems))
    return with_defaults(values, schema)


def statistics_settings(statistics: Mapping[str, Any] | Statistics | None = None) -> Statistics:
    """``statistics`` of the configuration as :class:`Statistics`, each setting not given taken
    from the schema's default (the library's way in; the workflow validates the whole plan).

    Raises
    ------
    SurveyInputError
        For a setting the schema rejects, or ``alpha_strict`` not below ``alpha``.
    """
    if isinstance(statistics, Statistics):
        return statistics
    values = _section(("properties", "statistics"), statistics, "statistics")
    problems = _statistics_problems(values, "settings")
    if problems:
        raise SurveyInputError(INVALID + problem_list(problems))
    return statistics_from(values)


def rating_settings(rating: Mapping[str, Any] | Rating | None = None) -> Rating:
    """``rating`` of the configuration as :class:`Rating`, each setting not given taken from the
    schema's default.

    Raises
    ------
    SurveyInputError
        For a setting the schema rejects, or ``yellow_min`` above ``green_min``.
    """
    if isinstance(rating, Rating):
        return rating
    values = _section(("properties", "rating"), rating, "rating")
    problems = _rating_problems(values, "settings")
    if problems:
        raise SurveyInputError(INVALID + problem_list(problems))
    return rating_from(values)


def weights_settings(spec: Mapping[str, Any] | Weights, where: str = "weights") -> Weights:
    """One wave's ``weights`` entry as :class:`Weights`, each setting not given taken from the
    schema's default.

    Raises
    ------
    SurveyInputError
        For an entry the schema rejects.
    """
    if isinstance(spec, Weights):
        return spec
    return weights_from(_section(("properties", "weights", "additionalProperties"), spec, where))


def indicators(plan: Plan) -> list[Indicator]:
    """Every indicator of the plan, in stage, activity and indicator order."""
    return [
        indicator
        for stage in plan.stages
        for activity in stage.activities
        for indicator in activity.indicators
    ]


def stage_questions(plan: Plan) -> list[tuple[str, str]]:
    """(stage, question) pairs to tabulate: profile questions, then each stage's questions once."""
    pairs = [(PROFILE_STAGE, question) for question in plan.profile_questions]
    for stage in plan.stages:
        questions = dict.fromkeys(
            indicator.question for activity in stage.activities for indicator in activity.indicators
        )
        pairs += [(stage.id, question) for question in questions]
    return pairs
