from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoansConfig(AppConfig):
    name = "jiwon.loans"
    verbose_name = _("Fund loans")

    def ready(self) -> None:
        from jiwon.companies.models import Company
        from jiwon.core.permissions import register_object_rule
        from jiwon.loans.access import is_applicant, may_apply_for, works_for_bank
        from jiwon.loans.models import (
            Loan,
            LoanApplication,
            PartnerBank,
            Recommendation,
            SubsidyClaim,
        )

        # A company member applies, and acts on applications, only for their own company.
        register_object_rule(Company, "loans.apply", may_apply_for)
        register_object_rule(LoanApplication, "loans.apply", is_applicant)
        # A bank's user acts only on its own bank's letters, loans and claims.
        for model in (PartnerBank, Recommendation, Loan, SubsidyClaim):
            register_object_rule(model, "loans.bank_report", works_for_bank)

        from jiwon.core.scheduling import register_job
        from jiwon.loans.services.letters import letters_expire
        from jiwon.loans.services.loans import loans_mature

        register_job(
            name="loans.letters_expire",
            every=timedelta(hours=1),
            run=letters_expire,
            description="Expire recommendation letters past their last valid day",
        )
        register_job(
            name="loans.loans_mature",
            every=timedelta(hours=6),
            run=loans_mature,
            description="End fund loans on their maturity day",
        )

        from jiwon.core.navigation import HOME, PORTAL, SUPPORT, NavItem, register_nav

        register_nav(NavItem("loans:mine", _("My fund loans"), "loans.apply", PORTAL, order=47))
        register_nav(NavItem("loans:funds", _("Fund loans"), "loans.view_all", SUPPORT, order=15))
        # A partner bank's users have neither the portal nor the back office: their desk is
        # their home (core.views.home sends them to it).
        register_nav(
            NavItem("loans:bank", _("Bank desk"), "loans.bank_report", HOME, order=5, start=True)
        )

        from django.urls import reverse

        from jiwon.core.imports.registry import ImportKind, register_import
        from jiwon.loans.imports import BALANCES_IMPORT, balances_import_task

        register_import(
            ImportKind(
                kind=BALANCES_IMPORT,
                label=_("Upload a balance file"),
                capability="loans.bank_report",
                run=balances_import_task,
                upload_url=lambda run: reverse("loans:bank_upload"),
                done_url=lambda run: reverse("loans:bank"),
            )
        )

        from jiwon.loans import figures

        figures.register()
