"""Charts are deterministic and never rely on colour alone."""

import pandas as pd

from smmjourney import charts
from smmjourney.appropriateness.rule import NO_SUPPORT


def series():
    return {
        "A": pd.DataFrame({"pct": [10.0, 50.0], "ci_low": [5.0, 40.0], "ci_high": [20.0, 60.0]}),
        "B": pd.DataFrame({"pct": [30.0, 0.0], "ci_low": [20.0, 0.0], "ci_high": [40.0, 8.0]}),
    }


def test_the_same_chart_twice_gives_the_same_bytes(tmp_path):
    first = charts.save(
        charts.grouped_bars(["one", "two"], series(), "Title"), tmp_path / "a" / "chart"
    )
    second = charts.save(
        charts.grouped_bars(["one", "two"], series(), "Title"), tmp_path / "b" / "chart"
    )
    for one, two in zip(first, second, strict=False):
        assert one.read_bytes() == two.read_bytes()


def test_cohorts_differ_by_hatch_as_well_as_colour():
    hatches = [style["hatch"] for style in charts.COHORT_STYLES]
    assert len(set(hatches)) == len(hatches)
    shown = [s for s in charts.RATING_STYLES.values() if s["text"] not in ("n/a", NO_SUPPORT)]
    assert len({s["hatch"] for s in shown}) == len(shown)


def test_bar_values_are_written_on_the_chart(tmp_path):
    paths = charts.save(charts.grouped_bars(["one", "two"], series(), "Title"), tmp_path / "chart")
    svg = paths[1].read_text(encoding="utf-8")
    assert "50.0" in svg or "50.0" in svg.replace("<", " ")


def _inside(figure) -> bool:
    box = figure.get_tightbbox(figure.canvas.get_renderer())
    return (
        box.x0 >= 0
        and box.y0 >= 0
        and box.x1 <= figure.get_figwidth()
        and box.y1 <= figure.get_figheight()
    )


def test_long_labels_and_titles_fit_inside_the_figure():
    labels = ["An option label long enough to wrap over several lines of the axis " * 2, "short"]
    assert _inside(charts.grouped_bars(labels, series(), "A title that runs on and on " * 6))
    funnel = pd.DataFrame(
        {
            "label": ["Saw the brand on social media", "Visited the profile", "Bought"],
            "count": [321, 150, 40],
        }
    )
    assert _inside(charts.funnel_chart(funnel, "Funnel " * 20))
    table = pd.DataFrame(
        {
            "stage": ["awareness"] * 2,
            "activity": ["a"] * 2,
            "activity_label": ["An activity with a long name " * 3] * 2,
            "cohort": ["x", "y"],
            "activity_rating": ["green", "red"],
            "activity_score": [55.0, 12.0],
            "significant": [True, False],
        }
    )
    assert _inside(
        charts.rating_heatmap(table, {"awareness": "Awareness"}, {"x": "Cohort X", "y": "Cohort Y"})
    )
