"""Rebuild the thesis wave's raw exports from its published figures (seeded, deterministic).

Reads data/published/thesis2017_figures.csv (every figure the thesis prints, with its quote) and
data/published/thesis2017_assumptions.yaml (what it does not print), and writes
data/raw/thesis2017/responses_ru.csv (245 Russian-language rows), responses_en.csv (76 English
rows), both as Google Forms exports them, and data/published/thesis2017_figure_fit.csv (what the
rebuilt data gives for each figure). Run from anywhere: python3 tools/reconstruct_thesis_wave.py
"""

import csv
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))

from published import read_figures  # noqa: E402
from reconstruction import assign_answers, figure_fit, target_counts  # noqa: E402
from smmjourney.plan.codebook import load_codebook  # noqa: E402

COHORT_FILES = {
    "russian": ("ru", "data/raw/thesis2017/responses_ru.csv"),
    "foreign": ("en", "data/raw/thesis2017/responses_en.csv"),
}


def cohort_sizes(figures) -> dict[str, int]:
    sizes = {f.cohort: int(f.value) for f in figures if not f.question and f.cohort != "all"}
    return {cohort: sizes[cohort] for cohort in COHORT_FILES}


def rebuild(codebook, figures, assumptions, rng):
    sizes = cohort_sizes(figures)
    data = {c: {} for c in sizes}
    for question in codebook.questions.values():
        eligible = {}
        for cohort, size in sizes.items():
            flags = np.ones(size, dtype=bool)
            if question.asked_if:
                wanted = set(question.asked_if["options"])
                flags = np.array([a in wanted for a in data[cohort][question.asked_if["question"]]])
            blanks = assumptions["questions"].get(question.id, {}).get("blank", {}).get(cohort, 0)
            if blanks:
                flags[rng.choice(np.flatnonzero(flags), size=blanks, replace=False)] = False
            eligible[cohort] = flags
        bases = {c: {question.id: int(eligible[c].sum())} for c in sizes}
        counts = target_counts(codebook, figures, assumptions, bases, question.id)
        for cohort in sizes:
            data[cohort][question.id] = assign_answers(
                question, counts[cohort], eligible[cohort], rng
            )
    return data, sizes


def cell(question, answer, language) -> str:
    if answer is None:
        return ""
    if isinstance(answer, frozenset):
        return ", ".join(
            question.label(code, language) for code in question.codes if code in answer
        )
    return question.label(answer, language)


def write_export(target, codebook, answers, size, language, header, start, end, rng):
    seconds = (end - start).total_seconds()
    stamps = sorted(start + timedelta(seconds=int(s)) for s in rng.uniform(0, seconds, size))
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([header] + [q.text(language) for q in codebook.questions.values()])
        for row in range(size):
            writer.writerow(
                [stamps[row].strftime("%Y/%m/%d %H:%M:%S")]
                + [cell(q, answers[q.id][row], language) for q in codebook.questions.values()]
            )


def main(out_root: Path = ROOT) -> list[dict]:
    """Write the exports and the fit table under ``out_root``; return the fit rows."""
    codebook = load_codebook(ROOT / "config/codebooks/thesis2017.yaml")
    figures = read_figures(ROOT / "data/published/thesis2017_figures.csv")
    assumptions = yaml.safe_load(
        (ROOT / "data/published/thesis2017_assumptions.yaml").read_text(encoding="utf-8")
    )
    rng = np.random.default_rng(assumptions["seed"])
    data, sizes = rebuild(codebook, figures, assumptions, rng)
    period = assumptions["field_period"]
    start, end = datetime.fromisoformat(period["start"]), datetime.fromisoformat(period["end"])
    for cohort, (language, path) in COHORT_FILES.items():
        header = assumptions["timestamp_header"][language]
        write_export(
            out_root / path,
            codebook,
            data[cohort],
            sizes[cohort],
            language,
            header,
            start,
            end,
            rng,
        )
    fit = figure_fit(figures, data, sizes)
    fit_path = out_root / "data/published/thesis2017_figure_fit.csv"
    fit_path.parent.mkdir(parents=True, exist_ok=True)
    with open(fit_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(fit[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(fit)
    unmet = [row["figure_id"] for row in fit if row["status"] == "NOT MET"]
    for row in fit:
        if row["status"] != "met":
            print(
                f"{row['figure_id']}: published {row['published']}, rebuilt "
                f"{row['count']}/{row['base']} = {row['pct']:.2f}% ({row['status']})"
            )
    if unmet:
        sys.exit(f"figures not met: {', '.join(unmet)}")
    return fit


if __name__ == "__main__":
    main()
