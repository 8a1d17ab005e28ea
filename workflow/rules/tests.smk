"""Tests: cohort x answer per question (chi-square, Fisher, Monte-Carlo, ordinal, set and weighted tests), one family per claim, the questions not tested and why; ordinal and multiple-response summaries."""


rule tests:
    input:
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
        stage_questions=STAGE_QUESTIONS,
        cohorts=COHORTS,
        language=PLAN.report_language,
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
            answers=input.answers,
            assignment=input.assignment,
            respondents=input.respondents,
            codebook=input.codebook,
            stage_questions=params.stage_questions,
            cohorts=params.cohorts,
            language=params.language,
            statistics=params.statistics,
            weights=params.weights,
            tests=output.tests,
            ordinal=output.ordinal,
            multiple_response=output.multiple_response,
            wave=wildcards.wave,
        )
