"""Appeals through their pages: the applicant lodges one from their result page; staff decide
it with a written decision; another company cannot."""

from datetime import datetime

import pytest
from django.urls import reverse

from jiwon.companies.tests.factories import member_of
from jiwon.reviews.models import Appeal, AppealStatus
from jiwon.reviews.services.appeals import appeal_lodge
from jiwon.reviews.services.selection import (
    selection_compute,
    selection_confirm,
    selection_publish,
)
from jiwon.reviews.tests.factories import KST, evaluated

A = AppealStatus


@pytest.fixture
def staff(client, officer):
    client.force_login(officer)
    return client


def _page(client, user, application):
    client.force_login(user)
    return client.get(reverse("reviews:result_detail", args=[application.pk]))


def test_the_applicant_lodges_an_appeal_from_the_result_page(client, published_now):
    ours, member = published_now.apps["ours"], published_now.members["ours"]
    result = published_now.result("ours")
    client.force_login(member)
    url = reverse("reviews:result_appeal", args=[ours.pk, result.pk])
    empty = client.post(url, {"text": ""})
    assert empty.status_code == 400
    response = client.post(url, {"text": "시장성 점수 재검토 요청"}, follow=True)
    assert response.status_code == 200
    appeal = Appeal.objects.get()
    assert (appeal.result, appeal.lodged_by, appeal.status) == (result, member, A.LODGED)
    assert "Lodged" in response.content.decode()


def test_another_company_cannot_see_the_result(client, published_now):
    ours = published_now.apps["ours"]
    assert _page(client, published_now.members["theirs"], ours).status_code == 404
    client.force_login(published_now.members["theirs"])
    response = client.post(
        reverse("reviews:result_appeal", args=[ours.pk, published_now.result("ours").pk]),
        {"text": "이의"},
    )
    assert response.status_code == 404
    assert not Appeal.objects.exists()


def test_staff_decide_an_appeal_with_a_written_decision(staff, officer):
    setup = evaluated({"a": [(30, 30, 30)]})
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    published = datetime(2026, 12, 1, 10, 0, tzinfo=KST)
    selection_publish(actor=officer, run=run, now=published)
    appeal = appeal_lodge(
        actor=member_of(setup.apps["a"].company),
        result=setup.result("a"),
        text="재검토 요청",
        now=published,
    )
    listing = staff.get(reverse("reviews:selection_appeals", args=[setup.program.pk]))
    assert setup.apps["a"].receipt_number in listing.content.decode()
    url = reverse("reviews:selection_appeal", args=[appeal.pk])
    assert staff.post(url, {"decision": "dismiss", "comment": ""}).status_code == 400
    staff.post(url, {"start_review": "1"})
    staff.post(url, {"decision": "dismiss", "comment": "절차상 하자 없음"})
    appeal = Appeal.objects.get()
    assert (appeal.status, appeal.decision) == (AppealStatus.DISMISSED, "절차상 하자 없음")
    assert appeal.status_history.count() == 3
