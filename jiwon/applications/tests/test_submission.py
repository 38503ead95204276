"""Starting, drafting and submitting: the window to the second (KST), eligibility at start and
at submission, one live application per company, withdrawal, receipts and their email."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from jiwon.applications.models import Application, ApplicationStatusChange
from jiwon.applications.services.applications import (
    AlreadySubmitted,
    application_save_draft,
    application_submit,
    application_withdraw,
)
from jiwon.applications.tests.factories import complete, started
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.audit.models import AuditEntry
from jiwon.companies.services import company_close
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.actor import SYSTEM
from jiwon.programs.tests.factories import KST, ProgramFactory, rule_version
from jiwon.programs.workflow import ProgramStatus

OPENS = datetime(2026, 11, 2, 9, 0, tzinfo=KST)
CLOSES = datetime(2026, 12, 31, 18, 0, tzinfo=KST)
ONE_SECOND = timedelta(seconds=1)


@pytest.fixture
def blue(db):
    return ProgramFactory(series="blue100", opens_at=OPENS, closes_at=CLOSES)


def draft_ready(program, member, company):
    return complete(started(program, member, company, now=OPENS), member)


def test_it_starts_an_application_when_the_window_opens_to_the_second(blue, member, company):
    with pytest.raises(ValidationError) as refused:
        started(blue, member, company, now=OPENS - ONE_SECOND)
    assert "2026-11-02 09:00:00 KST" in refused.value.messages[0]
    application = started(blue, member, company, now=OPENS)
    assert application.status == S.DRAFT
    assert (application.workflows.name, application.workflow_version) == ("application", 1)
    assert application.form.version == 1


def test_it_accepts_a_submission_one_second_before_the_deadline(blue, member, company):
    application = draft_ready(blue, member, company)
    submitted = application_submit(actor=member, application=application, now=CLOSES - ONE_SECOND)
    assert submitted.status == S.SUBMITTED
    assert submitted.receipt_number == "AY-2026-BLUE100-000001"


def test_it_refuses_a_submission_at_the_deadline_and_keeps_the_draft(blue, member, company):
    application = draft_ready(blue, member, company)
    with pytest.raises(ValidationError) as refused:
        application_submit(actor=member, application=application, now=CLOSES)
    assert "2026-12-31 18:00:00 KST" in refused.value.messages[0]
    assert "draft is kept" in refused.value.messages[0]
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert application.receipt_number is None
    assert application.answers["project_title"] == "스마트 팩토리 솔루션"
    assert application.files.count() == 1


def test_it_refuses_a_submission_to_a_programme_no_longer_published(blue, member, company):
    application = draft_ready(blue, member, company)
    blue.status = ProgramStatus.CLOSED
    blue.save()
    with pytest.raises(ValidationError, match="not accepting"):
        application_submit(actor=member, application=application, now=CLOSES - ONE_SECOND)


def test_it_refuses_to_start_when_the_company_is_not_eligible(blue, member, company):
    rule_version(blue, {"type": "employees", "min": None, "max": 5})
    with pytest.raises(ValidationError) as refused:
        started(blue, member, company, now=OPENS)
    assert company.name_ko in refused.value.messages[0]
    assert len(refused.value.messages) == 2
    assert not Application.objects.exists()


def test_it_refuses_to_start_for_a_business_that_has_closed(blue, member, company):
    company = company_close(actor=SYSTEM, company=company, closed_on=OPENS.date())
    with pytest.raises(ValidationError) as refused:
        started(blue, member, company, now=OPENS)
    assert refused.value.messages == [
        f"{company.name_ko} closed its business on 2026-11-02; a closed business cannot apply "
        "for programmes."
    ]
    assert not Application.objects.exists()
    with translation.override("ko"), pytest.raises(ValidationError) as refused:
        started(blue, member, company, now=OPENS)
    assert "2026-11-02에 휴·폐업" in refused.value.messages[0]


def test_a_business_closing_on_a_later_day_may_still_start_until_then(blue, member, company):
    company = company_close(
        actor=SYSTEM, company=company, closed_on=OPENS.date() + timedelta(days=1)
    )
    assert started(blue, member, company, now=OPENS).status == S.DRAFT


def test_it_refuses_the_submission_of_a_draft_whose_business_closed_since(blue, member, company):
    application = draft_ready(blue, member, company)
    company_close(actor=SYSTEM, company=company, closed_on=OPENS.date() + timedelta(days=3))
    submitted = OPENS + timedelta(days=3)
    with pytest.raises(ValidationError, match="closed its business on 2026-11-05"):
        application_submit(actor=member, application=application, now=submitted)
    application.refresh_from_db()
    assert application.status == S.DRAFT and application.receipt_number is None


def test_it_rechecks_eligibility_at_submission(blue, member, company):
    rule_version(blue, {"type": "employees", "min": None, "max": 50})
    application = draft_ready(blue, member, company)
    company.employees = 80
    company.save()
    with pytest.raises(ValidationError) as refused:
        application_submit(actor=member, application=application, now=OPENS + ONE_SECOND)
    assert len(refused.value.messages) == 2
    assert "80" in refused.value.messages[1]
    application.refresh_from_db()
    assert application.status == S.DRAFT and application.receipt_number is None


def test_it_refuses_an_incomplete_application_saying_what_is_missing(blue, member, company):
    application = started(blue, member, company, now=OPENS)
    with pytest.raises(ValidationError) as refused:
        application_submit(actor=member, application=application, now=OPENS + ONE_SECOND)
    problems = refused.value.message_dict
    assert problems["business_plan"] == ["Upload this file."]
    assert problems["project_title"] == ["Answer this question."]
    assert problems["consent"] == ["Tick this box to continue."]


def test_it_allows_one_live_application_per_company_and_programme(blue, member, company):
    first = started(blue, member, company, now=OPENS)
    with pytest.raises(ValidationError, match="already has an application"):
        started(blue, member, company, now=OPENS)
    application_withdraw(actor=member, application=first, now=OPENS + ONE_SECOND)
    again = started(blue, member, company, now=OPENS + 2 * ONE_SECOND)
    assert again.pk != first.pk
    other = CompanyFactory()
    assert started(blue, member_of(other), other, now=OPENS).company == other


def test_the_database_refuses_a_second_live_application(blue, member, company):
    first = started(blue, member, company, now=OPENS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(program=blue, company=company, form=first.form)


def test_it_withdraws_before_the_deadline_only(blue, member, company):
    application = application_submit(
        actor=member, application=draft_ready(blue, member, company), now=OPENS + ONE_SECOND
    )
    with pytest.raises(ValidationError, match="withdrawn only before"):
        application_withdraw(actor=member, application=application, now=CLOSES)
    withdrawn = application_withdraw(actor=member, application=application, now=CLOSES - ONE_SECOND)
    assert withdrawn.status == S.WITHDRAWN
    assert withdrawn.withdrawn_at == CLOSES - ONE_SECOND


def test_a_second_final_submission_is_refused_with_the_same_receipt(blue, member, company):
    application = draft_ready(blue, member, company)
    first = application_submit(actor=member, application=application, now=OPENS)
    with pytest.raises(AlreadySubmitted) as again:
        application_submit(actor=member, application=application, now=OPENS + ONE_SECOND)
    assert again.value.application.receipt_number == first.receipt_number
    assert first.receipt_number in again.value.messages[0]
    assert Application.objects.filter(receipt_number__isnull=False).count() == 1


def test_receipt_numbers_follow_a_sequence_per_programme(blue, member, company):
    first = application_submit(
        actor=member, application=draft_ready(blue, member, company), now=OPENS
    )
    other = CompanyFactory()
    other_member = member_of(other)
    second = application_submit(
        actor=other_member, application=draft_ready(blue, other_member, other), now=OPENS
    )
    elsewhere = ProgramFactory(series="g240", opens_at=OPENS, closes_at=CLOSES)
    third = application_submit(
        actor=member, application=draft_ready(elsewhere, member, company), now=OPENS
    )
    assert [first.receipt_number, second.receipt_number, third.receipt_number] == [
        "AY-2026-BLUE100-000001",
        "AY-2026-BLUE100-000002",
        "AY-2026-G240-000001",
    ]


def test_answers_are_locked_after_submission(blue, member, company):
    application = application_submit(
        actor=member, application=draft_ready(blue, member, company), now=OPENS
    )
    with pytest.raises(ValidationError, match="can no longer be changed"):
        application_save_draft(
            actor=member, application=application, answers={"project_title": "바뀐 제목"}
        )
    application.refresh_from_db()
    assert application.answers["project_title"] == "스마트 팩토리 솔루션"


def test_submission_copies_the_registry_values_into_the_answers(blue, member, company):
    application = application_submit(
        actor=member, application=draft_ready(blue, member, company), now=OPENS
    )
    assert application.answers["company_name"] == company.name_ko
    assert application.answers["brn"] == company.brn
    assert application.answers["employees"] == company.employees


def test_drafts_keep_what_was_typed_and_say_what_to_fix(blue, member, company):
    application = started(blue, member, company, now=OPENS)
    result = application_save_draft(
        actor=member,
        application=application,
        answers={"requested_won": "오천만원", "project_title": "제목", "company_name": "가짜"},
    )
    assert result.errors == {"requested_won": "Enter a whole number, without units."}
    application.refresh_from_db()
    assert application.answers == {"requested_won": "오천만원", "project_title": "제목"}
    result = application_save_draft(
        actor=member, application=application, answers={"requested_won": "50,000,000"}
    )
    assert result.errors == {}
    application.refresh_from_db()
    assert application.answers["requested_won"] == 50_000_000
    assert application.answers["project_title"] == "제목"


def test_drafts_refuse_to_store_an_answer_far_beyond_its_field_size(blue, member, company):
    application = started(blue, member, company, now=OPENS)
    application_save_draft(actor=member, application=application, answers={"summary": "요약"})
    entries = AuditEntry.objects.count()
    huge = "가" * 2_400_000

    result = application_save_draft(
        actor=member,
        application=application,
        answers={"summary": huge, "requested_won": "9" * 5000, "project_title": "제목"},
    )

    assert result.errors["summary"].startswith("Shorten this to at most")
    assert result.errors["requested_won"] == "Enter a whole number, without units."
    application.refresh_from_db()
    assert application.answers["summary"] == "요약"
    assert "requested_won" not in application.answers
    assert application.answers["project_title"] == "제목"
    new = AuditEntry.objects.order_by("-pk")[: AuditEntry.objects.count() - entries]
    assert sum(len(str(e.changes)) for e in new) < 1_000


def test_drafts_read_full_width_digits_in_numbers(blue, member, company):
    application = started(blue, member, company, now=OPENS)
    result = application_save_draft(
        actor=member, application=application, answers={"requested_won": "５０,０００,０００"}
    )
    assert result.errors == {}
    application.refresh_from_db()
    assert application.answers["requested_won"] == 50_000_000


def test_only_the_company_members_may_start_or_submit(blue, member, company, officer):
    stranger = member_of(CompanyFactory())
    with pytest.raises(PermissionDenied):
        started(blue, stranger, company, now=OPENS)
    with pytest.raises(PermissionDenied):
        started(blue, officer, company, now=OPENS)
    application = draft_ready(blue, member, company)
    with pytest.raises(PermissionDenied):
        application_submit(actor=stranger, application=application, now=OPENS)


def test_every_status_change_leaves_a_history_row_and_an_audit_entry(blue, member, company):
    application = application_submit(
        actor=member, application=draft_ready(blue, member, company), now=OPENS
    )
    application_withdraw(actor=member, application=application, comment="사정 변경", now=OPENS)
    rows = list(
        ApplicationStatusChange.objects.filter(application=application)
        .order_by("id")
        .values_list("source", "target", "actor", "comment")
    )
    assert rows == [
        ("", S.DRAFT, member.pk, ""),
        (S.DRAFT, S.SUBMITTED, member.pk, ""),
        (S.SUBMITTED, S.WITHDRAWN, member.pk, "사정 변경"),
    ]
    actions = set(
        AuditEntry.objects.filter(object_id=str(application.pk)).values_list("action", flat=True)
    )
    assert {
        "applications.application_start",
        "applications.application_submit",
        "applications.application_withdraw",
    } <= actions


def test_it_emails_the_receipt_to_the_company_members_in_both_languages(
    blue, member, company, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = member_of(company)
    member_of(CompanyFactory())
    application = draft_ready(blue, member, company)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = application_submit(actor=member, application=application, now=OPENS)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == sorted([member.email, colleague.email])
    assert submitted.receipt_number in mail.subject
    korean, english = mail.body.split("-" * 40)
    with translation.override("ko"):
        receipt_number = translation.gettext("Receipt number")
    assert receipt_number != "Receipt number"
    assert receipt_number in korean and "Receipt number" not in korean
    assert "Receipt number" in english
    assert submitted.receipt_number in korean and submitted.receipt_number in english
    assert "2026-11-02 09:00:00 KST" in mail.body


def test_a_refused_submission_sends_no_email(
    blue, member, company, mailoutbox, django_capture_on_commit_callbacks
):
    application = draft_ready(blue, member, company)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        application_submit(actor=member, application=application, now=CLOSES)
    assert mailoutbox == []
