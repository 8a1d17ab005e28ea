"""Benchmark the workflow from a thesis-sized wave to a million respondents.

For each wave size (and for two and five cohorts) this script generates a synthetic wave of 30
closed questions (single choice, multiple choice, Likert and frequency scales) as Google Forms
exports, copies the workflow into a temporary directory, runs ``snakemake --cores 2`` from an
empty ``results/``, then a no-op rerun and a dry run, and reads each step's ``benchmark:`` file.
In the same run it measures the floors (Snakemake's start with one trivial job; one import of
the stack), the bundled thesis wave with the README's command, and the straightforward approach
(a loop of ``pd.crosstab`` and ``scipy.stats.chi2_contingency`` per question) against the
workflow's own counting and testing, and writes ``docs/benchmark.md`` and ``docs/benchmark.csv``.

    python3 tools/benchmark.py                      # 321, 10^4, 10^5 and 10^6 respondents
    python3 tools/benchmark.py --sizes 321 10000    # a quicker look
"""

import argparse
import csv
import os
import platform
import re
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

from workflow_run import copy_workflow  # noqa: E402

SEED = 20261124
QUESTION_TYPES = (
    ["single_choice"] * 10 + ["multiple_choice"] * 8 + ["likert"] * 6 + ["frequency"] * 6
)
STAGES = ["reach", "act", "convert", "engage"]


def synthetic_codebook() -> dict:
    """30 questions plus a market question (five markets)."""
    questions = []
    for number, kind in enumerate(QUESTION_TYPES, start=1):
        n_options = {"single_choice": 4, "multiple_choice": 6, "likert": 5, "frequency": 4}[kind]
        options = [
            {"code": c, "label": {"en": f"Answer {c} to question {number}"}}
            for c in range(1, n_options + 1)
        ]
        if kind == "multiple_choice":
            options[-1]["exclusive"] = True
            options[-1]["label"]["en"] = f"None of these ({number})"
        questions.append(
            {
                "id": f"q{number:02d}",
                "number": number,
                "type": kind,
                "text": {"en": f"Question {number}?"},
                "options": options,
            }
        )
    questions.append(
        {
            "id": "market",
            "type": "single_choice",
            "text": {"en": "Your market"},
            "options": [{"code": c, "label": {"en": f"Market {c}"}} for c in range(1, 6)],
        }
    )
    return {"survey": "synthetic", "languages": ["en"], "questions": questions}


def synthetic_config(five_cohorts: bool) -> dict:
    if five_cohorts:
        cohorts = [
            {
                "id": f"market_{c}",
                "label": f"Market {c}",
                "rule": {"question": "market", "options": [c]},
            }
            for c in range(1, 6)
        ]
    else:
        cohorts = [
            {"id": "first", "rule": {"source": ["a"]}},
            {"id": "second", "rule": {"source": ["b"]}},
        ]
    stages = []
    for s, stage in enumerate(STAGES):
        activities = []
        for a in range(3):
            number = 1 + (s * 7 + a * 2) % 30
            activities.append(
                {
                    "id": f"activity_{a}",
                    "label": f"Activity {a}",
                    "indicators": [
                        {
                            "id": "top",
                            "question": f"q{number:02d}",
                            "options": [1],
                            "direction": "appropriate",
                        },
                        {
                            "id": "bottom",
                            "question": f"q{number + 1:02d}",
                            "options": [2],
                            "direction": "inappropriate",
                        },
                    ],
                }
            )
        stages.append({"id": stage, "label": stage.title(), "activities": activities})
    return {
        "waves": {
            "synthetic": {
                "title": "Synthetic benchmark wave",
                "codebook": "config/codebooks/synthetic.yaml",
                "sources": [
                    {"id": "a", "file": "data/raw/synthetic/a.csv", "language": "en"},
                    {"id": "b", "file": "data/raw/synthetic/b.csv", "language": "en"},
                ],
            }
        },
        "cohorts": cohorts,
        "profile_questions": [f"q{n:02d}" for n in range(1, 31)],
        "statistics": {"seed": SEED},
        "stages": stages,
        "figures": [
            {"id": "figure_q01", "title": "Question 1", "question": "q01", "cohorts": "all"}
        ],
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
            texts = np.array(
                [
                    ", ".join(labels[:-1][[bool(p >> i & 1) for i in range(len(labels) - 1)]])
                    or labels[-1]
                    for p in range(1 << (len(labels) - 1))
                ],
                dtype=object,
            )
            columns[question["text"]["en"]] = texts[patterns]
        else:
            weights = rng.dirichlet(np.ones(len(labels)))
            columns[question["text"]["en"]] = labels[
                rng.choice(len(labels), size=respondents, p=weights)
            ]
    frame = pd.DataFrame(columns)
    directory.mkdir(parents=True, exist_ok=True)
    half = respondents // 2 + respondents % 2
    frame.iloc[:half].to_csv(directory / "a.csv", index=False)
    frame.iloc[half:].to_csv(directory / "b.csv", index=False)


def timed(command: list[str], cwd: Path) -> tuple[float, float, int, subprocess.CompletedProcess]:
    """Wall seconds, CPU seconds and peak RSS (kB, largest process of the tree) of one command
    (GNU time)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, *command],
            cwd=cwd,
            capture_output=True,
            text=True,
        )
        wall, user, system, peak = report.read().split()[-4:]
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{result.stderr[-3000:]}")
    return float(wall), float(user) + float(system), int(peak), result


def floors(workdir: Path) -> dict[str, float]:
    """Snakemake's start with one trivial job, and one import of the stack, measured here and
    now."""
    trivial = workdir / "trivial"
    trivial.mkdir()
    (trivial / "Snakefile").write_text('rule all:\n    output: "x"\n    shell: "touch {output}"\n')
    starts, imports = [], []
    for _ in range(3):
        (trivial / "x").unlink(missing_ok=True)
        starts.append(
            timed([sys.executable, "-m", "snakemake", "--cores", "2", "--quiet"], trivial)[0]
        )
        imports.append(
            timed(
                [
                    sys.executable,
                    "-c",
                    "import pandas, scipy.stats, openpyxl, matplotlib; matplotlib.use('Agg'); "
                    "import matplotlib.pyplot",
                ],
                workdir,
            )[0]
        )
    return {"snakemake_start": float(np.median(starts)), "stack_import": float(np.median(imports))}


def count_and_test_seconds(directory: Path, codebook: dict, config: dict) -> tuple[float, float]:
    """Seconds to count and test every question of the wave, in one process with the stack imported:
    the straightforward approach (``pd.crosstab`` and ``scipy.stats.chi2_contingency`` per question,
    per option of multiple-choice ones, after ``pd.read_csv`` of the exports) and ours (the
    workflow's ``counting.crosstabs`` and ``significance.independence_tests``, after reading the
    cleaned Parquet). Reading is excluded from both; each is the best of three."""
    sources = [str(directory / s["file"]) for s in config["waves"]["synthetic"]["sources"]]
    questions = [
        (q["text"]["en"], q["type"], [o["label"]["en"] for o in q["options"]])
        for q in codebook["questions"][:30]
    ]
    code = f"""
import sys, time
sys.path.insert(0, {str(directory / "workflow" / "scripts")!r})
import pandas as pd, scipy.stats, yaml
from smmjourney.plan.codebook import load_codebook
from smmjourney.crosstabs.counting import crosstabs
from smmjourney.plan import stage_questions, validate_plan
from smmjourney.inference.independence import independence_tests, settings

parts = [pd.read_csv(f) for f in {sources!r}]
frame = pd.concat(parts, ignore_index=True)
cohort = pd.Series(["first"] * len(parts[0]) + ["second"] * (len(frame) - len(parts[0])))

def naive():
    for text, kind, labels in {questions!r}:
        if kind == "multiple_choice":
            for label in labels[:-1]:
                scipy.stats.chi2_contingency(pd.crosstab(cohort, \
frame[text].str.contains(label, regex=False)), correction=False)
        else:
            scipy.stats.chi2_contingency(pd.crosstab(cohort, frame[text]), correction=False)

plan = validate_plan(yaml.safe_load(open({str(directory / "bench.yaml")!r})), where="config")
book = load_codebook({str(directory / "config" / "codebooks" / "synthetic.yaml")!r})
results = {str(directory / "results" / "synthetic" / "cleaned")!r}
answers, assignment = pd.read_parquet(results + "/answers.parquet"), \
pd.read_parquet(results + "/cohorts.parquet")
cohorts, pairs, s = ["first", "second"], [tuple(p) for p in stage_questions(plan)], \
settings(plan.statistics)

def ours():
    table = crosstabs(answers, assignment, book, pairs, cohorts)
    independence_tests(table, cohorts, s["p_adjust"], s["alpha"], s["yates"], s)

def best(run):
    times = []
    for _ in range(3):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)

print(best(naive), best(ours))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=directory, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"the count-and-test comparison failed:\n{result.stderr[-3000:]}")
    naive, ours = map(float, result.stdout.split()[-2:])
    return naive, ours


def step_table(directory: Path, wave: str) -> list[dict]:
    rows = []
    for path in sorted((directory / "benchmarks" / wave).glob("*.tsv")):
        with open(path, encoding="utf-8") as handle:
            record = list(csv.DictReader(handle, delimiter="\t"))[-1]
        rows.append(
            {
                "step": path.stem,
                "seconds": float(record["s"]),
                "cpu_seconds": float(record.get("cpu_time") or 0),
                "max_rss_mb": float(record["max_rss"]),
            }
        )
    return rows


def synthetic_workflow(
    target: Path, respondents: int, five_cohorts: bool
) -> tuple[Path, dict, dict]:
    """A copy of the workflow with a synthetic wave, its codebook and ``bench.yaml``."""
    target.mkdir()
    directory = copy_workflow(target)
    shutil.rmtree(directory / "results", ignore_errors=True)
    codebook, config = synthetic_codebook(), synthetic_config(five_cohorts)
    (directory / "config" / "codebooks" / "synthetic.yaml").write_text(
        yaml.safe_dump(codebook, sort_keys=False), encoding="utf-8"
    )
    (directory / "bench.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    write_exports(codebook, respondents, directory / "data" / "raw" / "synthetic")
    return directory, codebook, config


def run_parallel_waves(respondents: int, workdir: Path) -> dict:
    """Two waves of ``respondents`` in one run: jobs in threads (the workflow profile) and every
    job as a process of its own (``--workflow-profile none``, as a cluster runs them)."""
    directory, _, config = synthetic_workflow(
        workdir / f"two_waves_{respondents}", respondents, False
    )
    config["waves"] = {
        "wave_a": config["waves"]["synthetic"],
        "wave_b": config["waves"]["synthetic"],
    }
    (directory / "two.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    command = [sys.executable, "-m", "snakemake", "--cores", "2", "--configfile", "two.yaml"]
    threads = timed(command, directory)
    shutil.rmtree(directory / "results")
    processes = timed([*command, "--workflow-profile", "none"], directory)
    shutil.rmtree(directory)
    return {
        "respondents": respondents,
        "threads_s": threads[0],
        "threads_peak_mb": threads[2] / 1024,
        "processes_s": processes[0],
        "processes_peak_mb": processes[2] / 1024,
    }


def run_size(respondents: int, five_cohorts: bool, workdir: Path) -> dict:
    directory, codebook, config = synthetic_workflow(
        workdir / f"wave_{respondents}_{5 if five_cohorts else 2}", respondents, five_cohorts
    )
    snakemake = [sys.executable, "-m", "snakemake", "--cores", "2", "--configfile", "bench.yaml"]
    wall, cpu, peak, _ = timed(snakemake, directory)
    noop = timed(snakemake, directory)[0]
    dry = timed([*snakemake, "--dry-run", "--forceall"], directory)[0]
    naive, ours = (
        count_and_test_seconds(directory, codebook, config)
        if not five_cohorts
        else (float("nan"), float("nan"))
    )
    steps = step_table(directory, "synthetic")
    shutil.rmtree(directory)
    return {
        "respondents": respondents,
        "cohorts": 5 if five_cohorts else 2,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": peak / 1024,
        "noop_s": noop,
        "dry_run_s": dry,
        "naive_count_test_s": naive,
        "pipeline_count_test_s": ours,
        "steps": steps,
    }


def run_thesis(workdir: Path, repeats: int = 3) -> dict:
    """The bundled thesis wave with the README's command, from an empty ``results/`` (median of
    ``repeats`` runs), then a no-op rerun and a dry run."""
    target = workdir / "thesis"
    target.mkdir()
    directory = copy_workflow(target)
    command = [sys.executable, "-m", "snakemake", "--cores", "4"]
    runs = []
    for _ in range(repeats):
        for generated in ("results", "logs", "benchmarks"):
            shutil.rmtree(directory / generated, ignore_errors=True)
        runs.append(timed(command, directory)[:3])
    wall, cpu, peak = sorted(runs)[len(runs) // 2]
    noop = float(np.median([timed(command, directory)[0] for _ in range(repeats)]))
    dry = float(
        np.median(
            [timed([*command, "--dry-run", "--forceall"], directory)[0] for _ in range(repeats)]
        )
    )
    steps = step_table(directory, "thesis2017")
    shutil.rmtree(directory)
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": peak / 1024,
        "noop_s": noop,
        "dry_run_s": dry,
        "runs": [r[0] for r in runs],
        "steps": steps,
    }


def in_process_rules() -> set[str]:
    """Rules that run as ``run:`` blocks in the Snakemake process (their CPU time is not theirs
    alone)."""
    names = set()
    for path in (ROOT / "workflow" / "rules").glob("*.smk"):
        for name, body in re.findall(
            r"^rule (\w+):\n(.*?)(?=^rule |\Z)", path.read_text(encoding="utf-8"), flags=re.M | re.S
        ):
            if re.search(r"^    run:", body, flags=re.M):
                names.add(name)
    return names


def _step_rows(label: str, steps: list[dict], names: list[str]) -> str:
    by_name, shared = {step["step"]: step for step in steps}, in_process_rules()

    def cell(step: dict) -> str:
        cpu = "–" if step["step"] in shared else f"{step['cpu_seconds']:.2f}"
        return f"{step['seconds']:.2f} / {cpu} ({step['max_rss_mb']:.0f})"

    cells = [cell(by_name[n]) if n in by_name else "–" for n in names]
    return f"| {label} | " + " | ".join(cells) + " |"


def write_outputs(
    results: list[dict], floor: dict[str, float], thesis: dict, parallel: dict | None
) -> None:
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    with open(docs / "benchmark.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["wave", "respondents", "cohorts", "step", "seconds", "cpu_seconds", "max_rss_mb"]
        )
        for wave, respondents, cohorts, result in [("thesis2017", 321, 2, thesis)] + [
            ("synthetic", r["respondents"], r["cohorts"], r) for r in results
        ]:
            writer.writerow(
                [
                    wave,
                    respondents,
                    cohorts,
                    "whole run",
                    f"{result['wall_s']:.2f}",
                    f"{result['cpu_s']:.2f}",
                    f"{result['peak_rss_mb']:.0f}",
                ]
            )
            for step in result["steps"]:
                writer.writerow(
                    [
                        wave,
                        respondents,
                        cohorts,
                        step["step"],
                        f"{step['seconds']:.2f}",
                        f"{step['cpu_seconds']:.2f}",
                        f"{step['max_rss_mb']:.0f}",
                    ]
                )
    floor_total = floor["snakemake_start"] + floor["stack_import"]
    lines = [
        "# Benchmark",
        "",
        f"Measured by `python3 tools/benchmark.py` on the development machine: "
        f"{os.cpu_count()} cores, "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, Python "
        f"{platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}.",
        "",
        "## Floors",
        "",
        "Measured in the same run (medians of three): Snakemake's start with one trivial job "
        f"**{floor['snakemake_start']:.2f} s**; "
        "one import of the stack (pandas, scipy.stats, openpyxl, matplotlib) "
        f"**{floor['stack_import']:.2f} s**; together **{floor_total:.2f} s**.",
        "",
        "## The thesis wave",
        "",
        "`snakemake --cores 4` (the README's command) on the bundled thesis wave, 321 "
        "respondents, from an empty `results/`: "
        f"**{thesis['wall_s']:.1f} s** (median of {', '.join(f'{r:.1f}' for r in thesis['runs'])} "
        "s), "
        f"**{thesis['wall_s'] / floor_total:.1f} ×** Snakemake's start plus one import of the "
        f"stack; CPU {thesis['cpu_s']:.1f} s; "
        f"peak RSS {thesis['peak_rss_mb']:.0f} MB. A rerun with nothing to do: "
        f"**{thesis['noop_s']:.2f} s** "
        f"({thesis['noop_s'] / floor['snakemake_start']:.1f} × Snakemake's start); a dry run: "
        f"{thesis['dry_run_s']:.2f} s.",
        "",
        "## Synthetic waves",
        "",
        "30 closed questions (10 single choice, 8 multiple choice, 6 Likert, 6 frequency) as two "
        "Google Forms exports; "
        "`snakemake --cores 2` from an empty `results/`.",
        "",
        "| respondents | cohorts | whole run (s) | × floor | CPU (s) | peak RSS (MB) | no-op rerun "
        "(s) | dry run (s) | straightforward count+test (s) | ours: count+test (s) | "
        "straightforward / ours |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        measured = r["naive_count_test_s"] == r["naive_count_test_s"]
        ratio = f"{r['naive_count_test_s'] / r['pipeline_count_test_s']:.1f}" if measured else "–"
        naive = f"{r['naive_count_test_s']:.2f}" if measured else "–"
        ours = f"{r['pipeline_count_test_s']:.2f}" if measured else "–"
        lines.append(
            f"| {r['respondents']:,} | {r['cohorts']} | {r['wall_s']:.1f} | "
            f"{r['wall_s'] / floor_total:.1f} | {r['cpu_s']:.1f} | {r['peak_rss_mb']:.0f} | "
            f"{r['noop_s']:.2f} | {r['dry_run_s']:.2f} | {naive} | {ours} | {ratio} |"
        )
    two = sorted((r for r in results if r["cohorts"] == 2), key=lambda r: r["respondents"])
    if len(two) >= 2:
        time_per = (two[-1]["wall_s"] - two[0]["wall_s"]) / (
            two[-1]["respondents"] - two[0]["respondents"]
        )
        memory_per = (two[-1]["peak_rss_mb"] - two[0]["peak_rss_mb"]) / (
            two[-1]["respondents"] - two[0]["respondents"]
        )
        lines += [
            "",
            f"Cost per added respondent (two cohorts, {two[0]['respondents']:,} → "
            f"{two[-1]['respondents']:,}): "
            f"{time_per * 1e6:.1f} s and {memory_per * 1e6:.0f} MB of peak memory per million "
            "respondents.",
        ]
    lines += [
        "",
        "The straightforward approach loops `pd.crosstab` and `scipy.stats.chi2_contingency` over "
        "every question "
        "(every option of the multiple-choice ones) after reading the exports with `pd.read_csv`; "
        "ours is the workflow's "
        "`counting.crosstabs` and `significance.independence_tests` on the cleaned Parquet, which "
        "also compute intervals, "
        "significance letters, effect sizes, exact or Monte-Carlo tests where expected counts are "
        "small, and adjusted p-values. "
        "Both run in one process with the stack already imported, reading excluded, best of three.",
    ]
    if parallel:
        one = next(
            (
                r["wall_s"]
                for r in results
                if r["respondents"] == parallel["respondents"] and r["cohorts"] == 2
            ),
            None,
        )
        alone = f" (one such wave alone: {one:.1f} s)" if one else ""
        lines += [
            "",
            "## Two waves in one run",
            "",
            f"Two waves of {parallel['respondents']:,} respondents each, `snakemake --cores 2`: "
            f"**{parallel['threads_s']:.1f} s**, "
            f"peak RSS {parallel['threads_peak_mb']:.0f} MB, with the light steps in threads of "
            f"the Snakemake process (the workflow profile){alone}; "
            f"{parallel['processes_s']:.1f} s, peak RSS {parallel['processes_peak_mb']:.0f} MB, "
            "with every job a process of its own "
            "(`--workflow-profile none`, as on a cluster).",
        ]
    names = sorted({step["step"] for result in [thesis, *results] for step in result["steps"]})
    lines += [
        "",
        "## Per step",
        "",
        "Wall seconds / CPU seconds and, in brackets, peak RSS in MB, from Snakemake's "
        "`benchmark:` files. The light steps "
        "run as `run:` blocks in threads of the Snakemake process: Snakemake's CPU time for them "
        "is the whole process's, so it "
        "is left out here (the whole run's CPU time is above), their RSS is the process's, and "
        "their seconds include waiting "
        "for the other threads. `charts` is one job drawing on two processes. `docs/benchmark.csv` "
        "has every number.",
        "",
        "| wave | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
        _step_rows("thesis (321)", thesis["steps"], names),
    ]
    lines += [
        _step_rows(f"{r['respondents']:,}, {r['cohorts']} cohorts", r["steps"], names)
        for r in results
    ]
    (docs / "benchmark.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[321, 10_000, 100_000, 1_000_000])
    parser.add_argument("--five-cohort-sizes", type=int, nargs="*", default=[321, 100_000])
    parser.add_argument(
        "--two-waves-size",
        type=int,
        default=1_000_000,
        help="respondents per wave of the two-wave run (0: skip)",
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="smmjourney-bench-") as temporary:
        workdir = Path(temporary)
        floor = floors(workdir)
        print(
            f"floors: Snakemake {floor['snakemake_start']:.2f} s, stack "
            f"{floor['stack_import']:.2f} s",
            flush=True,
        )
        thesis = run_thesis(workdir)
        print(f"thesis wave: {thesis['wall_s']:.1f} s, no-op {thesis['noop_s']:.2f} s", flush=True)
        results = []
        for size in arguments.sizes:
            results.append(run_size(size, False, workdir))
            print(
                f"{size:>9,} respondents, 2 cohorts: {results[-1]['wall_s']:.1f} s, peak "
                f"{results[-1]['peak_rss_mb']:.0f} MB",
                flush=True,
            )
        for size in arguments.five_cohort_sizes:
            results.append(run_size(size, True, workdir))
            print(f"{size:>9,} respondents, 5 cohorts: {results[-1]['wall_s']:.1f} s", flush=True)
        parallel = (
            run_parallel_waves(arguments.two_waves_size, workdir)
            if arguments.two_waves_size
            else None
        )
        if parallel:
            print(
                f"two waves of {parallel['respondents']:,}: {parallel['threads_s']:.1f} s in "
                f"threads, {parallel['processes_s']:.1f} s as processes",
                flush=True,
            )
    write_outputs(results, floor, thesis, parallel)


if __name__ == "__main__":
    main()
