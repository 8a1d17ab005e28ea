"""Snakemake adapter of the stage charts (see smmjourney.steps.draw_stage_charts)."""

from smmjourney.runner import run_step
from smmjourney.steps import draw_stage_charts

if __name__ == "__main__":
    run_step(
        draw_stage_charts,
        snakemake.log[0],  # noqa: F821
        table=snakemake.input.table,  # noqa: F821
        stage_labels=snakemake.params.stage_labels,  # noqa: F821
        cohort_labels=snakemake.params.cohort_labels,  # noqa: F821
        stage_charts=snakemake.output.stage_png,  # noqa: F821
        heatmap=snakemake.output.heatmap_png,  # noqa: F821
    )
