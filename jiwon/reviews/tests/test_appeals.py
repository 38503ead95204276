"""Appeals (이의신청) through the services: the window to the second in KST, who may lodge one,
and staff decisions with their history."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.companies.tests.factories import member_of
from jiwon.reviews.models import Appeal, AppealStatus, SelectionResult
from jiwon.reviews.services.appeals import appeal_decide, appeal_lodge, appeal_review_start
from jiwon.reviews.services.selection import (
    selection_compute,
    selection_confirm,
    selection_publish,
)
from jiwon.reviews.tests.factories import KST, PUBLISHED, configure, evaluated

A = AppealStatus
# Seven days after 10 December: appeals until 17 December 23:59:59 KST.
LAST_SECOND = datetime(2026, 12, 17, 23, 59, 59, tzinfo=KST)
TOO_LATE = datetime(2026, 12, 18, 0, 0, 0, tzinfo=KST)


@pytest.fixture(autouse=True)
def _before_the_fixed_dates(time_machine):
    """The calls here close ten days before today and the results are published on fixed
    days of December 2026: today is fixed too, before them, whatever day the suite runs."""
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=KST))


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
