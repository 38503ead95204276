"""The figures startup spaces add to the annual report and the dashboard (through outcomes'
contributions: outcomes never imports this app). The report's `tenant_companies` is outcomes'
own count of tenancy rows in the ledger, which every contract writes.

- acube_visits: people checked in at the youth hubs (A-Cube) over the period (the visit log).
- space_moved_in: contracts whose move-in day falls in the period.
- space_occupancy_pct: units let on the period's last day ÷ lettable units, every site.
- midcareer_offices: 1-person offices of the middle-aged tech startup centre lettable on the
  period's last day; midcareer_tenants: companies (founders aged 40+) holding a contract
  there on some day of the period.
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from jiwon.outcomes.selectors.contributions import ReportFigure, ReportSection, register_figure
from jiwon.outcomes.selectors.kpis import Period
from jiwon.spaces.models import Contract, SiteKind, SpaceSite, UnitKind
from jiwon.spaces.selectors import lettable_units, occupancy, tenant_count, visits_between

SPACES = ReportSection("spaces", _("Startup spaces"))


def _after(period: Period):
    return period.end + timedelta(days=1)


def acube_visits(period: Period) -> int:
    return sum(
        visits_between(period.start, _after(period), site=site)
        for site in SpaceSite.objects.filter(kind=SiteKind.YOUTH_HUB)
    )


def space_moved_in(period: Period) -> int:
    return Contract.objects.filter(
        moved_in_on__gte=period.start, moved_in_on__lte=period.end
    ).count()


def space_occupancy_pct(period: Period):
    return occupancy(period.end).overall.units_pct


def midcareer_offices(period: Period) -> int:
    return (
        lettable_units(period.end)
        .filter(floor__site__kind=SiteKind.MIDCAREER, kind=UnitKind.ONE_PERSON_OFFICE)
        .count()
    )


def midcareer_tenants(period: Period) -> int:
    return sum(
        tenant_count(period.start, _after(period), site=site)
        for site in SpaceSite.objects.filter(kind=SiteKind.MIDCAREER)
    )


def register() -> None:
    register_figure(
        ReportFigure(
            "acube_visits",
            _("Visits to A-Cube"),
            acube_visits,
            definition=_("People checked in at the youth startup hub (desk and QR code)."),
        )
    )
    register_figure(
        ReportFigure(
            "space_moved_in",
            _("Companies moved into startup spaces"),
            space_moved_in,
            definition=_("Tenancy contracts whose move-in day falls in the period."),
            section=SPACES,
        )
    )
    register_figure(
        ReportFigure(
            "space_occupancy_pct",
            _("Occupancy of startup spaces"),
            space_occupancy_pct,
            kind="percent",
            definition=_("Units let on the period's last day ÷ units that could be let."),
            section=SPACES,
        )
    )
    register_figure(
        ReportFigure(
            "midcareer_offices",
            _("1-person offices for founders aged 40+"),
            midcareer_offices,
            definition=_(
                "1-person offices of the middle-aged tech startup centre on the period's last day."
            ),
            on_dashboard=False,
        )
    )
    register_figure(
        ReportFigure(
            "midcareer_tenants",
            _("Tenants of the middle-aged tech startup centre"),
            midcareer_tenants,
            definition=_("Companies holding a contract there on some day of the period."),
            on_dashboard=False,
            section=SPACES,
        )
    )
