"""The name contract through the command line: a renamed output key, a misspelt keyword or a key
renamed under a script stops both the dry run and the linter, while the Snakefile is parsed, with
a message naming the rule, the file, the line and the key (smmjourney.contract)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow_run import copy_workflow, snakemake

pytestmark = pytest.mark.workflow

COMMANDS = {"dry run": ("--dry-run",), "lint": ("--lint",)}


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in ``path`` (at least once); the line of the first ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}: update this test"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def rename_crosstabs_output(directory: Path) -> list[str]:
    """Rename the crosstabs rule's output key ``crosstabs`` to ``table`` and update the rules
    that use it, but not the run block that passes it on."""
    rules = directory / "workflow" / "rules"
    edit(rules / "crosstabs.smk", "    crosstabs=report(", "    table=report(")
    for path in rules.glob("*.smk"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("rules.crosstabs.output.crosstabs", "rules.crosstabs.output.table"),
            encoding="utf-8",
        )
    line = line_of(rules / "crosstabs.smk", "=output.crosstabs")
    return [
        f"rule crosstabs (workflow/rules/crosstabs.smk, line {line}): the run block reads "
        "output.crosstabs, but the rule's outputs are: table"
    ]


def misspell_posthoc_keyword(directory: Path) -> list[str]:
    """Pass ``residual=`` for ``residuals=`` in the posthoc rule's run block."""
    rule = directory / "workflow" / "rules" / "posthoc.smk"
    line = edit(rule, "residuals=output.residuals", "residual=output.residuals")
    call = line_of(rule, "run_in_workflow(")
    return [
        f"rule posthoc (workflow/rules/posthoc.smk, line {line}): the run block passes residual=, "
        "but smmjourney.posthoc.write_posthoc has no parameter residual (its parameters: ",
        f"rule posthoc (workflow/rules/posthoc.smk, line {call}): the run block does not pass "
        "residuals=, which smmjourney.posthoc.write_posthoc requires",
    ]


def rename_charts_output(directory: Path) -> list[str]:
    """Rename the charts rule's output key ``heatmap_png`` to ``heatmap`` (and in the report rule
    that uses it), but not in the script adapter that reads it."""
    rules = directory / "workflow" / "rules"
    edit(rules / "charts.smk", "    heatmap_png=report(", "    heatmap=report(")
    edit(rules / "report.smk", "rules.charts.output.heatmap_png", "rules.charts.output.heatmap")
    line = line_of(directory / "workflow" / "scripts" / "charts.py", "snakemake.output.heatmap_png")
    return [
        f"rule charts (workflow/scripts/charts.py, line {line}): the script reads "
        "snakemake.output.heatmap_png, but the rule's outputs are: ",
    ]


BREAKS = {
    "renamed output key": rename_crosstabs_output,
    "misspelt keyword": misspell_posthoc_keyword,
    "renamed output key under a script": rename_charts_output,
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("change", BREAKS)
def test_a_broken_name_contract_stops_the_command_before_any_job(tmp_path, change, command):
    directory = copy_workflow(tmp_path)
    expected = BREAKS[change](directory)
    result = snakemake(directory, *COMMANDS[command], timeout=120)
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert "The rules and the steps they run disagree on names:" in message
    for part in expected:
        assert part in message, message[-3000:]
    assert "Building DAG of jobs" not in message
    assert not (directory / "results").exists()


def test_the_bundled_rules_keep_the_contract(tmp_path):
    directory = copy_workflow(tmp_path)
    result = snakemake(directory, "--lint", timeout=120)
    message = result.stdout + result.stderr
    assert result.returncode == 0, message[-3000:]
    assert "disagree on names" not in message
