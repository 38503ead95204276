"""Writes the demo's outcome records planned by jiwon.demo.outcomes (`jiwon demo`).

Rows are keyed, so a second load adds nothing and a restored company gets its rows back: ledger
rows by source "demo" and an id naming the year, programme and business number (grant rows
are left to jiwon.demo.grants: a paid tranche writes each); yearly figures
by company, year and figure; patents and certifications by kind and number; the other records
by company, date and what they are about. Rows (provenance "agency") go through outcomes' bulk
services, one audit entry per batch.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

from jiwon.companies.models import Company
from jiwon.core.models import Agency
from jiwon.core.support import SupportKind
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
    OutcomeRecord,
    Provenance,
    Relocation,
    SupportLedgerEntry,
    YearFigure,
)
from jiwon.outcomes.services.bulk import (
    ledger_entries_bulk_add,
    outcome_records_bulk_add,
    year_figures_bulk_add,
)
from jiwon.programs.models import Program

SOURCE_TYPE = "demo"
FIGURE_YEARS = (2015, 2017, 2020, 2021)
# Stays below SQLite's limit on query parameters.
_CHUNK = 900


def _chunks(values: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def company_ids(brns: set[str]) -> dict[str, int]:
    """Company ids by business number, for the numbers that are in the registry."""
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(brns)):
        ids.update(
            (brn, pk)
            for brn, pk in Company.objects.filter(brn__in=chunk).values_list("brn", "id")
            if brn
        )
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


def _record_key(
    model: type[OutcomeRecord], company_id: int, occurred_on: date, fields: dict[str, Any]
) -> tuple[Any, ...]:
    if model is IntellectualProperty:
        return (fields["kind"], fields["number"])
    distinct = {
        Investment: ("investor", "amount_won"),
        Agreement: ("kind", "counterparty"),
        Award: ("name",),
        Relocation: ("direction",),
    }[model]
    return (company_id, occurred_on, *(fields[name] for name in distinct))


def _existing_record_keys(
    model: type[OutcomeRecord], specs: list[RecordSpec], ids: dict[str, int]
) -> set[tuple[Any, ...]]:
    keys: set[tuple[Any, ...]] = set()
    manager = model._default_manager
    if model is IntellectualProperty:
        numbers = sorted({str(dict(spec.fields)["number"]) for spec in specs})
        for chunk in _chunks(numbers):
            keys.update(
                IntellectualProperty.objects.filter(number__in=chunk).values_list("kind", "number")
            )
        return keys
    for chunk in _chunks(sorted({ids[spec.brn] for spec in specs})):
        rows = manager.filter(company_id__in=chunk, occurred_on__year__gte=2018).values()
        keys.update(_record_key(model, r["company_id"], r["occurred_on"], dict(r)) for r in rows)
    return keys


def load_outcomes(context: DemoContext) -> int:
    """Add the outcome records that are missing; return how many rows were added. Call inside
    the demo loader's transaction, after the companies and programmes."""
    outcomes = plan_outcomes(context.plan)
    if outcomes is None:
        return 0
    brns = {r.brn for r in outcomes.ledger} | {f.brn for f in outcomes.figures}
    brns |= {r.brn for r in outcomes.records}
    ids = company_ids(brns)
    programs = _programs()
    agency = Agency.objects.get(code=demo_programs.AGENCY["code"])

    # Grant rows are the paid tranches' own: jiwon.demo.grants writes them with the agreements.
    wanted = {row.source_id: row for row in outcomes.ledger if row.kind != SupportKind.GRANT}
    existing: set[str] = set()
    for chunk in _chunks(sorted(wanted)):
        existing.update(
            SupportLedgerEntry.objects.filter(
                source_type=SOURCE_TYPE, source_id__in=chunk
            ).values_list("source_id", flat=True)
        )
    ledger = ledger_entries_bulk_add(
        actor=DEMO,
        agency=agency,
        entries=[
            SupportLedgerEntry(
                company_id=ids[row.brn],
                program=programs[row.series],
                kind=row.kind,
                amount_won=row.amount_won,
                supported_on=row.supported_on,
                period_end=row.period_end,
                description=DESCRIPTION[SupportKind(row.kind)],
                source_type=SOURCE_TYPE,
                source_id=source_id,
                provenance=Provenance.AGENCY,
            )
            for source_id, row in wanted.items()
            # Tenancies are written by their contracts (jiwon.demo.spaces), not typed.
            if source_id not in existing and row.kind != SupportKind.TENANCY
        ],
    )

    known = sorted(set(ids.values()))
    have: set[tuple[int, int, str]] = set()
    for chunk in _chunks(known):
        have.update(
            YearFigure.objects.filter(company_id__in=chunk, year__in=FIGURE_YEARS).values_list(
                "company_id", "year", "metric"
            )
        )
    figures = year_figures_bulk_add(
        actor=DEMO,
        agency=agency,
        figures=[
            YearFigure(
                company_id=ids[f.brn],
                year=f.year,
                metric=f.metric,
                value=f.value,
                provenance=Provenance.AGENCY,
            )
            for f in outcomes.figures
            if (ids[f.brn], f.year, f.metric) not in have
        ],
    )

    new: list[OutcomeRecord] = []
    for model in (Investment, IntellectualProperty, Agreement, Award, Relocation):
        specs = [r for r in outcomes.records if r.model is model]
        have_keys = _existing_record_keys(model, specs, ids)
        for spec in specs:
            fields = dict(spec.fields)
            if model is Relocation:
                fields["other_place"] = context.region_names[str(fields["other_region_code"])]
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
    added = outcome_records_bulk_add(actor=DEMO, agency=agency, records=new)
    return len(ledger) + len(figures) + sum(added.values())
