"""Fixtures shared by the programme tests."""

import pytest

from jiwon.programs.eligibility.batch import Engine
from jiwon.programs.eligibility.columns import table_from_facts
from jiwon.programs.eligibility.recommend import Recommender
from jiwon.programs.eligibility.reference import evaluate


def _agreed_results(companies, programs):
    """Reference results, results[company][program], after checking the engines agree."""
    results = [[evaluate(c, p) for p in programs] for c in companies]
    table, participation = table_from_facts(companies)
    engine = Engine(table, participation)
    matrix = engine.matrix(programs, threads=2)
    for p, program in enumerate(programs):
        expected = [row for row in range(len(companies)) if results[row][p].passed]
        assert matrix.rows(p).tolist() == expected, f"batch disagrees on programme {p}"
        near = engine.near_misses(program)
        for cid, rows in near.items():
            expected = [
                row
                for row in range(len(companies))
                if (miss := results[row][p].near_miss) is not None and miss.criterion_id == cid
            ]
            assert rows.tolist() == expected, f"near misses disagree on {p}/{cid}"
    recommender = Recommender(programs)
    for row, company in enumerate(companies):
        rec = recommender.recommend(company)
        expected = [p for p in range(len(programs)) if results[row][p].passed]
        assert rec.eligible.tolist() == expected, f"one-company path disagrees on row {row}"
        misses = [(p, r.near_miss.criterion_id) for p, r in enumerate(results[row]) if r.near_miss]
        assert list(zip(rec.near_miss.tolist(), rec.near_miss_criterion, strict=True)) == misses
    return results


@pytest.fixture(scope="session")
def agreed_results():
    """Runs the reference evaluator, the batch engine and the one-company path on the same data
    and fails unless all three agree, pair by pair, on eligibility and near misses; gives the
    reference results, results[company][program]."""
    return _agreed_results


@pytest.fixture(scope="session")
def agreed():
    """The reference result for one pair, checked against both engines."""
    return lambda company, program: _agreed_results([company], [program])[0][0]
