"""tests.csv, residuals.csv and pairwise.csv from cross-tabs: families of adjustment, residuals,
pairs of cohorts, weights of 1, and the same results whatever order cohorts are listed in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmjourney import stats
from smmjourney.crosstabs.counting import crosstabs
from smmjourney.errors import SurveyInputError
from smmjourney.inference.independence import independence_tests
from smmjourney.inference.independence import settings as fill_settings
from smmjourney.plan.codebook import codebook_from_dict
from smmjourney.posthoc import pairwise_tests, residual_table

CODEBOOK = codebook_from_dict(
    {
        "survey": "t",
        "languages": ["en"],
        "questions": [
            {
                "id": "party",
                "type": "single_choice",
                "text": {"en": "P?"},
                "options": [{"code": c, "label": {"en": f"p{c}"}} for c in (1, 2, 3)],
            },
            {
                "id": "multi",
                "type": "multiple_choice",
                "text": {"en": "M?"},
                "options": [{"code": c, "label": {"en": f"m{c}"}} for c in (1, 2, 3)],
            },
            {
                "id": "scale",
                "type": "likert",
                "text": {"en": "L?"},
                "options": [{"code": c, "label": {"en": f"l{c}"}} for c in (1, 2, 3, 4)],
            },
        ],
    }
)
PAIRS = [("s1", "party"), ("s1", "multi"), ("s1", "scale"), ("s2", "multi"), ("s2", "scale")]
STATS = {"seed": 3, "resamples": 500}


def frames(people):
    answers, cohorts = [], []
    for i, (cohort, party, multi, scale) in enumerate(people):
        rid = f"r{i}"
        cohorts.append((rid, cohort))
        if party is not None:
            answers.append((rid, "party", party))
        answers += [(rid, "multi", code) for code in sorted(multi)]
        if scale is not None:
            answers.append((rid, "scale", scale))
    return (
        pd.DataFrame(answers, columns=["respondent_id", "question", "code"]).astype(
            {"code": "int32"}
        ),
        pd.DataFrame(cohorts, columns=["respondent_id", "cohort"]),
    )


def agresti_people():
    # Agresti (2007) Table 2.5 as respondents: females 762 / 327 / 468, males 484 / 239 / 477.
    people = []
    for cohort, row in (("female", (762, 327, 468)), ("male", (484, 239, 477))):
        for party, count in zip((1, 2, 3), row, strict=False):
            people += [(cohort, party, set(), None)] * count
    return people


def test_residuals_csv_reproduces_agresti():
    answers, cohorts = frames(agresti_people())
    table = crosstabs(answers, cohorts, CODEBOOK, [("s1", "party")], ["female", "male"])
    residuals = residual_table(table, ["female", "male"], alpha=0.05).set_index(
        ["cohort", "option"]
    )
    # Agresti (2007), Sec. 2.4.6: adjusted residuals of the females row 4.50, 0.70, -5.32.
    np.testing.assert_allclose(
        residuals.loc["female", "residual"].to_numpy(), [4.50, 0.70, -5.32], atol=0.005
    )
    assert residuals.loc["female", "flag"].tolist() == ["above", "", "below"]
    assert residuals.loc["male", "flag"].tolist() == ["below", "", "above"]
    assert residuals.loc[("female", 1), "expected"] == pytest.approx(1557 * 1246 / 2757)
    tests = independence_tests(table, ["female", "male"], statistics=STATS)
    row = tests[tests.kind == "nominal"].iloc[0]
    assert round(row.statistic, 2) == 30.07 and round(row.g_squared, 2) == 30.02 and row.dof == 2


person = st.tuples(
    st.sampled_from(["x", "y", "z"]),
    st.one_of(st.none(), st.sampled_from([1, 2, 3])),
    st.sets(st.sampled_from([1, 2, 3]), max_size=3),
    st.one_of(st.none(), st.sampled_from([1, 2, 3, 4])),
)


@settings(max_examples=15, deadline=None)
@given(st.lists(person, min_size=3, max_size=60), st.permutations(["x", "y", "z"]))
def test_same_results_whatever_order_cohorts_are_listed_in(people, order):
    answers, cohorts = frames(people)
    a = independence_tests(
        crosstabs(answers, cohorts, CODEBOOK, PAIRS, ["x", "y", "z"]),
        ["x", "y", "z"],
        statistics=STATS,
    )
    b = independence_tests(
        crosstabs(answers, cohorts, CODEBOOK, PAIRS, list(order)), list(order), statistics=STATS
    )
    assert a[["stage", "question", "option", "kind", "test"]].equals(
        b[["stage", "question", "option", "kind", "test"]]
    )
    for column in (
        "statistic",
        "p_value",
        "p_adjusted",
        "p_adjusted_wave",
        "cramers_v",
        "cramers_v_low",
        "cramers_v_high",
    ):
        np.testing.assert_allclose(
            a[column].to_numpy(float),
            b[column].to_numpy(float),
            rtol=1e-9,
            atol=1e-12,
            equal_nan=True,
            err_msg=column,
        )
    assert a["p_value"].dropna().between(0, 1).all() and a["cramers_v"].dropna().between(0, 1).all()


@settings(max_examples=15, deadline=None)
@given(st.lists(person, min_size=3, max_size=60))
def test_same_results_whatever_order_options_are_listed_in(people):
    answers, cohorts = frames(people)
    reversed_book = codebook_from_dict(
        {
            "survey": "t",
            "languages": ["en"],
            "questions": [
                {
                    "id": q.id,
                    "type": q.type,
                    "text": q.texts,
                    "options": [{"code": o.code, "label": o.labels} for o in reversed(q.options)],
                }
                for q in CODEBOOK.questions.values()
                if q.type != "likert"
            ],
        }
    )
    pairs = [p for p in PAIRS if p[1] != "scale"]
    a = independence_tests(
        crosstabs(answers, cohorts, CODEBOOK, pairs, ["x", "y", "z"]),
        ["x", "y", "z"],
        statistics=STATS,
    )
    b = independence_tests(
        crosstabs(answers, cohorts, reversed_book, pairs, ["x", "y", "z"]),
        ["x", "y", "z"],
        statistics=STATS,
    )
    key = ["stage", "question", "option", "kind"]
    a, b = (
        a.sort_values(key, na_position="first").reset_index(drop=True),
        b.sort_values(key, na_position="first").reset_index(drop=True),
    )
    assert (a["test"] == b["test"]).all()
    for column in ("statistic", "p_value", "p_adjusted", "p_adjusted_wave", "cramers_v"):
        np.testing.assert_allclose(
            a[column].to_numpy(float),
            b[column].to_numpy(float),
            rtol=1e-9,
            atol=1e-12,
            equal_nan=True,
            err_msg=column,
        )


def sample_people(n=240, seed=11):
    rng = np.random.default_rng(seed)
    people = []
    for i in range(n):
        cohort = ["x", "y", "z"][i % 3]
        shift = {"x": 0, "y": 1, "z": 2}[cohort]
        people.append(
            (
                cohort,
                int(rng.integers(1, 4)),
                {c for c in (1, 2, 3) if rng.random() < 0.25 + 0.15 * (c == shift + 1)},
                int(min(4, rng.integers(1, 4) + (shift > 1))),
            )
        )
    return people


def test_families_within_stage_and_across_the_wave():
    """Each stage's primary claims are adjusted together, and across the wave each distinct
    primary claim once; secondary tests are in no family."""
    answers, cohorts = frames(sample_people())
    table = crosstabs(answers, cohorts, CODEBOOK, PAIRS, ["x", "y", "z"])
    tests = independence_tests(table, ["x", "y", "z"], "holm", statistics=STATS)
    assert set(tests.kind) == {"nominal", "set", "ordinal", "trend"}
    primary = tests[tests.role == "primary"]
    for stage, block in primary.groupby("stage"):
        np.testing.assert_allclose(
            block.p_adjusted, stats.adjust_p_values(block.p_value.to_numpy(), "holm")
        )
        assert (
            block.adjustment
            == f"holm within stage {stage}, unweighted ({block.p_value.notna().sum()} questions)"
        ).all()
    assert tests.loc[tests.role == "secondary", "p_adjusted"].isna().all()
    distinct = primary.drop_duplicates(["question", "option", "kind"])
    assert (
        primary.adjustment_wave
        == f"holm across the wave, unweighted ({distinct.p_value.notna().sum()} distinct questions)"
    ).all()
    reference = pd.Series(
        stats.adjust_p_values(distinct.p_value.to_numpy(), "holm"),
        index=pd.MultiIndex.from_frame(distinct[["question", "option", "kind"]].astype(str)),
    )
    np.testing.assert_allclose(
        primary.p_adjusted_wave,
        reference.loc[
            list(
                primary[["question", "option", "kind"]]
                .astype(str)
                .itertuples(index=False, name=None)
            )
        ].to_numpy(),
    )


def test_pairwise_comparisons_for_three_cohorts():
    answers, cohorts = frames(sample_people())
    table = crosstabs(
        answers, cohorts, CODEBOOK, [("s1", "multi"), ("s1", "scale")], ["x", "y", "z"]
    )
    pairs = pairwise_tests(table, ["x", "y", "z"], {**STATS, "p_adjust": "bonferroni"})
    option = pairs[(pairs.question == "multi") & (pairs.option == 1)]
    assert list(zip(option.cohort_a, option.cohort_b, strict=False)) == [
        ("x", "y"),
        ("x", "z"),
        ("y", "z"),
    ]
    np.testing.assert_allclose(option.p_adjusted, np.minimum(3 * option.p_value, 1))
    assert (option.adjustment == "bonferroni over the 3 cohort pairs of this test").all()
    counts = table[(table.question == "multi") & (table.option == 1)].set_index("cohort")
    first = option.iloc[0]
    expected = 100 * (
        counts.loc["x", "count"] / counts.loc["x", "base"]
        - counts.loc["y", "count"] / counts.loc["y", "base"]
    )
    assert (
        first.diff_pct == pytest.approx(expected)
        and first.diff_low < first.diff_pct < first.diff_high
    )
    ranks = pairs[(pairs.question == "scale") & (pairs.kind == "ordinal")]
    assert len(ranks) == 3 and (ranks.test == "mann_whitney_u").all()


def test_weights_of_one_change_no_count_and_give_the_rao_scott_factor():
    people = sample_people(150, seed=2)
    answers, cohorts = frames(people)
    ones = pd.Series(1.0, index=cohorts.respondent_id)
    table = crosstabs(answers, cohorts, CODEBOOK, PAIRS, ["x", "y", "z"], weights=ones)
    np.testing.assert_allclose(table["count_weighted"], table["count"])
    np.testing.assert_allclose(table["base_weighted"], table["base"])
    np.testing.assert_allclose(table["pct_weighted"], table["pct"], equal_nan=True)
    np.testing.assert_allclose(table["ci_low_weighted"], table["ci_low"], equal_nan=True)
    np.testing.assert_allclose(table["n_effective"], table["base"])
    coded = answers.merge(cohorts, on="respondent_id")
    tests = independence_tests(
        table, ["x", "y", "z"], statistics=STATS, answers=coded, weights=ones
    )
    nominal = tests[tests.kind == "nominal"]
    plain = nominal[nominal.weighting == "unweighted"].set_index(["stage", "question", "option"])
    weighted = nominal[nominal.weighting == "weighted"].set_index(["stage", "question", "option"])
    assert (weighted.test == "rao_scott_f").all() and len(weighted) == len(plain)
    # With weights of 1 every design effect is n / (n - 1), so F = X² (n - 1) / n / df on df
    # numerator degrees of freedom; the factor holds for tables without empty cells (an empty
    # cell has no variance).
    full = []
    for stage, question, option in plain.index:
        cells = table[
            (table.stage == stage) & (table.question == question) & (table.cohort != "all")
        ]
        if pd.isna(option):
            full.append(bool((cells["count"] > 0).all()))
        else:
            chosen = cells[cells.option == option]
            full.append(bool(((chosen["count"] > 0) & (chosen["count"] < chosen["base"])).all()))
    x2 = plain.statistic.where((plain.test != "fisher_exact") & np.array(full))
    ratio = (weighted.statistic * weighted.dof / x2).dropna()
    assert len(ratio) >= 4
    np.testing.assert_allclose(
        ratio, (weighted.n - 1).loc[ratio.index] / weighted.n.loc[ratio.index]
    )
    claims = tests[(tests.weighting == "weighted") & (tests.role == "primary")]
    assert claims.adjustment.str.startswith("holm within stage s1, weighted (").any()


def test_crosstab_letters_and_settings():
    answers, cohorts = frames(sample_people())
    table = crosstabs(answers, cohorts, CODEBOOK, [("s1", "multi")], ["x", "y", "z"])
    assert table.set_index("cohort")["cohort_letter"].to_dict() == {
        "x": "A",
        "y": "B",
        "z": "C",
        "all": "",
    }
    assert (table.loc[table.cohort == "all", "sig_letters"] == "").all()
    for _, row in table[table.sig_letters != ""].iterrows():
        for letter in row.sig_letters:
            other = table[
                (table.option == row.option) & (table.cohort_letter == letter.upper())
            ].iloc[0]
            assert row.pct > other.pct
    with pytest.raises(SurveyInputError, match="alpha_strict"):
        fill_settings({"alpha": 0.01, "alpha_strict": 0.05})
