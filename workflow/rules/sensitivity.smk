"""Sensitivity: how many activity ratings change when a rating threshold moves by 5 points either way or under another combine rule, from the written appropriateness table."""


rule sensitivity:
    input:
        table=rules.appropriateness.output.table,
    output:
        sensitivity=report(
            f"{RESULTS}/rating_sensitivity.csv",
            caption="../report/rating_sensitivity.rst",
            category="Tables",
            labels={"wave": "{wave}", "table": "rating sensitivity"},
        ),
    log:
        "logs/{wave}/sensitivity.log",
    benchmark:
        "benchmarks/{wave}/sensitivity.tsv"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        cohort_labels=COHORT_LABELS,
        rating=RATING,
    run:
        run_in_workflow(
            "sensitivity",
            log[0],
            table=input.table,
            cohort_labels=params.cohort_labels,
            rating=params.rating,
            sensitivity=output.sensitivity,
        )
