"""Reports (중간보고 / 최종보고) on the programme's schedule.

Staff set the schedule as data (`requirement_save`); an agreement gets its reports with their
due days when it is countersigned (`report_obligations_sync`), and again when its project
period changes (`agreement_period_change`): a report not yet submitted moves to the new due
day, one submitted, returned or accepted keeps its day and its content. The company writes a
report (`report_save`, a draft, autosaved by the page), submits it (`report_submit`, complete:
every required field, figure and attachment), staff accept it or return it with a reason, and
the company resubmits it. Money waits for reports: a tranche the schedule ties to a report is
paid only once that report is accepted (`tranche_pay`), and the settlement starts only with the
final report accepted (accepting it starts the settlement). The scheduled job
`grants.report_reminders_send` tells the company once before the due day and once when overdue.
"""

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.companies.notifications import notify_company
from jiwon.core.actor import Actor, actor_user
from jiwon.core.permissions import has_perm
from jiwon.core.uploads import UploadPolicy, inspect_upload
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.grants.models import (
    Agreement,
    GrantReport,
    GrantTerms,
    ReportFile,
    ReportKind,
    ReportRequirement,
)
from jiwon.grants.schedule import DueRule
from jiwon.grants.selectors import final_reports_pending
from jiwon.grants.services.common import locked
from jiwon.grants.workflow import OWED
from jiwon.grants.workflow import AgreementStatus as A
from jiwon.grants.workflow import ReportStatus as R

SEOUL = ZoneInfo("Asia/Seoul")
REPORT_POLICY = UploadPolicy(
    extensions=("pdf", "jpg", "jpeg", "png", "hwp", "hwpx", "xlsx", "docx", "pptx", "zip"),
    max_mb=20,
)
MAX_FILES = 20
MAX_TEXT = 4000
MAX_FIGURE = 10**12
MAX_REMIND_DAYS = 60
MAX_REASON = 2000
# The agreements whose reports are written and reminded of.
WRITING = (A.ACTIVE, A.SUSPENDED, A.SETTLEMENT)
PERIOD_CHANGEABLE = (A.ACCEPTED, A.ACTIVE, A.SUSPENDED)


def _need(actor: Actor, capability: str, obj: Any = None) -> None:
    if not has_perm(actor, capability, obj):
        raise PermissionDenied(capability)


@transaction.atomic
def requirement_save(
    *,
    actor: Actor,
    terms: GrantTerms,
    kind: str,
    title_ko: str,
    title_en: str = "",
    rule: DueRule,
    remind_days_before: int = 7,
    releases_tranche: int | None = None,
    narrative: list[dict[str, Any]],
    figures: list[dict[str, Any]],
    attachments: list[dict[str, Any]],
    requirement: ReportRequirement | None = None,
) -> ReportRequirement:
    """Add a report to a programme's schedule, or change one. Agreements signed from now on
    follow it; reports already generated keep what they were generated with."""
    _need(actor, "grants.review_reports")
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose interim or final.")})
    title_ko, title_en = " ".join(title_ko.split()), " ".join(title_en.split())
    if not title_ko or len(title_ko) > 100 or len(title_en) > 100:
        raise ValidationError({"title_ko": _("Give the report a name of at most 100 characters.")})
    rule.check()
    if not 0 <= remind_days_before <= MAX_REMIND_DAYS:
        raise ValidationError(
            {"remind_days_before": _("Remind 0 to %(n)d days before.") % {"n": MAX_REMIND_DAYS}}
        )
    plan = terms.tranche_plan or []
    if releases_tranche is not None and not 1 <= releases_tranche <= max(len(plan), 1):
        raise ValidationError(
            {
                "releases_tranche": _("The programme pays %(n)d tranches: choose one of them.")
                % {"n": len(plan)}
            }
        )
    if not (narrative or figures or attachments):
        raise ValidationError(_("Say what the report holds: narrative fields, figures or files."))
    target = requirement or ReportRequirement(
        terms=terms, position=terms.report_requirements.count() + 1
    )
    before = {"title_ko": target.title_ko, "kind": target.kind} if target.pk else None
    target.kind, target.title_ko, target.title_en = kind, title_ko, title_en
    target.months_after_start = rule.months_after_start
    target.due_on = rule.due_on
    target.days_after_end = rule.days_after_end
    target.remind_days_before = remind_days_before
    target.releases_tranche = releases_tranche
    target.narrative, target.figures, target.attachments = narrative, figures, attachments
    target.save()
    audit_record(
        actor=actor,
        action="grants.requirement_save",
        obj=terms,
        changes={"requirement": [before, {"title_ko": title_ko, "kind": kind}]},
    )
    return target


@transaction.atomic
def requirement_delete(*, actor: Actor, requirement: ReportRequirement) -> None:
    """Take a report off the schedule (reports already generated stay)."""
    _need(actor, "grants.review_reports")
    audit_record(
        actor=actor,
        action="grants.requirement_delete",
        obj=requirement.terms,
        changes={"requirement": [requirement.title_ko, None]},
    )
    requirement.delete()


def _rule_of(requirement: ReportRequirement) -> DueRule:
    return DueRule(
        months_after_start=requirement.months_after_start,
        due_on=requirement.due_on,
        days_after_end=requirement.days_after_end,
    )


def _spec_of(requirement: ReportRequirement) -> dict[str, list[dict[str, Any]]]:
    return {
        "narrative": list(requirement.narrative),
        "figures": list(requirement.figures),
        "attachments": list(requirement.attachments),
    }


@transaction.atomic
def report_obligations_sync(*, actor: Actor, agreement: Agreement) -> list[GrantReport]:
    """The agreement's reports as its programme's schedule and its period say: new ones are
    generated, those not yet submitted move to their due day, the rest stay as they are."""
    _need(actor, "grants.manage", agreement)
    terms = GrantTerms.objects.filter(program_id=agreement.program_id).first()
    requirements = list(terms.report_requirements.all()) if terms else []
    existing = {r.requirement_id: r for r in agreement.reports.all()}
    moved: dict[str, list[str | None]] = {}
    for requirement in requirements:
        due = _rule_of(requirement).due(agreement.starts_on, agreement.ends_on)
        report = existing.get(requirement.pk)
        if report is None:
            report = workflow_initial(
                GrantReport(
                    agreement=agreement,
                    requirement=requirement,
                    kind=requirement.kind,
                    title_ko=requirement.title_ko,
                    title_en=requirement.title_en,
                    due_on=due,
                    remind_days_before=requirement.remind_days_before,
                    releases_tranche=requirement.releases_tranche,
                    spec=_spec_of(requirement),
                )
            )
            report.save()
            workflow_record_created(actor=actor, obj=report)
            moved[requirement.title_ko] = [None, due.isoformat()]
        elif report.status == R.DUE and report.due_on != due:
            moved[requirement.title_ko] = [report.due_on.isoformat(), due.isoformat()]
            report.due_on = due
            # A new due day gets its own reminders.
            report.reminded_before_at = report.reminded_overdue_at = None
            report.save(update_fields=["due_on", "reminded_before_at", "reminded_overdue_at"])
    if moved:
        audit_record(
            actor=actor,
            action="grants.report_obligations_sync",
            obj=agreement,
            changes={"reports": [None, moved]},
        )
    return list(agreement.reports.all())


@transaction.atomic
def agreement_period_change(
    *, actor: Actor, agreement: Agreement, starts_on: date, ends_on: date, reason: str
) -> Agreement:
    """Change a signed agreement's project period (with the reason); its reports follow."""
    _need(actor, "grants.manage", agreement)
    agreement = locked(agreement)
    if agreement.status not in PERIOD_CHANGEABLE:
        raise ValidationError(_("Only the period of a signed agreement under way is changed."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the period changes.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The project ends on or after the day it starts.")})
    outside = agreement.expenses.exclude(status="rejected").exclude(
        spent_on__gte=starts_on, spent_on__lte=ends_on
    )
    if outside.exists():
        raise ValidationError(
            _("%(n)d recorded expenses fall outside the new period.") % {"n": outside.count()}
        )
    before = [agreement.starts_on.isoformat(), agreement.ends_on.isoformat()]
    agreement.starts_on, agreement.ends_on = starts_on, ends_on
    agreement.save(update_fields=["starts_on", "ends_on", "updated_at"])
    audit_record(
        actor=actor,
        action="grants.agreement_period_change",
        obj=agreement,
        changes={
            "period": [before, [starts_on.isoformat(), ends_on.isoformat()]],
            "reason": [None, reason],
        },
    )
    report_obligations_sync(actor=actor, agreement=agreement)
    return agreement


def _locked_report(report: GrantReport) -> GrantReport:
    return (
        GrantReport.objects.select_for_update()
        .select_related("agreement__company", "agreement__program")
        .get(pk=report.pk)
    )


def _text(value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).replace("\r\n", "\n").strip()
    return text


def _keys(report: GrantReport, part: str) -> dict[str, dict[str, Any]]:
    return {item["key"]: item for item in report.spec.get(part, [])}


@transaction.atomic
def report_save(
    *,
    actor: Actor,
    report: GrantReport,
    narrative: Mapping[str, Any] | None = None,
    figures: Mapping[str, Any] | None = None,
    uploads: Mapping[str, Iterable[UploadedFile[bytes]]] | None = None,
) -> GrantReport:
    """Keep the company's draft: the fields given replace theirs (an empty one clears it),
    uploads are inspected and kept in their slot. Only a report still owed is written."""
    _need(actor, "grants.act", report.agreement)
    report = _locked_report(report)
    if report.status not in OWED:
        raise ValidationError(_("A submitted report is not changed: wait for its review."))
    if report.agreement.status not in WRITING:
        raise ValidationError(_("Reports are written while the agreement is under way."))
    errors: dict[str, list[str]] = {}
    texts, numbers, slots = (
        _keys(report, "narrative"),
        _keys(report, "figures"),
        _keys(report, "attachments"),
    )
    new_narrative = dict(report.narrative)
    for key, value in (narrative or {}).items():
        if key not in texts:
            errors.setdefault(key, []).append(_("This report has no such field."))
            continue
        text = _text(value)
        if len(text) > MAX_TEXT:
            errors.setdefault(key, []).append(
                _("%(field)s: at most %(n)s characters (%(m)s given).")
                % {"field": texts[key]["ko"], "n": f"{MAX_TEXT:,}", "m": f"{len(text):,}"}
            )
        new_narrative[key] = text
    new_figures = dict(report.figures)
    for key, value in (figures or {}).items():
        if key not in numbers:
            errors.setdefault(key, []).append(_("This report has no such figure."))
            continue
        if value is None or value == "":
            new_figures[key] = None
        elif isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_FIGURE:
            errors.setdefault(key, []).append(
                _("%(field)s: a whole number up to 1조 either way.") % {"field": numbers[key]["ko"]}
            )
        else:
            new_figures[key] = value
    files = {slot: list(batch) for slot, batch in (uploads or {}).items() if batch}
    unknown = set(files) - set(slots)
    for slot in unknown:
        errors.setdefault(slot, []).append(_("This report has no such attachment."))
    if report.files.count() + sum(len(b) for b in files.values()) > MAX_FILES:
        errors.setdefault("files", []).append(
            _("A report holds at most %(n)d files.") % {"n": MAX_FILES}
        )
    if errors:
        raise ValidationError(errors)
    inspected = {
        slot: [inspect_upload(u, REPORT_POLICY) for u in batch] for slot, batch in files.items()
    }
    kept = []
    for slot, batch in files.items():
        for upload, info in zip(batch, inspected[slot], strict=True):
            stored = ReportFile(
                report=report,
                slot=slot,
                name=info.name,
                size=info.size,
                sha256=info.sha256,
                uploaded_by=actor_user(actor),
                uploaded_at=timezone.now(),
            )
            stored.file.save(info.name, upload, save=False)
            stored.save()
            kept.append(stored.sha256)
    changed = sorted(
        [k for k in new_narrative if new_narrative[k] != report.narrative.get(k)]
        + [k for k in new_figures if new_figures[k] != report.figures.get(k)]
    )
    report.narrative, report.figures, report.saved_at = new_narrative, new_figures, timezone.now()
    report.save(update_fields=["narrative", "figures", "saved_at"])
    if changed or kept:
        audit_record(
            actor=actor,
            action="grants.report_save",
            obj=report,
            changes={"fields": [None, changed], "files": [None, kept]},
        )
    return report


@transaction.atomic
def report_file_remove(*, actor: Actor, report_file: ReportFile) -> None:
    """Take an attachment off a report still owed (a wrong file, before submitting)."""
    report = _locked_report(report_file.report)
    _need(actor, "grants.act", report.agreement)
    if report.status not in OWED:
        raise ValidationError(_("A submitted report is not changed: wait for its review."))
    audit_record(
        actor=actor,
        action="grants.report_file_remove",
        obj=report,
        changes={"file": [report_file.sha256, None]},
    )
    report_file.file.delete(save=False)
    report_file.delete()


def missing_parts(report: GrantReport) -> list[str]:
    """The names of what a submission still lacks (required fields, figures, attachments)."""
    lacking = [
        item["ko"]
        for item in report.spec.get("narrative", [])
        if item.get("required") and not report.narrative.get(item["key"])
    ]
    lacking += [
        item["ko"]
        for item in report.spec.get("figures", [])
        if item.get("required") and report.figures.get(item["key"]) is None
    ]
    filled = set(report.files.values_list("slot", flat=True))
    lacking += [
        item["ko"]
        for item in report.spec.get("attachments", [])
        if item.get("required") and item["key"] not in filled
    ]
    return lacking


def report_submit(*, actor: Actor, report: GrantReport) -> GrantReport:
    """Submit (or resubmit, after a return) a complete report for review."""
    now = timezone.now()

    def guard(obj: GrantReport) -> dict[str, object]:
        if obj.agreement.status not in WRITING:
            raise ValidationError(_("Reports are written while the agreement is under way."))
        lacking = missing_parts(obj)
        if lacking:
            raise ValidationError(
                _("Fill in before submitting: %(parts)s.") % {"parts": ", ".join(lacking)}
            )
        return {"submitted_at": now, "first_submitted_at": obj.first_submitted_at or now}

    return workflow_move(
        actor=actor, obj=report, to=R.SUBMITTED, action="grants.report_submit", guard=guard
    )


@transaction.atomic
def report_accept(*, actor: Actor, report: GrantReport, comment: str = "") -> GrantReport:
    """Accept a submitted report. Accepting the last final report starts the settlement."""
    accepted = workflow_move(
        actor=actor,
        obj=report,
        to=R.ACCEPTED,
        action="grants.report_accept",
        comment=comment,
        updates={"accepted_at": timezone.now()},
    )
    agreement = accepted.agreement
    if (
        accepted.kind == ReportKind.FINAL
        and agreement.status == A.ACTIVE
        and not final_reports_pending(agreement)
    ):
        agreement_final_report(
            actor=actor, agreement=agreement, reported_at=accepted.first_submitted_at
        )
    notify_company(
        company=agreement.company,
        template="grants/email/report_accepted",
        context={"report": accepted, "agreement": agreement},
    )
    return accepted


@transaction.atomic
def report_return(*, actor: Actor, report: GrantReport, reason: str) -> GrantReport:
    """Send a submitted report back for changes, with the reason the company reads."""
    if len(reason.strip()) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Say it in at most %(n)s characters.") % {"n": f"{MAX_REASON:,}"}}
        )
    returned = workflow_move(
        actor=actor, obj=report, to=R.RETURNED, action="grants.report_return", comment=reason
    )
    notify_company(
        company=returned.agreement.company,
        template="grants/email/report_returned",
        context={"report": returned, "agreement": returned.agreement, "reason": reason.strip()},
    )
    return returned


def agreement_final_report(
    *,
    actor: Actor,
    agreement: Agreement,
    comment: str = "",
    reported_at: datetime | None = None,
) -> Agreement:
    """The final report is in: the settlement starts. Where the programme's schedule asks for
    a final report, only once it is accepted (accepting it calls this)."""

    def guard(obj: Agreement) -> dict[str, object]:
        pending = final_reports_pending(obj)
        if pending:
            raise ValidationError(
                _("The settlement starts once “%(report)s” is accepted; it is “%(state)s” now.")
                % {"report": pending[0].title, "state": pending[0].status_label}
            )
        return {"final_report_at": reported_at or timezone.now()}

    return workflow_move(
        actor=actor,
        obj=agreement,
        to=A.SETTLEMENT,
        action="grants.agreement_final_report",
        comment=comment,
        guard=guard,
    )


def _claim(report: GrantReport, field: str, now: datetime) -> bool:
    """Mark the reminder sent, once: False when another run already did."""
    return bool(
        GrantReport.objects.filter(pk=report.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
    )


def report_reminders_send(now: datetime) -> int:
    """The scheduled job: the company is reminded once within the requirement's days before a
    report's due day, and once the day after it if the report is still owed (Asia/Seoul)."""
    today = now.astimezone(SEOUL).date()
    live = GrantReport.objects.filter(agreement__status__in=WRITING).select_related(
        "agreement__company"
    )
    sent = 0
    coming = live.filter(status=R.DUE, reminded_before_at__isnull=True, due_on__gte=today)
    for report in coming.filter(due_on__lte=today + timedelta(days=MAX_REMIND_DAYS)):
        if report.due_on - timedelta(days=report.remind_days_before) > today:
            continue
        if _claim(report, "reminded_before_at", now):
            notify_company(
                company=report.agreement.company,
                template="grants/email/report_due",
                context={"report": report, "agreement": report.agreement},
            )
            sent += 1
    late = live.filter(status__in=OWED, reminded_overdue_at__isnull=True, due_on__lt=today)
    for report in late:
        if _claim(report, "reminded_overdue_at", now):
            notify_company(
                company=report.agreement.company,
                template="grants/email/report_overdue",
                context={"report": report, "agreement": report.agreement},
            )
            sent += 1
    return sent
