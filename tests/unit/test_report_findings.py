"""The report's headline findings: sentences with their numbers, largest difference first."""

import pandas as pd

from smmjourney.report import headline_findings

COHORTS = {"ru": "Russian respondents", "xx": "Respondents from other countries"}


def indicator_rows(indicator, ru_pct, xx_pct, significant, p_adjusted, rating="green"):
    """Two rows of appropriateness.csv (one per cohort) for one indicator of one activity."""
    common = {
        "stage": "awareness",
        "activity": "ads",
        "activity_label": "Advertisement",
        "indicator": indicator,
        "indicator_label": indicator.replace("_", " "),
        "significant": significant,
        "p_adjusted": p_adjusted,
        "adjustment": "holm within stage awareness",
        "activity_score": 10.0,
        "score_low": 5.0,
        "score_high": 15.0,
    }
    diff = ru_pct - xx_pct
    return [
        dict(
            common,
            cohort="ru",
            pct=ru_pct,
            diff_pct=diff,
            diff_low=diff - 5,
            diff_high=diff + 5,
            rating_decided=rating,
        ),
        dict(
            common,
            cohort="xx",
            pct=xx_pct,
            diff_pct=-diff,
            diff_low=-diff - 5,
            diff_high=-diff + 5,
            rating_decided="uncertain: green or yellow",
        ),
    ]


def test_findings_rank_significant_differences_and_state_ratings():
    table = pd.DataFrame(
        indicator_rows("blocker", 28.6, 56.6, True, 0.0004)
        + indicator_rows("likes", 40.0, 30.0, True, 0.034)
        + indicator_rows("skips", 20.0, 60.0, False, 0.2)
    )
    sentences = headline_findings(
        table=table,
        stage_labels={"awareness": "Awareness"},
        cohort_labels=COHORTS,
        confidence=0.95,
    )
    differences = [s for s in sentences if "difference of" in s]
    assert len(differences) == 2, "one sentence per significant indicator, none for 'skips'"
    assert "28.6 % vs 56.6 %" in differences[0] and "−28.0 points" in differences[0]
    assert "(95 % CI −33.0 to −23.0)" in differences[0] and "p < 0.001" in differences[0]
    assert "+10.0 points" in differences[1] and "p = 0.034" in differences[1]
    assert any(
        s.startswith("Russian respondents: Advertisement is most appropriate") for s in sentences
    )
    assert any("inconclusive, most or less appropriate" in s for s in sentences)
