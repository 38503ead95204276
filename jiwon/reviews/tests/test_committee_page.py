"""A big committee's page stays a page: its assignments come a page at a time, its header
counts what the committee has, and what a closed committee cannot do is not offered."""

import pytest

from jiwon.applications.workflow import ApplicationStatus
from jiwon.reviews.models import CommitteeStatus
from jiwon.reviews.tests.factories import EvaluatorFactory, assign, committee, screened_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(program, settings):
    settings.JIWON_PAGE_SIZE = 10
    evaluators = [EvaluatorFactory() for _ in range(3)]
    board = committee(program, members=evaluators)
    # Scored and ranked: none of them is waiting for the committee any more.
    for _ in range(12):
        application = screened_application(program, status=ApplicationStatus.SELECTED)
        for evaluator in evaluators:
            assign(board, application, evaluator)
    return board


def page_of(client, officer, board, query=""):
    client.force_login(officer)
    response = client.get(
        f"/reviews/staff/committees/{board.pk}/{query}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    return response.content.decode()


def assignment_rows(page):
    table = page.split('id="assignments"')[1].split("</table>")[0]
    return table.count("<tr>") - 1  # less the header row


def test_it_shows_the_assignments_a_page_at_a_time_with_the_number_of_pages(client, officer, big):
    first = page_of(client, officer, big)
    assert assignment_rows(first) == 10
    assert 'class="krds-pagination' in first
    last = page_of(client, officer, big, "?page=4")
    assert assignment_rows(last) == 6


def test_its_header_counts_the_applications_and_assignments_it_has(client, officer, big):
    page = page_of(client, officer, big)
    header = page.split("</h1>")[1].split("<section")[0]
    assert "12 applications; each gets 3 evaluators: 36 assignments needed, 36 made." in header


def test_a_closed_committee_offers_no_assignment(client, officer, big):
    big.status = CommitteeStatus.CLOSED
    big.save()
    page = page_of(client, officer, big)
    assert 'id="run-assignment" disabled' in page
    assert 'id="check-feasibility" disabled' in page
    assert 'id="manual-form"' not in page
    assert "Remove" not in page.split('id="assignments"')[1].split("</table>")[0]
