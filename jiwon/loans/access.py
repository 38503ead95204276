"""Object-level access to loans, for every view and API endpoint.

Who reads what:
- staff who read every loan (loans.view_all: the back office, auditors included) read all;
- a company's members (loans.apply) read their company's applications, letters and loans;
- a partner bank's users (loans.bank_report) read the letters, loans and claims of their own
  bank only, and nothing of another bank.
An object the user may not read does not exist for them (404); one they read but may not act
on is forbidden (403). Actions: "view", "apply" (the company acts), "manage" (staff),
"bank" (the bank reports), "pay" (the finance officer).
"""

from typing import Any, Literal, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from jiwon.companies.access import is_member
from jiwon.companies.models import Company
from jiwon.core.actor import Viewer, actor_user
from jiwon.core.permissions import has_perm
from jiwon.loans.models import FundRound, Loan, LoanApplication, Recommendation, SubsidyClaim

Action = Literal["view", "apply", "manage", "bank", "pay"]
CAPABILITY = {
    "apply": "loans.apply",
    "manage": "loans.manage",
    "bank": "loans.bank_report",
    "pay": "loans.approve_payment",
}


def may_apply_for(user: Any, company: Company) -> bool:
    """The object rule of loans.apply on companies: a member applies for their own company."""
    return is_member(user, company)


def is_applicant(user: Any, application: LoanApplication) -> bool:
    return is_member(user, application.company)


def bank_id_of(user: Any) -> int | None:
    member = actor_user(user)
    if member is None:
        return None
    membership = getattr(member, "bank_membership", None)
    return membership.bank_id if membership is not None else None


def works_for_bank(user: Any, obj: Any) -> bool:
    """The object rule of loans.bank_report: a bank's user acts only on its own bank's
    letters, loans and claims (and on the bank itself)."""
    bank_id = bank_id_of(user)
    own = obj.pk if obj.__class__.__name__ == "PartnerBank" else obj.bank_id
    return bank_id is not None and bank_id == own


def _signed_in(user: Viewer) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _member_of(user: Viewer, company: Company) -> bool:
    return has_perm(user, "loans.apply", company)


def _check(user: Viewer, obj: models.Model, company: Company | None, action: Action) -> None:
    if action != "view" and action not in CAPABILITY:
        raise ValueError(f"unknown action {action!r}")
    readable = _signed_in(user) and (
        has_perm(user, "loans.view_all")
        or (has_perm(user, "loans.bank_report") and _bank_reads(user, obj))
        or (company is not None and _member_of(user, company))
    )
    if not readable:
        raise Http404("not found")
    if action == "view":
        return
    capability = CAPABILITY[action]
    target: models.Model = obj
    if action == "apply":
        assert company is not None
        target = company
    if not has_perm(user, capability, target if action in ("apply", "bank") else None):
        raise PermissionDenied(f"may not {action} this")


def _bank_reads(user: Viewer, obj: models.Model) -> bool:
    return hasattr(obj, "bank_id") and works_for_bank(user, obj)


M = TypeVar("M", bound=models.Model)


def _fetch(qs: QuerySet[M], pk: Any) -> M:
    try:
        return qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"{qs.model.__name__} not found") from exc


def fund_for(user: Viewer, pk: Any, action: Literal["view", "manage"] = "view") -> FundRound:
    fund = _fetch(FundRound.objects.select_related("program"), pk)
    if not _signed_in(user) or not has_perm(user, "loans.view_all"):
        raise Http404("not found")
    if action == "manage" and not has_perm(user, "loans.manage"):
        raise PermissionDenied("loans.manage")
    return fund


def application_for(user: Viewer, pk: Any, action: Action = "view") -> LoanApplication:
    application = _fetch(
        LoanApplication.objects.select_related("fund", "company", "purpose", "bank"), pk
    )
    _check(user, application, application.company, action)
    return application


def letter_for(user: Viewer, pk: Any, action: Action = "view") -> Recommendation:
    letter = _fetch(
        Recommendation.objects.select_related("fund", "company", "purpose", "bank", "application"),
        pk,
    )
    _check(user, letter, letter.company, action)
    return letter


def loan_for(user: Viewer, pk: Any, action: Action = "view") -> Loan:
    loan = _fetch(
        Loan.objects.select_related("fund", "company", "purpose", "bank", "recommendation"), pk
    )
    _check(user, loan, loan.company, action)
    return loan


def claim_for(user: Viewer, pk: Any, action: Action = "view") -> SubsidyClaim:
    claim = _fetch(SubsidyClaim.objects.select_related("fund", "bank"), pk)
    _check(user, claim, None, action)
    return claim
