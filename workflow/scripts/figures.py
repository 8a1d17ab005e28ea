"""Snakemake adapter of the configured figures (see smmjourney.steps.draw_figures)."""

from smmjourney.runner import run_step
from smmjourney.steps import draw_figures

if __name__ == "__main__":
    run_step(
        draw_figures,
        snakemake.log[0],  # noqa: F821
        crosstabs=snakemake.input.crosstabs,  # noqa: F821
        figures=snakemake.params.figures,  # noqa: F821
        cohort_labels=snakemake.params.cohort_labels,  # noqa: F821
        funnel=snakemake.params.funnel,  # noqa: F821
        targets=snakemake.output.png,  # noqa: F821
    )
