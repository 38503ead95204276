from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from jiwon.companies.tests.factories import CompanyFactory
from jiwon.spaces.models import VisitKind, VisitPurpose
from jiwon.spaces.rules import SEOUL
from jiwon.spaces.selectors import visits_between, visits_by_day, visits_by_purpose
from jiwon.spaces.services.visits import visit_check_in, visit_record

pytestmark = pytest.mark.django_db


def test_visits_are_people_counted_by_seoul_day_and_purpose(officer, floor):
    site = floor.site
    late = datetime(2026, 11, 19, 23, 59, tzinfo=SEOUL)
    visit_check_in(site=site, purpose=VisitPurpose.COWORKING, at=late)
    visit_record(
        actor=officer, site=site, purpose=VisitPurpose.EVENT, kind=VisitKind.COUNT, people=40,
        at=datetime(2026, 11, 20, 0, 0, tzinfo=SEOUL),
    )  # fmt: skip
    visit_record(
        actor=officer, site=site, purpose=VisitPurpose.COUNSELLING, kind=VisitKind.MEMBER,
        company=CompanyFactory(), at=datetime(2026, 11, 20, 15, 0, tzinfo=SEOUL),
    )  # fmt: skip
    assert visits_between(date(2026, 11, 19), date(2026, 11, 21), site=site) == 42
    assert visits_by_day(date(2026, 11, 19), date(2026, 11, 21), site=site) == {
        date(2026, 11, 19): 1,
        date(2026, 11, 20): 41,
    }
    assert visits_by_purpose(date(2026, 11, 20), date(2026, 11, 21)) == {
        "event": 40, "counselling": 1,
    }  # fmt: skip


def test_a_single_visitor_is_one_person_and_a_member_names_the_company(officer, floor):
    with pytest.raises(ValidationError) as exc:
        visit_record(
            actor=officer, site=floor.site, purpose=VisitPurpose.EVENT, kind=VisitKind.PERSON,
            people=3,
        )  # fmt: skip
    assert "people" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        visit_record(actor=officer, site=floor.site, purpose="x", kind=VisitKind.MEMBER)
    assert set(exc.value.message_dict) == {"purpose", "company"}
