from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.reviews.tests.factories import published_ranking
from jiwon.spaces.models import Charge, Contract, Visit
from jiwon.spaces.rules import SEOUL
from jiwon.spaces.services.billing import charges_issue
from jiwon.spaces.services.contracts import contract_sign
from jiwon.spaces.services.waitlist import (
    offers_make,
    tenancy_call_create,
    waitlist_from_selection,
)
from jiwon.spaces.workflow import ContractStatus

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL)


def test_the_public_page_shows_what_is_free_never_who_rents(client, officer, unit):
    contract_sign(
        actor=officer, company=CompanyFactory(name_ko="비밀입주기업"), units=[unit],
        start=date(2026, 1, 1),
    )  # fmt: skip
    page = client.get(reverse("spaces:public")).content.decode()
    assert unit.floor.site.name_ko in page and "비밀입주기업" not in page


def test_a_visitor_checks_in_with_the_qr_code_without_signing_in(client, floor):
    url = reverse("spaces:check_in", args=[floor.site.pk])
    response = client.post(url, {"purpose": "coworking"})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.channel, visit.people, visit.company) == ("qr", 1, None)


def test_occupancy_on_a_past_date_shows_the_contracts_then(client, officer, unit):
    contract_sign(
        actor=officer, company=CompanyFactory(), units=[unit],
        start=date(2022, 1, 1), end=date(2023, 1, 1),
    )  # fmt: skip
    client.force_login(officer)
    then = client.get(reverse("spaces:occupancy"), {"on": "2022-06-01"}).content.decode()
    now = client.get(reverse("spaces:occupancy")).content.decode()
    assert 'id="overall-units">1 / 1<' in then
    assert 'id="overall-units">0 / 1<' in now


def test_a_member_accepts_an_offer_and_staff_move_the_company_in(client, officer, unit):
    setup = published_ranking(officer, at=NOW - timedelta(days=3))
    call = tenancy_call_create(actor=officer, program=setup.program, site=unit.floor.site)
    waitlist_from_selection(actor=officer, call=call)
    [offer] = offers_make(actor=officer, call=call, starts_on=date(2026, 12, 1))
    other = setup.members["ours"]
    client.force_login(other)
    assert client.get(reverse("spaces:offer", args=[offer.pk])).status_code == 404
    client.force_login(setup.members["theirs"])
    assert "accept" in client.get(reverse("spaces:offer", args=[offer.pk])).content.decode()
    client.post(reverse("spaces:offer_answer", args=[offer.pk]), {"answer": "accept"})
    contract = Contract.objects.get(offer=offer)
    assert contract.status == ContractStatus.SIGNED
    assert (
        client.post(reverse("spaces:contract_move_in", args=[contract.pk]), {}).status_code == 403
    )
    client.force_login(officer)
    client.post(
        reverse("spaces:contract_move_in", args=[contract.pk]),
        {"moved_in_on": "2026-12-01", "agreement_signed_on": "2026-11-25",
         "deposit_received_on": "2026-11-26", "keys_issued": 1, "cards_issued": 2},
    )  # fmt: skip
    contract.refresh_from_db()
    assert contract.status == ContractStatus.OCCUPIED


def test_the_charges_export_is_a_workbook_for_finance_and_staff(client, officer, unit):
    contract_sign(actor=officer, company=CompanyFactory(), units=[unit], start=date(2026, 11, 1))
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    charges_issue(actor=finance, month=date(2026, 11, 1))
    assert Charge.objects.count() == 1
    client.force_login(finance)
    response = client.get(reverse("spaces:charges_export"), {"month": "2026-11"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(member_of(CompanyFactory()))
    assert client.get(reverse("spaces:charges_export")).status_code == 403


def test_the_api_gives_occupancy_to_staff_only(client, officer, unit):
    client.force_login(officer)
    body = client.get("/api/v1/spaces/occupancy", {"on": "2026-11-20"}).json()
    assert body["overall"]["units"] == 1
    client.force_login(member_of(CompanyFactory()))
    assert client.get("/api/v1/spaces/occupancy").status_code == 403


def test_every_staff_page_renders_with_a_contract_a_charge_and_a_visit(client, officer, unit):
    from jiwon.spaces.services.visits import visit_check_in

    company = CompanyFactory(name_ko="입주기업")
    contract = contract_sign(actor=officer, company=company, units=[unit], start=date(2026, 11, 1))
    unit.plan_x, unit.plan_y = 30, 40
    unit.save()
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    charges_issue(actor=finance, month=date(2026, 11, 1))
    visit_check_in(site=unit.floor.site, purpose="event")
    client.force_login(officer)
    site = unit.floor.site
    pages = [
        reverse("spaces:site", args=[site.pk]),
        reverse("spaces:contracts"),
        reverse("spaces:contract", args=[contract.pk]),
        reverse("spaces:contract_new", args=[site.pk]),
        reverse("spaces:charges") + "?month=2026-11",
        reverse("spaces:visits") + f"?site={site.pk}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "입주기업" in client.get(pages[0]).content.decode()
    client.force_login(member_of(company))
    mine = client.get(reverse("spaces:mine")).content.decode()
    assert site.name_ko in mine and "400,000" in mine


def test_staff_set_up_a_site_with_a_floor_a_plan_and_a_unit_placed_on_it(client, officer, floor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jiwon.spaces.models import SpaceSite, Unit

    client.force_login(officer)
    response = client.post(
        reverse("spaces:site_new"),
        {"code": "acube", "kind": "youth_hub", "name_ko": "청년공간 에이큐브", "term_months": 24,
         "extension_months": 12, "max_extensions": 1, "extension_threshold": "70", "order": 1},
    )  # fmt: skip
    site = SpaceSite.objects.get(code="acube")
    assert response.status_code == 302
    client.post(reverse("spaces:floor_new", args=[site.pk]), {"level": 2, "label": "2층"})
    level = site.floors.get(level=2)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    client.post(
        reverse("spaces:floor_plan", args=[level.pk]),
        {"plan": SimpleUploadedFile("평면도.png", png, content_type="image/png")},
    )
    level.refresh_from_db()
    assert level.plan.name.endswith(".png")
    client.post(
        reverse("spaces:unit_new", args=[site.pk]),
        {"floor": level.pk, "code": "201호", "kind": "hot_desk", "area_m2": "4.5", "seats": 1,
         "rent_basis": "free", "rent_rate_won": 0, "fee_basis": "free", "fee_rate_won": 0,
         "deposit_won": 0, "opened_on": "2026-01-01", "plan_x": 20, "plan_y": 50},
    )  # fmt: skip
    unit = Unit.objects.get(code="201호")
    page = client.get(reverse("spaces:site", args=[site.pk])).content.decode()
    assert "<svg" in page and 'cx="20"' in page
    client.force_login(member_of(CompanyFactory()))
    assert client.get(reverse("spaces:unit_edit", args=[unit.pk])).status_code == 403


def test_staff_make_a_space_programme_a_tenancy_call(client, officer, floor):
    from jiwon.programs.tests.factories import ProgramFactory
    from jiwon.spaces.models import TenancyCall

    program = ProgramFactory(category="space", title_ko="창업보육센터 입주기업 모집")
    ProgramFactory(category="startup", title_ko="창업 지원금")
    client.force_login(officer)
    page = client.get(reverse("spaces:occupancy")).content.decode()
    assert "창업보육센터 입주기업 모집" in page and "창업 지원금" not in page
    client.post(
        reverse("spaces:call_new"),
        {"program": program.pk, "site": floor.site.pk, "offer_days": 5},
    )
    call = TenancyCall.objects.get()
    assert (call.program, call.site, call.offer_days) == (program, floor.site, 5)
