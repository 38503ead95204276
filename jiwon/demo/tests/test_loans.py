"""The demo's fund loans state the second seed article's figures for 2017, computed from the
loans: 1,000억원 of volume, 142 companies, 530억원 made, 470억원 remaining, the working-capital
limit raised from 5억 to 6억원 and the eligible industries from 517 to 524 types; and the fund
is alive on the day of the load (letters standing, applications waiting, a claim to check)."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from bench.subsidy.peer import accrue_by_day
from jiwon.accounts.models import User
from jiwon.loans.models import FundRound, Loan, LoanApplication, Recommendation, SubsidyClaim
from jiwon.loans.selectors import loan_facts, volume_of
from jiwon.loans.subsidy import accrue
from jiwon.outcomes.report.annual import annual_report
from jiwon.outcomes.report.jsonfmt import render_json

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

SECOND_ARTICLE_DAY = datetime(2017, 12, 20, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))


def test_the_2017_report_states_the_articles_loan_figures_from_the_loans():
    data = json.loads(render_json(annual_report(2017, "ko", now=SECOND_ARTICLE_DAY)))
    headline = data["headline"]
    assert headline["loan_companies"] == 142
    assert headline["loan_executed_won"] == 53_000_000_000
    assert headline["loan_volume_won"] == 100_000_000_000
    loans = data["loans"]
    assert loans["loan_remaining_won"] == 47_000_000_000
    assert (loans["loan_limit_working_previous_won"], loans["loan_limit_working_won"]) == (
        500_000_000,
        600_000_000,
    )
    assert (loans["loan_industry_types_previous"], loans["loan_industry_types"]) == (517, 524)
    # The same figures straight from the records.
    made = Loan.objects.filter(executed_on__year=2017)
    assert made.values("company").distinct().count() == 142
    assert made.aggregate(total=Sum("principal_won"))["total"] == 53_000_000_000


def test_every_2017_loan_is_within_its_limit_and_its_subsidy_matches_the_day_loop():
    fund = FundRound.objects.get(year=2017)
    for loan in fund.loans.select_related("purpose"):
        assert loan.principal_won <= loan.purpose.limit_won
    sample = list(fund.loans.prefetch_related("events")[:15])
    for loan in sample:
        facts = loan_facts(loan, list(loan.events.all()))
        for line in loan.claim_lines.select_related("claim"):
            start, end = line.claim.period_start, line.claim.period_end
            assert accrue(facts, start, end).subsidy_won("down") == line.computed_won
            assert accrue_by_day(facts, start, end, "down") == line.computed_won


def test_the_fund_is_alive_on_the_day_of_the_load(today):
    fund = FundRound.objects.get(year=today.year)
    assert fund.opens_on <= today <= fund.closes_on
    assert Recommendation.objects.filter(fund=fund, status="issued").exists()
    assert LoanApplication.objects.filter(fund=fund, status="submitted").exists()
    assert Recommendation.objects.filter(fund=fund, status="expired").exists()
    banker = User.objects.get(username="bank")
    waiting = SubsidyClaim.objects.get(status="submitted")
    assert waiting.bank == banker.bank_membership.bank
    assert any(line.difference_won for line in waiting.lines.all())
    assert volume_of(fund).remaining_won < fund.loan_volume_won
