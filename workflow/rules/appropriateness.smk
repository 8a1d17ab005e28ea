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
        workbook=f"{RESULTS}/appropriateness.xlsx",
    params:
        plan={key: PLAN[key] for key in ("stages", "rating", "statistics")},
        cohort_labels=COHORT_LABELS,
        stage_labels=STAGE_LABELS,
        weights=lambda wildcards: PLAN.get("weights", {}).get(wildcards.wave, {}),
    conda:
        "../../environment.yml"
    log:
        "logs/{wave}/appropriateness.log",
    benchmark:
        "benchmarks/{wave}/appropriateness.tsv"
    script:
        "../scripts/appropriateness.py"
