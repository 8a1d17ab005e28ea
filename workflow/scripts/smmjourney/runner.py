"""Running a step from a Snakemake script: a log file, and a clear message instead of a
traceback.

Every line written to a step's log or to the terminal, and the message handed to Snakemake, is
redacted and cut (:func:`smmjourney.personal_data.safe_message`): personal data typed into an
export never reaches ``logs/``, ``.snakemake/log/`` or the terminal, and no message is longer than
a few thousand characters.
"""

import importlib
import logging
import sys
import threading
from collections.abc import Callable

from smmjourney import STEPS
from smmjourney.errors import SurveyInputError
from smmjourney.personal_data import safe_message

LOG_FORMAT = "%(levelname)s %(message)s"


class SafeFormatter(logging.Formatter):
    """A formatter whose output (message and traceback) is redacted and has no overlong line."""

    def format(self, record: logging.LogRecord) -> str:
        return safe_message(super().format(record))


def run_step(step: Callable[..., None], log_path: str | None, **arguments) -> None:
    """Call ``step(**arguments)`` with logging to ``log_path``.

    A :class:`SurveyInputError` is written to the log and to standard error as one paragraph and
    ends the process with status 1, so Snakemake removes the step's outputs. Other exceptions
    are bugs, not bad input: their traceback is written (redacted) to the log and to standard
    error, and the process ends with status 1 too.
    """
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_path:
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(SafeFormatter(LOG_FORMAT))
    logging.basicConfig(level=logging.INFO, handlers=handlers, force=True)
    logging.captureWarnings(True)
    try:
        step(**arguments)
    except SurveyInputError as error:
        logging.error("%s", error)
        sys.exit(1)
    except Exception:
        logging.exception("unexpected error in %s", step.__name__)
        sys.exit(1)


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
    traceback and raised as a ``WorkflowError`` naming its type, its message and the log. Both
    messages are redacted and cut like the log. Snakemake then removes the step's outputs.
    """
    from snakemake.exceptions import WorkflowError

    step = entry_function(rule)
    handler = logging.FileHandler(log_path, mode="w", encoding="utf-8")
    handler.setFormatter(SafeFormatter(LOG_FORMAT))
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
        raise WorkflowError(safe_message(str(error))) from None
    except Exception as error:
        package_logger.exception("unexpected error in step %s: %s", rule, error)
        raise WorkflowError(
            safe_message(
                f"unexpected error in step {rule} ({type(error).__name__}: {error}); the "
                f"traceback is in {log_path}"
            )
        ) from None
    finally:
        package_logger.removeHandler(handler)
        handler.close()
