"""Interim and final reports: generated when signed and moved with the period, written,
submitted, returned and resubmitted, accepted; the money they hold back; the reminders."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.actor import SYSTEM
from jiwon.grants.access import report_for
from jiwon.grants.models import GrantReport
from jiwon.grants.services.reports import (
    agreement_final_report,
    agreement_period_change,
    report_accept,
    report_reminders_send,
    report_return,
    report_save,
    report_submit,
)
from jiwon.grants.services.tranches import (
    tranche_approve_finance,
    tranche_approve_program,
    tranche_pay,
    tranche_request,
)
from jiwon.grants.tests.factories import active_agreement, complete, evidence, report_program
from jiwon.grants.workflow import AgreementStatus as A
from jiwon.grants.workflow import ReportStatus as R

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def signed(company, member):
    """Signed 2026-03-01 – 2026-12-31: interim due 2026-05-01, final due 2027-01-30."""
    return active_agreement(company, member, program=report_program())


def _interim(agreement):
    return agreement.reports.get(kind="interim")


def _final(agreement):
    return agreement.reports.get(kind="final")


def test_it_generates_the_reports_with_their_due_days_when_the_agreement_is_signed(signed):
    reports = {r.kind: r for r in signed.reports.all()}

    assert reports["interim"].due_on == date(2026, 5, 1)
    assert reports["final"].due_on == date(2027, 1, 30)
    assert {r.status for r in reports.values()} == {R.DUE}
    assert reports["interim"].spec["attachments"][0]["ko"] == "증빙 자료"


def test_it_moves_reports_not_submitted_with_the_period_and_keeps_the_submitted_one(
    signed, member, officer
):
    interim = complete(_interim(signed), member)
    report_submit(actor=member, report=interim)

    agreement_period_change(
        actor=officer,
        agreement=signed,
        starts_on=date(2026, 3, 1),
        ends_on=date(2027, 2, 28),
        reason="사업 기간 연장 승인",
    )

    interim.refresh_from_db()
    assert interim.due_on == date(2026, 5, 1) and interim.status == R.SUBMITTED
    assert interim.narrative["n1"] == "계획대로 채용을 마쳤습니다." and interim.files.count() == 1
    assert _final(signed).due_on == date(2027, 3, 30)
    assert signed.reports.count() == 2


def test_it_refuses_a_period_that_leaves_recorded_expenses_outside(signed, member, officer):
    from jiwon.grants.services.expenses import expense_record

    expense_record(
        actor=member,
        agreement=signed,
        category="personnel",
        source="city",
        amount_won=1_000_000,
        spent_on=date(2026, 3, 10),
        description="연구원 인건비",
        evidence_kind="payroll",
        uploads=[evidence()],
    )
    with pytest.raises(ValidationError, match="outside the new period"):
        agreement_period_change(
            actor=officer,
            agreement=signed,
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 12, 31),
            reason="착수 지연",
        )


@pytest.mark.parametrize(
    ("moment", "overdue"),
    [
        # The due day's last minute in Seoul is still on time (UTC is on the day before).
        (datetime(2026, 5, 1, 23, 59, tzinfo=SEOUL), 0),
        # The next day in Seoul, at 00:00, while it is still 1 May in UTC: overdue by a day.
        (datetime(2026, 5, 2, 0, 0, tzinfo=SEOUL), 1),
    ],
)
def test_it_counts_the_due_day_as_on_time_and_the_next_day_in_seoul_as_overdue(
    signed, time_machine, moment, overdue
):
    time_machine.move_to(moment, tick=False)

    assert _interim(signed).days_overdue == overdue
    assert _interim(signed).is_overdue is bool(overdue)


def test_it_refuses_to_submit_a_report_missing_a_required_part(signed, member):
    report = report_save(actor=member, report=_interim(signed), narrative={"n1": "진행 중"})

    with pytest.raises(ValidationError) as refused:
        report_submit(actor=member, report=report)

    assert "신규 채용(명)" in str(refused.value) and "증빙 자료" in str(refused.value)
    assert "추진 실적" not in str(refused.value)
    report.refresh_from_db()
    assert report.status == R.DUE


def test_it_bounds_the_text_and_the_figures_and_knows_its_fields(signed, member):
    report = _interim(signed)
    for narrative, figures in (
        ({"n1": "가" * 4001}, {}),
        ({}, {"f1": 10**12 + 1}),
        ({}, {"f1": "3"}),
        ({"x9": "?"}, {}),
    ):
        with pytest.raises(ValidationError):
            report_save(actor=member, report=report, narrative=narrative, figures=figures)
    report_save(actor=member, report=report, narrative={"n1": "가" * 4000}, figures={"f1": 10**12})
    with pytest.raises(ValidationError):
        report_save(actor=member, report=report, uploads={"a1": [evidence("x.pdf", b"MZ...")]})


def test_a_returned_report_is_changed_and_resubmitted_then_accepted(
    signed, member, officer, django_capture_on_commit_callbacks
):
    report = complete(_interim(signed), member)
    report_submit(actor=member, report=report)
    with pytest.raises(ValidationError):
        report_save(actor=member, report=report, narrative={"n1": "고침"})
    with pytest.raises(ValidationError):
        report_return(actor=officer, report=report, reason="  ")

    with django_capture_on_commit_callbacks(execute=True):
        report_return(actor=officer, report=report, reason="채용자 명단을 첨부해 주세요.")
    assert "채용자 명단을 첨부해 주세요." in mail.outbox[-1].body
    report.refresh_from_db()
    assert report.status == R.RETURNED

    report_save(actor=member, report=report, uploads={"a1": [evidence("명단.pdf")]})
    report_submit(actor=member, report=report)
    report.refresh_from_db()
    assert report.status == R.SUBMITTED and report.files.count() == 2
    assert report.first_submitted_at < report.submitted_at

    report_accept(actor=officer, report=report)
    report.refresh_from_db()
    assert report.status == R.ACCEPTED
    assert [h.target for h in report.status_history.all()] == [
        R.DUE,
        R.SUBMITTED,
        R.RETURNED,
        R.SUBMITTED,
        R.ACCEPTED,
    ]


def test_the_company_cannot_review_and_staff_cannot_submit(signed, member, officer):
    report = complete(_interim(signed), member)
    with pytest.raises(PermissionDenied):
        report_submit(actor=officer, report=report)
    report_submit(actor=member, report=report)
    with pytest.raises(PermissionDenied):
        report_accept(actor=member, report=report)


def test_another_company_can_neither_see_nor_write_nor_submit_the_report(signed, member):
    stranger = member_of(CompanyFactory())
    report = _interim(signed)

    with pytest.raises(Http404):
        report_for(stranger, report.pk)
    with pytest.raises(PermissionDenied):
        report_save(actor=stranger, report=report, narrative={"n1": "남의 보고서"})
    complete(report, member)
    with pytest.raises(PermissionDenied):
        report_submit(actor=stranger, report=report)


def _approved_tranche(agreement, member, officer, finance, won):
    tranche = tranche_request(actor=member, agreement=agreement, requested_won=won)
    tranche = tranche_approve_program(actor=officer, tranche=tranche)
    return tranche_approve_finance(actor=finance, tranche=tranche)


def test_the_second_tranche_is_paid_only_once_the_interim_report_is_accepted(
    signed, member, officer, finance
):
    first = _approved_tranche(signed, member, officer, finance, 42_000_000)
    tranche_pay(actor=finance, tranche=first, paid_won=42_000_000, paid_on=date(2026, 3, 5))
    second = _approved_tranche(signed, member, officer, finance, 18_000_000)
    report = complete(_interim(signed), member)
    report_submit(actor=member, report=report)

    with pytest.raises(ValidationError) as refused:
        tranche_pay(actor=finance, tranche=second, paid_won=18_000_000, paid_on=date(2026, 6, 1))
    assert "Tranche 2" in str(refused.value) and "Interim report" in str(refused.value)

    report_accept(actor=officer, report=report)
    paid = tranche_pay(actor=finance, tranche=second, paid_won=18_000_000, paid_on=date(2026, 6, 1))
    assert paid.paid_won == 18_000_000


def test_the_settlement_starts_only_with_the_final_report_accepted(signed, member, officer):
    with pytest.raises(ValidationError, match="최종보고|Final report"):
        agreement_final_report(actor=member, agreement=signed)
    with pytest.raises(ValidationError):
        agreement_final_report(actor=officer, agreement=signed)

    final = complete(_final(signed), member)
    report_submit(actor=member, report=final)
    signed.refresh_from_db()
    assert signed.status == A.ACTIVE
    report_accept(actor=officer, report=final)

    signed.refresh_from_db()
    final.refresh_from_db()
    assert signed.status == A.SETTLEMENT
    assert signed.final_report_at == final.first_submitted_at


def test_an_agreement_without_a_schedule_starts_its_settlement_as_before(company, member):
    agreement = active_agreement(company, member)

    assert not agreement.reports.exists()
    assert agreement_final_report(actor=member, agreement=agreement).status == A.SETTLEMENT


def test_it_reminds_once_within_the_days_before_and_once_when_overdue(
    signed, time_machine, django_capture_on_commit_callbacks
):
    """Interim due 2026-05-01, reminded 7 days before: from 2026-04-24 (Seoul)."""
    mail.outbox.clear()

    def run(moment):
        time_machine.move_to(moment, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            return report_reminders_send(moment)

    assert run(datetime(2026, 4, 23, 23, 0, tzinfo=SEOUL)) == 0
    assert run(datetime(2026, 4, 24, 9, 0, tzinfo=SEOUL)) == 1
    assert run(datetime(2026, 4, 24, 10, 0, tzinfo=SEOUL)) == 0
    assert run(datetime(2026, 5, 1, 23, 0, tzinfo=SEOUL)) == 0
    assert run(datetime(2026, 5, 2, 0, 30, tzinfo=SEOUL)) == 1
    assert run(datetime(2026, 5, 9, 9, 0, tzinfo=SEOUL)) == 0
    assert len(mail.outbox) == 2
    assert "2026-05-01" in mail.outbox[0].subject and "중간보고" in mail.outbox[0].subject
    assert "Interim report" in mail.outbox[1].body


def test_a_submitted_report_is_not_reminded_of_as_overdue(
    signed, member, time_machine, django_capture_on_commit_callbacks
):
    report = complete(_interim(signed), member)
    report_submit(actor=member, report=report)
    moment = datetime(2026, 5, 3, 9, 0, tzinfo=SEOUL)
    time_machine.move_to(moment, tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert report_reminders_send(moment) == 0
    assert not GrantReport.objects.filter(reminded_overdue_at__isnull=False).exists()


def test_the_system_actor_may_sync_reports(signed):
    from jiwon.grants.services.reports import report_obligations_sync

    assert len(report_obligations_sync(actor=SYSTEM, agreement=signed)) == 2
