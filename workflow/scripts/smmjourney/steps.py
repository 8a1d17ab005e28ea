"""One orchestrator per workflow step: paths and plain values in, files out.

Each chains the pure functions of the other modules; the scripts in ``workflow/scripts`` only pass
Snakemake's inputs, outputs and params to these by keyword.
"""

import logging
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .codebook import load_codebook
from .errors import SurveyInputError
from .output import write_csv

log = logging.getLogger(__name__)


def clean_wave(sources: Sequence[dict], codebook: str, required: Sequence[str], quality: dict, answers: str, respondents: str, quarantine: str, report: str, other_text: str) -> None:
    """Read and code every export of a wave, apply the quality rules; write answers, respondents,
    the quarantine, the allowed 'Other' texts and the cleaning report (nothing if any step fails)."""
    from .cleaning import QUARANTINE_COLUMNS, REPORT_COLUMNS, clean_sources
    from .privacy import load_salt

    book = load_codebook(codebook)
    wave = clean_sources(sources, book, required, quality, load_salt(), (quality or {}).get("other_text_allowed", []))
    for line in wave.report:
        if line["measure"] in ("rows_read", "rows_kept", "rows_quarantined"):
            log.info("%s %s: %s", line["source"], line["measure"], line["value"])
    Path(answers).parent.mkdir(parents=True, exist_ok=True)
    wave.answers.to_parquet(answers, index=False)
    wave.respondents.to_parquet(respondents, index=False)
    write_csv(wave.quarantine if len(wave.quarantine) else pd.DataFrame(columns=QUARANTINE_COLUMNS), quarantine)
    write_csv(wave.other_text, other_text)
    write_csv(pd.DataFrame(wave.report)[REPORT_COLUMNS], report)


def split_wave(answers: str, respondents: str, cohorts: Sequence[dict], assignment: str, sizes: str) -> None:
    """Assign every kept respondent to a cohort; write the assignment and the cohort sizes."""
    from .cohorts import assign_cohorts

    assigned = assign_cohorts(pd.read_parquet(respondents), pd.read_parquet(answers), cohorts)
    assigned.to_parquet(assignment, index=False)
    order = [c["id"] for c in cohorts]
    counts = assigned["cohort"].value_counts().reindex(order, fill_value=0)
    labels = {c["id"]: c.get("label", c["id"]) for c in cohorts}
    table = pd.DataFrame({"cohort": order, "label": [labels[c] for c in order], "respondents": counts.to_numpy()})
    table = pd.concat([table, pd.DataFrame([{"cohort": "all", "label": "All respondents", "respondents": len(assigned)}])])
    write_csv(table, sizes)
    log.info("cohorts: %s", dict(zip(table["cohort"], table["respondents"])))


def tabulate_wave(answers: str, assignment: str, codebook: str, stage_questions: Sequence[Sequence[str]], cohort_order: Sequence[str], language: str, confidence: float, crosstabs: str) -> None:
    """Write the cross-tabulation of every stage's questions."""
    from .counting import crosstabs as make_crosstabs

    table = make_crosstabs(
        pd.read_parquet(answers), pd.read_parquet(assignment), load_codebook(codebook),
        [tuple(pair) for pair in stage_questions], cohort_order, language, confidence,
    )
    write_csv(table, crosstabs)


def test_wave(crosstabs: str, cohort_order: Sequence[str], statistics: dict, tests: str) -> None:
    """Write the independence tests of cohort × answer, adjusted within each stage."""
    from .significance import independence_tests

    table = independence_tests(pd.read_csv(crosstabs), cohort_order, statistics["p_adjust"], statistics["alpha"], statistics["yates"])
    write_csv(table, tests)


def rate_wave(answers: str, assignment: str, plan: dict, cohort_labels: dict, stage_labels: dict, table: str, workbook: str) -> None:
    """Write the appropriateness table (CSV and coloured XLSX)."""
    from .appropriateness import appropriateness_table, indicator_shares
    from .output import write_appropriateness_xlsx
    from .plan import indicators

    cohort_order = list(cohort_labels)
    shares = indicator_shares(pd.read_parquet(answers), pd.read_parquet(assignment), indicators(plan), cohort_order)
    rated = appropriateness_table(shares, cohort_order, plan["rating"], plan["statistics"])
    write_csv(rated, table)
    write_appropriateness_xlsx(rated, cohort_labels, workbook, stage_labels)


def draw_stage_charts(table: str, stage_labels: dict, cohort_labels: dict, stage_charts: Sequence[str], heatmap: str) -> None:
    """Draw one indicator chart per stage and the appropriateness heatmap (PNG and SVG)."""
    from . import charts

    rated = pd.read_csv(table)
    for stage, target in zip(stage_labels, stage_charts):
        figure = charts.stage_chart(rated[rated["stage"] == stage], stage_labels[stage], cohort_labels)
        charts.save(figure, Path(target).with_suffix(""))
    charts.save(charts.rating_heatmap(rated, stage_labels, cohort_labels), Path(heatmap).with_suffix(""))


def draw_figures(crosstabs: str, figures: Sequence[dict], cohort_labels: dict, funnel: str | None, targets: Sequence[str]) -> None:
    """Draw the configured figures (question charts and the funnel), PNG and SVG."""
    from . import charts

    table = pd.read_csv(crosstabs)
    for spec, target in zip(figures, targets):
        if spec.get("kind", "question") == "funnel":
            steps = pd.read_csv(funnel)
            missing = {"label", "count"} - set(steps.columns)
            if missing:
                raise SurveyInputError(f"{funnel}: the funnel file lacks the column(s) {sorted(missing)}; expected step,label,count.")
            figure = charts.funnel_chart(steps, spec["title"])
        else:
            figure = charts.question_chart(table, spec["question"], spec.get("cohorts", "all"), cohort_labels, spec["title"])
        charts.save(figure, Path(target).with_suffix(""))


def write_report(wave: str, title: str, sizes: str, cleaning_report: str, excluded: str, tests: str, table: str, stage_labels: dict, cohort_labels: dict, figures: Sequence[str], report: str) -> None:
    """Write the wave's HTML report."""
    from .report import render_report

    html = render_report(
        wave=wave, title=title, sizes=pd.read_csv(sizes), cleaning=pd.read_csv(cleaning_report),
        excluded=pd.read_csv(excluded), tests=pd.read_csv(tests), table=pd.read_csv(table),
        stage_labels=stage_labels, cohort_labels=cohort_labels,
        figures=[str(Path(f).relative_to(Path(report).parent)) for f in figures],
    )
    Path(report).write_text(html, encoding="utf-8")
