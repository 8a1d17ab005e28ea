"""Configuration validated against its schema and the codebooks; paths and parameters derived from it."""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(workflow.current_basedir).parent / "scripts"))

from snakemake.exceptions import WorkflowError
from smmjourney.errors import SurveyInputError
from smmjourney.plan import stage_questions, validate_plan
from smmjourney.runner import run_in_workflow

try:
    PLAN = validate_plan(dict(config), where="config")
except SurveyInputError as error:
    raise WorkflowError(str(error)) from None

WAVES = list(PLAN["waves"])
STAGES = [stage["id"] for stage in PLAN["stages"]]
STAGE_LABELS = {stage["id"]: stage.get("label", stage["id"]) for stage in PLAN["stages"]}
COHORT_LABELS = {cohort["id"]: cohort.get("label", cohort["id"]) for cohort in PLAN["cohorts"]}
COHORT_ORDER = list(COHORT_LABELS)
FIGURES = PLAN["figures"]
RESULTS = "results/{wave}"


wildcard_constraints:
    wave="|".join(re.escape(wave) for wave in WAVES),


def get_wave(wildcards):
    return PLAN["waves"][wildcards.wave]


def get_source_files(wildcards):
    return [source["file"] for source in get_wave(wildcards)["sources"]]


def get_codebook(wildcards):
    return get_wave(wildcards)["codebook"]


def get_sources(wildcards):
    return get_wave(wildcards)["sources"]


def get_funnel(wildcards):
    return get_wave(wildcards).get("funnel", "")


def get_funnel_input(wildcards):
    return [get_funnel(wildcards)] if get_funnel(wildcards) else []


def required_questions():
    """Questions every export must carry: those of the stages, the profile and the cohort rules."""
    needed = {question for _, question in stage_questions(PLAN)}
    needed |= {c["rule"]["question"] for c in PLAN["cohorts"] if "question" in c["rule"]}
    return sorted(needed)


def stage_chart_paths(suffix):
    return [f"{RESULTS}/figures/stage_{stage}.{suffix}" for stage in STAGES]


def figure_paths(suffix):
    return [f"{RESULTS}/figures/{figure['id']}.{suffix}" for figure in FIGURES]


def all_targets():
    """Every file every configured wave writes, so that a deleted one is rebuilt by a plain rerun."""
    steps = [
        rules.clean,
        rules.split,
        rules.crosstabs,
        rules.tests,
        rules.posthoc,
        rules.appropriateness,
        rules.workbook,
        rules.charts,
        rules.report,
    ]
    return [path for step in steps for path in expand(step.output, wave=WAVES)]
