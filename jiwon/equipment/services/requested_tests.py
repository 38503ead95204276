"""Requested tests (시험분석의뢰): a company asks, the agency accepts and books a unit in the
company's name, or refuses; the result file closes the request."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.companies.notifications import notify_company
from jiwon.core.actor import Actor, actor_user
from jiwon.core.permissions import has_perm
from jiwon.core.uploads import UploadPolicy, inspect_upload
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.equipment.models import Booking, EquipmentKind, Resource, TestRequest
from jiwon.equipment.services.bookings import booking_create
from jiwon.equipment.workflow import TestStatus

RESULT_POLICY = UploadPolicy(extensions=("pdf", "xlsx", "zip", "png", "jpg"), max_mb=20)


def test_request_submit(
    *, actor: Actor, company: Company, kind: EquipmentKind, description: str
) -> TestRequest:
    """시험분석의뢰: a company asks the agency to run a test."""
    if not has_perm(actor, "equipment.request_test", company):
        raise PermissionDenied("may not ask for tests for this company")
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Describe the test you need.")})
    if len(description) > 3000:
        raise ValidationError({"description": _("Keep the description under 3,000 characters.")})
    with transaction.atomic():
        request = workflow_initial(
            TestRequest(
                company=company,
                requested_by=actor_user(actor),
                kind=kind,
                description=description,
            )
        )
        request.save()
        workflow_record_created(actor=actor, obj=request)
        audit_record(
            actor=actor,
            action="equipment.test_request_submit",
            obj=request,
            changes={"kind": [None, kind.code]},
        )
    return request


def test_request_accept(
    *,
    actor: Actor,
    request: TestRequest,
    resource: Resource,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
) -> Booking:
    """Staff accept a test and book a unit of its kind in the company's name."""
    if resource.kind_id != request.kind_id:
        raise ValidationError(_("Book a unit of the kind the company asked for."))
    with transaction.atomic():
        workflow_move(
            actor=actor, obj=request, to=TestStatus.ACCEPTED, action="equipment.test_request_accept"
        )
        booking = booking_create(
            actor=actor,
            resource=resource,
            company=request.company,
            start=start,
            end=end,
            purpose=_("Requested test: %(kind)s") % {"kind": request.kind.name_ko},
            now=now,
            test_request=request,
        )
    notify_company(
        company=request.company,
        template="equipment/email/test_accepted",
        context={"request": request, "booking": booking},
    )
    return booking


def test_request_refuse(*, actor: Actor, request: TestRequest, reason: str) -> TestRequest:
    moved = workflow_move(
        actor=actor,
        obj=request,
        to=TestStatus.REJECTED,
        action="equipment.test_request_refuse",
        comment=reason,
    )
    notify_company(
        company=moved.company,
        template="equipment/email/test_refused",
        context={"request": moved, "reason": reason},
    )
    return moved


def test_request_withdraw(*, actor: Actor, request: TestRequest) -> TestRequest:
    return workflow_move(
        actor=actor, obj=request, to=TestStatus.WITHDRAWN, action="equipment.test_request_withdraw"
    )


def test_request_complete(
    *, actor: Actor, request: TestRequest, result: UploadedFile
) -> TestRequest:
    """Record the result file of an accepted test; the company is told it is ready."""
    inspected = inspect_upload(result, RESULT_POLICY)
    with transaction.atomic():
        moved = workflow_move(
            actor=actor,
            obj=request,
            to=TestStatus.COMPLETED,
            action="equipment.test_request_complete",
            updates={"result_sha256": inspected.sha256},
            changes={"result": [None, inspected.name]},
        )
        moved.result_file.save(inspected.name, result, save=False)
        TestRequest.objects.filter(pk=moved.pk).update(result_file=moved.result_file.name)
    notify_company(
        company=moved.company, template="equipment/email/test_done", context={"request": moved}
    )
    return moved
