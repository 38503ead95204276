import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiwon.companies.access import certification_for, company_for
from jiwon.companies.tests.factories import CertificationFactory, CompanyFactory, member_of


def test_it_gives_staff_any_company_and_a_member_only_their_own(officer, company):
    member = member_of(company)
    other = CompanyFactory()

    assert company_for(officer, other.pk, action="change") == other
    assert company_for(member, company.pk, action="change") == company
    with pytest.raises(PermissionDenied):
        company_for(member, other.pk)


@pytest.mark.parametrize("pk", [987_654, "x"])
def test_it_answers_not_found_for_a_company_that_does_not_exist(officer, pk):
    with pytest.raises(Http404):
        company_for(officer, pk)


def test_it_gives_a_certification_through_its_company(officer, company):
    cert = CertificationFactory(company=company)

    assert certification_for(officer, company.pk, cert.pk, action="change") == cert


def test_it_hides_a_certification_of_another_company_as_not_found(officer, company):
    elsewhere = CertificationFactory()

    with pytest.raises(Http404):
        certification_for(officer, company.pk, elsewhere.pk, action="change")


def test_it_refuses_a_certification_of_a_company_the_user_may_not_change(company):
    cert = CertificationFactory()
    member = member_of(company)

    with pytest.raises(PermissionDenied):
        certification_for(member, cert.company_id, cert.pk, action="change")
