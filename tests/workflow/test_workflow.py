"""The workflow through its command line: the DAG, a full run, incremental waves, bad input,
lint."""

import shutil

import pandas as pd
import pytest
import yaml

from workflow_run import REPO, copy_workflow, snakemake

pytestmark = pytest.mark.workflow

WAVE = "thesis2017"
STAGES = ["awareness", "consideration", "purchase", "retention", "loyalty"]


def add_copy_of_thesis_wave(directory, wave_id: str) -> None:
    """Copy the thesis wave's raw files to data/raw/<wave_id> and add that wave to config.yaml."""
    shutil.copytree(directory / "data" / "raw" / WAVE, directory / "data" / "raw" / wave_id)
    config = yaml.safe_load((directory / "config.yaml").read_text(encoding="utf-8"))
    wave = dict(config["waves"][WAVE], title=f"A copy of the thesis wave: {wave_id}")
    wave["sources"] = [dict(s, file=s["file"].replace(WAVE, wave_id)) for s in wave["sources"]]
    wave["funnel"] = wave["funnel"].replace(WAVE, wave_id)
    config["waves"][wave_id] = wave
    (directory / "config.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def test_dry_run_plans_one_job_per_step(tmp_path):
    result = snakemake(copy_workflow(tmp_path), "--dry-run", "--quiet", "rules")
    assert result.returncode == 0, result.stderr
    out = result.stdout + result.stderr
    for rule in [
        "clean",
        "split",
        "crosstabs",
        "tests",
        "appropriateness",
        "workbook",
        "charts",
        "report",
    ]:
        assert any(line.split()[:2] == [rule, "1"] for line in out.splitlines()), (rule, out)


def test_lint_has_nothing_to_say():
    result = shutil.which("snakemake") and snakemake(REPO, "--lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Congratulations, your workflow is in a good condition!" in result.stdout + result.stderr


def test_full_run_writes_documented_outputs(thesis_run):
    results = thesis_run / "results" / WAVE
    crosstabs = pd.read_csv(results / "crosstabs.csv")
    assert {
        "stage",
        "question",
        "option",
        "cohort",
        "base",
        "count",
        "pct",
        "ci_low",
        "ci_high",
    } <= set(crosstabs.columns)
    assert set(crosstabs["cohort"]) == {"russian", "foreign", "all"}
    assert set(STAGES) <= set(crosstabs["stage"])
    assert (
        (crosstabs["ci_low"] <= crosstabs["pct"]) & (crosstabs["pct"] <= crosstabs["ci_high"])
    ).all()
    tests = pd.read_csv(results / "tests.csv")
    assert {
        "stage",
        "question",
        "option",
        "test",
        "statistic",
        "dof",
        "p_value",
        "p_adjusted",
        "cramers_v",
        "min_expected",
    } <= set(tests.columns)
    assert tests["p_value"].dropna().between(0, 1).all()
    assert (tests["p_adjusted"].dropna() >= tests.loc[tests["p_adjusted"].notna(), "p_value"]).all()
    assert (
        tests["p_adjusted_wave"].dropna()
        >= tests.loc[tests["p_adjusted_wave"].notna(), "p_adjusted"] - 1e-12
    ).all()
    assert set(tests["kind"]) == {"nominal", "ordinal", "trend", "set"} and set(
        tests["weighting"]
    ) == {"unweighted"}
    assert {
        "fisher_exact",
        "pearson_chi2",
        "monte_carlo_chi2",
        "mann_whitney_u",
        "linear_by_linear",
        "mmi_bonferroni",
    } <= set(tests["test"])
    assert (
        tests.loc[tests["role"] == "primary", "adjustment"]
        .str.match(
            r"(holm within stage \w+|descriptive: holm within the profile questions), "
            r"unweighted \(\d+ questions\)"
        )
        .all()
    )
    assert tests["cramers_v"].dropna().between(0, 1).all() and tests["reason"].notna().all()
    assert {"cohort_letter", "sig_letters", "pct_weighted", "n_effective"} <= set(crosstabs.columns)
    assert set(crosstabs["cohort_letter"].dropna()) == {"A", "B"}
    residuals = pd.read_csv(results / "residuals.csv")
    assert {"stage", "question", "option", "cohort", "residual", "flag"} <= set(residuals.columns)
    assert set(residuals["flag"].dropna()) <= {"above", "below"}
    pairwise = pd.read_csv(results / "pairwise.csv")
    assert set(zip(pairwise["cohort_a"], pairwise["cohort_b"], strict=False)) == {
        ("russian", "foreign")
    }
    ordinal = pd.read_csv(results / "ordinal.csv")
    assert (
        set(ordinal["question_type"]) == {"likert", "frequency"}
        and ordinal["ordinal_test"].eq("mann_whitney_u").all()
    )
    multiple = pd.read_csv(results / "multiple_response.csv")
    totals = multiple[multiple["option_label"] == "total"]
    assert (totals["pct_of_respondents"] > 100).any() and (totals["pct_of_responses"] == 100).all()
    table = pd.read_csv(results / "appropriateness.csv")
    assert {"stage", "activity", "indicator", "cohort", "pct", "rating"} <= set(table.columns)
    assert list(dict.fromkeys(table["stage"])) == STAGES
    assert set(table["rating"].dropna()) <= {"green", "yellow", "red"}
    assert (results / "appropriateness.xlsx").stat().st_size > 0
    sizes = pd.read_csv(results / "cohort_sizes.csv").set_index("cohort")["respondents"]
    assert sizes.to_dict() == {"russian": 245, "foreign": 76, "all": 321}
    report = pd.read_csv(results / "cleaning_report.csv")
    overall = report[report["source"] == "all"].set_index("measure")["value"].astype(int)
    assert overall["rows_read"] == overall["rows_kept"] + overall["rows_quarantined"] == 321
    assert pd.read_csv(results / "quarantine.csv").empty
    figures = {p.name for p in (results / "figures").iterdir()}
    for stage in STAGES:
        assert {f"stage_{stage}.png", f"stage_{stage}.svg"} <= figures
    assert {
        "appropriateness_heatmap.png",
        "diagram_09_dm_funnel.svg",
        "diagram_06_hashtags.png",
    } <= figures
    assert "<table>" in (results / "report.html").read_text(encoding="utf-8")


def test_rerun_of_same_inputs_gives_identical_outputs(thesis_run, tmp_path):
    results = thesis_run / "results" / WAVE
    before = {
        p.relative_to(results): p.read_bytes()
        for p in results.rglob("*")
        if p.suffix in {".csv", ".svg", ".png", ".html"}
    }
    second = copy_workflow(tmp_path)
    assert snakemake(second).returncode == 0
    after = {
        p.relative_to(second / "results" / WAVE): p.read_bytes()
        for p in (second / "results" / WAVE).rglob("*")
        if p.suffix in {".csv", ".svg", ".png", ".html"}
    }
    assert before.keys() == after.keys()
    assert [name for name in before if before[name] != after[name]] == []


def test_new_wave_is_computed_and_finished_wave_left_untouched(thesis_run):
    finished = thesis_run / "results" / WAVE
    stamps = {p: p.stat().st_mtime_ns for p in finished.rglob("*") if p.is_file()}
    add_copy_of_thesis_wave(thesis_run, "wave2")
    result = snakemake(thesis_run)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (thesis_run / "results" / "wave2" / "appropriateness.csv").is_file()
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert "wildcards: wave=thesis2017" not in result.stdout + result.stderr


def test_unknown_answer_stops_the_run_with_its_place_and_leaves_no_output(tmp_path):
    directory = copy_workflow(tmp_path)
    export = directory / "data" / "raw" / WAVE / "responses_en.csv"
    lines = export.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("Every day", "Every single day", 1)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = snakemake(directory)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "responses_en.csv, row 3 (line 4)" in message
    assert "'Every single day'" in message and "'How often do you use social networks?'" in message
    assert "Traceback" not in message
    assert not (directory / "results" / WAVE / "cleaned" / "answers.parquet").exists()
    assert not (directory / "results" / WAVE / "crosstabs.csv").exists()


def test_a_wave_whose_export_turns_bad_keeps_no_results_of_its_earlier_inputs(tmp_path):
    directory = copy_workflow(tmp_path)
    assert snakemake(directory).returncode == 0
    assert (directory / "results" / WAVE / "report.html").exists()
    export = directory / "data" / "raw" / WAVE / "responses_en.csv"
    lines = export.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5][: len(lines[5]) // 2]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = snakemake(directory)
    assert result.returncode != 0
    assert "responses_en.csv, row 5 (line 6): the row is truncated" in result.stdout + result.stderr
    assert [p for p in (directory / "results" / WAVE).rglob("*") if p.is_file()] == []


def test_misspelt_config_key_stops_before_any_job(tmp_path):
    directory = copy_workflow(tmp_path)
    config = (directory / "config.yaml").read_text(encoding="utf-8")
    (directory / "config.yaml").write_text(
        config.replace("  p_adjust: holm", "  p_ajust: holm"), encoding="utf-8"
    )
    result = snakemake(directory)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "unknown key 'p_ajust'" in message and "p_adjust" in message
    assert not (directory / "results").exists()


# Jobs run as processes of their own (no workflow profile) receive the config as cluster jobs do.
@pytest.mark.parametrize(
    "jobs", [(), ("--workflow-profile", "none")], ids=["jobs in threads", "jobs as processes"]
)
def test_example_market_runs_from_its_own_configfile(tmp_path, jobs):
    directory = copy_workflow(tmp_path)
    result = snakemake(directory, "--configfile", "config/examples/kz_beauty/config.yaml", *jobs)
    assert result.returncode == 0, result.stderr[-3000:]
    table = pd.read_csv(directory / "results" / "kz_beauty_2021" / "appropriateness.csv")
    assert list(dict.fromkeys(table["stage"])) == ["reach", "act", "convert", "engage"]
    assert set(table["cohort"]) == {"almaty", "nur_sultan", "all"}
    assert not (directory / "results" / WAVE).exists()
    # The example wave is raked on age within each city: weighted results sit beside unweighted.
    assert (
        table["pct_weighted"].notna().all() and (table["n_effective"] <= table["base"] + 1e-9).all()
    )
    crosstabs = pd.read_csv(directory / "results" / "kz_beauty_2021" / "crosstabs.csv")
    age = crosstabs[(crosstabs["question"] == "age") & (crosstabs["cohort"] == "almaty")]
    assert age["pct_weighted"].round(6).tolist() == [5.0, 30.0, 35.0, 18.0, 12.0]
    tests = pd.read_csv(directory / "results" / "kz_beauty_2021" / "tests.csv")
    weighted = tests[tests["weighting"] == "weighted"]
    unweighted = tests[tests["weighting"] == "unweighted"]
    assert (weighted["kind"] == "nominal").sum() == (unweighted["kind"] == "nominal").sum()
    assert (
        set(weighted["test"]) <= {"rao_scott_f", "mmi_bonferroni", "not_tested", "not_testable"}
        and weighted["design_effect"].notna().any()
    )


def test_failing_wave_does_not_lose_the_other_waves_results_with_keep_going(tmp_path):
    directory = copy_workflow(tmp_path)
    add_copy_of_thesis_wave(directory, "broken")
    export = directory / "data" / "raw" / "broken" / "responses_ru.csv"
    export.write_text(
        export.read_text(encoding="utf-8").replace("Каждый день", "Ежечасно", 1), encoding="utf-8"
    )
    result = snakemake(directory, "--keep-going")
    assert result.returncode != 0
    assert "'Ежечасно'" in result.stdout + result.stderr
    assert (directory / "results" / WAVE / "report.html").is_file()
    assert not (directory / "results" / "broken" / "crosstabs.csv").exists()
