"""The company page shows the sections the apps above companies register."""

import pytest
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies import sections
from jiwon.companies.sections import CompanySection, register_company_section
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.permissions import CAPABILITIES, Capability, has_perm
from jiwon.core.roles import Role
from jiwon.outcomes.tests.factories import LedgerEntryFactory


def page_of(client, company) -> str:
    response = client.get(reverse("companies:detail", args=[company.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def registry(monkeypatch, tmp_path, settings):
    """The registered sections for the test to add to (restored after it), and a folder for
    its templates."""
    monkeypatch.setattr(sections, "_SECTIONS", dict(sections._SECTIONS))
    folder = tmp_path / "templates"
    folder.mkdir()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
    return folder


def add(registry, key, *, order=10, title="A section", body="", context=lambda v, c: {}):
    (registry / f"{key}.html").write_text(body, encoding="utf-8")
    return register_company_section(
        CompanySection(key=key, order=order, title=title, template=f"{key}.html", context=context)
    )


def test_it_shows_a_registered_section_under_its_title_with_its_context(
    client, officer, company, registry
):
    add(
        registry,
        "loans",
        title="Loans",
        body="<p>{{ count }} loans of {{ company.name_ko }} for {{ viewer.username }}</p>",
        context=lambda viewer, company: {"count": 2},
    )
    client.force_login(officer)

    page = page_of(client, company)

    assert '<section id="company-loans" aria-labelledby="company-loans-title">' in page
    assert '<h2 id="company-loans-title">Loans</h2>' in page
    assert f"<p>2 loans of {company.name_ko} for {officer.username}</p>" in page


def test_it_leaves_out_a_section_whose_context_is_none_for_the_viewer(client, company, registry):
    seen_by = []

    def staff_only(viewer, shown):
        seen_by.append((viewer.pk, shown.pk))
        return {} if has_perm(viewer, "companies.view_all") else None

    add(registry, "tenancy", title="Tenancy", body="<p>unit A-101</p>", context=staff_only)
    member = member_of(company)
    client.force_login(member)

    page = page_of(client, company)

    assert seen_by == [(member.pk, company.pk)]
    assert "Tenancy" not in page and "unit A-101" not in page


def test_it_orders_the_sections_and_puts_them_before_the_members(
    client, officer, company, registry
):
    add(registry, "equipment", order=70, title="Equipment bookings")
    add(registry, "grants", order=20, title="Grants")
    client.force_login(officer)

    page = page_of(client, company)

    grants, outcomes = page.index('id="company-grants"'), page.index('id="company-outcomes"')
    equipment = page.index('id="company-equipment"')
    assert grants < outcomes < equipment < page.index("<h2>Members</h2>")


def test_registering_a_key_again_replaces_the_section(registry):
    add(registry, "grants", title="Old")
    add(registry, "grants", title="New")

    assert [s.title for s in sections.company_sections() if s.key == "grants"] == ["New"]


@pytest.mark.parametrize("key", ["", "Grants", "2grants", "grant_rows"])
def test_a_section_key_is_a_lowercase_slug(key):
    with pytest.raises(ValueError, match="lowercase"):
        CompanySection(key=key, order=1, title="x", template="x.html", context=lambda v, c: {})


# --- the outcomes section, registered by the outcomes app ----------------------------------


@pytest.fixture
def supported(db):
    company = CompanyFactory()
    LedgerEntryFactory(company=company, description="시제품 제작 지원")
    return company


@pytest.mark.parametrize(
    "role",
    [Role.AGENCY_ADMIN, Role.PROGRAM_OFFICER, Role.FINANCE_OFFICER, Role.CITY_VIEWER, Role.AUDITOR],
)
def test_the_outcomes_section_shows_for_staff_readers(client, supported, role):
    client.force_login(UserFactory(role=role))

    page = page_of(client, supported)

    assert '<h2 id="company-outcomes-title">Support received and outcomes</h2>' in page
    assert "시제품 제작 지원" in page


def test_the_outcomes_section_shows_for_the_companys_own_member(client, supported):
    client.force_login(member_of(supported))

    assert "시제품 제작 지원" in page_of(client, supported)


def test_the_outcomes_section_is_left_out_for_a_reader_of_the_company_without_outcomes(
    client, supported, monkeypatch
):
    without_viewers = CAPABILITIES["outcomes.view_all"].roles - {Role.CITY_VIEWER}
    monkeypatch.setitem(
        CAPABILITIES,
        "outcomes.view_all",
        Capability("outcomes.view_all", frozenset(without_viewers), ""),
    )
    client.force_login(UserFactory(role=Role.CITY_VIEWER))

    page = page_of(client, supported)

    assert 'id="company-outcomes"' not in page
    assert "시제품 제작 지원" not in page
