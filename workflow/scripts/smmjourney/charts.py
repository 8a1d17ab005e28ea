"""Charts readable in greyscale and by colour-blind readers: colour is never the only cue.

Cohorts get Okabe-Ito colours of different lightness *and* different hatching; ratings get a
colour, a hatch and their name written in the cell. Output is deterministic (fixed SVG hash salt,
no dates in metadata). Every text is drawn literally (``$``, ``_`` and ``^`` in a label are never
read as mathtext), and legends sit below the axes, never over the data.
"""

import multiprocessing
import os
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.transforms

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from smmjourney.errors import SurveyInputError  # noqa: E402
from smmjourney.palette import (  # noqa: E402
    COHORT_STYLES,
    RATING_STYLES,
    rating_in_words,
    rating_kind,
)
from smmjourney.processes import die_with_parent, parent_alive  # noqa: E402

PNG_DPI = 150
# Margins are measured at the PNG resolution, where text is hinted, so that labels fit there
# exactly.
# SVG text stays text (searchable, editable, and four times cheaper to write than glyph outlines).
plt.rcParams.update(
    {
        "svg.hashsalt": "smmjourney",
        "svg.fonttype": "none",
        "figure.dpi": PNG_DPI,
        "font.size": 9,
        "hatch.linewidth": 0.6,
    }
)


def save(figure: plt.Figure, stem: str | Path) -> list[Path]:
    """Write ``stem``.png and ``stem``.svg deterministically and close the figure."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    figure.savefig(png, dpi=PNG_DPI, metadata={"Software": None})
    figure.savefig(svg, metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return [png, svg]


# Passed to every text handed to matplotlib: labels come from survey files and are drawn as
# written, never parsed as mathtext ("$10 to $50" stays so; "$\frac$" does not fail).
LITERAL = {"parse_math": False}


def literal_legend(axes: plt.Axes, handles: Sequence[Any], labels: Sequence[str], **kwargs):
    """A legend of ``labels`` (as given: one starting with ``_`` is shown too) drawn literally."""
    legend = axes.legend(list(handles), [str(label) for label in labels], **kwargs)
    for text in [*legend.get_texts(), legend.get_title()]:
        text.set_parse_math(False)
    return legend


def legend_below(figure: plt.Figure, axes: plt.Axes, handles, labels, pad: float = 6.0):
    """A legend centred below ``axes`` and its x axis (tick labels and label), in as many
    columns as fit the figure's width; :func:`fit_margins` then makes room for it."""
    renderer = figure.canvas.get_renderer()
    inner = axes.get_window_extent(renderer)
    below = axes.xaxis.get_tightbbox(renderer)
    # Points below the axes' bottom edge: independent of the axes' height, so the legend keeps
    # its place whatever margins fit_margins sets afterwards.
    drop = (max(inner.y0 - below.y0, 0.0) + pad) * 72 / figure.dpi
    offset = matplotlib.transforms.ScaledTranslation(0, -drop / 72, figure.dpi_scale_trans)
    for columns in range(len(labels), 0, -1):
        legend = literal_legend(
            axes,
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            bbox_transform=axes.transAxes + offset,
            ncols=columns,
            frameon=True,
            borderaxespad=0.0,
        )
        if columns == 1 or legend.get_window_extent(renderer).width <= figure.bbox.width - 2 * pad:
            return legend
        legend.remove()
    return None


Drawing = tuple[Callable[..., plt.Figure], tuple, Path]
_pending: list[Drawing] = []


def draw_all(drawings: Sequence[Drawing], processes: int = 1) -> None:
    """Draw and :func:`save` each (chart function, its arguments, target stem).

    With ``processes`` > 1 the charts are shared among that many forked worker processes (each
    chart is rendered the same whichever process draws it); the drawings reach the workers by
    the fork itself, so no data is copied. The workers end with this process, however it ends
    (``kill -9`` too): none draws or writes a chart after it.
    """
    workers = min(processes, len(drawings))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for draw, arguments, stem in drawings:
            save(draw(*arguments), stem)
        return
    _pending[:] = drawings
    try:
        with multiprocessing.get_context("fork").Pool(
            workers, initializer=_start_worker, initargs=(os.getpid(),)
        ) as pool:
            pool.map(_draw_pending, range(len(drawings)), chunksize=1)
    finally:
        _pending.clear()


_parent: list[int] = []


def _start_worker(parent: int) -> None:
    die_with_parent(parent)
    _parent[:] = [parent]


def _draw_pending(index: int) -> None:
    if _parent and not parent_alive(_parent[0]):
        os._exit(1)
    draw, arguments, stem = _pending[index]
    figure = draw(*arguments)
    if _parent and not parent_alive(_parent[0]):
        os._exit(1)
    save(figure, stem)


def fit_margins(figure: plt.Figure, title: plt.Text | None = None, pad: float = 6.0) -> plt.Figure:
    """Set the margins of a one-axes figure so that its tick labels, axis labels, texts and
    ``title`` (a suptitle) fit inside it, measured before saving (constrained layout measures again
    at every save, which costs more than the rest of a chart's layout)."""
    renderer = figure.canvas.get_renderer()
    axes = figure.axes[0]
    width, height = figure.bbox.width, figure.bbox.height
    heading = 0.0
    if title is not None:
        title.set(y=1 - pad / height, verticalalignment="top")
        heading = title.get_window_extent(renderer).height + pad
    # Texts placed in data coordinates move as the axes narrow: a second pass settles them.
    for _ in range(2):
        inner, outer = axes.get_window_extent(renderer), axes.get_tightbbox(renderer)
        figure.subplots_adjust(
            left=(inner.x0 - outer.x0 + pad) / width,
            right=1 - (outer.x1 - inner.x1 + pad) / width,
            bottom=(inner.y0 - outer.y0 + pad) / height,
            top=1 - (outer.y1 - inner.y1 + pad + heading) / height,
        )
    return figure


def _wrap(text: str, width: int = 45) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def grouped_bars(
    labels: Sequence[str],
    series: dict[str, pd.DataFrame],
    title: str,
    xlabel: str = "% of respondents who answered",
) -> plt.Figure:
    """Horizontal grouped bars: one group per label, one bar per series, with interval whiskers.

    Each series frame has the columns ``pct``, ``ci_low``, ``ci_high`` aligned with ``labels``.
    Percentages are written at the bar ends so no value depends on reading a colour.
    """
    n_groups, n_series = len(labels), max(len(series), 1)
    height = 0.8 / n_series
    figure, axes = plt.subplots(figsize=(8, 0.9 + 0.32 * n_groups * n_series + 0.25 * n_groups))
    positions = np.arange(n_groups)
    handles = []
    for i, frame in enumerate(series.values()):
        style = COHORT_STYLES[i % len(COHORT_STYLES)]
        y = positions - 0.4 + height * (i + 0.5)
        pct = frame["pct"].to_numpy(dtype=float)
        errors = np.vstack(
            [
                pct - frame["ci_low"].to_numpy(dtype=float),
                frame["ci_high"].to_numpy(dtype=float) - pct,
            ]
        )
        bars = axes.barh(
            y,
            pct,
            height=height,
            color=style["color"],
            hatch=style["hatch"],
            edgecolor="black",
            linewidth=0.5,
        )
        handles.append(bars)
        axes.errorbar(
            pct,
            y,
            xerr=np.nan_to_num(errors),
            fmt="none",
            ecolor="black",
            elinewidth=0.8,
            capsize=2,
        )
        for value, top, position in zip(
            pct, frame["ci_high"].to_numpy(dtype=float), y, strict=False
        ):
            if np.isfinite(value):
                axes.text(
                    np.nanmax([value, top]) + 1,
                    position,
                    f"{value:.1f}",
                    va="center",
                    fontsize=7,
                    **LITERAL,
                )
    axes.set_yticks(positions, [_wrap(label) for label in labels], **LITERAL)
    axes.invert_yaxis()
    axes.set_xlim(0, 110)
    axes.set_xlabel(xlabel, **LITERAL)
    heading = figure.suptitle(_wrap(title, 90), x=0.01, ha="left", fontsize=10, **LITERAL)
    axes.grid(axis="x", color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    if len(series) > 1:
        legend_below(figure, axes, handles, list(series))
    return fit_margins(figure, heading)


def stage_chart(table: pd.DataFrame, stage_label: str, cohort_labels: dict[str, str]) -> plt.Figure:
    """A stage's indicators by cohort (rows of the appropriateness table for one stage)."""
    rows = table[table["cohort"].isin(cohort_labels)]
    keys = rows[["activity", "indicator"]].drop_duplicates()
    labels = [
        f"{r.activity_label}: {r.indicator_label}" + (" *" if r.significant else "")
        for r in rows.drop_duplicates(["activity", "indicator"]).itertuples()
    ]
    series = {
        cohort_labels[c]: keys.merge(
            rows[rows["cohort"] == c], on=["activity", "indicator"], how="left"
        )
        for c in cohort_labels
    }
    return grouped_bars(
        labels,
        series,
        f"{stage_label}: indicators by cohort (95% Wilson intervals; * cohorts differ after "
        "adjustment)",
    )


def _heatmap_text(cell: pd.Series) -> str:
    decided = cell.get("rating_decided", "") or cell["activity_rating"]
    lines = [_wrap(rating_in_words(decided), 26)]
    if pd.notna(cell["activity_score"]):
        interval = (
            f" ({cell['score_low']:.0f} to {cell['score_high']:.0f})"
            if pd.notna(cell.get("score_low"))
            else ""
        )
        lines.append(f"{cell['activity_score']:.0f}{interval}")
    if cell.get("activity_higher_than", ""):
        lines.append(f"> {cell['activity_higher_than']}")
    if cell.get("difference_not_supported", ""):
        lines.append(f"vs {cell['difference_not_supported']}: difference not supported")
    return "\n".join(lines)


def rating_heatmap(
    table: pd.DataFrame, stage_labels: dict[str, str], cohort_labels: dict[str, str]
) -> plt.Figure:
    """The stage × activity table: one cell per activity and cohort with its decided (or
    uncertain) rating, net score and interval, and its tested differences from other cohorts.

    A cell's colour and hatch are those of ``rating_decided``; ``> B`` marks a score
    significantly above cohort B's, and "difference not supported" two cohorts rated different
    colours without a significant difference.
    """
    activities = table.drop_duplicates(["stage", "activity"])[
        ["stage", "activity", "activity_label"]
    ]
    cells = table.drop_duplicates(["stage", "activity", "cohort"]).set_index(
        ["stage", "activity", "cohort"]
    )
    cohorts = list(cohort_labels)
    letters = dict(zip(table["cohort"], table.get("cohort_letter", table["cohort"]), strict=False))
    figure, axes = plt.subplots(figsize=(3.2 + 2.3 * len(cohorts), 1.1 + 0.62 * len(activities)))
    for row, activity in enumerate(activities.itertuples()):
        for column, cohort in enumerate(cohorts):
            cell = cells.loc[(activity.stage, activity.activity, cohort)]
            decided = cell.get("rating_decided", "") or cell["activity_rating"]
            style = RATING_STYLES[rating_kind(decided)]
            axes.add_patch(
                plt.Rectangle(
                    (column, row),
                    1,
                    1,
                    facecolor=style["color"],
                    hatch=style["hatch"],
                    edgecolor="black",
                    linewidth=0.6,
                )
            )
            axes.text(
                column + 0.5,
                row + 0.5,
                _heatmap_text(cell),
                ha="center",
                va="center",
                fontsize=6.5,
                linespacing=1.1,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.9},
                **LITERAL,
            )
    axes.set_xlim(0, len(cohorts))
    axes.set_ylim(len(activities), 0)
    axes.set_xticks(
        np.arange(len(cohorts)) + 0.5,
        [_wrap(f"{cohort_labels[c]} ({letters.get(c, c)})", 30) for c in cohorts],
        **LITERAL,
    )
    axes.xaxis.tick_top()
    labels = [
        _wrap(f"{stage_labels.get(a.stage, a.stage)} | {a.activity_label}", 60)
        for a in activities.itertuples()
    ]
    axes.set_yticks(np.arange(len(activities)) + 0.5, labels, fontsize=7, **LITERAL)
    axes.tick_params(length=0)
    heading = figure.suptitle(
        "Appropriateness of SMM activities per stage: most / less / least appropriate, or "
        "uncertain (grey, hatched)\nwhere the bootstrap does not decide one colour; net score "
        "(support − resistance) and its bootstrap interval;\n> B: score significantly above "
        "cohort B's (adjusted across the wave); difference not supported: colours differ, "
        "scores not significantly",
        x=0.01,
        ha="left",
        fontsize=8,
        **LITERAL,
    )
    return fit_margins(figure, heading)


def question_chart(
    crosstab: pd.DataFrame,
    question: str,
    cohorts: Sequence[str] | str,
    cohort_labels: dict[str, str],
    title: str,
) -> plt.Figure:
    """A question's options as bars, pooled (``cohorts == 'all'``) or one series per cohort."""
    rows = crosstab[(crosstab["question"] == question)].drop_duplicates(["cohort", "option"])
    chosen = ["all"] if cohorts == "all" else list(cohorts)
    options = rows.drop_duplicates("option")[["option", "option_label"]]
    names = {"all": "All respondents", **cohort_labels}
    series = {
        f"{names[c]} (n = {int(rows.loc[rows['cohort'] == c, 'base'].max())})": options.merge(
            rows[rows["cohort"] == c], on=["option", "option_label"], how="left"
        )
        for c in chosen
    }
    return grouped_bars(options["option_label"].tolist(), series, title)


def funnel_chart(funnel: pd.DataFrame, title: str) -> plt.Figure:
    """Steps of a funnel as bars labelled with their count and percentage of the first step."""
    figure, axes = plt.subplots(figsize=(8, 0.8 + 0.45 * len(funnel)))
    pct = 100 * funnel["count"] / funnel["count"].iloc[0]
    y = np.arange(len(funnel))
    axes.barh(y, pct, color="#0072B2", edgecolor="black", linewidth=0.5)
    for position, value, count in zip(y, pct, funnel["count"], strict=False):
        axes.text(
            value + 1, position, f"{value:.1f}% ({count:,})", va="center", fontsize=8, **LITERAL
        )
    axes.set_yticks(y, [str(label) for label in funnel["label"]], **LITERAL)
    axes.invert_yaxis()
    axes.set_xlim(0, 115)
    axes.set_xlabel(f"% of {str(funnel['label'].iloc[0]).lower()}", **LITERAL)
    heading = figure.suptitle(_wrap(title, 90), x=0.01, ha="left", fontsize=10, **LITERAL)
    return fit_margins(figure, heading)


def draw_charts(
    table: str,
    crosstabs: str,
    stage_labels: Mapping[str, str],
    cohort_labels: Mapping[str, str],
    figures: Sequence[Mapping[str, Any]],
    funnel: str | None,
    stage_charts: Sequence[str],
    heatmap: str,
    figure_charts: Sequence[str],
    processes: int = 1,
) -> None:
    """Draw every chart of a wave (PNG and SVG), in ``processes`` worker processes: one indicator
    chart per stage, the appropriateness heatmap, and the configured figures (question charts and
    the funnel).

    Parameters
    ----------
    table, crosstabs : str
        ``appropriateness.csv`` and ``crosstabs.csv`` of the wave.
    stage_labels, cohort_labels : mapping
        Stage and cohort id -> label, in order.
    figures : sequence of mapping
        ``figures`` of the configuration (``id``, ``title``, ``kind``, ``cohorts`` and, for kind
        ``question``, ``question``).
    funnel : str or None
        The wave's funnel CSV (needed by a figure of kind ``funnel``).
    stage_charts, figure_charts : sequence of str
        The PNG of each stage's chart and of each figure (an SVG is written beside each).
    heatmap : str
        The PNG of the heatmap.
    processes : int
        Worker processes drawing in parallel.
    """
    import pandas as pd

    from smmjourney.output import read_appropriateness

    rated, crosstab = read_appropriateness(table), pd.read_csv(crosstabs)
    drawings = [
        (stage_chart, (rated[rated["stage"] == stage], stage_labels[stage], cohort_labels), target)
        for stage, target in zip(stage_labels, stage_charts, strict=False)
    ]
    drawings.append((rating_heatmap, (rated, stage_labels, cohort_labels), heatmap))
    for spec, target in zip(figures, figure_charts, strict=False):
        if spec["kind"] == "funnel":
            drawings.append((funnel_chart, (_funnel_steps(funnel), spec["title"]), target))
        else:
            drawings.append(
                (
                    question_chart,
                    (crosstab, spec["question"], spec["cohorts"], cohort_labels, spec["title"]),
                    target,
                )
            )
    draw_all(
        [(draw, arguments, Path(target).with_suffix("")) for draw, arguments, target in drawings],
        processes,
    )


def _funnel_steps(funnel: str | None) -> pd.DataFrame:
    steps = pd.read_csv(funnel)
    missing = {"label", "count"} - set(steps.columns)
    if missing:
        raise SurveyInputError(
            f"{funnel}: the funnel file lacks the column(s) {sorted(missing)}; expected "
            "step,label,count."
        )
    return steps
