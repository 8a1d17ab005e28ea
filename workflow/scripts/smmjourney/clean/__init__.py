"""Rule ``clean``: read each raw export in its tool's layout, code the answers, quarantine by
the data-quality rules and account for every row.

Entry: :func:`clean_wave`. Each survey tool's export layout is a module of :mod:`.tools`, with
their one registry (``tools.LAYOUTS``); what the layouts share is in :mod:`.readers` (reading
files) and :mod:`.layouts` (matching columns to the codebook). Coding is in :mod:`.coding`, the
data-quality rules and their registry (``quality.RULES``) in :mod:`.quality`, pseudonymous ids and
redaction in :mod:`.privacy`. Heavy imports happen inside the entry, so parsing the workflow stays
cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smmjourney.clean.coding import CleanedWave

log = logging.getLogger(__name__)


def clean_wave(
    sources: Sequence[dict],
    codebook: str,
    required: Sequence[str],
    quality: dict,
    answers: str,
    respondents: str,
    quarantine: str,
    report: str,
    other_text: str,
    earlier_results: str | None = None,
    cohort_rules: Sequence[dict] = (),
) -> None:
    """Read and code every export of a wave, apply the quality rules; write answers, respondents,
    the quarantine, the allowed 'Other' texts and the cleaning report (nothing if any step fails).

    ``earlier_results`` is the wave's results folder: every file in it comes from the wave's
    earlier inputs and is removed first, so that a wave whose new inputs fail keeps no results
    that no longer match them (all of them are written again when cleaning succeeds).
    ``cohort_rules`` are the rules of the configuration's cohorts, in order: a kept respondent who
    matches none of them, or two, stops cleaning before anything is written, as the split step
    would stop after it (see :func:`smmjourney.split.cohort_matches`).
    """
    import pandas as pd

    from smmjourney.clean.coding import QUARANTINE_COLUMNS, REPORT_COLUMNS, clean_sources
    from smmjourney.clean.privacy import load_salt
    from smmjourney.output import write_csv

    if earlier_results:
        _remove_files_under(Path(earlier_results))
    from smmjourney.plan.codebook import load_codebook

    book = load_codebook(codebook)
    wave = clean_sources(
        sources, book, required, quality, load_salt(), (quality or {}).get("other_text_allowed", [])
    )
    if cohort_rules:
        _check_cohorts(wave, sources, cohort_rules)
    for line in wave.report:
        if line["measure"] in ("rows_read", "rows_kept", "rows_quarantined"):
            log.info("%s %s: %s", line["source"], line["measure"], line["value"])
    Path(answers).parent.mkdir(parents=True, exist_ok=True)
    # Dictionary-encoding only the few-valued columns: trying it on respondent rows costs more
    # than it saves.
    wave.answers.to_parquet(answers, index=False, use_dictionary=["question", "code"])
    wave.respondents.to_parquet(respondents, index=False)
    write_csv(
        wave.quarantine if len(wave.quarantine) else pd.DataFrame(columns=QUARANTINE_COLUMNS),
        quarantine,
    )
    write_csv(wave.other_text, other_text)
    write_csv(pd.DataFrame(wave.report)[REPORT_COLUMNS], report)


def _check_cohorts(wave: CleanedWave, sources: Sequence[dict], rules: Sequence[dict]) -> None:
    """Raise the split step's message if a kept respondent matches no cohort rule, or two."""
    from smmjourney.clean.coding import with_respondent_ids
    from smmjourney.split import cohort_matches, rule_questions

    asked = wave.answers[wave.answers["question"].isin(rule_questions(rules))]
    files = {source["id"]: source["file"] for source in sources}
    respondents = wave.respondents.assign(file=wave.respondents["source"].map(files))
    cohort_matches(respondents, with_respondent_ids(asked, wave.respondents), rules)


def _remove_files_under(folder: Path) -> None:
    files = (
        [path for path in folder.rglob("*") if path.is_file() or path.is_symlink()]
        if folder.is_dir()
        else []
    )
    for path in files:
        path.unlink()
    if files:
        log.info("removed %d results of the wave's earlier inputs from %s", len(files), folder)
