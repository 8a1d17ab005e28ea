"""Snakemake adapter of the tests step (see smmjourney.steps.test_wave)."""

from smmjourney.runner import run_step
from smmjourney.steps import test_wave

if __name__ == "__main__":
    run_step(
        test_wave,
        snakemake.log[0],  # noqa: F821
        crosstabs=snakemake.input.crosstabs,  # noqa: F821
        cohort_order=snakemake.params.cohort_order,  # noqa: F821
        statistics=snakemake.params.statistics,  # noqa: F821
        tests=snakemake.output.tests,  # noqa: F821
        answers=snakemake.input.answers,  # noqa: F821
        assignment=snakemake.input.assignment,  # noqa: F821
        codebook=snakemake.input.codebook,  # noqa: F821
        respondents=snakemake.input.respondents,  # noqa: F821
        weights=snakemake.params.weights,  # noqa: F821
        residuals=snakemake.output.residuals,  # noqa: F821
        pairwise=snakemake.output.pairwise,  # noqa: F821
        ordinal=snakemake.output.ordinal,  # noqa: F821
        multiple_response=snakemake.output.multiple_response,  # noqa: F821
        wave=snakemake.wildcards.wave,  # noqa: F821
    )
