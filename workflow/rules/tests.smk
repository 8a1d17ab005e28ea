"""Tests: cohort x answer per question (chi-square, Fisher, Monte-Carlo, ordinal, set and weighted tests), adjusted within each stage and across the wave; ordinal and multiple-response summaries."""


rule tests:
    input:
        crosstabs=rules.crosstabs.output.crosstabs,
        answers=rules.clean.output.answers,
        assignment=rules.split.output.assignment,
        respondents=rules.clean.output.respondents,
        codebook=get_codebook,
    output:
        tests=report(
            f"{RESULTS}/tests.csv",
            caption="../report/tests.rst",
            category="Tables",
            labels={"wave": "{wave}", "table": "tests"},
        ),
        ordinal=f"{RESULTS}/ordinal.csv",
        multiple_response=f"{RESULTS}/multiple_response.csv",
    log:
        "logs/{wave}/tests.log",
    benchmark:
        "benchmarks/{wave}/tests.tsv"
    resources:
        mem_mb=lambda wildcards, input: int(1000 + 8 * input.size_mb),
        runtime=30,
    params:
        cohort_order=COHORT_ORDER,
        statistics=statistics_of(
            "p_adjust",
            "alpha",
            "yates",
            "seed",
            "resamples",
            "confidence",
            "cramers_v",
            "difference",
        ),
        weights=get_weights,
    run:
        run_in_workflow(
            "tests",
            log[0],
            crosstabs=input.crosstabs,
            answers=input.answers,
            assignment=input.assignment,
            respondents=input.respondents,
            codebook=input.codebook,
            cohort_order=params.cohort_order,
            statistics=params.statistics,
            weights=params.weights,
            tests=output.tests,
            ordinal=output.ordinal,
            multiple_response=output.multiple_response,
            wave=wildcards.wave,
        )
