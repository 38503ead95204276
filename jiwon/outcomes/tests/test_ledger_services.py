from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jiwon.audit.chain import verify
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import Provenance, SupportLedgerEntry
from jiwon.outcomes.selectors.ledger import (
    LedgerFilters,
    effective_amount,
    ledger_search,
    ledger_total,
    standing_entries,
)
from jiwon.outcomes.services.ledger import (
    ledger_entry_add,
    ledger_entry_adjust,
    ledger_entry_replace,
    ledger_entry_update,
    ledger_entry_void,
    ledger_record_for_source,
)
from jiwon.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

DAY = date(2021, 5, 3)


def add(actor, company, **kwargs):
    values = {
        "kind": SupportKind.GRANT,
        "amount_won": 30_000_000,
        "supported_on": DAY,
        "provenance": Provenance.STAFF,
    }
    values.update(kwargs)
    return ledger_entry_add(actor=actor, company=company, **values)


def edit(actor, entry, **changes):
    """An edit of the descriptive fields that changes only `changes`."""
    values = {
        "program": entry.program,
        "kind": entry.kind,
        "period_end": entry.period_end,
        "description": entry.description,
    }
    values.update(changes)
    return ledger_entry_update(actor=actor, entry=entry, **values)


def move(actor, entry, *, company=None, supported_on=None, **kwargs):
    return ledger_entry_replace(
        actor=actor,
        entry=entry,
        company=company or entry.company,
        supported_on=supported_on or entry.supported_on,
        period_end=entry.period_end,
        **kwargs,
    )


def audit_of(obj, action=None):
    entries = AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("id")
    return [e for e in entries if action is None or e.action == action]


# --- adding -----------------------------------------------------------------------------------


def test_it_adds_a_row_with_who_entered_it_and_audits_it(officer, company):
    program = ProgramFactory(fiscal_year=2021)
    entry = add(officer, company, program=program, description="사업화 자금")

    entry.refresh_from_db()
    assert (entry.amount_won, entry.program, entry.entered_by) == (30_000_000, program, officer)
    assert entry.provenance == Provenance.STAFF and entry.source_type == "manual"
    [audit] = audit_of(entry)
    assert audit.action == "outcomes.ledger_entry_add"
    assert audit.changes["amount_won"] == [None, 30_000_000]
    assert audit.actor == officer


def test_it_refuses_a_negative_amount_on_an_ordinary_row(officer, company):
    with pytest.raises(ValidationError) as caught:
        add(officer, company, amount_won=-1)
    assert "correct that row" in " ".join(caught.value.message_dict["amount_won"])
    assert not SupportLedgerEntry.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_accepts_zero_and_no_amount(officer, company):
    add(officer, company, amount_won=0)
    mentoring = add(officer, company, kind=SupportKind.MENTORING, amount_won=None)
    assert mentoring.amount_won is None
    assert SupportLedgerEntry.objects.count() == 2


def test_it_refuses_a_period_that_ends_before_it_starts(officer, company):
    with pytest.raises(ValidationError) as caught:
        add(officer, company, period_end=date(2021, 5, 2))
    assert "period_end" in caught.value.message_dict
    add(officer, company, period_end=DAY)  # one day is a period


def test_it_refuses_an_unknown_kind_and_provenance(officer, company):
    with pytest.raises(ValidationError) as caught:
        add(officer, company, kind="lottery", provenance="rumour")
    assert set(caught.value.message_dict) >= {"kind", "provenance"}


def test_it_refuses_a_description_over_300_characters(officer, company):
    with pytest.raises(ValidationError) as caught:
        add(officer, company, description="가" * 301)
    assert "300" in caught.value.message_dict["description"][0]


# --- corrections ------------------------------------------------------------------------------


def test_it_corrects_an_amount_with_a_row_holding_the_difference(officer, company):
    entry = add(officer, company, amount_won=30_000_000)
    correction = ledger_entry_adjust(
        actor=officer, entry=entry, amount_won=25_000_000, reason="정산 결과 반영"
    )

    entry.refresh_from_db()
    assert entry.amount_won == 30_000_000, "the corrected row itself never changes"
    assert correction.corrects == entry
    assert correction.amount_won == -5_000_000
    assert (correction.company, correction.supported_on) == (entry.company, entry.supported_on)
    assert correction.description == "정산 결과 반영"
    assert effective_amount(entry) == 25_000_000
    assert ledger_total(SupportLedgerEntry.objects.all()) == 25_000_000
    [audit] = audit_of(correction)
    assert audit.action == "outcomes.ledger_entry_adjust"
    assert audit.changes["effective_amount_won"] == [30_000_000, 25_000_000]


def test_it_corrects_an_amount_upwards_too(officer, company):
    entry = add(officer, company, amount_won=10)
    ledger_entry_adjust(actor=officer, entry=entry, amount_won=15, reason="추가 지급")
    assert effective_amount(entry) == 15


def test_it_moves_a_row_to_another_company_by_reversal_and_replacement(officer, company):
    right = CompanyFactory()
    entry = add(officer, company, amount_won=30_000_000)
    replacement = move(officer, entry, company=right, reason="다른 기업으로 잘못 입력")

    assert (replacement.company, replacement.amount_won) == (right, 30_000_000)
    assert replacement.corrects is None
    [reversal] = entry.corrections.all()
    assert (reversal.amount_won, reversal.company) == (-30_000_000, company)
    standing = set(standing_entries())
    assert standing == {replacement}
    assert ledger_total(SupportLedgerEntry.objects.filter(company=company)) == 0
    assert ledger_total(SupportLedgerEntry.objects.filter(company=right)) == 30_000_000
    assert [e.action for e in audit_of(reversal)] == ["outcomes.ledger_entry_replace"]
    assert [e.action for e in audit_of(replacement)] == ["outcomes.ledger_entry_replace"]
    assert audit_of(replacement)[0].changes["replaces"] == [None, entry.pk]


def test_it_moves_a_row_to_another_date(officer, company):
    entry = add(officer, company, supported_on=date(2020, 12, 30))
    replacement = move(officer, entry, supported_on=date(2021, 1, 4), reason="지급일 오기")
    in_2021 = ledger_search(filters=LedgerFilters(year=2021))
    in_2020 = ledger_search(filters=LedgerFilters(year=2020))
    assert ledger_total(in_2021) == 30_000_000 and ledger_total(in_2020) == 0
    assert replacement.supported_on == date(2021, 1, 4)


def test_it_cancels_a_row_and_then_refuses_to_correct_it_again(officer, company):
    entry = add(officer, company)
    reversal = ledger_entry_void(actor=officer, entry=entry, reason="지원 취소")
    assert effective_amount(entry) == 0
    assert not standing_entries().exists()
    assert [e.action for e in audit_of(reversal)] == ["outcomes.ledger_entry_void"]
    with pytest.raises(ValidationError, match="cancelled"):
        ledger_entry_adjust(actor=officer, entry=entry, amount_won=1, reason="다시")
    with pytest.raises(ValidationError, match="cancelled"):
        ledger_entry_void(actor=officer, entry=entry, reason="다시")


def test_it_sends_corrections_of_a_replaced_row_to_its_replacement(officer, company):
    entry = add(officer, company)
    replacement = move(officer, entry, supported_on=date(2021, 6, 1), reason="날짜")
    with pytest.raises(ValidationError) as caught:
        ledger_entry_adjust(actor=officer, entry=entry, amount_won=1, reason="금액")
    assert str(replacement.pk) in caught.value.messages[0]


def test_it_cancels_a_row_without_an_amount(officer, company):
    entry = add(officer, company, kind=SupportKind.MENTORING, amount_won=None)
    reversal = ledger_entry_void(actor=officer, entry=entry, reason="불참")
    assert reversal.amount_won is None
    assert not standing_entries().exists()


def test_it_gives_a_row_without_an_amount_its_amount_by_replacing_it(officer, company):
    entry = add(officer, company, kind=SupportKind.EDUCATION, amount_won=None)
    replacement = ledger_entry_adjust(
        actor=officer, entry=entry, amount_won=2_000_000, reason="교육비 확정"
    )
    assert replacement.amount_won == 2_000_000
    assert (replacement.company, replacement.supported_on) == (company, entry.supported_on)
    assert list(standing_entries()) == [replacement]
    assert [e.action for e in audit_of(replacement)] == ["outcomes.ledger_entry_adjust"]


def test_it_refuses_a_correction_without_a_reason_or_without_a_change(officer, company):
    entry = add(officer, company)
    with pytest.raises(ValidationError) as caught:
        ledger_entry_adjust(actor=officer, entry=entry, amount_won=1, reason="  ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        ledger_entry_void(actor=officer, entry=entry, reason="")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError, match="Nothing to correct"):
        ledger_entry_adjust(actor=officer, entry=entry, amount_won=30_000_000, reason="같음")
    with pytest.raises(ValidationError, match="Nothing to correct"):
        move(officer, entry, reason="같은 기업, 같은 날짜")
    with pytest.raises(ValidationError) as caught:
        ledger_entry_adjust(actor=officer, entry=entry, amount_won=-5, reason="음수")
    assert caught.value.message_dict["amount_won"] == ["The right amount cannot be negative."]
    assert entry.corrections.count() == 0


def test_it_refuses_to_correct_or_edit_a_correction_row(officer, company):
    entry = add(officer, company)
    correction = ledger_entry_adjust(actor=officer, entry=entry, amount_won=1, reason="r")
    for correct in (
        lambda: ledger_entry_adjust(actor=officer, entry=correction, amount_won=2, reason="r"),
        lambda: ledger_entry_void(actor=officer, entry=correction, reason="r"),
        lambda: move(officer, correction, supported_on=date(2021, 6, 1), reason="r"),
    ):
        with pytest.raises(ValidationError, match="This is a correction row"):
            correct()
    with pytest.raises(ValidationError, match="cannot be edited"):
        edit(officer, correction, description="x")


# --- audited edits ----------------------------------------------------------------------------


def test_it_edits_descriptive_fields_with_before_and_after_in_the_audit_log(officer, company):
    first, second = ProgramFactory(fiscal_year=2021), ProgramFactory(fiscal_year=2021)
    entry = add(officer, company, program=first, description="초안")
    correction = ledger_entry_adjust(actor=officer, entry=entry, amount_won=1, reason="r")

    edit(officer, entry, program=second, description="최종")

    entry.refresh_from_db()
    correction.refresh_from_db()
    assert (entry.program, entry.description) == (second, "최종")
    assert correction.program == second, "a correction follows its row's programme"
    [audit] = audit_of(entry, "outcomes.ledger_entry_update")
    assert audit.changes["description"] == ["초안", "최종"]
    assert audit.changes["program"] == [str(first), str(second)]
    assert audit.changes["corrections_updated"] == [None, [correction.pk]]
    assert entry.amount_won == 30_000_000


def test_an_edit_that_changes_nothing_writes_nothing(officer, company):
    entry = add(officer, company, description="같음")
    edit(officer, entry, description="같음")
    assert audit_of(entry, "outcomes.ledger_entry_update") == []


def test_every_ledger_write_keeps_the_audit_chain_intact(officer, company):
    entry = add(officer, company)
    ledger_entry_adjust(actor=officer, entry=entry, amount_won=1, reason="r")
    edit(officer, entry, description="d")
    assert verify(AuditEntry.objects.order_by("id")) is None


# --- rows written by other modules ------------------------------------------------------------


def record(actor, company, **kwargs):
    values = {
        "source_type": "selection",
        "source_id": 17,
        "company": company,
        "program": None,
        "kind": SupportKind.GRANT,
        "amount_won": 50_000_000,
        "supported_on": DAY,
    }
    values.update(kwargs)
    return ledger_record_for_source(actor=actor, **values)


def test_the_same_source_twice_makes_one_row_and_one_audit_entry(officer, company):
    first = record(officer, company)
    second = record(officer, company)
    assert first.pk == second.pk
    assert SupportLedgerEntry.objects.count() == 1
    assert first.provenance == Provenance.AGENCY and first.source_id == "17"
    assert len(audit_of(first)) == 1


def test_a_source_whose_amount_changed_gets_an_adjustment_not_an_edit(officer, company):
    entry = record(officer, company, amount_won=50_000_000)
    record(officer, company, amount_won=40_000_000)
    record(officer, company, amount_won=40_000_000)
    entry.refresh_from_db()
    assert entry.amount_won == 50_000_000
    assert effective_amount(entry) == 40_000_000
    assert entry.corrections.count() == 1


def test_a_source_moved_to_another_date_is_replaced_and_found_again(officer, company):
    record(officer, company)
    moved = record(officer, company, supported_on=date(2021, 7, 1))
    again = record(officer, company, supported_on=date(2021, 7, 1), description="2차")
    assert moved.pk == again.pk
    assert again.description == "2차"
    assert [e.supported_on for e in standing_entries()] == [date(2021, 7, 1)]
    assert ledger_total(SupportLedgerEntry.objects.all()) == 50_000_000


def test_a_source_row_staff_cancelled_stays_cancelled(officer, company):
    entry = record(officer, company)
    ledger_entry_void(actor=officer, entry=entry, reason="선정 취소")
    assert record(officer, company) is None
    assert ledger_total(SupportLedgerEntry.objects.all()) == 0


def test_a_source_needs_its_own_type_and_an_id(officer, company):
    with pytest.raises(ValueError):
        record(officer, company, source_type="manual")
    with pytest.raises(ValueError):
        record(officer, company, source_id="")


def test_a_source_row_refuses_a_negative_amount(officer, company):
    with pytest.raises(ValidationError):
        record(officer, company, amount_won=-10)
    assert not SupportLedgerEntry.objects.exists()
