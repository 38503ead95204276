"""The figures shared equipment adds to the annual report and the dashboard (through outcomes'
contributions: outcomes never imports this app).

- equipment_kinds / equipment_units: kinds with at least one equipment unit, and the units, that
  were bookable (active) when the report is made — the register of the equipment, not a
  count over the period.
- equipment_utilisation_pct: used hours (the usage log) ÷ open hours of every active unit of
  the category equipment over the period, one decimal, half up.
- sogongin_supported: distinct companies with a standing ledger row dated in the period in a
  programme of a support area; sogongin_support_areas: the areas with at least one.
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from jiwon.equipment.models import Resource, ResourceCategory, SupportArea
from jiwon.equipment.selectors import overall_utilisation, utilisation
from jiwon.outcomes.selectors.contributions import ReportFigure, register_figure
from jiwon.outcomes.selectors.kpis import Period, standing_rows


def _units():
    return Resource.objects.filter(category=ResourceCategory.EQUIPMENT, active=True)


def equipment_units(period: Period) -> int:
    return _units().count()


def equipment_kinds(period: Period) -> int:
    return _units().order_by().values("kind").distinct().count()


def equipment_utilisation_pct(period: Period):
    units = list(_units().select_related("site__agency"))
    return overall_utilisation(
        utilisation(start=period.start, end=period.end + timedelta(days=1), resources=units)
    )


def _area_rows(period: Period):
    rows = standing_rows(period)
    return {
        area.pk: rows.filter(program__in=area.programs.all())
        for area in SupportArea.objects.prefetch_related("programs")
    }


def sogongin_supported(period: Period) -> int:
    companies: set[int] = set()
    for rows in _area_rows(period).values():
        companies |= set(rows.values_list("company_id", flat=True))
    return len(companies)


def sogongin_support_areas(period: Period) -> int:
    return sum(1 for rows in _area_rows(period).values() if rows.exists())


def register() -> None:
    register_figure(
        ReportFigure(
            "equipment_kinds",
            _("Kinds of shared equipment"),
            equipment_kinds,
            definition=_("Kinds with at least one bookable unit when the report is made."),
            on_dashboard=False,
        )
    )
    register_figure(
        ReportFigure(
            "equipment_units",
            _("Shared equipment units"),
            equipment_units,
            definition=_("Bookable equipment units when the report is made."),
            on_dashboard=False,
        )
    )
    register_figure(
        ReportFigure(
            "equipment_utilisation_pct",
            _("Utilisation of shared equipment"),
            equipment_utilisation_pct,
            kind="percent",
            definition=_(
                "Hours used (the usage log) ÷ hours open of every bookable unit over the"
                " period; national surveys put shared equipment at 21–39%."
            ),
        )
    )
    register_figure(
        ReportFigure(
            "sogongin_supported",
            _("Small manufacturers supported by the centre"),
            sogongin_supported,
            definition=_(
                "Distinct companies with a standing ledger row in the period in a programme of"
                " one of the centre's support areas."
            ),
        )
    )
    register_figure(
        ReportFigure(
            "sogongin_support_areas",
            _("Support areas of the centre"),
            sogongin_support_areas,
            definition=_("Support areas with at least one company supported in the period."),
            on_dashboard=False,
        )
    )
