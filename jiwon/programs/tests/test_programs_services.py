"""The programme services: creation, edits, the status workflow per role, and attachments."""

import hashlib
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiwon.audit.chain import verify
from jiwon.audit.models import AuditEntry
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.programs.models import Program, ProgramAttachment, ProgramStatusChange
from jiwon.programs.services.programs import (
    MAX_ATTACHMENT_BYTES,
    program_attachment_add,
    program_attachment_remove,
    program_create,
    program_transition,
    program_update,
)
from jiwon.programs.tests.factories import KST, ProgramFactory, program_input
from jiwon.programs.workflow import PROGRAM_WORKFLOWS, ProgramStatus

pytestmark = pytest.mark.django_db

MANAGERS = [Role.AGENCY_ADMIN, Role.PROGRAM_OFFICER]
OTHERS = [r for r in Role.values if r not in MANAGERS]
TRANSITIONS = [(t.source, t.target) for t in PROGRAM_WORKFLOWS.current.transitions]
PDF = b"%PDF-1.7\n" + b"x" * 100


def audit_of(program, action=None):
    entries = AuditEntry.objects.filter(object_type="programs.program", object_id=str(program.pk))
    return list(entries.filter(action=action) if action else entries)


def history(program):
    return [(c.source, c.target) for c in program.status_history.order_by("id")]


# Creation and edits


def test_it_creates_a_draft_with_its_first_history_row_and_an_audit_entry(officer):
    program = program_create(actor=officer, data=program_input(title_ko="청년창업 지원"))
    assert program.status == ProgramStatus.DRAFT
    assert program.published_at is None
    change = program.status_history.get()
    assert (change.source, change.target, change.actor) == ("", ProgramStatus.DRAFT, officer)
    [entry] = audit_of(program, "programs.program_create")
    assert entry.actor == officer
    assert entry.changes["title_ko"] == [None, "청년창업 지원"]
    assert entry.changes["status"] == [None, "draft"]


@pytest.mark.parametrize("minutes", [0, -1])
def test_it_refuses_a_window_that_does_not_close_after_it_opens(officer, minutes):
    opens = datetime(2026, 12, 1, 9, 0, tzinfo=KST)
    data = program_input(opens_at=opens, closes_at=opens + timedelta(minutes=minutes))
    with pytest.raises(ValidationError) as exc:
        program_create(actor=officer, data=data)
    assert exc.value.message_dict["closes_at"] == ["Applications must close after they open."]
    assert not Program.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_accepts_a_window_one_minute_long(officer):
    opens = datetime(2026, 12, 1, 9, 0, tzinfo=KST)
    data = program_input(opens_at=opens, closes_at=opens + timedelta(minutes=1))
    assert program_create(actor=officer, data=data).closes_at - opens == timedelta(minutes=1)


def test_it_refuses_a_negative_budget_or_quota_but_accepts_zero(officer):
    with pytest.raises(ValidationError) as exc:
        program_create(actor=officer, data=program_input(budget_won=-1, quota=-1))
    assert exc.value.message_dict["budget_won"] == ["The budget cannot be negative."]
    assert "quota" in exc.value.message_dict
    program = program_create(actor=officer, data=program_input(budget_won=0, quota=0))
    assert (program.budget_won, program.quota) == (0, 0)


def test_it_refuses_the_same_series_twice_in_a_year_for_an_agency(officer):
    program_create(actor=officer, data=program_input(series="BLUE100"))
    with pytest.raises(ValidationError):
        program_create(actor=officer, data=program_input(series="BLUE100"))
    program_create(actor=officer, data=program_input(series="BLUE100", fiscal_year=2027))
    assert Program.objects.filter(series="BLUE100").count() == 2


def test_an_update_is_audited_with_only_what_changed(officer):
    program = program_create(actor=officer, data=program_input())
    program_update(actor=officer, program=program, data=program_input(budget_won=5_300_000_000))
    [entry] = audit_of(program, "programs.program_update")
    assert entry.changes == {"budget_won": [100_000_000, 5_300_000_000], "notice_change": False}


def test_saving_unchanged_values_writes_no_audit_entry(officer):
    program = program_create(actor=officer, data=program_input())
    # Read back from the database, the times are UTC; entered again, they are KST.
    program_update(actor=officer, program=Program.objects.get(pk=program.pk), data=program_input())
    assert audit_of(program, "programs.program_update") == []


def test_a_published_programmes_window_change_is_audited_as_a_notice_change(officer):
    program = program_create(actor=officer, data=program_input())
    program_transition(actor=officer, program=program, target=ProgramStatus.PUBLISHED)
    later = datetime(2099, 12, 31, 20, 0, tzinfo=KST)
    program_update(actor=officer, program=program, data=program_input(closes_at=later))
    [entry] = audit_of(program, "programs.program_update")
    assert entry.changes == {
        "closes_at": ["2099-12-31T18:00:00+09:00", "2099-12-31T20:00:00+09:00"],
        "notice_change": True,
    }
    program_update(
        actor=officer, program=program, data=program_input(closes_at=later, contact_name="김담당")
    )
    flags = [e.changes["notice_change"] for e in audit_of(program, "programs.program_update")]
    assert sorted(flags) == [False, True]


@pytest.mark.parametrize("role", OTHERS)
def test_only_managers_create_edit_and_attach(user_with_role, role, officer):
    user = user_with_role(role)
    program = program_create(actor=officer, data=program_input())
    upload = SimpleUploadedFile("공고문.pdf", PDF)

    with pytest.raises(PermissionDenied):
        program_create(actor=user, data=program_input(series="OTHER"))
    with pytest.raises(PermissionDenied):
        program_update(actor=user, program=program, data=program_input(title_ko="바뀐 제목"))
    with pytest.raises(PermissionDenied):
        program_attachment_add(actor=user, program=program, upload=upload)
    attachment = program_attachment_add(actor=officer, program=program, upload=upload)
    with pytest.raises(PermissionDenied):
        program_attachment_remove(actor=user, attachment=attachment)
    assert Program.objects.get().title_ko == "테스트 지원사업"
    assert ProgramAttachment.objects.get() == attachment


def test_a_system_actor_creates_a_programme_recorded_without_a_user(db):
    program = program_create(actor=SYSTEM, data=program_input())
    attachment = program_attachment_add(
        actor=SYSTEM, program=program, upload=SimpleUploadedFile("공고문.pdf", PDF)
    )
    assert attachment.uploaded_by is None
    assert audit_of(program, "programs.program_create")[0].actor is None


@pytest.mark.parametrize(
    "status", [ProgramStatus.CLOSED, ProgramStatus.UNDER_REVIEW, ProgramStatus.COMPLETED]
)
def test_it_refuses_to_edit_a_programme_past_publication(officer, status):
    program = ProgramFactory(status=status)
    with pytest.raises(ValidationError, match="only while it is a draft or published"):
        program_update(actor=officer, program=program, data=program_input(title_ko="바뀜"))
    program.refresh_from_db()
    assert program.title_ko != "바뀜"


# The status workflow


def ready(status, **kwargs):
    return ProgramFactory(status=status, notice_text="공고문", **kwargs)


@pytest.mark.parametrize("role", MANAGERS)
@pytest.mark.parametrize(("source", "target"), TRANSITIONS)
def test_managers_make_every_transition_and_each_leaves_a_history_row(
    user_with_role, role, source, target
):
    actor = user_with_role(role)
    program = ready(source)
    saved = program_transition(actor=actor, program=program, target=target, comment="사유")
    assert saved.status == target
    assert Program.objects.get(pk=program.pk).status == target
    change = program.status_history.get()
    assert (change.source, change.target, change.actor, change.comment) == (
        source,
        target,
        actor,
        "사유",
    )
    [entry] = audit_of(program, "programs.program_transition")
    assert entry.changes == {"status": [source, target], "comment": [None, "사유"]}


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize(("source", "target"), TRANSITIONS)
def test_every_other_role_is_refused_every_transition(user_with_role, role, source, target):
    program = ready(source)
    with pytest.raises(PermissionDenied):
        program_transition(
            actor=user_with_role(role), program=program, target=target, comment="사유"
        )
    assert Program.objects.get(pk=program.pk).status == source
    assert not ProgramStatusChange.objects.exists()
    assert audit_of(program) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (ProgramStatus.DRAFT, ProgramStatus.CLOSED),
        (ProgramStatus.DRAFT, ProgramStatus.COMPLETED),
        (ProgramStatus.CLOSED, ProgramStatus.PUBLISHED),
        (ProgramStatus.COMPLETED, ProgramStatus.DRAFT),
        (ProgramStatus.PUBLISHED, ProgramStatus.PUBLISHED),
    ],
)
def test_it_refuses_a_move_the_workflow_does_not_have(officer, source, target):
    program = ready(source)
    with pytest.raises(ValidationError, match="Cannot go from"):
        program_transition(actor=officer, program=program, target=target)
    assert not ProgramStatusChange.objects.exists()


def test_withdrawing_needs_a_reason(officer):
    program = ready(ProgramStatus.PUBLISHED)
    for blank in ("", "   "):
        with pytest.raises(ValidationError, match="Give a reason"):
            program_transition(
                actor=officer, program=program, target=ProgramStatus.DRAFT, comment=blank
            )
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.PUBLISHED
    program_transition(
        actor=officer, program=program, target=ProgramStatus.DRAFT, comment="  예산 재조정  "
    )
    assert program.status_history.get().comment == "예산 재조정"


def test_publishing_is_refused_without_notice_text(officer):
    program = ProgramFactory(status=ProgramStatus.DRAFT, notice_text="  \n ")
    with pytest.raises(ValidationError) as exc:
        program_transition(actor=officer, program=program, target=ProgramStatus.PUBLISHED)
    assert exc.value.message_dict == {"notice_text": ["Write the notice text before publishing."]}
    program.refresh_from_db()
    assert (program.status, program.published_at) == (ProgramStatus.DRAFT, None)
    assert not ProgramStatusChange.objects.exists()


def test_publishing_is_refused_once_the_closing_time_has_passed(officer):
    closed = timezone.now() - timedelta(minutes=1)
    program = ready(ProgramStatus.DRAFT, opens_at=closed - timedelta(days=10), closes_at=closed)
    with pytest.raises(ValidationError) as exc:
        program_transition(actor=officer, program=program, target=ProgramStatus.PUBLISHED)
    assert "closes_at" in exc.value.message_dict
    program.closes_at = timezone.now() + timedelta(minutes=1)
    program.save()
    saved = program_transition(actor=officer, program=program, target=ProgramStatus.PUBLISHED)
    assert saved.status == ProgramStatus.PUBLISHED


def test_published_at_is_the_first_publication_and_every_change_is_in_the_history(officer):
    program = program_create(actor=officer, data=program_input())
    first = program_transition(actor=officer, program=program, target=ProgramStatus.PUBLISHED)
    assert first.published_at is not None
    program_transition(
        actor=officer, program=program, target=ProgramStatus.DRAFT, comment="정정 공고"
    )
    again = program_transition(actor=officer, program=program, target=ProgramStatus.PUBLISHED)
    assert again.published_at == first.published_at
    for target in (ProgramStatus.CLOSED, ProgramStatus.UNDER_REVIEW, ProgramStatus.COMPLETED):
        program_transition(actor=officer, program=program, target=target)
    assert history(program) == [
        ("", "draft"),
        ("draft", "published"),
        ("published", "draft"),
        ("draft", "published"),
        ("published", "closed"),
        ("closed", "under_review"),
        ("under_review", "completed"),
    ]
    assert len(audit_of(program, "programs.program_transition")) == 6


def test_a_system_actor_can_close_a_programme(db):
    program = ready(ProgramStatus.PUBLISHED)
    program_transition(actor=SYSTEM, program=program, target=ProgramStatus.CLOSED)
    change = program.status_history.get()
    assert change.actor is None
    assert audit_of(program, "programs.program_transition")[0].actor_label == "system"


# Attachments


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name="공고문.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_it_stores_an_attachment_with_its_name_size_and_sha256(officer, media_root):
    program = ready(ProgramStatus.DRAFT)
    attachment = program_attachment_add(actor=officer, program=program, upload=upload())
    assert attachment.name == "공고문.pdf"
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    stored = media_root / attachment.file.name
    assert stored.read_bytes() == PDF
    assert attachment.file.name.startswith(f"programs/{program.pk}/{attachment.sha256[:16]}/")
    [entry] = audit_of(program, "programs.program_attachment_add")
    assert attachment.sha256 in entry.changes["attachment"][1]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("양식.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"),
        ("양식.hwpx", b"PK\x03\x04rest"),
        ("계획서.docx", b"PK\x03\x04rest"),
        ("예산.xlsx", b"PK\x03\x04rest"),
        ("발표.pptx", b"PK\x03\x04rest"),
        ("묶음.zip", b"PK\x05\x06" + b"\0" * 18),
        ("사진.jpg", b"\xff\xd8\xff\xe0rest"),
        ("사진.JPEG", b"\xff\xd8\xff\xe0rest"),
        ("도면.png", b"\x89PNG\r\n\x1a\nrest"),
    ],
)
def test_it_accepts_every_allowed_type(officer, name, content):
    program = ready(ProgramStatus.DRAFT)
    assert program_attachment_add(actor=officer, program=program, upload=upload(name, content))


@pytest.mark.parametrize("name", ["run.exe", "page.html", "notes.txt", "noextension", "x.pdf.exe"])
def test_it_refuses_a_type_not_on_the_list_and_names_the_allowed_ones(officer, name):
    program = ready(ProgramStatus.DRAFT)
    with pytest.raises(ValidationError) as exc:
        program_attachment_add(actor=officer, program=program, upload=upload(name))
    [message] = exc.value.message_dict["file"]
    assert "is not an allowed file type" in message
    assert "pdf, hwp, hwpx, docx, xlsx, pptx, zip, jpg, png" in message
    assert not ProgramAttachment.objects.exists()


def test_it_refuses_content_that_does_not_match_the_extension(officer, media_root):
    program = ready(ProgramStatus.DRAFT)
    with pytest.raises(ValidationError) as exc:
        program_attachment_add(
            actor=officer, program=program, upload=upload("공고.pdf", b"<html><script>")
        )
    assert exc.value.message_dict["file"] == [
        "The content of “공고.pdf” is not a PDF file. Upload the original file."
    ]
    assert not any(media_root.rglob("*.pdf"))


def test_it_accepts_exactly_20_mb_and_refuses_one_byte_more(officer):
    program = ready(ProgramStatus.DRAFT)
    limit = b"%PDF-" + b"0" * (MAX_ATTACHMENT_BYTES - 5)
    assert program_attachment_add(
        actor=officer, program=program, upload=upload("big.pdf", limit)
    ).size == (20 * 1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        program_attachment_add(
            actor=officer, program=program, upload=upload("bigger.pdf", limit + b"0")
        )
    assert exc.value.message_dict["file"] == [
        "“bigger.pdf” is larger than 20 MB. Compress it or split it."
    ]
    assert program.attachments.count() == 1


def test_it_refuses_an_empty_file(officer):
    program = ready(ProgramStatus.DRAFT)
    with pytest.raises(ValidationError, match="is empty"):
        program_attachment_add(actor=officer, program=program, upload=upload("빈.pdf", b""))


def test_it_keeps_only_the_last_part_of_a_path_as_the_name(officer):
    program = ready(ProgramStatus.DRAFT)
    attachment = program_attachment_add(
        actor=officer, program=program, upload=upload("C:\\Users\\me\\공고문.pdf")
    )
    assert attachment.name == "공고문.pdf"
    assert ".." not in attachment.file.name


def test_removing_an_attachment_deletes_its_file_after_commit_and_is_audited(
    officer, media_root, django_capture_on_commit_callbacks
):
    program = ready(ProgramStatus.PUBLISHED)
    attachment = program_attachment_add(actor=officer, program=program, upload=upload())
    stored = media_root / attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        program_attachment_remove(actor=officer, attachment=attachment)
    assert not ProgramAttachment.objects.exists()
    assert not stored.exists()
    [entry] = audit_of(program, "programs.program_attachment_remove")
    assert entry.changes["attachment"][0].startswith("공고문.pdf")


def test_attachments_are_frozen_after_publication_ends(officer):
    program = ready(ProgramStatus.PUBLISHED)
    attachment = program_attachment_add(actor=officer, program=program, upload=upload())
    program_transition(actor=officer, program=program, target=ProgramStatus.CLOSED)
    with pytest.raises(ValidationError, match="draft or published"):
        program_attachment_add(actor=officer, program=program, upload=upload("추가.pdf"))
    with pytest.raises(ValidationError, match="draft or published"):
        program_attachment_remove(actor=officer, attachment=attachment)
    assert program.attachments.count() == 1


def test_the_audit_chain_stays_intact_across_a_programmes_life(officer):
    program = program_create(actor=officer, data=program_input())
    program_attachment_add(actor=officer, program=program, upload=upload())
    program_transition(actor=officer, program=program, target=ProgramStatus.PUBLISHED)
    assert verify(AuditEntry.objects.order_by("id")) is None
