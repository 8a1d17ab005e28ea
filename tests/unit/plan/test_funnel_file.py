"""A wave's funnel file is checked when the plan is read: a bad one stops the run before any job
(not in the charts step, after the other steps have written their results)."""

from __future__ import annotations

import pytest

from smmjourney.errors import SurveyInputError
from smmjourney.plan import load_plan
from workflow_run import copy_workflow

WAVE = "thesis2017"


@pytest.fixture
def workflow_copy(tmp_path):
    return copy_workflow(tmp_path)


def funnel_lines(directory) -> list[str]:
    return (directory / "data" / "raw" / WAVE / "dm_funnel.csv").read_text("utf-8").splitlines()


def write_funnel(directory, lines: list[str]) -> None:
    (directory / "data" / "raw" / WAVE / "dm_funnel.csv").write_text(
        "\n".join(lines) + "\n", "utf-8"
    )


def stopped(directory) -> str:
    with pytest.raises(SurveyInputError) as error:
        load_plan(directory / "config.yaml", base_dir=directory)
    return str(error.value)


def test_a_count_that_is_not_a_number_stops_the_plan_naming_its_place(workflow_copy):
    """A count typed as text is named with the file, row, line and column, and what was expected."""
    lines = funnel_lines(workflow_copy)
    step, label, count, rest = lines[3].split(",", 3)
    write_funnel(workflow_copy, [*lines[:3], ",".join([step, label, "about " + count, rest])])
    message = stopped(workflow_copy)
    assert (
        f"the funnel file data/raw/{WAVE}/dm_funnel.csv, row 3 (line 4), column count: found "
        f"'about {count}', expected a whole number of 0 or more"
    ) in message


def test_a_funnel_without_a_count_column_stops_the_plan(workflow_copy):
    """A funnel whose header lacks ``count`` is named with the column it lacks."""
    lines = funnel_lines(workflow_copy)
    write_funnel(workflow_copy, [lines[0].replace("count", "number"), *lines[1:]])
    assert "lacks the column(s) ['count']" in stopped(workflow_copy)
