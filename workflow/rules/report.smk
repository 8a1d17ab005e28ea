"""Report: one HTML page per wave with the sample, cleaning, Table 3, significant differences and figures."""


rule report:
    input:
        sizes=rules.split.output.sizes,
        cleaning_report=rules.clean.output.report,
        quarantine=rules.clean.output.quarantine,
        tests=rules.tests.output.tests,
        table=rules.appropriateness.output.table,
        verdicts=get_verdicts_comparison,
        figures=[
            *rules.charts.output.stage_png,
            rules.charts.output.heatmap_png,
            *rules.charts.output.figure_png,
        ],
    output:
        report=f"{RESULTS}/report.html",
    log:
        "logs/{wave}/report.log",
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        title=get_title,
        stage_labels=STAGE_LABELS,
        cohort_labels=COHORT_LABELS,
        figure_titles=FIGURE_TITLES,
        confidence=PLAN.statistics.confidence,
    run:
        run_in_workflow(
            "report",
            log[0],
            title=params.title,
            sizes=input.sizes,
            cleaning_report=input.cleaning_report,
            quarantine=input.quarantine,
            tests=input.tests,
            table=input.table,
            verdicts=input.verdicts,
            figures=input.figures,
            stage_labels=params.stage_labels,
            cohort_labels=params.cohort_labels,
            figure_titles=params.figure_titles,
            confidence=params.confidence,
            report=output.report,
        )
