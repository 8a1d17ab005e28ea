"""Rebuild respondent-level exports from published percentages and stated assumptions.

A publication prints shares, not raw data. :func:`target_counts` turns the published figures into
integer counts per cohort, question and option (meeting every figure an integer count can meet)
and fills what is not published from assumed priors; :func:`assign_answers` deals those counts
out to respondents with a seeded generator; :func:`figure_fit` reports, figure by figure, what
the rebuilt data gives.
"""

from collections.abc import Mapping, Sequence

import numpy as np

from published import PublishedFigure, count_for_figure, matches_printed
from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import Codebook, Question

Answer = int | frozenset | None


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (Hamilton's method).

    >>> largest_remainder(10, [1, 1, 1])
    [4, 3, 3]
    """
    weights = np.asarray(weights, dtype=float)
    if total < 0:
        raise ValueError(f"cannot split a negative total {total}")
    if weights.sum() <= 0:
        weights = np.ones_like(weights)
    quotas = total * weights / weights.sum()
    counts = np.floor(quotas).astype(int)
    order = np.argsort(-(quotas - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts.tolist()


def _split_across_cohorts(
    total: int, expected: dict[str, float], capacity: dict[str, int]
) -> dict[str, int]:
    cohorts = list(expected)
    shares = dict(
        zip(cohorts, largest_remainder(total, [expected[c] for c in cohorts]), strict=False)
    )
    excess = sum(max(0, shares[c] - capacity[c]) for c in cohorts)
    for c in cohorts:
        shares[c] = min(shares[c], capacity[c])
    for c in cohorts:
        room = capacity[c] - shares[c]
        moved = min(room, excess)
        shares[c] += moved
        excess -= moved
    if excess:
        raise SurveyInputError(
            f"cannot place a published count of {total}: the cohorts hold only "
            f"{sum(capacity.values())}"
        )
    return shares


def _allocate_single(
    question: Question,
    base: int,
    constraints: list[tuple[frozenset, int]],
    prior: Mapping[int, float],
) -> dict[int, int]:
    sets = constraints + [(frozenset(question.codes), base)]
    for (a, _), (b, _) in ((x, y) for i, x in enumerate(sets) for y in sets[i + 1 :]):
        if a & b and not (a <= b or b <= a):
            raise SurveyInputError(
                f"question {question.id}: published figures on overlapping option sets {sorted(a)} "
                f"and {sorted(b)} cannot be combined"
            )
    counts: dict[int, int] = {}
    for options, total in sorted(sets, key=lambda item: len(item[0])):
        fixed = sum(counts[o] for o in options if o in counts)
        free = [o for o in question.codes if o in options and o not in counts]
        remaining = total - fixed
        if not free:
            if remaining:
                raise SurveyInputError(
                    f"question {question.id}: published figures for options {sorted(options)} "
                    f"contradict each other ({fixed} vs {total})"
                )
            continue
        if remaining < 0:
            raise SurveyInputError(
                f"question {question.id}: published figures for options {sorted(options)} exceed "
                f"their total {total}"
            )
        counts.update(
            zip(free, largest_remainder(remaining, [prior.get(o, 0) for o in free]), strict=False)
        )
    return counts


def target_counts(
    codebook: Codebook,
    figures: Sequence[PublishedFigure],
    assumptions: Mapping,
    bases: Mapping[str, Mapping[str, int]],
    question_id: str,
) -> dict[str, dict[int, int]]:
    """Counts per cohort and option for one question.

    ``bases[cohort][question_id]`` is how many respondents of the cohort answer the question.
    Exact figures of the question are met (the nearest count where none meets a printed
    percentage); cohort ``all`` figures are split across cohorts in proportion to the priors. In
    a multiple-choice question, option counts are independent and only single-option figures fix
    them; figures about several options of such a question are checked afterwards, not imposed.
    """
    question = codebook.questions[question_id]
    spec = assumptions["questions"].get(question_id, {})
    cohorts = list(bases)
    priors = {c: {int(k): float(v) for k, v in spec.get(c, {}).items()} for c in cohorts}
    base = {c: bases[c][question_id] for c in cohorts}
    constraints: dict[str, dict[frozenset, int]] = {c: {} for c in cohorts}
    exact = [f for f in figures if f.question == question_id and f.kind == "exact"]
    if question.is_multiple:
        exact = [f for f in exact if len(f.options) == 1]
    for figure in sorted(exact, key=lambda f: f.cohort == "all"):
        options = frozenset(figure.options)
        if figure.cohort != "all":
            constraints[figure.cohort][options] = count_for_figure(figure, base[figure.cohort])[0]
            continue
        total = count_for_figure(figure, sum(base.values()))[0]
        open_cohorts = [c for c in cohorts if options not in constraints[c]]
        total -= sum(constraints[c][options] for c in cohorts if c not in open_cohorts)
        if not open_cohorts:
            continue
        capacity = {}
        for c in open_cohorts:
            if question.is_multiple:
                capacity[c] = base[c]
            else:
                disjoint = sum(k for s, k in constraints[c].items() if not s & options)
                capacity[c] = base[c] - disjoint
        expected = {c: base[c] * sum(priors[c].get(o, 0) for o in options) for c in open_cohorts}
        for c, k in _split_across_cohorts(total, expected, capacity).items():
            constraints[c][options] = k
    result = {}
    for c in cohorts:
        if question.is_multiple:
            counts = {o: int(round(base[c] * priors[c].get(o, 0) / 100)) for o in question.codes}
            counts.update({next(iter(s)): k for s, k in constraints[c].items()})
        else:
            counts = _allocate_single(question, base[c], list(constraints[c].items()), priors[c])
        result[c] = counts
    return result


def assign_answers(
    question: Question, counts: Mapping[int, int], eligible: np.ndarray, rng: np.random.Generator
) -> list[Answer]:
    """Deal ``counts`` out to the respondents flagged in ``eligible`` (others get ``None``).

    Single-choice answers are shuffled. In a multiple-choice question the respondents of an
    exclusive option get it alone, every other respondent gets at least one option, and each
    option is chosen by exactly its count.
    """
    index = np.flatnonzero(eligible)
    answers: list[Answer] = [None] * len(eligible)
    if not question.is_multiple:
        codes = [code for code in question.codes for _ in range(counts.get(code, 0))]
        codes += [None] * (len(index) - len(codes))
        if len(codes) != len(index):
            raise SurveyInputError(
                f"question {question.id}: {sum(counts.values())} answers for {len(index)} "
                f"respondents"
            )
        for position, code in zip(
            index, rng.permutation(np.array(codes, dtype=object)), strict=False
        ):
            answers[position] = code
        return answers
    order = rng.permutation(index)
    exclusive = [o.code for o in question.options if o.exclusive]
    taken = 0
    chosen: dict[int, set] = {int(r): set() for r in order}
    for code in exclusive:
        for r in order[taken : taken + counts.get(code, 0)]:
            chosen[int(r)].add(code)
        taken += counts.get(code, 0)
    rest = [int(r) for r in order[taken:]]
    pool = [
        o.code for o in question.options if not o.exclusive for _ in range(counts.get(o.code, 0))
    ]
    if len(pool) < len(rest) or any(
        counts.get(o.code, 0) > len(rest) for o in question.options if not o.exclusive
    ):
        raise SurveyInputError(
            f"question {question.id}: option counts {dict(counts)} cannot give every one of "
            f"{len(rest)} respondents an answer"
        )
    pool = list(rng.permutation(pool))
    firsts = pool[: len(rest)]
    for r, code in zip(rest, firsts, strict=False):
        chosen[r].add(int(code))
    for o in question.options:
        if o.exclusive:
            continue
        left = counts.get(o.code, 0) - firsts.count(o.code)
        without = [r for r in rest if o.code not in chosen[r]]
        for r in rng.choice(without, size=left, replace=False) if left else []:
            chosen[int(r)].add(o.code)
    for r, codes in chosen.items():
        answers[r] = frozenset(codes)
    return answers


def share(answers: Sequence[Answer], options: Sequence[int]) -> tuple[int, int]:
    """(count choosing any of ``options``, base of those who answered)."""
    given = [a for a in answers if a is not None]
    wanted = set(options)
    hits = sum(bool(a & wanted) if isinstance(a, frozenset) else a in wanted for a in given)
    return hits, len(given)


def figure_fit(
    figures: Sequence[PublishedFigure],
    data: Mapping[str, Mapping[str, list[Answer]]],
    cohort_sizes: Mapping[str, int],
) -> list[dict]:
    """For each figure, what the rebuilt data gives and whether it meets the figure.

    ``data[cohort][question]`` lists the answers of the cohort's respondents. Status is ``met``,
    ``met (range)``, ``nearest count`` (no integer count of the base prints the figure) or
    ``NOT MET``.
    """
    rows = []
    for figure in figures:
        cohorts = list(cohort_sizes) if figure.cohort == "all" else [figure.cohort]
        if not figure.question:
            count = base = sum(cohort_sizes[c] for c in cohorts)
        else:
            pairs = [share(data[c][figure.question], figure.options) for c in cohorts]
            count, base = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
        pct = 100 * count / base if base else float("nan")
        if figure.kind == "range":
            status = "met (range)" if figure.low <= pct <= figure.high else "NOT MET"
        elif figure.unit == "count":
            status = "met" if count == int(figure.value) else "NOT MET"
        else:
            wanted, exists = count_for_figure(figure, base)
            if matches_printed(pct, figure.value, figure.decimals):
                status = "met"
            elif not exists and count == wanted:
                status = "nearest count"
            else:
                status = "NOT MET"
        rows.append(
            {
                "figure_id": figure.figure_id,
                "question": figure.question,
                "options": "+".join(map(str, figure.options)),
                "cohort": figure.cohort,
                "published": figure.value + ("%" if figure.unit == "percent" else ""),
                "base": base,
                "count": count,
                "pct": round(pct, 4),
                "status": status,
            }
        )
    return rows
