"""The portal pages: who may see which company's recommendations, what they show, empty
states, and a bounded number of queries however many programmes are open."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.models import CompanyKind, Membership
from jiwon.companies.tests.factories import CompanyFactory, ksic, member_of, region
from jiwon.core.roles import Role
from jiwon.programs.tests.factories import ProgramFactory, rule_version
from jiwon.programs.workflow import ProgramStatus

# The day the dated examples in this module were written for (their dates are absolute).
WRITTEN_ON = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))

pytestmark = pytest.mark.django_db

LOCAL = {"type": "region", "local_only": True}
UNDER_7_YEARS = {"type": "years_in_business", "max_years": 7}
YOUTH = {"type": "representative_age", "max": 39}
LIST = reverse("recommendations:list")


def rule(*criteria):
    return {"type": "all", "criteria": list(criteria)}


def open_program(criteria, *, closes_in_days=20, status=ProgramStatus.PUBLISHED, **fields):
    """A programme open now: opened 10 days ago at 09:00 KST, closing at 18:00 KST."""
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    made = ProgramFactory(
        notice_date=today - timedelta(days=10),
        opens_at=datetime.combine(today - timedelta(days=10), time(9), tzinfo=tz),
        closes_at=datetime.combine(today + timedelta(days=closes_in_days), time(18), tzinfo=tz),
        status=status,
        **fields,
    )
    rule_version(made, criteria)
    return made


@pytest.fixture
def company():
    return CompanyFactory(
        name_ko="스카이테스트",
        founded_on=date(2017, 1, 27),
        representative_birth_date=date(1985, 3, 17),
        region=region("41171"),
        ksic=ksic("26299"),
        employees=8,
    )


@pytest.fixture
def member(company):
    return member_of(company)


def test_a_member_sees_their_qualifying_programmes_and_near_misses(client, member):
    open_program(rule(LOCAL), title_ko="토탈마케팅 지원")
    open_program(rule(LOCAL, UNDER_7_YEARS), title_ko="창업보육센터 입주")
    open_program(rule(LOCAL), title_ko="작성 중 사업", status=ProgramStatus.DRAFT)
    client.force_login(member)

    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    eligible, near = (s.decode() for s in response.content.split(b"miss by one criterion", 1))
    assert "토탈마케팅 지원" in eligible and "창업보육센터 입주" not in eligible
    assert "창업보육센터 입주" in near
    assert "in business — must be under 7 years" in near
    assert "작성 중 사업" not in response.content.decode()


def test_a_member_cannot_see_another_companys_recommendations(client, member):
    other = CompanyFactory(name_ko="남의회사")
    shown = open_program(rule(LOCAL))
    client.force_login(member)

    assert client.get(LIST, {"company": other.pk}).status_code == 403
    explain = reverse("recommendations:explain", args=[shown.pk])
    assert client.get(explain, {"company": other.pk}).status_code == 403
    assert client.get(LIST, {"company": 999_999}).status_code == 404


@pytest.mark.parametrize("role", [Role.PROGRAM_OFFICER, Role.CITY_VIEWER, Role.AUDITOR])
def test_staff_may_open_any_companys_recommendations_and_explanations(client, company, role):
    shown = open_program(rule(LOCAL), title_ko="토탈마케팅 지원")
    client.force_login(UserFactory(role=role))

    listed = client.get(LIST, {"company": company.pk})
    explained = client.get(
        reverse("recommendations:explain", args=[shown.pk]), {"company": company.pk}
    )

    assert listed.status_code == 200 and "토탈마케팅 지원" in listed.content.decode()
    assert explained.status_code == 200 and "스카이테스트" in explained.content.decode()


def test_staff_without_a_company_are_sent_to_choose_one(client):
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))

    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Open this page from a company" in response.content.decode()


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.MENTOR])
def test_other_roles_are_refused(client, role):
    client.force_login(UserFactory(role=role))

    assert client.get(LIST).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_member_of_several_companies_chooses_one(client, member, company):
    first_by_name = CompanyFactory(name_ko="가나다상사", region=region("11110"))
    Membership.objects.create(user=member, company=first_by_name, kind=Membership.Kind.STAFF)
    open_program(rule(LOCAL), title_ko="관내 전용")
    client.force_login(member)

    default = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chosen = client.get(LIST, {"company": company.pk}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'<option value="{first_by_name.pk}" selected>' in default
    assert "located in 종로구 — must be local" in default
    assert f'<option value="{company.pk}" selected>' in chosen
    assert "관내 전용" in chosen.split("miss by one criterion", 1)[0]


@time_machine.travel(WRITTEN_ON, tick=False)
def test_the_explanation_page_shows_each_criterion_with_a_text_result(client, member, company):
    shown = open_program(rule(LOCAL, YOUTH, UNDER_7_YEARS), title_ko="Blue100")
    client.force_login(member)

    response = client.get(
        reverse("recommendations:explain", args=[shown.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(">Met<") == 0  # icons are hidden from screen readers; the text is read
    assert page.count("✓</span> Met") == 1 and page.count("✗</span> Not met") == 2
    assert "representative aged 41 — must be aged at most 39" in page
    assert "does not meet 2 criteria" in page
    assert f"Eligibility is judged on {shown.notice_date:%Y-%m-%d} (Notice date)" in page


def test_a_draft_programme_cannot_be_explained(client, member):
    draft = open_program(rule(LOCAL), status=ProgramStatus.DRAFT)
    client.force_login(member)

    response = client.get(reverse("recommendations:explain", args=[draft.pk]))

    assert response.status_code == 404
    client.force_login(UserFactory(role=Role.AGENCY_ADMIN))
    assert client.get(reverse("recommendations:explain", args=[draft.pk])).status_code == 404


def test_a_programme_whose_stored_rule_no_longer_parses_is_explained_as_such(client, member):
    broken = open_program(rule({"type": "region", "in": ["29"]}))  # 광주, retired 2026-07-01
    client.force_login(member)

    response = client.get(
        reverse("recommendations:explain", args=[broken.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "eligibility rule cannot be checked" in response.content.decode()


def test_it_says_when_no_programme_is_open(client, member):
    open_program(rule(LOCAL), status=ProgramStatus.CLOSED)
    client.force_login(member)

    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "No programmes are open for applications right now." in page


def test_it_says_when_open_programmes_do_not_match(client, member):
    open_program(rule(YOUTH, UNDER_7_YEARS))
    open_program(rule({"type": "region", "in": ["11"]}, YOUTH))
    client.force_login(member)

    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "None of the 2 open programmes matches this company yet." in page
    assert "No open programme misses this company by just one criterion." in page


def test_a_prefounder_is_prompted_to_register_the_business(client):
    prefounder = CompanyFactory(
        kind=CompanyKind.PREFOUNDER, brn=None, legal_form="", founded_on=None
    )
    open_program(
        rule({"type": "years_in_business", "max_years": 3, "prefounder": "allowed"}),
        title_ko="예비창업자 교육",
    )
    client.force_login(member_of(prefounder))

    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "register your business" in page
    assert reverse("companies:register_business", args=[prefounder.pk]) in page
    assert "예비창업자 교육" in page


def test_a_member_without_a_company_is_told_so(client):
    client.force_login(UserFactory(role=Role.COMPANY_MEMBER))

    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "not linked to a company yet" in page


def test_the_page_notes_each_programmes_reference_date(client, member):
    shown = open_program(rule(LOCAL), title_ko="공고일 기준")
    client.force_login(member)

    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'{shown.notice_date:%Y-%m-%d} <span class="jw-muted">(Notice date)' in page


def test_the_menu_and_the_company_page_lead_members_to_their_recommendations(
    client, member, company
):
    client.force_login(member)

    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()

    assert f'href="{LIST}"' in page  # the menu entry
    assert f'href="{LIST}?company={company.pk}"' in page
    client.force_login(UserFactory(role=Role.EVALUATOR))
    assert f'href="{LIST}"' not in client.get("/", follow=True).content.decode()


@pytest.mark.parametrize("programmes", [1, 50])
def test_the_page_runs_a_bounded_number_of_queries(
    client, member, programmes, django_assert_max_num_queries
):
    for n in range(programmes):
        open_program(
            rule(LOCAL, UNDER_7_YEARS) if n % 2 else rule(LOCAL),
            closes_in_days=5 + n,
        )
    client.force_login(member)

    # Session, user, company, programmes, rule versions, the company table (4), membership,
    # and whether the reader sees the representative's age (membership, once per page).
    with django_assert_max_num_queries(13):
        response = client.get(LIST)

    assert response.status_code == 200
    assert response.content.decode().count("D-") >= programmes
