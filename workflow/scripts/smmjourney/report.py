"""The wave report: one self-contained HTML page; every label is escaped.

The page needs no other file: its charts are embedded as PNG data URIs, it loads no script, font
or stylesheet, so it opens offline from an e-mail attachment. Wide tables scroll inside their own
container, and a print stylesheet keeps charts and table rows whole on A4 pages.
"""

import base64
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from smmjourney.output import _flag, read_appropriateness
from smmjourney.palette import RATING_FILLS, RATING_WORDS, rating_in_words, rating_kind
from smmjourney.verdicts import AGREEMENTS
from smmjourney.workbook import activity_difference_text, activity_score_text

RATING_COLOURS = {**RATING_FILLS, "": "#FFFFFF"}
CELL_WORDS = {**RATING_WORDS, "": "–"}


STYLE = """\
body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em;line-height:1.4}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:12px;margin:1em 0}
td,th{border:1px solid #999;padding:2px 6px;vertical-align:top}
figure{margin:1em 0}figcaption{font-size:13px;color:#333}
img{max-width:100%;height:auto}
@media (max-width:600px){body{padding:.5em}h1{font-size:1.4em}}
@page{size:A4;margin:12mm}
@media print{body{max-width:none;padding:0}.scroll{overflow:visible}
h2{break-before:page}h2:first-of-type{break-before:auto}
figure,tr,img{break-inside:avoid}thead{display:table-header-group}
img{max-height:260mm;object-fit:contain}}
"""
"""The page's only stylesheet: responsive from a 390 px phone up, and A4 print rules."""


class EmbeddedFigure(NamedTuple):
    """A chart embedded in the page: its caption (also its alt text) and its PNG bytes."""

    caption: str
    png: bytes


def figure_caption(
    name: str, stage_labels: Mapping[str, str], figure_titles: Mapping[str, str]
) -> str:
    """The caption of chart file ``name`` (``stage_<stage>``, ``appropriateness_heatmap`` or a
    configured figure id), in words rather than a path.

    >>> figure_caption("stage_awareness", {"awareness": "Awareness"}, {})
    'Awareness: indicators by cohort'
    >>> figure_caption("diagram_01_age", {}, {"diagram_01_age": "Diagram 1. Age"})
    'Diagram 1. Age'
    """
    if name in figure_titles:
        return figure_titles[name]
    if name.startswith("stage_") and name[len("stage_") :] in stage_labels:
        return f"{stage_labels[name[len('stage_') :]]}: indicators by cohort"
    if name == "appropriateness_heatmap":
        return "Appropriateness of SMM activities by stage and cohort (heatmap)"
    return name.replace("_", " ")


def p_in_words(p: float) -> str:
    """A p-value as journals print it: ``p < 0.001``, else to three decimals.

    >>> p_in_words(8.584e-45), p_in_words(0.0341), p_in_words(1.0)
    ('p < 0.001', 'p = 0.034', 'p = 1.000')
    """
    if pd.isna(p):
        return "–"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _points(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def headline_findings(
    table: pd.DataFrame,
    stage_labels: Mapping[str, str],
    cohort_labels: Mapping[str, str],
    confidence: float,
) -> list[str]:
    """The wave's findings as plain sentences with their numbers, from ``appropriateness.csv``.

    First each indicator whose cohorts differ significantly after adjustment, largest
    difference first (this cohort against all other respondents, with the difference's
    interval at ``confidence`` and the adjusted p); then per cohort each activity's decided
    rating with its net score, and a sentence for each activity whose rating the bootstrap
    leaves uncertain.
    """
    if table.empty:
        return []
    sentences = []
    level = f"{confidence * 100:g} %"
    two = len(cohort_labels) == 2
    pct_of = table.set_index(["stage", "activity", "indicator", "cohort"])["pct"]
    significant = table[table["significant"].map(_flag) & table["diff_pct"].notna()]
    # With two cohorts each difference is told once, from the first cohort's side.
    cohorts = list(cohort_labels)
    differences = significant[significant["cohort"] == cohorts[0]] if two else significant
    differences = differences.assign(size=differences["diff_pct"].abs()).sort_values(
        "size", ascending=False, kind="stable"
    )
    for line in differences.itertuples(index=False):
        if two:
            other = pct_of[(line.stage, line.activity, line.indicator, cohorts[1])]
            compared = f"{line.pct:.1f} % vs {other:.1f} % ({cohort_labels[cohorts[1]]})"
        else:
            compared = f"{line.pct:.1f} % (all other respondents)"
        sentences.append(
            f"{stage_labels.get(line.stage, line.stage)}, {line.activity_label}: "
            f"“{line.indicator_label}” — {cohort_labels.get(line.cohort, line.cohort)} "
            f"{compared}, a difference of "
            f"{_points(line.diff_pct)} points ({level} CI {_points(line.diff_low)} to "
            f"{_points(line.diff_high)}), {p_in_words(line.p_adjusted)} after adjustment "
            f"({line.adjustment})."
        )
    activities = table.drop_duplicates(["stage", "activity", "cohort"])
    for line in activities.itertuples(index=False):
        decided = line.rating_decided if isinstance(line.rating_decided, str) else ""
        if not decided or line.cohort not in cohort_labels:
            continue
        stage = stage_labels.get(line.stage, line.stage)
        who = cohort_labels[line.cohort]
        score = (
            ""
            if pd.isna(line.activity_score)
            else f" (net score {line.activity_score:.1f}, {level} interval "
            f"{line.score_low:.1f} to {line.score_high:.1f})"
        )
        if decided.startswith("uncertain"):
            sentences.append(
                f"{who}: the evidence on {line.activity_label} at {stage} is inconclusive, "
                f"{rating_in_words(decided).removeprefix('uncertain: ')} appropriate{score}."
            )
        elif decided in RATING_WORDS:
            sentences.append(
                f"{who}: {line.activity_label} is {RATING_WORDS[decided]} appropriate at "
                f"{stage}{score}."
            )
    return sentences


def _findings(sentences: Sequence[str]) -> str:
    if not sentences:
        return "<p>No cohort difference is significant and no rating is decided.</p>"
    return "<ol>" + "".join(f"<li>{escape(sentence)}</li>" for sentence in sentences) + "</ol>"


def _figure(figure: EmbeddedFigure) -> str:
    data = base64.b64encode(figure.png).decode("ascii")
    caption = escape(figure.caption)
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{caption}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>"
        + "".join(
            "<td>"
            f"{escape('' if pd.isna(v) else (f'{v:.4g}' if isinstance(v, float) else str(v)))}"
            "</td>"
            for v in row
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _appropriateness(table: pd.DataFrame, stage_labels: dict, cohort_labels: dict) -> str:
    cohorts = list(cohort_labels)
    head = (
        "<th>Stage</th><th>SMM activity</th><th>Indicator</th>"
        + "".join(
            f"<th>{escape(cohort_labels[c])} %</th><th>{escape(cohort_labels[c])} activity</th>"
            for c in cohorts
        )
        + "<th>Cohorts differ</th>"
    )
    rows = []
    for _, block in table.groupby(["stage", "activity", "indicator"], sort=False):
        first = block.iloc[0]
        cells = [
            stage_labels.get(first["stage"], first["stage"]),
            first["activity_label"],
            first["indicator_label"],
        ]
        html = "".join(f"<td>{escape(str(c))}</td>" for c in cells)
        for cohort in cohorts:
            line = block[block["cohort"] == cohort].iloc[0]
            pct = "–" if pd.isna(line["pct"]) else f"{line['pct']:.1f}"
            rating = line["rating"] if isinstance(line["rating"], str) else ""
            decided = line.get("rating_decided", "")
            decided = decided if isinstance(decided, str) and decided else line["activity_rating"]
            decided = decided if isinstance(decided, str) else ""
            word = "against" if line["direction"] == "inappropriate" else CELL_WORDS[rating]
            html += f'<td style="background:{RATING_COLOURS[rating]}">{pct} ({word})</td>'
            activity = "; ".join(
                part
                for part in (
                    rating_in_words(decided) or "–",
                    activity_score_text(line),
                    activity_difference_text(line),
                )
                if part
            )
            html += (
                f'<td style="background:{RATING_COLOURS.get(rating_kind(decided), "#FFFFFF")}">'
                f"{escape(activity)}</td>"
            )
        flag = (
            "–"
            if pd.isna(first["p_adjusted"])
            else f"{'yes' if first['significant'] else 'no'} "
            f"(adjusted {p_in_words(first['p_adjusted'])})"
        )
        rows.append(f"<tr>{html}<td>{escape(flag)}</td></tr>")
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _verdicts(comparison: pd.DataFrame, stage_labels: dict, cohort_labels: dict) -> str:
    counts = comparison["agreement"].value_counts()
    text = comparison.fillna("")
    labels = {"all": "All respondents", **cohort_labels}
    shown = pd.DataFrame(
        {
            "Stage": [stage_labels.get(stage, stage) for stage in text["stage"]],
            "SMM activity": text["activity_label"],
            "Cohort": [labels.get(cohort, cohort) for cohort in text["cohort"]],
            "Author's verdict": [
                f"{verdict.replace('_', ' ')} ({rating_in_words(colour)})"
                for verdict, colour in zip(text["verdict"], text["verdict_rating"], strict=True)
            ],
            "Computed rating": [
                rating_in_words(rating) or "–" for rating in text["computed_rating"]
            ],
            "Agreement": text["agreement"],
            "Indicators behind a disagreement": text["drivers"],
            "Author's words": text["quote"],
        }
    )
    summary = ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in AGREEMENTS)
    return (
        f"<p>{len(comparison)} published verdicts: {escape(summary)}. The verdicts are a "
        "comparison, not a target: the rating rule does not read them.</p>" + _table(shown)
    )


def render_report(
    wave: str,
    title: str,
    sizes: pd.DataFrame,
    cleaning: pd.DataFrame,
    excluded: pd.DataFrame,
    tests: pd.DataFrame,
    table: pd.DataFrame,
    stage_labels: dict,
    cohort_labels: dict,
    figures: Sequence[EmbeddedFigure],
    verdicts: pd.DataFrame | None = None,
    confidence: float = 0.95,
) -> str:
    """The HTML report of one wave: Table 3, significant differences, the author's verdicts
    beside the computed ratings (where ``verdicts`` is given), figures, the sample, and the data
    quality (cleaning and quarantine, folded) at the end."""
    chosen = tests[tests["significant"].astype(bool)]
    significant = pd.DataFrame(
        {
            "Stage": [stage_labels.get(stage, stage) for stage in chosen["stage"]],
            "Question": chosen["question"],
            "Option": chosen["option"],
            "Test": [str(test).replace("_", " ") for test in chosen["test"]],
            "Statistic": chosen["statistic"],
            "df": chosen["dof"],
            "Adjusted p": [p_in_words(p) for p in chosen["p_adjusted"]],
            "Cramér's V": chosen["cramers_v"],
        }
    )
    images = "".join(_figure(figure) for figure in figures)
    excluded_html = _table(excluded) if len(excluded) else "<p>No respondent was quarantined.</p>"
    verdicts_html = (
        ""
        if verdicts is None
        else "<h2>The author's verdicts beside the computed ratings</h2>"
        + _verdicts(verdicts, stage_labels, cohort_labels)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{STYLE}</style></head>
<body><h1>{escape(title)}</h1><p>Wave <code>{escape(wave)}</code>. \
Ratings: most / less / least appropriate (colour and word), or "uncertain" (grey) between the
colours named where the respondent bootstrap gives no colour the configured probability; an
activity's net score (support minus resistance) is followed by its bootstrap interval; "higher than
B" marks a significant difference in the activity's score (adjusted across the wave's activity
differences), and "difference not supported" two cohorts rated different colours without one.
Percentages are of the respondents of the cohort who answered the question; "against" marks an
objection (an inappropriate indicator), which counts against its activity only.</p>
<h2>Headline findings</h2>\
{_findings(headline_findings(table, stage_labels, cohort_labels, confidence))}
<h2>Appropriateness of SMM activities by stage (Table 3)</h2>\
{_appropriateness(table, stage_labels, cohort_labels)}
<h2>Significant differences between cohorts (after adjustment)</h2>\
{_table(significant) if len(significant) else "<p>None.</p>"}
{verdicts_html}<h2>Figures</h2>{images}
<h2>Sample</h2>{_table(sizes)}
<h2>Data quality</h2><details><summary>Cleaning: rows read, kept and quarantined per source \
(cleaning_report.csv)</summary>{_table(cleaning)}</details>\
<details><summary>Quarantined respondents (quarantine.csv)</summary>{excluded_html}</details>
</body></html>
"""


def write_report(
    title: str,
    sizes: str,
    cleaning_report: str,
    quarantine: str,
    tests: str,
    table: str,
    stage_labels: dict,
    cohort_labels: dict,
    figures: Sequence[str],
    report: str,
    verdicts: Sequence[str] = (),
    figure_titles: Mapping[str, str] | None = None,
    confidence: float = 0.95,
) -> None:
    """Write the wave's HTML report (with ``verdicts_comparison.csv`` where ``verdicts`` names
    it), its PNG ``figures`` embedded and captioned from ``figure_titles`` (figure id to
    title) and the stage labels. The wave id shown is the name of the report's folder
    (``results/<wave>/``)."""
    html = render_report(
        wave=Path(report).parent.name,
        title=title,
        sizes=pd.read_csv(sizes),
        cleaning=pd.read_csv(cleaning_report),
        excluded=pd.read_csv(quarantine),
        tests=pd.read_csv(tests),
        table=read_appropriateness(table),
        stage_labels=stage_labels,
        cohort_labels=cohort_labels,
        figures=[
            EmbeddedFigure(
                caption=figure_caption(
                    name=Path(path).stem,
                    stage_labels=stage_labels,
                    figure_titles=figure_titles or {},
                ),
                png=Path(path).read_bytes(),
            )
            for path in figures
            if path.endswith(".png")
        ],
        verdicts=pd.read_csv(verdicts[0]) if verdicts else None,
        confidence=confidence,
    )
    Path(report).write_text(html, encoding="utf-8")
