"""Reads for appeals (이의신청): the appeal period of a published ranking, why an appeal is not
taken at a given moment, and the appeals staff decide."""

from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.programs.models import Program
from jiwon.reviews.models import AggregationConfig, Appeal, RunStatus, SelectionResult, SelectionRun
from jiwon.reviews.selectors.selection import aggregation_config_of


def kst(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def appeal_deadline(run: SelectionRun, config: AggregationConfig) -> datetime | None:
    """The first moment an appeal is refused: midnight (KST) after the `appeal_days`-th day
    following the day of publication. Published on 3 March with 7 days: appeals are taken
    until 10 March 23:59:59 KST. None before publication."""
    if run.published_at is None:
        return None
    published_on = timezone.localdate(run.published_at)
    last_day = published_on + timedelta(days=config.appeal_days)
    return timezone.make_aware(
        datetime.combine(last_day + timedelta(days=1), time.min), timezone.get_default_timezone()
    )


def appeal_window_problem(result: SelectionResult, now: datetime) -> str:
    """Why an appeal against `result` is not taken at `now`; empty when it is."""
    run = result.run
    deadline = appeal_deadline(run, aggregation_config_of(run.program))
    if run.status != RunStatus.PUBLISHED or deadline is None:
        return _("The results have not been published yet.")
    if now >= deadline:
        return _("The appeal period has ended: appeals were taken until %(until)s KST.") % {
            "until": kst(deadline - timedelta(seconds=1))
        }
    return ""


def program_appeals(program: Program) -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(application__program=program)
        .select_related("application", "application__company", "result", "result__run")
        .order_by("-lodged_at", "-id")
    )
