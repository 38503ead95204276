"""The grant pages: staff lists and export, the company's own agreements, one agreement page
for every role (what each sees and may do follows their capabilities), the statement."""

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.applications.access import application_for
from jiwon.applications.models import Application
from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE
from jiwon.core.pagination import int_param, page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.grants import selectors
from jiwon.grants.access import (
    agreement_for,
    budget_version_for,
    evidence_for,
    expense_for,
    grant_return_for,
    tranche_for,
)
from jiwon.grants.documents import statement_pdf
from jiwon.grants.excel import agreements_xlsx, statement_xlsx
from jiwon.grants.forms import (
    AgreementForm,
    AmendmentForm,
    ClawbackForm,
    CommentForm,
    ExpenseForm,
    FilterForm,
    InterestForm,
    PayForm,
    PeriodForm,
    TrancheForm,
)
from jiwon.grants.models import Agreement, ExpenseCategory, FundSource, GrantTerms, ReportKind
from jiwon.grants.services import agreements as agreement_services
from jiwon.grants.services import expenses as expense_services
from jiwon.grants.services import reports as report_services
from jiwon.grants.services import settlement as settlement_services
from jiwon.grants.services import tranches as tranche_services
from jiwon.grants.workflow import AgreementStatus, ExpenseStatus, TrancheStatus


def signed_in(view: Any) -> Any:
    """Pages every role may reach: the access helper decides 404 or 403 per object."""

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


def _done(request, agreement: Agreement, message: str, anchor: str = "") -> Any:
    messages.success(request, message)
    return redirect(f"{agreement_url(agreement)}{anchor}")


def _valid(form: Any) -> Any:
    """The bound form once valid; its errors as a ValidationError (shown as messages) if not."""
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    return form


def agreement_url(agreement: Agreement) -> str:
    from django.urls import reverse

    return reverse("grants:detail", args=[agreement.pk])


@require("grants.view_all")
def agreement_list(request):
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.agreement_search(
        request.user, status=data.get("status", ""), q=data.get("q", "")
    )
    page = paginate(
        qs,
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    return render(
        request,
        "grants/list.html",
        {
            "form": form,
            "page": page,
            "query": request.GET.urlencode(),
            "times": selectors.settlement_times(),
            "can_manage": has_perm(request.user, "grants.manage"),
            "can_export": has_perm(request.user, "grants.export"),
            "waiting_tranches": selectors.tranches_visible_to(request.user)
            .exclude(status__in=(TrancheStatus.PAID, TrancheStatus.REJECTED))
            .count(),
            "waiting_expenses": selectors.expenses_visible_to(
                request.user, ExpenseStatus.SUBMITTED
            ).count(),
        },
    )


@require("grants.export")
def agreement_export(request):
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.agreement_search(
        request.user, status=data.get("status", ""), q=data.get("q", "")
    )
    return _xlsx(agreements_xlsx(qs[:5000]), "grant-agreements.xlsx")


@require("grants.act")
def mine(request):
    return render(
        request,
        "grants/mine.html",
        {"agreements": selectors.agreements_visible_to(request.user)},
    )


@require("grants.manage")
def agreement_create(request):
    """Draw up an agreement from a selected application (chosen first, by its programme's
    grant terms)."""
    candidates = (
        Application.objects.filter(
            status="selected", grant_agreement__isnull=True, program__grant_terms__isnull=False
        )
        .select_related("program", "company")
        .order_by("program__title_ko", "company__name_ko")
    )
    chosen = request.GET.get("application") or request.POST.get("application")
    if not chosen:
        return render(request, "grants/choose.html", {"candidates": candidates[:200]})
    application = application_for(request.user, chosen)
    terms = GrantTerms.objects.filter(program=application.program).first()
    if terms is None:
        raise Http404("no grant terms")
    form = AgreementForm(
        request.POST or None,
        terms=terms,
        initial={"application": application.pk, "title": application.program.title_ko},
    )
    form.fields["application"].queryset = candidates
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = agreement_services.agreement_create(
                actor=request.user,
                program=application.program,
                company=application.company,
                application=application,
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                lines=form.lines(),
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return _done(request, agreement, _("The draft agreement was drawn up."))
    return render(
        request, "grants/form.html", {"form": form, "application": application, "terms": terms}
    )


def _line_table(agreement: Agreement) -> list[dict[str, Any]]:
    budget = selectors.budget_lines(agreement)
    committed = selectors.committed_by_line(agreement)
    accepted = selectors.accepted_by_line(agreement)
    return [
        {
            "category": ExpenseCategory(c).label,
            "source": FundSource(s).label,
            "budget": won,
            "committed": committed.get((c, s), 0),
            "accepted": accepted.get((c, s), 0),
            "left": won - committed.get((c, s), 0),
        }
        for (c, s), won in sorted(budget.items())
    ]


@signed_in
def agreement_detail(request, pk):
    agreement = agreement_for(request.user, pk)
    user = request.user
    is_company = has_perm(user, "grants.act", agreement)
    tranches = list(agreement.tranches.prefetch_related("files", "status_history"))
    for t in tranches:
        t.moves = t.transitions_for(user)
    expenses = list(agreement.expenses.prefetch_related("files"))
    for e in expenses:
        e.moves = e.transitions_for(user)
    versions = list(agreement.budget_versions.prefetch_related("lines"))
    reports = list(agreement.reports.all())
    moves = agreement.transitions_for(user)
    if any(r.kind == ReportKind.FINAL for r in reports):
        # The final report's acceptance starts the settlement (services/reports.py).
        moves = [t for t in moves if t.target != AgreementStatus.SETTLEMENT]
    holding = {
        r.releases_tranche: r for r in reports if r.releases_tranche and r.status != "accepted"
    }
    for t in tranches:
        t.waits_for = holding.get(t.number)
    return render(
        request,
        "grants/detail.html",
        {
            "agreement": agreement,
            "is_company": is_company,
            "moves": moves,
            "reports": reports,
            "can_change_period": agreement.status in report_services.PERIOD_CHANGEABLE
            and has_perm(user, "grants.manage", agreement),
            "period_form": PeriodForm(
                initial={"starts_on": agreement.starts_on, "ends_on": agreement.ends_on}
            ),
            "lines": _line_table(agreement),
            "summary": selectors.agreement_summary(agreement),
            "versions": versions,
            "tranches": tranches,
            "expenses": expenses,
            "history": agreement.status_history.all(),
            "settlement": getattr(agreement, "settlement", None),
            "returns": agreement.returns.all(),
            "can_request": is_company and agreement.status == AgreementStatus.ACTIVE,
            "can_amend": agreement.status in agreement_services.AMENDABLE
            and (is_company or has_perm(user, "grants.manage")),
            "can_decide_amendment": has_perm(user, "grants.approve_program"),
            "tranche_form": TrancheForm(),
            "pay_form": PayForm(initial={"paid_on": timezone.localdate()}),
            "comment_form": CommentForm(),
            "PAYABLE": TrancheStatus.FINANCE_APPROVED,
        },
    )


@signed_in
def agreement_document(request, pk):
    agreement = agreement_for(request.user, pk)
    if not agreement.document:
        raise Http404("no document yet")
    return FileResponse(
        agreement.document.open("rb"),
        as_attachment=False,
        filename=f"{agreement.number}.pdf",
        content_type="application/pdf",
    )


_MOVES = {
    "send": lambda actor, a, c, p: agreement_services.agreement_send(actor=actor, agreement=a),
    "recall": lambda actor, a, c, p: agreement_services.agreement_recall(
        actor=actor, agreement=a, reason=c
    ),
    "accept": lambda actor, a, c, p: agreement_services.agreement_accept(
        actor=actor, agreement=a, sha256=p.get("sha256", "")
    ),
    "countersign": lambda actor, a, c, p: agreement_services.agreement_countersign(
        actor=actor, agreement=a
    ),
    "final_report": lambda actor, a, c, p: report_services.agreement_final_report(
        actor=actor, agreement=a, comment=c
    ),
    "suspend": lambda actor, a, c, p: agreement_services.agreement_suspend(
        actor=actor, agreement=a, reason=c
    ),
    "resume": lambda actor, a, c, p: agreement_services.agreement_resume(
        actor=actor, agreement=a, reason=c
    ),
    "terminate": lambda actor, a, c, p: agreement_services.agreement_terminate(
        actor=actor, agreement=a, reason=c
    ),
    "close": lambda actor, a, c, p: settlement_services.settlement_close(actor=actor, agreement=a),
}
# Transition targets → the move that makes them (the page's buttons post the target).
_BY_TARGET = {
    AgreementStatus.SENT: "send",
    AgreementStatus.DRAFT: "recall",
    AgreementStatus.ACCEPTED: "accept",
    AgreementStatus.ACTIVE: "countersign",
    AgreementStatus.SETTLEMENT: "final_report",
    AgreementStatus.SUSPENDED: "suspend",
    AgreementStatus.TERMINATED: "terminate",
    AgreementStatus.CLOSED: "close",
}


@require_POST
@signed_in
def agreement_move(request, pk):
    agreement = agreement_for(request.user, pk)
    target = request.POST.get("to", "")
    move = _BY_TARGET.get(target)
    if move == "countersign" and agreement.status == AgreementStatus.SUSPENDED:
        move = "resume"
    if move is None:
        raise Http404("unknown move")
    try:
        _MOVES[move](request.user, agreement, request.POST.get("comment", ""), request.POST)
    except ValidationError as exc:
        show_service_error(request, exc)
        return redirect(agreement_url(agreement))
    return _done(
        request,
        agreement,
        _("Done: the agreement is now “%(s)s”.") % {"s": Agreement.workflows.label(target)},
    )


@require_POST
@require("grants.act")
def tranche_new(request, pk):
    agreement = agreement_for(request.user, pk, "act")
    form = TrancheForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            tranche_services.tranche_request(
                actor=request.user,
                agreement=agreement,
                requested_won=form.cleaned_data["requested_won"],
                note=form.cleaned_data["note"],
                uploads=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            return _done(request, agreement, _("The tranche was requested."), "#tranches")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(f"{agreement_url(agreement)}#tranches")


@require_POST
@signed_in
def tranche_decide(request, pk):
    tranche = tranche_for(request.user, pk)
    agreement = tranche.agreement
    to = request.POST.get("to", "")
    comment = request.POST.get("comment", "")
    try:
        if to == TrancheStatus.PROGRAM_APPROVED:
            tranche_services.tranche_approve_program(
                actor=request.user, tranche=tranche, comment=comment
            )
        elif to == TrancheStatus.FINANCE_APPROVED:
            tranche_services.tranche_approve_finance(
                actor=request.user, tranche=tranche, comment=comment
            )
        elif to == TrancheStatus.REJECTED:
            tranche_services.tranche_reject(actor=request.user, tranche=tranche, reason=comment)
        elif to == TrancheStatus.PAID:
            form = _valid(PayForm(request.POST))
            tranche_services.tranche_pay(
                actor=request.user,
                tranche=tranche,
                paid_won=form.cleaned_data["paid_won"],
                paid_on=form.cleaned_data["paid_on"],
                reason=form.cleaned_data["reason"],
            )
        else:
            raise Http404("unknown decision")
    except ValidationError as exc:
        show_service_error(request, exc)
        return redirect(f"{agreement_url(agreement)}#tranches")
    return _done(request, agreement, _("The tranche was updated."), "#tranches")


@require("grants.act")
def expense_new(request, pk):
    agreement = agreement_for(request.user, pk, "act")
    form = ExpenseForm(
        request.POST or None, request.FILES or None, lines=selectors.budget_lines(agreement)
    )
    if request.method == "POST" and form.is_valid():
        category, source = form.chosen_line()
        data = form.cleaned_data
        try:
            expense_services.expense_record(
                actor=request.user,
                agreement=agreement,
                category=category,
                source=source,
                amount_won=data["amount_won"],
                spent_on=data["spent_on"],
                description=data["description"],
                evidence_kind=data["evidence_kind"],
                evidence_number=data["evidence_number"],
                uploads=data["attachments"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return _done(request, agreement, _("The expense was recorded."), "#expenses")
    return render(
        request,
        "grants/expense_form.html",
        {"form": form, "agreement": agreement, "lines": _line_table(agreement)},
    )


@require_POST
@signed_in
def expense_decide(request, pk):
    expense = expense_for(request.user, pk)
    agreement = expense.agreement
    to = request.POST.get("to", "")
    comment = request.POST.get("comment", "")
    actions = {
        ExpenseStatus.ACCEPTED: lambda: expense_services.expense_accept(
            actor=request.user, expense=expense, comment=comment
        ),
        ExpenseStatus.MORE_INFO: lambda: expense_services.expense_ask_more(
            actor=request.user, expense=expense, comment=comment
        ),
        ExpenseStatus.REJECTED: lambda: expense_services.expense_reject(
            actor=request.user, expense=expense, reason=comment
        ),
        ExpenseStatus.SUBMITTED: lambda: expense_services.expense_resubmit(
            actor=request.user,
            expense=expense,
            comment=comment,
            uploads=request.FILES.getlist("files"),
        ),
    }
    if to not in actions:
        raise Http404("unknown decision")
    try:
        actions[to]()
    except ValidationError as exc:
        show_service_error(request, exc)
        return redirect(f"{agreement_url(agreement)}#expenses")
    return _done(request, agreement, _("The expense was updated."), "#expenses")


@signed_in
def evidence_download(request, pk):
    evidence = evidence_for(request.user, pk)
    try:
        handle = evidence.file.storage.open(evidence.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=evidence.name)


@signed_in
def amendment_new(request, pk):
    agreement = agreement_for(request.user, pk)
    form = AmendmentForm(
        request.POST or None,
        terms=agreement.program.grant_terms,
        initial_lines=selectors.budget_lines(agreement),
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement_services.amendment_propose(
                actor=request.user,
                agreement=agreement,
                lines=form.lines(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return _done(request, agreement, _("The amendment was proposed."), "#versions")
    return render(request, "grants/amend.html", {"form": form, "agreement": agreement})


@require_POST
@require("grants.approve_program")
def amendment_decide(request, pk):
    version = budget_version_for(request.user, pk, "approve_program")
    try:
        agreement_services.amendment_decide(
            actor=request.user,
            version=version,
            approve=request.POST.get("approve") == "1",
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as exc:
        show_service_error(request, exc)
        return redirect(f"{agreement_url(version.agreement)}#versions")
    return _done(request, version.agreement, _("The amendment was decided."), "#versions")


def _statement(agreement: Agreement, request: HttpRequest) -> Any:
    confirmed = selectors.confirmed_statement(agreement)
    if confirmed is not None:
        return confirmed
    # Interest earned on the grant account, in won: no agreement earns more than 10^12.
    interest = int_param(request.GET.get("interest"), default=0, minimum=0, maximum=10**12)
    return selectors.statement_for(agreement, interest)


@signed_in
def statement(request, pk):
    agreement = agreement_for(request.user, pk)
    st = _statement(agreement, request)
    settlement = getattr(agreement, "settlement", None)
    return render(
        request,
        "grants/statement.html",
        {
            "agreement": agreement,
            "statement": st,
            "lines": st.labelled_lines(),
            "sources": st.labelled_sources(),
            "settlement": settlement,
            "returns": agreement.returns.all(),
            "is_company": has_perm(request.user, "grants.act", agreement),
            "is_finance": has_perm(request.user, "grants.approve_finance"),
            "interest_form": InterestForm(initial={"interest_won": 0}),
            "clawback_form": ClawbackForm(initial={"due_on": timezone.localdate()}),
            "in_settlement": agreement.status == AgreementStatus.SETTLEMENT,
            "closed": agreement.status == AgreementStatus.CLOSED,
            "objection_open": settlement is not None
            and settlement.objected_at is None
            and timezone.localdate() <= settlement.objection_until,
        },
    )


@signed_in
def statement_pdf_view(request, pk):
    agreement = agreement_for(request.user, pk)
    pdf = statement_pdf(
        agreement, _statement(agreement, request), language=translation.get_language() or "ko"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{agreement.number}-statement.pdf"'
    return response


@signed_in
def statement_xlsx_view(request, pk):
    agreement = agreement_for(request.user, pk)
    return _xlsx(
        statement_xlsx(agreement, _statement(agreement, request)),
        f"{agreement.number}-statement.xlsx",
    )


@require_POST
@signed_in
def settlement_action(request, pk):
    agreement = agreement_for(request.user, pk)
    action = request.POST.get("action", "")
    url = f"{agreement_url(agreement)}statement/"
    try:
        if action == "confirm":
            form = _valid(InterestForm(request.POST))
            settlement_services.settlement_confirm(
                actor=request.user,
                agreement=agreement,
                interest_won=form.cleaned_data["interest_won"],
            )
        elif action == "object":
            settlement_services.settlement_object(
                actor=request.user,
                settlement=agreement.settlement,
                text=request.POST.get("text", ""),
            )
        elif action == "answer":
            settlement_services.settlement_answer(
                actor=request.user,
                settlement=agreement.settlement,
                answer=request.POST.get("answer", ""),
            )
        elif action == "clawback":
            claw = _valid(ClawbackForm(request.POST))
            settlement_services.clawback_record(
                actor=request.user,
                agreement=agreement,
                principal_won=claw.cleaned_data["principal_won"],
                interest_won=claw.cleaned_data["interest_won"] or 0,
                reason=claw.cleaned_data["reason"],
                due_on=claw.cleaned_data["due_on"],
            )
        else:
            raise Http404("unknown action")
    except ValidationError as exc:
        show_service_error(request, exc)
        return redirect(url)
    except Agreement.settlement.RelatedObjectDoesNotExist as exc:
        raise Http404("no settlement") from exc
    messages.success(request, _("The settlement was updated."))
    return redirect(url)


@require_POST
@require("grants.approve_finance")
def return_paid(request, pk):
    grant_return = grant_return_for(request.user, pk, "approve_finance")
    try:
        settlement_services.grant_return_paid(
            actor=request.user, grant_return=grant_return, paid_on=timezone.localdate()
        )
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("The payment back was recorded."))
    return redirect(f"{agreement_url(grant_return.agreement)}statement/")
