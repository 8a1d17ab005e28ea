"""The fuzzer's session: the large seed set only with ``-m fuzz``, and the outcome counts in
the terminal summary."""

from __future__ import annotations

from fuzz.cases import OUTCOMES, summary


def pytest_collection_modifyitems(config, items) -> None:
    """Deselect the large set (marker ``fuzz``) unless the marker expression names it."""
    if "fuzz" in (config.getoption("markexpr") or ""):
        return
    large = [item for item in items if item.get_closest_marker("fuzz")]
    if large:
        config.hook.pytest_deselected(items=large)
        items[:] = [item for item in items if not item.get_closest_marker("fuzz")]


def pytest_terminal_summary(terminalreporter) -> None:
    """``fuzz: N cases: R reconciled, S stopped, F failures`` and one line per failure."""
    if not OUTCOMES:
        return
    terminalreporter.write_sep("-", "fuzz")
    terminalreporter.write_line(f"fuzz: {summary(OUTCOMES)}")
    for outcome in OUTCOMES:
        if outcome.kind == "failure":
            terminalreporter.write_line(f"  {outcome}"[:600])
