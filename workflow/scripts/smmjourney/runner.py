"""Running a step from a Snakemake script: a log file, and a clear message instead of a
traceback."""

import importlib
import logging
import sys
import threading
from collections.abc import Callable

from smmjourney import STEPS
from smmjourney.errors import SurveyInputError


def run_step(step: Callable[..., None], log_path: str | None, **arguments) -> None:
    """Call ``step(**arguments)`` with logging to ``log_path``.

    A :class:`SurveyInputError` is written to the log and to standard error as one paragraph and
    ends the process with status 1, so Snakemake removes the step's outputs. Other exceptions
    keep their traceback (in the log too): they are bugs, not bad input.
    """
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_path:
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(message)s", handlers=handlers, force=True
    )
    try:
        step(**arguments)
    except SurveyInputError as error:
        logging.error("%s", error)
        sys.exit(1)
    except Exception:
        logging.exception("unexpected error in %s", step.__name__)
        raise


def entry_function(rule: str) -> Callable[..., None]:
    """The entry function of ``rule`` (see :data:`smmjourney.STEPS`), imported on first use."""
    module, function = STEPS[rule]
    return getattr(importlib.import_module(module), function)


def run_in_workflow(rule: str, log_path: str, **arguments) -> None:
    """Call the entry function of ``rule`` with ``arguments`` inside the Snakemake process (a
    ``run:`` block).

    Messages of this thread's step go to ``log_path``. A :class:`SurveyInputError` is logged as
    one paragraph and raised again as Snakemake's ``WorkflowError``, whose message Snakemake
    prints without a traceback; any other exception (a bug, a full disk) is logged with its
    traceback and raised as it is. Snakemake then removes the step's outputs.
    """
    from snakemake.exceptions import WorkflowError

    step = entry_function(rule)
    handler = logging.FileHandler(log_path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    thread = threading.get_ident()
    handler.addFilter(lambda record: record.thread == thread)
    package_logger = logging.getLogger("smmjourney")
    package_logger.setLevel(logging.INFO)
    package_logger.propagate = False
    package_logger.addHandler(handler)
    try:
        step(**arguments)
    except SurveyInputError as error:
        package_logger.error("%s", error)
        raise WorkflowError(str(error)) from None
    except Exception as error:
        package_logger.exception("unexpected error in step %s: %s", rule, error)
        raise
    finally:
        package_logger.removeHandler(handler)
        handler.close()
