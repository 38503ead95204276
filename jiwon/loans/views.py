"""The loan pages: the company's applications and letters (portal), the fund rounds with their
budget tracking, applications to review, letters, loans and claims (back office), the bank's
desk (partner bank users), the recommendation letter as PDF and the Excel exports. What each
role sees and may do on a shared page follows its capabilities; objects come through access.py."""

import unicodedata
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.companies.models import Company
from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE
from jiwon.core.imports.requests import import_request
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.loans import selectors
from jiwon.loans.access import application_for, claim_for, letter_for, loan_for
from jiwon.loans.documents import letter_pdf
from jiwon.loans.excel import claim_xlsx, schedule_xlsx
from jiwon.loans.forms import (
    ApplyForm,
    ClaimPeriodForm,
    EventForm,
    ExecutionForm,
    PayForm,
    ReasonForm,
    RecommendForm,
    StopForm,
    UploadForm,
)
from jiwon.loans.imports import BALANCES_IMPORT
from jiwon.loans.models import Loan, LoanApplication, PartnerBank, SubsidyClaim
from jiwon.loans.services import applications as application_services
from jiwon.loans.services import claims as claim_services
from jiwon.loans.services import letters as letter_services
from jiwon.loans.services import loans as loan_services
from jiwon.loans.workflow import ApplicationStatus, ClaimStatus, LetterStatus, LoanStatus


def signed_in(view: Any) -> Any:
    """Pages several roles reach: the access helper decides 404 or 403 per object."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _done(request: HttpRequest, url: str, message: str) -> Any:
    messages.success(request, message)
    return redirect(url)


def _own_bank(request: HttpRequest) -> PartnerBank:
    bank = selectors.bank_of(request.user)
    if bank is None:
        raise PermissionDenied("not linked to a bank")
    return bank


# The company portal ------------------------------------------------------------------------


def _companies_of(user: Any) -> list[Company]:
    return list(Company.objects.filter(memberships__user_id=user.pk).order_by("name_ko"))


@require("loans.apply")
def mine(request):
    today = timezone.localdate()
    applications = list(selectors.applications_of_user(request.user))
    return render(
        request,
        "loans/mine.html",
        {
            "applications": applications,
            "loans": Loan.objects.filter(company__memberships__user_id=request.user.pk)
            .select_related("bank", "purpose", "recommendation")
            .order_by("-executed_on"),
            "fund": selectors.open_fund(today),
        },
    )


@require("loans.apply")
def apply(request):
    today = timezone.localdate()
    fund = selectors.open_fund(today)
    if fund is None:
        messages.error(request, _("No fund round takes applications today."))
        return redirect("loans:mine")
    companies = _companies_of(request.user)
    if not companies:
        raise PermissionDenied("no company")
    chosen = request.POST.get("company") or request.GET.get("company")
    company = next((c for c in companies if str(c.pk) == chosen), companies[0])
    form = ApplyForm(request.POST or None, fund=fund)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = application_services.loan_application_submit(
                actor=request.user,
                fund=fund,
                company=company,
                purpose=data["purpose"],
                bank=data["bank"],
                amount_won=data["amount_won"],
                preferred=data["preferred"],
                use_of_funds=data["use_of_funds"],
                declares_good_standing=data["declares_good_standing"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return _done(
                request,
                reverse("loans:application", args=[application.pk]),
                _("Your application %(number)s was received.") % {"number": application.number},
            )
    return render(
        request,
        "loans/apply.html",
        {
            "form": form,
            "fund": fund,
            "company": company,
            "companies": companies,
            "purposes": fund.purposes.all(),
        },
    )


@signed_in
def application_detail(request, pk):
    application = application_for(request.user, pk)
    letter = getattr(application, "recommendation", None)
    return render(
        request,
        "loans/application.html",
        {
            "application": application,
            "letter": letter,
            "moves": application.transitions_for(request.user),
            "history": application.status_history.all(),
            "recommend_form": RecommendForm(initial={"amount_won": application.amount_won}),
            "exposure": selectors.exposure_of(
                application.company_id, application.purpose.kind, timezone.localdate()
            ),
            "volume": selectors.volume_of(application.fund),
            "can_manage": has_perm(request.user, "loans.manage"),
        },
    )


@require_POST
@signed_in
def application_decide(request, pk):
    to = request.POST.get("to", "")
    action = {
        ApplicationStatus.RECOMMENDED: "manage",
        ApplicationStatus.REJECTED: "manage",
        ApplicationStatus.WITHDRAWN: "apply",
    }.get(to)
    application = application_for(request.user, pk, action or "view")
    if action is None:
        raise Http404("unknown move")
    url = reverse("loans:application", args=[application.pk])
    try:
        if to == ApplicationStatus.RECOMMENDED:
            form = RecommendForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            letter = application_services.recommendation_issue(
                actor=request.user,
                application=application,
                amount_won=form.cleaned_data["amount_won"],
                note=form.cleaned_data["note"],
            )
            return _done(
                request,
                reverse("loans:letter", args=[letter.pk]),
                _("Recommendation letter %(number)s was issued.") % {"number": letter.number},
            )
        if to == ApplicationStatus.REJECTED:
            application_services.loan_application_reject(
                actor=request.user, application=application, reason=request.POST.get("comment", "")
            )
        else:
            application_services.loan_application_withdraw(
                actor=request.user, application=application
            )
    except ValidationError as exc:
        show_service_error(request, exc)
        return redirect(url)
    return _done(request, url, _("Done: the application is now “%(s)s”.") % {"s": _label(to)})


def _label(status: str) -> str:
    return LoanApplication.workflows.label(status)


# Letters -----------------------------------------------------------------------------------


def _letter_page(request: HttpRequest, letter: Any, execution_form: Any = None) -> Any:
    user = request.user
    may_report = has_perm(user, "loans.manage") or has_perm(user, "loans.bank_report", letter)
    standing = letter.status == LetterStatus.ISSUED
    return render(
        request,
        "loans/letter.html",
        {
            "letter": letter,
            "loan": getattr(letter, "loan", None),
            "history": letter.status_history.all(),
            "can_report": may_report and standing,
            "can_cancel": has_perm(user, "loans.manage") and standing,
            "execution_form": execution_form
            or ExecutionForm(
                initial={
                    "principal_won": letter.amount_won,
                    "executed_on": timezone.localdate(),
                    "term_months": letter.purpose.term_months,
                    "grace_months": 0,
                }
            ),
            "reason_form": ReasonForm(),
        },
    )


@signed_in
def letter_detail(request, pk):
    return _letter_page(request, letter_for(request.user, pk))


@signed_in
def letter_document(request, pk):
    letter = letter_for(request.user, pk)
    language = "en" if request.GET.get("lang") == "en" else "ko"
    response = HttpResponse(letter_pdf(letter, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="recommendation-{letter.number}.pdf"'
    return response


def _letter_action(request: HttpRequest, pk: Any) -> Any:
    letter = letter_for(request.user, pk)
    if not (
        has_perm(request.user, "loans.manage")
        or has_perm(request.user, "loans.bank_report", letter)
    ):
        raise PermissionDenied("loans.bank_report")
    return letter


@require_POST
@signed_in
def letter_execute(request, pk):
    letter = _letter_action(request, pk)
    form = ExecutionForm(request.POST)
    if not form.is_valid():
        return _letter_page(request, letter, form)
    data = form.cleaned_data
    try:
        loan = loan_services.loan_execute(
            actor=request.user,
            letter=letter,
            execution=loan_services.Execution(
                bank_reference=data["bank_reference"],
                principal_won=data["principal_won"],
                executed_on=data["executed_on"],
                bank_rate_pct=data["bank_rate_pct"],
                term_months=data["term_months"],
                grace_months=data["grace_months"] or 0,
                repayment_method=data["repayment_method"],
            ),
        )
    except ValidationError as exc:
        show_service_error(request, exc, form=form)
        return _letter_page(request, letter, form)
    return _done(request, reverse("loans:loan", args=[loan.pk]), _("The loan was recorded."))


@require_POST
@signed_in
def letter_decline(request, pk):
    letter = _letter_action(request, pk)
    cancel = request.POST.get("cancel") == "1"
    try:
        if cancel:
            if not has_perm(request.user, "loans.manage"):
                raise PermissionDenied("loans.manage")
            letter_services.letter_cancel(
                actor=request.user, letter=letter, reason=request.POST.get("reason", "")
            )
        else:
            letter_services.letter_decline(
                actor=request.user, letter=letter, reason=request.POST.get("reason", "")
            )
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("The letter no longer stands; its amount is released."))
    return redirect("loans:letter", letter.pk)


# Loans -------------------------------------------------------------------------------------


@signed_in
def loan_detail(request, pk):
    loan = loan_for(request.user, pk)
    user = request.user
    may_report = has_perm(user, "loans.manage") or has_perm(user, "loans.bank_report", loan)
    schedule = selectors.schedule_of(loan)
    return render(
        request,
        "loans/loan.html",
        {
            "loan": loan,
            "events": loan.events.all(),
            "outstanding": selectors.outstanding(loan),
            "history": loan.status_history.all(),
            "lines": loan.claim_lines.select_related("claim").order_by("claim__period_start"),
            "schedule": schedule,
            "schedule_total": sum(i.principal_won for i in schedule),
            "schedule_interest": sum(i.interest_won for i in schedule),
            "can_report": may_report and loan.status == LoanStatus.ACTIVE,
            "event_form": EventForm(initial={"on": timezone.localdate()}),
            "stop_form": StopForm(initial={"on": timezone.localdate()}),
        },
    )


@signed_in
def loan_schedule_export(request, pk):
    loan = loan_for(request.user, pk)
    return _xlsx(
        schedule_xlsx(loan, selectors.schedule_of(loan)),
        f"schedule-{loan.recommendation.number}.xlsx",
    )


@require_POST
@signed_in
def loan_change(request, pk):
    loan = loan_for(request.user, pk)
    url = reverse("loans:loan", args=[loan.pk])
    stop = request.POST.get("stop") == "1"
    form = StopForm(request.POST) if stop else EventForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(url)
    data = form.cleaned_data
    try:
        if stop:
            loan_services.loan_stop(
                actor=request.user, loan=loan, on=data["on"], reason=data["reason"]
            )
        else:
            loan_services.loan_event_record(
                actor=request.user,
                loan=loan,
                on=data["on"],
                kind=data["kind"],
                amount_won=data["amount_won"] or 0,
                bank_rate_pct=data["bank_rate_pct"],
            )
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("The change was recorded."))
    return redirect(url)


# Claims ------------------------------------------------------------------------------------


@require("loans.view_all")
def claim_list(request):
    status = request.GET.get("status", "")
    return render(
        request,
        "loans/claims.html",
        {
            "claims": [
                {"claim": c, "totals": selectors.claim_totals(c)}
                for c in selectors.claims_for_finance(status)[:200]
            ],
            "status": status,
            "statuses": SubsidyClaim.workflows.state_choices(),
        },
    )


@signed_in
def claim_detail(request, pk):
    claim = claim_for(request.user, pk)
    lines = list(claim.lines.select_related("loan__company", "loan__recommendation"))
    return render(
        request,
        "loans/claim.html",
        {
            "claim": claim,
            "lines": lines,
            "differing": [line for line in lines if line.difference_won],
            "totals": selectors.claim_totals(claim),
            "moves": claim.transitions_for(request.user),
            "history": claim.status_history.all(),
            "pay_form": PayForm(initial={"paid_on": timezone.localdate()}),
            "budget": selectors.subsidy_budget_of(claim.fund, timezone.localdate()),
        },
    )


@require_POST
@signed_in
def claim_decide(request, pk):
    claim = claim_for(request.user, pk, "pay")
    to = request.POST.get("to", "")
    try:
        if to == ClaimStatus.APPROVED:
            claim_services.subsidy_claim_approve(
                actor=request.user, claim=claim, comment=request.POST.get("comment", "")
            )
        elif to == ClaimStatus.RETURNED:
            claim_services.subsidy_claim_return(
                actor=request.user, claim=claim, reason=request.POST.get("comment", "")
            )
        elif to == ClaimStatus.PAID:
            form = PayForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            claim_services.subsidy_claim_pay(
                actor=request.user, claim=claim, paid_on=form.cleaned_data["paid_on"]
            )
        else:
            raise Http404("unknown move")
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(
            request, _("Done: the claim is now “%(s)s”.") % {"s": SubsidyClaim.workflows.label(to)}
        )
    return redirect("loans:claim", claim.pk)


@signed_in
def claim_export(request, pk):
    claim = claim_for(request.user, pk)
    return _xlsx(claim_xlsx(claim), f"claim-{claim.number}.xlsx")


# The bank's desk ---------------------------------------------------------------------------


@require("loans.bank_report")
def bank_desk(request):
    bank = _own_bank(request)
    return render(
        request,
        "loans/bank.html",
        {
            "bank": bank,
            "letters": selectors.letters_of_bank(bank).filter(status=LetterStatus.ISSUED),
            "loans": selectors.loans_of_bank(bank).filter(status=LoanStatus.ACTIVE)[:500],
            "claims": bank.claims.select_related("fund").order_by("-period_start")[:40],
            "period_form": ClaimPeriodForm(bank=bank),
        },
    )


def _claim_rows(bank: PartnerBank, fund: Any, start: Any, end: Any) -> list[Loan]:
    """The bank's loans of `fund` that ran on some day of [start, end)."""
    return list(
        selectors.loans_of_bank(bank)
        .filter(fund=fund, executed_on__lt=end)
        .exclude(stopped_on__lte=start)
        .order_by("executed_on", "pk")
    )


@require("loans.bank_report")
def bank_upload(request):
    """The bank's balance file: every problem by row and column, all rows or none."""
    bank = _own_bank(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Imported in the background (jiwon/core/imports); its page shows the progress, then
        # the changes recorded or every problem per row.
        try:
            run = import_request(
                actor=request.user,
                kind=BALANCES_IMPORT,
                upload=form.cleaned_data["file"],
                params={"bank": bank.pk},
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return redirect("core:import_status", pk=run.pk)
    return render(request, "loans/upload.html", {"bank": bank, "form": form})


@require("loans.bank_report")
def claim_new(request):
    """The bank's claim for one period: one line per loan that ran in it, the amount claimed
    and the interest the bank charged."""
    bank = _own_bank(request)
    period = ClaimPeriodForm(request.POST or request.GET or None, bank=bank)
    if not period.is_valid():
        return render(request, "loans/claim_new.html", {"bank": bank, "period_form": period})
    fund, start = period.cleaned_data["fund"], period.cleaned_data["period_start"]
    try:
        end = claim_services.period_end_of(fund, start)
    except ValidationError as exc:
        show_service_error(request, exc, form=period)
        return render(request, "loans/claim_new.html", {"bank": bank, "period_form": period})
    loans = _claim_rows(bank, fund, start, end)
    if request.method == "POST" and request.POST.get("submit") == "1":
        try:
            lines = [
                claim_services.ClaimLineInput(
                    loan=loan,
                    claimed_won=_won(request.POST.get(f"claimed_{loan.pk}", "")),
                    interest_charged_won=_won(request.POST.get(f"interest_{loan.pk}", "")),
                )
                for loan in loans
                if request.POST.get(f"claimed_{loan.pk}", "").strip()
            ]
            claim = claim_services.subsidy_claim_submit(
                actor=request.user, fund=fund, bank=bank, period_start=start, lines=lines
            )
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            return _done(
                request,
                reverse("loans:claim", args=[claim.pk]),
                _("Claim %(number)s was submitted.") % {"number": claim.number},
            )
    return render(
        request,
        "loans/claim_new.html",
        {
            "bank": bank,
            "period_form": period,
            "fund": fund,
            "start": start,
            "end": end,
            "loans": loans,
            "posted": request.POST,
        },
    )


def _won(text: str) -> int:
    value = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").removesuffix("원")
    if not value.isdigit() or len(value) > 13:
        raise ValidationError(_("Amounts are whole won, 0 or more."))
    return int(value)
