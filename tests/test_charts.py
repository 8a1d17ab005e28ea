"""Charts are deterministic and never rely on colour alone."""

import pandas as pd

from smmjourney import charts


def series():
    return {"A": pd.DataFrame({"pct": [10.0, 50.0], "ci_low": [5.0, 40.0], "ci_high": [20.0, 60.0]}),
            "B": pd.DataFrame({"pct": [30.0, 0.0], "ci_low": [20.0, 0.0], "ci_high": [40.0, 8.0]})}


def test_the_same_chart_twice_gives_the_same_bytes(tmp_path):
    first = charts.save(charts.grouped_bars(["one", "two"], series(), "Title"), tmp_path / "a" / "chart")
    second = charts.save(charts.grouped_bars(["one", "two"], series(), "Title"), tmp_path / "b" / "chart")
    for one, two in zip(first, second):
        assert one.read_bytes() == two.read_bytes()


def test_cohorts_differ_by_hatch_as_well_as_colour():
    hatches = [style["hatch"] for style in charts.COHORT_STYLES]
    assert len(set(hatches)) == len(hatches)
    assert len({s["hatch"] for s in charts.RATING_STYLES.values() if s["text"] != "n/a"}) == 3


def test_bar_values_are_written_on_the_chart(tmp_path):
    paths = charts.save(charts.grouped_bars(["one", "two"], series(), "Title"), tmp_path / "chart")
    svg = paths[1].read_text(encoding="utf-8")
    assert "50.0" in svg or "50.0" in svg.replace("<", " ")
