"""The back office's fund rounds: the list with each round's volume and subsidy budget, a
round's page (purposes with their dated subsidy terms, applications, letters, loans), the
round's loans in Excel, and the form staff create and edit a round with (loans.manage; the
service dates a change of subsidy terms on a round with letters or loans)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.loans import selectors
from jiwon.loans.access import fund_for
from jiwon.loans.excel import funds_xlsx, loans_xlsx
from jiwon.loans.forms import FundRoundForm
from jiwon.loans.services import funds as fund_services
from jiwon.loans.views import _done, _xlsx
from jiwon.loans.workflow import ApplicationStatus, ClaimStatus, LetterStatus


@require("loans.view_all")
def fund_list(request):
    today = timezone.localdate()
    rows = [
        {
            "fund": fund,
            "volume": selectors.volume_of(fund),
            "budget": selectors.subsidy_budget_of(fund, today),
        }
        for fund in selectors.funds()[:30]
    ]
    return render(
        request,
        "loans/funds.html",
        {
            "rows": rows,
            "waiting_claims": selectors.claims_for_finance(ClaimStatus.SUBMITTED).count(),
            "can_manage": has_perm(request.user, "loans.manage"),
            "can_export": has_perm(request.user, "loans.export"),
        },
    )


@require("loans.export")
def funds_export(request):
    today = timezone.localdate()
    return _xlsx(funds_xlsx(list(selectors.funds()[:200]), today), "fund-rounds.xlsx")


@require("loans.view_all")
def fund_detail(request, pk):
    fund = fund_for(request.user, pk)
    status = request.GET.get("status", ApplicationStatus.SUBMITTED)
    if status not in {s for s, _label in fund.applications.model.workflows.state_choices()}:
        status = ApplicationStatus.SUBMITTED
    loans = selectors.loans_of_fund(fund)
    page = paginate(
        loans, page=page_number_from(request.GET.get("page")), per_page=settings.JIWON_PAGE_SIZE
    )
    return render(
        request,
        "loans/fund.html",
        {
            "fund": fund,
            "volume": selectors.volume_of(fund),
            "budget": selectors.subsidy_budget_of(fund, timezone.localdate()),
            "purposes": fund.purposes.prefetch_related("bands", "past_terms"),
            "status": status,
            "statuses": fund.applications.model.workflows.state_choices(),
            "applications": selectors.applications_to_review(fund, status)[:200],
            "letters": fund.letters.filter(status=LetterStatus.ISSUED).select_related(
                "company", "bank", "purpose"
            ),
            "page": page,
            "can_export": has_perm(request.user, "loans.export"),
            "can_manage": has_perm(request.user, "loans.manage"),
        },
    )


@require("loans.export")
def fund_export(request, pk):
    fund = fund_for(request.user, pk)
    return _xlsx(loans_xlsx(selectors.loans_of_fund(fund)[:20000]), f"loans-{fund.year}.xlsx")


def _form_page(request, form, fund=None):
    return render(
        request,
        "loans/fund_form.html",
        {
            "form": form,
            "fund": fund,
            "in_use": fund is not None and fund_services.fund_in_use(fund),
        },
    )


@require("loans.manage")
def fund_new(request):
    form = FundRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fund = fund_services.fund_round_create(actor=request.user, data=form.fund_input())
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return _done(
                request,
                reverse("loans:fund", args=[fund.pk]),
                _("The fund round %(year)s was created.") % {"year": fund.year},
            )
    return _form_page(request, form)


@require("loans.manage")
def fund_edit(request, pk):
    fund = fund_for(request.user, pk, "manage")
    form = FundRoundForm(request.POST or None, fund=fund)
    if request.method == "POST" and form.is_valid():
        try:
            fund_services.fund_round_update(
                actor=request.user,
                fund=fund,
                data=form.fund_input(),
                terms_from=form.cleaned_data["terms_from"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return _done(
                request,
                reverse("loans:fund", args=[fund.pk]),
                _("The fund round %(year)s was saved.") % {"year": form.cleaned_data["year"]},
            )
    return _form_page(request, form, fund)
