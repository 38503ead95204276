"""Reads of the company registry. Every list a user sees goes through `companies_visible_to`."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from jiwon.companies.models import Certification, Company, GrowthStageChange, Membership
from jiwon.companies.validators import normalize_brn
from jiwon.core.models import KsicCode, Region, RoleUser
from jiwon.core.normalize import is_ascii_digits
from jiwon.core.permissions import has_perm

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def companies_visible_to(user: RoleUser | AnonymousUser) -> QuerySet[Company]:
    """Every company for staff readers, a member's own companies, nothing for anyone else
    (`user` may be anonymous)."""
    qs = Company.objects.select_related("ksic", "region")
    if has_perm(user, "companies.view_all"):
        return qs
    if not isinstance(user, RoleUser):
        return qs.none()
    return qs.filter(memberships__user_id=user.pk)


@dataclass(frozen=True)
class CompanyFilters:
    q: str = ""
    ksic: str = ""
    region: str = ""
    stage: str = ""
    certification: str = ""
    kind: str = ""
    local_only: bool = False

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in ("", False)}


def _valid_certification(kind: str, on: date) -> QuerySet[Certification]:
    return Certification.objects.filter(
        company=OuterRef("pk"), kind=kind, valid_from__lte=on
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def company_search(
    *, user: RoleUser | AnonymousUser, filters: CompanyFilters, on: date | None = None
) -> QuerySet[Company]:
    """Companies `user` may see that match `filters`. `q` matches name (Korean or English) or
    business number; `ksic` matches a code prefix or words of the industry name."""
    qs = companies_visible_to(user)
    query = filters.q.strip()
    if query:
        digits = normalize_brn(query)
        cond = Q(name_ko__icontains=query) | Q(name_en__icontains=query)
        if is_ascii_digits(digits) and len(digits) >= 3:
            cond |= Q(brn__startswith=digits)
        qs = qs.filter(cond)
    ksic = filters.ksic.strip()
    if ksic:
        if ksic.isdigit() or (len(ksic) == 1 and ksic.isalpha()):
            qs = (
                qs.filter(ksic__code__startswith=ksic)
                if ksic.isdigit()
                else qs.filter(ksic__code__in=_section_codes(ksic.upper()))
            )
        else:
            qs = qs.filter(Q(ksic__name_ko__icontains=ksic) | Q(ksic__name_en__icontains=ksic))
    if filters.region:
        # Filter on ids, not region__code: the join would stop the (region, name_ko) index
        # from serving the ordering.
        region_ids = list(Region.objects.filter(code=filters.region).values_list("pk", flat=True))
        qs = qs.filter(region_id__in=region_ids)
    if filters.stage:
        qs = qs.filter(growth_stage="" if filters.stage == "none" else filters.stage)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.local_only:
        qs = qs.filter(is_local=True)
    if filters.certification:
        day = on or timezone.localdate()
        qs = qs.filter(Exists(_valid_certification(filters.certification, day)))
    return qs


def _section_codes(section: str) -> list[str]:
    """KSIC subclass codes under a section letter (A–U): sections are not code prefixes."""
    divisions = KsicCode.objects.filter(level=2, parent_code=section).values_list("code", flat=True)
    cond = Q()
    for division in divisions:
        cond |= Q(code__startswith=division)
    if not cond:
        return []
    return list(KsicCode.objects.filter(cond).values_list("code", flat=True).distinct())


def company_detail(*, company: Company) -> dict[str, Any]:
    on = timezone.localdate()
    certifications = list(company.certifications.all())
    return {
        "company": company,
        "certifications": certifications,
        "valid_certifications": [c for c in certifications if c.is_valid_on(on)],
        "stage_history": list(company.stage_history.select_related("recorded_by")),
        "members": list(company.memberships.select_related("user")),
    }


# The growth stage on a day: the one definition, as a function of a company's recorded changes
# (the eligibility engines, which hold the changes in memory) and as SQL over many companies
# (the KPIs and the annual report). jiwon/companies/tests/test_stage_on.py keeps them equal.


def stage_on(changes: Iterable[tuple[date, str]], *, current: str, day: date) -> str:
    """The growth stage on `day` of a company whose registry stage is `current` and whose
    recorded changes are `changes` ((effective on, stage), in the order recorded): the stage of
    the latest change effective on or before the day, the later recorded of two on the same
    day; a company with no recorded change at all is on its registry stage; one whose changes
    all come later had no stage yet (""). The day matters only through the changes effective
    by then, so the stage is constant between two change days."""
    recorded = list(changes)
    if not recorded:
        return current
    stage = ""
    # sorted() is stable: of two changes on one day, the later recorded comes last and wins.
    for effective_on, changed_to in sorted(recorded, key=itemgetter(0)):
        if effective_on <= day:
            stage = changed_to
    return stage


def company_stage_on(company: Company, day: date) -> str:
    """`stage_on` for one company of the registry, from its recorded changes."""
    changes = GrowthStageChange.objects.filter(company=company).order_by("id")
    return stage_on(
        changes.values_list("effective_on", "stage"), current=company.growth_stage, day=day
    )


def stage_on_sql(day: date) -> Case:
    """`stage_on` as an SQL expression over Company rows."""
    changes = GrowthStageChange.objects.filter(company=OuterRef("pk"))
    effective = changes.filter(effective_on__lte=day)
    latest = Subquery(effective.order_by("-effective_on", "-id").values("stage")[:1])
    return Case(
        When(Exists(effective), then=latest),
        When(Exists(changes), then=Value("")),
        default=F("growth_stage"),
        output_field=CharField(),
    )


class StageOn(TypedDict):
    stage_on: str


def with_stage_on(
    companies: QuerySet[Company], day: date
) -> "QuerySet[WithAnnotations[Company, StageOn]]":
    """`companies`, each annotated with `stage_on`: its growth stage on `day`."""
    return companies.annotate(stage_on=stage_on_sql(day))


def memberships_of(user: RoleUser) -> QuerySet[Membership]:
    """`user`'s memberships with their companies, by company name."""
    return (
        Membership.objects.filter(user_id=user.pk)
        .select_related("company")
        .order_by("company__name_ko", "company_id")
    )


def companies_of_member(user: RoleUser) -> QuerySet[Company]:
    """The companies `user` is a member of, each annotated with `membership` (its kind)."""
    return (
        Company.objects.filter(memberships__user_id=user.pk)
        .annotate(membership=F("memberships__kind"))
        .select_related("ksic", "region")
    )
