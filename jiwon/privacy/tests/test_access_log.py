"""The personal-data access log (개인정보처리시스템 접속기록, issue 10 item 15): staff views,
exports and changes of representatives', pre-founders' and evaluators' personal fields are
logged with who, when, where from and for what; exports ask for a reason; the auditor reviews
each month from a page that flags unusual volumes."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.models import CompanyKind
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.privacy.models import AccessReview, PersonalDataAccess
from jiwon.privacy.services import personal_access_record
from jiwon.reviews.tests.factories import EvaluatorFactory

KST = ZoneInfo("Asia/Seoul")
REVIEW = reverse("privacy:review")


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.PROGRAM_OFFICER, username="officer")


@pytest.fixture
def auditor(db):
    return UserFactory(role=Role.AUDITOR)


def test_it_logs_staff_reading_a_representative_on_the_company_page(client, officer):
    company = CompanyFactory(representative_name="김대표")
    client.force_login(officer)
    client.get(reverse("companies:detail", args=[company.pk]), REMOTE_ADDR="203.0.113.7")
    [entry] = PersonalDataAccess.objects.all()
    assert (entry.actor, entry.actor_role, entry.address) == (
        officer,
        Role.PROGRAM_OFFICER,
        "203.0.113.7",
    )
    assert (entry.action, entry.subject_kind, entry.subject_id) == (
        "view",
        "representative",
        str(company.pk),
    )
    assert entry.fields == ["representative_name"]
    assert entry.purpose == "Company page"
    assert entry.path == reverse("companies:detail", args=[company.pk])


def test_it_logs_a_pre_founder_as_such(client, officer):
    person = CompanyFactory(kind=CompanyKind.PREFOUNDER, brn=None, legal_form="", founded_on=None)
    client.force_login(officer)
    client.get(reverse("companies:detail", args=[person.pk]))
    assert PersonalDataAccess.objects.get().subject_kind == "prefounder"


def test_a_member_reading_their_own_company_is_not_logged(client, db):
    company = CompanyFactory()
    client.force_login(member_of(company))
    assert client.get(reverse("companies:detail", args=[company.pk])).status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_it_logs_reading_an_evaluator(client, officer):
    evaluator = EvaluatorFactory(name="이평가")
    client.force_login(officer)
    client.get(reverse("reviews:evaluator", args=[evaluator.pk]))
    entry = PersonalDataAccess.objects.get()
    assert (entry.subject_kind, entry.subject_label) == ("evaluator", "이평가")
    assert entry.fields == ["name", "affiliation", "region_code"]


def test_it_logs_the_api_reading_a_representative(client, officer):
    from jiwon.accounts.services import api_token_create

    company = CompanyFactory()
    _token, secret = api_token_create(actor=officer, user=officer, name="t")
    client.get(f"/api/v1/companies/{company.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    entry = PersonalDataAccess.objects.get()
    assert entry.fields == ["representative_name", "representative_birth_date"]
    assert entry.purpose == "API: companies_detail"


def test_an_export_with_personal_data_asks_for_a_reason_first(client, officer):
    CompanyFactory.create_batch(3)
    client.force_login(officer)
    asked = client.get(reverse("companies:export"), {"q": "테스트"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Why do you need this export?" in page
    assert 'name="q" value="테스트"' in page
    assert not PersonalDataAccess.objects.exists()
    too_short = client.get(reverse("companies:export"), {"reason": " x "})
    assert too_short.status_code == 400
    assert "at least 5 characters" in too_short.content.decode()


def test_an_export_is_logged_with_its_reason_and_how_many_persons(client, officer):
    CompanyFactory.create_batch(3)
    client.force_login(officer)
    response = client.get(reverse("companies:export"), {"reason": "  선정위원회   자료  "})
    assert "attachment" in response["Content-Disposition"]
    entry = PersonalDataAccess.objects.get()
    assert (entry.action, entry.subject_count, entry.purpose) == ("export", 3, "선정위원회 자료")
    assert entry.fields == ["representative_name", "representative_birth_date"]


def test_changing_the_representative_is_logged_with_the_fields_changed(client, officer):
    company = CompanyFactory(representative_name="김대표")
    client.force_login(officer)
    form = client.get(reverse("companies:edit", args=[company.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(representative_name="박대표")
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    response = client.post(reverse("companies:edit", args=[company.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    entry = PersonalDataAccess.objects.get(action="change")
    assert entry.fields == ["representative_name"]


def test_the_log_refuses_an_export_without_a_reason(officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        personal_access_record(
            actor=officer,
            request=None,
            action="export",
            kind="representative",
            fields=["representative_name"],
            purpose="",
            count=10,
        )


def _access(actor, *, at, action="view", count=1, purpose="Company page"):
    with time_machine.travel(at, tick=False):
        return personal_access_record(
            actor=actor,
            request=None,
            action=action,
            kind="representative",
            fields=["representative_name"],
            purpose=purpose,
            subject_id=1,
            count=count,
        )


def test_the_monthly_review_flags_bulk_exports_unusual_volumes_and_night_work(
    client, auditor, settings
):
    settings.JIWON_PRIVACY_BULK_EXPORT = 100
    quiet = [UserFactory(role=Role.PROGRAM_OFFICER) for _ in range(3)]
    for user in quiet:
        for day in (3, 4):
            _access(user, at=datetime(2026, 10, day, 10, tzinfo=KST))
    greedy = UserFactory(role=Role.PROGRAM_OFFICER, username="greedy")
    _access(
        greedy,
        at=datetime(2026, 10, 5, 11, tzinfo=KST),
        action="export",
        count=2400,
        purpose="전체 대표자 명단",
    )
    owl = UserFactory(role=Role.FINANCE_OFFICER, username="owl")
    _access(owl, at=datetime(2026, 10, 6, 23, 30, tzinfo=KST))
    # Another month does not count.
    _access(greedy, at=datetime(2026, 11, 1, 0, 30, tzinfo=KST))
    client.force_login(auditor)
    response = client.get(REVIEW, {"month": "2026-10"})
    result = response.context["result"]
    flags = {a.label: a.flags for a in result.actors}
    assert flags["greedy"] == ["volume"]
    assert flags["owl"] == ["night"]
    assert all(flags[u.username] == [] for u in quiet)
    assert [e.subject_count for e in result.bulk_exports] == [2400]
    page = response.content.decode()
    assert "3 findings to look at." in page
    assert "전체 대표자 명단" in page


def test_the_review_opens_on_the_month_that_ended(client, auditor):
    client.force_login(auditor)
    # TEST_NOW is 2026-11-20.
    assert client.get(REVIEW).context["month_value"] == "2026-10"


def test_the_auditor_records_the_review_of_a_month(client, auditor):
    client.force_login(auditor)
    response = client.post(
        f"{reverse('privacy:review_record')}?month=2026-10",
        {"note": "대량 내보내기 1건 확인함"},
        follow=True,
    )
    assert "The review of 2026-10 is recorded." in response.content.decode()
    review = AccessReview.objects.get()
    assert (review.month.isoformat(), review.reviewed_by) == ("2026-10-01", auditor)
    assert AuditEntry.objects.filter(action="privacy.access_review_record").exists()


def test_the_review_page_is_in_korean_by_default(client, auditor):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ko"
    client.force_login(auditor)
    page = client.get(REVIEW).content.decode()
    assert "개인정보 접속기록" in page


@pytest.mark.parametrize(
    "role", [Role.AGENCY_ADMIN, Role.PROGRAM_OFFICER, Role.FINANCE_OFFICER, Role.CITY_VIEWER]
)
def test_only_auditors_review_the_log(client, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.get(REVIEW).status_code == 403
    assert client.post(reverse("privacy:review_record")).status_code == 403
