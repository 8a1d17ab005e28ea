"""Questions that define the cohorts or the weights are listed as not tested, with the reason,
and never enter a family."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smmjourney.inference.independence import independence_tests
from smmjourney.inference.untested import by_export, planned_untested, restates_cohorts


def crosstab(question: str, qtype: str, counts: dict[str, list[int]]) -> pd.DataFrame:
    """A cross-tab of one question in stage ``s`` with the given counts per cohort."""
    rows = []
    for cohort, values in counts.items():
        for code, count in enumerate(values, start=1):
            rows.append(
                {
                    "stage": "s",
                    "question": question,
                    "question_type": qtype,
                    "option": code,
                    "option_label": str(code),
                    "cohort": cohort,
                    "base": sum(values),
                    "count": count,
                }
            )
    return pd.DataFrame(rows)


def test_cohort_rule_questions_and_raking_margins_are_planned_untested():
    """A cohort rule's question and every raking margin are listed, each with its reason."""
    rules = [{"question": "city", "options": [1]}, {"otherwise": True}]
    weights = {"raking": {"a": {"age": {1: 0.5, 2: 0.5}}, "b": {"age": {1: 1.0}}}}
    reasons = planned_untested(rules, weights)
    assert list(reasons) == ["city", "age"]
    assert "cohorts are formed" in reasons["city"] and "raking margin" in reasons["age"]
    assert planned_untested([{"source": ["ru"]}], {}) == {}


def test_a_question_answered_in_one_cohort_only_restates_the_cohorts():
    """Complete separation restates the cohorts; one shared answer does not."""
    assert restates_cohorts(np.array([[10, 0, 0], [0, 3, 4]]), "single_choice")
    assert not restates_cohorts(np.array([[10, 1, 0], [0, 3, 4]]), "single_choice")
    assert not restates_cohorts(np.array([[10, 0], [0, 3]]), "multiple_choice")
    assert by_export([{"source": ["ru"]}]) and not by_export([{"question": "q", "options": [1]}])


def test_untested_questions_get_one_not_tested_row_and_no_family():
    """A planned-untested question is written once as not_tested with its reason, and the other
    question's family does not count it."""
    table = pd.concat(
        [
            crosstab("city", "single_choice", {"a": [30, 0], "b": [0, 20]}),
            crosstab("q", "single_choice", {"a": [10, 20], "b": [15, 5]}),
        ]
    )
    tests = independence_tests(table, ["a", "b"], untested={"city": "not tested: defines them"})
    city = tests[tests.question == "city"]
    assert len(city) == 1 and city.iloc[0]["test"] == "not_tested"
    assert city.iloc[0]["reason"] == "not tested: defines them" and not city.iloc[0]["significant"]
    assert pd.isna(city.iloc[0]["p_value"]) and pd.isna(city.iloc[0]["p_adjusted"])
    claim = tests[(tests.question == "q") & (tests.role == "primary")].iloc[0]
    assert claim["adjustment"].endswith("(1 questions)") and claim["p_adjusted"] == claim["p_value"]


def test_cohorts_by_export_leave_a_restating_question_untested():
    """With cohorts by source, a question whose answers separate the cohorts is not tested."""
    table = crosstab("country", "single_choice", {"a": [30, 0, 0], "b": [0, 12, 8]})
    tests = independence_tests(table, ["a", "b"], cohorts_by_export=True)
    assert tests["test"].tolist() == ["not_tested"] and "restates" in tests.iloc[0]["reason"]
    tested = independence_tests(table, ["a", "b"])
    assert tested.iloc[0]["test"] != "not_tested"
