from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "jiwon.spaces"
    verbose_name = _("Startup spaces")

    def ready(self) -> None:
        from jiwon.companies.models import Company
        from jiwon.core.permissions import register_object_rule
        from jiwon.spaces.access import acts_for

        # A company member answers offers and reads the tenancy of their own company only.
        register_object_rule(Company, "spaces.act", acts_for)

        from jiwon.core.scheduling import register_job
        from jiwon.spaces.services.billing import charges_issue_job
        from jiwon.spaces.services.waitlist import offers_expire

        register_job(
            name="spaces.offers_expire",
            every=timedelta(minutes=15),
            run=offers_expire,
            description="Lapse unanswered unit offers and offer the unit to the next in line",
        )
        register_job(
            name="spaces.charges_issue",
            every=timedelta(days=1),
            run=charges_issue_job,
            description="Issue this month's rent and maintenance charges",
        )

        from jiwon.core.navigation import PORTAL, SUPPORT, NavItem, register_nav

        register_nav(
            NavItem("spaces:public", _("Startup spaces"), None, SUPPORT, order=25, public=True)
        )
        register_nav(NavItem("spaces:mine", _("My tenancy"), "spaces.act", PORTAL, order=48))
        register_nav(
            NavItem("spaces:occupancy", _("Space occupancy"), "spaces.view_all", SUPPORT, order=26)
        )

        from jiwon.spaces import figures

        figures.register()
