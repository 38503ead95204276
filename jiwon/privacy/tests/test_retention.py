"""Retention as data (issue 10 item 16): how long each kind of personal record is kept after
its purpose ends lives in RetentionRule rows; the daily job anonymises what is past it; a
person sees and downloads what Jiwon holds about them."""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.models import Company, CompanyKind
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.core.scheduling import run_due_jobs
from jiwon.privacy.models import Anonymisation, PersonalDataAccess, RetentionRule
from jiwon.privacy.retention import months_before, retention_apply
from jiwon.privacy.services import personal_access_record
from jiwon.reviews.models import Evaluator
from jiwon.reviews.tests.factories import EvaluatorFactory

KST = ZoneInfo("Asia/Seoul")


def closed_company(closed_on: date, **kwargs) -> Company:
    company = CompanyFactory(representative_name="김대표", email="ceo@example.kr", **kwargs)
    Company.objects.filter(pk=company.pk).update(closed_on=closed_on, founded_on=date(2010, 1, 1))
    return company


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(datetime(2026, 3, 31, 9, tzinfo=KST), 1) == datetime(
        2026, 2, 28, 9, tzinfo=KST
    )
    assert months_before(datetime(2026, 11, 20, tzinfo=KST), 60) == datetime(
        2021, 11, 20, tzinfo=KST
    )


def test_it_anonymises_a_closed_companys_representative_after_the_period(db):
    # TEST_NOW is 2026-11-20: five years (the default 60 months) reach back to 2021-11-20.
    old = closed_company(date(2021, 11, 19))
    recent = closed_company(date(2021, 11, 20))
    result = retention_apply(timezone.now())
    assert "representative 1" in result
    old.refresh_from_db(), recent.refresh_from_db()
    assert (old.representative_name, old.representative_birth_date, old.email) == (
        "(익명처리)",
        date(1900, 1, 1),
        "",
    )
    assert recent.representative_name == "김대표"
    entry = AuditEntry.objects.get(action="companies.company_personal_data_anonymise")
    # The audit entry names the fields, not the values it erased.
    assert "김대표" not in json.dumps(entry.changes, ensure_ascii=False)


def test_the_period_is_data_the_agency_changes(db):
    company = closed_company(date(2025, 11, 1))
    retention_apply(timezone.now())
    company.refresh_from_db()
    assert company.representative_name == "김대표"
    RetentionRule.objects.filter(kind="representative").update(keep_months=12)
    retention_apply(timezone.now())
    company.refresh_from_db()
    assert company.representative_name == "(익명처리)"


def test_it_anonymises_each_record_once(db):
    closed_company(date(2020, 1, 1))
    retention_apply(timezone.now())
    assert "representative 0" in retention_apply(timezone.now())
    assert Anonymisation.objects.count() == 1
    assert (
        AuditEntry.objects.filter(action="companies.company_personal_data_anonymise").count() == 1
    )


def test_it_anonymises_idle_pre_founders_and_inactive_evaluators(db):
    person = CompanyFactory(
        kind=CompanyKind.PREFOUNDER, brn=None, legal_form="", founded_on=None, name_ko="홍길동"
    )
    Company.objects.filter(pk=person.pk).update(updated_at=timezone.now() - timedelta(days=4 * 365))
    gone = EvaluatorFactory(name="이평가", active=False)
    Evaluator.objects.filter(pk=gone.pk).update(updated_at=timezone.now() - timedelta(days=6 * 365))
    active = EvaluatorFactory(name="박평가")
    Evaluator.objects.filter(pk=active.pk).update(
        updated_at=timezone.now() - timedelta(days=6 * 365)
    )
    retention_apply(timezone.now())
    person.refresh_from_db(), gone.refresh_from_db(), active.refresh_from_db()
    assert person.name_ko.startswith("(익명처리)") and person.representative_name == "(익명처리)"
    assert gone.name.startswith("(익명처리)") and gone.affiliation == ""
    assert active.name == "박평가"


def test_it_deletes_access_log_rows_past_the_legal_period(db, settings, time_machine):
    settings.JIWON_PERSONAL_ACCESS_LOG_YEARS = 2
    officer = UserFactory(role=Role.PROGRAM_OFFICER)

    def access(at):
        time_machine.move_to(at, tick=False)
        personal_access_record(
            actor=officer,
            request=None,
            action="view",
            kind="representative",
            fields=["representative_name"],
            purpose="Company page",
        )

    access(datetime(2024, 11, 19, 9, tzinfo=KST))
    access(datetime(2024, 11, 21, 9, tzinfo=KST))
    time_machine.move_to(datetime(2026, 11, 20, 10, tzinfo=KST), tick=False)
    retention_apply(timezone.now())
    assert [a.at.date() for a in PersonalDataAccess.objects.all()] == [date(2024, 11, 21)]


def test_the_scheduler_runs_retention_daily(db):
    closed_company(date(2019, 1, 1))
    run_due_jobs(only="privacy.retention_apply")
    assert Anonymisation.objects.count() == 1


def test_the_retention_page_lists_each_kind_with_its_period(client, db):
    closed_company(date(2019, 1, 1))
    client.force_login(UserFactory(role=Role.AUDITOR))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("privacy:retention")).content.decode()
    assert "Representatives of closed companies" in page
    assert "60 months" in page
    assert "Evaluators no longer in the pool" in page


@pytest.mark.parametrize("role", [Role.PROGRAM_OFFICER, Role.COMPANY_MEMBER])
def test_others_do_not_see_the_retention_page(client, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("privacy:retention")).status_code == 403


def test_a_person_sees_and_downloads_what_jiwon_holds_about_them(client, db):
    company = CompanyFactory(representative_name="김대표", phone="031-000-0000")
    user = member_of(company)
    officer = UserFactory(role=Role.PROGRAM_OFFICER, username="kimstaff")
    personal_access_record(
        actor=officer,
        request=None,
        action="view",
        kind="representative",
        subject_id=company.pk,
        fields=["representative_name"],
        purpose="Company page",
    )
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "김대표" in page and "031-000-0000" in page and user.email in page
    assert "Accessed by the agency" in page
    download = client.get(reverse("privacy:my_data_download"))
    assert download["Content-Disposition"] == 'attachment; filename="jiwon-my-data.json"'
    assert "no-store" in download["Cache-Control"]
    data = json.loads(download.content)
    [record] = data["sections"]["companies"]["records"]
    assert record["fields"]["Representative"] == "김대표"
    # Who accessed it: the role and purpose, not the staff member's account.
    assert record["accesses"][0]["role"] == Role.PROGRAM_OFFICER
    assert "kimstaff" not in json.dumps(record["accesses"])
    assert data["sections"]["account"]["records"][0]["fields"]["Username"] == user.username


def test_an_evaluator_sees_their_pool_record(client, db):
    evaluator = EvaluatorFactory(name="이평가", affiliation="한국대학교")
    client.force_login(evaluator.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = json.loads(client.get(reverse("privacy:my_data_download")).content)
    assert data["sections"]["evaluator"]["records"][0]["fields"]["Affiliation"] == "한국대학교"


def test_the_page_is_in_korean_by_default(client, db):
    client.force_login(member_of(CompanyFactory()))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ko"
    assert "내 개인정보" in client.get(reverse("privacy:my_data")).content.decode()


def test_the_profile_page_links_to_it(client, db):
    client.force_login(member_of(CompanyFactory()))
    assert reverse("privacy:my_data") in client.get(reverse("accounts:profile")).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("privacy:my_data"))
    assert response.status_code == 302 and "login" in response["Location"]
