"""Charts: each stage's indicators by cohort, the appropriateness heatmap, and the configured figures, in one job per wave."""


rule charts:
    input:
        table=rules.appropriateness.output.table,
        crosstabs=rules.crosstabs.output.crosstabs,
        funnel=get_funnel_input,
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
        figure_png=report(
            figure_paths("png"),
            caption="../report/figure.rst",
            category="Figures",
            labels=lambda wildcards: {"wave": wildcards.wave},
        ),
        figure_svg=figure_paths("svg"),
    log:
        "logs/{wave}/charts.log",
    benchmark:
        "benchmarks/{wave}/charts.tsv"
    conda:
        "../../environment.yml"
    threads: 2
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        stage_labels=STAGE_LABELS,
        cohort_labels=COHORT_LABELS,
        figures=FIGURES,
        funnel=get_funnel,
    script:
        "../scripts/charts.py"
