"""The deterministic Anyang demo data set, loaded by `jiwon demo` and by the benchmarks.

`load_demo(companies=N)` generates the data in memory (jiwon.demo.companies: N Anyang
companies, about 60 per 1,812 outside Anyang, 20 pre-founders, certifications and growth-ladder
history) and inserts whatever is not there yet, keyed by business registration number
(companies), by email (pre-founders) and by username (users). So a second run adds nothing.
Everything is written in one transaction with one `demo.load` audit entry; the programmes
(jiwon.demo.programs) and the 2021 outcome records behind the annual report
(jiwon.demo.outcomes) follow in the same transaction, with an audit entry each.
"""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.companies.models import (
    Certification,
    Company,
    CompanyKind,
    GrowthStage,
    GrowthStageChange,
)
from jiwon.core.models import KsicCode, Region
from jiwon.demo.actor import DEMO
from jiwon.demo.companies import ANYANG_COMPANIES, CompanySpec, generate
from jiwon.demo.errors import DemoDataError
from jiwon.demo.outcomes_load import load_outcomes
from jiwon.demo.programs import load_programs
from jiwon.demo.reviews import load_reviews
from jiwon.demo.users import DemoLogin, ensure_users
from jiwon.demo.vocab import ALL_KSIC_CODES, STREETS

KSIC_REVISION = 11
ANYANG_CITY_CODE = "41170"
_BATCH = 1000
# Stays below SQLite's limit on query parameters.
_LOOKUP_CHUNK = 900


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


def load_demo(*, companies: int = ANYANG_COMPANIES) -> DemoResult:
    """Load the demo data set with `companies` Anyang companies (1,812 by default)."""
    if companies < 1:
        raise DemoDataError(_("The number of companies must be at least 1."))
    regions = _regions()
    ksic_ids = _ksic_ids()
    region_names = {code: _full_name(region, regions) for code, region in regions.items()}
    plan = generate(companies, region_names=region_names)
    with transaction.atomic():
        created_companies = _insert(
            plan.companies, _existing_brns(plan.companies), regions, ksic_ids
        )
        created_prefounders = _insert(
            plan.prefounders, _existing_prefounder_emails(plan.prefounders), regions, ksic_ids
        )
        certifications, stage_changes = _insert_histories(created_companies)
        owner = Company.objects.get(brn=plan.owner_company_brn)
        users = ensure_users(company=owner)
        local = _local_codes()
        n_anyang = sum(1 for spec, _ in created_companies if spec.region_code in local)
        created = {
            "companies": n_anyang,
            "companies_outside_anyang": len(created_companies) - n_anyang,
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
        created["programs"] = load_programs()
        created["outcome_records"] = load_outcomes(plan, region_names=region_names)
        created["review_records"] = load_reviews(plan)
    stages = Counter(c.growth_stage for c in plan.anyang)
    return DemoResult(
        created=created,
        anyang_by_district=dict(sorted(Counter(c.region_code for c in plan.anyang).items())),
        ladder={stage: stages[stage] for stage in GrowthStage.values if stages[stage]},
        owner_company=owner,
        logins=users.logins,
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


def _ksic_ids() -> dict[str, int]:
    ids = dict(
        KsicCode.objects.filter(
            revision=KSIC_REVISION, level=5, code__in=ALL_KSIC_CODES
        ).values_list("code", "id")
    )
    missing = sorted(ALL_KSIC_CODES - set(ids))
    if missing:
        raise DemoDataError(
            _("KSIC codes %(codes)s are missing from revision 11: run `jiwon migrate` first.")
            % {"codes": ", ".join(missing)}
        )
    return ids


def _chunks(values: list, size: int = _LOOKUP_CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing_brns(specs: list[CompanySpec]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks([s.brn for s in specs]):
        found.update(Company.objects.filter(brn__in=chunk).values_list("brn", flat=True))
    return found


def _existing_prefounder_emails(specs: list[CompanySpec]) -> set[str]:
    return set(
        Company.objects.filter(
            kind=CompanyKind.PREFOUNDER, email__in=[s.email for s in specs]
        ).values_list("email", flat=True)
    )


def _insert(
    specs: list[CompanySpec], existing: set[str], regions: dict[str, Region], ksic_ids
) -> list[tuple[CompanySpec, Company]]:
    """Bulk-insert the specs whose key (business number, or email for pre-founders) is not in
    `existing`; return them paired with their saved rows."""
    local = _local_codes()
    pairs = [
        (spec, _company(spec, regions, ksic_ids, local))
        for spec in specs
        if (spec.brn or spec.email) not in existing
    ]
    Company.objects.bulk_create([company for _, company in pairs], batch_size=_BATCH)
    return pairs


def _company(spec: CompanySpec, regions, ksic_ids, local: set[str]) -> Company:
    return Company(
        kind=spec.kind,
        brn=spec.brn,
        crn=spec.crn,
        legal_form=spec.legal_form,
        name_ko=spec.name_ko,
        name_en=spec.name_en,
        representative_name=spec.representative_name,
        representative_birth_date=spec.representative_birth_date,
        founded_on=spec.founded_on,
        ksic_id=ksic_ids[spec.ksic_code],
        address=spec.address,
        region=regions[spec.region_code],
        is_local=spec.region_code in local,
        employees=spec.employees,
        annual_sales_won=spec.annual_sales_won,
        growth_stage=spec.growth_stage,
        email=spec.email,
        phone=spec.phone,
    )


def _insert_histories(pairs: list[tuple[CompanySpec, Company]]) -> tuple[int, int]:
    certifications = [
        Certification(
            company_id=company.pk,
            kind=cert.kind,
            number=cert.number,
            valid_from=cert.valid_from,
            valid_to=cert.valid_to,
        )
        for spec, company in pairs
        for cert in spec.certifications
    ]
    changes = [
        GrowthStageChange(
            company_id=company.pk,
            stage=step.stage,
            effective_on=step.effective_on,
            reason=step.reason,
        )
        for spec, company in pairs
        for step in spec.stages
    ]
    Certification.objects.bulk_create(certifications, batch_size=_BATCH)
    GrowthStageChange.objects.bulk_create(changes, batch_size=_BATCH)
    return len(certifications), len(changes)
