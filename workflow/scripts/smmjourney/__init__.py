"""smmjourney: which social-media-marketing activities suit which stage of the customer journey.

The package is laid out as the workflow is: one module or subpackage per Snakemake rule, named
as the rule is, each exposing the one entry function its rule calls.

===================  ==========================================================================
rule                 entry function (in its module)
===================  ==========================================================================
``clean``            :func:`smmjourney.clean.clean_wave`
``split``            :func:`smmjourney.split.split_wave`
``crosstabs``        :func:`smmjourney.crosstabs.write_crosstabs`
``tests``            :func:`smmjourney.inference.write_tests`
``posthoc``          :func:`smmjourney.posthoc.write_posthoc`
``appropriateness``  :func:`smmjourney.appropriateness.write_appropriateness`
``sensitivity``      :func:`smmjourney.appropriateness.sensitivity.write_rating_sensitivity`
``verdicts``         :func:`smmjourney.verdicts.write_verdicts_comparison`
``workbook``         :func:`smmjourney.workbook.write_workbook`
``charts``           :func:`smmjourney.charts.draw_charts`
``report``           :func:`smmjourney.report.write_report`
===================  ==========================================================================

Beside the steps: :mod:`smmjourney.plan` (the configuration and codebooks, parsed and validated
once), :mod:`smmjourney.stats` (pure numerics: arrays in, numbers or dataclasses out),
:mod:`smmjourney.weighting` and :mod:`smmjourney.cleaned` (shared by the steps after cleaning),
:mod:`smmjourney.palette` (colours and rating words of every renderer), :mod:`smmjourney.output`
(spreadsheet-safe CSV), :mod:`smmjourney.runner` (a step's log and error handling) and
:mod:`smmjourney.errors` (the one exception users see).
"""

__version__ = "0.9.0"

STEPS = {
    "clean": ("smmjourney.clean", "clean_wave"),
    "split": ("smmjourney.split", "split_wave"),
    "crosstabs": ("smmjourney.crosstabs", "write_crosstabs"),
    "tests": ("smmjourney.inference", "write_tests"),
    "posthoc": ("smmjourney.posthoc", "write_posthoc"),
    "appropriateness": ("smmjourney.appropriateness", "write_appropriateness"),
    "sensitivity": ("smmjourney.appropriateness.sensitivity", "write_rating_sensitivity"),
    "verdicts": ("smmjourney.verdicts", "write_verdicts_comparison"),
    "workbook": ("smmjourney.workbook", "write_workbook"),
    "charts": ("smmjourney.charts", "draw_charts"),
    "report": ("smmjourney.report", "write_report"),
}
"""Rule name -> (module, entry function), as in the table above."""
