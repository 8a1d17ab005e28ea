"""Data-quality rules: which responses go to quarantine, and why.

Each rule is configured per wave under ``quality`` and can be switched off with
``enabled: false``. Nothing is deleted: a response that breaks any rule is quarantined with every
rule it breaks and a sentence per rule. The rules (ids as in ``quarantine.csv``), in the order
they are applied and reported:

=================  ================================================================================
rule               a response is quarantined when
=================  ================================================================================
previews           the tool marks it as no real respondent's: Qualtrics ``Status`` Survey Preview,
                   Survey Test or Spam (as text or code)
empty              it answers no question of the codebook
exclusive          a multiple-choice answer combines an exclusive option ('never', 'none') with
                   others
duplicates         it repeats an earlier response's respondent id, or gives the same answers as an
                   earlier response of the same source within ``identical_within_minutes``
incomplete         it answers less than ``min_completion`` of the questions it was asked, or the
                   tool marks it unfinished (``finished_flag``: Qualtrics ``Finished``, LimeSurvey
                   ``submitdate``)
speeders           it took less than ``min_fraction_of_median`` of the wave's median duration
straightliners     it gives the same answer to every question of a configured grid (``min_items``
                   or more)
attention_checks   it does not give exactly the expected options to a configured check question
field_period       it was submitted before ``start`` or after ``end`` (dates, inclusive)
=================  ================================================================================

Each rule is a :class:`Rule` in the one registry :data:`RULES`: its name, the defaults of its
settings (the only place they are set: the configuration schema gives none), the check of its
settings against the codebook and its evaluation on one export. A rule that needs what an export
lacks (a duration, times) is reported as not applicable to it. Adding a rule is one
:class:`Rule` in :data:`RULES` (where in the order it applies), its settings in the ``quality``
section of ``plan/schemas/config.schema.yaml`` (without defaults), its row in the README's "Data
quality" table, and its tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from smmjourney.clean.layouts import META
from smmjourney.errors import SurveyInputError
from smmjourney.personal_data import quoted
from smmjourney.plan.codebook import Codebook
from smmjourney.text import normalize_text

_MIX = np.uint64(0x9E3779B97F4A7C15)

Flag = Callable[[str, np.ndarray, Any], None]
"""``flag(rule, mask, detail)``: quarantine the rows of ``mask`` by ``rule``, each with the reason
``detail`` (a sentence, or a function of the 0-based row giving one)."""


@dataclass(frozen=True)
class Export:
    """What the rules read of one export: the coded responses and what every rule shares.

    ``item`` is the export's :class:`~smmjourney.clean.coding.Responses`; ``answered`` per row
    whether it answers any question of the codebook; ``times`` per row its end time, else its
    start time; ``median`` the wave's median duration in seconds (NaN without durations).
    """

    item: Any
    codebook: Codebook
    median: float
    answered: np.ndarray
    times: pd.Series

    @property
    def n(self) -> int:
        return self.item.n

    @property
    def language(self) -> str:
        return self.item.source["language"]


def _no_problems(config: Mapping, codebook: Codebook, where: str) -> list[str]:
    return []


@dataclass(frozen=True, eq=False)
class Rule:
    """One data-quality rule.

    ``defaults`` are its settings when the configuration gives none (``enabled`` among them);
    ``validate(settings, codebook, where)`` lists the problems of its settings (questions and
    options the codebook lacks, dates that are none); ``evaluate(export, settings, flag)`` flags
    the rows of an :class:`Export` that break it and returns its status for the cleaning report
    (``on: ...`` or ``not applicable (...)``). It is only evaluated when enabled.
    """

    name: str
    defaults: Mapping[str, Any]
    evaluate: Callable[[Export, Mapping, Flag], str]
    validate: Callable[[Mapping, Codebook, str], list[str]] = _no_problems


@dataclass
class Verdict:
    """The rules' verdict on one source: per row whether it is quarantined, the rule ids and
    reasons."""

    excluded: np.ndarray
    rules: np.ndarray
    reasons: np.ndarray
    counts: dict[str, int] = field(default_factory=dict)
    report: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# The rules, each its evaluation and (where it has settings to check) its validation
# --------------------------------------------------------------------------------------------


QUALTRICS_STATUS: Mapping[str, tuple[str, bool]] = MappingProxyType(
    {
        "0": ("IP Address", False),
        "1": ("Survey Preview", True),
        "2": ("Survey Test", True),
        "4": ("Imported", False),
        "8": ("Spam", True),
        "9": ("Survey Preview Spam", True),
        "12": ("Imported Spam", True),
        "16": ("Offline", False),
        "17": ("Offline Survey Preview", True),
        "32": ("EX", False),
        "40": ("EX Spam", True),
        "48": ("EX Offline", False),
    }
)
"""Qualtrics's response types (``Status``) by numeric value: (label, whether it is no real
respondent's: a preview, a generated test response or spam), as the tool's SPSS export labels
them."""
_STATUS_BY_TEXT = MappingProxyType(
    {
        **{code: code for code in QUALTRICS_STATUS},
        **{normalize_text(label): code for code, (label, _) in QUALTRICS_STATUS.items()},
    }
)


def _previews(export: Export, rule: Mapping, flag: Flag) -> str:
    item = export.item
    status = [c for c in item.layout.of_role(META) if c.field == "status"]
    if not status:
        return "not applicable (no response status in this export)"
    column = status[0]
    values = item.grid.strings(column.position)
    codes = values.map(lambda v: _STATUS_BY_TEXT.get(normalize_text(v).removesuffix(".0"), ""))
    unknown = ((codes == "") & (values.str.strip() != "")).to_numpy()
    if unknown.any():
        row = int(np.argmax(unknown)) + 1
        known = "; ".join(f"{code} {label}" for code, (label, _) in QUALTRICS_STATUS.items())
        raise SurveyInputError(
            f"{item.grid.where(row)}, column {quoted(column.name)}: found the response status "
            f"{quoted(values.iloc[row - 1])}, which is no Qualtrics response type; expected one "
            f"of {known} (as the code or the English label). Export the data again with numeric "
            "values, or switch the rule off (quality: previews: {enabled: false}) if every "
            "response of this export is a real respondent's."
        )
    mask = codes.map(lambda c: c in QUALTRICS_STATUS and QUALTRICS_STATUS[c][1]).to_numpy(bool)
    row_codes = codes.to_numpy(dtype=object)
    flag(
        "previews",
        mask,
        lambda r: (
            f"the survey tool marks the response as {QUALTRICS_STATUS[row_codes[r]][0]} "
            f"(Status {row_codes[r]}), not a respondent's"
        ),
    )
    return f"on: column {column.name}"


def _empty(export: Export, rule: Mapping, flag: Flag) -> str:
    flag("empty", ~export.answered, "no answer to any question of the codebook")
    return "on"


def _exclusive(export: Export, rule: Mapping, flag: Flag) -> str:
    item = export.item
    for question_id in item.multi:
        question = export.codebook.questions[question_id]
        exclusive = np.uint64(sum(1 << i for i, o in enumerate(question.options) if o.exclusive))
        if exclusive:
            mask = item.multi[question_id]
            flag(
                "exclusive",
                ((mask & exclusive) != 0) & ((mask & (mask - np.uint64(1))) != 0),
                f"{question_id}: an exclusive answer is combined with others",
            )
    return "on"


def _signature(item) -> np.ndarray:
    """A 64-bit hash per row of its closed answers (0 for a row that answered nothing)."""
    signature = np.zeros(item.n, dtype=np.uint64)
    for number, question_id in enumerate(item.questions, start=1):
        values = (
            (item.single[question_id].astype(np.int64) + 1).astype(np.uint64)
            if question_id in item.single
            else item.multi[question_id]
        )
        mixed = (values ^ np.uint64(number * 0x9E3779B97F4A7C15 % 2**64)) * _MIX
        mixed ^= mixed >> np.uint64(29)
        signature ^= np.where(values != 0, mixed, np.uint64(0))
    return signature


def _duplicates(export: Export, rule: Mapping, flag: Flag) -> str:
    item, n, times = export.item, export.n, export.times
    parts = []
    keys = item.meta["respondent_key"]
    if rule["same_id"] and keys.notna().any():
        unique = keys.dropna().drop_duplicates()
        first = (
            keys.map(pd.Series(unique.index, index=unique.to_numpy()))
            .fillna(-1)
            .to_numpy(dtype=np.int64)
        )
        repeated = keys.notna().to_numpy() & (first != np.arange(n))
        flag(
            "duplicates",
            repeated,
            lambda r: f"duplicate respondent id (same as row {first[r] + 1})",
        )
        parts.append("same respondent id")
    window = rule.get("identical_within_minutes")
    if window and times.notna().any():
        signature = _signature(item)
        frame = pd.DataFrame({"sig": signature, "time": times.to_numpy(), "row": np.arange(n)})
        frame = frame[(frame["sig"] != 0) & frame["time"].notna()].sort_values(
            ["sig", "time", "row"], kind="stable"
        )
        same = frame["sig"].to_numpy()[1:] == frame["sig"].to_numpy()[:-1]
        gap = (frame["time"].to_numpy()[1:] - frame["time"].to_numpy()[:-1]) / np.timedelta64(
            1, "s"
        )
        hit = same & (gap <= 60 * float(window))
        later = frame["row"].to_numpy()[1:][hit]
        earlier = frame["row"].to_numpy()[:-1][hit]
        mask = np.zeros(n, dtype=bool)
        mask[later] = True
        partner = dict(zip(later, earlier, strict=True))
        flag(
            "duplicates",
            mask,
            lambda r: f"the same answers as row {partner[r] + 1} within {window:g} minutes",
        )
        parts.append(f"identical answers within {window:g} minutes")
    elif window:
        parts.append("identical answers: not applicable (no times in this export)")
    return (
        "on: " + "; ".join(parts)
        if parts
        else "not applicable (no respondent ids or times in this export)"
    )


def _asked(item, question_id: str) -> np.ndarray:
    question = item.codebook.questions[question_id]
    if not question.asked_if or question.asked_if["question"] not in item.questions:
        return np.ones(item.n, dtype=bool)
    routing = question.asked_if["question"]
    options = set(question.asked_if["options"])
    codes = item.codes(routing)
    positions = np.array([i for i, c in enumerate(codes) if c in options], dtype=np.int64)
    if routing in item.single:
        return np.isin(item.single[routing], positions)
    bits = np.uint64(sum(1 << int(p) for p in positions))
    return (item.multi[routing] & bits) != 0


def _incomplete(export: Export, rule: Mapping, flag: Flag) -> str:
    item, n = export.item, export.n
    asked = np.zeros(n, dtype=np.int64)
    done = np.zeros(n, dtype=np.int64)
    for question_id in item.questions:
        was_asked = _asked(item, question_id)
        asked += was_asked
        done += was_asked & item.answered(question_id)
    share = np.divide(done, asked, out=np.zeros(n), where=asked > 0)
    threshold = float(rule["min_completion"])
    flag(
        "incomplete",
        export.answered & (share < threshold),
        lambda r: (
            f"answered {done[r]} of the {asked[r]} questions asked ({100 * share[r]:.0f}%, under "
            f"{100 * threshold:.0f}%)"
        ),
    )
    parts = [f"completion under {100 * threshold:.0f}%"]
    finished = item.meta["finished"]
    if rule["finished_flag"] and finished.notna().any():
        flag(
            "incomplete",
            (finished == False).fillna(False).to_numpy(dtype=bool),  # noqa: E712
            "the survey tool marks the response as not finished",
        )
        parts.append("the tool's finished flag")
    return "on: " + "; ".join(parts)


def _speeders(export: Export, rule: Mapping, flag: Flag) -> str:
    duration = export.item.meta["duration"].to_numpy(dtype=float)
    median = export.median
    if not (np.isfinite(duration).any() and np.isfinite(median)):
        return "not applicable (no duration in this export)"
    fraction = float(rule["min_fraction_of_median"])
    limit = fraction * median
    flag(
        "speeders",
        np.isfinite(duration) & (duration < limit),
        lambda r: (
            f"took {duration[r]:.0f} s, under {100 * fraction:.0f}% of the wave's median "
            f"{median:.0f} s"
        ),
    )
    return f"on: under {100 * fraction:.0f}% of the median duration {median:.0f} s"


def _straightliners(export: Export, rule: Mapping, flag: Flag) -> str:
    if not rule["grids"]:
        return "not applicable (no grids configured)"
    item = export.item
    for grid in rule["grids"]:
        present = [q for q in grid["questions"] if q in item.single]
        if len(present) < int(rule["min_items"]):
            continue
        matrix = np.stack(
            [
                np.where(item.single[q] >= 0, item.codes(q)[np.maximum(item.single[q], 0)], -1)
                for q in present
            ],
            axis=1,
        )
        count = (matrix >= 0).sum(axis=1)
        top = matrix.max(axis=1)
        low = np.where(matrix >= 0, matrix, np.iinfo(np.int32).max).min(axis=1)
        same = (count >= int(rule["min_items"])) & (top == low)
        first_question = export.codebook.questions[present[0]]

        def detail(r: int, first_question=first_question, top=top, count=count, grid=grid) -> str:
            label = first_question.label(int(top[r]), export.language)
            return f"the same answer ({label!r}) to all {count[r]} questions of grid {grid['id']}"

        flag("straightliners", same, detail)
    return f"on: grids {', '.join(g['id'] for g in rule['grids'])}"


def _straightliner_problems(rule: Mapping, codebook: Codebook, where: str) -> list[str]:
    problems = []
    for grid in rule["grids"]:
        for question_id in grid["questions"]:
            question = codebook.questions.get(question_id)
            if question is None:
                problems.append(
                    f"{where}.straightliners grid {grid['id']!r} names unknown question "
                    f"{question_id!r}"
                )
            elif question.is_multiple:
                problems.append(
                    f"{where}.straightliners grid {grid['id']!r}: question {question_id!r} is "
                    "multiple-choice; "
                    f"expected single-answer (likert) questions"
                )
    return problems


def _chosen_codes(item, question_id: str, row: int) -> list[int]:
    codes = item.codes(question_id)
    if question_id in item.single:
        position = item.single[question_id][row]
        return [] if position < 0 else [int(codes[position])]
    mask = int(item.multi[question_id][row])
    return [int(codes[b]) for b in range(len(codes)) if mask >> b & 1]


def _attention_checks(export: Export, rule: Mapping, flag: Flag) -> str:
    if not rule["checks"]:
        return "not applicable (no checks configured)"
    item, language = export.item, export.language
    for check in rule["checks"]:
        question_id = check["question"]
        if question_id not in item.questions:
            continue
        question = export.codebook.questions[question_id]
        positions = [question.codes.index(c) for c in check["expected"]]
        if question_id in item.single:
            failed = ~np.isin(item.single[question_id], positions) | (len(positions) != 1)
        else:
            expected = np.uint64(sum(1 << p for p in positions))
            failed = item.multi[question_id] != expected
        expected_labels = " + ".join(repr(question.label(c, language)) for c in check["expected"])

        def detail(
            r: int, question_id=question_id, question=question, expected_labels=expected_labels
        ) -> str:
            chosen = (
                " + ".join(
                    repr(question.label(c, language)) for c in _chosen_codes(item, question_id, r)
                )
                or "nothing"
            )
            return f"attention check {question_id}: answered {chosen}, expected {expected_labels}"

        flag("attention_checks", failed & export.answered, detail)
    return f"on: {', '.join(c['question'] for c in rule['checks'])}"


def _attention_check_problems(rule: Mapping, codebook: Codebook, where: str) -> list[str]:
    problems = []
    for check in rule["checks"]:
        question = codebook.questions.get(check["question"])
        if question is None:
            problems.append(
                f"{where}.attention_checks names unknown question {check['question']!r}"
            )
            continue
        unknown = [c for c in check["expected"] if c not in question.codes]
        if unknown:
            problems.append(
                f"{where}.attention_checks: question {check['question']!r} has no option {unknown} "
                f"(options: {question.codes})"
            )
    return problems


def _field_period(export: Export, rule: Mapping, flag: Flag) -> str:
    if rule.get("start") is None and rule.get("end") is None:
        return "not applicable (no start or end configured)"
    times = export.times
    if not times.notna().any():
        return "not applicable (no times in this export)"
    start = pd.Timestamp(str(rule["start"])) if rule.get("start") is not None else pd.Timestamp.min
    end = (
        pd.Timestamp(str(rule["end"])) + pd.Timedelta(days=1)
        if rule.get("end") is not None
        else pd.Timestamp.max
    )
    outside = (times.notna() & ((times < start) | (times >= end))).to_numpy()
    period = f"{rule.get('start', '…')} to {rule.get('end', '…')}"
    values = times.to_numpy()
    flag(
        "field_period",
        outside,
        lambda r: f"submitted {pd.Timestamp(values[r])} outside the field period {period}",
    )
    missing = int(times.isna().sum())
    return f"on: {period}" + (
        f"; {missing} response(s) without a time not checked" if missing else ""
    )


def _field_period_problems(rule: Mapping, codebook: Codebook, where: str) -> list[str]:
    problems = []
    for key in ("start", "end"):
        if rule.get(key) is not None:
            try:
                pd.Timestamp(str(rule[key]))
            except ValueError:
                problems.append(
                    f"{where}.field_period.{key} is {rule[key]!r}; expected a date such as "
                    "2017-03-01"
                )
    return problems


RULES: Mapping[str, Rule] = MappingProxyType(
    {
        rule.name: rule
        for rule in (
            Rule("previews", MappingProxyType({"enabled": True}), _previews),
            Rule("empty", MappingProxyType({"enabled": True}), _empty),
            Rule("exclusive", MappingProxyType({"enabled": True}), _exclusive),
            Rule(
                "duplicates",
                MappingProxyType(
                    {"enabled": True, "same_id": True, "identical_within_minutes": 10}
                ),
                _duplicates,
            ),
            Rule(
                "incomplete",
                MappingProxyType({"enabled": True, "min_completion": 0.5, "finished_flag": True}),
                _incomplete,
            ),
            Rule(
                "speeders",
                MappingProxyType({"enabled": True, "min_fraction_of_median": 0.3}),
                _speeders,
            ),
            Rule(
                "straightliners",
                MappingProxyType({"enabled": True, "min_items": 3, "grids": ()}),
                _straightliners,
                _straightliner_problems,
            ),
            Rule(
                "attention_checks",
                MappingProxyType({"enabled": True, "checks": ()}),
                _attention_checks,
                _attention_check_problems,
            ),
            Rule(
                "field_period",
                MappingProxyType({"enabled": True}),
                _field_period,
                _field_period_problems,
            ),
        )
    }
)
"""Every data-quality rule by name, in the order they are applied and reported."""


# --------------------------------------------------------------------------------------------
# Applying the registry
# --------------------------------------------------------------------------------------------


def settings(quality: Mapping | None) -> dict:
    """The quality configuration with every rule's defaults filled in."""
    quality = quality or {}
    return {name: {**rule.defaults, **(quality.get(name) or {})} for name, rule in RULES.items()}


def validate_quality(quality: Mapping | None, codebook: Codebook, where: str = "quality") -> None:
    """Check that the questions, options and dates the rules name exist; raise listing every
    problem."""
    config = settings(quality)
    problems = [
        problem
        for name, rule in RULES.items()
        for problem in rule.validate(config[name], codebook, where)
    ]
    for question_id in (quality or {}).get("other_text_allowed", []):
        if question_id not in codebook.questions:
            problems.append(f"{where}.other_text_allowed names unknown question {question_id!r}")
    if problems:
        raise SurveyInputError("The quality rules are not valid:\n  " + "\n  ".join(problems))


def evaluate(responses: Sequence, codebook: Codebook, quality: Mapping | None) -> list[Verdict]:
    """Apply every enabled rule to every source of a wave (the speeders' median is the wave's)."""
    validate_quality(quality, codebook)
    config = settings(quality)
    durations = (
        np.concatenate([item.meta["duration"].to_numpy(dtype=float) for item in responses])
        if responses
        else np.zeros(0)
    )
    durations = durations[np.isfinite(durations) & (durations > 0)]
    median = float(np.median(durations)) if len(durations) else np.nan
    return [_evaluate_source(item, codebook, config, median) for item in responses]


def _evaluate_source(item, codebook: Codebook, config: dict, median: float) -> Verdict:
    n = item.n
    flags: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def flag(rule: str, mask: np.ndarray, detail) -> None:
        rows = np.nonzero(mask)[0]
        if not len(rows):
            return
        texts = (
            np.array([detail(r) for r in rows], dtype=object)
            if callable(detail)
            else np.full(len(rows), detail, dtype=object)
        )
        if rule in flags:
            old_rows, old_texts = flags[rule]
            merged = pd.DataFrame(
                {
                    "row": np.concatenate([old_rows, rows]),
                    "text": np.concatenate([old_texts, texts]),
                }
            )
            merged = merged.groupby("row", sort=True)["text"].agg("; ".join)
            flags[rule] = (merged.index.to_numpy(), merged.to_numpy(dtype=object))
        else:
            flags[rule] = (rows, texts)

    answered = np.zeros(n, dtype=bool)
    for question_id in item.questions:
        answered |= item.answered(question_id)
    times = item.meta["end"].where(item.meta["end"].notna(), item.meta["start"])
    export = Export(item, codebook, median, answered, times)
    status = {
        name: rule.evaluate(export, config[name], flag) if config[name]["enabled"] else "off"
        for name, rule in RULES.items()
    }

    excluded = np.zeros(n, dtype=bool)
    rules = np.full(n, "", dtype=object)
    reasons = np.full(n, "", dtype=object)
    counts = {}
    for name in RULES:
        if name not in flags:
            continue
        rows, texts = flags[name]
        excluded[rows] = True
        counts[name] = len(rows)
        rules[rows] = [f"{old};{name}" if old else name for old in rules[rows]]
        reasons[rows] = [
            f"{old}; {text}" if old else text
            for old, text in zip(reasons[rows], texts, strict=True)
        ]
    report = [{"measure": "rule", "value": name, "detail": status[name]} for name in RULES]
    report += [
        {"measure": "quarantined_by", "value": counts[name], "detail": name}
        for name in RULES
        if counts.get(name)
    ]
    return Verdict(excluded, rules, reasons, counts, report)


def totals(verdicts: Sequence[Verdict]) -> list[dict]:
    """Report lines (source ``all``) with the number of responses each rule quarantined in the
    wave."""
    lines = []
    for name in RULES:
        total = sum(v.counts.get(name, 0) for v in verdicts)
        if total:
            lines.append(
                {
                    "source": "all",
                    "file": "",
                    "measure": "quarantined_by",
                    "value": total,
                    "detail": name,
                }
            )
    return lines
