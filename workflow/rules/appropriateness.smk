"""Appropriateness: the stage x activity table with indicator shares, ratings and cohort differences."""


rule appropriateness:
    input:
        answers=rules.clean.output.answers,
        assignment=rules.split.output.assignment,
        respondents=rules.clean.output.respondents,
        codebook=get_codebook,
    output:
        table=report(
            f"{RESULTS}/appropriateness.csv",
            caption="../report/appropriateness.rst",
            category="Tables",
            labels={"wave": "{wave}", "table": "appropriateness"},
        ),
    params:
        plan={key: PLAN[key] for key in ("stages", "rating", "statistics")},
        cohort_labels=COHORT_LABELS,
        weights=lambda wildcards: PLAN.get("weights", {}).get(wildcards.wave, {}),
    resources:
        mem_mb=lambda wildcards, input: int(1000 + 8 * input.size_mb),
        runtime=30,
    conda:
        "../../environment.yml"
    log:
        "logs/{wave}/appropriateness.log",
    benchmark:
        "benchmarks/{wave}/appropriateness.tsv"
    run:
        run_in_workflow(steps.rate_wave, log[0], input, output, params, wave=wildcards.wave)
