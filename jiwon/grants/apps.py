from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "jiwon.grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from jiwon.core.navigation import PORTAL, SUPPORT, NavItem, register_nav
        from jiwon.core.permissions import register_object_rule
        from jiwon.grants.access import is_company_member, is_member_for_part
        from jiwon.grants.models import Agreement, Expense, GrantReport, Tranche

        # A company member acts only on their own company's agreements.
        register_object_rule(Agreement, "grants.act", is_company_member)
        register_object_rule(Tranche, "grants.act", is_member_for_part)
        register_object_rule(Expense, "grants.act", is_member_for_part)
        register_object_rule(GrantReport, "grants.act", is_member_for_part)

        register_nav(NavItem("grants:mine", _("My grants"), "grants.act", PORTAL, order=45))
        register_nav(
            NavItem("grants:reports_mine", _("Grant reports"), "grants.act", PORTAL, order=46)
        )
        register_nav(
            NavItem("grants:list", _("Grant agreements"), "grants.view_all", SUPPORT, order=10)
        )
        register_nav(
            NavItem("grants:reports", _("Grant reports"), "grants.view_all", SUPPORT, order=11)
        )

        from jiwon.core.scheduling import register_job
        from jiwon.grants.services.reports import report_reminders_send

        register_job(
            name="grants.report_reminders_send",
            every=timedelta(hours=1),
            run=report_reminders_send,
            description="Remind companies of grant reports before they are due and when overdue",
        )
