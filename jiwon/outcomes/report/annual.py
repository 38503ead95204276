"""The content of the annual performance report, computed from the KPI selectors.

`annual_report()` returns plain data (ints, strings, Decimals, lists and dicts) that every format
renders: the JSON file is this data as it is, the HTML/PDF and Excel files lay it out. Labels are
translated into the report's language while it is built.
"""

from collections.abc import Callable
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jiwon.applications.models import Application
from jiwon.applications.workflow import ApplicationStatus
from jiwon.companies.models import GrowthStage
from jiwon.core.i18n import in_language
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import Agreement, IntellectualProperty
from jiwon.outcomes.report.definitions import DEFINITIONS
from jiwon.outcomes.selectors import kpis
from jiwon.outcomes.selectors.contributions import (
    HEADLINE,
    contributed_values,
    report_figures,
    report_sections,
)
from jiwon.outcomes.selectors.drill import NO_PROGRAMME
from jiwon.outcomes.selectors.kpis import Period
from jiwon.programs.models import Category, Program

# 2: city_totals[].companies_from_registry and coverage.city_companies_from_registry (were
# *_employees_from_registry, which counted companies); trend figures null for "no data".
SCHEMA_VERSION = 2
TREND_YEARS = 5

Progress = Callable[[int, str], None]


def _no_progress(percent: int, message: str) -> None:
    return None


def _label(choices, value) -> str:
    return str(dict(choices.choices).get(value, value)) if value else ""


def _title(program: Program) -> str:
    english = translation.get_language() == "en"
    return (program.title_en if english else "") or program.title_ko


def _growth(figure: kpis.Growth) -> dict:
    return {
        "value": figure.value,
        "previous": figure.previous,
        "growth_pct": figure.growth_pct,
        "companies": figure.companies,
        "excluded": figure.excluded,
    }


def report_end(year: int, today: date) -> date:
    """The day the report's "end of year" figures are taken: 31 December, or today while the
    year is running."""
    return min(date(year, 12, 31), today)


def _support(period: Period) -> dict:
    rows = kpis.ledger_rows(period)
    summary = kpis.support_summary(rows.filter(program__isnull=False), "program")
    programs = Program.objects.in_bulk([p["key"] for p in summary])
    by_program = sorted(
        (
            {
                "program_id": p["key"],
                "series": programs[p["key"]].series,
                "title": _title(programs[p["key"]]),
                "category": programs[p["key"]].category,
                "companies": p["companies"],
                "supports": p["supports"],
                "amount_won": p["amount_won"],
            }
            for p in summary
        ),
        key=lambda p: (-p["amount_won"], p["title"]),
    )
    by_category = [
        {
            "category": g["key"] or NO_PROGRAMME,
            "label": _label(Category, g["key"]) or _("No programme"),
            "companies": g["companies"],
            "supports": g["supports"],
            "amount_won": g["amount_won"],
        }
        for g in kpis.support_by(period, "program__category")
    ]
    by_kind = [
        {
            "kind": g["key"],
            "label": _label(SupportKind, g["key"]),
            "companies": g["companies"],
            "supports": g["supports"],
            "amount_won": g["amount_won"],
        }
        for g in kpis.support_by(period, "kind")
    ]
    return {"by_program": by_program, "by_category": by_category, "by_kind": by_kind}


def _ladder(period: Period, end: date) -> dict:
    at_stage = kpis.ladder(end)
    promoted = kpis.promoted_by_stage(period)
    return {
        "on": end,
        "stages": [
            {
                "stage": stage,
                "label": _label(GrowthStage, stage),
                "companies": at_stage[stage],
                "promoted": promoted[stage],
            }
            for stage in kpis.LADDER
        ],
    }


def _applied(program: Program) -> int | None:
    """Submitted applications to the call, less those withdrawn after submission (they left
    the competition); unknown (None) when none were recorded."""
    submitted = Application.objects.filter(program=program, submitted_at__isnull=False)
    return submitted.exclude(status=ApplicationStatus.WITHDRAWN).count() or None


def selection_funnels(period: Period) -> list[dict]:
    """(call, applied, selected) per call: for each rung a programme of the year promotes to,
    the rung's promotions in the year stand in for the call's selections; `applied` counts
    the programme's submitted applications not withdrawn (None when none were recorded)."""
    promoted = kpis.promoted_by_stage(period)
    programmes = {
        p.growth_stage: p
        for p in Program.objects.filter(fiscal_year=period.year_number).exclude(growth_stage="")
    }
    funnels = []
    for stage in kpis.LADDER:
        program = programmes.get(stage)
        # A funnel is a call's: a rung no programme of the year promotes to has none (its
        # promotions still show on the ladder).
        if not promoted[stage] or program is None:
            continue
        funnels.append(
            {
                "call": _title(program),
                "stage": stage,
                "applied": _applied(program),
                "selected": promoted[stage],
                "source": "growth_ladder",
            }
        )
    return funnels


def _outcomes(period: Period) -> dict:
    ip_by_kind = kpis.count_by(kpis.ip_records(period), "kind")
    return {
        "investment_won": kpis.investment_won(period),
        "investments": kpis.investments(period).count(),
        "ip_count": sum(ip_by_kind.values()),
        "ip_by_kind": [
            {"kind": kind, "label": _label(IntellectualProperty.Kind, kind), "count": n}
            for kind in IntellectualProperty.Kind.values
            if (n := ip_by_kind.get(kind, 0))
        ],
        "mou_count": kpis.mou_count(period),
        "business_agreements": kpis.agreements(period, Agreement.Kind.BUSINESS).count(),
        "awards": kpis.awards(period).count(),
    }


def _relocations(period: Period) -> dict:
    origins = (
        kpis.relocations(period)
        .values("other_place")
        .annotate(companies=Count("company", distinct=True))
        .order_by("-companies", "other_place")
    )
    return {
        "moved_in": kpis.moved_in(period),
        "moved_out": kpis.moved_out(period),
        "origins": [
            {
                "place": o["other_place"],
                "label": o["other_place"] or _("Not recorded"),
                "companies": o["companies"],
            }
            for o in origins
        ],
    }


def _coverage(period: Period, growth: dict, city: list[dict]) -> dict:
    rows = kpis.ledger_rows(period)
    return {
        # False: nothing of the year is in the ledger, and the report says so at the top.
        "support_recorded": rows.exists(),
        "ledger_rows": rows.count(),
        "corrections": rows.filter(corrects__isnull=False).count(),
        "rows_without_programme": rows.filter(program__isnull=True).count(),
        "rows_without_amount": rows.filter(amount_won__isnull=True).count(),
        "employees_companies": growth["employees"]["companies"],
        "employees_excluded": growth["employees"]["excluded"],
        "sales_companies": growth["sales_won"]["companies"],
        "sales_excluded": growth["sales_won"]["excluded"],
        "city_companies_from_registry": city[-1]["companies_from_registry"] if city else 0,
        "applications_recorded": False,
    }


def _trend_point(year: int) -> dict:
    """A year of the trend. A figure is None ("no data") when no supported company of that
    year reported it for the year and the one before: a sum over nobody is not 0."""
    employees, sales = kpis.employees(year), kpis.sales(year)
    return {
        "year": year,
        "employees": employees.value if employees.companies else None,
        "sales_won": sales.value if sales.companies else None,
    }


def annual_report(
    year: int, language: str, *, progress: Progress = _no_progress, now: datetime | None = None
) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    period = Period.year(year)
    end = report_end(year, today)
    with translation.override(language):
        progress(5, "headline")
        headline = {**kpis.headline(period), **contributed_values(period, HEADLINE)}
        progress(25, "support")
        support = _support(period)
        progress(40, "ladder")
        ladder = _ladder(period, end)
        funnels = selection_funnels(period)
        progress(55, "growth")
        growth = {
            "employees": _growth(kpis.employees(year)),
            "sales_won": _growth(kpis.sales(year)),
            "trend": [_trend_point(y) for y in range(year - TREND_YEARS + 1, year + 1)],
        }
        progress(70, "outcomes")
        outcomes = _outcomes(period)
        relocations = _relocations(period)
        progress(80, "city")
        city = [
            {
                "on": totals["on"],
                "companies": totals["companies"],
                "employees": totals["employees"],
                "companies_from_registry": totals["companies_from_registry"],
            }
            for totals in (kpis.city_totals(date(year - 1, 12, 31)), kpis.city_totals(end))
        ]
        contributed = {s.key: contributed_values(period, s) for s in report_sections()}
        definitions = [
            {"key": key, "title": str(title), "text": str(text)} for key, title, text in DEFINITIONS
        ] + [
            {"key": f.key, "title": str(f.label), "text": str(f.definition)}
            for f in report_figures()
            if f.definition
        ]
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "annual",
            "year": year,
            "language": language,
            "generated_at": timezone.localtime(now).isoformat(timespec="seconds"),
            "agency": in_language(settings.JIWON_AGENCY_NAME, settings.JIWON_AGENCY_NAME_EN),
            "headline": headline,
            "support": support,
            "growth_ladder": ladder,
            "selection_funnels": funnels,
            "outcome_growth": growth,
            "other_outcomes": outcomes,
            "relocations": relocations,
            "city_totals": city,
            **contributed,
            "coverage": _coverage(period, growth, city),
            "definitions": definitions,
        }
