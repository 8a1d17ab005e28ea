"""Charts: each stage's indicators by cohort, the appropriateness heatmap, and the configured figures."""


rule stage_charts:
    input:
        table=rules.appropriateness.output.table,
    output:
        stage_png=report(
            stage_chart_paths("png"),
            caption="../report/stage_chart.rst",
            category="Stages",
            labels=lambda wildcards: {"wave": wildcards.wave},
        ),
        stage_svg=stage_chart_paths("svg"),
        heatmap_png=report(
            f"{RESULTS}/figures/appropriateness_heatmap.png",
            caption="../report/heatmap.rst",
            category="Appropriateness",
            labels={"wave": "{wave}", "figure": "heatmap"},
        ),
        heatmap_svg=f"{RESULTS}/figures/appropriateness_heatmap.svg",
    params:
        stage_labels=STAGE_LABELS,
        cohort_labels=COHORT_LABELS,
    resources:
        mem_mb=1500,
        runtime=15,
    conda:
        "../../environment.yml"
    log:
        "logs/{wave}/stage_charts.log",
    benchmark:
        "benchmarks/{wave}/stage_charts.tsv"
    script:
        "../scripts/stage_charts.py"


rule figures:
    input:
        crosstabs=rules.crosstabs.output.crosstabs,
        funnel=get_funnel_input,
    output:
        png=report(
            figure_paths("png"),
            caption="../report/figure.rst",
            category="Figures",
            labels=lambda wildcards: {"wave": wildcards.wave},
        ),
        svg=figure_paths("svg"),
    params:
        figures=FIGURES,
        cohort_labels=COHORT_LABELS,
        funnel=get_funnel,
    resources:
        mem_mb=1500,
        runtime=15,
    conda:
        "../../environment.yml"
    log:
        "logs/{wave}/figures.log",
    benchmark:
        "benchmarks/{wave}/figures.tsv"
    script:
        "../scripts/figures.py"
