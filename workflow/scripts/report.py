"""Snakemake adapter of the HTML report (see smmjourney.steps.write_report)."""

from smmjourney.runner import run_step
from smmjourney.steps import write_report

if __name__ == "__main__":
    run_step(
        write_report,
        snakemake.log[0],  # noqa: F821
        wave=snakemake.wildcards.wave,  # noqa: F821
        title=snakemake.params.title,  # noqa: F821
        sizes=snakemake.input.sizes,  # noqa: F821
        cleaning_report=snakemake.input.cleaning_report,  # noqa: F821
        excluded=snakemake.input.quarantine,  # noqa: F821
        tests=snakemake.input.tests,  # noqa: F821
        table=snakemake.input.table,  # noqa: F821
        stage_labels=snakemake.params.stage_labels,  # noqa: F821
        cohort_labels=snakemake.params.cohort_labels,  # noqa: F821
        figures=snakemake.input.figures,  # noqa: F821
        report=snakemake.output.report,  # noqa: F821
    )
