"""One family per claim: each question's primary test is adjusted once, options are gated by
their set test, secondary tests are in no family, and other tables copy the claim's numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smmjourney import stats
from smmjourney.inference.families import (
    adjust_claims,
    apply_claims,
    gate_letters,
    indicator_claims,
)
from smmjourney.inference.independence import independence_tests


def crosstab(stage: str, question: str, qtype: str, counts, bases) -> pd.DataFrame:
    """Cross-tab rows of one question: ``counts[cohort][option]`` of cohorts a and b."""
    rows = []
    for cohort, values, base in zip(["a", "b"], counts, bases, strict=True):
        for code, count in enumerate(values, start=1):
            rows.append(
                {
                    "stage": stage,
                    "question": question,
                    "question_type": qtype,
                    "option": code,
                    "option_label": str(code),
                    "cohort": cohort,
                    "base": base,
                    "count": count,
                    "sig_letters": "",
                }
            )
    return pd.DataFrame(rows)


TABLE = pd.concat(
    [
        crosstab("profile", "gender", "single_choice", [[30, 30], [20, 40]], [60, 60]),
        crosstab("s", "channels", "multiple_choice", [[40, 10, 30], [15, 12, 28]], [60, 60]),
        crosstab("s", "scale", "likert", [[5, 10, 20, 25], [20, 20, 10, 10]], [60, 60]),
        crosstab("s", "single", "single_choice", [[30, 30], [28, 32]], [60, 60]),
    ],
    ignore_index=True,
)


@pytest.fixture(scope="module")
def tests() -> pd.DataFrame:
    return independence_tests(TABLE, ["a", "b"], statistics={"resamples": 200})


def test_each_stage_adjusts_one_primary_test_per_question(tests):
    """Stage s has three questions, so three claims: the set, the rank and the nominal test."""
    claims = tests[(tests.stage == "s") & (tests.role == "primary")]
    assert sorted(claims.kind) == ["nominal", "ordinal", "set"]
    np.testing.assert_allclose(
        claims.p_adjusted, stats.adjust_p_values(claims.p_value.to_numpy(), "holm")
    )
    assert (claims.adjustment == "holm within stage s, unweighted (3 questions)").all()


def test_secondary_tests_are_in_no_family(tests):
    """The nominal and trend tests of the likert question carry no adjusted p and never count as
    significant."""
    secondary = tests[tests.role == "secondary"]
    assert sorted(secondary.kind) == ["nominal", "trend"]
    assert secondary.p_adjusted.isna().all() and not secondary.significant.any()


def test_an_option_is_never_significant_without_its_set_test():
    """An option's adjusted p is at least its set test's, whatever its own p-value."""
    frame = pd.DataFrame(
        {
            "stage": "s",
            "question": ["m", "m", "m", "other"],
            "option": pd.array([1, 2, pd.NA, pd.NA], dtype="Int64"),
            "kind": ["nominal", "nominal", "set", "nominal"],
            "weighting": "unweighted",
            "role": ["option", "option", "primary", "primary"],
            "test": "pearson_chi2",
            "p_value": [0.001, 0.5, 0.3, 0.01],
        }
    )
    out = adjust_claims(frame, "holm", 0.05)
    assert out.loc[0, "p_adjusted"] == pytest.approx(out.loc[2, "p_adjusted"])
    assert not out.loc[0, "significant"] and out.loc[3, "significant"]
    assert out.loc[0, "adjustment"].startswith("gated by the set test")


def test_profile_questions_stay_out_of_the_wave_family(tests):
    """The profile question is adjusted descriptively and has no wave-level p-value."""
    profile = tests[(tests.stage == "profile") & (tests.role == "primary")].iloc[0]
    assert profile.adjustment.startswith("descriptive:") and pd.isna(profile.p_adjusted_wave)
    wave = tests[(tests.stage == "s") & (tests.role == "primary")]
    assert (wave.adjustment_wave == "holm across the wave, unweighted (3 distinct questions)").all()


def test_an_indicator_copies_the_claim_it_belongs_to(tests):
    """One option of a multiple-choice question shows that option's row; any other indicator
    its question's primary test."""
    indicators = pd.DataFrame(
        {
            "stage": "s",
            "question": ["channels", "scale", "channels"],
            "options": ["1", "3+4", "1+2"],
        }
    )
    claims = indicator_claims(indicators, tests)
    option = tests[(tests.question == "channels") & (tests.option == 1)].iloc[0]
    rank = tests[(tests.question == "scale") & (tests.kind == "ordinal")].iloc[0]
    sets = tests[(tests.question == "channels") & (tests.kind == "set")].iloc[0]
    for row, claim in zip(range(3), [option, rank, sets], strict=True):
        assert claims.loc[row, "p_adjusted"] == claim.p_adjusted
        assert claims.loc[row, "test"] == claim.test


def test_gated_letters_need_a_significant_claim_and_exploratory_ones_say_so(tests):
    """Gated: letters survive only in rows whose claim is significant; exploratory: they all
    survive, marked exploratory."""
    frame = TABLE.assign(sig_letters="B")
    options = [[code] for code in frame.option]
    letters, status = gate_letters(frame, tests, "gated", options)
    single = (frame.question == "single").to_numpy()
    assert not tests[(tests.question == "single") & (tests.role == "primary")].significant.any()
    assert set(np.array(letters)[single]) == {""}
    assert set(np.array(status)[single]) == {"withheld"}
    letters, status = gate_letters(frame, tests, "exploratory", options)
    assert set(letters) == {"B"} and set(status) == {"exploratory"}


def test_apply_claims_adds_the_letters_status_after_the_letters(tests):
    """The appropriateness table gains letters_status right after sig_letters."""
    table = pd.DataFrame(
        {
            "stage": "s",
            "question": "single",
            "options": "1",
            "cohort": ["a", "b", "all"],
            "sig_letters": ["B", "", ""],
            "p_value": np.nan,
        }
    )
    out = apply_claims(table, tests, "gated")
    assert list(out.columns).index("letters_status") == list(out.columns).index("sig_letters") + 1
    assert out.sig_letters.tolist() == ["", "", ""]
    assert out.letters_status.tolist() == ["withheld", "withheld", ""]
