"""Outcome surveys: who is invited, reminders, the deadline, submission and completion."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.selectors import CompanyFilters
from jiwon.companies.tests.factories import CompanyFactory, member_of, region
from jiwon.outcomes.models import (
    IntellectualProperty,
    Investment,
    Provenance,
    Relocation,
    Survey,
    SurveyInvitation,
    YearFigure,
)
from jiwon.outcomes.selectors import surveys as selectors
from jiwon.outcomes.selectors.surveys import KST, Completion
from jiwon.outcomes.services import surveys as services
from jiwon.outcomes.services.surveys import (
    InvestmentEntry,
    IpEntry,
    RelocationEntry,
    SurveyAnswers,
)
from jiwon.outcomes.tests.factories import LedgerEntryFactory, YearFigureFactory

pytestmark = pytest.mark.django_db

FIGURES = {"employees": 14, "new_hires": 3, "sales_won": 1_234_000_000, "exports_usd": 50_000}
BEFORE_DEADLINE = datetime(2022, 3, 15, 10, 0, tzinfo=KST)


def a_survey(companies, *, closes_on=date(2022, 3, 31), year=2021, status=Survey.Status.OPEN):
    survey = Survey.objects.create(
        title="2021 성과조사", year=year, closes_on=closes_on, status=status
    )
    for company in companies:
        SurveyInvitation.objects.create(survey=survey, company=company)
    return survey


def invitation(survey, company) -> SurveyInvitation:
    return SurveyInvitation.objects.get(survey=survey, company=company)


def test_it_selects_the_distinct_companies_with_a_ledger_row_dated_in_the_year(officer):
    twice = CompanyFactory(name_ko="두번지원")
    LedgerEntryFactory(company=twice, supported_on=date(2021, 1, 1))
    LedgerEntryFactory(company=twice, supported_on=date(2021, 12, 31))
    once = CompanyFactory(name_ko="한번지원")
    LedgerEntryFactory(company=once, supported_on=date(2021, 6, 1))
    LedgerEntryFactory(company=CompanyFactory(name_ko="전년도"), supported_on=date(2020, 12, 31))
    LedgerEntryFactory(company=CompanyFactory(name_ko="다음해"), supported_on=date(2022, 1, 1))
    CompanyFactory(name_ko="미지원")

    supported = selectors.companies_supported_in(2021)
    assert sorted(c.name_ko for c in supported) == ["두번지원", "한번지원"]

    survey = services.survey_create(
        actor=officer,
        title="2021 성과조사",
        year=2021,
        closes_on=date(2022, 3, 31),
        companies=selectors.invitation_candidates(
            user=officer, filters=CompanyFilters(), supported_in=2021
        ),
        today=date(2022, 3, 1),
    )
    invited = survey.invitations.values_list("company__name_ko", flat=True)
    assert sorted(invited) == ["두번지원", "한번지원"]


def test_it_narrows_the_supported_companies_with_the_registry_filters(officer):
    manan = CompanyFactory(name_ko="만안사", region=region("41171"))
    dongan = CompanyFactory(name_ko="동안사", region=region("41173"))
    for company in (manan, dongan):
        LedgerEntryFactory(company=company, supported_on=date(2021, 5, 1))
    CompanyFactory(name_ko="만안미지원", region=region("41171"))

    candidates = selectors.invitation_candidates(
        user=officer, filters=CompanyFilters(region="41171"), supported_in=2021
    )
    assert [c.name_ko for c in candidates] == ["만안사"]
    without_year = selectors.invitation_candidates(
        user=officer, filters=CompanyFilters(region="41171")
    )
    assert sorted(c.name_ko for c in without_year) == ["만안미지원", "만안사"]


def test_opening_a_survey_writes_its_invitations_and_one_audit_entry(officer):
    companies = [CompanyFactory() for _ in range(3)]
    survey = services.survey_create(
        actor=officer,
        title="2021 성과조사",
        year=2021,
        closes_on=date(2022, 3, 31),
        companies=selectors.invitation_candidates(user=officer, filters=CompanyFilters()),
        today=date(2022, 3, 1),
    )
    assert survey.invitations.count() == 3
    entry = AuditEntry.objects.get(action="outcomes.survey_create")
    assert entry.object_id == str(survey.pk)
    assert entry.changes["invited"] == [None, 3]
    assert entry.changes["companies"] == [None, sorted(c.pk for c in companies)]


def test_it_refuses_a_survey_without_companies_or_with_a_past_deadline(officer):
    with pytest.raises(ValidationError) as caught:
        services.survey_create(
            actor=officer,
            title="빈 조사",
            year=2021,
            closes_on=date(2022, 2, 28),
            companies=selectors.companies_supported_in(2021),
            today=date(2022, 3, 1),
        )
    assert set(caught.value.error_dict) == {"closes_on", "__all__"}
    assert not Survey.objects.exists()
    assert not AuditEntry.objects.filter(action="outcomes.survey_create").exists()


def test_reminders_go_only_to_companies_that_have_not_submitted(officer):
    done = CompanyFactory(name_ko="제출함", email="done@example.com")
    member_of(done, email="done-member@example.com")
    waiting = CompanyFactory(name_ko="미제출", email="Office@Example.com")
    member_of(waiting, email="ceo@example.com")
    member_of(waiting, email="office@example.com")  # the company's address again
    silent = CompanyFactory(name_ko="연락처없음", email="")
    member_of(silent, email="")
    survey = a_survey([done, waiting, silent])
    SurveyInvitation.objects.filter(company=done).update(submitted_at=BEFORE_DEADLINE)

    result = services.survey_remind(
        actor=officer, survey=survey, portal_url="http://testserver/x/", now=BEFORE_DEADLINE
    )

    assert (result.companies, result.emails, result.without_email) == (1, 2, 1)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["ceo@example.com", "office@example.com"]
    assert "http://testserver/x/" in mail.outbox[0].body
    assert "2022-03-31" in mail.outbox[0].subject
    reminded = invitation(survey, waiting)
    assert (reminded.reminders_sent, reminded.last_reminded_at) == (1, BEFORE_DEADLINE)
    assert invitation(survey, done).reminders_sent == 0
    assert invitation(survey, silent).reminders_sent == 0
    entry = AuditEntry.objects.get(action="outcomes.survey_remind")
    assert entry.changes["companies"] == [None, [waiting.pk]]

    services.survey_remind(
        actor=officer, survey=survey, portal_url="http://t/", now=BEFORE_DEADLINE
    )
    assert invitation(survey, waiting).reminders_sent == 2


def test_it_sends_no_reminder_for_a_closed_survey(officer):
    company = CompanyFactory(email="x@example.com")
    survey = a_survey([company], status=Survey.Status.CLOSED)
    with pytest.raises(ValidationError):
        services.survey_remind(actor=officer, survey=survey, portal_url="u", now=BEFORE_DEADLINE)
    assert mail.outbox == []
    assert invitation(survey, company).reminders_sent == 0


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (datetime(2022, 3, 31, 23, 59, 59, tzinfo=KST), True),
        (datetime(2022, 4, 1, 0, 0, 0, tzinfo=KST), False),
    ],
    ids=["23:59:59 KST on the deadline", "00:00:00 KST the next day"],
)
def test_the_deadline_runs_through_2359_korean_time(moment, accepted):
    company = CompanyFactory()
    member = member_of(company)
    survey = a_survey([company], closes_on=date(2022, 3, 31))
    answers = SurveyAnswers(figures=FIGURES)
    if accepted:
        services.survey_submit(
            actor=member, invitation=invitation(survey, company), answers=answers, now=moment
        )
        assert invitation(survey, company).submitted_at == moment
    else:
        with pytest.raises(ValidationError) as caught:
            services.survey_submit(
                actor=member, invitation=invitation(survey, company), answers=answers, now=moment
            )
        assert caught.value.code == "deadline"
        assert invitation(survey, company).submitted_at is None
        assert not YearFigure.objects.exists()


def test_the_deadline_is_a_korean_date_whatever_the_server_zone():
    survey = Survey(title="t", year=2021, closes_on=date(2022, 3, 31))
    # 15:00 UTC on the 31st is already 00:00 on 1 April in Seoul.
    assert selectors.accepts_answers(survey, now=datetime(2022, 3, 31, 14, 59, 59, tzinfo=UTC))
    assert not selectors.accepts_answers(survey, now=datetime(2022, 3, 31, 15, 0, 0, tzinfo=UTC))


def test_a_closed_survey_accepts_neither_drafts_nor_submissions():
    company = CompanyFactory()
    member = member_of(company)
    survey = a_survey([company], status=Survey.Status.CLOSED)
    answers = SurveyAnswers(figures=FIGURES)
    for service in (services.survey_save_draft, services.survey_submit):
        with pytest.raises(ValidationError) as caught:
            service(
                actor=member,
                invitation=invitation(survey, company),
                answers=answers,
                now=BEFORE_DEADLINE,
            )
        assert caught.value.code == "closed"
    assert invitation(survey, company).answers == {}
    assert not YearFigure.objects.exists()


def test_submitting_writes_the_figures_and_records_as_survey_entries_of_the_member():
    company = CompanyFactory()
    member = member_of(company)
    survey = a_survey([company])
    answers = SurveyAnswers(
        figures=FIGURES,
        investments=(InvestmentEntry(date(2021, 7, 1), 300_000_000, "안양펀드", "seed"),),
        ip=(IpEntry(date(2021, 8, 2), "patent", "10-2021-0001234", "센서"),),
        relocations=(RelocationEntry(date(2021, 3, 2), "in", "성남시 분당구", "41135"),),
    )

    services.survey_submit(
        actor=member, invitation=invitation(survey, company), answers=answers, now=BEFORE_DEADLINE
    )

    rows = YearFigure.objects.filter(company=company, year=2021)
    assert {r.metric: r.value for r in rows} == FIGURES
    assert {(r.provenance, r.entered_by_id) for r in rows} == {(Provenance.SURVEY, member.pk)}
    for model in (Investment, IntellectualProperty, Relocation):
        record = model.objects.get(company=company)
        assert (record.provenance, record.entered_by_id) == (Provenance.SURVEY, member.pk)
    assert Investment.objects.get().amount_won == 300_000_000
    done = invitation(survey, company)
    assert (done.submitted_at, done.submitted_by) == (BEFORE_DEADLINE, member)
    assert done.answers["figures"] == FIGURES
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("outcomes.year_figure_set") == 4
    assert "outcomes.survey_submit" in actions
    assert {
        "outcomes.investment_add",
        "outcomes.intellectual_property_add",
        "outcomes.relocation_add",
    } <= set(actions)


def test_a_submission_cannot_be_sent_twice():
    company = CompanyFactory()
    member = member_of(company)
    survey = a_survey([company])
    answers = SurveyAnswers(figures=FIGURES)
    services.survey_submit(
        actor=member, invitation=invitation(survey, company), answers=answers, now=BEFORE_DEADLINE
    )
    with pytest.raises(ValidationError) as caught:
        services.survey_submit(
            actor=member,
            invitation=invitation(survey, company),
            answers=answers,
            now=BEFORE_DEADLINE,
        )
    assert caught.value.code == "submitted"


def test_a_record_refused_by_the_figure_services_undoes_the_whole_submission():
    company = CompanyFactory()
    member = member_of(company)
    IntellectualProperty.objects.create(
        company=CompanyFactory(),
        kind="patent",
        number="10-2021-0001234",
        occurred_on=date(2021, 1, 5),
        provenance=Provenance.STAFF,
    )
    survey = a_survey([company])
    answers = SurveyAnswers(
        figures=FIGURES, ip=(IpEntry(date(2021, 8, 2), "patent", "10-2021-0001234"),)
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.survey_submit(
            actor=member,
            invitation=invitation(survey, company),
            answers=answers,
            now=BEFORE_DEADLINE,
        )
    # The figure service's own wording, prefixed with which row of the form it is about.
    [message] = caught.value.messages
    assert message.startswith("Patent or certification 1: This number is already recorded")
    assert not YearFigure.objects.filter(company=company).exists()
    assert invitation(survey, company).submitted_at is None


def test_submitting_requires_every_figure_and_dates_in_the_survey_year():
    company = CompanyFactory()
    member = member_of(company)
    survey = a_survey([company])
    answers = SurveyAnswers(
        figures={**FIGURES, "new_hires": None},
        investments=(InvestmentEntry(date(2020, 12, 31), 1_000_000, "엔젤", "seed"),),
    )
    with pytest.raises(ValidationError) as caught:
        services.survey_submit(
            actor=member,
            invitation=invitation(survey, company),
            answers=answers,
            now=BEFORE_DEADLINE,
        )
    assert set(caught.value.error_dict) == {"new_hires", "__all__"}
    assert not YearFigure.objects.exists()


def test_a_draft_keeps_the_answers_without_writing_any_figure():
    company = CompanyFactory()
    member = member_of(company)
    survey = a_survey([company])
    answers = SurveyAnswers(
        figures={**FIGURES, "exports_usd": None},
        investments=(InvestmentEntry(date(2021, 7, 1), 5_000_000, "엔젤", "seed"),),
    )
    services.survey_save_draft(
        actor=member, invitation=invitation(survey, company), answers=answers, now=BEFORE_DEADLINE
    )
    saved = invitation(survey, company)
    assert SurveyAnswers.from_json(saved.answers) == answers
    assert saved.submitted_at is None
    assert not YearFigure.objects.exists()
    assert not Investment.objects.exists()
    entry = AuditEntry.objects.get(action="outcomes.survey_save_draft")
    assert entry.changes["figures"][1]["employees"] == 14


def test_closing_a_survey_is_audited_and_happens_once(officer):
    survey = a_survey([CompanyFactory()])
    services.survey_close(actor=officer, survey=survey)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert AuditEntry.objects.filter(action="outcomes.survey_close").count() == 1
    with pytest.raises(ValidationError):
        services.survey_close(actor=officer, survey=survey)


@pytest.mark.parametrize(
    ("submitted", "invited", "percent"),
    [(0, 0, "0.0"), (0, 3, "0.0"), (1, 3, "33.3"), (2, 3, "66.7"), (3, 3, "100.0")],
)
def test_completion_is_the_share_submitted_to_one_decimal(submitted, invited, percent):
    assert Completion(invited=invited, submitted=submitted).percent == Decimal(percent)


def test_completion_counts_submitted_and_invited_companies():
    companies = [CompanyFactory() for _ in range(3)]
    survey = a_survey(companies)
    a_survey([CompanyFactory()])  # another survey's invitations do not count
    SurveyInvitation.objects.filter(survey=survey, company=companies[0]).update(
        submitted_at=BEFORE_DEADLINE
    )
    completion = selectors.survey_completion(survey)
    assert (completion.submitted, completion.invited, completion.pending) == (1, 3, 2)
    assert completion.percent == Decimal("33.3")
    listed = dict(selectors.survey_list())
    assert listed[survey] == completion


def test_last_years_figures_and_records_are_read_for_the_form():
    company = CompanyFactory()
    YearFigureFactory(company=company, year=2020, metric="employees", value=12)
    YearFigureFactory(company=company, year=2021, metric="employees", value=99)
    Investment.objects.create(
        company=company,
        occurred_on=date(2020, 5, 1),
        amount_won=200_000_000,
        investor="VC",
        round="seed",
        provenance=Provenance.STAFF,
    )
    assert selectors.figures_of(company, 2020) == {"employees": 12}
    records = selectors.records_of(company, 2020)
    assert (records.investments, records.investment_won, records.ip) == (1, 200_000_000, 0)
    assert selectors.records_of(company, 2021).investments == 0


def test_a_member_sees_only_the_invitations_of_their_own_companies():
    own, other = CompanyFactory(), CompanyFactory()
    member = member_of(own)
    a_survey([own, other])
    assert [i.company for i in selectors.invitations_for_member(member)] == [own]
    assert [i.company for i in selectors.invitations_for_member(UserFactory())] == []
