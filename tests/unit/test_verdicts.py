"""The thesis author's verdicts: recorded verbatim for the plan's activities, read and checked with
clear messages, and set beside the computed ratings without being fitted to."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from smmjourney.appropriateness import rated_wave
from smmjourney.errors import SurveyInputError
from smmjourney.plan import Indicator, validate_plan
from smmjourney.verdicts import (
    COMPARISON_COLUMNS,
    VERDICT_COLUMNS,
    VERDICT_RATINGS,
    check_verdicts,
    compare_verdicts,
    plan_activities,
    read_verdicts,
)

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = REPO / "data" / "published" / "thesis2017_verdicts.csv"
THESIS = Path(
    os.environ.get(
        "SMMJOURNEY_THESIS_TEXT", REPO.parent / "shared" / "seeds" / "002_a88722f14ef27cff.txt"
    )
)
HEADER = ",".join(VERDICT_COLUMNS)


def bundled_plan():
    config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    return validate_plan(config, where="config.yaml", base_dir=REPO)


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "verdicts.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def activity_rows(cohort: str, rating: str, decided: str | None, indicators) -> list[dict]:
    """Rows of an appropriateness table for stage s1, activity act and ``cohort``; indicators are
    ``(label, direction, pct)``."""
    rows = [
        {
            "stage": "s1",
            "activity": "act",
            "activity_label": "An activity",
            "indicator": label,
            "indicator_label": label,
            "direction": direction,
            "cohort": cohort,
            "pct": pct,
            "activity_score": 30.0,
            "activity_rating": rating,
        }
        for label, direction, pct in indicators
    ]
    if decided is not None:
        for row in rows:
            row["rating_decided"] = decided
    return rows


def verdicts_for(tmp_path: Path, *lines: str):
    return read_verdicts(write(tmp_path, *[f"s1,act,{line},Quoted.,Section 1" for line in lines]))


@pytest.mark.skipif(not THESIS.is_file(), reason=f"the thesis text is not at {THESIS}")
def test_every_quote_occurs_verbatim_in_the_thesis():
    """Each quote and other quote occurs in the thesis text, whitespace aside."""
    text = normalised(THESIS.read_text(encoding="utf-8"))
    quotes = [q for v in read_verdicts(PUBLISHED) for q in (v.quote, *v.other_quotes)]
    assert [quote for quote in quotes if normalised(quote) not in text] == []


def test_published_verdicts_name_the_plans_stages_activities_and_cohorts():
    """The bundled verdicts pass the check the Snakefile runs against the bundled plan."""
    plan = bundled_plan()
    check_verdicts(
        read_verdicts(PUBLISHED),
        PUBLISHED,
        plan_activities(plan.stages),
        [c.id for c in plan.cohorts],
    )


def test_every_activity_of_the_thesis_plan_has_a_published_verdict():
    """The thesis gives a verdict on every activity the bundled plan rates, and the file has
    one for each."""
    plan = bundled_plan()
    given = {(v.stage, v.activity) for v in read_verdicts(PUBLISHED)}
    planned = {
        (stage, activity) for stage, ids in plan_activities(plan.stages).items() for activity in ids
    }
    assert planned - given == set()


def test_the_bundled_config_names_the_verdicts_file_for_the_thesis_wave_only():
    """The thesis wave's configuration points at the recorded verdicts."""
    plan = bundled_plan()
    assert {wave: w.verdicts for wave, w in plan.waves.items()} == {
        "thesis2017": "data/published/thesis2017_verdicts.csv"
    }


def test_a_verdict_outside_the_vocabulary_is_refused_with_its_row_and_column(tmp_path):
    """An unknown verdict word stops with the file, row, column and the vocabulary."""
    path = write(tmp_path, "s1,act,all,appropriate,Q.,L", "s1,act2,all,green,Q.,L")
    with pytest.raises(SurveyInputError) as error:
        read_verdicts(path)
    message = str(error.value)
    assert f"{path}, row 2 (line 3), column 'verdict': found 'green'" in message
    assert ", ".join(VERDICT_RATINGS) in message


def test_two_verdicts_on_one_stage_activity_and_cohort_are_refused(tmp_path):
    """A repeated stage, activity and cohort names the row that gave it first."""
    path = write(tmp_path, "s1,act,all,partly,Q.,L", "s1,act,all,appropriate,Q.,L")
    with pytest.raises(SurveyInputError, match="row 2 .*which row 1 gives already"):
        read_verdicts(path)


def test_an_empty_quote_is_refused(tmp_path):
    """Every verdict needs the sentence it is read from."""
    with pytest.raises(SurveyInputError, match=r"row 1 \(line 2\), column 'quote': found an empty"):
        read_verdicts(write(tmp_path, "s1,act,all,partly,,L"))


def test_a_header_without_a_verdict_column_is_refused(tmp_path):
    """The header must name every column of the format."""
    path = write(tmp_path, "s1,act,all,Q.,L", header="stage,activity,cohort,quote,location")
    with pytest.raises(SurveyInputError, match="line 1 .*which lack verdict"):
        read_verdicts(path)


def test_a_verdict_on_an_activity_the_stage_lacks_is_refused(tmp_path):
    """The plan check names the activity found and the stage's activities."""
    verdicts = verdicts_for(tmp_path, "all,partly")
    with pytest.raises(
        SurveyInputError,
        match=r"v.csv, row 1 \(line 2\), column 'activity': found 'act'; expected .*\(other\)",
    ):
        check_verdicts(verdicts, "v.csv", {"s1": ["other"]}, ["russian"])


def test_a_verdict_on_an_unknown_cohort_is_refused(tmp_path):
    """A cohort must be one of the plan's or all."""
    verdicts = verdicts_for(tmp_path, "locals,partly")
    with pytest.raises(SurveyInputError, match="column 'cohort': found 'locals'; expected .*all"):
        check_verdicts(verdicts, "v.csv", {"s1": ["act"]}, ["russian"])


def test_the_decided_rating_is_compared_where_the_table_has_one(tmp_path):
    """rating_decided, not the point rating, decides the agreement."""
    table = pd.DataFrame(activity_rows("all", "green", "yellow", [("a", "appropriate", 45.0)]))
    compared = compare_verdicts(verdicts_for(tmp_path, "all,partly"), table)
    assert compared[["computed_rating", "agreement"]].iloc[0].tolist() == ["yellow", "agree"]


def test_the_point_rating_is_compared_when_the_table_has_no_decided_rating(tmp_path):
    """A table without rating_decided is compared on activity_rating."""
    table = pd.DataFrame(activity_rows("all", "green", None, [("a", "appropriate", 45.0)]))
    compared = compare_verdicts(verdicts_for(tmp_path, "all,appropriate"), table)
    assert compared[["rating_decided", "agreement"]].iloc[0].tolist() == ["", "agree"]


def test_an_uncertain_rating_naming_the_authors_colour_is_undecided(tmp_path):
    """Uncertain between the author's colour and another is neither agreement nor not."""
    rows = activity_rows("all", "green", "uncertain: green or yellow", [("a", "appropriate", 41.0)])
    compared = compare_verdicts(verdicts_for(tmp_path, "all,partly"), pd.DataFrame(rows))
    assert compared["agreement"].iloc[0] == "undecided"


def test_an_activity_without_a_rating_is_not_rated(tmp_path):
    """No computed colour ("no support measured") is reported as such, not as a disagreement."""
    rows = activity_rows("all", "no support measured", None, [("a", "inappropriate", 10.0)])
    compared = compare_verdicts(verdicts_for(tmp_path, "all,not_appropriate"), pd.DataFrame(rows))
    assert compared[["agreement", "drivers"]].iloc[0].tolist() == ["not rated", ""]


def test_a_disagreement_lists_the_indicators_carrying_the_computed_rating_first(tmp_path):
    """Rated more favourably than the author: the appropriate indicators lead, largest first,
    then the objections from the smallest; context indicators are left out."""
    indicators = [
        ("small", "appropriate", 5.0),
        ("large", "appropriate", 60.0),
        ("objection", "inappropriate", 20.0),
        ("aside", "context", 90.0),
    ]
    rows = activity_rows("russian", "green", "green", indicators)
    compared = compare_verdicts(
        verdicts_for(tmp_path, "russian,not_appropriate"), pd.DataFrame(rows)
    )
    assert compared[["agreement", "computed_vs_author"]].iloc[0].tolist() == [
        "disagree",
        "more favourable",
    ]
    assert compared["drivers"].iloc[0] == (
        "large (appropriate): 60.0% | small (appropriate): 5.0% | objection (inappropriate): 20.0%"
    )


def test_a_rating_below_the_authors_lists_the_objections_first(tmp_path):
    """Rated less favourably than the author: the largest objection leads."""
    indicators = [("support", "appropriate", 10.0), ("objection", "inappropriate", 70.0)]
    rows = activity_rows("all", "red", "red", indicators)
    compared = compare_verdicts(verdicts_for(tmp_path, "all,appropriate"), pd.DataFrame(rows))
    assert compared["computed_vs_author"].iloc[0] == "less favourable"
    assert compared["drivers"].iloc[0].startswith("objection (inappropriate): 70.0%")


def test_each_verdict_is_compared_with_its_own_cohort(tmp_path):
    """A cohort's verdict meets that cohort's rating, not another's."""
    rows = activity_rows("russian", "green", "green", [("a", "appropriate", 50.0)])
    rows += activity_rows("foreign", "red", "red", [("a", "appropriate", 3.0)])
    verdicts = verdicts_for(tmp_path, "foreign,not_appropriate", "russian,appropriate")
    compared = compare_verdicts(verdicts, pd.DataFrame(rows))
    assert compared[["cohort", "computed_rating", "agreement"]].values.tolist() == [
        ["foreign", "red", "agree"],
        ["russian", "green", "agree"],
    ]


def test_the_comparison_reads_the_table_the_appropriateness_step_computes(tmp_path):
    """compare_verdicts takes rated_wave's table as it is: every verdict gets a colour."""
    answers = pd.DataFrame(
        [(f"r{i}", "q1", 1 if i % 2 else 2) for i in range(40)],
        columns=["respondent_id", "question", "code"],
    )
    cohorts = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(40)], "cohort": "one"})
    indicators = [Indicator("s1", "act", "An activity", "i1", "I one", "q1", (1,), "appropriate")]
    rating = {"combine": "mean", "green_min": 40, "yellow_min": 20, "bootstrap_resamples": 200}
    statistics = {"confidence": 0.95, "alpha": 0.05, "p_adjust": "holm", "seed": 7}
    table = rated_wave(answers, cohorts, indicators, ["one"], rating, statistics)[0]
    compared = compare_verdicts(verdicts_for(tmp_path, "one,appropriate", "all,partly"), table)
    assert compared["agreement"].isin(["agree", "disagree", "undecided"]).all()
    assert list(compared.columns) == COMPARISON_COLUMNS


def test_the_readme_lists_the_comparison_columns():
    """The README's verdicts_comparison.csv table has exactly the columns the step writes."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    body = text.split("**`verdicts_comparison.csv`**", 1)[1].split("\n\n", 2)[1]
    listed = [
        name.strip().strip("`")
        for line in body.splitlines()[2:]
        for name in line.strip("|").split("|")[0].split(",")
    ]
    assert listed == COMPARISON_COLUMNS
