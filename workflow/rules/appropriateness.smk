"""Appropriateness: the stage x activity table with indicator shares, ratings and their uncertainty, and the tested cohort differences of each activity."""


rule appropriateness:
    input:
        answers=rules.clean.output.answers,
        assignment=rules.split.output.assignment,
        respondents=rules.clean.output.respondents,
        codebook=get_codebook,
        tests=rules.tests.output.tests,
    output:
        table=report(
            f"{RESULTS}/appropriateness.csv",
            caption="../report/appropriateness.rst",
            category="Tables",
            labels={"wave": "{wave}", "table": "appropriateness"},
        ),
        differences=report(
            f"{RESULTS}/activity_differences.csv",
            caption="../report/activity_differences.rst",
            category="Tables",
            labels={"wave": "{wave}", "table": "activity differences"},
        ),
    log:
        "logs/{wave}/appropriateness.log",
    benchmark:
        "benchmarks/{wave}/appropriateness.tsv"
    resources:
        mem_mb=lambda wildcards, input: int(1000 + 8 * input.size_mb),
        runtime=30,
    params:
        indicators=INDICATORS,
        rating=RATING,
        statistics=statistics_of(
            "confidence",
            "interval",
            "alpha",
            "alpha_strict",
            "letters_adjust",
            "p_adjust",
            "yates",
            "seed",
            "resamples",
            "difference",
            "letters",
        ),
        cohort_labels=COHORT_LABELS,
        weights=get_weights,
    run:
        run_in_workflow(
            "appropriateness",
            log[0],
            answers=input.answers,
            assignment=input.assignment,
            respondents=input.respondents,
            codebook=input.codebook,
            indicators=params.indicators,
            rating=params.rating,
            statistics=params.statistics,
            cohort_labels=params.cohort_labels,
            weights=params.weights,
            table=output.table,
            differences=output.differences,
            tests=input.tests,
            wave=wildcards.wave,
        )
