"""Snakemake adapter of the split step (see smmjourney.steps.split_wave)."""

from smmjourney.runner import run_step
from smmjourney.steps import split_wave

if __name__ == "__main__":
    run_step(
        split_wave,
        snakemake.log[0],  # noqa: F821
        answers=snakemake.input.answers,  # noqa: F821
        respondents=snakemake.input.respondents,  # noqa: F821
        cohorts=snakemake.params.cohorts,  # noqa: F821
        assignment=snakemake.output.assignment,  # noqa: F821
        sizes=snakemake.output.sizes,  # noqa: F821
    )
