"""The company registry's personal fields (declared in jiwon/companies/personal.py) in
jiwon/privacy: their entries in the access log, how long they are kept (retention) and what a
member sees of their own (the representative's name and birth date, a pre-founder's too)."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jiwon.companies.access import is_member
from jiwon.companies.models import Company, CompanyKind, Membership
from jiwon.companies.personal import PERSONAL_FIELDS
from jiwon.companies.services import company_personal_data_anonymise
from jiwon.core.actor import Actor
from jiwon.core.models import RoleUser
from jiwon.privacy.models import AccessAction, SubjectKind
from jiwon.privacy.retention import RetentionKind, register_retention
from jiwon.privacy.selectors import accesses_about
from jiwon.privacy.services import personal_access_record
from jiwon.privacy.subject_data import SubjectRecord, SubjectSection, register_subject_data


def subject_kind(company: Company) -> SubjectKind:
    return SubjectKind.PREFOUNDER if company.is_prefounder else SubjectKind.REPRESENTATIVE


def company_personal_access(
    *,
    actor: Actor,
    request: HttpRequest | None,
    company: Company,
    action: AccessAction,
    fields: tuple[str, ...] | list[str],
    purpose: str,
) -> None:
    """Log staff's access to the company's personal fields (`fields`, each declared in
    jiwon/companies/personal.py); a member reading or changing their own company is the data
    subject's side and is not logged."""
    undeclared = set(fields) - set(PERSONAL_FIELDS)
    if undeclared:
        raise ValueError(f"not declared personal in companies/personal.py: {sorted(undeclared)}")
    if not fields or not isinstance(actor, RoleUser) or is_member(actor, company):
        return
    personal_access_record(
        actor=actor,
        request=request,
        action=action,
        kind=subject_kind(company),
        subject_id=company.pk,
        subject_label=company.name_ko,
        fields=list(fields),
        purpose=purpose,
    )


def _closed_before(cutoff: datetime) -> QuerySet[Company]:
    return Company.objects.filter(kind=CompanyKind.COMPANY, closed_on__lt=cutoff.date())


def _idle_prefounders_before(cutoff: datetime) -> QuerySet[Company]:
    return Company.objects.filter(kind=CompanyKind.PREFOUNDER, updated_at__lt=cutoff)


def _my_company_records(user: RoleUser) -> list[SubjectRecord]:
    records = []
    for membership in Membership.objects.filter(user_id=user.pk).select_related("company"):
        company = membership.company
        records.append(
            SubjectRecord(
                title=company.name_ko,
                fields=[
                    (_("Membership"), membership.get_kind_display()),
                    (_("Representative"), company.representative_name),
                    (_("Representative's birth date"), company.representative_birth_date),
                    (_("Email"), company.email),
                    (_("Phone"), company.phone),
                    (_("Address"), company.address),
                ],
                accesses=list(accesses_about(kind=subject_kind(company), subject_id=company.pk)),
            )
        )
    return records


def register() -> None:
    register_retention(
        RetentionKind(
            kind="representative",
            label=_("Representatives of closed companies"),
            purpose_end=_("the company closed (폐업)"),
            default_months=60,
            legal_basis=_("지방자치단체 보조금 관리에 관한 법률: support records are kept 5 years"),
            expired=_closed_before,
            anonymise=company_personal_data_anonymise,
        )
    )
    register_retention(
        RetentionKind(
            kind="prefounder",
            label=_("Pre-founders"),
            purpose_end=_("the record was last changed (no business registered)"),
            default_months=36,
            legal_basis=_("개인정보 보호법 제21조: destroyed once no longer needed"),
            expired=_idle_prefounders_before,
            anonymise=company_personal_data_anonymise,
        )
    )
    register_subject_data(SubjectSection("companies", 20, _("Companies"), _my_company_records))
