from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "jiwon.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # Core's workflow engine writes its audit entries through this recorder.
        from jiwon.audit.services import audit_record
        from jiwon.core.auditing import register_recorder

        register_recorder(audit_record)

        from jiwon.core.navigation import OVERSIGHT, NavItem, register_nav

        # The main menu entries of this app.
        register_nav(NavItem("audit:list", _("Audit log"), "audit.view", OVERSIGHT, order=10))

        from datetime import timedelta

        from django.conf import settings

        from jiwon.audit.jobs import make_checkpoint
        from jiwon.core.scheduling import register_job

        register_job(
            name="audit.checkpoint",
            every=timedelta(minutes=settings.JIWON_AUDIT_CHECKPOINT_MINUTES),
            run=make_checkpoint,
            description="Anchor the audit chain's head with a keyed checkpoint.",
        )
