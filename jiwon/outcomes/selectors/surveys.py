"""Reads for the yearly outcome surveys (성과조사): who is invited, how far along a survey is,
what a company sees on the portal, and whether answers are still accepted."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from jiwon.companies.models import Company
from jiwon.companies.selectors import CompanyFilters, company_search
from jiwon.outcomes.models import (
    Agreement,
    Award,
    IntellectualProperty,
    Investment,
    Metric,
    Relocation,
    SupportLedgerEntry,
    Survey,
    SurveyInvitation,
    YearFigure,
)

# The deadline is a date in Korea whatever the server's zone: answers are accepted through
# 23:59:59 KST on `closes_on`.
KST = ZoneInfo("Asia/Seoul")

SUBMITTED, PENDING = "submitted", "pending"


def year_bounds(year: int) -> tuple[date, date]:
    """[1 January, next 1 January): a range the date indexes serve, unlike `__year`."""
    return date(year, 1, 1), date(year + 1, 1, 1)


def _supported_in(year: int) -> Exists:
    """True for a company with at least one support ledger row dated in `year`."""
    start, end = year_bounds(year)
    return Exists(
        SupportLedgerEntry.objects.filter(
            company=OuterRef("pk"), supported_on__gte=start, supported_on__lt=end
        )
    )


def companies_supported_in(year: int) -> QuerySet[Company]:
    """Distinct companies with at least one support ledger row dated in `year`."""
    return Company.objects.filter(_supported_in(year))


def invitation_candidates(
    *, user: Any, filters: CompanyFilters, supported_in: int | None = None
) -> QuerySet[Company]:
    """The companies a new survey would invite: those matching the registry filters, narrowed
    to the companies supported in `supported_in` when it is given."""
    companies = company_search(user=user, filters=filters)
    if supported_in is not None:
        companies = companies.filter(_supported_in(supported_in))
    return companies


def selection_digest(companies: QuerySet[Company]) -> str:
    """A short fingerprint of which companies `companies` holds, to compare two selections."""
    ids = sorted(companies.values_list("pk", flat=True))
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]


def deadline_passed(survey: Survey, *, now: datetime | None = None) -> bool:
    moment = now or timezone.now()
    return timezone.localtime(moment, KST).date() > survey.closes_on


def accepts_answers(survey: Survey, *, now: datetime | None = None) -> bool:
    return survey.status == Survey.Status.OPEN and not deadline_passed(survey, now=now)


@dataclass(frozen=True)
class Completion:
    invited: int
    submitted: int

    @property
    def pending(self) -> int:
        return self.invited - self.submitted

    @property
    def percent(self) -> Decimal:
        """Share submitted, in percent with one decimal (half up); 0 for an empty survey."""
        if not self.invited:
            return Decimal("0.0")
        ratio = Decimal(self.submitted * 100) / Decimal(self.invited)
        return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def survey_list() -> list[tuple[Survey, Completion]]:
    surveys = Survey.objects.annotate(
        invited_count=Count("invitations"),
        submitted_count=Count("invitations", filter=Q(invitations__submitted_at__isnull=False)),
    )
    return [(s, Completion(invited=s.invited_count, submitted=s.submitted_count)) for s in surveys]


def survey_completion(survey: Survey) -> Completion:
    counts = survey.invitations.aggregate(
        invited=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    return Completion(invited=counts["invited"], submitted=counts["submitted"])


def survey_invitations(survey: Survey, *, status: str = "") -> QuerySet[SurveyInvitation]:
    """The survey's invitations, by company name; `status` is SUBMITTED, PENDING or ""."""
    qs = survey.invitations.select_related("company", "submitted_by").order_by(
        "company__name_ko", "pk"
    )
    if status == SUBMITTED:
        qs = qs.filter(submitted_at__isnull=False)
    elif status == PENDING:
        qs = qs.filter(submitted_at__isnull=True)
    return qs


def invitations_for_member(user: Any) -> list[SurveyInvitation]:
    """Every invitation of the companies `user` belongs to, open surveys first."""
    invitations = SurveyInvitation.objects.filter(company__memberships__user_id=user.pk)
    return sorted(
        invitations.select_related("survey", "company"),
        key=lambda i: (i.survey.status != Survey.Status.OPEN, -i.survey.year, i.survey.closes_on),
    )


def figures_of(company: Company, year: int) -> dict[str, int]:
    """{metric: value} of the figures recorded for `company` in `year`."""
    rows = YearFigure.objects.filter(company=company, year=year).values_list("metric", "value")
    return {metric: value for metric, value in rows if metric in Metric.values}


@dataclass(frozen=True)
class RecordsSummary:
    investments: int
    investment_won: int
    ip: int
    agreements: int
    awards: int
    relocations: int


def records_of(company: Company, year: int) -> RecordsSummary:
    """How many outcome records `company` has dated in `year`, and the sum invested."""
    start, end = year_bounds(year)
    dated = {"company": company, "occurred_on__gte": start, "occurred_on__lt": end}
    investments = Investment.objects.filter(**dated).aggregate(n=Count("pk"), won=Sum("amount_won"))
    return RecordsSummary(
        investments=investments["n"],
        investment_won=investments["won"] or 0,
        ip=IntellectualProperty.objects.filter(**dated).count(),
        agreements=Agreement.objects.filter(**dated).count(),
        awards=Award.objects.filter(**dated).count(),
        relocations=Relocation.objects.filter(**dated).count(),
    )
