"""Benchmark the workflow from a thesis-sized wave to a million respondents.

For each wave size (and for two and five cohorts) this script generates a synthetic wave of 30
closed questions (single choice, multiple choice, Likert and frequency scales) as Google Forms
exports, copies the workflow into a temporary directory, runs ``snakemake --cores 2`` from an
empty ``results/``, then a no-op rerun and a dry run, and reads each step's ``benchmark:`` file.
In the same run it measures the floors (Snakemake's start with one trivial job; one import of
the stack) and the straightforward approach (a loop of ``pd.crosstab`` and
``scipy.stats.chi2_contingency`` per question), and writes ``docs/benchmark.md`` and
``docs/benchmark.csv``.

    python3 tools/benchmark.py                      # 321, 10^4, 10^5 and 10^6 respondents
    python3 tools/benchmark.py --sizes 321 10000    # a quicker look
"""

import argparse
import csv
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_workflow  # noqa: E402

SEED = 20261124
QUESTION_TYPES = ["single_choice"] * 10 + ["multiple_choice"] * 8 + ["likert"] * 6 + ["frequency"] * 6
STAGES = ["reach", "act", "convert", "engage"]


def synthetic_codebook() -> dict:
    """30 questions plus a market question (five markets)."""
    questions = []
    for number, kind in enumerate(QUESTION_TYPES, start=1):
        n_options = {"single_choice": 4, "multiple_choice": 6, "likert": 5, "frequency": 4}[kind]
        options = [{"code": c, "label": {"en": f"Answer {c} to question {number}"}} for c in range(1, n_options + 1)]
        if kind == "multiple_choice":
            options[-1]["exclusive"] = True
            options[-1]["label"]["en"] = f"None of these ({number})"
        questions.append({"id": f"q{number:02d}", "number": number, "type": kind, "text": {"en": f"Question {number}?"}, "options": options})
    questions.append({"id": "market", "type": "single_choice", "text": {"en": "Your market"},
                      "options": [{"code": c, "label": {"en": f"Market {c}"}} for c in range(1, 6)]})
    return {"survey": "synthetic", "languages": ["en"], "questions": questions}


def synthetic_config(five_cohorts: bool) -> dict:
    if five_cohorts:
        cohorts = [{"id": f"market_{c}", "label": f"Market {c}", "rule": {"question": "market", "options": [c]}} for c in range(1, 6)]
    else:
        cohorts = [{"id": "first", "rule": {"source": ["a"]}}, {"id": "second", "rule": {"source": ["b"]}}]
    stages = []
    for s, stage in enumerate(STAGES):
        activities = []
        for a in range(3):
            number = 1 + (s * 7 + a * 2) % 30
            activities.append({"id": f"activity_{a}", "label": f"Activity {a}", "indicators": [
                {"id": "top", "question": f"q{number:02d}", "options": [1], "direction": "appropriate"},
                {"id": "bottom", "question": f"q{number + 1:02d}", "options": [2], "direction": "inappropriate"},
            ]})
        stages.append({"id": stage, "label": stage.title(), "activities": activities})
    return {
        "waves": {"synthetic": {"title": "Synthetic benchmark wave", "codebook": "config/codebooks/synthetic.yaml",
                                "sources": [{"id": "a", "file": "data/raw/synthetic/a.csv", "language": "en"},
                                            {"id": "b", "file": "data/raw/synthetic/b.csv", "language": "en"}]}},
        "cohorts": cohorts,
        "profile_questions": [f"q{n:02d}" for n in range(1, 31)],
        "statistics": {"seed": SEED},
        "stages": stages,
        "figures": [{"id": "figure_q01", "title": "Question 1", "question": "q01", "cohorts": "all"}],
    }


def write_exports(codebook: dict, respondents: int, directory: Path) -> None:
    """Two Google Forms CSV exports with ``respondents`` rows in all, generated column by column."""
    import pandas as pd

    rng = np.random.default_rng(SEED)
    columns = {"Timestamp": np.full(respondents, "2026/11/24 10:00:00")}
    for question in codebook["questions"]:
        labels = np.array([o["label"]["en"] for o in question["options"]], dtype=object)
        if question["type"] == "multiple_choice":
            chosen = rng.random((respondents, len(labels) - 1)) < 0.35
            patterns = chosen @ (1 << np.arange(len(labels) - 1))
            texts = np.array([", ".join(labels[:-1][[bool(p >> i & 1) for i in range(len(labels) - 1)]]) or labels[-1] for p in range(1 << (len(labels) - 1))], dtype=object)
            columns[question["text"]["en"]] = texts[patterns]
        else:
            weights = rng.dirichlet(np.ones(len(labels)))
            columns[question["text"]["en"]] = labels[rng.choice(len(labels), size=respondents, p=weights)]
    frame = pd.DataFrame(columns)
    directory.mkdir(parents=True, exist_ok=True)
    half = respondents // 2 + respondents % 2
    frame.iloc[:half].to_csv(directory / "a.csv", index=False)
    frame.iloc[half:].to_csv(directory / "b.csv", index=False)


def timed(command: list[str], cwd: Path) -> tuple[float, float, int, subprocess.CompletedProcess]:
    """Wall seconds, CPU seconds and peak RSS (kB, largest process of the tree) of one command (GNU time)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, *command], cwd=cwd, capture_output=True, text=True)
        wall, user, system, peak = report.read().split()[-4:]
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{result.stderr[-3000:]}")
    return float(wall), float(user) + float(system), int(peak), result


def floors(workdir: Path) -> dict[str, float]:
    """Snakemake's start with one trivial job, and one import of the stack, measured here and now."""
    trivial = workdir / "trivial"
    trivial.mkdir()
    (trivial / "Snakefile").write_text('rule all:\n    output: "x"\n    shell: "touch {output}"\n')
    starts, imports = [], []
    for _ in range(3):
        (trivial / "x").unlink(missing_ok=True)
        starts.append(timed([sys.executable, "-m", "snakemake", "--cores", "2", "--quiet"], trivial)[0])
        imports.append(timed([sys.executable, "-c", "import pandas, scipy.stats, openpyxl, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot"], workdir)[0])
    return {"snakemake_start": float(np.median(starts)), "stack_import": float(np.median(imports))}


def straightforward_seconds(directory: Path, codebook: dict, config: dict) -> float:
    """Seconds of the naive approach on the same exports: after reading them, pd.crosstab + chi2_contingency per question."""
    code = f"""
import time, pandas as pd, scipy.stats
frame = pd.concat([pd.read_csv(f) for f in {[str(directory / s['file']) for s in config['waves']['synthetic']['sources']]!r}], ignore_index=True)
start = time.perf_counter()
cohort = pd.Series(["first"] * {0} + ["second"] * (len(frame) - {0}))
for question in {[(q['text']['en'], q['type'], [o['label']['en'] for o in q['options']]) for q in codebook['questions'][:30]]!r}:
    text, kind, labels = question
    if kind == "multiple_choice":
        for label in labels[:-1]:
            table = pd.crosstab(cohort, frame[text].str.contains(label, regex=False))
            scipy.stats.chi2_contingency(table, correction=False)
    else:
        table = pd.crosstab(cohort, frame[text])
        scipy.stats.chi2_contingency(table, correction=False)
print(time.perf_counter() - start)
"""
    half = None
    with open(directory / config["waves"]["synthetic"]["sources"][0]["file"], encoding="utf-8") as handle:
        half = sum(1 for _ in handle) - 1
    result = subprocess.run([sys.executable, "-c", code.replace("{0}", str(half))], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def step_table(directory: Path) -> list[dict]:
    rows = []
    for path in sorted((directory / "benchmarks" / "synthetic").glob("*.tsv")):
        with open(path, encoding="utf-8") as handle:
            record = list(csv.DictReader(handle, delimiter="\t"))[-1]
        rows.append({"step": path.stem, "seconds": float(record["s"]), "cpu_seconds": float(record.get("cpu_time") or 0), "max_rss_mb": float(record["max_rss"])})
    return rows


def run_size(respondents: int, five_cohorts: bool, workdir: Path) -> dict:
    target = workdir / f"wave_{respondents}_{5 if five_cohorts else 2}"
    target.mkdir()
    directory = copy_workflow(target)
    shutil.rmtree(directory / "results", ignore_errors=True)
    codebook, config = synthetic_codebook(), synthetic_config(five_cohorts)
    (directory / "config" / "codebooks" / "synthetic.yaml").write_text(yaml.safe_dump(codebook, sort_keys=False), encoding="utf-8")
    (directory / "bench.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    write_exports(codebook, respondents, directory / "data" / "raw" / "synthetic")
    snakemake = [sys.executable, "-m", "snakemake", "--cores", "2", "--configfile", "bench.yaml"]
    wall, cpu, peak, _ = timed(snakemake, directory)
    noop = timed(snakemake, directory)[0]
    dry = timed([*snakemake, "--dry-run", "--forceall"], directory)[0]
    naive = straightforward_seconds(directory, codebook, config) if not five_cohorts else float("nan")
    steps = step_table(directory)
    ours = sum(s["seconds"] for s in steps if s["step"] in {"crosstabs", "tests"})
    shutil.rmtree(directory)
    return {"respondents": respondents, "cohorts": 5 if five_cohorts else 2, "wall_s": wall, "cpu_s": cpu,
            "peak_rss_mb": peak / 1024, "noop_s": noop, "dry_run_s": dry, "naive_count_test_s": naive,
            "pipeline_count_test_s": ours, "steps": steps}


def write_outputs(results: list[dict], floor: dict[str, float]) -> None:
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    with open(docs / "benchmark.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["respondents", "cohorts", "step", "seconds", "cpu_seconds", "max_rss_mb"])
        for result in results:
            writer.writerow([result["respondents"], result["cohorts"], "whole run", f"{result['wall_s']:.2f}", f"{result['cpu_s']:.2f}", f"{result['peak_rss_mb']:.0f}"])
            for step in result["steps"]:
                writer.writerow([result["respondents"], result["cohorts"], step["step"], f"{step['seconds']:.2f}", f"{step['cpu_seconds']:.2f}", f"{step['max_rss_mb']:.0f}"])
    floor_total = floor["snakemake_start"] + floor["stack_import"]
    lines = [
        "# Benchmark", "",
        f"Measured by `python3 tools/benchmark.py` on {platform.node() and 'the development machine'}: "
        f"{os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}. Synthetic waves of 30 closed questions (10 single choice, 8 multiple choice, 6 Likert, 6 frequency) "
        "as two Google Forms exports; `snakemake --cores 2` from an empty `results/`.", "",
        f"Floors measured in the same run: Snakemake's start with one trivial job **{floor['snakemake_start']:.2f} s**; "
        f"one import of the stack (pandas, scipy.stats, openpyxl, matplotlib) **{floor['stack_import']:.2f} s**; together {floor_total:.2f} s.", "",
        "| respondents | cohorts | whole run (s) | × floor | CPU (s) | peak RSS (MB) | no-op rerun (s) | dry run (s) | naive count+test (s) | ours: count+test (s) | naive / ours |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = r["naive_count_test_s"] / r["pipeline_count_test_s"] if r["pipeline_count_test_s"] and r["naive_count_test_s"] == r["naive_count_test_s"] else float("nan")
        naive = "–" if r["naive_count_test_s"] != r["naive_count_test_s"] else f"{r['naive_count_test_s']:.2f}"
        lines.append(f"| {r['respondents']:,} | {r['cohorts']} | {r['wall_s']:.1f} | {r['wall_s'] / floor_total:.1f} | {r['cpu_s']:.1f} | {r['peak_rss_mb']:.0f} | {r['noop_s']:.2f} | {r['dry_run_s']:.2f} | {naive} | {r['pipeline_count_test_s']:.2f} | {'–' if ratio != ratio else f'{ratio:.1f}'} |")
    two = sorted((r for r in results if r["cohorts"] == 2), key=lambda r: r["respondents"])
    if len(two) >= 2:
        per = (two[-1]["wall_s"] - two[0]["wall_s"]) / (two[-1]["respondents"] - two[0]["respondents"])
        lines += ["", f"Cost per added respondent (two cohorts, {two[0]['respondents']:,} → {two[-1]['respondents']:,}): {per * 1e6:.2f} s per million respondents."]
    lines += ["", "Per step (seconds, peak RSS in MB, from Snakemake's `benchmark:` files; steps in `run:` blocks share the Snakemake process, so their RSS is that process's):", "",
              "| respondents | cohorts | " + " | ".join(s["step"] for s in results[0]["steps"]) + " |",
              "|---:|---:|" + "---:|" * len(results[0]["steps"])]
    for r in results:
        lines.append(f"| {r['respondents']:,} | {r['cohorts']} | " + " | ".join(f"{s['seconds']:.2f} ({s['max_rss_mb']:.0f})" for s in r["steps"]) + " |")
    lines += ["", "The naive approach, after reading the same exports with `pd.read_csv`, loops `pd.crosstab` and "
              "`scipy.stats.chi2_contingency` over every question (every option of the multiple-choice ones); "
              "ours is the workflow's crosstabs and tests steps (each including reading its input); both exclude reading the raw exports."]
    (docs / "benchmark.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[321, 10_000, 100_000, 1_000_000])
    parser.add_argument("--five-cohort-sizes", type=int, nargs="*", default=[321, 100_000])
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="smmjourney-bench-") as temporary:
        workdir = Path(temporary)
        floor = floors(workdir)
        results = []
        for size in arguments.sizes:
            results.append(run_size(size, False, workdir))
            print(f"{size:>9,} respondents, 2 cohorts: {results[-1]['wall_s']:.1f} s, peak {results[-1]['peak_rss_mb']:.0f} MB", flush=True)
        for size in arguments.five_cohort_sizes:
            results.append(run_size(size, True, workdir))
            print(f"{size:>9,} respondents, 5 cohorts: {results[-1]['wall_s']:.1f} s", flush=True)
    write_outputs(results, floor)


if __name__ == "__main__":
    main()
