"""Reads for selection: a programme's aggregation settings as the engine's config, bonuses
and tracks, a committee's ranking, and an applicant's published results."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jiwon.applications.models import Application
from jiwon.core.models import RoleUser
from jiwon.core.support import SupportKind
from jiwon.programs.models import Category, Program
from jiwon.reviews.engine import aggregation as engine
from jiwon.reviews.models import (
    AggregationConfig,
    ApplicationAdjustment,
    Assignment,
    Committee,
    CommitteeStage,
    RubricCriterion,
    RunStatus,
    SelectionResult,
    SelectionRun,
    TrackSource,
)
from jiwon.reviews.selectors.assignment import STAGE_STATUSES, not_passed_on

STAGE_ORDER = [CommitteeStage.DOCUMENT, CommitteeStage.PRESENTATION]
# The ledger's kind of support for a selection, by programme category (config may override).
KIND_BY_CATEGORY: dict[str, str] = {
    Category.STARTUP: SupportKind.GRANT,
    Category.TECHNOLOGY: SupportKind.GRANT,
    Category.MARKETING: SupportKind.MARKETING,
    Category.EXPORT: SupportKind.EXPORT,
    Category.FINANCE: SupportKind.GRANT,
    Category.WORKFORCE: SupportKind.GRANT,
    Category.SPACE: SupportKind.TENANCY,
    Category.EDUCATION: SupportKind.EDUCATION,
}


def aggregation_config_of(program: Program) -> AggregationConfig:
    """The programme's settings, or the defaults (unsaved) when staff have not set any."""
    try:
        return AggregationConfig.objects.get(program=program)
    except AggregationConfig.DoesNotExist:
        return AggregationConfig(program=program)


def support_kind_of(config: AggregationConfig) -> str:
    if config.support_kind:
        return config.support_kind
    return KIND_BY_CATEGORY.get(config.program.category, SupportKind.OTHER)


def is_final_stage(committee: Committee) -> bool:
    """A committee decides selection unless the programme has a committee of a later stage."""
    later = STAGE_ORDER[STAGE_ORDER.index(CommitteeStage(committee.stage)) + 1 :]
    return not Committee.objects.filter(program_id=committee.program_id, stage__in=later).exists()


def rubric_criteria(program: Program, stage: str) -> list[RubricCriterion]:
    return list(
        RubricCriterion.objects.filter(rubric__program=program, rubric__stage=stage).order_by(
            "order", "id"
        )
    )


def programme_criterion_codes(program: Program) -> set[str]:
    return set(
        RubricCriterion.objects.filter(rubric__program=program).values_list("code", flat=True)
    )


def engine_config(
    config: AggregationConfig,
    criteria: list[RubricCriterion],
    committee: Committee,
    *,
    is_final: bool,
) -> engine.AggregationConfig:
    """The engine's config for one committee. Track quotas and the programme's quota apply to
    the final stage; an earlier stage passes on `shortlist_size` applicants (all when empty)."""
    program = config.program
    if is_final:
        track_quotas = {t["code"]: int(t["quota"]) for t in config.tracks}
        overall = program.quota or None
    else:
        track_quotas, overall = {}, config.shortlist_size
    return engine.AggregationConfig(
        criteria=tuple(
            engine.Criterion(
                key=c.code, maximum=c.max_score, weight=c.weight, label=c.name_ko or c.code
            )
            for c in criteria
        ),
        trim_from=committee.min_for_trimmed,
        bonus_cap=config.bonus_cap,
        qualifying_minimum=config.qualifying_minimum,
        minimum_on=config.minimum_on,
        places=config.places,
        rounding=config.rounding,
        tie_breaks=tuple(config.tie_breaks),
        track_quotas=track_quotas,
        overall_quota=overall,
    )


def track_of(
    application: Application,
    config: AggregationConfig,
    adjustment: ApplicationAdjustment | None = None,
) -> str:
    """Staff's choice when they made one, else what the settings read from the application."""
    if adjustment is not None and adjustment.track:
        return adjustment.track
    if config.track_source == TrackSource.REGION:
        return application.company.region.code
    if config.track_source == TrackSource.ANSWER:
        value = (application.answers or {}).get(config.track_answer_key, "")
        return str(value).strip() if value is not None else ""
    return ""


def adjustments_by_application(application_ids: Iterable[int]) -> dict[int, ApplicationAdjustment]:
    return {
        a.application_id: a
        for a in ApplicationAdjustment.objects.filter(application_id__in=list(application_ids))
    }


def track_labels(config: AggregationConfig) -> dict[str, str]:
    return {t["code"]: t.get("label") or t["code"] for t in config.tracks}


def stage_assignments(committee: Committee) -> list[Assignment]:
    """The committee's assignments to applications still in its stage, with their cards."""
    return list(
        Assignment.objects.filter(committee=committee, application__status__in=STAGE_STATUSES)
        .exclude(application_id__in=not_passed_on(committee))
        .select_related("application", "application__company", "evaluator", "scorecard")
        .order_by("application__receipt_sequence", "application_id", "evaluator_id")
    )


def stage_applications(program: Program) -> QuerySet[Application]:
    """The applications the programme's committees rank: passed screening, not decided."""
    return (
        Application.objects.filter(program=program, status__in=STAGE_STATUSES)
        .exclude(pk__in=not_passed_on())
        .select_related("company", "company__region")
        .order_by("receipt_sequence", "id")
    )


@dataclass
class AdjustmentRow:
    application: Application
    adjustment: ApplicationAdjustment | None
    track: str


def adjustment_rows(program: Program, config: AggregationConfig) -> list[AdjustmentRow]:
    """Each application of the stage with staff's bonus and the label of its track."""
    applications = list(stage_applications(program))
    found = adjustments_by_application(a.pk for a in applications)
    labels = track_labels(config)
    rows = []
    for application in applications:
        adjustment = found.get(application.pk)
        track = track_of(application, config, adjustment)
        rows.append(AdjustmentRow(application, adjustment, labels.get(track, track)))
    return rows


def pseudonym_order(application_id: int, scorecard_id: int) -> str:
    """Sorts an application's scorecards into the order shown to the applicant (평가위원 1,
    2, ...): stable, but keyed with the site's secret so that neither the evaluator's name nor
    the order of assignment shows through, and different from one application to the next."""
    message = f"{application_id}:{scorecard_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def shown(value: Decimal | None, places: int) -> str:
    if value is None:
        return "—"
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places)))


# Rankings -----------------------------------------------------------------------------------


def run_of(committee: Committee) -> SelectionRun | None:
    return (
        SelectionRun.objects.select_related("confirmed_by", "published_by", "computed_by")
        .filter(committee=committee)
        .first()
    )


def ranking(run: SelectionRun) -> QuerySet[SelectionResult]:
    return (
        SelectionResult.objects.filter(run=run)
        .select_related("application", "application__company")
        .order_by("rank", "-qualified", "-total", "application__receipt_sequence", "id")
    )


@dataclass
class Counts:
    ranked: int
    selected: int
    awaiting: int
    total: int


def run_counts(run: SelectionRun) -> Counts:
    results = list(run.results.all())
    return Counts(
        ranked=sum(r.qualified for r in results),
        selected=sum(r.selected for r in results),
        awaiting=sum(r.awaits_staff for r in results),
        total=len(results),
    )


def programme_committees(program: Program) -> list[Committee]:
    """The programme's committees in the order of their stages."""
    committees = list(Committee.objects.filter(program=program))
    committees.sort(key=lambda c: STAGE_ORDER.index(CommitteeStage(c.stage)))
    return committees


@dataclass
class StageRanking:
    committee: Committee
    run: SelectionRun | None


def stage_rankings(program: Program) -> list[StageRanking]:
    """Each committee of the programme, by stage, with its ranking (None: not computed)."""
    runs = {r.committee_id: r for r in SelectionRun.objects.filter(program=program)}
    return [StageRanking(c, runs.get(c.pk)) for c in programme_committees(program)]


def programmes_in_evaluation() -> QuerySet[Program]:
    return (
        Program.objects.filter(committees__isnull=False)
        .distinct()
        .select_related("agency")
        .order_by("-fiscal_year", "-closes_at", "id")
    )


# What applicants see -------------------------------------------------------------------------


def published_results(application: Application) -> list[SelectionResult]:
    """The application's results in published rankings, earliest stage first."""
    results = list(
        SelectionResult.objects.filter(application=application, run__status=RunStatus.PUBLISHED)
        .select_related("run", "run__committee")
        .prefetch_related("appeal")
    )
    results.sort(key=lambda r: STAGE_ORDER.index(CommitteeStage(r.run.committee.stage)))
    return results


def applicant_results(user: RoleUser) -> list[SelectionResult]:
    """Published results of the applications of `user`'s companies, newest first."""
    return list(
        SelectionResult.objects.filter(
            application__company__memberships__user__pk=user.pk,
            run__status=RunStatus.PUBLISHED,
        )
        .select_related("run", "run__committee", "application", "application__program")
        .order_by("-run__published_at", "id")
    )


@dataclass
class SheetRow:
    label: str
    total: str
    kept: bool
    comment: str


def anonymised_sheets(result: SelectionResult, places: int) -> list[SheetRow]:
    """The evaluators' totals and comments as the applicant sees them: 평가위원 1, 2, ... in
    the stored pseudonymous order; nothing that identifies an evaluator."""
    return [
        SheetRow(
            label=_("Evaluator %(number)s") % {"number": sheet["n"]},
            total=shown(Decimal(sheet["total"]), places),
            kept=sheet["kept"],
            comment=sheet.get("comment", ""),
        )
        for sheet in sorted(result.sheets, key=lambda s: s["n"])
    ]


@dataclass
class CriterionRow:
    code: str
    label: str
    maximum: str
    mean: str


def criterion_rows(result: SelectionResult) -> list[CriterionRow]:
    places = result.run.config.get("places", 2)
    return [
        CriterionRow(
            code=c["key"],
            label=c.get("label") or c["key"],
            maximum=shown(Decimal(c["maximum"]), places),
            mean=shown(
                Decimal(result.criterion_means[c["key"]])
                if c["key"] in result.criterion_means
                else None,
                places,
            ),
        )
        for c in result.run.config.get("criteria", [])
    ]


def ranked_count(run: SelectionRun) -> int:
    return run.results.filter(qualified=True).count()
