"""Contracts: signing, the list, a contract's page with its checklists, and the staff's actions
(move in and out, extend, cancel, evaluate, graduate, return the deposit)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.agencies import scoped
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.spaces.access import contract_for, site_for
from jiwon.spaces.forms import (
    ContractForm,
    EvaluationForm,
    GraduateForm,
    MoveInForm,
    MoveOutForm,
    ReasonForm,
    ReturnForm,
)
from jiwon.spaces.models import Contract
from jiwon.spaces.services import contracts
from jiwon.spaces.workflow import ContractStatus as C


@require("spaces.manage")
def contract_new(request, pk):
    found = site_for(request.user, pk, action="manage")
    form = ContractForm(request.POST or None, site=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = contracts.contract_sign(
                actor=request.user, company=data["company"], units=list(data["units"]),
                start=data["start"], end=data["end"], billing_day=data["billing_day"],
            )  # fmt: skip
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("Contract signed."))
            return redirect("spaces:contract", pk=made.pk)
    return render(request, "spaces/contract_new.html", {"site": found, "form": form})


@require("spaces.view_all")
def contract_list(request):
    rows = (
        scoped(Contract.objects.exclude(status=C.CANCELLED), request.user, "site__agency")
        .select_related("company", "site")
        .prefetch_related("lines__unit")
        .order_by("-start", "-id")
    )
    status = request.GET.get("status")
    if status in dict(Contract.workflows.state_choices()):
        rows = rows.filter(status=status)
    page = paginate(
        rows, page=page_number_from(request.GET.get("page")), per_page=settings.JIWON_PAGE_SIZE
    )
    return render(request, "spaces/contracts.html", {"page": page, "status": status})


def contract(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    found = contract_for(request.user, pk)
    manage = has_perm(request.user, "spaces.manage")
    config = contracts.evaluation_config(found.site)
    criteria = [(c.key, c.label or c.key, c.maximum) for c in config.criteria]
    return render(
        request,
        "spaces/contract.html",
        {
            "contract": found,
            "lines": found.lines.select_related("unit__floor"),
            "history": found.status_history.all(),
            "evaluations": found.evaluations.all(),
            "charges": found.charges.order_by("month"),
            "can_manage": manage,
            "can_bill": has_perm(request.user, "spaces.bill"),
            "move_in_form": MoveInForm(
                initial={
                    "moved_in_on": found.start,
                    "agreement_signed_on": timezone.localdate(),
                    "deposit_received_on": timezone.localdate() if found.deposit_won else None,
                }
            ),
            "move_out_form": MoveOutForm(
                initial={
                    "keys_returned": found.keys_issued,
                    "cards_returned": found.cards_issued,
                    "moved_out_on": found.end,
                }
            ),
            "evaluation_form": EvaluationForm(
                initial={"held_on": timezone.localdate()}, criteria=criteria
            ),
            "graduate_form": GraduateForm(site=found.site.next_rung, initial={"start": found.end}),
            "reason_form": ReasonForm(),
            "return_form": ReturnForm(initial={"returned_on": timezone.localdate()}),
            "extendable": found.status in (C.SIGNED, C.OCCUPIED)
            and found.extensions < found.site.max_extensions,
        },
    )


def _contract_action(request, pk, action, run, form_class=None) -> HttpResponse:
    if request.method != "POST":
        raise Http404("actions are posted")
    found = contract_for(request.user, pk, action=action)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("spaces:contract", pk=found.pk)
    try:
        run(found, form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("spaces:contract", pk=found.pk)


@require("spaces.manage")
def contract_move_in(request, pk):
    return _contract_action(
        request, pk, "manage",
        lambda c, d: contracts.contract_move_in(actor=request.user, contract=c, **d),
        MoveInForm,
    )  # fmt: skip


@require("spaces.manage")
def contract_move_out(request, pk):
    return _contract_action(
        request, pk, "manage",
        lambda c, d: contracts.contract_move_out(actor=request.user, contract=c, **d),
        MoveOutForm,
    )  # fmt: skip


@require("spaces.manage")
def contract_extend(request, pk):
    return _contract_action(
        request,
        pk,
        "manage",
        lambda c, d: contracts.contract_extend(actor=request.user, contract=c),
    )


@require("spaces.manage")
def contract_cancel(request, pk):
    return _contract_action(
        request, pk, "manage",
        lambda c, d: contracts.contract_cancel(actor=request.user, contract=c, reason=d["reason"]),
        ReasonForm,
    )  # fmt: skip


@require("spaces.bill")
def deposit_return(request, pk):
    return _contract_action(
        request, pk, "bill",
        lambda c, d: contracts.deposit_return(actor=request.user, contract=c, **d),
        ReturnForm,
    )  # fmt: skip


@require("spaces.manage")
@require_POST
def contract_evaluate(request, pk):
    found = contract_for(request.user, pk, action="manage")
    config = contracts.evaluation_config(found.site)
    criteria = [(c.key, c.label or c.key, c.maximum) for c in config.criteria]
    form = EvaluationForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            made = contracts.tenant_evaluation_record(
                actor=request.user, contract=found, held_on=form.cleaned_data["held_on"],
                sheets=form.cleaned_data["sheets"],
            )  # fmt: skip
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("Evaluated: %(score)s points.") % {"score": made.score})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("spaces:contract", pk=found.pk)


@require("spaces.manage")
@require_POST
def contract_graduate(request, pk):
    found = contract_for(request.user, pk, action="manage")
    form = GraduateForm(request.POST, site=found.site.next_rung)
    if form.is_valid():
        try:
            following = contracts.contract_graduate(
                actor=request.user, contract=found, units=list(form.cleaned_data["units"]),
                start=form.cleaned_data["start"],
            )  # fmt: skip
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("Graduated: the contract at the next site is signed."))
            return redirect("spaces:contract", pk=following.pk)
    else:
        messages.error(request, _("Choose the units at the next site and the start day."))
    return redirect("spaces:contract", pk=found.pk)
