"""Uploads of an application: checked against the field (type, content, size), stored with
their size and SHA-256, replaced or added, removed only from a draft and only by the
applicant."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.applications.services.files import application_file_add, application_file_remove
from jiwon.applications.services.forms import application_form_save
from jiwon.applications.tests.factories import PDF, pdf, started
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory, member_of


def test_an_upload_is_stored_with_its_size_and_sha256(draft, member, settings):
    added = application_file_add(
        actor=member, application=draft, field_key="business_plan", upload=pdf()
    )
    assert added.size == len(PDF)
    assert added.sha256 == hashlib.sha256(PDF).hexdigest()
    assert added.original_name == "사업계획서.pdf"
    stored = settings.MEDIA_ROOT / added.file.name
    assert stored.read_bytes() == PDF
    assert str(stored).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ\x90\x00", "not an allowed file type. Allowed types: pdf, hwp, hwpx"),
        ("plan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10, "not an allowed file type"),
        ("plan.pdf", b"GIF89a" + b"0" * 10, "is not a PDF file"),
        ("plan.pdf", b"", "is empty"),
    ],
)
def test_uploads_of_the_wrong_type_or_content_are_refused(draft, member, name, content, message):
    with pytest.raises(ValidationError, match=message):
        application_file_add(
            actor=member,
            application=draft,
            field_key="business_plan",
            upload=pdf(name, content),
        )
    assert not draft.files.exists()


def test_an_upload_over_the_fields_size_limit_is_refused(program, member, company, officer):
    application_form_save(
        actor=officer,
        program=program,
        definition={
            "steps": [
                {
                    "key": "docs",
                    "title": "서류",
                    "fields": [{"key": "deck", "type": "file", "label": "IR", "max_size_mb": 1}],
                }
            ]
        },
    )
    application = started(program, member, company)
    one_mb = 1024 * 1024
    application_file_add(
        actor=member,
        application=application,
        field_key="deck",
        upload=pdf("exact.pdf", b"%PDF-" + b"0" * (one_mb - 5)),
    )
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        application_file_add(
            actor=member,
            application=application,
            field_key="deck",
            upload=pdf("big.pdf", b"%PDF-" + b"0" * (one_mb - 4)),
        )
    assert application.files.get().original_name == "exact.pdf"


def test_a_new_upload_replaces_a_single_file_and_adds_to_a_multiple_one(draft, member):
    for name in ("one.pdf", "two.pdf"):
        application_file_add(
            actor=member, application=draft, field_key="business_plan", upload=pdf(name)
        )
        application_file_add(
            actor=member, application=draft, field_key="other_documents", upload=pdf(name)
        )
    assert list(
        draft.files.filter(field_key="business_plan").values_list("original_name", flat=True)
    ) == ["two.pdf"]
    assert draft.files.filter(field_key="other_documents").count() == 2


def test_only_the_applicant_uploads_or_removes(draft, member, officer):
    with pytest.raises(PermissionDenied):
        application_file_add(
            actor=officer, application=draft, field_key="business_plan", upload=pdf()
        )
    added = application_file_add(
        actor=member, application=draft, field_key="business_plan", upload=pdf()
    )
    with pytest.raises(PermissionDenied):
        application_file_remove(actor=member_of(CompanyFactory()), file=added)
    application_file_remove(actor=member, file=added)
    assert not draft.files.exists()


def test_a_field_that_is_not_a_file_field_takes_no_upload(draft, member):
    with pytest.raises(ValidationError, match="no file field"):
        application_file_add(actor=member, application=draft, field_key="summary", upload=pdf())


def test_a_file_is_removed_from_a_draft_only(submitted, member):
    with pytest.raises(ValidationError, match="cannot be removed"):
        application_file_remove(actor=member, file=submitted.files.get())
    assert submitted.files.count() == 1


def test_adding_and_removing_are_audited_with_the_hash(draft, member):
    added = application_file_add(
        actor=member, application=draft, field_key="business_plan", upload=pdf()
    )
    application_file_remove(actor=member, file=added)
    entries = AuditEntry.objects.filter(object_id=str(draft.pk), action__contains="file")
    assert sorted(entries.values_list("action", flat=True)) == [
        "applications.application_file_add",
        "applications.application_file_remove",
    ]
    assert all(hashlib.sha256(PDF).hexdigest() in str(e.changes) for e in entries)
