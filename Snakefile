"""Customer-journey survey analysis: clean -> split by cohort -> cross-tabs and tests per stage -> appropriateness table, charts and report."""

from snakemake.utils import min_version

min_version("9.0")


include: "workflow/rules/common.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/split.smk"
include: "workflow/rules/crosstabs.smk"
include: "workflow/rules/tests.smk"
include: "workflow/rules/posthoc.smk"
include: "workflow/rules/appropriateness.smk"
include: "workflow/rules/sensitivity.smk"
include: "workflow/rules/verdicts.smk"
include: "workflow/rules/workbook.smk"
include: "workflow/rules/charts.smk"
include: "workflow/rules/report.smk"


localrules:
    all,


rule all:
    default_target: True
    input:
        all_targets(),


include: "workflow/rules/contract.smk"
