"""Workbook: the appropriateness table as a coloured XLSX (Table 3), written beside the charts."""


rule workbook:
    input:
        table=rules.appropriateness.output.table,
    output:
        workbook=f"{RESULTS}/appropriateness.xlsx",
    log:
        "logs/{wave}/workbook.log",
    benchmark:
        "benchmarks/{wave}/workbook.tsv"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        cohort_labels=COHORT_LABELS,
        stage_labels=STAGE_LABELS,
    run:
        run_in_workflow(
            "workbook",
            log[0],
            table=input.table,
            cohort_labels=params.cohort_labels,
            stage_labels=params.stage_labels,
            workbook=output.workbook,
        )
