import numpy as np
import pytest

from bench.assignment.generate import generate
from jiwon.core.reference import read_csv
from jiwon.reviews.engine.fit import expertise_fit, keyword_set, ksic_fit


@pytest.mark.parametrize(
    ("evaluator", "fit"),
    [
        ("26110", 5),  # same subclass
        ("26111", 4),  # same class 2611, another subclass
        ("26120", 3),  # same group 261
        ("2612", 3),
        ("26", 2),  # a division field never counts deeper than the division
        ("27", 1),  # same section C
        ("C", 1),
        ("J", 0),
        ("62010", 0),
        ("", 0),
    ],
)
def test_ksic_fit_is_the_depth_of_the_deepest_shared_code(evaluator, fit):
    assert ksic_fit("26110", evaluator) == fit


def test_a_code_of_an_unknown_division_matches_nothing():
    assert ksic_fit("00110", "00110") == 0


def test_keywords_match_after_normalising_case_width_and_spaces():
    assert keyword_set(["  Machine   Learning ", "ＩｏＴ", ""]) == {"machine learning", "iot"}


def test_expertise_fit_adds_the_best_ksic_match_and_the_shared_keywords():
    fit = expertise_fit(
        application_codes=["26110"],
        application_keywords=["반도체", "Sensor", "IoT"],
        evaluator_codes=["62", "2612"],
        evaluator_keywords=["sensor", "iot", "battery"],
    )
    assert fit == 3 + 2


def test_the_benchmark_fit_is_the_engine_fit():
    data = generate(200, 50, capacity=(5, 10), conflict_rate=0.05, seed=3)
    rng = np.random.default_rng(1)
    for a, e in zip(rng.integers(0, 200, 400), rng.integers(0, 50, 400), strict=True):
        assert data.fit[a, e] == expertise_fit(
            application_codes=[data.application_codes[a]],
            application_keywords=data.application_keywords[a],
            evaluator_codes=data.evaluator_codes[e],
            evaluator_keywords=data.evaluator_keywords[e],
        )
    assert 0.03 < data.conflicts.mean() < 0.07


def test_the_section_of_every_division_comes_from_the_ksic_list():
    divisions = [r for r in read_csv("ksic.csv") if r["level"] == "2"]
    assert all(ksic_fit(d["code"], d["parent_code"]) == 1 for d in divisions)
