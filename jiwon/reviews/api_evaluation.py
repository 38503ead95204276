"""/api/v1/evaluation: an evaluator's assignments and the applications they may read.

The same rules as the pages: an application is readable through jiwon.applications.access
(so an evaluator reads only what is assigned to them and not conflicted), and anything else
answers 404, whether it does not exist, is someone else's or is conflicted."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Field, Router, Schema

from jiwon.applications.access import application_for
from jiwon.core.permissions import has_perm
from jiwon.core.schemas import ErrorOut, FieldErrorsOut
from jiwon.reviews.access import evaluator_of
from jiwon.reviews.selectors.scoring import assignments_listed, scorecard_status

router = Router(tags=["evaluation"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut, 429: ErrorOut}


class AssignmentOut(Schema):
    id: int
    application_id: int
    receipt_number: str | None
    company: str
    program: str
    stage: str
    scorecard_status: str
    reading_open: bool = Field(
        description=(
            "Whether the application can still be read: false once the evaluation ended and "
            "its grace period (JIWON_EVALUATOR_ACCESS_GRACE_DAYS) passed."
        )
    )


class FileOut(Schema):
    id: int
    field_key: str
    name: str
    size: int
    sha256: str
    url: str


class ApplicationOut(Schema):
    id: int
    receipt_number: str | None
    company: str
    program: str
    status: str
    submitted_at: datetime | None
    answers: dict
    files: list[FileOut]


@router.get(
    "/assignments",
    response={200: list[AssignmentOut], **ERRORS},
    operation_id="evaluation_assignments",
    summary="The caller's own assignments (evaluators)",
)
def my_assignments(request):
    user = request.auth
    if not has_perm(user, "reviews.score"):
        raise PermissionDenied
    evaluator = evaluator_of(user)
    if evaluator is None or not evaluator.active:
        return []
    return [
        {
            "id": a.pk,
            "application_id": a.application_id,
            "receipt_number": a.application.receipt_number,
            "company": a.application.company.name_ko,
            "program": a.committee.program.title_ko,
            "stage": a.committee.stage,
            "scorecard_status": scorecard_status(a) or "not_started",
            "reading_open": a.reading_open,
        }
        for a in assignments_listed(evaluator)
    ]


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **ERRORS},
    operation_id="evaluation_application",
    summary="An application the caller may read: its answers and files",
)
def application_detail(request, application_id: int):
    """For evaluators, only an application assigned to them without a conflict of interest;
    anything else is 404."""
    application = application_for(request.auth, application_id, "view")
    return {
        "id": application.pk,
        "receipt_number": application.receipt_number,
        "company": application.company.name_ko,
        "program": application.program.title_ko,
        "status": application.status,
        "submitted_at": application.submitted_at,
        "answers": application.answers,
        "files": [
            {
                "id": f.pk,
                "field_key": f.field_key,
                "name": f.original_name,
                "size": f.size,
                "sha256": f.sha256,
                "url": reverse("applications:file", args=[application.pk, f.pk]),
            }
            for f in application.files.all()
        ],
    }
