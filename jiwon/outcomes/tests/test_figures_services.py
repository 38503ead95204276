from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role
from jiwon.outcomes.models import (
    Agreement,
    IntellectualProperty,
    Investment,
    Metric,
    Provenance,
    Relocation,
    YearFigure,
)
from jiwon.outcomes.services import figures as services

pytestmark = pytest.mark.django_db


def audit_of(obj):
    return list(
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("id")
    )


def set_figure(actor, company, value, *, provenance=Provenance.STAFF, metric=Metric.EMPLOYEES):
    return services.year_figure_set(
        actor=actor, company=company, year=2021, metric=metric, value=value, provenance=provenance
    )


def test_it_records_a_figure_with_its_provenance_and_who_entered_it(officer, company):
    figure = set_figure(officer, company, 12)
    figure.refresh_from_db()
    assert (figure.value, figure.provenance, figure.entered_by) == (12, "staff", officer)
    [audit] = audit_of(figure)
    assert audit.action == "outcomes.year_figure_set"
    assert audit.changes["value"] == [None, 12]


def test_setting_a_new_value_replaces_it_and_records_the_new_provenance_and_enterer(
    officer, company
):
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    first = set_figure(officer, company, 12)
    second = set_figure(finance, company, 15, provenance=Provenance.AGENCY)

    assert second.pk == first.pk
    assert YearFigure.objects.count() == 1
    second.refresh_from_db()
    assert (second.value, second.provenance, second.entered_by) == (15, "agency", finance)
    update = audit_of(second)[-1]
    assert update.action == "outcomes.year_figure_set"
    assert update.changes["value"] == [12, 15]
    assert update.changes["provenance"] == ["staff", "agency"]
    assert update.changes["entered_by"] == [str(officer), str(finance)]


def test_setting_the_same_value_keeps_the_provenance_and_enterer_it_had(officer, company):
    importer = UserFactory(role=Role.PROGRAM_OFFICER)
    figure = set_figure(officer, company, 12, provenance=Provenance.SURVEY)
    set_figure(importer, company, 12, provenance=Provenance.IMPORT)
    figure.refresh_from_db()
    assert (figure.provenance, figure.entered_by) == ("survey", officer)
    assert len(audit_of(figure)) == 1


@pytest.mark.parametrize(
    ("year", "value", "field"),
    [(2021, -1, "value"), (1999, 5, "year"), (timezone.localdate().year + 1, 5, "year")],
)
def test_it_refuses_a_negative_value_or_a_year_out_of_range(officer, company, year, value, field):
    with pytest.raises(ValidationError) as caught:
        services.year_figure_set(
            actor=officer,
            company=company,
            year=year,
            metric=Metric.SALES_WON,
            value=value,
            provenance=Provenance.STAFF,
        )
    assert field in caught.value.message_dict
    assert not YearFigure.objects.exists()


def test_it_accepts_zero_and_this_year(officer, company):
    this_year = timezone.localdate().year
    services.year_figure_set(
        actor=officer,
        company=company,
        year=this_year,
        metric=Metric.EXPORTS_USD,
        value=0,
        provenance=Provenance.STAFF,
    )
    assert YearFigure.objects.get().value == 0


def test_figures_of_one_company_do_not_touch_anothers(officer, company):
    other = CompanyFactory()
    set_figure(officer, company, 12)
    set_figure(officer, other, 99)
    assert sorted(YearFigure.objects.values_list("value", flat=True)) == [12, 99]


# --- outcome records --------------------------------------------------------------------------


def test_it_adds_and_updates_an_investment_with_provenance_enterer_and_audit(officer, company):
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    investment = services.investment_add(
        actor=officer,
        company=company,
        occurred_on=date(2021, 9, 15),
        amount_won=500_000_000,
        investor="안양벤처투자",
        round=Investment.Round.SERIES_A,
        provenance=Provenance.STAFF,
    )
    assert (investment.entered_by, investment.provenance) == (officer, "staff")
    services.investment_update(
        actor=finance,
        investment=investment,
        occurred_on=date(2021, 9, 15),
        amount_won=600_000_000,
        investor="안양벤처투자",
        round=Investment.Round.SERIES_A,
        provenance=Provenance.AGENCY,
    )
    investment.refresh_from_db()
    assert (investment.amount_won, investment.entered_by) == (600_000_000, finance)
    added, updated = audit_of(investment)
    assert added.action == "outcomes.investment_add"
    assert added.changes["company"] == [None, str(company)]
    assert updated.action == "outcomes.investment_update"
    assert updated.changes["amount_won"] == [500_000_000, 600_000_000]
    assert updated.changes["provenance"] == ["staff", "agency"]


def test_an_update_that_changes_nothing_writes_nothing(officer, company):
    award = services.award_add(
        actor=officer,
        company=company,
        occurred_on=date(2021, 12, 10),
        name="우수기업상",
        provenance=Provenance.STAFF,
    )
    other = UserFactory(role=Role.PROGRAM_OFFICER)
    services.award_update(
        actor=other,
        award=award,
        occurred_on=date(2021, 12, 10),
        name="우수기업상",
        provenance=Provenance.STAFF,
    )
    award.refresh_from_db()
    assert award.entered_by == officer
    assert len(audit_of(award)) == 1


def test_it_refuses_an_investment_of_zero_won(officer, company):
    with pytest.raises(ValidationError) as caught:
        services.investment_add(
            actor=officer,
            company=company,
            occurred_on=date(2021, 9, 15),
            amount_won=0,
            investor="X",
            round=Investment.Round.SEED,
            provenance=Provenance.STAFF,
        )
    assert "amount_won" in caught.value.message_dict


def test_it_refuses_a_patent_number_already_recorded_for_that_kind(officer, company):
    def add_ip(kind, number):
        return services.intellectual_property_add(
            actor=officer,
            company=company,
            occurred_on=date(2021, 6, 30),
            kind=kind,
            number=number,
            provenance=Provenance.STAFF,
        )

    add_ip(IntellectualProperty.Kind.PATENT, "10-2345678")
    with pytest.raises(ValidationError) as caught:
        add_ip(IntellectualProperty.Kind.PATENT, " 10-2345678 ")
    assert "number" in caught.value.message_dict
    add_ip(IntellectualProperty.Kind.TRADEMARK, "10-2345678")
    assert IntellectualProperty.objects.count() == 2


def test_it_refuses_outcomes_dated_in_the_future(officer, company):
    with pytest.raises(ValidationError) as caught:
        services.agreement_add(
            actor=officer,
            company=company,
            occurred_on=timezone.localdate() + timedelta(days=1),
            kind=Agreement.Kind.MOU,
            counterparty="(주)한빛",
            provenance=Provenance.STAFF,
        )
    assert "occurred_on" in caught.value.message_dict


def test_a_relocation_needs_a_real_region_code_or_a_place(officer, company):
    def move(**kwargs):
        return services.relocation_add(
            actor=officer,
            company=company,
            occurred_on=date(2021, 3, 2),
            direction=Relocation.Direction.IN,
            provenance=Provenance.STAFF,
            **kwargs,
        )

    with pytest.raises(ValidationError) as caught:
        move()
    assert "other_place" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        move(other_region_code="99999")
    assert "other_region_code" in caught.value.message_dict
    moved = move(other_region_code="11680")
    assert moved.other_region_code == "11680"
    move(other_place="서울특별시 금천구")
    assert Relocation.objects.count() == 2


def test_it_refuses_a_provenance_it_does_not_know(officer, company):
    with pytest.raises(ValidationError) as caught:
        services.award_add(
            actor=officer,
            company=company,
            occurred_on=date(2021, 12, 10),
            name="상",
            provenance="hearsay",
        )
    assert "provenance" in caught.value.message_dict
