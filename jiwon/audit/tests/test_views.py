from datetime import date

import pytest
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role

LIST = reverse("audit:list")
VERIFY = reverse("audit:verify")


@pytest.fixture
def auditor(db):
    return UserFactory(role=Role.AUDITOR)


def listed(client, **params) -> list[int]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [entry.pk for entry in response.context["page"]]


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.AUDITOR])
def test_admins_and_auditors_can_browse_the_log(client, user_with_role, record, role):
    entry = record()
    client.force_login(user_with_role(role))
    assert client.get(LIST).status_code == 200
    assert client.get(reverse("audit:detail", args=[entry.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.PROGRAM_OFFICER, Role.COMPANY_MEMBER, Role.CITY_VIEWER])
def test_other_roles_are_refused(client, user_with_role, record, role):
    entry = record()
    client.force_login(user_with_role(role))
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("audit:detail", args=[entry.pk])).status_code == 403
    assert client.post(VERIFY).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, record):
    entry = record()
    for url in (LIST, reverse("audit:detail", args=[entry.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert client.post(VERIFY).url.startswith(reverse("accounts:login"))


def test_it_lists_newest_first_with_changes_and_a_link_to_the_company(client, auditor, record):
    company = CompanyFactory(name_ko="안양테크")
    older = record(obj=company, changes={"name_ko": ["옛이름", "안양테크"]})
    newer = record(actor=auditor, obj=company, changes={"employees": [10, 12], "phone": ["", None]})
    client.force_login(auditor)
    response = client.get(LIST)
    assert [e.pk for e in response.context["page"]] == [newer.pk, older.pk]
    html = response.content.decode()
    assert f'<a href="{reverse("companies:detail", args=[company.pk])}">안양테크</a>' in html
    assert "Name (Korean)</span>: 옛이름" in html
    assert "Employees</span>: 10" in html
    assert "(empty)" in html
    assert auditor.username in html


def test_it_pages_without_losing_the_filters(client, auditor, record, settings):
    settings.JIWON_PAGE_SIZE = 2
    entries = [record(action="companies.company_update") for _ in range(3)]
    record(action="companies.company_create")
    client.force_login(auditor)
    first = client.get(LIST, {"action": "companies.company_update"})
    assert [e.pk for e in first.context["page"]] == [entries[2].pk, entries[1].pk]
    assert "?action=companies.company_update&page=2" in first.content.decode()
    assert listed(client, action="companies.company_update", page=2) == [entries[0].pk]


def test_it_filters_by_actor_name_fragment(client, auditor, record):
    kim = UserFactory(username="kim.officer")
    by_kim = record(actor=kim)
    record(actor=UserFactory(username="lee.officer"))
    client.force_login(auditor)
    assert listed(client, actor="KIM") == [by_kim.pk]


def test_it_filters_by_object(client, auditor, record):
    company, other = CompanyFactory(), CompanyFactory()
    mine = record(obj=company)
    record(obj=other)
    record(obj=auditor, action="accounts.user_update")
    client.force_login(auditor)
    assert listed(client, object_type="companies.company", object_id=company.pk) == [mine.pk]
    assert len(listed(client, object_type="accounts.user")) == 1


def test_it_filters_by_action(client, auditor, record):
    created = record(action="companies.company_create")
    record(action="companies.company_update")
    client.force_login(auditor)
    assert listed(client, action="companies.company_create") == [created.pk]


def test_the_date_filter_covers_whole_korean_days(client, auditor, record, kst):
    before_start = record(at=kst(2026, 3, 9, 23, 59, 59, 999999))
    at_start = record(at=kst(2026, 3, 10, 0, 0))
    at_end = record(at=kst(2026, 3, 11, 23, 59))
    after_end = record(at=kst(2026, 3, 12, 0, 0))
    client.force_login(auditor)
    shown = listed(client, date_from="2026-03-10", date_to="2026-03-11")
    assert shown == [at_end.pk, at_start.pk]
    assert before_start.pk not in shown and after_end.pk not in shown
    assert listed(client, date_to="2026-03-11") == [at_end.pk, at_start.pk, before_start.pk]


def test_a_reversed_date_range_is_explained_and_lists_nothing(client, auditor, record):
    record()
    client.force_login(auditor)
    response = client.get(LIST, {"date_from": "2026-03-11", "date_to": "2026-03-10"})
    assert response.context["page"] is None
    html = response.content.decode()
    assert "The end date must be on or after the start date (2026-03-11)." in html
    assert "Fix the filters above to see entries." in html


def test_a_company_without_entries_yet_shows_an_empty_result(client, auditor, record):
    record(obj=auditor, action="accounts.user_update")
    company = CompanyFactory()
    client.force_login(auditor)
    response = client.get(LIST, {"object_type": "companies.company", "object_id": company.pk})
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert "No audit entry matches these filters." in response.content.decode()


def test_an_empty_log_says_so(client, auditor):
    client.force_login(auditor)
    assert "The audit log is empty" in client.get(LIST).content.decode()


def test_the_filter_form_has_labels_and_choices_from_the_log(client, auditor, record):
    record(action="companies.company_create")
    record(obj=auditor, action="accounts.user_update")
    client.force_login(auditor)
    response = client.get(LIST)
    html = response.content.decode()
    for name in ("object_type", "object_id", "actor", "action", "date_from", "date_to"):
        assert f'<label for="id_{name}">' in html
    form = response.context["form"]
    assert [v for v, _ in form.fields["object_type"].choices] == [
        "",
        "accounts.user",
        "companies.company",
    ]
    assert [v for v, _ in form.fields["action"].choices] == [
        "",
        "accounts.user_update",
        "companies.company_create",
    ]


def test_the_detail_page_shows_hashes_and_neighbours(client, auditor, record):
    first, second, third = record(), record(), record()
    client.force_login(auditor)
    html = client.get(reverse("audit:detail", args=[second.pk])).content.decode()
    assert second.hash in html and second.prev_hash in html
    assert reverse("audit:detail", args=[first.pk]) in html
    assert reverse("audit:detail", args=[third.pk]) in html
    assert "Content matches its hash" in html
    assert "GENESIS" in client.get(reverse("audit:detail", args=[first.pk])).content.decode()


def test_the_detail_page_flags_an_altered_entry(client, auditor, record):
    entry = record()
    AuditEntry.objects.filter(pk=entry.pk).update(actor_label="nobody")
    client.force_login(auditor)
    html = client.get(reverse("audit:detail", args=[entry.pk])).content.decode()
    assert "This entry was altered" in html


def test_the_detail_page_of_a_missing_entry_is_404(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("audit:detail", args=[999_999])).status_code == 404


def test_the_verify_button_reports_an_intact_chain(client, auditor, record):
    record(), record()
    client.force_login(auditor)
    response = client.post(VERIFY, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert "Chain intact: 2 entries verified." in response.content.decode()


def test_the_verify_button_points_at_the_first_broken_link(client, auditor, record):
    first, _ = record(), record()
    AuditEntry.objects.filter(pk=first.pk).update(changes={"employees": [10, 11]})
    client.force_login(auditor)
    html = client.post(VERIFY, follow=True).content.decode()
    assert f"Chain broken at entry #{first.id}" in html
    assert "content altered" in html
    assert f'<a href="{reverse("audit:detail", args=[first.pk])}">Open the entry</a>' in html


def test_verifying_needs_a_post(client, auditor):
    client.force_login(auditor)
    assert client.get(VERIFY).status_code == 405


def test_a_service_write_appears_in_the_log(client, admin_user, company):
    from jiwon.companies.services import company_set_growth_stage

    company_set_growth_stage(
        actor=admin_user, company=company, stage="BLUE100", effective_on=date(2026, 3, 1)
    )
    client.force_login(admin_user)
    response = client.get(LIST, {"object_type": "companies.company", "object_id": company.pk})
    [entry] = response.context["page"]
    assert (entry.action, entry.actor_id) == ("companies.company_set_growth_stage", admin_user.pk)
