"""The evaluator pool's personal fields in jiwon/privacy: how long an inactive evaluator's are
kept, and what an evaluator sees of their own record."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jiwon.core.models import RoleUser
from jiwon.privacy.models import SubjectKind
from jiwon.privacy.retention import RetentionKind, register_retention
from jiwon.privacy.selectors import accesses_about
from jiwon.privacy.subject_data import SubjectRecord, SubjectSection, register_subject_data
from jiwon.reviews.models import Evaluator
from jiwon.reviews.services.pool import evaluator_anonymise


def _inactive_before(cutoff: datetime) -> QuerySet[Evaluator]:
    return Evaluator.objects.filter(active=False, updated_at__lt=cutoff)


def _my_evaluator_records(user: RoleUser) -> list[SubjectRecord]:
    return [
        SubjectRecord(
            title=str(_("Evaluator pool")),
            fields=[
                (_("Name"), e.name),
                (_("Affiliation"), e.affiliation),
                (_("Region code"), e.region_code),
                (_("Keywords"), ", ".join(e.expertise_keywords)),
                (_("Active"), e.active),
            ],
            accesses=list(accesses_about(kind=SubjectKind.EVALUATOR, subject_id=e.pk)),
        )
        for e in Evaluator.objects.filter(user_id=user.pk)
    ]


def register() -> None:
    register_retention(
        RetentionKind(
            kind="evaluator",
            label=_("Evaluators no longer in the pool"),
            purpose_end=_("the evaluator was made inactive"),
            default_months=60,
            legal_basis=_(
                "지방자치단체 보조금 관리에 관한 법률: selection records are kept 5 years"
            ),
            expired=_inactive_before,
            anonymise=evaluator_anonymise,
        )
    )
    register_subject_data(SubjectSection("evaluator", 30, _("Evaluator"), _my_evaluator_records))
