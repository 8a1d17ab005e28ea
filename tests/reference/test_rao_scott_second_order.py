"""The weighted test written to tests.csv is R survey's default: the second-order Rao-Scott F with
its non-integer degrees of freedom (Lumley, survey 4.1-1, ?svychisq on apiclus1); the weighted
letters are SPSS CTABLES' effective-base column-proportion test."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import scipy.special

from smmjourney.crosstabs.letters import column_letters, effective_base_letters
from smmjourney.inference.independence import independence_tests, rao_scott_columns
from smmjourney.stats.weights import rao_scott_test
from workflow_run import REPO

API = pd.read_csv(REPO / "tests" / "data" / "apiclus1.csv")


def test_tests_csv_writes_svychisq_default_f_with_its_degrees_of_freedom():
    """R survey's printed result of ?svychisq (svychisq(~sch.wide + stype, dclus1): F = 5.1934,
    ndf = 1.4946, ddf = 20.925, p-value = 0.02175) is what a tests.csv row carries."""
    result = rao_scott_test(
        API["sch.wide"], API["stype"], API["pw"], clusters=API["dnum"], population_clusters=757
    )
    row = rao_scott_columns(result)
    assert row["test"] == "rao_scott_f"
    assert row["statistic"] == pytest.approx(5.1934, abs=5e-5)
    assert row["dof"] == pytest.approx(1.4946, abs=5e-5)
    assert row["dof_denominator"] == pytest.approx(20.925, abs=5e-4)
    assert row["p_value"] == pytest.approx(0.02175, abs=5e-6)
    assert row["design_effect"] == pytest.approx(result.pearson / result.statistic)


def _api_crosstab(weights: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """apiclus1 as a wave: cohorts = sch.wide, one single-answer question = stype."""
    codes = {"E": 1, "H": 2, "M": 3}
    ids = [f"school-{i}" for i in range(len(API))]
    answers = pd.DataFrame(
        {
            "respondent_id": ids,
            "question": "stype",
            "code": API["stype"].map(codes),
            "cohort": API["sch.wide"],
        }
    )
    rows = []
    for cohort in ("No", "Yes"):
        members = API["sch.wide"] == cohort
        for label, code in codes.items():
            rows.append(
                {
                    "stage": "s",
                    "question": "stype",
                    "question_type": "single_choice",
                    "option": code,
                    "option_label": label,
                    "cohort": cohort,
                    "base": int(members.sum()),
                    "count": int((members & (API["stype"] == label)).sum()),
                }
            )
    return pd.DataFrame(rows), answers.assign(weight=weights.to_numpy())


def test_the_weighted_row_of_an_unclustered_design_has_ddf_ndf_times_n_minus_1():
    """Respondents sampled one by one (ids = ~1): the row's F, ndf and p are Rao-Scott's, with
    ddf = ndf (n - 1) and the F p-value from those degrees of freedom."""
    crosstab, answers = _api_crosstab(API["pw"])
    weights = pd.Series(API["pw"].to_numpy(), index=answers["respondent_id"])
    tests = independence_tests(
        crosstab, ["No", "Yes"], answers=answers.drop(columns="weight"), weights=weights
    )
    row = tests[tests.weighting == "weighted"].iloc[0]
    direct = rao_scott_test(API["sch.wide"], API["stype"], API["pw"])
    n = len(API)
    assert row["test"] == "rao_scott_f" and row["statistic"] == pytest.approx(direct.f_statistic)
    assert 1 <= row["dof"] <= 2 and row["dof"] != int(row["dof"])
    assert row["dof_denominator"] == pytest.approx(row["dof"] * (n - 1))
    expected_p = scipy.special.fdtrc(row["dof"], row["dof_denominator"], row["statistic"])
    assert row["p_value"] == pytest.approx(expected_p)


def _ctables_z(p1: float, e1: float, p2: float, e2: float) -> float:
    """The column-proportions z of SPSS CTABLES under an effective base weight, written out."""
    pooled = (e1 * p1 + e2 * p2) / (e1 + e2)
    return (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / e1 + 1 / e2))


def test_weighted_letters_use_the_effective_base():
    """The letters of apiclus1's weighted sch.wide x stype rows follow the effective-base z-test
    (here Bonferroni over the one pair, alpha 0.05 / 0.01), computed independently."""
    w = API["pw"].to_numpy()
    for label in ("E", "H", "M"):
        chosen = (API["stype"] == label).to_numpy()
        counts, bases, squares, shares, effective = [], [], [], [], []
        for cohort in ("No", "Yes"):
            member = (API["sch.wide"] == cohort).to_numpy()
            counts.append(w[member & chosen].sum())
            bases.append(w[member].sum())
            squares.append((w[member] ** 2).sum())
            shares.append(counts[-1] / bases[-1])
            effective.append(bases[-1] ** 2 / squares[-1])
        z = _ctables_z(shares[0], effective[0], shares[1], effective[1])
        p = 2 * scipy.special.ndtr(-abs(z))
        mark = "" if p >= 0.05 else ("B" if p < 0.01 else "b")
        expected = [mark, ""] if z > 0 else ["", mark.replace("b", "a").replace("B", "A")]
        got = effective_base_letters(counts, bases, squares, ["A", "B"])
        assert got == expected, label


def test_weights_of_one_give_the_unweighted_letters():
    """With weights of 1 the effective base is the base, so the letters are the unweighted ones."""
    bases = [float((API["sch.wide"] == cohort).sum()) for cohort in ("No", "Yes")]
    counts = [10.0, 30.0]
    assert effective_base_letters(counts, bases, bases, ["A", "B"]) == column_letters(
        counts, bases, ["A", "B"]
    )
