"""The demo's grants: 2021's grant support is written by paid tranches, and this year's call has
agreements in every state (jiwon.demo.grants)."""

import pytest
from django.db.models import Sum
from django.utils import timezone

from jiwon.companies.models import Membership
from jiwon.core.support import SupportKind
from jiwon.grants.models import Agreement, Expense, GrantReport, ReportKind, Settlement, Tranche
from jiwon.grants.selectors import settlement_times
from jiwon.grants.services.tranches import LEDGER_SOURCE
from jiwon.grants.workflow import AgreementStatus, ExpenseStatus, ReportStatus, TrancheStatus
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.outcomes.selectors import kpis

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def test_it_writes_every_2021_grant_row_from_a_paid_tranche():
    rows = kpis.ledger_rows(kpis.Period.year(2021)).filter(kind=SupportKind.GRANT)
    paid = Tranche.objects.filter(agreement__program__fiscal_year=2021, status=TrancheStatus.PAID)

    assert rows.count() == paid.count() > 150
    assert set(rows.values_list("source_type", flat=True)) == {LEDGER_SOURCE}
    assert set(rows.values_list("source_id", flat=True)) == {
        str(pk) for pk in paid.values_list("pk", flat=True)
    }
    assert rows.aggregate(s=Sum("amount_won"))["s"] == paid.aggregate(s=Sum("paid_won"))["s"]
    # Every 2021 agreement is closed, its money spent and accepted: nothing to return.
    closed = Agreement.objects.filter(program__fiscal_year=2021)
    assert set(closed.values_list("status", flat=True)) == {AgreementStatus.CLOSED}
    assert (
        not Settlement.objects.filter(agreement__in=closed, return_won__gt=0)
        .exclude(agreement__returns__paid_on__isnull=False)
        .exists()
    )
    assert not SupportLedgerEntry.objects.filter(corrects__isnull=False, program__fiscal_year=2021)


def test_it_shows_staff_how_long_settlements_take_per_programme():
    times = {t.program: t for t in settlement_times()}

    assert len(times) >= 8
    assert all(0 < t.median_days <= t.p90_days < 120 for t in times.values())


def test_this_years_call_has_agreements_in_every_state():
    year = timezone.localdate().year
    agreements = Agreement.objects.filter(program__fiscal_year=year)
    tranches = Tranche.objects.filter(agreement__in=agreements)
    expenses = Expense.objects.filter(agreement__in=agreements)

    assert set(agreements.values_list("status", flat=True)) >= {
        AgreementStatus.DRAFT,
        AgreementStatus.SENT,
        AgreementStatus.ACCEPTED,
        AgreementStatus.ACTIVE,
        AgreementStatus.SETTLEMENT,
        AgreementStatus.CLOSED,
    }
    assert set(tranches.values_list("status", flat=True)) == {
        TrancheStatus.REQUESTED,
        TrancheStatus.PROGRAM_APPROVED,
        TrancheStatus.FINANCE_APPROVED,
        TrancheStatus.PAID,
    }
    assert tranches.filter(status=TrancheStatus.PAID).exclude(paid_reason="").exists()
    assert set(expenses.values_list("status", flat=True)) == set(
        ExpenseStatus.__dict__[k] for k in ("SUBMITTED", "MORE_INFO", "ACCEPTED", "REJECTED")
    )
    # One settlement confirmed with grant to return, not yet paid back.
    pending = Settlement.objects.filter(agreement__in=agreements, return_won__gt=0)
    assert pending.filter(agreement__returns__paid_on__isnull=True).exists()
    # The paid tranches are this year's grant support.
    paid = tranches.filter(status=TrancheStatus.PAID).aggregate(s=Sum("paid_won"))["s"]
    this_year = SupportLedgerEntry.objects.filter(
        program__fiscal_year=year, kind=SupportKind.GRANT, program__series="WOMEN_REHIRE"
    )
    assert this_year.aggregate(s=Sum("amount_won"))["s"] == paid


def test_the_demo_company_member_has_an_agreement_to_accept():
    member = Membership.objects.get(user__username="company")

    waiting = Agreement.objects.get(company=member.company, status=AgreementStatus.SENT)
    assert waiting.document and len(waiting.document_sha256) == 64


def test_this_years_agreements_owe_reports_in_every_state_relative_to_the_load_day():
    today = timezone.localdate()
    reports = GrantReport.objects.filter(agreement__program__fiscal_year=today.year)
    statuses = set(reports.values_list("status", flat=True))

    assert statuses == {
        ReportStatus.DUE,
        ReportStatus.SUBMITTED,
        ReportStatus.RETURNED,
        ReportStatus.ACCEPTED,
    }
    overdue = reports.filter(status=ReportStatus.DUE, due_on__lt=today)
    assert overdue.exists() and overdue.exclude(saved_at=None).exists()
    assert reports.filter(status=ReportStatus.DUE, due_on__gte=today).exists()
    # The returned interim report holds back the second tranche it releases.
    returned = reports.get(status=ReportStatus.RETURNED)
    waiting = returned.agreement.tranches.get(number=returned.releases_tranche)
    assert waiting.status == TrancheStatus.REQUESTED
    # The agreement in settlement got there by its final report's acceptance.
    settled = reports.get(kind=ReportKind.FINAL, status=ReportStatus.ACCEPTED).agreement
    assert settled.status == AgreementStatus.SETTLEMENT and settled.final_report_at
