"""One family per claim, through the command line: the example market's tests.csv,
crosstabs.csv and appropriateness.csv agree on every claim they share."""

import pandas as pd
import pytest

from workflow_run import copy_workflow, snakemake

pytestmark = pytest.mark.workflow

WAVE = "kz_beauty_2021"
CLAIM = ["test", "p_value", "p_adjusted", "significant", "p_adjusted_wave", "significant_wave"]


@pytest.fixture(scope="module")
def market(tmp_path_factory):
    """The example market's results, from its own configuration."""
    directory = copy_workflow(tmp_path_factory.mktemp("families"))
    result = snakemake(directory, "--configfile", "config/examples/kz_beauty/config.yaml")
    assert result.returncode == 0, result.stderr[-3000:]
    return directory / "results" / WAVE


def test_the_same_claim_has_the_same_adjusted_p_in_tests_and_appropriateness(market):
    """Every indicator of one option of a multiple-choice question shows exactly its option's
    row of tests.csv, and every other indicator its question's primary test."""
    tests = pd.read_csv(market / "tests.csv")
    table = pd.read_csv(market / "appropriateness.csv")
    unweighted = tests[tests["weighting"] == "unweighted"]
    options = unweighted[unweighted["role"] == "option"].set_index(["stage", "question", "option"])
    primary = unweighted[unweighted["role"] == "primary"].set_index(["stage", "question"])
    compared = 0
    for row in table.drop_duplicates(["stage", "indicator"]).itertuples(index=False):
        codes = [int(code) for code in str(row.options).split("+")]
        key = (row.stage, row.question, codes[0])
        claim = options.loc[key] if len(codes) == 1 and key in options.index else None
        if claim is None:
            claim = primary.loc[(row.stage, row.question)]
        for column in CLAIM:
            shown, claimed = getattr(row, column), claim[column]
            assert shown == claimed or (pd.isna(shown) and pd.isna(claimed)), (
                row.indicator,
                column,
            )
        compared += 1
    assert compared == table.drop_duplicates(["stage", "indicator"]).shape[0] > 0


def test_found_via_ads_gets_one_verdict_in_every_file(market):
    """q03_discovery option 1 (the issue's example) is one claim: the same adjusted p and the
    same verdict in tests.csv and appropriateness.csv."""
    tests = pd.read_csv(market / "tests.csv")
    claim = tests[
        (tests["stage"] == "reach")
        & (tests["question"] == "q03_discovery")
        & (tests["option"] == 1)
        & (tests["weighting"] == "unweighted")
    ].iloc[0]
    table = pd.read_csv(market / "appropriateness.csv")
    shown = table[table["indicator"] == "found_via_ads"]
    assert (shown["p_adjusted"] == claim["p_adjusted"]).all()
    assert (shown["significant"] == claim["significant"]).all()


def test_letters_appear_only_where_the_claim_is_significant(market):
    """With the default statistics.letters (gated) no cell of crosstabs.csv or
    appropriateness.csv carries a letter unless its claim is significant, and the cohort-defining
    and raking questions carry none."""
    for name in ("crosstabs.csv", "appropriateness.csv"):
        frame = pd.read_csv(market / name, keep_default_na=False)
        lettered = frame[frame["sig_letters"] != ""]
        assert len(lettered) > 0 and (lettered["letters_status"] == "significant").all(), name
    crosstabs = pd.read_csv(market / "crosstabs.csv", keep_default_na=False)
    defining = crosstabs[
        crosstabs["question"].isin(["city", "age"]) & (crosstabs["cohort"] != "all")
    ]
    assert (defining["letters_status"] == "not_tested").all()
    assert (defining["sig_letters"] == "").all() and (defining["sig_letters_weighted"] == "").all()
    tests = pd.read_csv(market / "tests.csv")
    untested = tests[tests["question"].isin(["city", "age"])]
    assert (untested["test"] == "not_tested").all() and untested["reason"].str.len().gt(0).all()
