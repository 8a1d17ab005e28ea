"""Chart text is drawn as written (never as mathtext) and legends never cover the data."""

import html
import re

import pandas as pd
import pytest

from smmjourney import charts

DOLLARS = "Spends $10 to $50 a month"
MATH = r"$\frac$"
SCRIPTS = "under_score ^caret"


def _table():
    """Two indicators of one stage for two cohorts, with labels full of mathtext markers."""
    rows = []
    for cohort, pct in (("x", 20.0), ("y", 60.0)):
        for indicator, label in (("i1", DOLLARS), ("i2", MATH)):
            rows.append(
                {
                    "stage": "awareness",
                    "activity": "a",
                    "activity_label": f"Ads {SCRIPTS}",
                    "indicator": indicator,
                    "indicator_label": label,
                    "cohort": cohort,
                    "pct": pct,
                    "ci_low": pct - 5,
                    "ci_high": pct + 5,
                    "significant": indicator == "i1",
                    "activity_rating": "green",
                    "activity_score": 40.0,
                }
            )
    return pd.DataFrame(rows)


COHORTS = {"x": "Cohort $x$ earns $1,000", "y": r"_Cohort $\frac$"}


def _texts(figure) -> list[str]:
    """Every text of ``figure``, its wrapped lines joined again."""
    return [" ".join(text.get_text().split()) for text in figure.findobj(charts.plt.Text)]


def _drawn(figure, tmp_path) -> str:
    """The SVG of ``figure`` (SVG text stays text: what is written there is what is drawn)."""
    return charts.save(figure, tmp_path / "chart")[1].read_text(encoding="utf-8")


def _unescaped(svg: str) -> str:
    """The SVG's texts, entities decoded, one after another (a wrapped label's lines are
    separate ``<text>`` elements)."""
    texts = re.findall(r">([^<>]*)</text>", svg)
    return " ".join(html.unescape(text) for text in texts)


def test_stage_chart_draws_dollar_and_math_labels_literally(tmp_path):
    figure = charts.stage_chart(_table(), "Stage $1$", COHORTS)
    texts = _texts(figure)
    assert any(DOLLARS in text for text in texts)
    assert any(MATH in text for text in texts)
    assert any(COHORTS["y"] == text for text in texts)  # a leading "_" does not hide it
    svg = _unescaped(_drawn(figure, tmp_path))
    for literal in (DOLLARS, "Cohort $x$ earns $1,000", MATH, SCRIPTS, "Stage $1$"):
        assert literal in svg


@pytest.mark.parametrize("label", [DOLLARS, MATH, "100% of $ and _x_^2"])
def test_every_text_path_is_literal(tmp_path, label):
    series = {
        label: pd.DataFrame({"pct": [10.0], "ci_low": [5.0], "ci_high": [20.0]}),
        "Other": pd.DataFrame({"pct": [30.0], "ci_low": [20.0], "ci_high": [40.0]}),
    }
    figure = charts.grouped_bars([label], series, label, xlabel=label)
    assert label in _unescaped(_drawn(figure, tmp_path))
    funnel = pd.DataFrame({"label": [label, "Bought"], "count": [100, 40]})
    assert label in _unescaped(_drawn(charts.funnel_chart(funnel, label), tmp_path))
    heatmap = charts.rating_heatmap(_table(), {"awareness": label}, COHORTS)
    assert label in _unescaped(_drawn(heatmap, tmp_path))


def _legend_and_data(figure):
    renderer = figure.canvas.get_renderer()
    axes = figure.axes[0]
    legend = axes.get_legend()
    assert legend is not None
    return legend.get_window_extent(renderer), axes.get_window_extent(renderer), renderer


@pytest.mark.parametrize("cohorts", [2, 4])
def test_the_legend_does_not_cover_the_data(cohorts):
    series = {
        f"Cohort {i} with a fairly long name (n = {100 + i})": pd.DataFrame(
            {"pct": [95.0, 50.0, 5.0], "ci_low": [90.0, 40.0, 0.0], "ci_high": [99.0, 60.0, 9.0]}
        )
        for i in range(cohorts)
    }
    figure = charts.grouped_bars(["one", "two", "three"], series, "Title")
    legend, data, renderer = _legend_and_data(figure)
    assert not legend.overlaps(data)
    # Nor the x axis's tick labels and label, and it stays inside the figure.
    below = figure.axes[0].xaxis.get_tightbbox(renderer)
    assert legend.y1 <= below.y0
    assert legend.x0 >= 0 and legend.y0 >= 0
    assert legend.x1 <= figure.bbox.width and legend.y1 <= figure.bbox.height


def test_the_stage_chart_legend_is_outside_the_axes():
    legend, data, _ = _legend_and_data(charts.stage_chart(_table(), "Awareness", COHORTS))
    assert not legend.overlaps(data)
