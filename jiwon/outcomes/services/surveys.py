"""Writes for the yearly outcome surveys (성과조사).

Staff open a survey for a chosen set of companies, remind those that have not answered and
close it. A company member saves draft answers and submits them; on submission the figures are
written through the figure services with provenance "survey", so they count like any other
figure and stay traceable to the member who entered them.
"""

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from jiwon.audit.services import audit_record, diff
from jiwon.companies.models import Company, Membership
from jiwon.core.actor import Actor, actor_user
from jiwon.outcomes.models import Metric, Provenance, Survey, SurveyInvitation
from jiwon.outcomes.selectors.surveys import KST, deadline_passed
from jiwon.outcomes.services import figures

FIRST_SURVEY_YEAR = 2000


@dataclass(frozen=True)
class InvestmentEntry:
    occurred_on: date
    amount_won: int
    investor: str
    round: str


@dataclass(frozen=True)
class IpEntry:
    occurred_on: date
    kind: str
    number: str
    title: str = ""


@dataclass(frozen=True)
class AgreementEntry:
    occurred_on: date
    kind: str
    counterparty: str
    title: str = ""


@dataclass(frozen=True)
class AwardEntry:
    occurred_on: date
    name: str
    awarded_by: str = ""


@dataclass(frozen=True)
class RelocationEntry:
    occurred_on: date
    direction: str
    other_place: str
    other_region_code: str = ""


# answers key → (entry type, figure service writing one record of it, label in messages)
RECORD_KINDS = {
    "investments": (InvestmentEntry, "investment_add", _("Investment")),
    "ip": (IpEntry, "intellectual_property_add", _("Patent or certification")),
    "agreements": (AgreementEntry, "agreement_add", _("Agreement")),
    "awards": (AwardEntry, "award_add", _("Award")),
    "relocations": (RelocationEntry, "relocation_add", _("Relocation")),
}


@dataclass(frozen=True)
class SurveyAnswers:
    """What a company answers: the four yearly figures (None where left blank) and the dated
    records of the year."""

    figures: dict[str, int | None] = field(default_factory=dict)
    investments: tuple[InvestmentEntry, ...] = ()
    ip: tuple[IpEntry, ...] = ()
    agreements: tuple[AgreementEntry, ...] = ()
    awards: tuple[AwardEntry, ...] = ()
    relocations: tuple[RelocationEntry, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"figures": {m: self.figures.get(m) for m in Metric.values}}
        for key in RECORD_KINDS:
            data[key] = [
                {**asdict(e), "occurred_on": e.occurred_on.isoformat()} for e in getattr(self, key)
            ]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "SurveyAnswers":
        data = data or {}
        stored = data.get("figures") or {}
        records = {}
        for key, (entry_type, _service, _label) in RECORD_KINDS.items():
            names = {f.name for f in fields(entry_type)}
            records[key] = tuple(
                entry_type(
                    **{
                        **{k: v for k, v in item.items() if k in names},
                        "occurred_on": date.fromisoformat(item["occurred_on"]),
                    }
                )
                for item in data.get(key, [])
            )
        return cls(figures={m: stored.get(m) for m in Metric.values}, **records)


@dataclass(frozen=True)
class ReminderResult:
    companies: int  # companies that were sent a reminder
    emails: int  # addresses written to
    without_email: int  # companies not yet submitted that have no address to write to


def _today() -> date:
    return timezone.localtime(timezone.now(), KST).date()


@transaction.atomic
def survey_create(
    *,
    actor: Actor,
    title: str,
    year: int,
    closes_on: date,
    companies: QuerySet[Company],
    today: date | None = None,
) -> Survey:
    """Open a survey of `year`'s figures and invite every company of `companies`, all or none."""
    day = today or _today()
    errors: dict[str, Any] = {}
    if not title.strip():
        errors["title"] = _("Enter a title.")
    if not FIRST_SURVEY_YEAR <= year <= day.year:
        errors["year"] = _("Enter a year from %(first)s to %(last)s.") % {
            "first": FIRST_SURVEY_YEAR,
            "last": day.year,
        }
    if closes_on < day:
        errors["closes_on"] = _("The deadline cannot be in the past.")
    company_ids = sorted(set(companies.values_list("pk", flat=True)))
    if not company_ids:
        errors.setdefault(
            "__all__", _("No company matches this selection; change the filters and preview again.")
        )
    if errors:
        raise ValidationError(errors)
    survey = Survey.objects.create(
        title=title.strip(), year=year, closes_on=closes_on, created_by=actor_user(actor)
    )
    SurveyInvitation.objects.bulk_create(
        [SurveyInvitation(survey=survey, company_id=pk) for pk in company_ids], batch_size=1000
    )
    audit_record(
        actor=actor,
        action="outcomes.survey_create",
        obj=survey,
        changes={
            "title": [None, survey.title],
            "year": [None, year],
            "closes_on": [None, closes_on],
            "invited": [None, len(company_ids)],
            "companies": [None, company_ids],
        },
    )
    return survey


@transaction.atomic
def survey_close(*, actor: Actor, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("This survey is already closed."))
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="outcomes.survey_close",
        obj=survey,
        changes={"status": [Survey.Status.OPEN, Survey.Status.CLOSED]},
    )
    return survey


def _recipients(invitations: list[SurveyInvitation]) -> dict[int, list[str]]:
    """{company id: addresses}: the company's own address and its members' (active users),
    each once."""
    found: dict[int, list[str]] = {i.company_id: [] for i in invitations}
    for invitation in invitations:
        if invitation.company.email:
            found[invitation.company_id].append(invitation.company.email)
    members = Membership.objects.filter(company_id__in=found, user__is_active=True).values_list(
        "company_id", "user__email"
    )
    for company_id, email in members.order_by("company_id", "user_id"):
        if email:
            found[company_id].append(email)
    return {
        pk: list(dict.fromkeys(a.strip().lower() for a in addresses))
        for pk, addresses in found.items()
    }


@transaction.atomic
def survey_remind(
    *, actor: Actor, survey: Survey, portal_url: str, now: datetime | None = None
) -> ReminderResult:
    """Email every invited company that has not submitted yet. Sending happens inside the
    transaction: if the mail server refuses, no reminder is recorded as sent."""
    moment = now or timezone.now()
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("This survey is closed; reminders are no longer sent."))
    if deadline_passed(survey, now=moment):
        raise ValidationError(_("The deadline has passed; reminders are no longer sent."))
    # Locked so that two staff members pressing the button at once do not mail twice.
    pending = list(
        survey.invitations.select_for_update(of=("self",))
        .filter(submitted_at__isnull=True)
        .select_related("company")
        .order_by("pk")
    )
    addresses = _recipients(pending)
    messages, reminded = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for invitation in pending:
            to = addresses[invitation.company_id]
            if not to:
                continue
            context = {
                "survey": survey,
                "company": invitation.company,
                "portal_url": portal_url,
                "agency_name": settings.JIWON_AGENCY_NAME,
            }
            subject = _("[Jiwon] Reminder: %(title)s, due %(date)s") % {
                "title": survey.title,
                "date": survey.closes_on.isoformat(),
            }
            body = render_to_string("outcomes/survey_reminder_email.txt", context)
            messages.append(mail.EmailMessage(str(subject), body, to=to))
            reminded.append(invitation)
    if messages:
        mail.get_connection(fail_silently=False).send_messages(messages)
        SurveyInvitation.objects.filter(pk__in=[i.pk for i in reminded]).update(
            last_reminded_at=moment, reminders_sent=F("reminders_sent") + 1
        )
    result = ReminderResult(
        companies=len(reminded),
        emails=sum(len(m.to) for m in messages),
        without_email=len(pending) - len(reminded),
    )
    audit_record(
        actor=actor,
        action="outcomes.survey_remind",
        obj=survey,
        changes={
            "reminded": [None, result.companies],
            "emails": [None, result.emails],
            "companies": [None, [i.company_id for i in reminded]],
            "without_email": [None, result.without_email],
        },
    )
    return result


def _locked(invitation: SurveyInvitation) -> SurveyInvitation:
    return (
        SurveyInvitation.objects.select_for_update()
        .select_related("survey", "company")
        .get(pk=invitation.pk)
    )


def _ensure_accepting(invitation: SurveyInvitation, now: datetime) -> None:
    """The server-side gate: no answers once submitted, closed, or past the deadline."""
    survey = invitation.survey
    if invitation.submitted_at is not None:
        raise ValidationError(_("These answers were already submitted."), code="submitted")
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(
            _("This survey is closed; answers can no longer be changed."), code="closed"
        )
    if deadline_passed(survey, now=now):
        raise ValidationError(
            _(
                "The deadline (%(date)s, 23:59 Korean time) has passed; "
                "answers can no longer be sent."
            )
            % {"date": survey.closes_on.isoformat()},
            code="deadline",
        )


def _store(
    invitation: SurveyInvitation, answers: SurveyAnswers, now: datetime
) -> dict[str, list[Any]]:
    before = invitation.answers
    invitation.answers = answers.to_json()
    invitation.answers_saved_at = now
    return diff(
        {k: before.get(k) for k in invitation.answers},
        invitation.answers,
    )


@transaction.atomic
def survey_save_draft(
    *,
    actor: Actor,
    invitation: SurveyInvitation,
    answers: SurveyAnswers,
    now: datetime | None = None,
) -> SurveyInvitation:
    """Keep the answers entered so far, without publishing any figure."""
    moment = now or timezone.now()
    invitation = _locked(invitation)
    _ensure_accepting(invitation, moment)
    changes = _store(invitation, answers, moment)
    invitation.save(update_fields=["answers", "answers_saved_at"])
    audit_record(actor=actor, action="outcomes.survey_save_draft", obj=invitation, changes=changes)
    return invitation


_REQUIRED_MESSAGES = {
    Metric.EMPLOYEES: _("Enter the number of employees (0 if none)."),
    Metric.NEW_HIRES: _("Enter the number of new hires (0 if none)."),
    Metric.SALES_WON: _("Enter the sales in won (0 if none)."),
    Metric.EXPORTS_USD: _("Enter the exports in US dollars (0 if none)."),
}


def _complete_figures(answers: SurveyAnswers, year: int) -> dict[str, int]:
    """Every figure of a submission, once it is sure each is given and every record is dated in
    the survey's `year`."""
    figures: dict[str, int] = {}
    errors: dict[str, Any] = {}
    for metric, message in _REQUIRED_MESSAGES.items():
        value = answers.figures.get(metric)
        if value is None:
            errors[metric] = message
        elif value < 0:
            errors[metric] = _("Enter zero or a positive number.")
        else:
            figures[metric] = value
    for key in RECORD_KINDS:
        for entry in getattr(answers, key):
            if entry.occurred_on.year != year:
                errors.setdefault(
                    "__all__",
                    _("Every date must fall in %(year)s, the year this survey asks about.")
                    % {"year": year},
                )
    if errors:
        raise ValidationError(errors)
    return figures


@transaction.atomic
def survey_submit(
    *,
    actor: Actor,
    invitation: SurveyInvitation,
    answers: SurveyAnswers,
    now: datetime | None = None,
) -> SurveyInvitation:
    """Submit the answers: the figures and records are written through the figure services with
    provenance "survey", entered by `actor`, and the invitation is marked submitted — all or
    nothing. A figure equal to the one on record is left as it is (year_figure_set keeps its
    provenance), so re-reporting a staff-entered value does not relabel it."""
    moment = now or timezone.now()
    invitation = _locked(invitation)
    _ensure_accepting(invitation, moment)
    survey, company = invitation.survey, invitation.company
    for metric, value in _complete_figures(answers, survey.year).items():
        try:
            figures.year_figure_set(
                actor=actor,
                company=company,
                year=survey.year,
                metric=metric,
                value=value,
                provenance=Provenance.SURVEY,
            )
        except ValidationError as exc:
            raise ValidationError({metric: exc.messages}) from exc
    for key, (_entry_type, service_name, label) in RECORD_KINDS.items():
        add = getattr(figures, service_name)
        for number, entry in enumerate(getattr(answers, key), start=1):
            try:
                add(actor=actor, company=company, provenance=Provenance.SURVEY, **asdict(entry))
            except ValidationError as exc:
                # Say which row: the figure service knows nothing of the survey form.
                raise ValidationError(
                    [
                        _("%(record)s %(number)s: %(message)s")
                        % {"record": label, "number": number, "message": message}
                        for message in exc.messages
                    ]
                ) from exc
    changes = _store(invitation, answers, moment)
    invitation.submitted_at = moment
    invitation.submitted_by = actor_user(actor)
    invitation.save(update_fields=["answers", "answers_saved_at", "submitted_at", "submitted_by"])
    changes["submitted_at"] = [None, moment]
    audit_record(actor=actor, action="outcomes.survey_submit", obj=invitation, changes=changes)
    return invitation
