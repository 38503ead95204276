"""Appeals (이의신청): the window to the second in KST, who may lodge one, staff decisions with
their history, and what the applicant's result page shows (and hides)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.reviews.models import Appeal, AppealStatus, SelectionResult
from jiwon.reviews.services.appeals import appeal_decide, appeal_lodge, appeal_review_start
from jiwon.reviews.services.selection import (
    selection_compute,
    selection_confirm,
    selection_publish,
)
from jiwon.reviews.tests.test_selection import configure, evaluated

KST = ZoneInfo("Asia/Seoul")


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English, the msgids, whatever the Korean catalogue holds."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


A = AppealStatus
PUBLISHED = datetime(2026, 12, 10, 14, 0, tzinfo=KST)
# Seven days after 10 December: appeals until 17 December 23:59:59 KST.
LAST_SECOND = datetime(2026, 12, 17, 23, 59, 59, tzinfo=KST)
TOO_LATE = datetime(2026, 12, 18, 0, 0, 0, tzinfo=KST)


def _publish(officer, at):
    """A ranking of two companies published `at`, with a member of each."""
    ours, theirs = CompanyFactory(name_ko="우리회사"), CompanyFactory(name_ko="경쟁회사")
    setup = evaluated(
        {
            "ours": [(20, 20, 20), (25, 20, 20), (30, 20, 20)],
            "theirs": [(35, 30, 30), (36, 30, 30), (37, 30, 30)],
        },
        quota=1,
        companies={"ours": ours, "theirs": theirs},
    )
    configure(officer, setup.program, appeal_days=7)
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    selection_publish(actor=officer, run=run, now=at)
    setup.members = {"ours": member_of(ours), "theirs": member_of(theirs)}
    return setup


@pytest.fixture
def published(officer):
    return _publish(officer, PUBLISHED)


@pytest.fixture
def published_now(officer):
    """Published a moment ago, for pages used at the real time."""
    return _publish(officer, timezone.now())


def test_an_appeal_is_taken_until_the_last_second_of_the_last_day(published):
    result = published.result("ours")
    appeal = appeal_lodge(
        actor=published.members["ours"], result=result, text="점수 재검토 요청", now=LAST_SECOND
    )
    assert appeal.status == A.LODGED
    assert appeal.lodged_at == LAST_SECOND
    assert list(appeal.status_history.values_list("source", "target")) == [("", A.LODGED)]


def test_an_appeal_one_second_later_is_refused(published):
    with pytest.raises(ValidationError) as exc:
        appeal_lodge(
            actor=published.members["ours"],
            result=published.result("ours"),
            text="점수 재검토 요청",
            now=TOO_LATE,
        )
    assert "until 2026-12-17 23:59:59 KST" in exc.value.messages[0]
    assert not Appeal.objects.exists()


def test_the_window_follows_the_configured_days(officer):
    setup = evaluated({"a": [(30, 30, 30)]})
    configure(officer, setup.program, appeal_days=1)
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    selection_publish(actor=officer, run=run, now=PUBLISHED)
    member = member_of(setup.apps["a"].company)
    with pytest.raises(ValidationError, match="until 2026-12-11 23:59:59 KST"):
        appeal_lodge(
            actor=member,
            result=setup.result("a"),
            text="이의",
            now=datetime(2026, 12, 12, 0, 0, tzinfo=KST),
        )


def test_only_the_applicant_companys_members_may_appeal(published, officer):
    result = published.result("ours")
    for outsider in (published.members["theirs"], officer):
        with pytest.raises(PermissionDenied):
            appeal_lodge(actor=outsider, result=result, text="이의", now=LAST_SECOND)


def test_an_unpublished_result_cannot_be_appealed(officer):
    setup = evaluated({"a": [(30, 30, 30)]})
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    with pytest.raises(ValidationError, match="not been published"):
        appeal_lodge(
            actor=member_of(setup.apps["a"].company), result=setup.result("a"), text="이의"
        )


def test_a_result_is_appealed_once_and_the_grounds_are_required(published):
    member, result = published.members["ours"], published.result("ours")
    with pytest.raises(ValidationError) as empty:
        appeal_lodge(actor=member, result=result, text="   ", now=LAST_SECOND)
    assert "text" in empty.value.message_dict
    appeal_lodge(actor=member, result=result, text="이의", now=LAST_SECOND)
    with pytest.raises(ValidationError, match="already lodged"):
        appeal_lodge(actor=member, result=result, text="다시", now=LAST_SECOND)


def test_an_upheld_appeal_marks_the_result_for_re_evaluation_with_its_history(published, officer):
    appeal = appeal_lodge(
        actor=published.members["ours"],
        result=published.result("ours"),
        text="평가위원 2의 시장성 점수가 근거 없이 낮습니다.",
        now=LAST_SECOND,
    )
    appeal_review_start(actor=officer, appeal=appeal, now=TOO_LATE)
    with pytest.raises(ValidationError):
        appeal_decide(actor=officer, appeal=appeal, decision="uphold", comment=" ")
    appeal_decide(
        actor=officer,
        appeal=appeal,
        decision="uphold",
        comment="재평가를 실시합니다.",
        now=TOO_LATE,
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decision, appeal.decided_by) == (
        A.UPHELD,
        "재평가를 실시합니다.",
        officer,
    )
    assert list(appeal.status_history.values_list("source", "target", "comment")) == [
        ("", A.LODGED, ""),
        (A.LODGED, A.UNDER_REVIEW, ""),
        (A.UNDER_REVIEW, A.UPHELD, "재평가를 실시합니다."),
    ]
    assert SelectionResult.objects.get(pk=appeal.result_id).reevaluation_requested
    with pytest.raises(ValidationError):
        appeal_decide(actor=officer, appeal=appeal, decision="dismiss", comment="번복")


def test_a_dismissed_appeal_leaves_the_result_alone(published, officer):
    appeal = appeal_lodge(
        actor=published.members["ours"],
        result=published.result("ours"),
        text="이의",
        now=LAST_SECOND,
    )
    appeal_decide(actor=officer, appeal=appeal, decision="dismiss", comment="평가 절차상 하자 없음")
    appeal.refresh_from_db()
    assert appeal.status == A.DISMISSED
    assert not SelectionResult.objects.get(pk=appeal.result_id).reevaluation_requested


def test_applicants_cannot_decide_appeals(published):
    appeal = appeal_lodge(
        actor=published.members["ours"],
        result=published.result("ours"),
        text="이의",
        now=LAST_SECOND,
    )
    with pytest.raises(PermissionDenied):
        appeal_decide(
            actor=published.members["ours"], appeal=appeal, decision="uphold", comment="인용"
        )


# The applicant's page ----------------------------------------------------------------------------


def _page(client, user, application):
    client.force_login(user)
    return client.get(reverse("reviews:result_detail", args=[application.pk]))


def test_the_applicant_reads_their_scores_and_anonymised_comments(client, published_now):
    ours = published_now.apps["ours"]
    response = _page(client, published_now.members["ours"], ours)
    assert response.status_code == 200
    html = response.content.decode()
    result = published_now.result("ours")
    assert "Not selected" in html
    assert "65.00" in html  # (60 + 65 + 70) / 3
    for number in (1, 2, 3):
        assert f"Evaluator {number}" in html
    for sheet in result.sheets:
        assert sheet["comment"] in html
    for evaluator in published_now.evaluators:
        assert evaluator.name not in html
        assert evaluator.affiliation not in html
    assert "경쟁회사" not in html
    assert published_now.apps["theirs"].receipt_number not in html
    assert "기술성" in html


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


def test_staff_use_the_back_office_not_the_applicants_page(client, published_now, officer):
    assert _page(client, officer, published_now.apps["ours"]).status_code == 403


def test_nothing_is_shown_before_publication(client, officer):
    setup = evaluated({"a": [(30, 30, 30)]})
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    response = _page(client, member_of(setup.apps["a"].company), setup.apps["a"])
    assert response.status_code == 200
    assert "not been published yet" in response.content.decode()
    assert "90.00" not in response.content.decode()


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


def test_the_list_shows_only_the_members_results(client, published_now):
    client.force_login(published_now.members["ours"])
    html = client.get(reverse("reviews:results_mine")).content.decode()
    assert reverse("reviews:result_detail", args=[published_now.apps["ours"].pk]) in html
    assert reverse("reviews:result_detail", args=[published_now.apps["theirs"].pk]) not in html
