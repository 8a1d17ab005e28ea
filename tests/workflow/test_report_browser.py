"""The thesis wave's report.html in a real browser (headless Chromium), copied alone into an empty
folder as a reader who receives it by e-mail would open it; and appropriateness.xlsx opened by
LibreOffice.

Without Chromium or LibreOffice these tests are skipped, unless ``SMMJOURNEY_REQUIRE_BROWSER=1``
(set by ``.ci/run``, which installs both from Debian's packages) makes a missing one a failure.
Screenshots and the printed PDF are kept in ``tests/artefacts/`` (not tracked) to be looked at.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from workflow_run import REPO

pytestmark = pytest.mark.workflow

WAVE = "thesis2017"
ARTEFACTS = REPO / "tests" / "artefacts"

PROBE = """<script>window.addEventListener('load', () => {
  const images = [...document.images];
  const root = document.documentElement;
  const result = {
    images: images.length,
    broken: images.filter((image) => !(image.complete && image.naturalWidth > 0)).length,
    overflow: root.scrollWidth - root.clientWidth,
    width: window.innerWidth,
    text: document.body.innerText,
  };
  const out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});</script>"""

FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="page" src="probe.html" width="{width}" height="{height}" style="border:0"></iframe>
<script>document.getElementById('page').addEventListener('load', () => {{
  const probe = document.getElementById('page').contentDocument.getElementById('probe');
  const out = document.createElement('pre');
  out.id = 'framed';
  out.textContent = probe ? probe.textContent : 'null';
  document.body.appendChild(out);
}});</script></body></html>"""


def required(program: str) -> str:
    """The path of ``program``; skips the test when it is missing (fails under CI's setting)."""
    path = shutil.which(program)
    if path is None:
        if os.environ.get("SMMJOURNEY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{program} is required (SMMJOURNEY_REQUIRE_BROWSER=1) but not installed")
        pytest.skip(f"{program} is not installed")
    return path


def chromium(*arguments: str) -> str:
    result = subprocess.run(
        [
            required("chromium"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--allow-file-access-from-files",
            "--virtual-time-budget=10000",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def lone_report(thesis_run, tmp_path_factory) -> Path:
    """The report copied alone into an empty folder, with a probe copy beside it."""
    folder = tmp_path_factory.mktemp("attachment")
    report = folder / "report.html"
    shutil.copyfile(thesis_run / "results" / WAVE / "report.html", report)
    html = report.read_text(encoding="utf-8")
    (folder / "probe.html").write_text(html.replace("</body>", PROBE + "</body>"), "utf-8")
    ARTEFACTS.mkdir(exist_ok=True)
    return report


def probe(report: Path, width: int, height: int) -> dict:
    """What the browser measured on the page at a ``width`` × ``height`` viewport (in a frame of
    that size: headless Chromium's own window is at least 500 px wide)."""
    frame = report.parent / f"frame_{width}.html"
    frame.write_text(FRAME.format(width=width, height=height), encoding="utf-8")
    dom = chromium(f"--window-size={max(width, 500) + 20},{height}", "--dump-dom", frame.as_uri())
    found = re.search(r'<pre id="framed">(.*?)</pre>', dom, flags=re.S)
    assert found, dom[-2000:]
    text = found.group(1)
    assert text != "null", "the probe did not run inside the report"
    return json.loads(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_report_alone_shows_every_image_without_overflow(lone_report, width, height):
    measured = probe(lone_report, width, height)
    assert measured["width"] == width
    assert measured["images"] >= 15
    assert measured["broken"] == 0
    assert measured["overflow"] <= 0, f"{measured['overflow']} px wider than the viewport"
    assert "results/" not in measured["text"], "a file path is shown instead of a caption"
    chromium(
        f"--window-size={width},{height}",
        f"--screenshot={ARTEFACTS / f'report_{width}.png'}",
        lone_report.as_uri(),
    )


def test_report_needs_no_other_file(lone_report):
    html = lone_report.read_text(encoding="utf-8")
    assert '<meta name="viewport"' in html
    assert not re.search(r"""<(img|script|link)[^>]+(src|href)=["'](?!data:)""", html)


def test_report_prints_on_a4_with_whole_charts(lone_report):
    pdf = ARTEFACTS / "report_print.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", lone_report.as_uri())
    info = subprocess.run(
        [required("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info), info
    # 15 charts each on a page or sharing one, plus the tables: never more pages than one per
    # chart plus the tables' own, which a sliced chart (a strip over three pages) would exceed.
    assert 10 <= pages <= 40, pages


def test_workbook_opens_in_libreoffice(thesis_run, tmp_path):
    workbook = tmp_path / "appropriateness.xlsx"
    shutil.copyfile(thesis_run / "results" / WAVE / "appropriateness.xlsx", workbook)
    result = subprocess.run(
        [
            required("soffice"),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    pdf = tmp_path / "appropriateness.pdf"
    assert pdf.is_file(), result.stdout + result.stderr
    shutil.copyfile(pdf, ARTEFACTS / "appropriateness.pdf")
    info = subprocess.run(
        [required("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 1
