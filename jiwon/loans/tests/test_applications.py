from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.companies.tests.factories import CompanyFactory, ksic, member_of, region
from jiwon.core.models import KsicCode
from jiwon.loans.industries import INDUSTRIES_2016, INDUSTRIES_2017, subclass_count
from jiwon.loans.tests.factories import EOK, applied
from jiwon.loans.workflow import ApplicationStatus


def messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.mark.django_db
def test_it_counts_517_industry_types_before_2017_and_524_after():
    assert subclass_count(INDUSTRIES_2016) == 517
    assert subclass_count(INDUSTRIES_2017) == 524


def test_it_takes_an_application_from_a_member_of_an_eligible_company(fund, company, member):
    application = applied(fund, company, member, amount=3 * EOK)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.number == f"L{fund.year}-00001"
    assert application.status_history.count() == 1


def test_it_refuses_a_company_outside_the_city(fund):
    outsider = CompanyFactory(region=region("41135"))  # 성남시 분당구
    with pytest.raises(ValidationError) as excinfo:
        applied(fund, outsider, member_of(outsider))
    assert "cannot borrow" in messages(excinfo)


def test_it_refuses_an_industry_the_fund_does_not_cover(fund):
    retail = KsicCode.objects.filter(revision=11, level=5, code__startswith="47").first()
    shop = CompanyFactory(ksic=retail)
    with pytest.raises(ValidationError) as excinfo:
        applied(fund, shop, member_of(shop))
    assert "cannot borrow" in messages(excinfo)


def test_it_admits_the_industry_added_in_2017(fund):
    lab = CompanyFactory(ksic=ksic("70121", revision=11))  # 전기·전자공학 연구개발업
    assert applied(fund, lab, member_of(lab)).status == ApplicationStatus.SUBMITTED


def test_it_refuses_a_closed_business(fund, company, member, today):
    company.closed_on = today - timedelta(days=1)
    company.save()
    with pytest.raises(ValidationError) as excinfo:
        applied(fund, company, member)
    assert "closed" in messages(excinfo)


def test_it_refuses_an_application_outside_the_window(fund, company, member, today):
    fund.closes_on = today - timedelta(days=1)
    fund.save()
    with pytest.raises(ValidationError) as excinfo:
        applied(fund, company, member)
    assert "takes applications from" in messages(excinfo)


def test_it_needs_the_declaration_of_good_standing(fund, company, member):
    with pytest.raises(ValidationError) as excinfo:
        applied(fund, company, member, declares_good_standing=False)
    assert "owes no tax" in messages(excinfo)


def test_it_refuses_someone_applying_for_another_company(fund, company):
    stranger = member_of(CompanyFactory())
    with pytest.raises(PermissionDenied):
        applied(fund, company, stranger)


def test_it_refuses_an_amount_over_the_limit_with_the_limit_and_the_excess(fund, company, member):
    with pytest.raises(ValidationError) as excinfo:
        applied(fund, company, member, amount=6 * EOK + 1)
    text = messages(excinfo)
    assert "limit of 600,000,000 won by 1 won" in text


def test_it_refuses_a_second_open_application_for_the_same_purpose(fund, company, member):
    applied(fund, company, member, amount=1 * EOK)
    with pytest.raises(ValidationError) as excinfo:
        applied(fund, company, member, amount=1 * EOK)
    assert "already has an application" in messages(excinfo)
