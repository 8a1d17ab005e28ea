"""The analysis plan (config.yaml): validation against its schema and against the codebooks."""

from dataclasses import dataclass
from pathlib import Path

from smmjourney.plan.codebook import Codebook, load_codebook
from smmjourney.errors import SurveyInputError
from smmjourney.plan.schema import load_schema, schema_problems, with_defaults

PROFILE_STAGE = "profile"


@dataclass(frozen=True)
class Indicator:
    """One row of the appropriateness table: a share of respondents choosing some options."""

    stage: str
    activity: str
    activity_label: str
    id: str
    label: str
    question: str
    options: tuple[int, ...]
    direction: str


def _question_problems(config: dict, codebook: Codebook, where: str) -> list[str]:
    problems = []
    known = ", ".join(codebook.questions)

    def check(question_id: str, options, place: str) -> None:
        if question_id not in codebook.questions:
            problems.append(f"{where}: {place} names unknown question {question_id!r} (the codebook {codebook.path} has: {known})")
            return
        valid = codebook.questions[question_id].codes
        for code in options or []:
            if code not in valid:
                problems.append(
                    f"{where}: {place} names option {code} of question {question_id!r}, which the codebook lacks (options: {valid})"
                )

    for i, question_id in enumerate(config.get("profile_questions", [])):
        check(question_id, None, f"profile_questions[{i}]")
    for i, cohort in enumerate(config["cohorts"]):
        if "question" in cohort["rule"]:
            check(cohort["rule"]["question"], cohort["rule"]["options"], f"cohorts[{i}] ({cohort['id']})")
    for s, stage in enumerate(config["stages"]):
        for a, activity in enumerate(stage["activities"]):
            for k, indicator in enumerate(activity["indicators"]):
                check(indicator["question"], indicator["options"], f"stages[{s}].activities[{a}].indicators[{k}] ({stage['id']}/{activity['id']}/{indicator['id']})")
    for i, figure in enumerate(config.get("figures", [])):
        if figure.get("kind", "question") == "question":
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
                problems.append(f"{where}: {what} id {item!r} is used twice")
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
            unique([i["id"] for i in activity["indicators"]], f"{stage['id']}/{activity['id']}: indicator")
    unique([f["id"] for f in config.get("figures", [])], "figure")
    for i, figure in enumerate(config.get("figures", [])):
        if isinstance(figure.get("cohorts"), list):
            for cohort in figure["cohorts"]:
                if cohort not in cohort_ids:
                    problems.append(f"{where}: figures[{i}] ({figure['id']}) names unknown cohort {cohort!r} (cohorts: {cohort_ids})")
    rating = config.get("rating", {})
    if rating.get("yellow_min", 20) > rating.get("green_min", 40):
        problems.append(
            f"{where}: rating.yellow_min ({rating.get('yellow_min')}) must not exceed rating.green_min ({rating.get('green_min', 40)})"
        )
    for wave_id, wave in config["waves"].items():
        source_ids = [s["id"] for s in wave["sources"]]
        unique(source_ids, f"wave {wave_id}: source")
        for cohort in config["cohorts"]:
            for source in cohort["rule"].get("source", []):
                if source not in source_ids:
                    problems.append(f"{where}: cohort {cohort['id']!r} names source {source!r}, which wave {wave_id!r} lacks (sources: {source_ids})")
        if any(f.get("kind") == "funnel" for f in config.get("figures", [])) and "funnel" not in wave:
            problems.append(f"{where}: a figure of kind funnel needs waves.{wave_id}.funnel")
    return problems


def validate_plan(config: dict, where: str = "config", base_dir: str | Path = ".") -> dict:
    """Validate ``config`` and return it with defaults filled in.

    Checks the schema (a misspelt key is named with the keys allowed there), unique ids, that every
    question and option the plan names exists in each wave's codebook, and that each wave's
    codebook and source files exist. Raises :class:`SurveyInputError` listing every problem.
    """
    schema = load_schema("config")
    problems = schema_problems(config, schema, where)
    if problems:
        raise SurveyInputError("The configuration is not valid:\n  " + "\n  ".join(problems))
    config = with_defaults(config, schema)
    problems = _id_problems(config, where)
    base_dir = Path(base_dir)
    for wave_id, wave in config["waves"].items():
        codebook = load_codebook(base_dir / wave["codebook"])
        problems += _question_problems(config, codebook, f"{where} (wave {wave_id})")
        for source in wave["sources"]:
            if source["language"] not in codebook.languages:
                problems.append(
                    f"{where}: wave {wave_id} source {source['id']!r} is in language {source['language']!r}, which the codebook lacks (languages: {list(codebook.languages)})"
                )
            if not (base_dir / source["file"]).is_file():
                problems.append(f"{where}: wave {wave_id} source {source['id']!r}: the file {source['file']} does not exist")
        if "funnel" in wave and not (base_dir / wave["funnel"]).is_file():
            problems.append(f"{where}: wave {wave_id}: the funnel file {wave['funnel']} does not exist")
    if problems:
        raise SurveyInputError("The configuration is not valid:\n  " + "\n  ".join(dict.fromkeys(problems)))
    return config


def indicators(config: dict) -> list[Indicator]:
    """Every indicator of the plan, in stage, activity and indicator order."""
    return [
        Indicator(
            stage=stage["id"],
            activity=activity["id"],
            activity_label=activity.get("label", activity["id"]),
            id=indicator["id"],
            label=indicator.get("label", indicator["id"]),
            question=indicator["question"],
            options=tuple(indicator["options"]),
            direction=indicator["direction"],
        )
        for stage in config["stages"]
        for activity in stage["activities"]
        for indicator in activity["indicators"]
    ]


def stage_questions(config: dict) -> list[tuple[str, str]]:
    """(stage, question) pairs to tabulate: profile questions, then each stage's questions once."""
    pairs = [(PROFILE_STAGE, q) for q in config.get("profile_questions", [])]
    for stage in config["stages"]:
        seen: list[str] = []
        for indicator in indicators({"stages": [stage]}):
            if indicator.question not in seen:
                seen.append(indicator.question)
        pairs += [(stage["id"], q) for q in seen]
    return pairs
