"""Each personal field of the registry is declared once (jiwon/companies/personal.py) with its
guard and its logging: these fail for a field that gets one and misses the other."""

import pytest
from django.test import Client

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.excel.columns import COLUMNS
from jiwon.companies.excel.exporter import HIDDEN, RECORDED, _value
from jiwon.companies.models import Company
from jiwon.companies.personal import GUARDED_FIELDS, PERSONAL, PERSONAL_FIELDS
from jiwon.companies.privacy import company_personal_access
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.permissions import CAPABILITIES, has_perm
from jiwon.core.roles import Role
from jiwon.privacy.models import AccessAction, PersonalDataAccess

pytestmark = pytest.mark.django_db


def test_it_declares_real_fields_each_with_a_known_capability():
    names = {f.name for f in Company._meta.get_fields()}
    for field in PERSONAL:
        assert field.name in names
        assert field.capability in CAPABILITIES
    assert len(PERSONAL_FIELDS) == len(set(PERSONAL_FIELDS))


def test_it_declares_every_field_about_the_representative():
    about_a_person = {
        f.name for f in Company._meta.concrete_fields if f.name.startswith("representative_")
    }
    assert about_a_person == set(PERSONAL_FIELDS)


def test_it_logs_every_declared_field_when_staff_read_a_company_through_the_api(officer):
    company = CompanyFactory()
    client = Client()
    client.force_login(officer)

    assert client.get(f"/api/v1/companies/{company.pk}").status_code == 200

    logged = PersonalDataAccess.objects.get(subject_id=str(company.pk))
    assert logged.fields == list(PERSONAL_FIELDS)


def test_it_refuses_to_log_a_field_that_is_not_declared(officer):
    with pytest.raises(ValueError, match="not declared personal"):
        company_personal_access(
            actor=officer,
            request=None,
            company=CompanyFactory(),
            action=AccessAction.VIEW,
            fields=["representative_phone"],
            purpose="test",
        )


@pytest.mark.parametrize("name", GUARDED_FIELDS)
def test_it_guards_every_guarded_field_for_readers_without_its_capability(name):
    company = CompanyFactory()
    (field,) = [f for f in PERSONAL if f.name == name]
    (column,) = [c for c in COLUMNS if c.field == name]
    assert has_perm(member_of(company), field.capability, company)
    assert not has_perm(member_of(CompanyFactory()), field.capability, company)
    assert not has_perm(UserFactory(role=Role.FINANCE_OFFICER), field.capability, company)
    assert _value(company, column, "hidden") == HIDDEN
    assert _value(company, column, "recorded") == RECORDED


@pytest.mark.parametrize("field", [f for f in PERSONAL if not f.guarded], ids=lambda f: f.name)
def test_it_shows_an_unguarded_field_to_every_reader_of_the_company(field):
    company = CompanyFactory()
    for role in (Role.AGENCY_ADMIN, Role.FINANCE_OFFICER, Role.AUDITOR, Role.CITY_VIEWER):
        assert has_perm(UserFactory(role=role), field.capability, company)
