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
    )
