"""The wave report: one self-contained HTML page; every label is escaped."""

from collections.abc import Sequence
from html import escape
from pathlib import Path

import pandas as pd

from smmjourney.palette import RATING_FILLS, RATING_WORDS

RATING_COLOURS = {**RATING_FILLS, "": "#FFFFFF"}
CELL_WORDS = {**RATING_WORDS, "": "–"}


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
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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
            activity = line["activity_rating"] if isinstance(line["activity_rating"], str) else ""
            html += (
                f'<td style="background:{RATING_COLOURS[rating]}">{pct} ({CELL_WORDS[rating]})</td>'
            )
            html += f'<td style="background:{RATING_COLOURS[activity]}">{CELL_WORDS[activity]}</td>'
        flag = (
            "–"
            if pd.isna(first["p_adjusted"])
            else f"{'yes' if first['significant'] else 'no'} (p adj = {first['p_adjusted']:.3g})"
        )
        rows.append(f"<tr>{html}<td>{escape(flag)}</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


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
    figures: Sequence[str],
) -> str:
    """The HTML report of one wave: sample, cleaning, Table 3, significant differences, figures."""
    significant = tests[tests["significant"].astype(bool)][
        ["stage", "question", "option", "test", "statistic", "dof", "p_adjusted", "cramers_v"]
    ]
    images = "".join(
        f'<figure><img src="{escape(path)}" alt="{escape(path)}"></figure>'
        for path in figures
        if path.endswith(".png")
    )
    excluded_html = _table(excluded) if len(excluded) else "<p>No respondent was quarantined.</p>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em}}\
table{{border-collapse:collapse;font-size:12px;margin:1em 0}}
td,th{{border:1px solid #999;padding:2px 6px;vertical-align:top}}figure{{margin:1em 0}}\
img{{max-width:100%}}</style></head>
<body><h1>{escape(title)}</h1><p>Wave <code>{escape(wave)}</code>. \
Ratings: most / less / least appropriate (colour and word);
percentages are of the respondents of the cohort who answered the question.</p>
<h2>Sample</h2>{_table(sizes)}
<h2>Cleaning</h2>{_table(cleaning)}\
<h3>Quarantined respondents (quarantine.csv)</h3>{excluded_html}
<h2>Appropriateness of SMM activities by stage (Table 3)</h2>\
{_appropriateness(table, stage_labels, cohort_labels)}
<h2>Significant differences between cohorts (after adjustment)</h2>\
{_table(significant) if len(significant) else "<p>None.</p>"}
<h2>Figures</h2>{images}
</body></html>
"""


def write_report(
    wave: str,
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
) -> None:
    """Write the wave's HTML report."""
    import pandas as pd

    from smmjourney.report import render_report

    html = render_report(
        wave=wave,
        title=title,
        sizes=pd.read_csv(sizes),
        cleaning=pd.read_csv(cleaning_report),
        excluded=pd.read_csv(quarantine),
        tests=pd.read_csv(tests),
        table=pd.read_csv(table),
        stage_labels=stage_labels,
        cohort_labels=cohort_labels,
        figures=[str(Path(f).relative_to(Path(report).parent)) for f in figures],
    )
    Path(report).write_text(html, encoding="utf-8")
