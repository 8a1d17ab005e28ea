"""Snakemake adapter of the clean step (see smmjourney.steps.clean_wave)."""

from smmjourney.runner import run_step
from smmjourney.steps import clean_wave

if __name__ == "__main__":
    run_step(
        clean_wave,
        snakemake.log[0],  # noqa: F821
        sources=snakemake.params.sources,  # noqa: F821
        codebook=snakemake.input.codebook,  # noqa: F821
        required=snakemake.params.required,  # noqa: F821
        quality=snakemake.params.quality,  # noqa: F821
        answers=snakemake.output.answers,  # noqa: F821
        respondents=snakemake.output.respondents,  # noqa: F821
        quarantine=snakemake.output.quarantine,  # noqa: F821
        other_text=snakemake.output.other_text,  # noqa: F821
        report=snakemake.output.report,  # noqa: F821
    )
