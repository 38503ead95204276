"""Writes to the company registry. Every function here is atomic and audited."""

from dataclasses import dataclass, fields
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.companies.models import (
    Certification,
    Company,
    CompanyKind,
    GrowthStage,
    GrowthStageChange,
    Membership,
)
from jiwon.core.models import KsicCode, Region

PROFILE_FIELDS = [
    "kind",
    "brn",
    "crn",
    "legal_form",
    "name_ko",
    "name_en",
    "representative_name",
    "representative_birth_date",
    "founded_on",
    "ksic",
    "address",
    "region",
    "employees",
    "annual_sales_won",
    "email",
    "phone",
]
AUDITED_FIELDS = [*PROFILE_FIELDS, "is_local", "growth_stage"]


@dataclass(frozen=True, kw_only=True)
class CompanyInput:
    """Profile values as entered by a person, an import row or an API call."""

    name_ko: str
    representative_name: str
    representative_birth_date: date
    region: Region
    kind: str = CompanyKind.COMPANY
    brn: str | None = None
    crn: str = ""
    legal_form: str = ""
    name_en: str = ""
    founded_on: date | None = None
    ksic: KsicCode | None = None
    address: str = ""
    employees: int = 0
    annual_sales_won: int = 0
    email: str = ""
    phone: str = ""

    def values(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["brn"] = self.brn or None
        return data


def _apply(company: Company, values: dict) -> None:
    for name, value in values.items():
        setattr(company, name, value)
    company.is_local = company.region.code in settings.JIWON_LOCAL_REGION_CODES


@transaction.atomic
def company_create(*, actor, data: CompanyInput, owner=None) -> Company:
    """Register a company or pre-founder. If `owner` is given they become its owner member."""
    company = Company()
    _apply(company, data.values())
    company.full_clean()
    company.save()
    audit_record(
        actor=actor,
        action="companies.company_create",
        obj=company,
        changes={k: [None, v] for k, v in snapshot(company, AUDITED_FIELDS).items()},
    )
    if owner is not None:
        membership_add(actor=actor, company=company, user=owner, kind=Membership.Kind.OWNER)
    return company


@transaction.atomic
def company_update(*, actor, company: Company, data: CompanyInput) -> Company:
    before = snapshot(company, AUDITED_FIELDS)
    _apply(company, data.values())
    company.full_clean()
    changes = diff(before, snapshot(company, AUDITED_FIELDS))
    if changes:
        company.save()
        audit_record(actor=actor, action="companies.company_update", obj=company, changes=changes)
    return company


@transaction.atomic
def company_register_business(
    *, actor, company: Company, brn: str, legal_form: str, founded_on: date, crn: str = ""
) -> Company:
    """A pre-founder registers their business and becomes a company, keeping its history."""
    if not company.is_prefounder:
        raise ValidationError(_("This record is already a registered company."))
    before = snapshot(company, AUDITED_FIELDS)
    company.kind = CompanyKind.COMPANY
    company.brn = brn
    company.crn = crn
    company.legal_form = legal_form
    company.founded_on = founded_on
    company.full_clean()
    company.save()
    audit_record(
        actor=actor,
        action="companies.company_register_business",
        obj=company,
        changes=diff(before, snapshot(company, AUDITED_FIELDS)),
    )
    return company


@transaction.atomic
def company_set_growth_stage(
    *, actor, company: Company, stage: str, effective_on: date, reason: str = ""
) -> GrowthStageChange:
    if stage and stage not in GrowthStage.values:
        raise ValidationError(_("Unknown growth stage."))
    before = company.growth_stage
    company.growth_stage = stage
    company.save(update_fields=["growth_stage", "updated_at"])
    change = GrowthStageChange.objects.create(
        company=company,
        stage=stage,
        effective_on=effective_on,
        reason=reason,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="companies.company_set_growth_stage",
        obj=company,
        changes={"growth_stage": [before, stage], "effective_on": [None, str(effective_on)]},
    )
    return change


@transaction.atomic
def certification_add(
    *, actor, company: Company, kind: str, valid_from: date, valid_to: date | None, number: str = ""
) -> Certification:
    cert = Certification(
        company=company, kind=kind, valid_from=valid_from, valid_to=valid_to, number=number
    )
    cert.full_clean()
    cert.save()
    audit_record(
        actor=actor,
        action="companies.certification_add",
        obj=company,
        changes={"certification": [None, f"{kind} {valid_from}~{valid_to or ''} {number}"]},
    )
    return cert


@transaction.atomic
def certification_remove(*, actor, certification: Certification) -> None:
    company = certification.company
    label = f"{certification.kind} {certification.valid_from}~{certification.valid_to or ''}"
    certification.delete()
    audit_record(
        actor=actor,
        action="companies.certification_remove",
        obj=company,
        changes={"certification": [label, None]},
    )


@transaction.atomic
def membership_add(*, actor, company: Company, user, kind: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        company=company, user=user, defaults={"kind": kind}
    )
    if created:
        audit_record(
            actor=actor,
            action="companies.membership_add",
            obj=company,
            changes={"member": [None, f"{user.get_username()} ({kind})"]},
        )
    return membership
