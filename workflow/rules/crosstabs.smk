"""Cross-tabs: per stage, every question's options counted per cohort and overall, with Wilson intervals and the significance letters the tests allow."""


rule crosstabs:
    input:
        answers=rules.clean.output.answers,
        assignment=rules.split.output.assignment,
        codebook=get_codebook,
        respondents=rules.clean.output.respondents,
        tests=f"{RESULTS}/tests.csv",
    output:
        crosstabs=report(
            f"{RESULTS}/crosstabs.csv",
            caption="../report/crosstabs.rst",
            category="Tables",
            labels={"wave": "{wave}", "table": "cross-tabs"},
        ),
    log:
        "logs/{wave}/crosstabs.log",
    benchmark:
        "benchmarks/{wave}/crosstabs.tsv"
    resources:
        mem_mb=lambda wildcards, input: int(1000 + 8 * input.size_mb),
        runtime=30,
    params:
        stage_questions=STAGE_QUESTIONS,
        cohort_order=COHORT_ORDER,
        language=PLAN.report_language,
        statistics=statistics_of(
            "confidence", "interval", "alpha", "alpha_strict", "letters_adjust", "letters"
        ),
        weights=get_weights,
    run:
        run_in_workflow(
            "crosstabs",
            log[0],
            answers=input.answers,
            assignment=input.assignment,
            codebook=input.codebook,
            respondents=input.respondents,
            tests=input.tests,
            stage_questions=params.stage_questions,
            cohort_order=params.cohort_order,
            language=params.language,
            statistics=params.statistics,
            weights=params.weights,
            crosstabs=output.crosstabs,
            wave=wildcards.wave,
        )
