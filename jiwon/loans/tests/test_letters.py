from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.core.actor import SYSTEM
from jiwon.loans.models import EventKind
from jiwon.loans.selectors import volume_of
from jiwon.loans.services.applications import loan_application_reject, recommendation_issue
from jiwon.loans.services.letters import letter_decline, letters_expire
from jiwon.loans.services.loans import loan_event_record
from jiwon.loans.tests.factories import EOK, applied, executed, fund_round, letter, purpose
from jiwon.loans.workflow import ApplicationStatus, LetterStatus


def messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_it_reserves_the_amount_of_the_volume_when_the_letter_is_issued(fund, company, member):
    issued = letter(fund, company, member, amount=3 * EOK)
    assert issued.status == LetterStatus.ISSUED
    assert issued.number == f"{fund.year}-0001"
    assert issued.valid_until == issued.issued_on + timedelta(days=fund.letter_valid_days)
    assert issued.application.status == ApplicationStatus.RECOMMENDED
    volume = volume_of(fund)
    assert (volume.reserved_won, volume.remaining_won) == (3 * EOK, 997 * EOK)


def test_it_recommends_less_than_asked_but_never_more(fund, company, member, officer):
    application = applied(fund, company, member, amount=3 * EOK)
    with pytest.raises(ValidationError):
        recommendation_issue(actor=officer, application=application, amount_won=3 * EOK + 1)
    issued = recommendation_issue(actor=officer, application=application, amount_won=2 * EOK)
    assert issued.amount_won == 2 * EOK


def test_it_lets_only_staff_issue_letters(fund, company, member):
    application = applied(fund, company, member)
    with pytest.raises(PermissionDenied):
        recommendation_issue(actor=member, application=application)


def test_it_refuses_a_letter_the_remaining_volume_cannot_cover(db, member, company):
    small = fund_round(volume=5 * EOK)
    letter(small, company, member, amount=3 * EOK, kind="facility")
    application = applied(small, company, member, amount=3 * EOK)
    with pytest.raises(ValidationError) as excinfo:
        recommendation_issue(actor=SYSTEM, application=application)
    text = messages(excinfo)
    assert "remaining loan volume by 100,000,000 won" in text
    assert "200,000,000 won remains" in text


def test_it_counts_the_limit_across_loans_and_letters_to_the_won(fund, company, member, today):
    first = executed(letter(fund, company, member, amount=4 * EOK))
    assert first.principal_won == 4 * EOK
    # A letter of the same purpose from another fund year counts too.
    other_year = fund_round(year=2025)
    letter(other_year, company, member, amount=1 * EOK + 50_000_000)
    application = applied(fund, company, member, amount=50_000_000)
    recommendation_issue(actor=SYSTEM, application=application)  # exactly 6억: allowed
    with pytest.raises(ValidationError) as excinfo:
        applied(fund, company, member, amount=1, kind="working")
    assert "limit of 600,000,000 won by 1 won" in messages(excinfo)
    assert "outstanding loans 400,000,000 won" in messages(excinfo)


def test_it_frees_the_limit_as_the_loan_is_repaid(fund, company, member, today, time_machine):
    loan = executed(letter(fund, company, member, amount=6 * EOK), on=today)
    with pytest.raises(ValidationError):
        applied(fund, company, member, amount=1)
    time_machine.move_to(f"{(today + timedelta(days=10)).isoformat()}T10:00:00+09:00")
    loan_event_record(
        actor=SYSTEM,
        loan=loan,
        on=today + timedelta(days=10),
        kind=EventKind.PREPAYMENT,
        amount_won=1 * EOK,
    )
    assert applied(fund, company, member, amount=1 * EOK).amount_won == 1 * EOK


def test_it_does_not_count_other_purposes_against_the_limit(fund, company, member):
    letter(fund, company, member, amount=5 * EOK, kind="facility")
    assert applied(fund, company, member, amount=6 * EOK).amount_won == 6 * EOK


def test_it_releases_the_reservation_when_the_letter_expires(fund, company, member, time_machine):
    issued = letter(fund, company, member, amount=3 * EOK)
    last_day = issued.valid_until
    time_machine.move_to(f"{last_day.isoformat()}T23:30:00+09:00", tick=False)
    from django.utils import timezone

    assert letters_expire(timezone.now()) == 0
    assert volume_of(fund).reserved_won == 3 * EOK
    time_machine.move_to(f"{(last_day + timedelta(days=1)).isoformat()}T00:10:00+09:00")
    assert letters_expire(timezone.now()) == 1
    issued.refresh_from_db()
    assert issued.status == LetterStatus.EXPIRED
    assert issued.released_on == last_day + timedelta(days=1)
    assert volume_of(fund).remaining_won == fund.loan_volume_won


def test_it_releases_the_reservation_when_the_bank_declines(fund, company, member, banker, today):
    issued = letter(fund, company, member, amount=3 * EOK)
    letter_decline(actor=banker, letter=issued, reason="신용등급 미달")
    issued.refresh_from_db()
    assert (issued.status, issued.released_on) == (LetterStatus.DECLINED, today)
    assert volume_of(fund).reserved_won == 0


def test_it_keeps_another_banks_user_from_declining(fund, company, member):
    from jiwon.loans.tests.factories import bank, bank_user

    issued = letter(fund, company, member)
    with pytest.raises(PermissionDenied):
        letter_decline(actor=bank_user(bank("kb", "국민은행")), letter=issued, reason="x")


def test_it_rejects_an_application_with_a_reason(fund, company, member, officer):
    application = applied(fund, company, member)
    with pytest.raises(ValidationError):
        loan_application_reject(actor=officer, application=application, reason=" ")
    rejected = loan_application_reject(actor=officer, application=application, reason="업종 불일치")
    assert rejected.status == ApplicationStatus.REJECTED
    assert purpose(fund).limit_won == 6 * EOK
