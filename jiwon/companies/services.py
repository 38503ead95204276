"""Writes to the company registry, and the sign-up that opens an account with its company.
Every function here is atomic and audited."""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiwon.accounts.models import User
from jiwon.accounts.services import user_register
from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.companies.models import (
    Certification,
    Company,
    CompanyKind,
    GrowthStage,
    GrowthStageChange,
    Membership,
)
from jiwon.core.actor import Actor, actor_user
from jiwon.core.models import KsicCode, Region
from jiwon.core.roles import Role

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

    def values(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["brn"] = self.brn or None
        return data


def _apply(company: Company, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(company, name, value)
    company.is_local = company.region.code in settings.JIWON_LOCAL_REGION_CODES


@transaction.atomic
def company_create(*, actor: Actor, data: CompanyInput, owner: User | None = None) -> Company:
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
def company_update(*, actor: Actor, company: Company, data: CompanyInput) -> Company:
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
    *,
    actor: Actor,
    company: Company,
    brn: str,
    legal_form: str,
    founded_on: date,
    crn: str = "",
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
    *, actor: Actor, company: Company, stage: str, effective_on: date, reason: str = ""
) -> GrowthStageChange:
    if stage and stage not in GrowthStage.values:
        raise ValidationError(_("Unknown growth stage."))
    before = company.growth_stage
    company.growth_stage = stage
    company.save(update_fields=["growth_stage", "updated_at"])
    user = actor_user(actor)
    change = GrowthStageChange.objects.create(
        company=company,
        stage=stage,
        effective_on=effective_on,
        reason=reason,
        recorded_by_id=user.pk if user else None,
    )
    audit_record(
        actor=actor,
        action="companies.company_set_growth_stage",
        obj=company,
        changes={"growth_stage": [before, stage], "effective_on": [None, str(effective_on)]},
    )
    return change


@transaction.atomic
def company_close(*, actor: Actor, company: Company, closed_on: date, reason: str = "") -> Company:
    """Record that the business closed (폐업) on `closed_on`. The company and its history stay
    in the registry; from the day after, it no longer counts among the city's companies."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.is_prefounder:
        raise ValidationError(_("A pre-founder has no business to close."))
    if company.closed_on is not None:
        raise ValidationError(
            _("This business already closed on %(day)s.") % {"day": company.closed_on}
        )
    if company.founded_on and closed_on < company.founded_on:
        raise ValidationError({"closed_on": _("A business cannot close before it was founded.")})
    company.closed_on = closed_on
    company.save(update_fields=["closed_on", "updated_at"])
    audit_record(
        actor=actor,
        action="companies.company_close",
        obj=company,
        changes={"closed_on": [None, str(closed_on)], "reason": [None, reason]},
    )
    return company


@transaction.atomic
def certification_add(
    *,
    actor: Actor,
    company: Company,
    kind: str,
    valid_from: date,
    valid_to: date | None,
    number: str = "",
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
def certification_remove(*, actor: Actor, certification: Certification) -> None:
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
def membership_add(*, actor: Actor, company: Company, user: User, kind: str) -> Membership:
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


@dataclass(frozen=True, kw_only=True)
class CertificationInput:
    kind: str
    valid_from: date
    valid_to: date | None
    number: str = ""


@dataclass(frozen=True, kw_only=True)
class StageInput:
    stage: str
    effective_on: date
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class CompanyRecord:
    """One company of a bulk registration, with its certifications and its dated growth-stage
    history (its current stage is the last step of the history)."""

    data: CompanyInput
    certifications: Sequence[CertificationInput] = ()
    stages: Sequence[StageInput] = ()


# Model checks only: uniqueness and foreign keys are left to the database, which enforces them
# for the whole batch at once instead of one query per row and field.
_BULK_UNCHECKED = ["ksic", "region"]


@transaction.atomic
def companies_bulk_create(
    *, actor: Actor, records: Sequence[CompanyRecord], batch_size: int = 1000
) -> list[Company]:
    """Register many companies at once (imports, seed data), with one audit entry for the
    batch giving the numbers of rows added, not one per company. Every company, certification
    and stage change passes the model's own checks first; a duplicate business number fails
    the whole batch. Returns the companies in the order of `records`."""
    companies = []
    for record in records:
        company = Company()
        _apply(company, record.data.values())
        if record.stages:
            company.growth_stage = max(record.stages, key=lambda s: s.effective_on).stage
        company.full_clean(
            exclude=_BULK_UNCHECKED, validate_unique=False, validate_constraints=False
        )
        companies.append(company)
    if not companies:
        return []
    Company.objects.bulk_create(companies, batch_size=batch_size)
    user = actor_user(actor)
    certifications, changes = [], []
    for company, record in zip(companies, records, strict=True):
        for c in record.certifications:
            cert = Certification(
                company=company,
                kind=c.kind,
                number=c.number,
                valid_from=c.valid_from,
                valid_to=c.valid_to,
            )
            cert.full_clean(exclude=["company"], validate_unique=False, validate_constraints=False)
            certifications.append(cert)
        for s in record.stages:
            if s.stage not in GrowthStage.values:
                raise ValidationError(_("Unknown growth stage."))
            changes.append(
                GrowthStageChange(
                    company=company,
                    stage=s.stage,
                    effective_on=s.effective_on,
                    reason=s.reason,
                    recorded_by_id=user.pk if user else None,
                )
            )
    Certification.objects.bulk_create(certifications, batch_size=batch_size)
    GrowthStageChange.objects.bulk_create(changes, batch_size=batch_size)
    audit_record(
        actor=actor,
        action="companies.companies_bulk_create",
        obj=companies[0],
        changes={
            "companies": [None, len(companies)],
            "certifications": [None, len(certifications)],
            "growth_stage_changes": [None, len(changes)],
        },
    )
    return companies


def _business_taken() -> ValidationError:
    return ValidationError(
        {
            "brn": _(
                "This business is already registered in Jiwon. Ask its owner or "
                "%(agency)s to add you as a member."
            )
            % {"agency": settings.JIWON_AGENCY_NAME}
        }
    )


@transaction.atomic
def signup(
    *, username: str, email: str, display_name: str, password: str, company: CompanyInput
) -> tuple[User, Company]:
    """A person opens a company-member account and, in the same transaction, the company or
    pre-founder record they own. Nobody is signed in: the new account is the actor of every
    write (see `accounts.services.user_register`). On any error nothing is created; a
    business already in the registry is refused without saying anything about it."""
    user = user_register(
        username=username,
        email=email,
        display_name=display_name,
        password=password,
        role=Role.COMPANY_MEMBER,
    )
    if company.brn and Company.objects.filter(brn=company.brn).exists():
        raise _business_taken()
    try:
        with transaction.atomic():
            record = company_create(actor=user, data=company, owner=user)
    except IntegrityError as exc:
        # Another sign-up took the same number between the check and the insert.
        raise _business_taken() from exc
    return user, record


# What an anonymised record shows instead of a person's name, and its birth date (the field is
# required): both plainly not a person's.
ANONYMISED_NAME = "(익명처리)"
ANONYMISED_BIRTH_DATE = date(1900, 1, 1)


@transaction.atomic
def company_personal_data_anonymise(*, actor: Actor, obj: Company) -> Company:
    """Overwrite the representative's (and a pre-founder's) personal fields once their
    retention period passed (jiwon/privacy/retention.py). The audit entry names the fields,
    never their old values."""
    company = Company.objects.select_for_update().get(pk=obj.pk)
    company.representative_name = ANONYMISED_NAME
    company.representative_birth_date = ANONYMISED_BIRTH_DATE
    company.email = company.phone = ""
    erased = ["representative_name", "representative_birth_date", "email", "phone"]
    if company.is_prefounder:
        # A pre-founder's record is named after the person and holds their home address.
        company.name_ko = f"{ANONYMISED_NAME} {company.pk}"
        company.name_en = company.address = ""
        erased += ["name_ko", "name_en", "address"]
    company.save(update_fields=[*erased, "updated_at"])
    audit_record(
        actor=actor,
        action="companies.company_personal_data_anonymise",
        obj=company,
        changes={"anonymised": [None, erased]},
    )
    return company
