from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from jiwon.audit.models import AuditEntry
from jiwon.core.actor import SystemActor
from jiwon.programs.services.bulk import ProgramRecord, agency_ensure, programs_bulk_create
from jiwon.programs.tests.factories import AgencyFactory, program_input
from jiwon.programs.workflow import ProgramStatus

pytestmark = pytest.mark.django_db
KST = ZoneInfo("Asia/Seoul")
IMPORT = SystemActor("import")
RULE = {"type": "all", "criteria": [{"type": "representative_age", "min": None, "max": 39}]}


def test_a_calendar_is_created_with_its_statuses_rules_targets_and_one_audit_entry():
    agency = AgencyFactory()
    records = [
        ProgramRecord(
            data=program_input(agency, series=f"S{n}", fiscal_year=2019),
            status=ProgramStatus.COMPLETED,
            published_at=datetime(2019, 3, 1, 9, tzinfo=KST),
            rule=RULE,
            rule_effective_from=date(2019, 3, 1),
        )
        for n in range(3)
    ]

    programs = programs_bulk_create(actor=IMPORT, records=records)

    assert [p.status for p in programs] == [ProgramStatus.COMPLETED] * 3
    assert all(p.rule_versions.get().version == 1 for p in programs)
    assert all(set(p.targets.values_list("group", flat=True)) == {"youth"} for p in programs)
    (entry,) = AuditEntry.objects.filter(action="programs.programs_bulk_create")
    assert entry.changes["programs"] == [None, 3]


def test_a_published_programme_without_its_publication_time_fails_the_batch():
    record = ProgramRecord(
        data=program_input(AgencyFactory()),
        status=ProgramStatus.PUBLISHED,
        rule=RULE,
        rule_effective_from=date(2026, 11, 2),
    )

    with pytest.raises(ValidationError, match="publication time"):
        programs_bulk_create(actor=IMPORT, records=[record])


def test_an_agency_is_ensured_once():
    first, created = agency_ensure(
        actor=IMPORT, code="seoul", name_ko="서울", name_en="Seoul", region_codes=["11110"]
    )
    again, created_again = agency_ensure(
        actor=IMPORT, code="seoul", name_ko="다른", name_en="Other", region_codes=[]
    )

    assert (created, created_again) == (True, False)
    assert again == first and again.name_ko == "서울"
    assert AuditEntry.objects.filter(action="programs.agency_ensure").count() == 1
