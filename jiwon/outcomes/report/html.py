"""The annual report as one HTML document (SVG charts inline; styles in the static file
outcomes/report.css, linked, since pages allow no inline styles). The copy saved for reading
offline (`offline_document`) carries that stylesheet inside it instead, and absolute links.

The same document is the HTML format and, rendered by WeasyPrint with the stylesheets, the PDF.
In HTML every figure links to its drill-down list; the PDF shows the figures without links.
"""

import re
from typing import Any
from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from jiwon.core.templatetags.money import eok
from jiwon.outcomes.report import charts
from jiwon.outcomes.report.formatting import count_text, eok_text, pct_text, percent_text
from jiwon.outcomes.selectors.contributions import (
    HEADLINE,
    ReportFigure,
    report_figures,
    report_sections,
)

TEMPLATE = "outcomes/report_annual.html"
STYLESHEET = "outcomes/report.css"
_LINKED_STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*outcomes/report[^"]*\.css">')
_SITE_LINK = re.compile(r'(\shref=")/(?!/)')


def offline_document(html: str, *, origin: str) -> str:
    """The HTML report as a file to keep: its stylesheet inside it (a saved page has no
    site to fetch it from) and its drill-down links pointing at `origin` (the site's
    scheme and host). Only for the downloaded file, which no browser shows as a page of the
    site, so the site's rule against inline styles (CSP) does not concern it."""
    path = finders.find(STYLESHEET)
    if not path:
        raise FileNotFoundError(STYLESHEET)
    with open(str(path), encoding="utf-8") as stylesheet:
        css = stylesheet.read().replace("</", "<\\/")
    html = _LINKED_STYLESHEET.sub(lambda _m: f"<style>\n{css}</style>", html, count=1)
    return _SITE_LINK.sub(lambda m: f"{m.group(1)}{origin.rstrip('/')}/", html)


def drill_url(kpi: str, year: int, **params: Any) -> str:
    query = {"year": year, **{k: v for k, v in params.items() if v not in (None, "")}}
    return f"{reverse('outcomes:report_drill', kwargs={'kpi': kpi})}?{urlencode(query)}"


class Figures:
    """Builds figure cells: the shown text, its exact value on hover and the drill-down link."""

    def __init__(self, year: int, links: bool):
        self.year = year
        self.links = links

    def _cell(self, shown: Any, kpi: str | None, params: dict[str, Any]) -> SafeString:
        if not (self.links and kpi):
            return format_html("{}", shown)
        year = params.pop("year", self.year)
        return format_html('<a class="fig" href="{}">{}</a>', drill_url(kpi, year, **params), shown)

    def count(self, value: Any, kpi: str | None = None, **params: Any) -> SafeString:
        return self._cell(count_text(value), kpi, params)

    def won(self, value: Any, kpi: str | None = None, **params: Any) -> SafeString:
        return self._cell(eok(value), kpi, params)

    def pct(self, value: Any, kpi: str | None = None, **params: Any) -> SafeString:
        return self._cell(pct_text(value), kpi, params)

    def contributed(self, figure: ReportFigure, value: Any) -> SafeString:
        """The cell of a figure another app contributed, linked when it has a drill-down."""
        kpi = figure.key if figure.drill else None
        if figure.kind == "won":
            return self.won(value, kpi)
        if figure.kind == "percent":
            return self._cell(percent_text(value), kpi, {})
        return self.count(value, kpi)


def _contributed_sections(report: dict[str, Any], f: Figures) -> list[dict[str, Any]]:
    """The sections other apps added, each with (label, cell) of its figures in the report."""
    return [
        {
            "key": section.key,
            "title": str(section.title),
            "rows": [
                (str(figure.label), f.contributed(figure, report[section.key][figure.key]))
                for figure in report_figures(section)
                if figure.key in report.get(section.key, {})
            ],
        }
        for section in report_sections()
        if section.key in report
    ]


def _headline(report: dict[str, Any], f: Figures) -> list[tuple[str, SafeString, str]]:
    h = report["headline"]
    growth = report["outcome_growth"]
    return [
        (_("Supported companies"), f.count(h["supported_companies"], "supported_companies"), ""),
        (_("Programmes used"), f.count(h["programs"], "programs"), ""),
        (_("Support"), f.won(h["support_won"], "support_won"), ""),
        (_("Tenant companies"), f.count(h["tenant_companies"], "tenant_companies"), ""),
        (_("Investment attracted"), f.won(h["investment_won"], "investment_won"), ""),
        (_("Patents and certifications"), f.count(h["ip_count"], "ip_count"), ""),
        (_("MOUs"), f.count(h["mou_count"], "mou_count"), ""),
        (
            _("Employees"),
            f.count(h["employees"], "employees"),
            _("%(pct)s on the year before") % {"pct": pct_text(h["employees_growth_pct"])},
        ),
        (
            _("Sales"),
            f.won(h["sales_won"], "sales_won"),
            _("%(pct)s on the year before") % {"pct": pct_text(h["sales_growth_pct"])},
        ),
        (_("Companies moved in"), f.count(h["moved_in"], "moved_in"), ""),
        (
            _("Companies in the city"),
            f.count(report["city_totals"][-1]["companies"], "city_companies"),
            report["city_totals"][-1]["on"].isoformat(),
        ),
        (
            _("Excluded for missing figures"),
            f.count(growth["employees"]["excluded"], "employees"),
            _("supported companies without employees for both years"),
        ),
    ] + [
        (str(figure.label), f.contributed(figure, h[figure.key]), "")
        for figure in report_figures(HEADLINE)
        if figure.key in h
    ]


def _growth(report: dict[str, Any], f: Figures) -> list[dict[str, Any]]:
    rows = []
    for kpi, label, money in (
        ("employees", _("Employees"), False),
        ("sales_won", _("Sales"), True),
    ):
        g = report["outcome_growth"][kpi]
        value = f.won if money else f.count
        rows.append(
            {
                "label": label,
                "previous": value(g["previous"], kpi),
                "value": value(g["value"], kpi),
                "pct": f.pct(g["growth_pct"], kpi),
                "companies": f.count(g["companies"], kpi),
                "excluded": f.count(g["excluded"], kpi),
            }
        )
    return rows


def _outcomes(report: dict[str, Any], f: Figures) -> list[tuple[str, SafeString]]:
    o = report["other_outcomes"]
    rows = [
        (_("Investment attracted"), f.won(o["investment_won"], "investment_won")),
        (_("Investments"), f.count(o["investments"], "investment_won")),
        (_("Patents and certifications"), f.count(o["ip_count"], "ip_count")),
    ]
    rows += [
        (f"· {ip['label']}", f.count(ip["count"], "ip_count", kind=ip["kind"]))
        for ip in o["ip_by_kind"]
    ]
    rows += [
        (_("MOUs"), f.count(o["mou_count"], "mou_count")),
        (_("Business agreements"), f.count(o["business_agreements"], "business_agreements")),
        (_("Awards"), f.count(o["awards"], "awards")),
    ]
    return rows


def _charts(report: dict[str, Any]) -> dict[str, str]:
    no_data = _("No data for this year.")
    support = report["support"]
    trend = report["outcome_growth"]["trend"]
    stages = report["growth_ladder"]["stages"]
    return {
        "by_category": charts.bar_chart(
            [(c["label"], c["amount_won"]) for c in support["by_category"]],
            title=_("Support by programme category"),
            fmt=eok_text,
            empty=no_data,
        ),
        "employees": charts.line_chart(
            [(str(t["year"]), t["employees"]) for t in trend],
            title=_("Employees of supported companies"),
            fmt=charts.plain,
            empty=no_data,
            gap=_("No data"),
        ),
        "sales": charts.line_chart(
            [(str(t["year"]), t["sales_won"]) for t in trend],
            title=_("Sales of supported companies"),
            fmt=eok_text,
            empty=no_data,
            gap=_("No data"),
        ),
        "ladder": charts.funnel_chart(
            [(s["label"], s["companies"]) for s in stages],
            title=_("Companies on each rung of the growth ladder"),
            fmt=charts.plain,
            empty=no_data,
        ),
    }


def render_html(report: dict[str, Any], *, links: bool = True, for_pdf: bool = False) -> str:
    year = report["year"]
    f = Figures(year, links)
    with translation.override(report["language"]):
        no_data = _("No data")
        context = {
            "r": report,
            "f": f,
            "for_pdf": for_pdf,
            "headline": _headline(report, f),
            "charts": _charts(report),
            "programs": [
                {
                    **p,
                    "companies_cell": f.count(
                        p["companies"], "supported_companies", program=p["program_id"]
                    ),
                    "supports_cell": f.count(p["supports"], "support_won", program=p["program_id"]),
                    "amount_cell": f.won(p["amount_won"], "support_won", program=p["program_id"]),
                }
                for p in report["support"]["by_program"]
            ],
            "categories": [
                {
                    **c,
                    "companies_cell": f.count(
                        c["companies"], "supported_companies", category=c["category"]
                    ),
                    "supports_cell": f.count(c["supports"], "support_won", category=c["category"]),
                    "amount_cell": f.won(c["amount_won"], "support_won", category=c["category"]),
                }
                for c in report["support"]["by_category"]
            ],
            "kinds": [
                {
                    **k,
                    "companies_cell": f.count(
                        k["companies"], "supported_companies", kind=k["kind"]
                    ),
                    "supports_cell": f.count(k["supports"], "support_won", kind=k["kind"]),
                    "amount_cell": f.won(k["amount_won"], "support_won", kind=k["kind"]),
                }
                for k in report["support"]["by_kind"]
            ],
            "stages": [
                {
                    **s,
                    "companies_cell": f.count(
                        s["companies"], "ladder", stage=s["stage"], on=report["growth_ladder"]["on"]
                    ),
                    "promoted_cell": f.count(s["promoted"], "promoted", stage=s["stage"]),
                }
                for s in report["growth_ladder"]["stages"]
            ],
            "funnels": [
                {**x, "selected_cell": f.count(x["selected"], "promoted", stage=x["stage"])}
                for x in report["selection_funnels"]
            ],
            "growth": _growth(report, f),
            "trend": [
                {
                    "year": t["year"],
                    "employees_cell": (
                        f.count(t["employees"], "employees", year=t["year"])
                        if t["employees"] is not None
                        else no_data
                    ),
                    "sales_cell": (
                        f.won(t["sales_won"], "sales_won", year=t["year"])
                        if t["sales_won"] is not None
                        else no_data
                    ),
                }
                for t in report["outcome_growth"]["trend"]
            ],
            "outcomes": _outcomes(report, f),
            "relocations": [
                (_("Companies moved in"), f.count(report["relocations"]["moved_in"], "moved_in")),
                (
                    _("Companies moved out"),
                    f.count(report["relocations"]["moved_out"], "moved_out"),
                ),
            ],
            "origins": [
                (
                    o["label"],
                    # Moves with no recorded origin cannot be singled out: no link.
                    f.count(o["companies"], "moved_in" if o["place"] else None, place=o["place"]),
                )
                for o in report["relocations"]["origins"]
            ],
            "city": [
                {
                    **c,
                    "companies_cell": f.count(c["companies"], "city_companies", on=c["on"]),
                    "employees_cell": f.count(c["employees"], "city_companies", on=c["on"]),
                    "registry_cell": f.count(
                        c["companies_from_registry"], "city_companies", on=c["on"]
                    ),
                }
                for c in report["city_totals"]
            ],
            "contributed_sections": _contributed_sections(report, f),
        }
        return render_to_string(TEMPLATE, context)
