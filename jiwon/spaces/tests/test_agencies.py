"""Per-agency scoping: staff of one agency (`RoleUser.agency`) see and manage only their
agency's sites and what hangs off them; another agency's are unknown to them (404) and left
out of every list. Staff not narrowed to an agency, and a company's own members, see as
before."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.programs.tests.factories import AgencyFactory
from jiwon.spaces.models import Charge
from jiwon.spaces.services.billing import charges_issue
from jiwon.spaces.services.contracts import contract_sign
from jiwon.spaces.services.setup import floor_create
from jiwon.spaces.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(officer):
    """A contract at a site of agency A ("안양") and one at a site of agency B ("군포")."""
    ours = AgencyFactory()
    theirs = AgencyFactory(code="gunpo", name_ko="군포산업진흥원", region_codes=["41410"])
    mine = UnitFactory(floor__site__agency=ours, floor__site__name_ko="안양 센터")
    other = UnitFactory(floor__site__agency=theirs, floor__site__name_ko="군포 센터")
    tenant = CompanyFactory(name_ko="군포입주기업")
    contracts = {
        "mine": contract_sign(
            actor=officer, company=CompanyFactory(name_ko="안양입주기업"), units=[mine],
            start=date(2026, 1, 1),
        ),
        "other": contract_sign(
            actor=officer, company=tenant, units=[other], start=date(2026, 1, 1)
        ),
    }  # fmt: skip
    charges_issue(actor=UserFactory(role=Role.FINANCE_OFFICER), month=date(2026, 11, 1))
    staff = UserFactory(role=Role.PROGRAM_OFFICER, agency=ours)
    return {
        "ours": ours, "mine": mine, "other": other, "contracts": contracts, "staff": staff,
        "tenant": member_of(tenant),
    }  # fmt: skip


def other_agency_urls(two):
    other, contract = two["other"], two["contracts"]["other"]
    return [
        reverse("spaces:site", args=[other.floor.site_id]),
        reverse("spaces:site_edit", args=[other.floor.site_id]),
        reverse("spaces:contract_new", args=[other.floor.site_id]),
        reverse("spaces:unit_new", args=[other.floor.site_id]),
        reverse("spaces:unit_edit", args=[other.pk]),
        reverse("spaces:floor_plan_file", args=[other.floor_id]),
        reverse("spaces:contract", args=[contract.pk]),
        ("post", reverse("spaces:contract_move_in", args=[contract.pk])),
        ("post", reverse("spaces:floor_new", args=[other.floor.site_id])),
    ]


def test_it_answers_404_to_another_agencys_staff_for_every_page_of_its_site(client, two):
    client.force_login(two["staff"])
    for url in other_agency_urls(two):
        method, url = url if isinstance(url, tuple) else ("get", url)
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
    mine = two["contracts"]["mine"]
    assert client.get(reverse("spaces:contract", args=[mine.pk])).status_code == 200
    client.force_login(UserFactory(role=Role.FINANCE_OFFICER, agency=two["ours"]))
    charge = Charge.objects.get(contract=two["contracts"]["other"])
    pay = {"paid_won": 1000, "paid_on": "2026-11-20"}
    assert client.post(reverse("spaces:charge_pay", args=[charge.pk]), pay).status_code == 404
    assert client.get(reverse("spaces:site", args=[two["mine"].floor.site_id])).status_code == 200


def test_it_lists_only_the_agencys_sites_contracts_and_charges(client, two):
    client.force_login(two["staff"])
    for name in ("spaces:occupancy", "spaces:contracts", "spaces:visits"):
        page = client.get(reverse(name)).content.decode()
        assert "군포" not in page, name
    charges = client.get(reverse("spaces:charges"), {"month": "2026-11"}).content.decode()
    assert "안양입주기업" in charges and "군포입주기업" not in charges
    occupancy = client.get(reverse("spaces:occupancy")).content.decode()
    assert "안양 센터" in occupancy and 'id="overall-units">1 / 1<' in occupancy


def test_the_api_leaves_out_another_agencys_contracts_and_sites(client, two):
    client.force_login(two["staff"])
    listed = client.get("/api/v1/spaces/contracts").json()["items"]
    assert [c["company_name"] for c in listed] == ["안양입주기업"]
    sites = client.get("/api/v1/spaces/occupancy").json()["sites"]
    assert [s["site"] for s in sites] == ["안양 센터"]
    other = two["contracts"]["other"]
    assert client.get(f"/api/v1/spaces/contracts/{other.pk}").status_code == 404


def test_staff_without_an_agency_and_the_tenant_see_as_before(client, two, officer):
    client.force_login(officer)
    page = client.get(reverse("spaces:contracts")).content.decode()
    assert "안양입주기업" in page and "군포입주기업" in page
    client.force_login(two["tenant"])
    other = two["contracts"]["other"]
    assert client.get(reverse("spaces:contract", args=[other.pk])).status_code == 200


def test_the_services_refuse_another_agencys_site(two):
    staff, other = two["staff"], two["other"]
    with pytest.raises(PermissionDenied):
        contract_sign(actor=staff, company=CompanyFactory(), units=[other], start=date(2029, 1, 1))
    with pytest.raises(PermissionDenied):
        floor_create(actor=staff, site=other.floor.site, level=99, label="99층")
    floor_create(actor=staff, site=two["mine"].floor.site, level=99, label="99층")
