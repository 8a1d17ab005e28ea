#!/usr/bin/env python3
"""Write the INVENTED example wave kz_beauty_2021 (Instagram cosmetics shoppers in Kazakhstan).

The two files are Google-Forms-style exports of the questionnaire in
config/examples/kz_beauty/codebook.yaml:

* data/raw/kz_beauty_2021/responses_ru.csv - 150 respondents, Russian questionnaire;
* data/raw/kz_beauty_2021/responses_en.csv - 60 respondents, English questionnaire.

Each file is plain UTF-8, comma-delimited: a timestamp column ("Отметка времени" / "Timestamp",
values like 2021/03/05 14:22:01), then one column per codebook question in codebook order, headed
by the question text in the file's language; cells hold option labels in that language and
multiple-choice answers are joined with ", " in codebook option order. Every respondent answers
every question and an exclusive option is never combined with another one.

The answers are drawn at random from distributions made up for the demonstration: they differ
mildly between Almaty and Nur-Sultan so that some cohort tests come out significant. Nothing here
is survey evidence. The generator is seeded and deterministic; run it without arguments:

    python3 tools/make_kz_example_wave.py
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "config" / "examples" / "kz_beauty" / "codebook.yaml"
OUT_DIR = ROOT / "data" / "raw" / "kz_beauty_2021"
SEED = 20210305

# (language, file name, number of respondents, share of respondents living in Almaty)
SOURCES = [
    ("ru", "responses_ru.csv", 150, 0.60),
    ("en", "responses_en.csv", 60, 0.65),
]
TIMESTAMP_HEADER = {"ru": "Отметка времени", "en": "Timestamp"}
FIELD_START = dt.datetime(2021, 3, 1, 8, 0, 0)
FIELD_DAYS = 31
MULTI_SEPARATOR = ", "

ALMATY, NUR_SULTAN = 1, 2
# Share of respondents who have bought from Instagram cosmetics shops ("buyers"); non-buyers give
# the matching answers to q03, q10 and q13 so that the invented answers stay coherent.
P_BUYER = {ALMATY: 0.86, NUR_SULTAN: 0.78}

# Single answers: probabilities of the option codes in codebook order, per city.
SINGLE = {
    "q01_instagram_use": {ALMATY: [0.55, 0.25, 0.15, 0.05], NUR_SULTAN: [0.42, 0.30, 0.20, 0.08]},
    "q04_ad_attitude": {
        ALMATY: [0.12, 0.18, 0.30, 0.25, 0.15],
        NUR_SULTAN: [0.26, 0.24, 0.28, 0.14, 0.08],
    },
    "q05_giveaways": {ALMATY: [0.14, 0.28, 0.30, 0.28], NUR_SULTAN: [0.30, 0.34, 0.22, 0.14]},
    "q06_stories": {ALMATY: [0.30, 0.35, 0.25, 0.10], NUR_SULTAN: [0.34, 0.36, 0.20, 0.10]},
    "q07_blogger_trust": {
        ALMATY: [0.12, 0.22, 0.34, 0.22, 0.10],
        NUR_SULTAN: [0.05, 0.12, 0.31, 0.33, 0.19],
    },
    "q08_consultation": {ALMATY: [0.35, 0.65], NUR_SULTAN: [0.58, 0.42]},
    "q12_loyalty_programme": {
        ALMATY: [0.24, 0.32, 0.30, 0.14],
        NUR_SULTAN: [0.12, 0.26, 0.38, 0.24],
    },
    "age": {ALMATY: [0.04, 0.34, 0.38, 0.16, 0.08], NUR_SULTAN: [0.05, 0.36, 0.35, 0.16, 0.08]},
}
# Repeat purchases of buyers (non-buyers answer code 4, "bought once or never").
REPEAT = {ALMATY: [0.32, 0.36, 0.26, 0.06], NUR_SULTAN: [0.22, 0.34, 0.36, 0.08]}
# Non-buyers are in no loyalty programme (codes 3 "would like to" and 4 "not interested").
LOYALTY_NON_BUYER = [0.0, 0.0, 0.45, 0.55]

# Multiple answers: probability that each non-exclusive option is ticked, per city, and the
# probability of answering only the exclusive option.
MULTI = {
    "q02_follow_accounts": {
        "p": {
            ALMATY: {1: 0.70, 2: 0.45, 3: 0.58, 4: 0.28},
            NUR_SULTAN: {1: 0.55, 2: 0.35, 3: 0.78, 4: 0.40},
        },
        "exclusive": 0.05,
    },
    "q03_discovery": {  # buyers only; non-buyers answer the exclusive option
        "p": {
            ALMATY: {1: 0.56, 2: 0.34, 3: 0.20, 4: 0.45, 5: 0.15},
            NUR_SULTAN: {1: 0.38, 2: 0.52, 3: 0.34, 4: 0.50, 5: 0.12},
        },
        "exclusive": 0.0,
    },
    "q09_before_buying": {
        "p": {
            ALMATY: {1: 0.75, 2: 0.45, 3: 0.55, 4: 0.28, 5: 0.26},
            NUR_SULTAN: {1: 0.70, 2: 0.56, 3: 0.50, 4: 0.46, 5: 0.20},
        },
        "exclusive": 0.04,
    },
    "q10_order_channels": {  # buyers only; non-buyers answer the exclusive option
        "p": {
            ALMATY: {1: 0.72, 2: 0.32, 3: 0.26, 4: 0.18},
            NUR_SULTAN: {1: 0.52, 2: 0.52, 3: 0.14, 4: 0.26},
        },
        "exclusive": 0.0,
    },
    "q11_order_conditions": {
        "p": {
            ALMATY: {1: 0.60, 2: 0.28, 3: 0.52, 4: 0.42, 5: 0.55},
            NUR_SULTAN: {1: 0.62, 2: 0.46, 3: 0.40, 4: 0.30, 5: 0.60},
        },
        "exclusive": 0.0,
        "exclusive_non_buyer": 0.40,
    },
    "q14_after_purchase": {
        "p": {
            ALMATY: {1: 0.35, 2: 0.30, 3: 0.60, 4: 0.24},
            NUR_SULTAN: {1: 0.30, 2: 0.25, 3: 0.70, 4: 0.36},
        },
        "exclusive": 0.08,
    },
}


def load_codebook() -> list[dict]:
    with CODEBOOK.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["questions"]


def pick_single(rng: np.random.Generator, question: dict, probs: list[float]) -> list[int]:
    codes = [option["code"] for option in question["options"]]
    assert len(codes) == len(probs), question["id"]
    return [int(rng.choice(codes, p=np.asarray(probs) / sum(probs)))]


def pick_multi(
    rng: np.random.Generator, question: dict, probs: dict[int, float], p_exclusive: float
) -> list[int]:
    exclusive = [option["code"] for option in question["options"] if option.get("exclusive")]
    regular = [option["code"] for option in question["options"] if not option.get("exclusive")]
    assert sorted(probs) == sorted(regular), question["id"]
    if exclusive and rng.random() < p_exclusive:
        return [exclusive[0]]
    chosen = [code for code in regular if rng.random() < probs[code]]
    if not chosen:  # nobody leaves the question blank: tick the most likely-looking option
        weights = np.asarray([probs[code] for code in regular])
        chosen = [int(rng.choice(regular, p=weights / weights.sum()))]
    return chosen


def exclusive_code(question: dict) -> int:
    return next(option["code"] for option in question["options"] if option.get("exclusive"))


def respondent(
    rng: np.random.Generator, questions: list[dict], p_almaty: float
) -> dict[str, list[int]]:
    """Draw one respondent's answers as codes per question id."""
    city = ALMATY if rng.random() < p_almaty else NUR_SULTAN
    buyer = rng.random() < P_BUYER[city]
    answers: dict[str, list[int]] = {}
    for question in questions:
        qid = question["id"]
        if qid == "city":
            answers[qid] = [city]
        elif qid == "q12_loyalty_programme" and not buyer:
            answers[qid] = pick_single(rng, question, LOYALTY_NON_BUYER)
        elif qid in SINGLE:
            answers[qid] = pick_single(rng, question, SINGLE[qid][city])
        elif qid == "q13_repeat_purchases":
            answers[qid] = pick_single(rng, question, REPEAT[city]) if buyer else [4]
        elif qid in ("q03_discovery", "q10_order_channels") and not buyer:
            answers[qid] = [exclusive_code(question)]
        elif qid in MULTI:
            spec = MULTI[qid]
            p_exclusive = (
                spec["exclusive"] if buyer else spec.get("exclusive_non_buyer", spec["exclusive"])
            )
            answers[qid] = pick_multi(rng, question, spec["p"][city], p_exclusive)
        else:
            raise KeyError(f"no answer distribution for question {qid!r}")
    return answers


def timestamps(rng: np.random.Generator, count: int) -> list[str]:
    seconds = np.sort(rng.integers(0, FIELD_DAYS * 24 * 3600 - 12 * 3600, size=count))
    return [
        (FIELD_START + dt.timedelta(seconds=int(s))).strftime("%Y/%m/%d %H:%M:%S") for s in seconds
    ]


def cell(question: dict, codes: list[int], language: str) -> str:
    labels = {option["code"]: option["label"][language] for option in question["options"]}
    ordered = [option["code"] for option in question["options"] if option["code"] in codes]
    return MULTI_SEPARATOR.join(labels[code] for code in ordered)


def main() -> None:
    questions = load_codebook()
    rng = np.random.default_rng(SEED)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for language, name, count, p_almaty in SOURCES:
        header = [TIMESTAMP_HEADER[language]] + [
            question["text"][language] for question in questions
        ]
        people = [respondent(rng, questions, p_almaty) for _ in range(count)]
        stamps = timestamps(rng, count)
        path = OUT_DIR / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(
                handle, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\n"
            )
            writer.writerow(header)
            for stamp, answers in zip(stamps, people, strict=False):
                writer.writerow([stamp] + [cell(q, answers[q["id"]], language) for q in questions])
        almaty = sum(1 for answers in people if answers["city"] == [ALMATY])
        print(
            f"wrote {path.relative_to(ROOT)}: {count} respondents ({almaty} Almaty, "
            f"{count - almaty} Nur-Sultan)"
        )


if __name__ == "__main__":
    main()
