"""The staff dashboard: the registry at a glance and this year's figures so far, by the
annual report's definitions."""

from django.db.models import Count, Q
from django.utils import timezone

from jiwon.companies.models import Company, CompanyKind
from jiwon.outcomes.selectors.kpis import Period, headline


def staff_dashboard() -> dict:
    totals = Company.objects.aggregate(
        companies=Count("id", filter=Q(kind=CompanyKind.COMPANY)),
        prefounders=Count("id", filter=Q(kind=CompanyKind.PREFOUNDER)),
        local=Count("id", filter=Q(is_local=True, kind=CompanyKind.COMPANY)),
    )
    by_stage = dict(
        Company.objects.exclude(growth_stage="")
        .values_list("growth_stage")
        .annotate(n=Count("id"))
        .values_list("growth_stage", "n")
    )
    # This year's figures so far, by the annual report's definitions (growth needs the full year).
    today = timezone.localdate()
    this_year = {
        "year": today.year,
        "until": today,
        "figures": headline(Period.year_to_date(today), with_growth=False),
    }
    return {"totals": totals, "by_stage": by_stage, "this_year": this_year}
