"""The results of R's survey package (Lumley, *survey: analysis of complex survey samples*, version
4.1-1) on its apiclus1 data: the Rao-Scott test of ?svychisq and the weights of ?rake."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smmjourney.stats.weights import rake, rao_scott_test
from workflow_run import REPO

# apiclus1 from R's survey package (data(api): a cluster sample of 15 Californian school districts,
# 183 schools): district dnum (the cluster), sampling weight pw, population number of districts
# fpc = 757, sch.wide and stype; rake_weight_r is the weight R's survey 4.1-1 gives each school
# after rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide)) with the margins of
# ?rake (stype E 4421, H 755, M 1018; sch.wide No 1072, Yes 5122), control = list(maxit = 100,
# epsilon = 1e-9).
API = pd.read_csv(REPO / "tests" / "data" / "apiclus1.csv")


def test_rao_scott_matches_svychisq_on_the_api_cluster_sample():
    # R survey package, example of ?svychisq:
    #   dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
    #   svychisq(~sch.wide + stype, dclus1)
    #     F = 5.1934, ndf = 1.4946, ddf = 20.9250, p-value = 0.02175
    #   svychisq(~sch.wide + stype, dclus1, statistic = "Chisq")
    #     X-squared = 11.941, df = 2, p-value = 0.005553
    # (the Rd file prints no output; these are R's printed results for its example, survey 4.1-1,
    # and the same figures are pinned in other public test suites).
    result = rao_scott_test(
        API["sch.wide"], API["stype"], API["pw"], clusters=API["dnum"], population_clusters=757
    )
    assert result.pearson == pytest.approx(11.941, abs=5e-4)
    assert result.dof == 2 and result.p_value == pytest.approx(0.005553, abs=5e-7)
    assert result.f_statistic == pytest.approx(5.1934, abs=5e-5)
    assert result.ndf == pytest.approx(1.4946, abs=5e-5) and result.ddf == pytest.approx(
        20.9250, abs=5e-5
    )
    assert result.f_p_value == pytest.approx(0.02175, abs=5e-6)
    assert result.statistic == pytest.approx(result.pearson / result.mean_deff)


def test_raking_matches_r_survey_rake():
    margins = {
        "all": {
            "stype": {"E": 4421 / 6194, "H": 755 / 6194, "M": 1018 / 6194},
            "sch.wide": {"No": 1072 / 6194, "Yes": 5122 / 6194},
        }
    }
    ids = pd.Series([f"s{i}" for i in range(len(API))])
    answers = pd.concat(
        [
            pd.DataFrame({"respondent_id": ids, "question": question, "code": API[question]})
            for question in ("stype", "sch.wide")
        ]
    )
    cohorts = pd.DataFrame({"respondent_id": ids, "cohort": "all"})
    base = pd.Series(API["pw"].to_numpy(), index=ids)
    weights = _rake_labels(answers, cohorts, margins, base)
    ours = weights.to_numpy() / weights.sum()
    r = API["rake_weight_r"].to_numpy() / API["rake_weight_r"].sum()
    np.testing.assert_allclose(ours, r, rtol=1e-6)


def _rake_labels(answers, cohorts, margins, base):
    # rake() takes integer codes; map the text labels of the api data to codes first.
    codes = {label: i for i, label in enumerate(sorted(set(answers["code"])))}
    coded = answers.assign(code=answers["code"].map(codes))
    coded_margins = {
        c: {q: {codes[k]: v for k, v in m.items()} for q, m in qs.items()}
        for c, qs in margins.items()
    }
    return rake(
        coded, cohorts, coded_margins, base_weights=base, tolerance=1e-12, max_iterations=1000
    )
