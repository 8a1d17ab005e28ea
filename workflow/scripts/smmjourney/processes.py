"""Processes that end with the process that started them: a step's own process and its workers
must not outlive a killed run and go on writing into ``results/``.

Light enough to import before the stack: it needs only the standard library.
"""

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from pathlib import Path

PR_SET_DEATHSIG = 1
"""Linux ``prctl`` option: the signal this process gets when the thread that started it ends."""
RUN_PROCESS = "SMMJOURNEY_RUN_PID"
"""Environment variable holding the process id of the Snakemake process running the jobs (set
by ``workflow/rules/common.smk``)."""
WATCH_SECONDS = 0.2
"""How often a step's process checks that the Snakemake process running it is still there."""


def die_with_parent(parent: int | None = None) -> int:
    """Have this process killed (``SIGKILL``) when its parent ends; return the parent's process id,
    for :func:`parent_alive`.

    On Linux this is the kernel's ``PR_SET_DEATHSIG``, which fires even when the parent is killed
    with ``kill -9``; elsewhere only :func:`parent_alive`, checked before each piece of work, stops
    the process. ``parent``, when given, is the process that started this one (a worker knows
    it): if it has already gone (before the request could be made), this process ends at once.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and not parent_alive(parent):
        os._exit(1)
    return os.getppid()


def parent_alive(parent: int) -> bool:
    """Whether the process ``parent`` (as :func:`die_with_parent` returned it) is still this
    process's parent: an orphan is adopted by another process."""
    return os.getppid() == parent


def die_with_run() -> None:
    """For a step's own process (a ``script:``): end with the Snakemake process that runs the job,
    named by :data:`RUN_PROCESS`, however that ends.

    Snakemake may start the step through a shell, and may be killed before the step has started
    at all; so besides :func:`die_with_parent`, the step ends at once if the run has already gone,
    and a watching thread ends it within :data:`WATCH_SECONDS` of the run's end.
    """
    die_with_parent()
    run = os.environ.get(RUN_PROCESS, "")
    if not run.isdigit():
        return
    if not running(int(run)):
        os._exit(1)
    threading.Thread(target=_watch, args=(int(run),), daemon=True, name="run watch").start()


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not ended (on Linux a zombie, ended but not yet
    collected by its parent, counts as ended)."""
    if Path("/proc/self/stat").exists():
        try:
            state = Path(f"/proc/{pid}/stat").read_text(errors="replace").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return False
        return state[:1] not in (["Z"], ["X"])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(pid: int) -> None:
    while running(pid):
        time.sleep(WATCH_SECONDS)
    os._exit(1)
