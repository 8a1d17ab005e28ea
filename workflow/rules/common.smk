"""The configuration, validated once into the typed plan; the paths and the plain parameter values
each rule takes from it.

Each rule's params carry only the plain values (strings, numbers, lists and dicts of them) its step
reads, so that a changed setting reruns just the steps that use it, and the rerun reason Snakemake
prints names just that value.
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(workflow.current_basedir).parent / "scripts"))

from snakemake.exceptions import WorkflowError
from smmjourney.errors import SurveyInputError
from smmjourney.plan import indicators, plain, stage_questions, validate_plan
from smmjourney.plan.schema import yaml_file_problems
from smmjourney.processes import RUN_PROCESS
from smmjourney.runner import run_in_workflow
from smmjourney.verdicts import check_verdicts, plan_activities, read_verdicts

# The steps' own processes end with the Snakemake process running them (smmjourney.processes).
os.environ[RUN_PROCESS] = str(os.getpid())

# A config given with --configfile is used alone, by this run and by every job it starts (on a
# cluster too): the bundled one is read only when none is given, so markets never mix. It is
# checked with the package's loader first: Snakemake's own loading would expand a YAML alias bomb.
if not workflow.config_settings.configfiles:
    if problems := yaml_file_problems("config.yaml"):
        raise WorkflowError("The configuration is not valid:\n  " + "\n  ".join(problems))

    configfile: "config.yaml"


try:
    PLAN = validate_plan(config, where="config")
except SurveyInputError as error:
    raise WorkflowError(str(error)) from None

WAVES = list(PLAN.waves)
VERDICT_WAVES = [wave for wave in WAVES if PLAN.waves[wave].verdicts]
STAGES = [stage.id for stage in PLAN.stages]
STAGE_LABELS = {stage.id: stage.label for stage in PLAN.stages}
COHORT_LABELS = {cohort.id: cohort.label for cohort in PLAN.cohorts}
COHORT_ORDER = list(COHORT_LABELS)
COHORTS = plain(PLAN.cohorts)
COHORT_RULES = [cohort["rule"] for cohort in COHORTS]
FIGURES = plain(PLAN.figures)
FIGURE_TITLES = {figure.id: figure.title for figure in PLAN.figures}
STAGE_QUESTIONS = [list(pair) for pair in stage_questions(PLAN)]
INDICATORS = plain(indicators(PLAN))
RATING = plain(PLAN.rating)
RESULTS = "results/{wave}"


wildcard_constraints:
    wave="|".join(re.escape(wave) for wave in WAVES),


def statistics_of(*names):
    """The ``statistics`` settings ``names`` (those a step reads), as a dict."""
    return {name: getattr(PLAN.statistics, name) for name in names}


def get_wave(wildcards):
    return PLAN.waves[wildcards.wave]


def get_title(wildcards):
    return get_wave(wildcards).title


def get_source_files(wildcards):
    return [source.file for source in get_wave(wildcards).sources]


def get_codebook(wildcards):
    return get_wave(wildcards).codebook


def get_sources(wildcards):
    return plain(get_wave(wildcards).sources)


def get_quality(wildcards):
    return plain(get_wave(wildcards).quality)


def get_weights(wildcards):
    """The wave's ``weights`` entry; empty for an unweighted wave."""
    spec = PLAN.weights.get(wildcards.wave)
    return plain(spec) if spec is not None else {}


def get_funnel(wildcards):
    return get_wave(wildcards).funnel


def get_funnel_input(wildcards):
    return [get_funnel(wildcards)] if get_funnel(wildcards) else []


for verdict_wave in VERDICT_WAVES:
    try:
        check_verdicts(
            read_verdicts(PLAN.waves[verdict_wave].verdicts),
            PLAN.waves[verdict_wave].verdicts,
            plan_activities(PLAN.stages),
            COHORT_ORDER,
        )
    except SurveyInputError as error:
        raise WorkflowError(str(error)) from None


def get_verdicts(wildcards):
    """The wave's published-verdicts file (``waves.<wave>.verdicts``)."""
    return get_wave(wildcards).verdicts


def get_verdicts_comparison(wildcards):
    """The wave's ``verdicts_comparison.csv``, or nothing for a wave without verdicts."""
    if wildcards.wave not in VERDICT_WAVES:
        return []
    return expand(rules.verdicts.output.comparison, wave=wildcards.wave)


def required_questions():
    """Questions every export must carry: those of the stages, the profile and the cohort rules."""
    needed = {question for _, question in stage_questions(PLAN)}
    needed |= {cohort.rule.question for cohort in PLAN.cohorts if cohort.rule.question is not None}
    return sorted(needed)


def stage_chart_paths(suffix):
    return [f"{RESULTS}/figures/stage_{stage}.{suffix}" for stage in STAGES]


def figure_paths(suffix):
    return [f"{RESULTS}/figures/{figure.id}.{suffix}" for figure in PLAN.figures]


def all_targets():
    """Every file every configured wave writes, so that a deleted one is rebuilt by a plain rerun."""
    steps = [
        rules.clean,
        rules.split,
        rules.crosstabs,
        rules.tests,
        rules.posthoc,
        rules.appropriateness,
        rules.sensitivity,
        rules.workbook,
        rules.charts,
        rules.report,
    ]
    return [path for step in steps for path in expand(step.output, wave=WAVES)] + expand(
        rules.verdicts.output, wave=VERDICT_WAVES
    )
