"""Test helpers for applications: an open programme, a started draft, a complete draft and
uploads that pass (or fail) the file checks."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiwon.applications.services.applications import application_save_draft, application_start
from jiwon.applications.services.files import application_file_add
from jiwon.programs.tests.factories import ProgramFactory

PDF = b"%PDF-1.7\n% business plan\n" + b"0" * 2048


def open_program(**overrides):
    """A published programme open at the test clock's now, for a month."""
    now = timezone.now()
    values = {
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "notice_date": timezone.localdate(now) - timedelta(days=1),
    }
    values.update(overrides)
    return ProgramFactory(**values)


def pdf(name="사업계획서.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


COMPLETE_ANSWERS = {
    "contact_name": "김담당",
    "contact_phone": "031-123-4567",
    "project_title": "스마트 팩토리 솔루션",
    "summary": "중소 제조기업을 위한 공정 모니터링 서비스",
    "requested_won": "50,000,000",
    "consent": "on",
}


def started(program, member, company, now=None):
    return application_start(actor=member, program=program, company=company, now=now)


def complete(application, member):
    """Fill in every required answer and the required file of the default form."""
    application_save_draft(actor=member, application=application, answers=COMPLETE_ANSWERS)
    application_file_add(
        actor=member, application=application, field_key="business_plan", upload=pdf()
    )
    application.refresh_from_db()
    return application
