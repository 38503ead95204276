import json

from bench.subsidy.run import main, make_loan, periods


def test_it_ends_with_its_figures_as_one_json_object_and_agrees_to_the_won(capsys):
    assert main(["--loans", "150", "--repeat", "1", "--frequency", "monthly"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["loans"] == 150
    assert result["periods"] == 12
    assert result["claim_lines"] == 1800
    assert result["max_diff_won"] == 0
    assert result["mismatched_lines"] == 0
    assert result["subsidy_total_won"] > 0
    for key in ("days", "engine_s", "reference_s", "ratio"):
        assert key in result


def test_its_loans_carry_every_kind_of_change_the_banks_report():
    import random

    rng = random.Random(12)
    loans = [make_loan(rng, 2025) for _ in range(300)]
    assert any(c.repaid and c.rate is None for f in loans for c in f.changes)
    assert any(c.rate is not None for f in loans for c in f.changes)
    assert any(f.terms.bands for f in loans) and any(f.terms.flat for f in loans)
    assert any(f.terms.bonus for f in loans)
    assert periods(2024, "quarterly")[0][1].month == 4
