"""From submitted scorecards to published selection: the programme's aggregation settings,
bonuses (가점) and tracks, computing a committee's ranking with the engine, staff decisions on
ties at the cutoff, confirmation (the ranking is frozen; staff see it, applicants do not) and
publication (applications become selected / not selected through the applications workflow,
results shown to applicants, growth-ladder promotion and a support-ledger row per selected
company). Nothing of a decision reaches an applicant before publication.

Every function is keyword-only, atomic and audited; staff functions require reviews.manage.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.applications.models import Application
from jiwon.applications.services.applications import application_transition
from jiwon.applications.workflow import ApplicationStatus
from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.companies.models import Company, GrowthStage
from jiwon.companies.services import company_set_growth_stage
from jiwon.core.actor import Actor
from jiwon.programs.models import Program
from jiwon.reviews.engine import aggregation as engine
from jiwon.reviews.models import (
    AggregationConfig,
    ApplicationAdjustment,
    Assignment,
    Committee,
    RunStatus,
    Score,
    ScorecardStatus,
    SelectionResult,
    SelectionRun,
    TrackSource,
)
from jiwon.reviews.selectors.assignment import in_stage
from jiwon.reviews.selectors.selection import (
    adjustments_by_application,
    aggregation_config_of,
    engine_config,
    is_final_stage,
    programme_criterion_codes,
    pseudonym_order,
    rubric_criteria,
    stage_assignments,
    support_kind_of,
    track_of,
)
from jiwon.reviews.services import account_of, require_closed, require_perm
from jiwon.reviews.signals import Publication, results_published

S = ApplicationStatus
LISTED = 10

CONFIG_FIELDS = [
    "bonus_cap",
    "qualifying_minimum",
    "minimum_on",
    "places",
    "rounding",
    "tie_breaks",
    "track_source",
    "track_answer_key",
    "tracks",
    "shortlist_size",
    "appeal_days",
    "grant_per_company_won",
    "support_kind",
]


def _named(items: list[str]) -> str:
    """Up to ten names, then how many more, for messages staff act on."""
    shown = ", ".join(items[:LISTED])
    if len(items) > LISTED:
        shown += " " + _("and %(count)s more") % {"count": len(items) - LISTED}
    return shown


def _label(application: Application) -> str:
    return application.receipt_number or f"#{application.pk}"


# Settings ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AggregationInput:
    bonus_cap: Decimal = Decimal(5)
    qualifying_minimum: Decimal | None = None
    minimum_on: str = "base"
    places: int = 2
    rounding: str = "ROUND_HALF_UP"
    tie_breaks: tuple[str, ...] = ()
    track_source: str = ""
    track_answer_key: str = ""
    tracks: tuple[dict, ...] = ()
    shortlist_size: int | None = None
    appeal_days: int = 7
    grant_per_company_won: int | None = None
    support_kind: str = ""


def _config_errors(program: Program, data: AggregationInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    codes = programme_criterion_codes(program)
    for rule in data.tie_breaks:
        if rule.startswith(engine.CRITERION_PREFIX):
            code = rule.removeprefix(engine.CRITERION_PREFIX)
            if codes and code not in codes:
                error(
                    "tie_breaks",
                    _("“%(code)s” is not a criterion of this programme's rubrics (%(codes)s).")
                    % {"code": code, "codes": ", ".join(sorted(codes))},
                )
        elif rule not in (engine.BONUS, engine.SUBMITTED_AT):
            error(
                "tie_breaks",
                _("“%(rule)s” is not a tie-break: use criterion:<code>, bonus or submitted_at.")
                % {"rule": rule},
            )
    if len(set(data.tie_breaks)) != len(data.tie_breaks):
        error("tie_breaks", _("Each tie-break may be listed once."))
    track_codes = [t["code"] for t in data.tracks]
    if len(set(track_codes)) != len(track_codes):
        error("tracks", _("Each track code may be listed once."))
    if data.track_source == TrackSource.ANSWER and not data.track_answer_key.strip():
        error("track_answer_key", _("Name the form field that holds the track."))
    if data.tracks and not data.track_source:
        error("track_source", _("Say where each application's track comes from."))
    quota = program.quota
    if quota and data.tracks and sum(int(t["quota"]) for t in data.tracks) < quota:
        error(
            "tracks",
            _(
                "The track quotas add up to %(sum)s, fewer than the %(quota)s companies the "
                "programme selects."
            )
            % {"sum": sum(int(t["quota"]) for t in data.tracks), "quota": quota},
        )
    return errors


@transaction.atomic
def aggregation_config_save(
    *, actor: Actor, program: Program, data: AggregationInput
) -> AggregationConfig:
    """Save the programme's aggregation settings. Refused once a ranking of the programme is
    confirmed: the published rules are the ones the results were computed with."""
    require_perm(actor, "reviews.manage")
    if SelectionRun.objects.filter(program=program).exclude(status=RunStatus.DRAFT).exists():
        raise ValidationError(
            _("A ranking of this programme is confirmed; its rules can no longer change.")
        )
    errors = _config_errors(program, data)
    if errors:
        raise ValidationError(errors)
    config = aggregation_config_of(program)
    before = snapshot(config, CONFIG_FIELDS) if config.pk else {}
    for name in CONFIG_FIELDS:
        value = getattr(data, name)
        setattr(config, name, list(value) if isinstance(value, tuple) else value)
    config.track_answer_key = config.track_answer_key.strip()
    config.updated_by = account_of(actor)
    config.full_clean()
    config.save()
    changes = diff(before, snapshot(config, CONFIG_FIELDS))
    if changes:
        audit_record(
            actor=actor, action="reviews.aggregation_config_save", obj=config, changes=changes
        )
    return config


@transaction.atomic
def adjustment_save(
    *, actor: Actor, application: Application, bonus: Decimal, reason: str = "", track: str = ""
) -> ApplicationAdjustment:
    """Staff's bonus (가점, with its reason) and track for one application."""
    require_perm(actor, "reviews.manage")
    config = aggregation_config_of(application.program)
    reason, track = reason.strip(), track.strip()
    errors: dict[str, str] = {}
    if bonus < 0 or bonus > config.bonus_cap:
        errors["bonus"] = _("Enter a bonus from 0 to %(cap)s.") % {"cap": config.bonus_cap}
    elif bonus > 0 and not reason:
        errors["bonus_reason"] = _("Say why the application gets a bonus.")
    if track and config.tracks and track not in {t["code"] for t in config.tracks}:
        errors["track"] = _("Choose one of the programme's tracks.")
    if errors:
        raise ValidationError(errors)
    if (
        SelectionResult.objects.filter(application=application)
        .exclude(run__status=RunStatus.DRAFT)
        .exists()
    ):
        raise ValidationError(
            _("The ranking with this application is confirmed; its bonus can no longer change.")
        )
    adjustment, _created = ApplicationAdjustment.objects.select_for_update().get_or_create(
        application=application
    )
    fields = ["bonus", "bonus_reason", "track"]
    before = snapshot(adjustment, fields)
    adjustment.bonus, adjustment.bonus_reason, adjustment.track = bonus, reason, track
    adjustment.updated_by = account_of(actor)
    adjustment.save()
    changes = diff(before, snapshot(adjustment, fields))
    if changes:
        audit_record(
            actor=actor, action="reviews.adjustment_save", obj=application, changes=changes
        )
    return adjustment


# Computing a ranking -------------------------------------------------------------------------


def _readiness_errors(committee: Committee, assignments: list[Assignment]) -> list[str]:
    errors = []
    if not assignments:
        errors.append(_("No application of this stage has an evaluator assigned yet."))
        return errors
    pending = [
        f"{a.evaluator.name} → {_label(a.application)}"
        for a in assignments
        if getattr(a, "scorecard", None) is None or a.scorecard.status != ScorecardStatus.SUBMITTED
    ]
    if pending:
        errors.append(
            _(
                "%(count)s of %(total)s scorecards are not submitted yet; the ranking can be "
                "computed once every evaluator has submitted: %(names)s."
            )
            % {"count": len(pending), "total": len(assignments), "names": _named(pending)}
        )
    assigned = {a.application_id for a in assignments}
    unassigned = [
        _label(a)
        for a in in_stage(committee).exclude(pk__in=assigned).order_by("receipt_sequence", "id")
    ]
    if unassigned:
        errors.append(
            _("%(count)s applications of this stage have no evaluator: %(names)s.")
            % {"count": len(unassigned), "names": _named(unassigned)}
        )
    return errors


def _entries(
    committee: Committee, assignments: list[Assignment], config: AggregationConfig
) -> tuple[list[engine.Entry], dict[Hashable, tuple[Application, list[Assignment]]]]:
    scores: dict[int, dict[str, Decimal]] = {}
    for scorecard_id, code, value in Score.objects.filter(
        scorecard__assignment__committee=committee
    ).values_list("scorecard_id", "criterion__code", "value"):
        scores.setdefault(scorecard_id, {})[code] = value
    by_application: dict[int, list[Assignment]] = {}
    for a in assignments:
        by_application.setdefault(a.application_id, []).append(a)
    adjustments = adjustments_by_application(by_application)
    entries: list[engine.Entry] = []
    context: dict[Hashable, tuple[Application, list[Assignment]]] = {}
    for application_id, rows in by_application.items():
        application = rows[0].application
        adjustment = adjustments.get(application_id)
        key = _label(application)
        sheets = []
        for a in rows:
            evaluator = f"{a.evaluator.name} #{a.evaluator_id}"
            sheets.append(engine.Sheet(evaluator, scores.get(a.scorecard.pk, {})))
        entries.append(
            engine.Entry(
                key=key,
                sheets=tuple(sheets),
                bonus=adjustment.bonus if adjustment else Decimal(0),
                submitted_at=application.submitted_at,
                track=track_of(application, config, adjustment),
            )
        )
        context[key] = (application, rows)
    return entries, context


def _sheets(
    application: Application, rows: list[Assignment], outcome: engine.Outcome
) -> list[dict[str, object]]:
    """The evaluators' totals in pseudonymous order, with their comments."""
    totals = {t.evaluator: t for t in outcome.totals}
    ordered = sorted(rows, key=lambda a: pseudonym_order(application.pk, a.scorecard.pk))
    sheets = []
    for number, a in enumerate(ordered, start=1):
        total = totals[f"{a.evaluator.name} #{a.evaluator_id}"]
        sheets.append(
            {
                "n": number,
                "scorecard": a.scorecard.pk,
                "total": str(total.total),
                "kept": total.kept,
                "comment": a.scorecard.comment,
            }
        )
    return sheets


def _json_params(params: Mapping[str, object]) -> dict[str, object]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in params.items()}


@transaction.atomic
def selection_compute(
    *, actor: Actor, committee: Committee, now: datetime | None = None
) -> SelectionRun:
    """Rank the committee's applications from their submitted scorecards with the programme's
    rules and store the outcome as the committee's (draft) ranking, replacing an earlier
    draft. Refused, with what is missing, while a scorecard is unsubmitted or an application
    of the stage has no evaluator; refused once the ranking is confirmed."""
    require_perm(actor, "reviews.manage")
    committee = Committee.objects.select_for_update().select_related("program").get(pk=committee.pk)
    program = committee.program
    require_closed(program, now)
    run = SelectionRun.objects.filter(committee=committee).first()
    if run is not None and run.status != RunStatus.DRAFT:
        raise ValidationError(
            _("This ranking was confirmed on %(at)s; it can no longer be recomputed.")
            % {"at": timezone.localtime(run.confirmed_at).strftime("%Y-%m-%d %H:%M")}
        )
    criteria = rubric_criteria(program, committee.stage)
    if not criteria:
        raise ValidationError(
            _("The programme has no rubric for %(stage)s.")
            % {"stage": committee.get_stage_display()}
        )
    assignments = stage_assignments(committee)
    errors = _readiness_errors(committee, assignments)
    if errors:
        raise ValidationError(errors)
    config = aggregation_config_of(program)
    final = is_final_stage(committee)
    rules = engine_config(config, criteria, committee, is_final=final)
    entries, context = _entries(committee, assignments, config)
    outcomes = engine.aggregate(rules, entries)
    now = now or timezone.now()
    before = None
    if run is None:
        run = SelectionRun(program=program, committee=committee)
    else:
        before = run.results.count()
        run.results.all().delete()
    run.status = RunStatus.DRAFT
    run.is_final = final
    run.config = engine.config_to_json(rules)
    run.computed_at = now
    run.computed_by = account_of(actor)
    run.save()
    SelectionResult.objects.bulk_create(
        SelectionResult(
            run=run,
            application=context[o.key][0],
            track=o.track,
            base=o.base,
            bonus=o.bonus,
            total=o.score,
            qualified=o.qualified,
            rank=o.rank,
            selected=o.selected,
            reason=o.reason,
            reason_params=_json_params(o.reason_params),
            decided_by=o.decided_by,
            decided_by_params=_json_params(o.decided_by_params),
            criterion_means={k: str(v) for k, v in o.criterion_means.items()},
            sheets=_sheets(context[o.key][0], context[o.key][1], o),
        )
        for o in outcomes
    )
    audit_record(
        actor=actor,
        action="reviews.selection_compute",
        obj=run,
        changes={
            "results": [before, len(outcomes)],
            "selected": [None, sum(o.selected for o in outcomes)],
            "config": [None, run.config],
        },
    )
    return run


@transaction.atomic
def selection_resolve_tie(
    *, actor: Actor, result: SelectionResult, selected: bool, comment: str
) -> SelectionResult:
    """Staff's decision on an applicant tied at a quota's cutoff (the engine leaves it to
    them): select or not, with the reason. The quotas still hold."""
    require_perm(actor, "reviews.manage")
    result = SelectionResult.objects.select_for_update().select_related("run").get(pk=result.pk)
    run = result.run
    if run.status != RunStatus.DRAFT:
        raise ValidationError(_("The ranking is confirmed; its results can no longer change."))
    if result.reason != "tie_at_cutoff":
        raise ValidationError(_("Only applicants tied at the quota cutoff are decided by staff."))
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Give the reason for this decision.")})
    if selected and not result.selected:
        chosen = run.results.filter(selected=True)
        overall = run.config.get("overall_quota")
        if overall is not None and chosen.count() >= overall:
            raise ValidationError(
                _("All %(quota)s places are taken; first unselect another applicant.")
                % {"quota": overall}
            )
        quota = run.config.get("track_quotas", {}).get(result.track)
        if quota is not None and chosen.filter(track=result.track).count() >= quota:
            raise ValidationError(
                _("All %(quota)s places of the track “%(track)s” are taken.")
                % {"quota": quota, "track": result.track}
            )
    before = {"selected": result.selected, "staff_decision": result.staff_decision}
    result.selected = selected
    result.staff_decision = comment
    result.save(update_fields=["selected", "staff_decision"])
    audit_record(
        actor=actor,
        action="reviews.selection_resolve_tie",
        obj=result.application,
        changes=diff(before, {"selected": selected, "staff_decision": comment}),
    )
    return result


def _move(actor: Actor, application: Application, target: str, comment: str, now: datetime) -> None:
    if application.status == S.SCREENED_PASS:
        application = application_transition(
            actor=actor, application=application, target=S.UNDER_EVALUATION, now=now
        )
    if application.status != target:
        application_transition(
            actor=actor, application=application, target=target, comment=comment, now=now
        )


@transaction.atomic
def selection_confirm(
    *, actor: Actor, run: SelectionRun, now: datetime | None = None
) -> SelectionRun:
    """Make the ranking final: it can no longer be recomputed nor its ties decided again.
    The applications only move into evaluation: their status, history, pages and API are
    what the applicant reads, so the decision reaches them only at publication
    (`selection_publish`)."""
    require_perm(actor, "reviews.manage")
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.DRAFT:
        raise ValidationError(_("This ranking is already confirmed."))
    results = list(run.results.select_related("application").order_by("rank", "id"))
    waiting = [_label(r.application) for r in results if r.awaits_staff]
    if waiting:
        raise ValidationError(
            _("Decide first on the applicants tied at the quota cutoff: %(names)s.")
            % {"names": _named(waiting)}
        )
    now = now or timezone.now()
    # Into evaluation, which tells nothing of the decision; the decision waits for publication.
    for result in results:
        if result.application.status == S.SCREENED_PASS:
            application_transition(
                actor=actor, application=result.application, target=S.UNDER_EVALUATION, now=now
            )
    run.status = RunStatus.CONFIRMED
    run.confirmed_at = now
    run.confirmed_by = account_of(actor)
    run.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    audit_record(
        actor=actor,
        action="reviews.selection_confirm",
        obj=run,
        changes={
            "status": [RunStatus.DRAFT, RunStatus.CONFIRMED],
            "selected": [None, sum(r.selected for r in results)],
        },
    )
    return run


def _decide(actor: Actor, run: SelectionRun, now: datetime) -> None:
    """Record the ranking on the applications, at publication: in the final stage each
    becomes selected or not selected; in an earlier stage those not passed on become not
    selected and the others stay under evaluation for the next committee."""
    for result in run.results.select_related("application").order_by("rank", "id"):
        if result.selected:
            target = S.SELECTED if run.is_final else S.UNDER_EVALUATION
        else:
            target = S.NOT_SELECTED
        _move(actor, result.application, target, result.reason_text, now)


LADDER = list(GrowthStage.values)


def _promote(actor: Actor, company: Company, stage: str, on: date, program: Program) -> bool:
    """Move the company up to `stage`; never down, and not again when it is there already."""
    current = company.growth_stage
    if current and LADDER.index(current) >= LADDER.index(stage):
        return False
    company_set_growth_stage(
        actor=actor,
        company=company,
        stage=stage,
        effective_on=on,
        reason=_("Selected in %(programme)s") % {"programme": program},
    )
    return True


@transaction.atomic
def selection_publish(
    *, actor: Actor, run: SelectionRun, now: datetime | None = None
) -> SelectionRun:
    """Show the confirmed ranking to the applicants: only now do their applications move to
    selected / not selected (see `_decide`). For the final stage, each selected
    company is promoted to the programme's growth stage (dated the day of publication).
    `results_published` tells the apps above (the support ledger records the support each
    selected company gets), in this transaction: if any of it fails, nothing is published."""
    require_perm(actor, "reviews.manage")
    run = SelectionRun.objects.select_for_update().select_related("program").get(pk=run.pk)
    if run.status == RunStatus.DRAFT:
        raise ValidationError(_("Confirm the ranking before publishing it."))
    if run.status == RunStatus.PUBLISHED:
        raise ValidationError(
            _("These results were published on %(at)s.")
            % {"at": timezone.localtime(run.published_at).strftime("%Y-%m-%d %H:%M")}
        )
    program = run.program
    require_closed(program, now)
    now = now or timezone.now()
    on = timezone.localdate(now)
    _decide(actor, run, now)
    promoted = 0
    selected: list[SelectionResult] = []
    config = aggregation_config_of(program)
    if run.is_final:
        results = run.results.filter(selected=True).select_related("application__company")
        selected = list(results.order_by("rank", "id"))
        for result in selected:
            company = result.application.company
            if program.growth_stage and _promote(actor, company, program.growth_stage, on, program):
                promoted += 1
    publication = Publication(
        run=run,
        program=program,
        selected=tuple(selected),
        support_kind=support_kind_of(config),
        amount_won=config.grant_per_company_won,
        published_on=on,
    )
    responses = results_published.send(sender=SelectionRun, actor=actor, publication=publication)
    recorded = sum(int(count or 0) for _receiver, count in responses)
    run.status = RunStatus.PUBLISHED
    run.published_at = now
    run.published_by = account_of(actor)
    run.save(update_fields=["status", "published_at", "published_by"])
    audit_record(
        actor=actor,
        action="reviews.selection_publish",
        obj=run,
        changes={
            "status": [RunStatus.CONFIRMED, RunStatus.PUBLISHED],
            "promoted": [None, promoted],
            "ledger_rows": [None, recorded],
        },
    )
    return run
