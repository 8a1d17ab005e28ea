"""Tests: chi-square (or Fisher's exact) test of cohort x answer per question, adjusted within each stage."""


rule tests:
    input:
        crosstabs=rules.crosstabs.output.crosstabs,
    output:
        tests=report(
            f"{RESULTS}/tests.csv",
            caption="../report/tests.rst",
            category="Tables",
            labels={"wave": "{wave}", "table": "tests"},
        ),
    params:
        cohort_order=COHORT_ORDER,
        statistics=PLAN["statistics"],
    resources:
        mem_mb=1000,
        runtime=15,
    conda:
        "../../environment.yml"
    log:
        "logs/{wave}/tests.log",
    benchmark:
        "benchmarks/{wave}/tests.tsv"
    run:
        run_in_workflow(
            steps.test_wave,
            log[0],
            crosstabs=input.crosstabs,
            cohort_order=params.cohort_order,
            statistics=params.statistics,
            tests=output.tests,
        )
