"""Runs that fail: bad input found after cleaning leaves no results, a killed run's processes end
with it, and the lock it leaves is removed as the README says."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workflow_run import REPO, copy_workflow, snakemake

pytestmark = pytest.mark.workflow

WAVE = "thesis2017"
SCRIPTS = REPO / "workflow" / "scripts"


def files_under(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` (relative path -> size)."""
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (ended, not yet reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux's /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def descendants(pid: int) -> list[int]:
    """Every process started, directly or not, by ``pid``."""
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def wait_until(condition, timeout: float, step: float = 0.01) -> bool:
    """Poll ``condition`` until it is true (True) or ``timeout`` seconds pass (False)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return condition()


def set_cohort_rules(directory: Path, russian: str, foreign: str) -> None:
    config = directory / "config.yaml"
    text = config.read_text(encoding="utf-8")
    for old, new in (("{source: [ru]}", russian), ("{source: [en]}", foreign)):
        assert text.count(f"rule: {old}") == 1
        text = text.replace(f"rule: {old}", f"rule: {new}")
    config.write_text(text, encoding="utf-8")


def test_a_respondent_matching_no_cohort_stops_cleaning_and_leaves_no_results(tmp_path):
    """Cohorts by gender leave the respondents who did not give it in no cohort: the run stops
    naming their export and row, and results/<wave>/ holds no file, cleaning's included."""
    directory = copy_workflow(tmp_path)
    set_cohort_rules(
        directory, "{question: gender, options: [1]}", "{question: gender, options: [2]}"
    )
    result = snakemake(directory)
    message = result.stdout + result.stderr
    assert result.returncode != 0
    assert "respondent(s) match no cohort rule (for example data/raw/thesis2017/" in message
    assert "Traceback" not in message
    assert files_under(directory / "results" / WAVE) == {}


def test_a_changed_cohort_label_does_not_rerun_cleaning(tmp_path):
    """Cleaning takes the cohorts' rules only: renaming a cohort reruns the steps after it."""
    directory = copy_workflow(tmp_path)
    assert snakemake(directory).returncode == 0
    config = directory / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("label: Russian respondents", "label: Russians"), "utf-8")
    plan = snakemake(directory, "-n", "--quiet", "rules")
    assert plan.returncode == 0, plan.stderr[-2000:]
    assert "split" in plan.stdout and "clean" not in plan.stdout.split()


def test_chart_workers_end_with_their_killed_parent(tmp_path):
    """kill -9 of a process drawing charts on workers ends the workers too: at once, so that not
    even the charts they were drawing are written."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "import matplotlib.pyplot as plt\n"
        "from smmjourney.charts import draw_all\n"
        "def slow(i):\n"
        "    time.sleep(1.0)\n"
        "    figure, axes = plt.subplots()\n"
        "    axes.plot([0, i])\n"
        "    return figure\n"
        "drawings = [(slow, (i,), Path(sys.argv[1]) / f'chart_{i}') for i in range(20)]\n"
        "draw_all(drawings, processes=2)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=SCRIPTS,
        env={**os.environ, "PYTHONPATH": str(SCRIPTS)},
    )
    try:
        assert wait_until(lambda: len(files_under(tmp_path)) >= 2, 60), "no chart was drawn"
        time.sleep(0.3)  # both workers are well into their next chart
        workers = children(parent.pid)
        assert workers
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        time.sleep(0.2)
        at_kill = files_under(tmp_path)
        assert wait_until(lambda: not any(alive(worker) for worker in workers), 5)
        time.sleep(2)
        assert files_under(tmp_path) == at_kill
    finally:
        parent.kill()


@pytest.fixture(scope="module")
def killed_run(tmp_path_factory) -> dict:
    """A run of the thesis wave killed with kill -9 once its charts step has begun its work (it
    has opened its log)."""
    directory = copy_workflow(tmp_path_factory.mktemp("killed_run"))
    run = subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "2"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    charts: list[int] = []

    def charts_started() -> bool:
        charts[:] = [
            pid
            for pid in descendants(run.pid)
            if ".snakemake/scripts/" in command_line(pid) and "charts" in command_line(pid)
        ]
        started = (directory / "logs" / WAVE / "charts.log").exists()
        return (bool(charts) and started) or run.poll() is not None

    try:
        assert wait_until(charts_started, 300) and charts, "the charts step never started"
        started = descendants(run.pid)
        os.kill(run.pid, signal.SIGKILL)
        run.wait(10)
        time.sleep(0.2)
        figures = directory / "results" / WAVE / "figures"
        at_kill = files_under(figures)
        ended = wait_until(lambda: not any(alive(pid) for pid in started), 5)
        time.sleep(2)
        return {
            "directory": directory,
            "ended": ended,
            "at_kill": at_kill,
            "after": files_under(figures),
        }
    finally:
        run.kill()


def test_a_killed_run_leaves_no_process_writing_charts(killed_run):
    """After kill -9 of Snakemake during charts, the charts script and its workers end within
    seconds and write no figure."""
    assert killed_run["ended"]
    assert killed_run["after"] == killed_run["at_kill"]


def test_after_a_killed_run_unlock_lets_the_next_run_finish(killed_run):
    """The lock a killed run leaves stops the next run until `snakemake --unlock` (the README's
    recovery), after which the run completes every output."""
    directory = killed_run["directory"]
    refused = snakemake(directory)
    assert refused.returncode != 0
    assert "--unlock" in refused.stdout + refused.stderr
    assert snakemake(directory, "--unlock").returncode == 0
    finished = snakemake(directory)
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert (directory / "results" / WAVE / "report.html").is_file()
