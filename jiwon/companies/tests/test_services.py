from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies import services
from jiwon.companies.models import Company, CompanyKind, GrowthStage, LegalForm, Membership
from jiwon.companies.services import CompanyInput
from jiwon.companies.tests.factories import ksic, region, valid_brn
from jiwon.core.reference import region_in_force


def company_input(**overrides) -> CompanyInput:
    values = {
        "brn": valid_brn(7),
        "legal_form": LegalForm.CORPORATION,
        "name_ko": "안양전자",
        "representative_name": "김안양",
        "representative_birth_date": date(1981, 4, 9),
        "founded_on": date(2019, 4, 9),
        "ksic": ksic("26211"),
        "region": region("41171"),
    }
    values.update(overrides)
    return CompanyInput(**values)


@pytest.fixture
def actor(db):
    return UserFactory()


def test_it_creates_a_company_and_audits_every_field(actor):
    company = services.company_create(actor=actor, data=company_input())
    entry = AuditEntry.objects.get(action="companies.company_create")
    assert entry.actor == actor
    assert entry.object_id == str(company.pk)
    assert entry.changes["brn"] == [None, valid_brn(7)]
    assert entry.changes["is_local"] == [None, True]


def test_it_derives_the_local_flag_from_the_district(actor):
    inside = services.company_create(actor=actor, data=company_input())
    outside = services.company_create(
        actor=actor, data=company_input(brn=valid_brn(8), region=region("41410"))
    )
    assert inside.is_local is True
    assert outside.is_local is False


def test_it_refuses_a_duplicate_business_number(actor):
    services.company_create(actor=actor, data=company_input())
    with pytest.raises(ValidationError) as exc:
        services.company_create(actor=actor, data=company_input(name_ko="다른회사"))
    assert "brn" in exc.value.error_dict


def test_it_writes_nothing_when_validation_fails(actor):
    with pytest.raises(ValidationError):
        services.company_create(actor=actor, data=company_input(brn="1248100997"))
    assert not AuditEntry.objects.exists()


def test_it_refuses_a_founding_date_tomorrow_but_accepts_today(actor):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.company_create(actor=actor, data=company_input(founded_on=today + timedelta(1)))
    assert "founded_on" in exc.value.error_dict
    assert services.company_create(actor=actor, data=company_input(founded_on=today)).pk


def test_it_refuses_a_crn_for_a_sole_proprietorship(actor):
    data = company_input(
        brn=valid_brn(9, middle="01"), legal_form=LegalForm.INDIVIDUAL, crn="1301110006246"
    )
    with pytest.raises(ValidationError) as exc:
        services.company_create(actor=actor, data=data)
    assert "crn" in exc.value.error_dict


def test_it_records_only_changed_fields_on_update(actor):
    company = services.company_create(actor=actor, data=company_input())
    services.company_update(actor=actor, company=company, data=company_input(employees=42))
    entry = AuditEntry.objects.get(action="companies.company_update")
    assert entry.changes == {"employees": [0, 42]}


def test_it_does_not_audit_an_update_that_changes_nothing(actor):
    company = services.company_create(actor=actor, data=company_input())
    services.company_update(actor=actor, company=company, data=company_input())
    assert not AuditEntry.objects.filter(action="companies.company_update").exists()


def test_a_prefounder_registers_with_no_number_and_later_becomes_a_company(actor):
    prefounder = services.company_create(
        actor=actor,
        data=company_input(kind=CompanyKind.PREFOUNDER, brn=None, legal_form="", founded_on=None),
        owner=actor,
    )
    assert prefounder.is_prefounder
    assert Membership.objects.filter(company=prefounder, user=actor, kind="owner").exists()
    services.company_register_business(
        actor=actor,
        company=prefounder,
        brn=valid_brn(11),
        legal_form=LegalForm.CORPORATION,
        founded_on=date(2026, 1, 2),
    )
    prefounder.refresh_from_db()
    assert prefounder.kind == CompanyKind.COMPANY
    assert prefounder.brn == valid_brn(11)
    entry = AuditEntry.objects.get(action="companies.company_register_business")
    assert entry.changes["kind"] == ["prefounder", "company"]


def test_a_prefounder_cannot_carry_a_business_number(actor):
    with pytest.raises(ValidationError) as exc:
        services.company_create(
            actor=actor, data=company_input(kind=CompanyKind.PREFOUNDER, founded_on=None)
        )
    assert "brn" in exc.value.error_dict


def test_a_registered_company_cannot_register_again(actor):
    company = services.company_create(actor=actor, data=company_input())
    with pytest.raises(ValidationError):
        services.company_register_business(
            actor=actor,
            company=company,
            brn=valid_brn(12),
            legal_form=LegalForm.CORPORATION,
            founded_on=date(2020, 1, 1),
        )


def test_it_keeps_a_dated_history_of_growth_stages(actor):
    company = services.company_create(actor=actor, data=company_input())
    services.company_set_growth_stage(
        actor=actor, company=company, stage=GrowthStage.G240, effective_on=date(2020, 3, 1)
    )
    services.company_set_growth_stage(
        actor=actor,
        company=company,
        stage=GrowthStage.BLUE100,
        effective_on=date(2021, 6, 1),
        reason="Blue100 2021",
    )
    history = list(company.stage_history.values_list("stage", "effective_on"))
    assert history == [("BLUE100", date(2021, 6, 1)), ("G240", date(2020, 3, 1))]
    assert company.growth_stage == GrowthStage.BLUE100


def test_it_refuses_a_certification_that_ends_before_it_starts(actor):
    company = services.company_create(actor=actor, data=company_input())
    with pytest.raises(ValidationError):
        services.certification_add(
            actor=actor,
            company=company,
            kind="venture",
            valid_from=date(2024, 1, 2),
            valid_to=date(2024, 1, 1),
        )
    cert = services.certification_add(
        actor=actor,
        company=company,
        kind="venture",
        valid_from=date(2024, 1, 2),
        valid_to=date(2024, 1, 2),
    )
    assert cert.is_valid_on(date(2024, 1, 2))
    assert not cert.is_valid_on(date(2024, 1, 3))


def test_a_bulk_registration_writes_companies_histories_and_one_audit_entry(actor):
    records = [
        services.CompanyRecord(
            data=company_input(brn=valid_brn(20)),
            certifications=[
                services.CertificationInput(
                    kind="venture", valid_from=date(2024, 1, 2), valid_to=date(2027, 1, 1)
                )
            ],
            stages=[
                services.StageInput(stage=GrowthStage.G240, effective_on=date(2020, 5, 1)),
                services.StageInput(stage=GrowthStage.BLUE100, effective_on=date(2021, 4, 30)),
            ],
        ),
        services.CompanyRecord(data=company_input(brn=valid_brn(21), region=region("11680"))),
    ]

    first, second = services.companies_bulk_create(actor=actor, records=records)

    assert (first.is_local, second.is_local) == (True, False)
    assert first.growth_stage == GrowthStage.BLUE100 and second.growth_stage == ""
    assert first.certifications.count() == 1
    assert list(first.stage_history.order_by("effective_on").values_list("stage", flat=True)) == [
        GrowthStage.G240,
        GrowthStage.BLUE100,
    ]
    (entry,) = AuditEntry.objects.filter(action="companies.companies_bulk_create")
    assert entry.changes == {
        "companies": [None, 2],
        "certifications": [None, 1],
        "growth_stage_changes": [None, 2],
    }


def test_a_bulk_registration_with_one_bad_row_writes_nothing(actor):
    records = [
        services.CompanyRecord(data=company_input(brn=valid_brn(22))),
        services.CompanyRecord(data=company_input(brn="1234567890")),
    ]

    with pytest.raises(ValidationError):
        services.companies_bulk_create(actor=actor, records=records)

    assert not AuditEntry.objects.filter(action="companies.companies_bulk_create").exists()
    assert not Company.objects.filter(brn=valid_brn(22)).exists()


def test_a_company_closes_once_and_never_before_it_was_founded(actor):
    company = services.company_create(actor=actor, data=company_input(brn=valid_brn(23)))

    with pytest.raises(ValidationError, match="before it was founded"):
        services.company_close(actor=actor, company=company, closed_on=date(2019, 1, 1))
    services.company_close(actor=actor, company=company, closed_on=date(2024, 2, 29), reason="폐업")
    with pytest.raises(ValidationError, match="already closed"):
        services.company_close(actor=actor, company=company, closed_on=date(2025, 1, 1))

    company.refresh_from_db()
    assert company.closed_on == date(2024, 2, 29)
    entry = AuditEntry.objects.get(action="companies.company_close")
    assert entry.changes == {"closed_on": [None, "2024-02-29"], "reason": [None, "폐업"]}


def test_a_prefounder_has_no_employees_nor_sales_in_the_registry(actor):
    with pytest.raises(ValidationError) as exc:
        services.company_create(
            actor=actor,
            data=company_input(
                kind=CompanyKind.PREFOUNDER,
                brn=None,
                legal_form="",
                founded_on=None,
                employees=50,
                annual_sales_won=1,
            ),
        )
    assert exc.value.message_dict["employees"] == [
        "A pre-founder has no employees yet: leave this at 0."
    ]
    assert "annual_sales_won" in exc.value.message_dict
    prefounder = services.company_create(
        actor=actor,
        data=company_input(kind=CompanyKind.PREFOUNDER, brn=None, legal_form="", founded_on=None),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.filter(pk=prefounder.pk).update(employees=3)


def test_a_company_filed_under_the_city_without_its_district_is_local(actor):
    company = services.company_create(actor=actor, data=company_input(region=region("41170")))
    assert company.is_local is True


def test_a_retired_code_with_one_successor_is_read_as_that_code():
    assert region_in_force("29110") == "12210"
    assert region_in_force("29") == "12"
    assert region_in_force("28110") == "28110"  # split: no single successor
    assert region_in_force("41173") == "41173"
