"""Tests: cohort x answer per question (chi-square, Fisher, Monte-Carlo, ordinal, set and weighted tests), adjusted within each stage and across the wave; residuals, pairwise comparisons, ordinal and multiple-response summaries."""


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
        residuals=f"{RESULTS}/residuals.csv",
        pairwise=f"{RESULTS}/pairwise.csv",
        ordinal=f"{RESULTS}/ordinal.csv",
        multiple_response=f"{RESULTS}/multiple_response.csv",
    params:
        cohort_order=COHORT_ORDER,
        statistics=PLAN["statistics"],
        weights=lambda wildcards: PLAN.get("weights", {}).get(wildcards.wave, {}),
    resources:
        mem_mb=lambda wildcards, input: int(1000 + 8 * input.size_mb),
        runtime=30,
    conda:
        "../../environment.yml"
    log:
        "logs/{wave}/tests.log",
    benchmark:
        "benchmarks/{wave}/tests.tsv"
    run:
        run_in_workflow(steps.test_wave, log[0], input, output, params, wave=wildcards.wave)
