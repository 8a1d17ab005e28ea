"""Survey weights: raking, a weight column, Kish's effective size and the Rao–Scott test, by their
properties; R's survey package results are in tests/reference/test_r_survey.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import codebook_from_dict
from smmjourney.stats.weights import kish_effective_n, rake, rao_scott_test
from smmjourney.weighting import wave_weights, weights_from_column


def test_rao_scott_with_weights_one_is_pearson_times_n_minus_1_over_n():
    # With equal weights and no clusters the design variance is n/(n-1) times the multinomial one,
    # so every generalised design effect is n/(n-1) (derived from Rao & Scott's Δ).
    rng = np.random.default_rng(4)
    rows, cols = rng.integers(0, 3, 200), rng.integers(0, 4, 200)
    result = rao_scott_test(rows, cols, np.ones(200))
    table = pd.crosstab(rows, cols).to_numpy()
    x2 = scipy.stats.chi2_contingency(table, correction=False).statistic
    assert result.pearson == pytest.approx(x2, rel=1e-10)
    assert result.mean_deff == pytest.approx(200 / 199, rel=1e-10)
    assert result.statistic == pytest.approx(x2 * 199 / 200, rel=1e-10)
    assert result.n_effective == pytest.approx(200)


def test_rao_scott_does_not_depend_on_the_scale_of_the_weights_or_labels_order():
    rng = np.random.default_rng(5)
    rows, cols, w = rng.integers(0, 2, 150), rng.integers(0, 3, 150), rng.uniform(0.5, 3, 150)
    a = rao_scott_test(rows, cols, w)
    b = rao_scott_test(1 - rows, 2 - cols, 7 * w)
    assert (a.statistic, a.p_value, a.mean_deff) == pytest.approx(
        (b.statistic, b.p_value, b.mean_deff), rel=1e-9
    )
    assert rao_scott_test(np.zeros(10), cols[:10], w[:10]) is None
    with pytest.raises(ValueError, match="positive"):
        rao_scott_test(rows, cols, -w)


CODEBOOK = codebook_from_dict(
    {
        "survey": "t",
        "languages": ["en"],
        "questions": [
            {
                "id": "gender",
                "type": "single_choice",
                "text": {"en": "G?"},
                "options": [{"code": c, "label": {"en": f"g{c}"}} for c in (1, 2)],
            },
            {
                "id": "age",
                "type": "single_choice",
                "text": {"en": "A?"},
                "options": [{"code": c, "label": {"en": f"a{c}"}} for c in (1, 2, 3)],
            },
            {
                "id": "nets",
                "type": "multiple_choice",
                "text": {"en": "N?"},
                "options": [{"code": c, "label": {"en": f"n{c}"}} for c in (1, 2)],
            },
        ],
    }
)

person = st.tuples(
    st.sampled_from(["x", "y"]),
    st.one_of(st.none(), st.sampled_from([1, 2])),
    st.sampled_from([1, 2, 3]),
)


def frames(people):
    answers, cohorts = [], []
    for i, (cohort, gender, age) in enumerate(people):
        cohorts.append((f"r{i}", cohort))
        if gender is not None:
            answers.append((f"r{i}", "gender", gender))
        answers.append((f"r{i}", "age", age))
    return pd.DataFrame(answers, columns=["respondent_id", "question", "code"]), pd.DataFrame(
        cohorts, columns=["respondent_id", "cohort"]
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(person, min_size=6, max_size=60), st.floats(0.2, 0.8), st.floats(0.1, 0.45))
def test_raking_reaches_every_margin_and_keeps_cohort_sizes(people, male, young):
    answers, cohorts = frames(people)
    x = [p for p in people if p[0] == "x"]
    needed = {g for _, g, _ in x if g is not None} == {1, 2} and {a for *_, a in x} == {1, 2, 3}
    margins = {"x": {"gender": {1: male, 2: 1 - male}, "age": {1: young, 2: 0.5, 3: 0.5 - young}}}
    if not x:
        assert (rake(answers, cohorts, margins) == 1).all()
        return
    if not needed:
        with pytest.raises(
            SurveyInputError, match="no respondent of the cohort chose|no positive target"
        ):
            rake(answers, cohorts, margins)
        return
    try:
        weights = rake(answers, cohorts, margins, tolerance=1e-9, max_iterations=2000)
    except SurveyInputError as error:
        # Sparse samples can make the margins unreachable (e.g. every man in one age group).
        assert "did not converge" in str(error)
        return
    members = cohorts.loc[cohorts.cohort == "x", "respondent_id"]
    assert weights[members].sum() == pytest.approx(len(members))
    assert (weights[cohorts.loc[cohorts.cohort == "y", "respondent_id"]] == 1).all()
    for question, shares in margins["x"].items():
        given_ = answers[(answers.question == question) & answers.respondent_id.isin(members)]
        w = weights[given_.respondent_id].to_numpy()
        for code, share in shares.items():
            assert w[given_.code.to_numpy() == code].sum() / w.sum() == pytest.approx(
                share, abs=1e-7
            )


def test_raking_errors_name_the_problem():
    answers, cohorts = frames([("x", 1, 1), ("x", 2, 2), ("x", 1, 1)])
    with pytest.raises(SurveyInputError, match=r"option\(s\) \[3\] that no respondent"):
        rake(answers, cohorts, {"x": {"age": {1: 0.5, 2: 0.3, 3: 0.2}}})
    with pytest.raises(
        SurveyInputError, match=r"option\(s\) \[2\] were chosen but have no positive"
    ):
        rake(answers, cohorts, {"x": {"age": {1: 1.0}}})
    spec = {
        "raking": {
            "x": {"nets": {1: 0.5, 2: 0.5}, "age": {1: 0.5, 2: 0.6}, "height": {1: 1.0}},
            "z": {"age": {1: 1.0}},
        }
    }
    with pytest.raises(SurveyInputError) as error:
        wave_weights(spec, answers, cohorts, CODEBOOK, where="weights.w1")
    message = str(error.value)
    assert "weights.w1.raking.x.nets: a raking margin needs a single-answer question" in message
    assert "weights.w1.raking.x.age: shares add up to 1.1, not 1" in message
    assert "unknown question 'height'" in message and "'z' is not a cohort" in message


def test_weight_column_is_validated_and_must_reach_the_respondents():
    values = pd.Series([1.5, "2", 0.5], index=["r0", "r1", "r2"])
    assert weights_from_column(values).tolist() == [1.5, 2.0, 0.5]
    with pytest.raises(SurveyInputError, match=r"2 respondent\(s\).*r1 \('x'\), r2 \(-1\)"):
        weights_from_column(pd.Series([1.0, "x", -1], index=["r0", "r1", "r2"]), "w")
    answers, cohorts = frames([("x", 1, 1), ("y", 2, 2)])
    with pytest.raises(SurveyInputError, match="cleaning step must keep the export column 'w'"):
        wave_weights(
            {"column": "w"},
            answers,
            cohorts,
            CODEBOOK,
            pd.DataFrame({"respondent_id": ["r0", "r1"]}),
        )
    people = pd.DataFrame({"respondent_id": ["r1", "r0"], "w": [3.0, 2.0]})
    assert wave_weights({"column": "w"}, answers, cohorts, CODEBOOK, people).tolist() == [2.0, 3.0]
    assert wave_weights({}, answers, cohorts, CODEBOOK) is None


def test_kish_effective_n():
    assert kish_effective_n(np.ones(10)) == 10
    # Kish (1965): n_eff = (Σw)² / Σw²; weights 1, 1, 2, 4 -> 64 / 22.
    assert kish_effective_n([1, 1, 2, 4]) == pytest.approx(64 / 22)
    assert kish_effective_n([]) == 0
