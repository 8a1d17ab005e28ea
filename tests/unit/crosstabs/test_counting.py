"""Cross-tabs and tests equal a direct count of the answers."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from smmjourney import stats
from smmjourney.crosstabs.counting import crosstabs, option_positions
from smmjourney.inference.independence import independence_tests
from smmjourney.plan.codebook import codebook_from_dict

CODEBOOK = codebook_from_dict(
    {
        "survey": "t",
        "languages": ["en"],
        "questions": [
            {
                "id": "single",
                "type": "single_choice",
                "text": {"en": "S?"},
                "options": [{"code": c, "label": {"en": f"s{c}"}} for c in (1, 2, 3)],
            },
            {
                "id": "multi",
                "type": "multiple_choice",
                "text": {"en": "M?"},
                "options": [{"code": c, "label": {"en": f"m{c}"}} for c in (1, 2, 3, 4)],
            },
        ],
    }
)
PAIRS = [("stage_a", "single"), ("stage_a", "multi"), ("stage_b", "multi")]

respondent = st.tuples(
    st.sampled_from(["x", "y"]),
    st.one_of(st.none(), st.sampled_from([1, 2, 3])),
    st.sets(st.sampled_from([1, 2, 3, 4]), max_size=4),
)


def frames(people):
    answers, cohorts = [], []
    for i, (cohort, single, multi) in enumerate(people):
        rid = f"r{i}"
        cohorts.append((rid, cohort))
        if single is not None:
            answers.append((rid, "single", single))
        answers += [(rid, "multi", code) for code in sorted(multi)]
    return (
        pd.DataFrame(answers, columns=["respondent_id", "question", "code"]).astype(
            {"code": "int32"}
        ),
        pd.DataFrame(cohorts, columns=["respondent_id", "cohort"]),
    )


def as_cleaned(answers: pd.DataFrame, cohorts: pd.DataFrame) -> pd.DataFrame:
    """The answers as cleaning writes them: respondent rows, ordered by question, no ids."""
    rows = pd.Index(cohorts["respondent_id"]).get_indexer(answers["respondent_id"])
    coded = pd.DataFrame(
        {
            "respondent": rows.astype("int32"),
            "question": pd.Categorical(answers["question"], categories=["single", "multi"]),
            "code": answers["code"],
        }
    )
    return coded.sort_values(["question", "respondent"], kind="stable", ignore_index=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(respondent, min_size=1, max_size=40), st.booleans())
def test_crosstab_counts_equal_direct_counts(people, cleaned_layout):
    answers, cohorts = frames(people)
    if cleaned_layout:
        answers = as_cleaned(answers, cohorts)
    table = crosstabs(answers, cohorts, CODEBOOK, PAIRS, ["x", "y"])
    assert len(table) == (3 + 4 + 4) * 3
    for row in table.itertuples():
        members = [p for p in people if row.cohort in ("all", p[0])]
        if row.question == "single":
            answered = [p for p in members if p[1] is not None]
            chosen = [p for p in answered if p[1] == row.option]
        else:
            answered = [p for p in members if p[2]]
            chosen = [p for p in answered if row.option in p[2]]
        assert (row.base, row.count) == (len(answered), len(chosen))
        if row.base:
            assert np.isclose(row.pct, 100 * row.count / row.base)
            assert row.ci_low <= row.pct <= row.ci_high
        else:
            assert np.isnan(row.pct)


def test_option_positions_by_lookup_and_by_index_agree():
    values = np.array([-5, -1, 0, 1, 2, 7, 99, 100, 250_000], dtype=np.int32)
    for codes in ([1, 2, 99], [0, 7], [250_000, 1], [-1, 2]):
        assert (
            option_positions(values, codes).tolist() == pd.Index(codes).get_indexer(values).tolist()
        )


def test_multiple_choice_percentages_use_the_base_of_those_who_answered():
    people = [("x", 1, {1, 2}), ("x", 1, {1}), ("x", 2, set()), ("y", 3, {3})]
    table = crosstabs(*frames(people), CODEBOOK, PAIRS, ["x", "y"])
    row = table[
        (table.stage == "stage_a")
        & (table.question == "multi")
        & (table.cohort == "x")
        & (table.option == 1)
    ].iloc[0]
    assert (row["base"], row["count"], row["pct"]) == (2, 2, 100.0)
    assert (
        table[(table.stage == "stage_a") & (table.question == "multi") & (table.cohort == "x")][
            "pct"
        ].sum()
        == 150.0
    )


def test_tests_match_a_direct_test_of_the_counted_table():
    people = [("x", 1 + i % 3, {1 + i % 4}) for i in range(60)] + [
        ("y", 1 + (i // 2) % 3, {1, 2} if i % 3 else {4}) for i in range(50)
    ]
    table = crosstabs(*frames(people), CODEBOOK, PAIRS, ["x", "y"])
    tests = independence_tests(table, ["x", "y"], "holm")
    single = tests[(tests.stage == "stage_a") & (tests.question == "single")].iloc[0]
    direct = np.array(
        [[sum(1 for p in people if p[0] == c and p[1] == o) for o in (1, 2, 3)] for c in ("x", "y")]
    )
    expected = stats.independence_test(direct)
    assert np.isclose(single["statistic"], expected.statistic) and np.isclose(
        single["p_value"], expected.p_value
    )
    assert single["dof"] == 2 and pd.isna(single["option"])
    multi = tests[(tests.stage == "stage_b") & (tests.question == "multi")]
    assert sorted(multi.loc[multi.kind == "nominal", "option"]) == [1, 2, 3, 4]
    assert (
        multi.loc[multi.kind == "set", "option"].isna().all() and (multi.kind == "set").sum() == 1
    )
    in_stage_a = tests[(tests.stage == "stage_a") & (tests.role == "primary")]
    assert np.allclose(
        in_stage_a["p_adjusted"],
        stats.adjust_p_values(in_stage_a["p_value"].to_numpy(), "holm"),
        equal_nan=True,
    )
    assert in_stage_a["adjustment"].str.startswith("holm within stage stage_a").all()
