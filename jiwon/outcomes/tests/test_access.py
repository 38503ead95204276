"""The access helpers of outcomes (jiwon/outcomes/access.py): 404 where the user may not know
the object exists, 403 where they may but not do what they ask."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.outcomes.access import (
    invitation_for,
    ledger_entry_for,
    outcome_record_for,
    report_run_for,
    survey_for,
)
from jiwon.outcomes.models import Award, Provenance, ReportRun, Survey, SurveyInvitation
from jiwon.outcomes.tests.factories import LedgerEntryFactory

pytestmark = pytest.mark.django_db

READERS_ONLY = [Role.CITY_VIEWER, Role.AUDITOR]
MANAGERS = [Role.AGENCY_ADMIN, Role.PROGRAM_OFFICER, Role.FINANCE_OFFICER]
OUTSIDERS = [Role.EVALUATOR, Role.MENTOR, Role.COMPANY_MEMBER]


def user(role):
    if role == Role.COMPANY_MEMBER:
        return member_of(CompanyFactory())
    return UserFactory(role=role)


@pytest.fixture
def award(company):
    return Award.objects.create(
        company=company, occurred_on=date(2021, 5, 1), name="혁신상", provenance=Provenance.STAFF
    )


@pytest.fixture
def survey(company):
    survey = Survey.objects.create(title="2021 성과조사", year=2021, closes_on=date(2099, 3, 31))
    SurveyInvitation.objects.create(survey=survey, company=company)
    return survey


# --- ledger rows -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", MANAGERS)
def test_it_gives_a_ledger_row_to_those_who_write_the_ledger(role):
    entry = LedgerEntryFactory()
    assert ledger_entry_for(user(role), entry.pk, action="change") == entry


@pytest.mark.parametrize("role", READERS_ONLY)
def test_it_lets_readers_see_a_ledger_row_but_not_change_it(role):
    entry = LedgerEntryFactory()
    reader = user(role)
    assert ledger_entry_for(reader, entry.pk) == entry
    with pytest.raises(PermissionDenied):
        ledger_entry_for(reader, entry.pk, action="change")


@pytest.mark.parametrize("role", OUTSIDERS)
def test_it_hides_ledger_rows_from_everyone_else(role):
    entry = LedgerEntryFactory()
    with pytest.raises(Http404):
        ledger_entry_for(user(role), entry.pk)


def test_it_answers_404_for_a_ledger_row_that_does_not_exist(officer):
    for pk in (987654, "not-a-number"):
        with pytest.raises(Http404):
            ledger_entry_for(officer, pk, action="change")


def test_the_ledger_pages_use_it(client):
    entry = LedgerEntryFactory()
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    for name in ("outcomes:ledger_edit", "outcomes:ledger_correct"):
        assert client.get(reverse(name, args=[entry.pk])).status_code == 200
        assert client.get(reverse(name, args=[entry.pk + 1])).status_code == 404


# --- outcome records ---------------------------------------------------------------------------


def test_it_gives_an_outcome_record_of_its_kind_to_those_who_write_outcomes(officer, award):
    assert outcome_record_for(officer, award.pk, kind="award", action="change") == award


def test_it_does_not_find_a_record_under_another_or_an_unknown_kind(officer, award):
    for kind in ("investment", "nonsense"):
        with pytest.raises(Http404):
            outcome_record_for(officer, award.pk, kind=kind)


@pytest.mark.parametrize("role", READERS_ONLY)
def test_it_lets_readers_see_an_outcome_record_but_not_change_it(role, award):
    reader = user(role)
    assert outcome_record_for(reader, award.pk, kind="award") == award
    with pytest.raises(PermissionDenied):
        outcome_record_for(reader, award.pk, kind="award", action="change")


@pytest.mark.parametrize("role", OUTSIDERS)
def test_it_hides_outcome_records_from_everyone_else(role, award):
    with pytest.raises(Http404):
        outcome_record_for(user(role), award.pk, kind="award")


def test_the_record_edit_page_uses_it(client, officer, award):
    client.force_login(officer)
    url = reverse("outcomes:record_edit", args=["award", award.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("outcomes:record_edit", args=["ip", award.pk])).status_code == 404


# --- generated reports -------------------------------------------------------------------------


@pytest.fixture
def run(officer):
    return ReportRun.objects.create(
        kind="annual", year=2021, format="json", language="ko", requested_by=officer
    )


@pytest.mark.parametrize("role", [*MANAGERS, *READERS_ONLY])
def test_it_shows_a_report_run_to_everyone_who_generates_reports(role, run):
    assert report_run_for(user(role), run.pk) == run


@pytest.mark.parametrize("role", OUTSIDERS)
def test_it_hides_report_runs_from_everyone_else(role, run):
    with pytest.raises(Http404):
        report_run_for(user(role), run.pk)


def test_a_report_is_downloaded_only_once_its_file_is_written(officer, run, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(Http404):
        report_run_for(officer, run.pk, action="download")
    run.file.save("report.json", ContentFile(b"{}"), save=False)
    run.status = ReportRun.Status.DONE
    run.save()
    assert report_run_for(officer, run.pk, action="download") == run


def test_the_report_pages_use_it(client, run):
    client.force_login(UserFactory(role=Role.AUDITOR))
    assert client.get(reverse("outcomes:report_status", args=[run.pk])).status_code == 200
    assert client.get(reverse("outcomes:report_download", args=[run.pk])).status_code == 404
    assert client.get(reverse("outcomes:report_status", args=[run.pk + 1])).status_code == 404


# --- surveys -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.PROGRAM_OFFICER])
def test_it_gives_a_survey_to_those_who_run_surveys(role, survey):
    assert survey_for(user(role), survey.pk) == survey


@pytest.mark.parametrize("role", [Role.FINANCE_OFFICER, *READERS_ONLY])
def test_staff_readers_know_a_survey_but_may_not_run_it(role, survey):
    with pytest.raises(PermissionDenied):
        survey_for(user(role), survey.pk)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_it_hides_surveys_from_everyone_else(role, survey):
    with pytest.raises(Http404):
        survey_for(user(role), survey.pk)


def test_the_survey_pages_use_it(client, officer, survey):
    client.force_login(officer)
    assert client.get(reverse("outcomes:survey_detail", args=[survey.pk])).status_code == 200
    for name in ("survey_detail", "survey_export"):
        assert client.get(reverse(f"outcomes:{name}", args=[survey.pk + 1])).status_code == 404
    for name in ("survey_remind", "survey_close"):
        assert client.post(reverse(f"outcomes:{name}", args=[survey.pk + 1])).status_code == 404


# --- survey invitations ------------------------------------------------------------------------


def test_it_gives_an_invitation_to_the_members_of_the_invited_company(company, survey):
    invitation = survey.invitations.get()
    assert invitation_for(member_of(company), invitation.pk) == invitation


def test_a_member_of_another_company_does_not_find_the_invitation(survey):
    invitation = survey.invitations.get()
    with pytest.raises(Http404):
        invitation_for(member_of(CompanyFactory()), invitation.pk)


@pytest.mark.parametrize("role", [*MANAGERS, *READERS_ONLY])
def test_staff_know_an_invitation_but_do_not_answer_it(role, survey):
    with pytest.raises(PermissionDenied):
        invitation_for(user(role), survey.invitations.get().pk)


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.MENTOR])
def test_it_hides_invitations_from_evaluators_and_mentors(role, survey):
    with pytest.raises(Http404):
        invitation_for(user(role), survey.invitations.get().pk)


def test_the_answer_page_uses_it(client, company, survey):
    client.force_login(member_of(company))
    invitation = survey.invitations.get()
    assert client.get(reverse("outcomes:survey_answer", args=[invitation.pk])).status_code == 200
    missing = reverse("outcomes:survey_answer", args=[invitation.pk + 1])
    assert client.get(missing).status_code == 404
