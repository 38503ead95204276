from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "jiwon.equipment"
    verbose_name = _("Shared equipment")

    def ready(self) -> None:
        from jiwon.companies.models import Company
        from jiwon.core.permissions import register_object_rule
        from jiwon.equipment.access import may_book_for

        # A company member books, and asks for tests, only for their own company.
        register_object_rule(Company, "equipment.book", may_book_for)
        register_object_rule(Company, "equipment.request_test", may_book_for)

        from jiwon.core.scheduling import register_job
        from jiwon.equipment.services import booking_reminders_send, bookings_release_no_shows

        register_job(
            name="equipment.bookings_release_no_shows",
            every=timedelta(minutes=5),
            run=bookings_release_no_shows,
            description="Release bookings not checked in after their grace period",
        )
        register_job(
            name="equipment.booking_reminders_send",
            every=timedelta(hours=1),
            run=booking_reminders_send,
            description="Remind companies the day before a booking",
        )

        from jiwon.core.navigation import PORTAL, SUPPORT, NavItem, register_nav

        register_nav(
            NavItem("equipment:public", _("Shared equipment"), None, SUPPORT, order=30, public=True)
        )
        register_nav(
            NavItem("equipment:mine", _("My bookings"), "equipment.book", PORTAL, order=50)
        )
        register_nav(
            NavItem(
                "equipment:staff_bookings",
                _("Equipment bookings"),
                "equipment.view_all",
                SUPPORT,
                order=31,
            )
        )

        from jiwon.equipment import figures, places

        figures.register()
        # The meeting rooms on the pages of the startup-space site they are part of.
        places.register()
