"""The company registry's personal fields and their entries in the personal-data access log
(jiwon/privacy): the representative's name and birth date, a pre-founder's too."""

from django.http import HttpRequest

from jiwon.companies.access import is_member
from jiwon.companies.models import Company
from jiwon.core.actor import Actor
from jiwon.core.models import RoleUser
from jiwon.privacy.models import AccessAction, SubjectKind
from jiwon.privacy.services import personal_access_record

PERSONAL_FIELDS = ("representative_name", "representative_birth_date")


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
    """Log staff's access to the company's personal fields; a member reading or changing their
    own company is the data subject's side and is not logged."""
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
