"""One orchestrator per workflow step: paths and plain values in, files out.

Each chains the pure functions of the other modules; the rules only pass Snakemake's inputs,
outputs and params to these by keyword (``run:`` blocks for the light steps, scripts for charts).
Heavy imports happen inside the functions, so that parsing the workflow stays cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .codebook import load_codebook
from .errors import SurveyInputError

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)


def clean_wave(
    sources: Sequence[dict], codebook: str, required: Sequence[str], quality: dict, answers: str, respondents: str,
    quarantine: str, report: str, other_text: str, earlier_results: str | None = None,
) -> None:
    """Read and code every export of a wave, apply the quality rules; write answers, respondents,
    the quarantine, the allowed 'Other' texts and the cleaning report (nothing if any step fails).

    ``earlier_results`` is the wave's results folder: every file in it comes from the wave's
    earlier inputs and is removed first, so that a wave whose new inputs fail keeps no results
    that no longer match them (all of them are written again when cleaning succeeds).
    """
    import pandas as pd

    from .cleaning import QUARANTINE_COLUMNS, REPORT_COLUMNS, clean_sources
    from .output import write_csv
    from .privacy import load_salt

    if earlier_results:
        _remove_files_under(Path(earlier_results))
    book = load_codebook(codebook)
    wave = clean_sources(sources, book, required, quality, load_salt(), (quality or {}).get("other_text_allowed", []))
    for line in wave.report:
        if line["measure"] in ("rows_read", "rows_kept", "rows_quarantined"):
            log.info("%s %s: %s", line["source"], line["measure"], line["value"])
    Path(answers).parent.mkdir(parents=True, exist_ok=True)
    # Dictionary-encoding only the few-valued columns: trying it on respondent rows costs more than it saves.
    wave.answers.to_parquet(answers, index=False, use_dictionary=["question", "code"])
    wave.respondents.to_parquet(respondents, index=False)
    write_csv(wave.quarantine if len(wave.quarantine) else pd.DataFrame(columns=QUARANTINE_COLUMNS), quarantine)
    write_csv(wave.other_text, other_text)
    write_csv(pd.DataFrame(wave.report)[REPORT_COLUMNS], report)


def _remove_files_under(folder: Path) -> None:
    files = [path for path in folder.rglob("*") if path.is_file() or path.is_symlink()] if folder.is_dir() else []
    for path in files:
        path.unlink()
    if files:
        log.info("removed %d results of the wave's earlier inputs from %s", len(files), folder)


def split_wave(answers: str, respondents: str, cohorts: Sequence[dict], assignment: str, sizes: str) -> None:
    """Assign every kept respondent to a cohort; write the assignment and the cohort sizes."""
    import pandas as pd

    from .output import write_csv
    from .cohorts import assign_cohorts

    asked = sorted({c["rule"]["question"] for c in cohorts if "question" in c["rule"]})
    coded = _read_answers(answers, respondents, asked) if asked else pd.DataFrame(columns=["respondent_id", "question", "code"])
    assigned = assign_cohorts(pd.read_parquet(respondents), coded, cohorts)
    assigned.to_parquet(assignment, index=False)
    order = [c["id"] for c in cohorts]
    counts = assigned["cohort"].value_counts().reindex(order, fill_value=0)
    labels = {c["id"]: c.get("label", c["id"]) for c in cohorts}
    table = pd.DataFrame({"cohort": order, "label": [labels[c] for c in order], "respondents": counts.to_numpy()})
    table = pd.concat([table, pd.DataFrame([{"cohort": "all", "label": "All respondents", "respondents": len(assigned)}])])
    write_csv(table, sizes)
    log.info("cohorts: %s", dict(zip(table["cohort"], table["respondents"])))


def _read_answers(path: str, ids_from: str | None = None, questions: Sequence[str] | None = None) -> pd.DataFrame:
    """The cleaned answers (of ``questions`` only, when given); with the respondents' ids when
    ``ids_from`` names the respondents table (weights and cohort rules work by id)."""
    import pandas as pd

    from .cleaning import with_respondent_ids

    answers = pd.read_parquet(path, filters=[("question", "in", list(questions))] if questions is not None else None)
    return with_respondent_ids(answers, pd.read_parquet(ids_from, columns=["respondent_id"])) if ids_from else answers


def _weights(spec: dict | None, answers: pd.DataFrame, assignment: pd.DataFrame, codebook: str | None, respondents: str | None, wave: str):
    """The wave's weights (None when the configuration asks for none)."""
    import pandas as pd

    if not spec:
        return None
    from .weights import kish_effective_n, wave_weights

    book = load_codebook(codebook) if codebook else None
    people = pd.read_parquet(respondents) if respondents and "column" in spec else None
    weights = wave_weights(spec, answers, assignment, book, people, where=f"weights.{wave}")
    for cohort, members in assignment.groupby("cohort")["respondent_id"]:
        w = weights.reindex(members)
        log.info("weights, cohort %s: n = %d, Kish effective n = %.1f, weights from %.3g to %.3g", cohort, len(w), kish_effective_n(w), w.min(), w.max())
    return weights


def tabulate_wave(
    answers: str, assignment: str, codebook: str, stage_questions: Sequence[Sequence[str]], cohort_order: Sequence[str],
    language: str, confidence: float, crosstabs: str, statistics: dict | None = None, weights: dict | None = None,
    respondents: str | None = None, wave: str = "",
) -> None:
    """Write the cross-tabulation of every stage's questions (weighted columns when the wave has weights)."""
    import pandas as pd

    from .output import write_csv
    from .counting import crosstabs as make_crosstabs
    from .significance import settings

    s = settings({**(statistics or {}), "confidence": confidence})
    coded, assigned = _read_answers(answers, respondents if weights else None), pd.read_parquet(assignment)
    table = make_crosstabs(
        coded, assigned, load_codebook(codebook), [tuple(pair) for pair in stage_questions], cohort_order, language,
        s["confidence"], s["interval"], s["alpha"], s["alpha_strict"], s["letters_adjust"],
        _weights(weights, coded, assigned, codebook, respondents, wave),
    )
    write_csv(table, crosstabs)


def test_wave(
    crosstabs: str, cohort_order: Sequence[str], statistics: dict, tests: str, answers: str | None = None,
    assignment: str | None = None, codebook: str | None = None, respondents: str | None = None, weights: dict | None = None,
    residuals: str | None = None, pairwise: str | None = None, ordinal: str | None = None,
    multiple_response: str | None = None, wave: str = "",
) -> None:
    """Write the tests of cohort × answer (adjusted within each stage and across the wave) and, where
    paths are given, the cell residuals, the pairwise comparisons, the ordinal summary and the
    multiple-response sets."""
    import pandas as pd

    from .output import write_csv
    from .multiresponse import multiple_response_table
    from .ordinal import ordinal_table
    from .significance import independence_tests, pairwise_tests, residual_table, settings

    s = settings(statistics)
    table = pd.read_csv(crosstabs)
    coded = weight = None
    if weights and answers and assignment:
        coded_answers, assigned = _read_answers(answers, respondents), pd.read_parquet(assignment)
        weight = _weights(weights, coded_answers, assigned, codebook, respondents, wave)
        coded = coded_answers.merge(assigned, on="respondent_id", how="inner", validate="many_to_one")
    results = independence_tests(table, cohort_order, s["p_adjust"], s["alpha"], s["yates"], s, coded, weight)
    write_csv(results, tests)
    if residuals:
        write_csv(residual_table(table, cohort_order, s["alpha"]), residuals)
    if pairwise:
        write_csv(pairwise_tests(table, cohort_order, s), pairwise)
    if ordinal:
        write_csv(ordinal_table(table, results), ordinal)
    if multiple_response:
        write_csv(multiple_response_table(table, results), multiple_response)


def rate_wave(
    answers: str, assignment: str, plan: dict, cohort_labels: dict, table: str,
    weights: dict | None = None, respondents: str | None = None, codebook: str | None = None, wave: str = "",
) -> None:
    """Write the appropriateness table (CSV)."""
    import pandas as pd

    from .appropriateness import appropriateness_table, indicator_shares
    from .output import write_csv
    from .plan import indicators

    cohort_order = list(cohort_labels)
    coded, assigned = _read_answers(answers, respondents if weights else None), pd.read_parquet(assignment)
    weight = _weights(weights, coded, assigned, codebook, respondents, wave)
    shares = indicator_shares(coded, assigned, indicators(plan), cohort_order, weight)
    write_csv(appropriateness_table(shares, cohort_order, plan["rating"], plan["statistics"]), table)


def write_workbook(table: str, cohort_labels: dict, stage_labels: dict, workbook: str) -> None:
    """Write the appropriateness table as a coloured XLSX workbook (Table 3 and the long table)."""
    from .output import read_appropriateness, write_appropriateness_xlsx

    write_appropriateness_xlsx(read_appropriateness(table), cohort_labels, workbook, stage_labels)


def draw_charts(
    table: str, crosstabs: str, stage_labels: dict, cohort_labels: dict, figures: Sequence[dict], funnel: str | None,
    stage_charts: Sequence[str], heatmap: str, figure_charts: Sequence[str], processes: int = 1,
) -> None:
    """Draw every chart of a wave (PNG and SVG), in ``processes`` worker processes: one indicator
    chart per stage, the appropriateness heatmap, and the configured figures (question charts and
    the funnel)."""
    import pandas as pd

    from . import charts
    from .output import read_appropriateness

    rated, crosstab = read_appropriateness(table), pd.read_csv(crosstabs)
    drawings = [
        (charts.stage_chart, (rated[rated["stage"] == stage], stage_labels[stage], cohort_labels), target)
        for stage, target in zip(stage_labels, stage_charts)
    ]
    drawings.append((charts.rating_heatmap, (rated, stage_labels, cohort_labels), heatmap))
    for spec, target in zip(figures, figure_charts):
        if spec.get("kind", "question") == "funnel":
            drawings.append((charts.funnel_chart, (_funnel_steps(funnel), spec["title"]), target))
        else:
            drawings.append((charts.question_chart, (crosstab, spec["question"], spec.get("cohorts", "all"), cohort_labels, spec["title"]), target))
    charts.draw_all([(draw, arguments, Path(target).with_suffix("")) for draw, arguments, target in drawings], processes)


def _funnel_steps(funnel: str | None) -> pd.DataFrame:
    import pandas as pd

    steps = pd.read_csv(funnel)
    missing = {"label", "count"} - set(steps.columns)
    if missing:
        raise SurveyInputError(f"{funnel}: the funnel file lacks the column(s) {sorted(missing)}; expected step,label,count.")
    return steps


def write_report(wave: str, title: str, sizes: str, cleaning_report: str, quarantine: str, tests: str, table: str, stage_labels: dict, cohort_labels: dict, figures: Sequence[str], report: str) -> None:
    """Write the wave's HTML report."""
    import pandas as pd

    from .report import render_report

    html = render_report(
        wave=wave, title=title, sizes=pd.read_csv(sizes), cleaning=pd.read_csv(cleaning_report),
        excluded=pd.read_csv(quarantine), tests=pd.read_csv(tests), table=pd.read_csv(table),
        stage_labels=stage_labels, cohort_labels=cohort_labels,
        figures=[str(Path(f).relative_to(Path(report).parent)) for f in figures],
    )
    Path(report).write_text(html, encoding="utf-8")
