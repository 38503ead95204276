"""What the grant services share: locking an agreement, its current budget, evidence files."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.core.actor import Actor, actor_user
from jiwon.core.uploads import UploadPolicy, inspect_upload
from jiwon.grants.models import Agreement, BudgetVersion, EvidenceFile, Expense, Tranche

Key = tuple[str, str]
EVIDENCE_POLICY = UploadPolicy(
    extensions=("pdf", "jpg", "jpeg", "png", "hwp", "hwpx", "xlsx", "docx", "zip"), max_mb=20
)
MAX_FILES = 10


def locked(agreement: Agreement) -> Agreement:
    """The agreement's row, locked for the rest of the transaction (budget checks race)."""
    return (
        Agreement.objects.select_for_update()
        .select_related("program", "company")
        .get(pk=agreement.pk)
    )


def approved_version(agreement: Agreement) -> BudgetVersion:
    return agreement.budget_versions.get(number=agreement.budget_version)


def budget_of(agreement: Agreement) -> dict[Key, int]:
    return {
        (line.category, line.source): line.amount_won
        for line in approved_version(agreement).lines.all()
    }


def evidence_add(
    *,
    actor: Actor,
    uploads: Iterable[UploadedFile[bytes]],
    tranche: Tranche | None = None,
    expense: Expense | None = None,
) -> list[EvidenceFile]:
    """Inspect every upload first (type, content, size), then keep them all, or none."""
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Attach at most %(n)d files.") % {"n": MAX_FILES})
    inspected = [inspect_upload(upload, EVIDENCE_POLICY) for upload in uploads]
    user = actor_user(actor)
    kept = []
    for upload, info in zip(uploads, inspected, strict=True):
        evidence = EvidenceFile(
            tranche=tranche,
            expense=expense,
            name=info.name,
            size=info.size,
            sha256=info.sha256,
            uploaded_by=user,
            uploaded_at=timezone.now(),
        )
        evidence.file.save(info.name, upload, save=False)
        evidence.save()
        kept.append(evidence)
    return kept
