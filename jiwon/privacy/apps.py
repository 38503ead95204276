from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "jiwon.privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from datetime import timedelta

        from jiwon.core.scheduling import register_job
        from jiwon.privacy.retention import retention_apply

        register_job(
            name="privacy.retention_apply",
            every=timedelta(days=1),
            run=retention_apply,
            description="Anonymise personal records past their retention period.",
        )

        from jiwon.accounts.sections import ProfileSection, register_profile_section

        register_profile_section(
            ProfileSection(
                key="my-data",
                order=90,
                title=_("Your personal data"),
                template="privacy/_profile_my_data.html",
                context=lambda viewer: {},
            )
        )

        from jiwon.core.navigation import OVERSIGHT, NavItem, register_nav

        register_nav(
            NavItem(
                "privacy:review",
                _("Personal-data access log"),
                "privacy.review_access",
                OVERSIGHT,
                order=20,
            )
        )
        register_nav(
            NavItem(
                "privacy:retention",
                _("Retention of personal data"),
                "privacy.view_retention",
                OVERSIGHT,
                order=21,
            )
        )
