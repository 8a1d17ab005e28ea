"""Snakemake adapter of the charts step (see smmjourney.charts.draw_charts)."""

import sys

# The checkout's package first: Snakemake appends this folder to the path, behind any installed
# copy of smmjourney (which may be another version).
sys.path.insert(0, snakemake.scriptdir)  # noqa: F821

from smmjourney.processes import die_with_run  # noqa: E402

# Ended with the Snakemake process that runs it (kill -9 too), before the stack is imported.
die_with_run()

from smmjourney.charts import draw_charts  # noqa: E402
from smmjourney.runner import run_step  # noqa: E402

if __name__ == "__main__":
    run_step(
        draw_charts,
        snakemake.log[0],  # noqa: F821
        table=snakemake.input.table,  # noqa: F821
        crosstabs=snakemake.input.crosstabs,  # noqa: F821
        stage_labels=snakemake.params.stage_labels,  # noqa: F821
        cohort_labels=snakemake.params.cohort_labels,  # noqa: F821
        figures=snakemake.params.figures,  # noqa: F821
        funnel=snakemake.params.funnel,  # noqa: F821
        stage_charts=snakemake.output.stage_png,  # noqa: F821
        heatmap=snakemake.output.heatmap_png,  # noqa: F821
        figure_charts=snakemake.output.figure_png,  # noqa: F821
        processes=snakemake.threads,  # noqa: F821
    )
