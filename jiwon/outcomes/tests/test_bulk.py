from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.actor import SystemActor
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import (
    IntellectualProperty,
    Metric,
    Provenance,
    Relocation,
    SupportLedgerEntry,
    YearFigure,
)
from jiwon.outcomes.services.bulk import (
    ledger_entries_bulk_add,
    outcome_records_bulk_add,
    year_figures_bulk_add,
)
from jiwon.programs.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
IMPORT = SystemActor("import")


def row(company, amount: int) -> SupportLedgerEntry:
    return SupportLedgerEntry(
        company=company,
        kind=SupportKind.GRANT,
        amount_won=amount,
        supported_on=date(2020, 5, 1),
        provenance=Provenance.AGENCY,
    )


def test_a_year_of_support_is_recorded_with_one_audit_entry_giving_the_total():
    agency, company = AgencyFactory(), CompanyFactory()

    ledger_entries_bulk_add(
        actor=IMPORT, agency=agency, entries=[row(company, 1_000_000), row(company, 2_500_000)]
    )

    assert SupportLedgerEntry.objects.filter(company=company).count() == 2
    (entry,) = AuditEntry.objects.filter(action="outcomes.ledger_entries_bulk_add")
    assert entry.changes["amount_won"] == [None, 3_500_000]


def test_one_negative_amount_fails_the_whole_batch():
    agency, company = AgencyFactory(), CompanyFactory()

    with pytest.raises(ValidationError, match="cannot be negative"):
        ledger_entries_bulk_add(
            actor=IMPORT, agency=agency, entries=[row(company, 1_000), row(company, -5)]
        )

    assert not SupportLedgerEntry.objects.exists()


def test_yearly_figures_are_checked_like_one_entered_by_hand():
    agency, company = AgencyFactory(), CompanyFactory()
    good = YearFigure(
        company=company, year=2020, metric=Metric.EMPLOYEES, value=12, provenance="agency"
    )
    future = YearFigure(
        company=company, year=2999, metric=Metric.EMPLOYEES, value=12, provenance="agency"
    )

    with pytest.raises(ValidationError, match="Enter a year"):
        year_figures_bulk_add(actor=IMPORT, agency=agency, figures=[good, future])
    year_figures_bulk_add(actor=IMPORT, agency=agency, figures=[good])

    assert YearFigure.objects.get(company=company).value == 12


def test_an_ip_number_already_recorded_or_twice_in_the_batch_fails_it():
    agency, company = AgencyFactory(), CompanyFactory()

    def patent(number: str) -> IntellectualProperty:
        return IntellectualProperty(
            company=company,
            occurred_on=date(2020, 3, 1),
            kind=IntellectualProperty.Kind.PATENT,
            number=number,
            title="센서",
            provenance=Provenance.AGENCY,
        )

    outcome_records_bulk_add(actor=IMPORT, agency=agency, records=[patent("10-1")])
    for batch in ([patent("10-1")], [patent("10-2"), patent("10-2")]):
        with pytest.raises(ValidationError, match="already recorded"):
            outcome_records_bulk_add(actor=IMPORT, agency=agency, records=batch)
    bad_place = Relocation(
        company=company,
        occurred_on=date(2020, 3, 1),
        direction=Relocation.Direction.IN,
        other_region_code="99999",
        provenance=Provenance.AGENCY,
    )
    with pytest.raises(ValidationError, match="99999"):
        outcome_records_bulk_add(actor=IMPORT, agency=agency, records=[bad_place])

    assert IntellectualProperty.objects.count() == 1
