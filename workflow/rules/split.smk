"""Split: assign each respondent to a cohort by the declarative rules of the configuration."""


rule split:
    input:
        answers=rules.clean.output.answers,
        respondents=rules.clean.output.respondents,
    output:
        assignment=f"{RESULTS}/cleaned/cohorts.parquet",
        sizes=f"{RESULTS}/cohort_sizes.csv",
    log:
        "logs/{wave}/split.log",
    benchmark:
        "benchmarks/{wave}/split.tsv"
    resources:
        mem_mb=lambda wildcards, input: int(1000 + 6 * input.size_mb),
        runtime=15,
    params:
        cohorts=COHORTS,
    run:
        run_in_workflow(
            "split",
            log[0],
            answers=input.answers,
            respondents=input.respondents,
            cohorts=params.cohorts,
            assignment=output.assignment,
            sizes=output.sizes,
        )
