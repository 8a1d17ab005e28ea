"""The fuzzer's cases: which export is mutated how, how it is cleaned, and what the outcome is.

A :class:`Case` names a layout :data:`VARIANTS` writes (every reader's layout, the text layouts
also as ``.xlsx`` where the tool exports one), a language, an operator of
:data:`fuzz.mutations.OPERATORS` and a seed. :func:`run_case` writes the sample wave in that
layout, mutates it, cleans it through :func:`smmjourney.clean.coding.clean_sources` in a forked
child process killed after :data:`TIME_LIMIT` seconds (so a hang in C code is bounded too), every
question required, and classifies the outcome:

- ``reconciled``: rows read = kept + quarantined, in the cleaning report and in the frames; where
  the mutation knows its rows, as many rows read as the file has records, and every row it did
  not touch coded exactly as the baseline row it came from (matched by source row number);
- ``stopped``: a :class:`~smmjourney.errors.SurveyInputError` whose message is one paragraph,
  names the file, has no traceback, is at most :data:`MESSAGE_LIMIT` characters and quotes no
  personal data;
- ``failure``: anything else (another exception, a timeout, a lost or changed row, a count that
  does not add up, a message that breaks the rules above).
"""

from __future__ import annotations

import functools
import os
import pickle
import random
import re
import select
import signal
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType

from fuzz.mutations import (
    OPERATORS,
    PERSONAL,
    Cells,
    Mutant,
    SavFile,
    Text,
    labels_of,
    write_text,
)
from smmjourney.clean.coding import CleanedWave, clean_sources
from smmjourney.clean.quality import RULES
from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import Codebook, codebook_from_dict
from survey_exports import (
    SAMPLE_QUALITY,
    TEST_CODEBOOK,
    generic_rows,
    google_forms_rows,
    limesurvey_rows,
    qualtrics_rows,
    sample_wave,
    source_for,
    surveymonkey_rows,
    write_spss,
    write_xlsx,
)

TIME_LIMIT = 20
"""Seconds one case may take to clean (a hang is a failure)."""
MESSAGE_LIMIT = 2_000
"""Characters a message may have."""
SALT = b"fuzz salt"
LANGUAGES = ("en", "ru")
RULES_OFF = MappingProxyType({name: {"enabled": False} for name in RULES})
"""No quality rule: every row is kept, so every row's coded answers can be compared."""
OTHER_TEXT_ALLOWED = tuple(SAMPLE_QUALITY["other_text_allowed"])
PERSONAL_PIECES = tuple(PERSONAL.split(" ", 1))
"""The e-mail address and the phone number of :data:`fuzz.mutations.PERSONAL`."""


@dataclass(frozen=True)
class Variant:
    """A layout as a tool writes it: its ``format``, container (``text``, ``workbook``,
    ``spss``), header rows and the writer of its rows of cells (text and workbook)."""

    fmt: str
    container: str
    header_rows: int
    rows: Callable | None = None
    delimiter: str = ","
    quote_all: bool = False
    sheet: str = "Sheet"
    joined: bool = False
    columns_move: bool = True


VARIANTS: Mapping[str, Variant] = MappingProxyType(
    {
        "google_forms": Variant("google_forms", "text", 1, google_forms_rows, joined=True),
        "google_forms_xlsx": Variant(
            "google_forms", "workbook", 1, google_forms_rows, sheet="Form Responses 1", joined=True
        ),
        "surveymonkey": Variant("surveymonkey", "text", 2, surveymonkey_rows, columns_move=False),
        "surveymonkey_xlsx": Variant(
            "surveymonkey", "workbook", 2, surveymonkey_rows, columns_move=False
        ),
        "qualtrics": Variant("qualtrics", "text", 3, qualtrics_rows),
        "qualtrics_numeric": Variant("qualtrics", "text", 3, partial(qualtrics_rows, numeric=True)),
        "qualtrics_tags": Variant("qualtrics", "text", 3, partial(qualtrics_rows, tags="numbers")),
        "limesurvey": Variant("limesurvey", "text", 1, limesurvey_rows, ";", quote_all=True),
        "spss": Variant("spss", "spss", 2),
        "excel": Variant("excel", "workbook", 1, generic_rows, sheet="Responses", joined=True),
        "csv": Variant("csv", "text", 1, generic_rows, joined=True),
    }
)
"""Every layout the fuzzer mutates, by name."""

LEVELS = MappingProxyType(
    {"text": ("cells", "text"), "workbook": ("cells", "binary"), "spss": ("spss", "binary")}
)
"""The levels of :data:`fuzz.mutations.OPERATORS` that apply to each container."""


def operators_for(variant: str) -> list[str]:
    """The operators that apply to ``variant``, in registry order."""
    layout = VARIANTS[variant]
    names = [n for n, op in OPERATORS.items() if op.level in LEVELS[layout.container]]
    skip = {"semicolon_joiner"} if layout.fmt != "google_forms" else set()
    if not layout.columns_move:
        skip.add("column_permute")
    return [name for name in names if name not in skip]


@dataclass(frozen=True)
class Case:
    """One fuzz case: ``operator`` applied with ``seed`` to ``variant`` in ``language``; the
    quality rules on (``rules``) or all off."""

    variant: str
    language: str
    operator: str
    seed: int
    rules: bool = False

    def __str__(self) -> str:
        return f"{self.variant}-{self.language}-{self.operator}-{self.seed}{'-rules' * self.rules}"


def every_case() -> list[Case]:
    """Every operator on every layout it applies to, once (binary mutations three times)."""
    cases = []
    for number, variant in enumerate(VARIANTS):
        for index, operator in enumerate(operators_for(variant)):
            language = LANGUAGES[(number + index) % 2]
            for seed in range(3 if operator == "binary" else 1):
                cases.append(Case(variant, language, operator, seed, rules=index % 7 == 3))
    return cases


def fast_cases(layouts: int = 2) -> list[Case]:
    """Every operator on ``layouts`` of the layouts it applies to (taken in turn), for the
    default suite."""
    cases = []
    for index, operator in enumerate(OPERATORS):
        fitting = [v for v in VARIANTS if operator in operators_for(v)]
        for turn in range(min(layouts, len(fitting))):
            variant = fitting[(index + turn * 5) % len(fitting)]
            language = LANGUAGES[(index + turn) % 2]
            cases.append(Case(variant, language, operator, turn, rules=(index + turn) % 6 == 0))
    return cases


def random_case(seed: int) -> Case:
    """The case of ``seed`` in the large set: layout, language, operator and rules drawn by it."""
    rng = random.Random(f"case {seed}")
    variant = rng.choice(sorted(VARIANTS))
    return Case(
        variant,
        rng.choice(LANGUAGES),
        rng.choice(operators_for(variant)),
        seed,
        rules=rng.random() < 0.2,
    )


def large_cases(count: int = 1_200) -> list[Case]:
    """The large set (``-m fuzz``): :func:`every_case`, then ``count`` drawn cases."""
    return every_case() + [random_case(seed) for seed in range(count)]


@dataclass(frozen=True)
class Outcome:
    """How cleaning a case ended: ``kind`` is ``reconciled``, ``stopped`` or ``failure``."""

    case: Case
    kind: str
    mutation: str
    detail: str = ""
    seconds: float = 0.0

    def __str__(self) -> str:
        return f"{self.case}: {self.kind} ({self.mutation}) {self.detail}".rstrip()


OUTCOMES: list[Outcome] = []
"""Every outcome of this session, for the summary (``tests/fuzz/conftest.py``)."""


def summary(outcomes: list[Outcome]) -> str:
    """``N cases: R reconciled, S stopped, F failures``."""
    counts = Counter(outcome.kind for outcome in outcomes)
    return (
        f"{len(outcomes)} cases: {counts['reconciled']} reconciled, {counts['stopped']} stopped, "
        f"{counts['failure']} failures"
    )


# --------------------------------------------------------------------------------------------
# Writing and mutating an export
# --------------------------------------------------------------------------------------------


@functools.cache
def codebook() -> Codebook:
    """The test codebook (``TEST_CODEBOOK``), parsed once."""
    return codebook_from_dict(TEST_CODEBOOK, "fuzz-codebook")


def _sav_file(path: Path, language: str) -> SavFile:
    import pyreadstat

    frame, meta = pyreadstat.read_sav(str(path))
    book = codebook()
    translations = labels_of(book, language, ", ").labels
    return SavFile(
        tuple((name, tuple(frame[name])) for name in frame.columns),
        dict(meta.column_names_to_labels),
        {name: dict(labels) for name, labels in meta.variable_value_labels.items()},
        translations,
    )


SAV_STAMP = (92, b"20 Mar 1700:00:00")
"""Where an SPSS file's header holds its creation date and time, and the fixed ones written."""


def stable_sav(path: Path) -> None:
    """Overwrite the creation date and time of the SPSS file at ``path`` (fixed bytes)."""
    offset, stamp = SAV_STAMP
    data = bytearray(path.read_bytes())
    data[offset : offset + len(stamp)] = stamp
    path.write_bytes(bytes(data))


def _write_sav(path: Path, sav: SavFile) -> None:
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame({name: list(values) for name, values in sav.columns})
    for name, values in sav.columns:
        if values and isinstance(values[0], str):
            frame[name] = frame[name].astype(object)
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[sav.labels.get(name, name) for name in frame.columns],
        variable_value_labels={
            name: labels for name, labels in sav.value_labels.items() if name in frame.columns
        },
    )
    stable_sav(path)


STAMP = "2017-03-20T00:00:00Z"
_STAMPS = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")


def write_workbook(path: Path, rows, sheet: str) -> None:
    """``rows`` as an ``.xlsx`` workbook whose bytes depend on the rows only (fixed document
    dates and zip entry times), so that a byte position means the same byte in every run."""
    write_xlsx(path, [list(row) for row in rows], sheet)
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = _STAMPS.sub(STAMP.encode("ascii"), data)
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(2017, 3, 20, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )


def write_case(case: Case, directory: Path, mutate: bool = True) -> tuple[Path, Mutant]:
    """Write the sample wave in the case's layout, mutated by its operator unless ``mutate`` is
    false; return the file and the :class:`Mutant` (the identity for the baseline)."""
    variant = VARIANTS[case.variant]
    book = codebook()
    people = sample_wave(case.language)
    operator = OPERATORS[case.operator]
    rng = random.Random(f"{case.seed} {case.operator} {case.variant} {case.language}")
    suffix = {"text": ".csv", "workbook": ".xlsx", "spss": ".sav"}[variant.container]
    path = directory / f"{case.variant}_{case.language}{suffix}"
    if variant.container == "spss":
        write_spss(path, book, people, case.language)
        stable_sav(path)
        sav = _sav_file(path, case.language)
        mutant = Mutant(sav, "baseline", tuple(range(1, sav.n_rows + 1)))
        if mutate and operator.level == "spss":
            mutant = operator.apply(sav, rng)
            _write_sav(path, mutant.export)
    else:
        labels = labels_of(book, case.language, ", ")
        rows = tuple(map(tuple, variant.rows(book, people, case.language)))
        cells = Cells(rows, variant.header_rows, labels)
        mutant = Mutant(cells, "baseline", tuple(range(1, cells.n_rows + 1)))
        if mutate and operator.level == "cells":
            mutant = operator.apply(cells, rng)
        rows = mutant.export.rows
        if variant.container == "workbook":
            write_workbook(path, rows, variant.sheet)
        else:
            data = write_text(rows, variant.delimiter, variant.quote_all).encode("utf-8")
            if mutate and operator.level == "text":
                text = Text(data, variant.header_rows, variant.delimiter, variant.quote_all)
                mutant = operator.apply(text, rng)
                data = mutant.export.data
            path.write_bytes(data)
    if mutate and operator.level == "binary":
        mutant = operator.apply(path.read_bytes(), rng)
        path.write_bytes(mutant.export)
    return path, mutant


# --------------------------------------------------------------------------------------------
# Cleaning and classifying
# --------------------------------------------------------------------------------------------


class Timeout(BaseException):
    """Cleaning a case took longer than its time limit (a BaseException: no handler of the
    package can swallow it)."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise :class:`Timeout` in the block after ``seconds`` (SIGALRM; main thread only)."""

    def expire(signum, frame):
        raise Timeout(f"no result within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def clean(case: Case, path: Path) -> CleanedWave:
    """Clean the case's file as a source of its layout, every question required."""
    variant = VARIANTS[case.variant]
    source = source_for(variant.fmt, path, case.language)
    book = codebook()
    return clean_sources(
        [source],
        book,
        list(book.questions),
        dict(SAMPLE_QUALITY) if case.rules else dict(RULES_OFF),
        SALT,
        OTHER_TEXT_ALLOWED,
    )


Signature = tuple[tuple[tuple[str, int], ...], tuple[tuple[str, str], ...]]


def coded_rows(wave: CleanedWave) -> dict[int, Signature]:
    """Per source row number of every kept row: its (question, code) answers and 'Other' texts."""
    rows = wave.respondents["row"].to_numpy()
    ids = wave.respondents["respondent_id"].to_numpy()
    answers: dict[int, list[tuple[str, int]]] = {}
    for respondent, question, code in zip(
        wave.answers["respondent"].to_numpy(),
        wave.answers["question"].astype(str).to_numpy(),
        wave.answers["code"].to_numpy(),
        strict=True,
    ):
        answers.setdefault(int(rows[respondent]), []).append((question, int(code)))
    texts: dict[str, set[tuple[str, str]]] = {}
    for respondent_id, question, text in zip(
        wave.other_text["respondent_id"],
        wave.other_text["question"],
        wave.other_text["text"],
        strict=True,
    ):
        texts.setdefault(respondent_id, set()).add((str(question), str(text)))
    return {
        int(row): (tuple(sorted(answers.get(int(row), []))), tuple(sorted(texts.get(rid, set()))))
        for row, rid in zip(rows, ids, strict=True)
    }


@functools.cache
def baseline(variant: str, language: str, rules: bool) -> dict[int, Signature]:
    """The coded rows of the unmutated export (which must reconcile)."""
    case = Case(variant, language, next(iter(OPERATORS)), 0, rules)
    directory = Path(tempfile.mkdtemp(prefix="fuzz-baseline-"))
    path, mutant = write_case(case, directory, mutate=False)
    wave = clean(case, path)
    problems = wave_problems(wave, mutant.origin, None, rules)
    if problems:
        raise AssertionError(f"the baseline of {case} does not reconcile: {problems}")
    return coded_rows(wave)


def _report_value(wave: CleanedWave, measure: str) -> int:
    return int(
        next(r["value"] for r in wave.report if r["source"] == "all" and r["measure"] == measure)
    )


def wave_problems(
    wave: CleanedWave,
    origin: tuple[int, ...] | None,
    expected: dict[int, Signature] | None,
    rules: bool,
) -> str:
    """What is wrong with a cleaned wave, given the origin of its rows ('' when nothing)."""
    read, kept, quarantined = (
        _report_value(wave, m) for m in ("rows_read", "rows_kept", "rows_quarantined")
    )
    if read != kept + quarantined or (kept, quarantined) != (
        len(wave.respondents),
        len(wave.quarantine),
    ):
        return (
            f"rows do not reconcile: report {read} read, {kept} kept, {quarantined} quarantined; "
            f"frames {len(wave.respondents)} kept, {len(wave.quarantine)} quarantined"
        )
    for piece in PERSONAL_PIECES:
        if wave.other_text["text"].astype(str).str.contains(piece, regex=False).any():
            return f"personal data {piece!r} kept in the 'Other' text"
    if origin is None:
        return ""
    if read != len(origin):
        return f"{read} rows read, but the file has {len(origin)} records"
    if expected is None:
        return ""
    coded = coded_rows(wave)
    for row, source in enumerate(origin, start=1):
        if not source:
            continue
        if row not in coded:
            if not rules:
                return f"untouched row {row} (baseline row {source}) is not kept with no rules on"
            continue
        if source in expected and coded[row] != expected[source]:
            return (
                f"untouched row {row} (baseline row {source}) coded {coded[row]}, "
                f"expected {expected[source]}"
            )
    return ""


def message_problems(message: str, path: Path) -> str:
    """What is wrong with a stop message ('' when nothing)."""
    if "Traceback" in message:
        return "the message holds a traceback"
    if "\n\n" in message.strip():
        return "the message is more than one paragraph"
    if len(message) > MESSAGE_LIMIT:
        return f"the message has {len(message)} characters"
    if str(path) not in message:
        return "the message does not name the file"
    for piece in PERSONAL_PIECES:
        if piece in message:
            return f"the message quotes personal data {piece!r}"
    return ""


def classify(case: Case, directory: Path) -> tuple[str, str, str]:
    """Write, mutate, clean and classify one case in this process: (kind, mutation, detail)."""
    expected = baseline(case.variant, case.language, case.rules)
    path, mutant = write_case(case, directory)
    try:
        with time_limit(TIME_LIMIT):
            wave = clean(case, path)
    except SurveyInputError as error:
        message = str(error)
        problem = message_problems(message, path)
        if problem:
            return "failure", mutant.detail, f"{problem}: {message[:300]}"
        return "stopped", mutant.detail, message[:300]
    except Timeout as error:
        return "failure", mutant.detail, str(error)
    except Exception as error:
        frames = traceback.extract_tb(error.__traceback__)[-3:]
        where = "; ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames)
        return "failure", mutant.detail, f"{type(error).__name__}: {str(error)[:300]} [{where}]"
    problem = wave_problems(wave, mutant.origin, expected, case.rules)
    return ("failure", mutant.detail, problem) if problem else ("reconciled", mutant.detail, "")


def _in_child(case: Case, directory: Path) -> tuple[str, str, str]:
    """:func:`classify` in a forked process, killed after :data:`TIME_LIMIT` seconds and a
    grace second: code that never returns to the interpreter (a regular expression, a C loop)
    cannot stall the suite, and a crash of the interpreter is a failure too."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reader)
        try:
            result = classify(case, directory)
        except BaseException as error:
            result = ("failure", "", f"the fuzzer failed: {type(error).__name__}: {error}")
        with os.fdopen(writer, "wb") as handle:
            pickle.dump(result, handle)
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as handle:
        ready, _, _ = select.select([handle], [], [], TIME_LIMIT + 1)
        data = handle.read() if ready else b""
    if not ready:
        os.kill(child, signal.SIGKILL)
    _, status = os.waitpid(child, 0)
    if data:
        return pickle.loads(data)
    if not ready:
        return "failure", "", f"no result within {TIME_LIMIT} s (killed)"
    return "failure", "", f"the cleaning process died (wait status {status})"


def run_case(case: Case, directory: Path) -> Outcome:
    """Write, mutate, clean and classify one case (in a child process where there is fork)."""
    # Cleaned here once per layout, so that every forked child finds the baseline cached.
    baseline(case.variant, case.language, case.rules)
    start = time.perf_counter()
    run = _in_child if hasattr(os, "fork") else classify
    kind, mutation, detail = run(case, directory)
    outcome = Outcome(case, kind, mutation, detail, time.perf_counter() - start)
    OUTCOMES.append(outcome)
    return outcome
