"""Snakemake adapter of the appropriateness step (see smmjourney.steps.rate_wave)."""

from smmjourney.runner import run_step
from smmjourney.steps import rate_wave

if __name__ == "__main__":
    run_step(
        rate_wave,
        snakemake.log[0],  # noqa: F821
        answers=snakemake.input.answers,  # noqa: F821
        assignment=snakemake.input.assignment,  # noqa: F821
        plan=snakemake.params.plan,  # noqa: F821
        cohort_labels=snakemake.params.cohort_labels,  # noqa: F821
        stage_labels=snakemake.params.stage_labels,  # noqa: F821
        table=snakemake.output.table,  # noqa: F821
        workbook=snakemake.output.workbook,  # noqa: F821
        weights=snakemake.params.weights,  # noqa: F821
        respondents=snakemake.input.respondents,  # noqa: F821
        codebook=snakemake.input.codebook,  # noqa: F821
        wave=snakemake.wildcards.wave,  # noqa: F821
    )
