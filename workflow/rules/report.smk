"""Report: one HTML page per wave with the sample, cleaning, Table 3, significant differences and figures."""


rule report:
    input:
        sizes=rules.split.output.sizes,
        cleaning_report=rules.clean.output.report,
        quarantine=rules.clean.output.quarantine,
        tests=rules.tests.output.tests,
        table=rules.appropriateness.output.table,
        figures=[
            *rules.charts.output.stage_png,
            rules.charts.output.heatmap_png,
            *rules.charts.output.figure_png,
        ],
    output:
        report=f"{RESULTS}/report.html",
    params:
        title=lambda wildcards: get_wave(wildcards).get("title", wildcards.wave),
        stage_labels=STAGE_LABELS,
        cohort_labels=COHORT_LABELS,
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../../environment.yml"
    log:
        "logs/{wave}/report.log",
    run:
        run_in_workflow(steps.write_report, log[0], input, output, params, wave=wildcards.wave)
