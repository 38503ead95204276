from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _url(name: str) -> Callable[[Any], str]:
    """The address of the page `name`, for any run of an import."""

    def url(run: Any) -> str:
        from django.urls import reverse

        return reverse(name)

    return url


class OutcomesConfig(AppConfig):
    name = "jiwon.outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        # A published selection writes the selected companies' support-ledger rows.
        from jiwon.outcomes.receivers import selection_to_ledger
        from jiwon.reviews.signals import results_published

        results_published.connect(selection_to_ledger, dispatch_uid="outcomes.selection_to_ledger")

        # The Excel imports run in the background (jiwon/core/imports).

        from jiwon.core.imports.registry import ImportKind, register_import
        from jiwon.outcomes.excel import figures_import, ledger_import, records_import
        from jiwon.outcomes.excel.imports import background

        for kind, label, importer, upload, done in (
            (
                "ledger",
                _("Import support ledger rows from Excel"),
                ledger_import,
                "outcomes:ledger_import",
                "outcomes:ledger",
            ),
            (
                "figures",
                _("Import yearly figures from Excel"),
                figures_import,
                "outcomes:figures_import",
                "outcomes:figures_import",
            ),
            (
                "records",
                _("Import outcome records from Excel"),
                records_import,
                "outcomes:records_import",
                "outcomes:records_import",
            ),
        ):
            register_import(
                ImportKind(
                    kind=f"outcomes.{kind}",
                    label=label,
                    capability="outcomes.manage",
                    run=background(importer),
                    upload_url=_url(upload),
                    done_url=_url(done),
                )
            )

        # The eligibility rules' three-year sales average reads the yearly figures.
        from jiwon.outcomes.sales_source import reported_sales
        from jiwon.programs.eligibility.sources import register_sales_source

        register_sales_source(reported_sales)

        # The outcomes section of the company page.
        from jiwon.outcomes import company_section

        company_section.register()

        from jiwon.core.navigation import PORTAL, RESULTS, NavItem, register_nav

        # The main menu entries of this app.
        register_nav(
            NavItem("outcomes:survey_portal", _("Outcome survey"), "portal.enter", PORTAL, order=20)
        )
        register_nav(NavItem("outcomes:ledger", _("Outcomes"), "outcomes.view_all", RESULTS))
