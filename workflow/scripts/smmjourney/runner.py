"""Running a step from a Snakemake script: a log file, and a clear message instead of a traceback."""

import logging
import sys
import threading
from collections.abc import Callable

from .errors import SurveyInputError


def run_step(step: Callable[..., None], log_path: str | None, **arguments) -> None:
    """Call ``step(**arguments)`` with logging to ``log_path``.

    A :class:`SurveyInputError` is written to the log and to standard error as one paragraph and
    ends the process with status 1, so Snakemake removes the step's outputs. Other exceptions
    keep their traceback (in the log too): they are bugs, not bad input.
    """
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_path:
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", handlers=handlers, force=True)
    try:
        step(**arguments)
    except SurveyInputError as error:
        logging.error("%s", error)
        sys.exit(1)
    except Exception:
        logging.exception("unexpected error in %s", step.__name__)
        raise


def run_in_workflow(step: Callable[..., None], log_path: str, *named, **arguments) -> None:
    """Call ``step(**arguments)`` inside the Snakemake process (a ``run:`` block).

    ``named`` are Snakemake's named lists (``input``, ``output``, ``params``): each named item is
    passed as the keyword of its name, so rule and step share their names.

    Messages of this thread's step go to ``log_path``. A :class:`SurveyInputError` is logged and
    raised again as Snakemake's ``WorkflowError``, whose message Snakemake prints without a
    traceback; Snakemake then removes the step's outputs.
    """
    from snakemake.exceptions import WorkflowError

    arguments = {name: value for namedlist in named for name, value in namedlist.items()} | arguments
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
    finally:
        package_logger.removeHandler(handler)
        handler.close()
