"""Clean: read each raw export in its tool's layout, code answers, quarantine by the quality rules, account for every row."""


rule clean:
    input:
        sources=get_source_files,
        codebook=get_codebook,
    output:
        answers=f"{RESULTS}/cleaned/answers.parquet",
        respondents=f"{RESULTS}/cleaned/respondents.parquet",
        quarantine=f"{RESULTS}/quarantine.csv",
        other_text=f"{RESULTS}/other_text.csv",
        report=report(
            f"{RESULTS}/cleaning_report.csv",
            caption="../report/cleaning_report.rst",
            category="Cleaning",
            labels={"wave": "{wave}", "table": "cleaning report"},
        ),
    log:
        "logs/{wave}/clean.log",
    benchmark:
        "benchmarks/{wave}/clean.tsv"
    resources:
        mem_mb=lambda wildcards, input: int(1000 + 12 * input.size_mb),
        runtime=30,
    params:
        sources=get_sources,
        required=required_questions(),
        quality=get_quality,
        cohort_rules=COHORT_RULES,
    run:
        run_in_workflow(
            "clean",
            log[0],
            sources=params.sources,
            codebook=input.codebook,
            required=params.required,
            quality=params.quality,
            answers=output.answers,
            respondents=output.respondents,
            quarantine=output.quarantine,
            report=output.report,
            other_text=output.other_text,
            earlier_results=f"results/{wildcards.wave}",
            cohort_rules=params.cohort_rules,
        )
