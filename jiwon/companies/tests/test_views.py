from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiwon.audit.models import AuditEntry
from jiwon.companies.models import Company
from jiwon.companies.tests.factories import CertificationFactory, CompanyFactory, ksic, region


@pytest.fixture
def staff_client(client, officer):
    client.force_login(officer)
    return client


def listed(response) -> set[str]:
    return {c.name_ko for c in response.context["page"]}


def test_it_searches_by_name_and_by_business_number(staff_client):
    alpha = CompanyFactory(name_ko="알파정밀")
    CompanyFactory(name_ko="베타소프트")
    assert listed(staff_client.get(reverse("companies:list"), {"q": "알파"})) == {"알파정밀"}
    hyphenated = alpha.brn_display
    assert listed(staff_client.get(reverse("companies:list"), {"q": hyphenated})) == {"알파정밀"}


def test_it_filters_by_ksic_prefix_and_by_industry_name(staff_client):
    CompanyFactory(name_ko="부품사", ksic=ksic("26211"))
    CompanyFactory(name_ko="소프트사", ksic=ksic("58222"))
    url = reverse("companies:list")
    assert listed(staff_client.get(url, {"ksic": "26"})) == {"부품사"}
    assert listed(staff_client.get(url, {"ksic": "응용 소프트웨어"})) == {"소프트사"}
    assert listed(staff_client.get(url, {"ksic": "C"})) == {"부품사"}


def test_it_filters_by_district_stage_and_valid_certification(staff_client):
    manan = CompanyFactory(name_ko="만안사", region=region("41171"), growth_stage="BLUE100")
    CompanyFactory(name_ko="동안사", region=region("41173"))
    CertificationFactory(company=manan, kind="innobiz", valid_to=date(2099, 1, 1))
    expired = CompanyFactory(name_ko="만료사")
    CertificationFactory(company=expired, kind="innobiz", valid_to=date(2020, 1, 1))
    url = reverse("companies:list")
    assert listed(staff_client.get(url, {"region": "41171"})) == {"만안사"}
    assert listed(staff_client.get(url, {"stage": "BLUE100"})) == {"만안사"}
    assert listed(staff_client.get(url, {"certification": "innobiz"})) == {"만안사"}


def test_it_shows_an_empty_state_when_nothing_matches(staff_client):
    response = staff_client.get(reverse("companies:list"), {"q": "없는회사"})
    assert response.context["total"] == 0
    assert b"jw-empty" in response.content


def test_it_pages_without_counting_twice(staff_client, settings, django_assert_max_num_queries):
    settings.JIWON_PAGE_SIZE = 2
    for n in range(5):
        CompanyFactory(name_ko=f"회사{n}")
    response = staff_client.get(reverse("companies:list"), {"page": 3})
    assert listed(response) == {"회사4"}
    assert not response.context["page"].has_next
    with django_assert_max_num_queries(6):
        staff_client.get(reverse("companies:list"), {"page": 2})


def test_an_officer_registers_a_company_through_the_form(staff_client):
    response = staff_client.post(
        reverse("companies:create"),
        {
            "kind": "company",
            "brn": "124-81-00998",
            "legal_form": "corporation",
            "name_ko": "신규기업",
            "representative_name": "이대표",
            "representative_birth_date": "1985-01-31",
            "founded_on": "2020-02-03",
            "ksic_code": "62010",
            "region": region("41173").pk,
            "employees": "3",
            "annual_sales_won": "150000000",
        },
    )
    assert response.status_code == 302
    company = Company.objects.get(brn="1248100998")
    assert company.ksic.code == "62010" and company.ksic.revision == 11
    assert AuditEntry.objects.filter(
        action="companies.company_create", object_id=str(company.pk)
    ).exists()


def test_a_bad_check_digit_is_shown_on_the_field_and_nothing_is_saved(staff_client):
    response = staff_client.post(
        reverse("companies:create"),
        {
            "kind": "company",
            "brn": "124-81-00997",
            "legal_form": "corporation",
            "name_ko": "오타기업",
            "representative_name": "이대표",
            "representative_birth_date": "1985-01-31",
            "founded_on": "2020-02-03",
            "region": region("41173").pk,
            "employees": "3",
            "annual_sales_won": "0",
        },
    )
    assert response.status_code == 200
    assert "brn" in response.context["form"].errors
    assert b'aria-invalid="true"' in response.content
    assert not Company.objects.filter(name_ko="오타기업").exists()


def test_an_unknown_ksic_code_is_refused(staff_client):
    response = staff_client.post(
        reverse("companies:create"),
        {
            "kind": "company",
            "brn": "124-81-00998",
            "legal_form": "corporation",
            "name_ko": "기업",
            "representative_name": "이대표",
            "ksic_code": "99999",
            "representative_birth_date": "1985-01-31",
            "founded_on": "2020-02-03",
            "region": region("41173").pk,
            "employees": "3",
            "annual_sales_won": "0",
        },
    )
    assert "ksic_code" in response.context["form"].errors


def test_a_member_edits_their_profile_but_not_the_business_number(client, company, member):
    client.force_login(member)
    url = reverse("companies:edit", args=[company.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(region=company.region_id, employees=77, brn="124-81-00998", name_en="Anyang Co")
    response = client.post(url, data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.employees == 77
    assert company.name_en == "Anyang Co"
    assert company.brn != "1248100998"


def test_the_detail_page_shows_profile_certifications_and_history(staff_client, company):
    CertificationFactory(company=company, kind="venture")
    response = staff_client.get(reverse("companies:detail", args=[company.pk]))
    body = response.content.decode()
    assert company.brn_display in body
    assert company.ksic.name_ko in body
    assert len(response.context["certifications"]) == 1


def test_an_officer_adds_and_removes_a_certification(staff_client, company):
    added = staff_client.post(
        reverse("companies:certification_add", args=[company.pk]),
        {"kind": "innobiz", "number": "R-1", "valid_from": "2024-01-01", "valid_to": ""},
    )
    cert = company.certifications.get()

    removed = staff_client.post(
        reverse("companies:certification_remove", args=[company.pk, cert.pk]), follow=True
    )

    assert added.status_code == 302
    assert "The certification was removed." in removed.content.decode()
    assert not company.certifications.exists()
    actions = AuditEntry.objects.filter(object_id=str(company.pk)).values_list("action", flat=True)
    assert set(actions) == {"companies.certification_add", "companies.certification_remove"}


def test_a_certification_is_removed_only_through_its_own_company(staff_client, company):
    elsewhere = CertificationFactory()

    response = staff_client.post(
        reverse("companies:certification_remove", args=[company.pk, elsewhere.pk])
    )

    assert response.status_code == 404
    assert elsewhere.company.certifications.exists()


def test_a_refused_certification_is_shown_as_a_message(staff_client, company, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"kind": "Already certified.", "number": "Unknown number."})

    monkeypatch.setattr("jiwon.companies.services.certification_add", refuse)

    response = staff_client.post(
        reverse("companies:certification_add", args=[company.pk]),
        {"kind": "innobiz", "valid_from": "2024-01-01"},
        follow=True,
    )

    page = response.content.decode()
    assert "Already certified." in page and "Unknown number." in page
