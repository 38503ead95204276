"""Writes the demo's outcome records planned by jiwon.demo.outcomes (`jiwon demo`).

Rows are keyed, so a second load adds nothing and a restored company gets its rows back: ledger
rows by source "demo" and an id naming the year, programme and business number; yearly figures
by company, year and figure; patents and certifications by kind and number; the other records
by company, date and what they are about. Rows are bulk-inserted (provenance "agency") and the
load writes one audit entry, `demo.load_outcomes`, like the companies' `demo.load`.
"""

from datetime import date

from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.models import Agency
from jiwon.demo import programs as demo_programs
from jiwon.demo.actor import DEMO
from jiwon.demo.context import DemoContext
from jiwon.demo.errors import DemoDataError
from jiwon.demo.outcomes import (
    DESCRIPTION,
    LADDER_SUPPORT,
    SUPPORT,
    YEAR,
    RecordSpec,
    plan_outcomes,
)
from jiwon.outcomes.models import (
    Agreement,
    Award,
    IntellectualProperty,
    Investment,
    Provenance,
    Relocation,
    SupportLedgerEntry,
    YearFigure,
)
from jiwon.programs.models import Program

SOURCE_TYPE = "demo"
FIGURE_YEARS = (2015, 2017, 2020, 2021)
# Stays below SQLite's limit on query parameters.
_CHUNK = 900


def _chunks(values: list, size: int = _CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _company_ids(brns: set[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(brns)):
        ids.update(Company.objects.filter(brn__in=chunk).values_list("brn", "id"))
    return ids


def _programs() -> dict[str, Program]:

    found = {
        p.series: p
        for p in Program.objects.filter(agency__code=demo_programs.AGENCY["code"], fiscal_year=YEAR)
    }
    wanted = {*SUPPORT, *LADDER_SUPPORT}
    if missing := sorted(wanted - set(found)):
        raise DemoDataError(f"{YEAR} programmes missing: {', '.join(missing)}")
    return found


def _record_key(model: type, company_id: int, occurred_on: date, fields: dict) -> tuple:
    if model is IntellectualProperty:
        return (fields["kind"], fields["number"])
    distinct = {
        Investment: ("investor", "amount_won"),
        Agreement: ("kind", "counterparty"),
        Award: ("name",),
        Relocation: ("direction",),
    }[model]
    return (company_id, occurred_on, *(fields[name] for name in distinct))


def _existing_record_keys(model: type, specs: list[RecordSpec], ids: dict[str, int]) -> set:
    keys: set[tuple] = set()
    if model is IntellectualProperty:
        numbers = sorted({dict(spec.fields)["number"] for spec in specs})
        for chunk in _chunks(numbers):
            keys.update(model.objects.filter(number__in=chunk).values_list("kind", "number"))
        return keys
    for chunk in _chunks(sorted({ids[spec.brn] for spec in specs})):
        rows = model.objects.filter(company_id__in=chunk, occurred_on__year__gte=2018).values()
        keys.update(_record_key(model, r["company_id"], r["occurred_on"], r) for r in rows)
    return keys


def load_outcomes(context: DemoContext) -> int:
    """Add the outcome records that are missing; return how many rows were added. Call inside
    the demo loader's transaction, after the companies and programmes."""
    region_names = context.region_names
    outcomes = plan_outcomes(context.plan)
    if outcomes is None:
        return 0
    brns = {r.brn for r in outcomes.ledger} | {f.brn for f in outcomes.figures}
    brns |= {r.brn for r in outcomes.records}
    ids = _company_ids(brns)
    programs = _programs()

    wanted = {row.source_id: row for row in outcomes.ledger}
    existing = set()
    for chunk in _chunks(sorted(wanted)):
        existing.update(
            SupportLedgerEntry.objects.filter(
                source_type=SOURCE_TYPE, source_id__in=chunk
            ).values_list("source_id", flat=True)
        )
    ledger = [
        SupportLedgerEntry(
            company_id=ids[row.brn],
            program=programs[row.series],
            kind=row.kind,
            amount_won=row.amount_won,
            supported_on=row.supported_on,
            period_end=row.period_end,
            description=DESCRIPTION[row.kind],
            source_type=SOURCE_TYPE,
            source_id=source_id,
            provenance=Provenance.AGENCY,
        )
        for source_id, row in wanted.items()
        if source_id not in existing
    ]
    SupportLedgerEntry.objects.bulk_create(ledger)

    company_ids = sorted(set(ids.values()))
    have = set()
    for chunk in _chunks(company_ids):
        have.update(
            YearFigure.objects.filter(company_id__in=chunk, year__in=FIGURE_YEARS).values_list(
                "company_id", "year", "metric"
            )
        )
    figures = [
        YearFigure(
            company_id=ids[f.brn],
            year=f.year,
            metric=f.metric,
            value=f.value,
            provenance=Provenance.AGENCY,
        )
        for f in outcomes.figures
        if (ids[f.brn], f.year, f.metric) not in have
    ]
    YearFigure.objects.bulk_create(figures, batch_size=1000)

    added = {"ledger_rows": len(ledger), "year_figures": len(figures)}
    for model in (Investment, IntellectualProperty, Agreement, Award, Relocation):
        specs = [r for r in outcomes.records if r.model is model]
        have_keys = _existing_record_keys(model, specs, ids)
        new = []
        for spec in specs:
            fields = dict(spec.fields)
            if model is Relocation:
                fields["other_place"] = region_names[fields["other_region_code"]]
            key = _record_key(model, ids[spec.brn], spec.occurred_on, fields)
            if key in have_keys:
                continue
            have_keys.add(key)
            new.append(
                model(
                    company_id=ids[spec.brn],
                    occurred_on=spec.occurred_on,
                    provenance=Provenance.AGENCY,
                    **fields,
                )
            )
        model.objects.bulk_create(new)
        added[model._meta.model_name] = len(new)

    if any(added.values()):
        audit_record(
            actor=DEMO,
            action="demo.load_outcomes",
            obj=Agency.objects.get(code=demo_programs.AGENCY["code"]),
            changes={key: [None, n] for key, n in added.items() if n},
        )
    return sum(added.values())
