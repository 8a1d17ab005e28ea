"""The SLURM profile on a real (local, single-node) SLURM gives the same results as a local run.

Start the cluster first with ``tools/local_slurm.sh start`` (CI does; needs root). Without a
responding SLURM the test is skipped, unless ``SMMJOURNEY_REQUIRE_SLURM=1`` makes that a failure.
"""

import os
import shutil
import subprocess
import sys

import pytest

from workflow_run import copy_workflow

pytestmark = pytest.mark.workflow


def slurm_is_up() -> bool:
    if not shutil.which("sinfo"):
        return False
    result = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, timeout=30)
    return result.returncode == 0 and any(state in result.stdout for state in ("idle", "mix"))


def test_thesis_wave_through_slurm_equals_local_run(thesis_run, tmp_path):
    if not slurm_is_up():
        if os.environ.get("SMMJOURNEY_REQUIRE_SLURM") == "1":
            pytest.fail(
                "SMMJOURNEY_REQUIRE_SLURM=1 but no SLURM responds (start it with "
                "tools/local_slurm.sh start)"
            )
        pytest.skip("no SLURM cluster responds (start one with tools/local_slurm.sh start)")
    directory = copy_workflow(tmp_path)
    command = [
        "timeout",
        "-k",
        "10",
        "900",
        sys.executable,
        "-m",
        "snakemake",
        "--profile",
        "profiles/slurm",
        # a test cluster without accounting storage: poll squeue, and poll often
        "--slurm-status-command",
        "squeue",
        "--slurm-init-seconds-before-status-checks",
        "2",
        "--seconds-between-status-checks",
        "2",
    ]
    result = subprocess.run(command, cwd=directory, capture_output=True, text=True, timeout=960)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "submitted with SLURM jobid" in result.stdout + result.stderr
    local = thesis_run / "results" / "thesis2017"
    remote = directory / "results" / "thesis2017"
    compared = sorted(
        p.relative_to(local) for p in local.rglob("*") if p.suffix in {".csv", ".svg", ".png"}
    )
    assert len(compared) > 30
    assert [str(p) for p in compared if (local / p).read_bytes() != (remote / p).read_bytes()] == []
