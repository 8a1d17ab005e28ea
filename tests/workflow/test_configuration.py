"""The configuration through the command line: a bad one stops the dry run before any job, a
changed setting reruns only the steps that read it, a deleted result is rebuilt, and each step
reads only the settings its rule passes it."""

from __future__ import annotations

import re
import shutil
import time

import pytest
import yaml

from smmjourney.errors import SurveyInputError
from smmjourney.plan import load_plan, plain, stage_questions, validate_plan
from smmjourney.plan.schema import SAFE_LOADER
from workflow_run import REPO, copy_workflow, snakemake

pytestmark = pytest.mark.workflow

WAVE = "thesis2017"
CONFIG_TEXT = (REPO / "config.yaml").read_text(encoding="utf-8")
PROFILE = "profile_questions: [q01_networks, q02_use_frequency, gender, age, country, occupation]"
BOMB = 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9)
)
BAD_CONFIGS = {
    "alpha_strict": (
        CONFIG_TEXT.replace("alpha_strict: 0.01", "alpha_strict: 0.05"),
        "statistics.alpha_strict (0.05) must be below statistics.alpha (0.05)",
    ),
    "nan": (
        CONFIG_TEXT.replace("confidence: 0.95", "confidence: .nan"),
        "at statistics.confidence: nan is not a finite number",
    ),
    "resamples": (
        CONFIG_TEXT.replace("resamples: 10000", "resamples: 100000000"),
        "at statistics.resamples: 100000000 is greater than the maximum of 1000000",
    ),
    "alias_bomb": (
        BOMB + CONFIG_TEXT.replace(PROFILE, "profile_questions: *l8"),
        "the configuration has more than 100,000 values (YAML aliases?)",
    ),
}


# Mappings of aliases: Snakemake's own loading of a --configfile copies every nested mapping, so
# it expands them before any workflow code runs (upstream: snakemake.utils.update_config); the
# bundled config.yaml is checked with the package's loader before Snakemake reads it.
MAPPING_BOMB = "m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}\n" + "".join(
    f"m{i}: &m{i} {{{', '.join(f'k{j}: *m{i - 1}' for j in range(10))}}}\n" for i in range(1, 10)
)


def test_a_mapping_alias_bomb_in_the_bundled_config_stops_before_snakemake_expands_it(tmp_path):
    directory = copy_workflow(tmp_path)
    (directory / "config.yaml").write_text(MAPPING_BOMB + CONFIG_TEXT, encoding="utf-8")
    start = time.perf_counter()
    result = snakemake(directory, "--dry-run", timeout=60)
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert "the configuration has more than 100,000 values (YAML aliases?)" in message
    assert len(message) < 5000 and not (directory / "results").exists()
    # A 10^10-value document expanded would take hours; checked, it stops in Snakemake's start-up.
    assert time.perf_counter() - start < 30


@pytest.fixture(scope="module")
def workflow_copy(tmp_path_factory):
    return copy_workflow(tmp_path_factory.mktemp("configuration"))


def finished_copy(thesis_run, target):
    """A copy of the finished thesis run (results and Snakemake's records of them)."""
    return shutil.copytree(thesis_run, target, symlinks=True)


def planned(result) -> dict[str, str]:
    """Rule -> the reason the dry run gives for its (first) job."""
    rules, rule = {}, None
    for line in (result.stdout + result.stderr).splitlines():
        if match := re.match(r"(?:local)?rule (\w+):$", line):
            rule = match.group(1)
            rules.setdefault(rule, "")
        elif rule and line.strip().startswith("reason:") and not rules[rule]:
            rules[rule] = line.strip()
    return rules


@pytest.mark.parametrize("case", list(BAD_CONFIGS))
def test_a_bad_configuration_stops_the_dry_run_before_any_job(workflow_copy, case):
    text, expected = BAD_CONFIGS[case]
    path = workflow_copy / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    result = snakemake(workflow_copy, "--dry-run", "--configfile", path.name, timeout=120)
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert "The configuration is not valid:" in message and expected in message
    assert "Building DAG of jobs" not in message and "rule clean:" not in message
    assert len(message) < 5000
    assert not (workflow_copy / "results").exists()
    # Our own validation of the same document, timed apart from Snakemake's start-up.
    config = yaml.load(text, Loader=SAFE_LOADER)
    start = time.perf_counter()
    with pytest.raises(SurveyInputError, match=re.escape(expected)):
        validate_plan(config, "config", base_dir=workflow_copy)
    assert time.perf_counter() - start < 1.0


# setting -> (its edit, the rules whose params change, the rules downstream of them, the longest
# reason a changed rule may give: the values that changed, not the whole configuration; the
# figures are one list, which the charts step draws in one job)
CHANGES = {
    "resamples": (
        ("resamples: 10000", "resamples: 20000"),
        {"tests"},
        # posthoc and appropriateness read resamples too, but they also read what tests (through
        # crosstabs) rewrites, which is the reason Snakemake gives them
        {
            "crosstabs",
            "posthoc",
            "appropriateness",
            "sensitivity",
            "verdicts",
            "workbook",
            "charts",
            "report",
        },
        600,
    ),
    "green_min": (
        ("green_min: 40", "green_min: 45"),
        {"appropriateness"},
        # sensitivity reads the rating settings too, but Snakemake names the rewritten table
        {"sensitivity", "verdicts", "workbook", "charts", "report"},
        # the reason quotes the six rating settings before and after (about 400 characters)
        450,
    ),
    "figure_title": (
        (
            'title: "Diagram 1. The age of respondents"',
            'title: "Diagram 1. Age of the respondents"',
        ),
        {"charts"},
        {"report"},
        4000,
    ),
}


@pytest.mark.parametrize("case", list(CHANGES))
def test_a_changed_setting_reruns_only_the_steps_that_read_it(thesis_run, tmp_path, case):
    (old, new), changed, downstream, longest = CHANGES[case]
    directory = finished_copy(thesis_run, tmp_path / "run")
    config = directory / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert text.count(old) == 1
    config.write_text(text.replace(old, new), encoding="utf-8")
    result = snakemake(directory, "--dry-run")
    assert result.returncode == 0, result.stderr[-3000:]
    rules = planned(result)
    assert set(rules) == changed | downstream | {"all"}, rules
    for rule in changed:
        assert "Params have changed" in rules[rule]
        assert len(rules[rule]) < longest, rules[rule]
    for rule in downstream:
        assert "Input files updated by another job" in rules[rule]


@pytest.mark.parametrize(
    "name",
    [
        "residuals.csv",
        "figures/appropriateness_heatmap.svg",
        "cohort_sizes.csv",
        "cleaned/respondents.parquet",
    ],
)
def test_a_deleted_result_is_rebuilt(thesis_run, tmp_path, name):
    directory = finished_copy(thesis_run, tmp_path / "run")
    target = directory / "results" / WAVE / name
    before = target.read_bytes()
    target.unlink()
    result = snakemake(directory)
    assert result.returncode == 0, result.stderr[-3000:]
    assert target.read_bytes() == before


NON_DEFAULT_STATISTICS = {
    "confidence": 0.9,
    "interval": "agresti_coull",
    "alpha": 0.1,
    "alpha_strict": 0.02,
    "p_adjust": "fdr_bh",
    "letters_adjust": "holm",
    "letters": "exploratory",
    "yates": True,
    "seed": 7,
    "resamples": 200,
    "cramers_v": "bias_corrected",
    "difference": "wald",
}


def rule_statistics(rule: str) -> list[str]:
    """The statistics settings ``workflow/rules/<rule>.smk`` passes its step."""
    text = (REPO / "workflow" / "rules" / f"{rule}.smk").read_text(encoding="utf-8")
    match = re.search(r"statistics=statistics_of\(([^)]*)\)", text)
    return re.findall(r'"(\w+)"', match.group(1))


def test_each_step_reads_only_the_statistics_its_rule_passes(thesis_run, tmp_path):
    """Every step run once with all settings changed from their defaults and once with only those
    its rule names (the rest then take the schema's defaults): the outputs agree."""
    from smmjourney.appropriateness import write_appropriateness
    from smmjourney.crosstabs import write_crosstabs
    from smmjourney.inference import write_tests
    from smmjourney.plan import indicators
    from smmjourney.posthoc import write_posthoc

    plan = load_plan(thesis_run / "config.yaml", base_dir=thesis_run)
    results, codebook = thesis_run / "results" / WAVE, str(thesis_run / plan.waves[WAVE].codebook)
    cohorts = [cohort.id for cohort in plan.cohorts]
    inputs = {
        "answers": str(results / "cleaned" / "answers.parquet"),
        "assignment": str(results / "cleaned" / "cohorts.parquet"),
        "respondents": str(results / "cleaned" / "respondents.parquet"),
        "codebook": codebook,
    }

    def run(rule: str, statistics: dict, folder) -> list[bytes]:
        folder.mkdir()
        if rule == "crosstabs":
            write_crosstabs(
                **inputs,
                tests=str(results / "tests.csv"),
                stage_questions=[list(p) for p in stage_questions(plan)],
                cohort_order=cohorts,
                language=plan.report_language,
                statistics=statistics,
                weights={},
                crosstabs=str(folder / "a.csv"),
                wave=WAVE,
            )
            names = ["a.csv"]
        elif rule == "tests":
            write_tests(
                **inputs,
                stage_questions=[list(p) for p in stage_questions(plan)],
                cohorts=plain(plan.cohorts),
                language=plan.report_language,
                statistics=statistics,
                weights={},
                tests=str(folder / "a.csv"),
                ordinal=str(folder / "b.csv"),
                multiple_response=str(folder / "c.csv"),
                wave=WAVE,
            )
            names = ["a.csv", "b.csv", "c.csv"]
        elif rule == "posthoc":
            write_posthoc(
                crosstabs=str(results / "crosstabs.csv"),
                cohort_order=cohorts,
                statistics=statistics,
                residuals=str(folder / "a.csv"),
                pairwise=str(folder / "b.csv"),
            )
            names = ["a.csv", "b.csv"]
        else:
            write_appropriateness(
                **inputs,
                indicators=plain(indicators(plan)),
                rating=plain(plan.rating),
                statistics=statistics,
                cohort_labels={c.id: c.label for c in plan.cohorts},
                weights={},
                table=str(folder / "a.csv"),
                tests=str(results / "tests.csv"),
                wave=WAVE,
            )
            names = ["a.csv"]
        return [(folder / name).read_bytes() for name in names]

    for rule in ("crosstabs", "tests", "posthoc", "appropriateness"):
        keys = rule_statistics(rule)
        assert keys, rule
        narrow = {key: NON_DEFAULT_STATISTICS[key] for key in keys}
        full = run(rule, NON_DEFAULT_STATISTICS, tmp_path / f"{rule}_full")
        assert run(rule, narrow, tmp_path / f"{rule}_narrow") == full, rule
