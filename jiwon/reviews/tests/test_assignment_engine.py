import itertools
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.assignment.bound import dual_bound, lp_bound
from jiwon.reviews.engine.assignment import (
    Infeasible,
    SparseFit,
    build_problem,
    check_feasibility,
    greedy,
    solve,
)


def problem_of(fit_rows, capacities, k, forbidden=(), pinned=(), **extra):
    """Applications A0.., evaluators e0.. with a dense fit given row by row."""
    n, m = len(fit_rows), len(capacities)
    return build_problem(
        applications=[f"A{i}" for i in range(n)],
        evaluators=[f"e{j}" for j in range(m)],
        capacities=capacities,
        per_application=k,
        fit=np.array(fit_rows, dtype=np.int64).reshape(n, m),
        forbidden=forbidden,
        pinned=pinned,
        **extra,
    )


def test_it_picks_the_assignment_of_greatest_total_fit_where_greedy_does_not():
    # Greedy takes A0–e0 (fit 9) first and leaves A1 with e1 (fit 0): 9 + 0.
    # The optimum gives e0 to A1 (8) and e1 to A0 (7): 15.
    problem = problem_of([[9, 7], [8, 0]], [1, 1], 1)
    best = solve(problem)
    assert sorted(best.pairs()) == [("A0", "e1"), ("A1", "e0")]
    assert best.objective == 15
    assert greedy(problem).objective == 9


def test_it_never_assigns_a_conflicted_pair_even_when_it_fits_best():
    problem = problem_of([[9, 1, 1], [9, 1, 1]], [2, 2, 2], 2, forbidden=[("A0", "e0")])
    pairs = solve(problem).pairs()
    assert ("A0", "e0") not in pairs
    assert ("A1", "e0") in pairs


def test_it_ignores_conflicts_naming_someone_outside_the_pool():
    problem = problem_of([[1]], [1], 1, forbidden=[("A0", "e9"), ("A9", "e0")])
    assert solve(problem).pairs() == [("A0", "e0")]


def test_it_respects_capacities_and_gives_each_application_distinct_evaluators():
    rng = np.random.default_rng(5)
    fit = rng.integers(0, 10, size=(30, 8))
    problem = problem_of(fit.tolist(), [12] * 8, 3, forbidden=rng.random((30, 8)) < 0.1)
    best = solve(problem)
    assert best.complete
    assert best.loads().max() <= 12
    pairs = best.pairs()
    assert len(set(pairs)) == len(pairs) == 90
    assert all(sum(a == app for a, _ in pairs) == 3 for app in problem.applications)


def test_it_keeps_the_pairs_staff_pinned_and_solves_around_them():
    # Left alone the solver would give e0 to A0; staff pinned e0 to A1.
    problem = problem_of([[9, 1], [1, 1]], [1, 1], 1, pinned=[("A1", "e0")])
    best = solve(problem)
    assert sorted(best.pairs()) == [("A0", "e1"), ("A1", "e0")]
    assert best.objective == 2


def test_it_takes_the_fit_from_a_function_of_the_ids():
    problem = build_problem(
        applications=["p", "q"],
        evaluators=["x", "y"],
        capacities=[1, 1],
        per_application=1,
        fit=lambda a, e: 5 if (a, e) in {("p", "y"), ("q", "x")} else 1,
    )
    assert sorted(solve(problem).pairs()) == [("p", "y"), ("q", "x")]


def test_a_sparse_fit_lists_the_only_candidates():
    problem = build_problem(
        applications=["p", "q"],
        evaluators=["x", "y"],
        capacities=[2, 2],
        per_application=1,
        fit=SparseFit(np.array([0, 1]), np.array([1, 1]), np.array([3, 0])),
        pinned=[("q", "x")],
    )
    # q–x was never listed, but a pin always counts as a candidate (with fit 0).
    assert sorted(solve(problem).pairs()) == [("p", "y"), ("q", "x")]


def test_candidates_per_application_keeps_the_best_fits_and_spreads_ties():
    fit = [[5, 1, 1, 1, 1, 1]] * 6
    problem = problem_of(fit, [6] * 6, 1, candidates_per_application=2)
    per_app = {}
    for a, e in zip(problem.arc_application, problem.arc_evaluator, strict=True):
        per_app.setdefault(int(a), []).append(int(e))
    assert all(len(es) == 2 and 0 in es for es in per_app.values())
    # The second candidate (a tie at fit 1) rotates over e1..e5 instead of always being e1.
    assert len({es[1] for es in per_app.values()}) == 5


def test_it_says_how_many_evaluators_are_short_at_the_median_capacity():
    # 76 applications × 5 = 380 assignments; 26 evaluators × 10 = 260; 120 short = 12 × 10.
    problem = problem_of([[0] * 26] * 76, [10] * 26, 5, stage="서면평가")
    report = check_feasibility(problem)
    assert not report.feasible
    assert (report.needed, report.possible, report.missing) == (380, 260, 120)
    assert report.messages == [
        "Only 260 of the 380 assignments for 서면평가 can be made: 120 missing.",
        "12 evaluators short for 서면평가: 380 assignments are needed (76 applications × 5) "
        "but the evaluators can take 260 in all; the 120 missing take 12 evaluators at the "
        "median capacity of 10.",
    ]
    with pytest.raises(Infeasible) as caught:
        solve(problem)
    assert caught.value.report.missing == 120


def test_it_counts_evaluators_short_at_a_median_between_two_capacities():
    # 5 applications × 3 = 15 needed, capacities 1 + 2 + 3 + 4 = 10: 5 short; the median
    # capacity is 2.5, so 2 evaluators.
    problem = problem_of([[0] * 4] * 5, [1, 2, 3, 4], 3)
    shortfall = check_feasibility(problem).shortfalls[1]
    assert shortfall.code == "evaluators_short"
    assert (shortfall.params["missing"], shortfall.params["median"]) == (5, "2.5")
    assert shortfall.params["count"] == 2


def test_it_lists_the_applications_with_too_few_evaluators_without_a_conflict():
    forbidden = [("A0", "e0"), ("A0", "e1"), ("A2", "e3")]
    problem = problem_of([[1] * 4] * 3, [9] * 4, 3, forbidden=forbidden)
    report = check_feasibility(problem)
    assert report.missing == 1
    assert report.messages == [
        "Only 8 of the 9 assignments for this evaluation can be made: 1 missing.",
        "1 application has fewer than 3 evaluators without a conflict: A0 (2 available).",
    ]
    assert report.shortfalls[1].params["applications"] == ["A0"]


def test_it_finds_a_shortage_only_visible_in_combination_by_max_flow():
    # Every count looks fine (capacity 19 for 8; each application has 2 evaluators), but
    # A0 and A1 can only use e2 and e3, and e3 takes one: 3 places for 4 assignments.
    forbidden = [("A0", "e0"), ("A0", "e1"), ("A1", "e0"), ("A1", "e1")]
    problem = problem_of([[1] * 4] * 4, [9, 9, 9, 1], 2, forbidden=forbidden, stage="발표평가")
    report = check_feasibility(problem)
    assert report.missing == 1
    assert report.messages[1] == (
        "2 applications together need 4 more assignments, but the 2 evaluators without a "
        "conflict with them can take at most 3: 1 short. Add evaluators in their fields or "
        "raise their capacities: A0, A1."
    )


def test_it_lists_at_most_ten_names_and_counts_the_rest():
    problem = problem_of([[1]] * 12, [12], 2)
    message = check_feasibility(problem).shortfalls[-1].message
    assert message.endswith("A8 (1 available), A9 (1 available) and 2 more.")


def test_it_refuses_pins_that_break_a_conflict_k_or_a_capacity():
    problem = problem_of(
        [[1, 1, 1], [1, 1, 1]],
        [1, 3, 3],
        2,
        forbidden=[("A1", "e1")],
        pinned=[("A0", "e0"), ("A0", "e1"), ("A0", "e2"), ("A1", "e0"), ("A1", "e1")],
    )
    report = check_feasibility(problem)
    assert report.pins_invalid and report.possible is None
    assert report.messages == [
        "A1: e1 is pinned by hand but has a conflict of interest; remove the pin.",
        "A0: 3 evaluators are pinned by hand but each application gets 2; remove 1 of the pins.",
        "e0 is pinned to 2 applications but can take 1; remove 1 of the pins or raise the "
        "capacity.",
    ]
    with pytest.raises(Infeasible):
        solve(problem, partial=True)


def test_partial_makes_as_many_assignments_as_possible_then_the_fittest():
    forbidden = [("A0", "e0"), ("A0", "e1")]
    problem = problem_of([[0, 0, 1], [5, 1, 2], [1, 5, 2]], [1, 1, 1], 2, forbidden=forbidden)
    result = solve(problem, partial=True)
    assert len(result.arcs) == 3 and result.missing == 3
    # Three places (one per evaluator); A1 and A2 take e0 and e1 at 5 each, e2 goes where it
    # fits best (2), not to A0 (1).
    assert result.objective == 12
    assert result.feasibility.missing == 3


def test_greedy_le_optimal_le_lp_bound_and_the_certificate_checks_out():
    rng = np.random.default_rng(8)
    fit = rng.integers(0, 12, size=(40, 10))
    conflicts = rng.random((40, 10)) < 0.05
    problem = problem_of(fit.tolist(), rng.integers(20, 26, 10).tolist(), 5, forbidden=conflicts)
    best, baseline = solve(problem), greedy(problem)
    bound = lp_bound(problem)
    certificate = dual_bound(problem, bound.prices_applications, bound.prices_evaluators)
    assert baseline.complete
    assert baseline.objective <= best.objective <= certificate + 1e-6
    # A network LP has integral optima: the bound is attained.
    assert certificate == pytest.approx(best.objective, abs=1e-6)
    assert bound.value == pytest.approx(best.objective, abs=1e-6)
    # The same prices bound the full problem; with every pair a candidate it is the same.
    full = dual_bound(
        problem,
        bound.prices_applications,
        bound.prices_evaluators,
        fit=fit,
        allowed=~conflicts,
        rows_per_chunk=7,
    )
    assert full == pytest.approx(certificate, abs=1e-6)


def brute_force(fit, capacities, k, forbidden, pinned):
    """Best (assignments made, total fit) over every assignment that gives each application at
    most k distinct allowed evaluators including its pins, within capacities; None if no
    assignment can hold the pins."""
    n, m = fit.shape
    options = []
    for a in range(n):
        allowed = [e for e in range(m) if not forbidden[a, e]]
        pins = {e for (pa, e) in pinned if pa == a}
        options.append(
            [
                subset
                for size in range(k + 1)
                for subset in itertools.combinations(allowed, size)
                if pins <= set(subset)
            ]
        )
    best = None
    for choice in itertools.product(*options):
        load = np.zeros(m, dtype=int)
        for subset in choice:
            load[list(subset)] += 1
        if (load > capacities).any():
            continue
        value = (
            sum(len(s) for s in choice),
            sum(int(fit[a, e]) for a, s in enumerate(choice) for e in s),
        )
        best = value if best is None else max(best, value)
    return best


@st.composite
def small_instances(draw):
    n, m = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    k = draw(st.integers(1, 2))
    fit = np.array(draw(st.lists(st.integers(0, 6), min_size=n * m, max_size=n * m))).reshape(n, m)
    forbidden = np.array(draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m)))
    capacities = np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)))
    pairs = [(a, e) for a in range(n) for e in range(m)]
    pinned = draw(st.lists(st.sampled_from(pairs), max_size=2, unique=True))
    return fit, capacities, k, forbidden.reshape(n, m), pinned


@settings(max_examples=150, deadline=None)
@given(small_instances())
def test_min_cost_flow_matches_brute_force_on_small_instances(instance):
    fit, capacities, k, forbidden, pinned = instance
    n, m = fit.shape
    problem = problem_of(
        fit.tolist(),
        capacities.tolist(),
        k,
        forbidden=forbidden,
        pinned=[(f"A{a}", f"e{e}") for a, e in pinned],
    )
    best = brute_force(fit, capacities, k, forbidden, pinned)
    report = check_feasibility(problem)
    if best is None:
        assert report.pins_invalid
        return
    assert not report.pins_invalid
    made, value = best
    assert report.possible == made
    assert report.feasible == (made == n * k)
    partial = solve(problem, partial=True)
    assert (len(partial.arcs), partial.objective) == best
    chosen = zip(
        problem.arc_application[partial.arcs], problem.arc_evaluator[partial.arcs], strict=True
    )
    assert not any(forbidden[a, e] for a, e in chosen)
    assert (partial.loads() <= capacities).all()
    if report.feasible:
        optimal = solve(problem)
        assert optimal.objective == value
        bound = lp_bound(problem)
        certificate = dual_bound(problem, bound.prices_applications, bound.prices_evaluators)
        assert value <= certificate + 1e-6
        baseline = greedy(problem)
        assert baseline.objective <= value or not baseline.complete
    else:
        with pytest.raises(Infeasible):
            solve(problem)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fit": np.array([[-1]])}, "fit scores must be integers of zero or more"),
        ({"fit": np.array([[0.5]])}, "fit scores must be integers of zero or more"),
        ({"evaluators": ["e0", "e0"], "capacities": [1, 1]}, "evaluator ids must be unique"),
        ({"capacities": [-1]}, "give one capacity of zero or more per evaluator"),
        ({"per_application": 0}, "per_application must be at least 1"),
        ({"pinned": [("A0", "zz")]}, "pinned pair ('A0', 'zz') names someone outside"),
        (
            {"fit": SparseFit(np.array([0, 0]), np.array([0, 0]), np.array([1, 1]))},
            "a sparse fit lists a pair twice",
        ),
    ],
)
def test_it_refuses_inputs_it_cannot_solve(change, message):
    arguments = {
        "applications": ["A0"],
        "evaluators": ["e0"],
        "capacities": [1],
        "per_application": 1,
        "fit": np.array([[1]]),
        **change,
    }
    with pytest.raises(ValueError, match=re.escape(message)):
        build_problem(**arguments)
