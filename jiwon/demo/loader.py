"""The deterministic Anyang demo data set, loaded by `jiwon demo` and by the benchmarks.

`load_demo(companies=N)` generates the data in memory (jiwon.demo.companies: N Anyang
companies, about 60 per 1,812 outside Anyang, 20 pre-founders, certifications and growth-ladder
history) and registers whatever is not there yet through the registry's bulk service, keyed by
business registration number (companies), by email (pre-founders) and by username (users). So
a second run adds nothing. Then each domain's step (STEPS) adds its own data through its app's
public services. Everything is written in one transaction, with the services' audit entries
and one `demo.load_demo` entry summing up the registry part.

A domain adds its demo data with a module of its own in jiwon/demo (a function taking the
DemoContext and returning how many rows it added) and one line in STEPS.
"""

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.companies.models import Company, CompanyKind, GrowthStage
from jiwon.companies.services import (
    CertificationInput,
    CompanyInput,
    CompanyRecord,
    StageInput,
    companies_bulk_create,
)
from jiwon.core.models import KsicCode, Region
from jiwon.demo.actor import DEMO
from jiwon.demo.companies import ANYANG_COMPANIES, CompanySpec, generate
from jiwon.demo.context import DemoContext
from jiwon.demo.current import load_current
from jiwon.demo.equipment import load_acube_rooms, load_equipment
from jiwon.demo.errors import DemoDataError
from jiwon.demo.finish import finish_past_calls
from jiwon.demo.grants import load_grants
from jiwon.demo.living import load_living
from jiwon.demo.loans import load_loans
from jiwon.demo.outcomes_load import load_outcomes
from jiwon.demo.programs import load_programs
from jiwon.demo.reviews import load_reviews
from jiwon.demo.spaces import load_spaces
from jiwon.demo.users import DemoLogin, ensure_users
from jiwon.demo.vocab import ALL_KSIC_CODES, STREETS

KSIC_REVISION = 11
ANYANG_CITY_CODE = "41170"
# Stays below SQLite's limit on query parameters.
_LOOKUP_CHUNK = 900


# One line per domain, in dependency order: (key in DemoResult.created, step).
STEPS: tuple[tuple[str, Callable[[DemoContext], int]], ...] = (
    ("programs", load_programs),
    ("outcome_records", load_outcomes),
    ("review_records", load_reviews),
    ("living_history", load_living),
    ("current_year", load_current),
    ("equipment", load_equipment),
    ("acube_meeting_rooms", load_acube_rooms),
    ("spaces", load_spaces),
    ("grant_agreements", load_grants),
    ("loans", load_loans),
    # Last: an earlier load's calls of a year now over are finished, as staff would.
    ("past_calls", finish_past_calls),
)


@dataclass(frozen=True)
class DemoResult:
    created: dict[str, int]
    anyang_by_district: dict[str, int]
    ladder: dict[str, int]
    owner_company: Company
    logins: list[DemoLogin]

    @property
    def anyang(self) -> int:
        return sum(self.anyang_by_district.values())

    @property
    def added_anything(self) -> bool:
        return any(self.created.values())


def load_demo(*, companies: int = ANYANG_COMPANIES, now: datetime | None = None) -> DemoResult:
    """Load the demo data set with `companies` Anyang companies (1,812 by default), as it
    stands at `now` (the present by default)."""
    if companies < 1:
        raise DemoDataError(_("The number of companies must be at least 1."))
    regions = _regions()
    ksic = _ksic()
    context = demo_context(companies=companies, now=now, regions=regions)
    plan = context.plan
    with transaction.atomic():
        created_companies = _insert(plan.companies, _existing_brns(plan.companies), regions, ksic)
        created_prefounders = _insert(
            plan.prefounders, _existing_prefounder_emails(plan.prefounders), regions, ksic
        )
        certifications = sum(len(spec.certifications) for spec, _c in created_companies)
        stage_changes = sum(len(spec.stages) for spec, _c in created_companies)
        owner = Company.objects.get(brn=plan.owner_company_brn)
        users = ensure_users(company=owner)
        local = _local_codes()
        newcomers = {spec.brn for spec in plan.founded}
        n_anyang = sum(
            1
            for spec, _c in created_companies
            if spec.region_code in local and spec.brn not in newcomers
        )
        n_new = sum(1 for spec, _c in created_companies if spec.brn in newcomers)
        created = {
            "companies": n_anyang,
            "companies_outside_anyang": len(created_companies) - n_anyang - n_new,
            "companies_since_2017": n_new,
            "prefounders": len(created_prefounders),
            "certifications": certifications,
            "growth_stage_changes": stage_changes,
            "users": sum(1 for login in users.logins if login.created),
            "memberships": users.memberships_created,
        }
        if any(created.values()):
            # Bulk seed data gets one entry for the whole load, not one per row.
            audit_record(
                actor=DEMO,
                action="demo.load_demo",
                obj=regions[ANYANG_CITY_CODE],
                changes={key: [None, n] for key, n in created.items() if n},
            )
        for key, step in STEPS:
            created[key] = step(context)
    stages = Counter(c.growth_stage for c in plan.anyang)
    return DemoResult(
        created=created,
        anyang_by_district=dict(sorted(Counter(c.region_code for c in plan.anyang).items())),
        ladder={stage: stages[stage] for stage in GrowthStage.values if stages[stage]},
        owner_company=owner,
        logins=users.logins,
    )


def demo_context(
    *,
    companies: int = ANYANG_COMPANIES,
    now: datetime | None = None,
    regions: dict[str, Region] | None = None,
) -> DemoContext:
    """The plan of the data set and the moment it is loaded at (the present by default)."""
    regions = regions or _regions()
    region_names = {code: _full_name(region, regions) for code, region in regions.items()}
    now = now or timezone.now()
    return DemoContext(
        plan=generate(companies, region_names=region_names, today=timezone.localdate(now)),
        now=now,
        region_names=region_names,
    )


def _local_codes() -> set[str]:
    return set(settings.JIWON_LOCAL_REGION_CODES)


def _regions() -> dict[str, Region]:
    codes = {*STREETS, ANYANG_CITY_CODE}
    current = Region.objects.filter(valid_to__isnull=True)
    regions = {r.code: r for r in current.filter(code__in=codes)}
    parents = {r.parent_code for r in regions.values()}
    regions.update({r.code: r for r in current.filter(code__in=parents)})
    missing = sorted(codes - set(regions))
    if missing:
        raise DemoDataError(
            _("Region codes %(codes)s are missing: run `jiwon migrate` first.")
            % {"codes": ", ".join(missing)}
        )
    return regions


def _full_name(region: Region, regions: dict[str, Region]) -> str:
    parent = regions.get(region.parent_code)
    return f"{parent.name_ko} {region.name_ko}" if parent else region.name_ko


def _ksic() -> dict[str, KsicCode]:
    found = {
        k.code: k
        for k in KsicCode.objects.filter(revision=KSIC_REVISION, level=5, code__in=ALL_KSIC_CODES)
    }
    missing = sorted(ALL_KSIC_CODES - set(found))
    if missing:
        raise DemoDataError(
            _("KSIC codes %(codes)s are missing from revision 11: run `jiwon migrate` first.")
            % {"codes": ", ".join(missing)}
        )
    return found


def _chunks(values: list[str], size: int = _LOOKUP_CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing_brns(specs: list[CompanySpec]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks([s.brn for s in specs if s.brn]):
        found.update(
            brn
            for brn in Company.objects.filter(brn__in=chunk).values_list("brn", flat=True)
            if brn
        )
    return found


def _existing_prefounder_emails(specs: list[CompanySpec]) -> set[str]:
    return set(
        Company.objects.filter(
            kind=CompanyKind.PREFOUNDER, email__in=[s.email for s in specs]
        ).values_list("email", flat=True)
    )


def _insert(
    specs: list[CompanySpec],
    existing: set[str],
    regions: dict[str, Region],
    ksic: dict[str, KsicCode],
) -> list[tuple[CompanySpec, Company]]:
    """Register the specs whose key (business number, or email for pre-founders) is not in
    `existing`; return them paired with their saved rows."""
    missing = [spec for spec in specs if (spec.brn or spec.email) not in existing]
    saved = companies_bulk_create(
        actor=DEMO, records=[_record(spec, regions, ksic) for spec in missing]
    )
    return list(zip(missing, saved, strict=True))


def _record(
    spec: CompanySpec, regions: dict[str, Region], ksic: dict[str, KsicCode]
) -> CompanyRecord:
    return CompanyRecord(
        data=CompanyInput(
            kind=spec.kind,
            brn=spec.brn,
            crn=spec.crn,
            legal_form=spec.legal_form,
            name_ko=spec.name_ko,
            name_en=spec.name_en,
            representative_name=spec.representative_name,
            representative_birth_date=spec.representative_birth_date,
            founded_on=spec.founded_on,
            ksic=ksic[spec.ksic_code],
            address=spec.address,
            region=regions[spec.region_code],
            employees=spec.employees,
            annual_sales_won=spec.annual_sales_won,
            email=spec.email,
            phone=spec.phone,
        ),
        certifications=[
            CertificationInput(
                kind=c.kind, number=c.number, valid_from=c.valid_from, valid_to=c.valid_to
            )
            for c in spec.certifications
        ],
        stages=[
            StageInput(stage=s.stage, effective_on=s.effective_on, reason=s.reason)
            for s in spec.stages
        ],
    )
