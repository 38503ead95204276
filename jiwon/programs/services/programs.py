"""Writes for programmes: the programme itself, its status and its attachments. Every function
here is atomic and audited; every status change leaves a ProgramStatusChange row."""

from dataclasses import dataclass, fields
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.core.actor import Actor, actor_user
from jiwon.core.models import Agency
from jiwon.core.permissions import has_perm
from jiwon.core.uploads import InspectedUpload, UploadPolicy, inspect_upload
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.programs.models import (
    Program,
    ProgramAttachment,
    ReferenceDateBasis,
)
from jiwon.programs.workflow import ProgramStatus

KST = ZoneInfo("Asia/Seoul")

EDITABLE_STATUSES = (ProgramStatus.DRAFT, ProgramStatus.PUBLISHED)
# What applicants read and act on: changing these after publication is a notice change.
NOTICE_FIELDS = frozenset({"notice_date", "opens_at", "closes_at", "rolling", "notice_text"})
AUDITED_FIELDS = [
    "agency",
    "fiscal_year",
    "series",
    "title_ko",
    "title_en",
    "category",
    "summary",
    "notice_text",
    "target_text",
    "budget_won",
    "quota",
    "notice_date",
    "opens_at",
    "closes_at",
    "rolling",
    "reference_date_basis",
    "growth_stage",
    "contact_name",
    "contact_phone",
    "contact_email",
]
_TIME_FIELDS = ("opens_at", "closes_at")

ALLOWED_EXTENSIONS = ("pdf", "hwp", "hwpx", "docx", "xlsx", "pptx", "zip", "jpg", "png")
ATTACHMENT_UPLOADS = UploadPolicy(extensions=ALLOWED_EXTENSIONS, max_mb=20)
MAX_ATTACHMENT_BYTES = ATTACHMENT_UPLOADS.max_bytes


@dataclass(frozen=True, kw_only=True)
class ProgramInput:
    """A programme's values as entered by a person or an API call."""

    agency: Agency
    fiscal_year: int
    series: str
    title_ko: str
    category: str
    notice_date: date
    opens_at: datetime
    closes_at: datetime
    rolling: bool = False
    title_en: str = ""
    summary: str = ""
    notice_text: str = ""
    target_text: str = ""
    budget_won: int = 0
    quota: int = 0
    reference_date_basis: str = ReferenceDateBasis.NOTICE
    growth_stage: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""

    def values(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _snapshot(program: Program) -> dict:
    # Times in KST: a value read back from the database (UTC) and the same instant entered in
    # a form (KST) must compare equal, and the log reads in the time people entered.
    data = snapshot(program, AUDITED_FIELDS)
    for name in _TIME_FIELDS:
        value = getattr(program, name)
        if isinstance(value, datetime):
            data[name] = timezone.localtime(value, KST).isoformat()
    return data


def _require_manager(actor: Actor) -> None:
    if not has_perm(actor, "programs.manage"):
        raise PermissionDenied("programs.manage")


def _locked(program: Program) -> Program:
    return Program.objects.select_for_update().select_related("agency").get(pk=program.pk)


@transaction.atomic
def program_create(*, actor: Actor, data: ProgramInput) -> Program:
    """A new programme, as a draft."""
    _require_manager(actor)
    program = workflow_initial(Program(**data.values()))
    program.full_clean()
    program.save()
    workflow_record_created(actor=actor, obj=program)
    audit_record(
        actor=actor,
        action="programs.program_create",
        obj=program,
        changes={
            **{k: [None, v] for k, v in _snapshot(program).items()},
            "status": [None, program.status],
        },
    )
    return program


def not_editable_message(program: Program) -> str:
    return _(
        "A programme can be changed only while it is a draft or published; this one is %(status)s."
    ) % {"status": program.get_status_display()}


@transaction.atomic
def program_update(*, actor: Actor, program: Program, data: ProgramInput) -> Program:
    """Change a draft or published programme. Changing a published programme's window or
    notice is recorded as a notice change (program.notice_change) in the audit log."""
    _require_manager(actor)
    program = _locked(program)
    if program.status not in EDITABLE_STATUSES:
        raise ValidationError(not_editable_message(program))
    before = _snapshot(program)
    for name, value in data.values().items():
        setattr(program, name, value)
    program.full_clean()
    changes = diff(before, _snapshot(program))
    if changes:
        program.save()
        notice_change = program.status == ProgramStatus.PUBLISHED and NOTICE_FIELDS & set(changes)
        audit_record(
            actor=actor,
            action="programs.program_update",
            obj=program,
            # A notice change is what applicants must be told about: the log says so.
            changes={**changes, "notice_change": bool(notice_change)},
        )
    return program


def _publication_problems(program: Program) -> dict[str, str]:
    problems = {}
    if not program.title_ko.strip():
        problems["title_ko"] = _("Enter the title before publishing.")
    if not program.category:
        problems["category"] = _("Choose a category before publishing.")
    if not program.notice_text.strip():
        problems["notice_text"] = _("Write the notice text before publishing.")
    if not (program.opens_at and program.closes_at):
        problems["opens_at"] = _("Set the application window before publishing.")
    elif program.closes_at <= timezone.now():
        problems["closes_at"] = _(
            "Applications closed on %(closes)s; move the closing time into the future before "
            "publishing."
        ) % {"closes": timezone.localtime(program.closes_at, KST).strftime("%Y-%m-%d %H:%M")}
    return problems


def program_transition(
    *, actor: Actor, program: Program, target: str, comment: str = ""
) -> Program:
    """Move `program` to status `target` as the workflow allows the actor. Raises
    ValidationError for an impossible move (or a missing reason or notice) and PermissionDenied
    for a forbidden one. Returns the programme as saved."""

    def publishable(locked: Program) -> dict[str, datetime]:
        if target != ProgramStatus.PUBLISHED:
            return {}
        problems = _publication_problems(locked)
        if problems:
            raise ValidationError(problems)
        return {} if locked.published_at else {"published_at": timezone.now()}

    return workflow_move(
        actor=actor,
        obj=program,
        to=target,
        comment=comment,
        action="programs.program_transition",
        guard=publishable,
    )


def _check_upload(upload: UploadedFile) -> InspectedUpload:
    """The kept name, the size and the sha256 of `upload` (see jiwon.core.uploads); the
    refusal, saying what to fix, belongs to the form's file field."""
    try:
        return inspect_upload(upload, ATTACHMENT_UPLOADS)
    except ValidationError as exc:
        raise ValidationError({"file": exc.error_list}) from exc


@transaction.atomic
def program_attachment_add(
    *, actor: Actor, program: Program, upload: UploadedFile
) -> ProgramAttachment:
    """Store `upload` under MEDIA_ROOT (never served directly: see the download views) and
    attach it to the programme, keeping its name."""
    _require_manager(actor)
    program = _locked(program)
    _require_editable_attachments(program)
    name, size, sha256 = _check_upload(upload)
    attachment = ProgramAttachment(
        program=program,
        name=name,
        size=size,
        sha256=sha256,
        uploaded_by_id=user.pk if (user := actor_user(actor)) else None,
    )
    attachment.file.save(name, upload, save=False)
    try:
        attachment.save()
        audit_record(
            actor=actor,
            action="programs.program_attachment_add",
            obj=program,
            changes={"attachment": [None, f"{name} ({size} bytes, sha256 {sha256})"]},
        )
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def program_attachment_remove(*, actor: Actor, attachment: ProgramAttachment) -> None:
    _require_manager(actor)
    program = _locked(attachment.program)
    _require_editable_attachments(program)
    file = attachment.file
    label = f"{attachment.name} ({attachment.size} bytes, sha256 {attachment.sha256})"
    attachment.delete()
    audit_record(
        actor=actor,
        action="programs.program_attachment_remove",
        obj=program,
        changes={"attachment": [label, None]},
    )
    # Only once the row is gone for good: a rollback must find its file still there.
    transaction.on_commit(lambda: file.delete(save=False))


def _require_editable_attachments(program: Program) -> None:
    if program.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Attachments can be changed only while the programme is a draft or published.")
        )


@transaction.atomic
def program_ledger_by_domain(*, actor: Actor, program: Program) -> Program:
    """The programme's support-ledger rows come from the domain that carries its support on
    (e.g. a tenancy call's contracts), not from its published selection: from now on a
    publication writes none (outcomes' receiver reads `selection_writes_ledger`). Called by
    that domain's service when it takes the programme on."""
    _require_manager(actor)
    locked = _locked(program)
    if not locked.selection_writes_ledger:
        return locked
    locked.selection_writes_ledger = False
    locked.save(update_fields=["selection_writes_ledger", "updated_at"])
    program.selection_writes_ledger = False
    audit_record(
        actor=actor,
        action="programs.program_ledger_by_domain",
        obj=locked,
        changes={"selection_writes_ledger": [True, False]},
    )
    return locked
