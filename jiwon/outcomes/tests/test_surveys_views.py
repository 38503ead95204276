"""Survey pages: staff open and follow a survey; a company answers only its own, on time."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory, member_of, region
from jiwon.core.roles import Role
from jiwon.outcomes.models import Investment, Provenance, Survey, SurveyInvitation, YearFigure
from jiwon.outcomes.selectors.surveys import KST
from jiwon.outcomes.tests.factories import LedgerEntryFactory, YearFigureFactory

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1


def open_survey(companies, *, closes_on=None, status=Survey.Status.OPEN, year=LAST_YEAR):
    survey = Survey.objects.create(
        title=f"{year} 성과조사",
        year=year,
        closes_on=closes_on or timezone.localdate() + timedelta(days=30),
        status=status,
    )
    for company in companies:
        SurveyInvitation.objects.create(survey=survey, company=company)
    return survey


def answer_url(survey, company):
    inv = SurveyInvitation.objects.get(survey=survey, company=company)
    return reverse("outcomes:survey_answer", args=[inv.pk])


def answer_post(action="submit", **figures):
    data = {
        "action": action,
        "employees": "14",
        "new_hires": "3",
        "sales_won": "1,234,000",
        "exports_usd": "0",
    }
    data.update(figures)
    for prefix in ("inv", "ip", "agr", "award", "reloc"):
        data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"})
    return data


@pytest.fixture
def staff(client, officer):
    client.force_login(officer)
    return client


# --- staff ---------------------------------------------------------------------------------


def test_it_previews_the_selection_then_opens_the_survey_on_confirmation(staff):
    supported = CompanyFactory(name_ko="지원받은곳", region=region("41171"))
    LedgerEntryFactory(company=supported, supported_on=date(LAST_YEAR, 4, 1))
    CompanyFactory(name_ko="지원없음", region=region("41171"))
    url = reverse("outcomes:survey_create")
    form = {
        "title": "성과조사",
        "year": str(LAST_YEAR),
        "closes_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "supported_in": str(LAST_YEAR),
        "region": "41171",
    }

    preview = staff.post(url, {**form, "action": "preview"})
    assert preview.context["preview"]["count"] == 1
    assert [c.name_ko for c in preview.context["preview"]["companies"]] == ["지원받은곳"]
    assert not Survey.objects.exists()
    digest = preview.context["form"]["previewed"].value()

    response = staff.post(url, {**form, "action": "confirm", "previewed": digest})
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:survey_detail", args=[survey.pk])
    assert [i.company for i in survey.invitations.all()] == [supported]


def test_it_previews_again_when_the_selection_changed_since_the_preview(staff):
    CompanyFactory()
    url = reverse("outcomes:survey_create")
    form = {
        "title": "성과조사",
        "year": str(LAST_YEAR),
        "closes_on": timezone.localdate().isoformat(),
    }
    digest = staff.post(url, {**form, "action": "preview"}).context["form"]["previewed"].value()
    CompanyFactory()  # registered meanwhile: nobody has seen it in the preview

    response = staff.post(url, {**form, "action": "confirm", "previewed": digest})
    assert response.status_code == 200
    assert response.context["preview"]["count"] == 2
    assert not Survey.objects.exists()


def test_it_refuses_a_deadline_in_the_past(staff):
    CompanyFactory()
    response = staff.post(
        reverse("outcomes:survey_create"),
        {
            "title": "성과조사",
            "year": str(LAST_YEAR),
            "closes_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "action": "preview",
        },
    )
    assert response.context["form"].errors["closes_on"]
    assert response.context["preview"] is None


def test_the_survey_page_shows_completion_and_filters_the_list(staff):
    done, waiting = CompanyFactory(name_ko="제출사"), CompanyFactory(name_ko="미제출사")
    survey = open_survey([done, waiting, CompanyFactory(name_ko="미제출사2")])
    SurveyInvitation.objects.filter(company=done).update(submitted_at=timezone.now())
    url = reverse("outcomes:survey_detail", args=[survey.pk])

    response = staff.get(url)
    assert b'id="completion-percent">33.3%<' in response.content
    assert len(response.context["page"].items) == 3
    submitted = staff.get(url, {"status": "submitted"}).context["page"].items
    assert [i.company.name_ko for i in submitted] == ["제출사"]
    pending = staff.get(url, {"status": "pending"}).context["page"].items
    assert [i.company.name_ko for i in pending] == ["미제출사", "미제출사2"]


def test_sending_reminders_says_how_many_were_sent(staff, settings):
    settings.LANGUAGE_CODE = "en"
    waiting = CompanyFactory(email="waiting@example.com")
    done = CompanyFactory(email="done@example.com")
    silent = CompanyFactory(email="")
    survey = open_survey([waiting, done, silent])
    SurveyInvitation.objects.filter(company=done).update(submitted_at=timezone.now())

    response = staff.post(reverse("outcomes:survey_remind", args=[survey.pk]), follow=True)

    assert [m.to for m in mail.outbox] == [["waiting@example.com"]]
    assert "/outcomes/surveys/mine/" in mail.outbox[0].body
    texts = [str(m) for m in response.context["messages"]]
    assert texts == [
        "A reminder was emailed to 1 company.",
        "1 company that has not answered has no email address.",
    ]
    assert SurveyInvitation.objects.get(company=waiting).reminders_sent == 1


def test_closing_makes_the_survey_read_only_for_the_company(staff):
    company = CompanyFactory()
    member = member_of(company)
    survey = open_survey([company])
    staff.post(reverse("outcomes:survey_close", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED

    staff.force_login(member)
    page = staff.get(answer_url(survey, company))
    assert b'id="readonly-notice"' in page.content
    assert b'value="submit"' not in page.content
    assert page.context["forms"].figures.fields["employees"].disabled

    response = staff.post(answer_url(survey, company), answer_post())
    assert response.status_code == 302
    assert not YearFigure.objects.exists()
    assert SurveyInvitation.objects.get().submitted_at is None


def test_the_export_lists_every_invited_company_with_its_answers(staff):
    done = CompanyFactory(name_ko="제출사")
    waiting = CompanyFactory(name_ko="미제출사")
    survey = open_survey([done, waiting])
    SurveyInvitation.objects.filter(company=done).update(
        submitted_at=datetime(LAST_YEAR + 1, 1, 10, 9, 30, tzinfo=KST),
        answers={
            "figures": {"employees": 14, "new_hires": 3, "sales_won": 1_234_000, "exports_usd": 0},
            "investments": [
                {
                    "occurred_on": f"{LAST_YEAR}-07-01",
                    "amount_won": 300_000_000,
                    "investor": "안양펀드",
                    "round": "seed",
                }
            ],
        },
    )
    response = staff.get(reverse("outcomes:survey_export", args=[survey.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook["응답"].iter_rows(values_only=True))
    assert len(rows) == 3
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["제출사"][5:9] == (14, 3, 1_234_000, 0)
    assert by_name["제출사"][10] == 300_000_000
    assert by_name["제출사"][3] == datetime(LAST_YEAR + 1, 1, 10, 9, 30)
    assert by_name["미제출사"][5] is None
    records = list(workbook["기록"].iter_rows(values_only=True))
    assert records[1][0] == "제출사"
    assert records[1][5] == 300_000_000


# --- company portal ------------------------------------------------------------------------


def test_the_portal_lists_the_surveys_of_the_members_companies_only(client):
    own, other = CompanyFactory(name_ko="우리회사"), CompanyFactory(name_ko="남의회사")
    member = member_of(own)
    open_survey([own, other])
    client.force_login(member)
    response = client.get(reverse("outcomes:survey_portal"))
    assert [r["invitation"].company for r in response.context["rows"]] == [own]
    assert "남의회사" not in response.content.decode()
    assert reverse("outcomes:survey_portal").encode() in response.content  # the nav entry


def test_the_form_shows_last_years_values_beside_the_inputs(client):
    company = CompanyFactory()
    member = member_of(company)
    YearFigureFactory(company=company, year=LAST_YEAR - 1, metric="employees", value=12)
    YearFigureFactory(company=company, year=LAST_YEAR - 1, metric="sales_won", value=2_086_000_000)
    survey = open_survey([company])
    client.force_login(member)
    html = client.get(answer_url(survey, company)).content.decode()
    assert 'id="id_employees-last"' in html
    employees_hint = html.split('id="id_employees-last"')[1].split("</p>")[0]
    assert "<strong>12</strong>" in employees_hint
    assert "KRW 2,086,000,000" in html.split('id="id_sales_won-last"')[1].split("</p>")[0]
    assert 'aria-describedby="id_employees-last"' in html


def test_a_member_submits_figures_typed_with_commas(client):
    company = CompanyFactory()
    member = member_of(company)
    survey = open_survey([company])
    client.force_login(member)
    data = answer_post(sales_won="1,234,000")
    data.update(
        {
            "inv-0-occurred_on": f"{LAST_YEAR}-07-01",
            "inv-0-amount_won": "300,000,000",
            "inv-0-investor": "안양펀드",
            "inv-0-round": "seed",
        }
    )
    response = client.post(answer_url(survey, company), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:survey_portal")
    figures = {f.metric: f for f in YearFigure.objects.filter(company=company, year=LAST_YEAR)}
    assert figures["sales_won"].value == 1_234_000
    assert {(f.provenance, f.entered_by) for f in figures.values()} == {(Provenance.SURVEY, member)}
    assert Investment.objects.get(company=company).amount_won == 300_000_000
    assert AuditEntry.objects.filter(action="outcomes.survey_submit").count() == 1


def test_a_draft_keeps_the_values_and_adds_a_blank_row(client):
    company = CompanyFactory()
    member = member_of(company)
    survey = open_survey([company])
    client.force_login(member)
    data = answer_post(action="draft", new_hires="", exports_usd="")
    data.update({"award-0-occurred_on": f"{LAST_YEAR}-11-11", "award-0-name": "장관상"})
    url = answer_url(survey, company)
    assert client.post(url, data).status_code == 302
    assert not YearFigure.objects.exists()

    page = client.get(url)
    forms = page.context["forms"]
    assert forms.figures["employees"].value() == "14"
    assert forms.figures["sales_won"].value() == "1,234,000"
    awards = dict((k, fs) for k, _h, fs in forms.sections)["awards"]
    assert len(awards.forms) == 2  # the saved award and one blank row
    assert 'value="1,234,000"' in page.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-3", "Enter zero or a positive number."),
        ("3.5", "Enter a whole number without decimals."),
        ("many", "Enter a whole number using digits only, e.g. 1,234,000."),
        ("1,23", "Put commas every three digits, e.g. 1,234,000, or leave them out."),
    ],
)
def test_it_tells_what_to_fix_in_a_figure(client, settings, typed, message):
    settings.LANGUAGE_CODE = "en"
    company = CompanyFactory()
    member = member_of(company)
    survey = open_survey([company])
    client.force_login(member)
    response = client.post(answer_url(survey, company), answer_post(employees=typed))
    assert response.status_code == 200
    assert response.context["forms"].figures.errors["employees"] == [message]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not YearFigure.objects.exists()


def test_a_missing_figure_is_refused_on_submission_only(client, settings):
    settings.LANGUAGE_CODE = "en"
    company = CompanyFactory()
    member = member_of(company)
    survey = open_survey([company])
    client.force_login(member)
    response = client.post(answer_url(survey, company), answer_post(new_hires=""))
    assert response.context["forms"].figures.errors["new_hires"] == [
        "Enter the number of new hires (0 if none)."
    ]
    assert SurveyInvitation.objects.get().submitted_at is None


def test_a_member_can_neither_see_nor_answer_another_companys_survey(client):
    own, other = CompanyFactory(), CompanyFactory(name_ko="남의회사")
    member = member_of(own)
    survey = open_survey([own, other])
    client.force_login(member)
    url = answer_url(survey, other)
    # Another company's invitation does not exist for them.
    assert client.get(url).status_code == 404
    assert client.post(url, answer_post()).status_code == 404
    assert client.post(url, answer_post(action="draft")).status_code == 404
    assert not YearFigure.objects.exists()
    assert SurveyInvitation.objects.get(company=other).answers == {}


def test_answers_after_the_deadline_are_refused_by_the_server(client):
    company = CompanyFactory()
    member = member_of(company)
    survey = open_survey([company], closes_on=timezone.localdate() - timedelta(days=1))
    client.force_login(member)
    page = client.get(answer_url(survey, company))
    assert b'id="readonly-notice"' in page.content
    response = client.post(answer_url(survey, company), answer_post())
    assert response.status_code == 302
    assert not YearFigure.objects.exists()


def test_a_submitted_survey_is_shown_read_only(client):
    company = CompanyFactory()
    member = member_of(company)
    survey = open_survey([company])
    client.force_login(member)
    client.post(answer_url(survey, company), answer_post())
    page = client.get(answer_url(survey, company))
    assert b'id="readonly-notice"' in page.content
    assert page.context["forms"].figures["employees"].value() == "14"


@pytest.mark.parametrize("name", ["survey_list", "survey_create", "survey_detail", "survey_export"])
def test_company_members_and_city_viewers_cannot_reach_staff_survey_pages(client, name):
    company = CompanyFactory()
    survey = open_survey([company])
    args = [] if name in ("survey_list", "survey_create") else [survey.pk]
    for user in (member_of(company), UserFactory(role=Role.CITY_VIEWER)):
        client.force_login(user)
        assert client.get(reverse(f"outcomes:{name}", args=args)).status_code == 403


def test_staff_do_not_answer_on_behalf_of_a_company(staff):
    company = CompanyFactory()
    survey = open_survey([company])
    assert staff.get(reverse("outcomes:survey_portal")).status_code == 403
    assert staff.get(answer_url(survey, company)).status_code == 403
