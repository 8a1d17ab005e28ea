"""Pure functions of the customer-journey survey workflow.

Each module holds one concern: reading the codebook and the analysis plan, cleaning raw exports,
assigning cohorts, counting, statistics, the appropriateness table, charts and the report. The
scripts in ``workflow/scripts`` are thin adapters that call these functions; tests import them
directly.
"""
