"""Post-hoc: where the cohorts differ, each cell's adjusted residual and every pair of cohorts compared."""


rule posthoc:
    input:
        crosstabs=rules.crosstabs.output.crosstabs,
    output:
        residuals=f"{RESULTS}/residuals.csv",
        pairwise=f"{RESULTS}/pairwise.csv",
    log:
        "logs/{wave}/posthoc.log",
    benchmark:
        "benchmarks/{wave}/posthoc.tsv"
    resources:
        mem_mb=1000,
        runtime=15,
    params:
        cohort_order=COHORT_ORDER,
        statistics=statistics_of(
            "alpha", "p_adjust", "yates", "seed", "resamples", "confidence", "difference"
        ),
    run:
        run_in_workflow(
            "posthoc",
            log[0],
            crosstabs=input.crosstabs,
            cohort_order=params.cohort_order,
            statistics=params.statistics,
            residuals=output.residuals,
            pairwise=output.pairwise,
        )
