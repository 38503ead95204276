"""One support-ledger row per tenancy: the contract's. A tenancy call's published selection
writes none of its own (outcomes' receiver reads `Program.selection_writes_ledger`), and a
programme made a call after its publication has the selection's rows voided."""

from datetime import date, datetime, timedelta

import pytest

from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.outcomes.receivers import SELECTION_SOURCE
from jiwon.outcomes.selectors.ledger import standing_entries
from jiwon.reviews.services.selection import (
    selection_compute,
    selection_confirm,
    selection_publish,
)
from jiwon.reviews.tests.factories import configure, evaluated, published_ranking
from jiwon.spaces.rules import SEOUL
from jiwon.spaces.services.offers import offer_accept
from jiwon.spaces.services.waitlist import (
    offers_make,
    tenancy_call_create,
    waitlist_from_selection,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL)


def standing(company):
    return list(standing_entries(SupportLedgerEntry.objects.filter(company=company)))


def accept_first_offer(officer, call, member):
    waitlist_from_selection(actor=officer, call=call)
    [offer] = offers_make(actor=officer, call=call, starts_on=date(2026, 12, 1), now=NOW)
    offer_accept(actor=member, offer=offer, now=NOW)
    return offer


def test_it_writes_no_selection_row_for_a_call_and_one_row_per_contract(officer, unit):
    theirs = CompanyFactory(name_ko="경쟁회사")
    setup = evaluated(
        {"ours": [(20, 20, 20)] * 3, "theirs": [(35, 30, 30)] * 3},
        quota=1,
        companies={"theirs": theirs},
    )
    call = tenancy_call_create(actor=officer, program=setup.program, site=unit.floor.site)
    setup.program.refresh_from_db()
    assert setup.program.selection_writes_ledger is False
    configure(officer, setup.program, appeal_days=7, support_kind="tenancy")
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    selection_publish(actor=officer, run=run, now=NOW - timedelta(days=1))
    assert not SupportLedgerEntry.objects.filter(source_type=SELECTION_SOURCE).exists()

    offer = accept_first_offer(officer, call, member_of(theirs))
    [row] = standing(theirs)
    assert (row.source_type, row.kind, row.program) == ("space_contract", "tenancy", call.program)
    assert row.source_id == str(offer.contract.pk)


def test_it_voids_the_rows_of_a_selection_published_before_the_call(officer, unit):
    setup = published_ranking(officer, at=NOW - timedelta(days=3))
    theirs = setup.members["theirs"]
    company = setup.apps["theirs"].company
    assert [r.source_type for r in standing(company)] == [SELECTION_SOURCE]

    call = tenancy_call_create(actor=officer, program=setup.program, site=unit.floor.site)
    assert standing(company) == []
    accept_first_offer(officer, call, theirs)
    assert [r.source_type for r in standing(company)] == ["space_contract"]
    # A second publication of the programme (e.g. after an appeal) writes nothing more.
    assert not standing_entries(
        SupportLedgerEntry.objects.filter(source_type=SELECTION_SOURCE)
    ).exists()


def test_it_leaves_the_selection_rows_of_other_programmes(officer, unit):
    other = published_ranking(officer, at=NOW - timedelta(days=3))
    mine = evaluated({"a": [(30, 30, 30)] * 3}, quota=1)
    tenancy_call_create(actor=officer, program=mine.program, site=unit.floor.site)
    company = other.apps["theirs"].company
    assert [r.source_type for r in standing(company)] == [SELECTION_SOURCE]
    other.program.refresh_from_db()
    assert other.program.selection_writes_ledger is True
