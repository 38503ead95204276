from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiwon.applications.services.imports import ApplicationRecord, StepRecord, applications_import
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.actor import SystemActor
from jiwon.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db
IMPORT = SystemActor("import")


def steps(*targets, start=None):
    start = start or timezone.now() - timedelta(days=30)
    return [StepRecord(target=t, at=start + timedelta(days=n)) for n, t in enumerate(targets)]


def test_imported_applications_keep_their_dates_history_and_receipt_order():
    program = ProgramFactory()
    early, late = CompanyFactory(), CompanyFactory()
    base = timezone.now() - timedelta(days=40)
    records = [
        ApplicationRecord(
            company=late, answers={}, steps=steps(S.DRAFT, S.SUBMITTED, start=base + timedelta(1))
        ),
        ApplicationRecord(
            company=early, answers={}, steps=steps(S.DRAFT, S.SUBMITTED, S.SCREENING, start=base)
        ),
        ApplicationRecord(company=CompanyFactory(), answers={}, steps=steps(S.DRAFT)),
    ]

    second, first, draft = applications_import(actor=IMPORT, program=program, records=records)

    assert (first.receipt_sequence, second.receipt_sequence, draft.receipt_sequence) == (1, 2, None)
    assert first.status == S.SCREENING and first.submitted_at == base + timedelta(days=1)
    assert [h.target for h in first.status_history.order_by("at")] == [
        S.DRAFT,
        S.SUBMITTED,
        S.SCREENING,
    ]
    assert first.status_history.get(target=S.DRAFT).at == first.created_at == base
    assert AuditEntry.objects.filter(action="applications.applications_import").count() == 1


def test_a_history_that_skips_the_workflow_fails_the_import():
    records = [
        ApplicationRecord(company=CompanyFactory(), answers={}, steps=steps(S.DRAFT, S.SELECTED))
    ]

    with pytest.raises(ValidationError, match="not a transition"):
        applications_import(actor=IMPORT, program=ProgramFactory(), records=records)
