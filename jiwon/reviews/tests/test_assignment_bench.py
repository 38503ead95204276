import json

from bench.assignment.run import main

KEYS = {
    "applications",
    "evaluators",
    "per_application",
    "solve_s",
    "objective",
    "bound",
    "gap",
    "conflicts_violated",
    "greedy_objective",
    "greedy_s",
}


def test_the_benchmark_ends_with_its_figures_as_one_json_object(capsys):
    arguments = "--applications 60 --evaluators 12 --capacity 30 40 --candidates 8"
    code = main(arguments.split())
    last = capsys.readouterr().out.strip().splitlines()[-1]
    figures = json.loads(last)
    assert code == 0
    assert figures.keys() >= KEYS
    assert figures["conflicts_violated"] == 0
    assert figures["greedy_objective"] <= figures["objective"] == figures["bound"]
    assert figures["full_bound"] >= figures["objective"]


def test_the_benchmark_reports_an_infeasible_round_and_fails(capsys):
    code = main(["--applications", "60", "--evaluators", "5", "--capacity", "10", "10"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 1
    assert "Only 50 of the 300 assignments for 서면평가 can be made: 250 missing." in lines
    assert json.loads(lines[-1])["missing"] == 250
