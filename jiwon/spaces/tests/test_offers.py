from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.scheduling import run_due_jobs
from jiwon.reviews.tests.factories import published_ranking
from jiwon.spaces.models import Contract, Offer
from jiwon.spaces.rules import SEOUL
from jiwon.spaces.services.contracts import contract_cancel, contract_sign
from jiwon.spaces.services.offers import offer_accept
from jiwon.spaces.services.waitlist import (
    offer_decline,
    offers_expire,
    offers_make,
    tenancy_call_create,
    waitlist_add,
    waitlist_from_selection,
)
from jiwon.spaces.tests.factories import UnitFactory
from jiwon.spaces.workflow import OfferStatus

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def call(officer, floor):
    setup = published_ranking(officer, at=NOW - timedelta(days=3))
    call = tenancy_call_create(actor=officer, program=setup.program, site=floor.site, offer_days=7)
    waitlist_from_selection(actor=officer, call=call)
    call.setup = setup
    return call


def test_the_waiting_list_follows_the_published_ranking(call):
    names = [e.company.name_ko for e in call.waitlist.order_by("rank")]
    # 경쟁회사 was selected (quota 1); 우리회사 qualified and waits behind it.
    assert names == ["경쟁회사", "우리회사"]


def test_a_free_unit_is_offered_to_the_first_in_line_who_accepts_and_signs(
    call, officer, unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [offer] = offers_make(actor=officer, call=call, starts_on=date(2026, 12, 1), now=NOW)
    assert offer.company.name_ko == "경쟁회사"
    # Open until 24:00 of the 7th day after today.
    assert offer.expires_at == datetime(2026, 11, 28, 0, 0, tzinfo=SEOUL)
    assert unit.code in mail.outbox[-1].subject and "2026-11-28" in mail.outbox[-1].body
    member = call.setup.members["theirs"]
    offer_accept(actor=member, offer=offer, now=NOW + timedelta(days=2))
    contract = Contract.objects.get(offer=offer)
    assert (contract.start, contract.end, contract.program) == (
        date(2026, 12, 1), date(2028, 12, 1), call.program,
    )  # fmt: skip
    assert call.waitlist.get(company=offer.company).left_reason == "accepted"


def test_a_member_of_another_company_cannot_accept(call, officer, unit):
    [offer] = offers_make(actor=officer, call=call, starts_on=date(2026, 12, 1), now=NOW)
    with pytest.raises(PermissionDenied):
        offer_accept(actor=call.setup.members["ours"], offer=offer, now=NOW)


def test_an_offer_expires_at_its_time_and_the_unit_goes_to_the_next_in_line(
    call, officer, unit, time_machine
):
    [offer] = offers_make(actor=officer, call=call, starts_on=date(2026, 12, 1), now=NOW)
    member = call.setup.members["theirs"]
    # One second before the expiry nothing lapses; at the expiry the job lapses it.
    assert offers_expire(offer.expires_at - timedelta(seconds=1)) == 0
    with pytest.raises(ValidationError, match="expired"):
        offer_accept(actor=member, offer=offer, now=offer.expires_at)
    time_machine.move_to(offer.expires_at + timedelta(minutes=1), tick=False)
    run_due_jobs(only="spaces.offers_expire")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.EXPIRED
    following = Offer.objects.get(status=OfferStatus.OFFERED)
    assert (following.unit, following.company.name_ko) == (unit, "우리회사")
    assert offers_expire(offer.expires_at + timedelta(minutes=2)) == 0


def test_a_declined_offer_passes_to_the_next_and_a_cancelled_contract_frees_the_unit(
    call, officer, unit
):
    [offer] = offers_make(actor=officer, call=call, starts_on=date(2026, 12, 1), now=NOW)
    offer_decline(actor=call.setup.members["theirs"], offer=offer, now=NOW)
    following = Offer.objects.get(status=OfferStatus.OFFERED)
    offer_accept(actor=call.setup.members["ours"], offer=following, now=NOW)
    late = CompanyFactory(name_ko="늦은기업")
    waitlist_add(actor=officer, call=call, company=late)
    contract_cancel(actor=officer, contract=Contract.objects.get(offer=following), reason="포기")
    assert Offer.objects.get(status=OfferStatus.OFFERED).company == late


def test_a_unit_taken_by_contract_is_not_offered(call, officer, unit):
    contract_sign(actor=officer, company=CompanyFactory(), units=[unit], start=date(2027, 6, 1))
    # Free from December, but not for a full two-year term.
    assert offers_make(actor=officer, call=call, starts_on=date(2026, 12, 1), now=NOW) == []
    second = UnitFactory(floor=unit.floor)
    [offer] = offers_make(actor=officer, call=call, starts_on=date(2026, 12, 1), now=NOW)
    assert offer.unit == second


def test_a_member_cannot_make_offers(call, unit):
    with pytest.raises(PermissionDenied):
        offers_make(actor=member_of(CompanyFactory()), call=call, starts_on=date(2026, 12, 1))
