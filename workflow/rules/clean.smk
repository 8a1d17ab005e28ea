"""Clean: read each raw export, map headers and labels to codebook codes, account for every row."""


rule clean:
    input:
        sources=get_source_files,
        codebook=get_codebook,
    output:
        answers=f"{RESULTS}/cleaned/answers.parquet",
        respondents=f"{RESULTS}/cleaned/respondents.parquet",
        excluded=f"{RESULTS}/excluded.csv",
        report=report(
            f"{RESULTS}/cleaning_report.csv",
            caption="../report/cleaning_report.rst",
            category="Cleaning",
            labels={"wave": "{wave}", "table": "cleaning report"},
        ),
    params:
        sources=get_sources,
        required=required_questions(),
    resources:
        mem_mb=lambda wildcards, input: int(1000 + 12 * input.size_mb),
        runtime=30,
    conda:
        "../../environment.yml"
    log:
        "logs/{wave}/clean.log",
    benchmark:
        "benchmarks/{wave}/clean.tsv"
    run:
        run_in_workflow(
            steps.clean_wave,
            log[0],
            sources=params.sources,
            codebook=input.codebook,
            required=params.required,
            answers=output.answers,
            respondents=output.respondents,
            excluded=output.excluded,
            report=output.report,
        )
