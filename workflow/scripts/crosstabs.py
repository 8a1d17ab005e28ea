"""Snakemake adapter of the cross-tabs step (see smmjourney.steps.tabulate_wave)."""

from smmjourney.runner import run_step
from smmjourney.steps import tabulate_wave

if __name__ == "__main__":
    run_step(
        tabulate_wave,
        snakemake.log[0],  # noqa: F821
        answers=snakemake.input.answers,  # noqa: F821
        assignment=snakemake.input.assignment,  # noqa: F821
        codebook=snakemake.input.codebook,  # noqa: F821
        stage_questions=snakemake.params.stage_questions,  # noqa: F821
        cohort_order=snakemake.params.cohort_order,  # noqa: F821
        language=snakemake.params.language,  # noqa: F821
        confidence=snakemake.params.confidence,  # noqa: F821
        crosstabs=snakemake.output.crosstabs,  # noqa: F821
        statistics=snakemake.params.statistics,  # noqa: F821
        weights=snakemake.params.weights,  # noqa: F821
        respondents=snakemake.input.respondents,  # noqa: F821
        wave=snakemake.wildcards.wave,  # noqa: F821
    )
