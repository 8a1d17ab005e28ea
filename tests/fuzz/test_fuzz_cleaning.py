"""The fuzzer: seeded mutations of every reader's layouts, each cleaned and classified.

Each case (:mod:`fuzz.cases`) writes the sample wave in one tool's layout, mutates it with one
operator of :mod:`fuzz.mutations` and cleans it through ``clean_sources``; it passes when the
outcome is ``reconciled`` or ``stopped`` (one-paragraph message naming the file). The fast set
runs in the default suite; the large set (every operator on every layout, then 1,200 drawn
cases) with ``python3 -m pytest -m fuzz tests/fuzz``. The counts are in the terminal summary.
"""

from __future__ import annotations

import pytest

from fuzz.cases import fast_cases, large_cases, run_case
from fuzz.regressions import REGRESSIONS


@pytest.mark.parametrize("case", fast_cases(), ids=str)
def test_a_mutated_export_is_reconciled_or_stopped(case, tmp_path):
    """A mutated export of the fast set is read with every row accounted for, or stops clearly."""
    outcome = run_case(case, tmp_path)
    assert outcome.kind != "failure", str(outcome)


@pytest.mark.fuzz
@pytest.mark.parametrize("case", large_cases(), ids=str)
def test_a_mutated_export_of_the_large_set_is_reconciled_or_stopped(case, tmp_path):
    """A mutated export of the large set is read with every row accounted for, or stops
    clearly."""
    outcome = run_case(case, tmp_path)
    assert outcome.kind != "failure", str(outcome)


@pytest.mark.parametrize(
    "regression",
    [
        pytest.param(r, marks=[pytest.mark.xfail(strict=True, reason=r.xfail)] if r.xfail else [])
        for r in REGRESSIONS
    ],
    ids=lambda r: str(r.case),
)
def test_a_committed_failing_seed_is_reconciled_or_stopped(regression, tmp_path):
    """A case the fuzzer once failed on (a committed seed) now reads or stops clearly."""
    outcome = run_case(regression.case, tmp_path)
    assert outcome.kind != "failure", f"{outcome} (found: {regression.found})"
