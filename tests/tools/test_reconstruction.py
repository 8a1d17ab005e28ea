"""The reconstruction of the thesis wave: counts from printed percentages, deterministic output."""

import importlib.util

import numpy as np

from published import count_for_figure, counts_for_percentage, read_figures
from reconstruction import assign_answers, largest_remainder
from smmjourney.plan.codebook import codebook_from_dict
from workflow_run import REPO


def test_counts_for_percentage_at_the_printed_precision():
    assert counts_for_percentage("28.6", 1, 245) == [70]
    assert counts_for_percentage("94", 0, 321) == [301, 302, 303]
    assert counts_for_percentage("3.4", 1, 245) == []
    assert counts_for_percentage("30.60", 2, 245) == []
    assert counts_for_percentage("30.6", 1, 245) == [75]


def test_nearest_count_when_none_prints_the_figure():
    figure = next(
        f
        for f in read_figures(REPO / "data/published/thesis2017_figures.csv")
        if f.figure_id == "q08_interested_russian"
    )
    assert count_for_figure(figure, 245) == (8, False)


def test_largest_remainder_preserves_the_total():
    for total, weights in [(10, [1, 1, 1]), (7, [0.5, 0.25, 0.25]), (0, [1, 2]), (5, [0, 0])]:
        parts = largest_remainder(total, weights)
        assert sum(parts) == total and min(parts) >= 0


def test_multiple_choice_assignment_keeps_counts_and_exclusive_answers_alone():
    question = codebook_from_dict(
        {
            "survey": "t",
            "languages": ["en"],
            "questions": [
                {
                    "id": "m",
                    "type": "multiple_choice",
                    "text": {"en": "M"},
                    "options": [
                        {"code": 1, "label": {"en": "a"}},
                        {"code": 2, "label": {"en": "b"}},
                        {"code": 3, "label": {"en": "never"}, "exclusive": True},
                    ],
                }
            ],
        }
    ).questions["m"]
    answers = assign_answers(
        question, {1: 30, 2: 25, 3: 10}, np.ones(50, dtype=bool), np.random.default_rng(1)
    )
    assert (
        all(answers) and sum(1 in a for a in answers) == 30 and sum(2 in a for a in answers) == 25
    )
    assert all(a == {3} for a in answers if 3 in a) and sum(3 in a for a in answers) == 10


def test_generator_rebuilds_the_committed_exports_byte_for_byte(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "reconstruct", REPO / "tools" / "reconstruct_thesis_wave.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fit = module.main(tmp_path)
    for path in [
        "data/raw/thesis2017/responses_ru.csv",
        "data/raw/thesis2017/responses_en.csv",
        "data/published/thesis2017_figure_fit.csv",
    ]:
        assert (tmp_path / path).read_bytes() == (REPO / path).read_bytes(), path
    assert {row["status"] for row in fit} <= {"met", "met (range)", "nearest count"}
    rows = (
        (tmp_path / "data/raw/thesis2017/responses_ru.csv").read_text(encoding="utf-8").splitlines()
    )
    assert len(rows) == 246 and rows[0].startswith("Отметка времени,")
