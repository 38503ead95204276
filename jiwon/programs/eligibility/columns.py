"""The columnar company table the batch engine works on, and its builders: from the Django
models (four queries, no N+1), from CompanyFacts (tests) and from plain arrays (the benchmark).

Compact dtypes keep a national population (7.7 million companies) within a few hundred MB:
dates are int32 day numbers, regions and KSIC codes uint16 indexes into a vocabulary,
growth stages uint8, certifications, past participation and stage changes one row per
record, yearly sales one int64 column per reported year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from django.db.models import QuerySet
from numpy.typing import ArrayLike

from jiwon.companies.models import Certification, Company, CompanyKind, GrowthStageChange
from jiwon.core.reference import region_in_force
from jiwon.programs.eligibility.codes import GROWTH_STAGES
from jiwon.programs.eligibility.dates import day_number, from_day_number
from jiwon.programs.eligibility.facts import (
    CertificationFact,
    CompanyFacts,
    ParticipationFact,
    StageChangeFact,
)
from jiwon.programs.eligibility.sources import reported_sales

OPEN_END = np.iinfo(np.int32).max
NOT_REPORTED = -1  # in a yearly sales column; reported sales are never negative
STAGE_VOCABULARY = ("", *GROWTH_STAGES)


@dataclass
class Intervals:
    """One record per row of the table: certificates of one kind, or selections."""

    row: np.ndarray  # int32, company row in the table, ascending
    start: np.ndarray  # int32 day number
    end: np.ndarray  # int32 day number, OPEN_END while open

    @classmethod
    def build(
        cls, row: ArrayLike, start: ArrayLike, end: ArrayLike, *extra: ArrayLike
    ) -> tuple[Intervals, *tuple[np.ndarray, ...]]:
        order = np.argsort(np.asarray(row, dtype=np.int32), kind="stable")
        made = cls(
            np.asarray(row, dtype=np.int32)[order],
            np.asarray(start, dtype=np.int32)[order],
            np.asarray(end, dtype=np.int32)[order],
        )
        return (made, *(np.asarray(e)[order] for e in extra))

    def between(self, start: int, stop: int) -> tuple[slice, Intervals]:
        """The records of rows start..stop-1, renumbered from 0."""
        part = slice(
            int(np.searchsorted(self.row, start, "left")),
            int(np.searchsorted(self.row, stop, "left")),
        )
        return part, Intervals(self.row[part] - start, self.start[part], self.end[part])

    def rows_of(self, row: int) -> slice:
        return slice(
            int(np.searchsorted(self.row, row, "left")),
            int(np.searchsorted(self.row, row, "right")),
        )


@dataclass
class StageHistory:
    """Growth-stage changes, sorted by row, then effective day, then the order recorded."""

    row: np.ndarray  # int32
    day: np.ndarray  # int32 day number
    stage: np.ndarray  # uint8 index into STAGE_VOCABULARY

    @classmethod
    def build(cls, row, day, stage) -> StageHistory:
        row = np.asarray(row, dtype=np.int32)
        day = np.asarray(day, dtype=np.int32)
        order = np.lexsort((np.arange(len(row)), day, row))
        return cls(row[order], day[order], np.asarray(stage, dtype=np.uint8)[order])

    @classmethod
    def empty(cls) -> StageHistory:
        return cls.build([], [], [])

    def between(self, start: int, stop: int) -> StageHistory:
        part = slice(
            int(np.searchsorted(self.row, start, "left")),
            int(np.searchsorted(self.row, stop, "left")),
        )
        return StageHistory(self.row[part] - start, self.day[part], self.stage[part])

    def rows_of(self, row: int) -> slice:
        return slice(
            int(np.searchsorted(self.row, row, "left")),
            int(np.searchsorted(self.row, row, "right")),
        )


@dataclass
class CompanyTable:
    ids: np.ndarray  # int64 company id
    prefounder: np.ndarray  # bool
    local: np.ndarray  # bool, 관내
    founded: np.ndarray  # int32 day number (meaningless for pre-founders)
    birth: np.ndarray  # int32 day number of the representative's birth
    region: np.ndarray  # uint16 index into region_codes
    region_codes: tuple[str, ...]
    ksic: np.ndarray  # uint16 index into ksic_codes; "" (no code) may be one of them
    ksic_codes: tuple[str, ...]
    employees: np.ndarray  # int32
    sales: np.ndarray  # int64 won, last year
    stage: np.ndarray  # uint8 index into STAGE_VOCABULARY, current
    certifications: dict[str, Intervals] = field(default_factory=dict)
    sales_history: dict[int, np.ndarray] = field(default_factory=dict)  # year → int64 won
    stage_history: StageHistory = field(default_factory=StageHistory.empty)
    # What the predicates derive from the columns, computed once per table: a range leaf's
    # column (e.g. the three-year sales average of a year), the growth-stage steps.
    derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self.ids = np.asarray(self.ids, dtype=np.int64)
        self.prefounder = np.asarray(self.prefounder, dtype=bool)
        self.local = np.asarray(self.local, dtype=bool)
        self.founded = np.asarray(self.founded, dtype=np.int32)
        self.birth = np.asarray(self.birth, dtype=np.int32)
        self.region = np.asarray(self.region, dtype=np.uint16)
        self.ksic = np.asarray(self.ksic, dtype=np.uint16)
        self.employees = np.asarray(self.employees, dtype=np.int32)
        self.sales = np.asarray(self.sales, dtype=np.int64)
        self.stage = np.asarray(self.stage, dtype=np.uint8)
        # As CompanyFacts: pre-founders count 0 employees and 0 sales (their reported yearly
        # sales are dropped where the history is read), retired codes their successor's.
        self.employees = np.where(self.prefounder, 0, self.employees).astype(np.int32)
        self.sales = np.where(self.prefounder, 0, self.sales).astype(np.int64)
        self.region_codes = tuple(region_in_force(code) for code in self.region_codes)
        self.sales_history = {
            year: np.where(self.prefounder, NOT_REPORTED, won).astype(np.int64)
            for year, won in self.sales_history.items()
        }
        n = len(self.ids)
        for name in ("prefounder", "local", "founded", "birth", "region", "ksic"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"column {name} has {len(getattr(self, name))} rows, not {n}")

    @property
    def n(self) -> int:
        return len(self.ids)

    def rows(self, start: int, stop: int) -> CompanyTable:
        """Rows start..stop-1 as a table of views (records renumbered)."""
        columns: dict[str, Any] = {
            name: value[start:stop] if isinstance(value, np.ndarray) else value
            for name, value in vars(self).items()
            if name not in ("certifications", "sales_history", "stage_history", "derived")
        }
        return CompanyTable(
            **columns,
            certifications={k: iv.between(start, stop)[1] for k, iv in self.certifications.items()},
            sales_history={y: v[start:stop] for y, v in self.sales_history.items()},
            stage_history=self.stage_history.between(start, stop),
        )

    @property
    def nbytes(self) -> int:
        arrays = [v for v in vars(self).values() if isinstance(v, np.ndarray)]
        arrays += list(self.sales_history.values())
        arrays += [self.stage_history.row, self.stage_history.day, self.stage_history.stage]
        for iv in self.certifications.values():
            arrays += [iv.row, iv.start, iv.end]
        return sum(a.nbytes for a in arrays)


@dataclass
class Participation:
    """Past selections, as the applications app will supply them: one row per selection."""

    intervals: Intervals  # start = selection date, end = end of the project
    program: np.ndarray  # int32 index into program_keys
    program_keys: tuple[str, ...]

    @classmethod
    def empty(cls) -> Participation:
        none = np.zeros(0, dtype=np.int32)
        return cls(Intervals(none, none, none), none, ())

    @classmethod
    def from_rows(cls, row, program_key_index, selected, ends, program_keys) -> Participation:
        intervals, *extra = Intervals.build(row, selected, ends, program_key_index)
        return cls(intervals, extra[0].astype(np.int32), tuple(program_keys))

    def __len__(self) -> int:
        return len(self.program)

    def rows(self, start: int, stop: int) -> Participation:
        part, intervals = self.intervals.between(start, stop)
        return Participation(intervals, self.program[part], self.program_keys)


def encode(values: Sequence[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    vocabulary: dict[str, int] = {}
    index = np.fromiter(
        (vocabulary.setdefault(v, len(vocabulary)) for v in values), dtype=np.uint16
    )
    return index, tuple(vocabulary)


def _founded(prefounder: bool, founded_on: date | None) -> int:
    """The founding day number; 0 for a pre-founder, whose founding date, if any, is
    ignored."""
    return 0 if prefounder or founded_on is None else day_number(founded_on)


def _day(value: date | None) -> int:
    return OPEN_END if value is None else day_number(value)


def _certifications(records: Iterable[tuple[int, str, date, date | None]]) -> dict:
    by_kind: dict[str, tuple[list, list, list]] = {}
    for row, kind, valid_from, valid_to in records:
        rows, starts, ends = by_kind.setdefault(kind, ([], [], []))
        rows.append(row)
        starts.append(day_number(valid_from))
        ends.append(_day(valid_to))
    return {kind: Intervals.build(*lists)[0] for kind, lists in by_kind.items()}


def _participation(records: Iterable[tuple[int, str, date, date | None]]) -> Participation:
    keys: dict[str, int] = {}
    rows, programs, selected, ends = [], [], [], []
    for row, program, selected_on, ends_on in records:
        rows.append(row)
        programs.append(keys.setdefault(program, len(keys)))
        selected.append(day_number(selected_on))
        ends.append(_day(ends_on))
    if not rows:
        return Participation.empty()
    return Participation.from_rows(rows, programs, selected, ends, tuple(keys))


def _sales_history(n: int, records: Iterable[tuple[int, int, int]]) -> dict[int, np.ndarray]:
    history: dict[int, np.ndarray] = {}
    for row, year, won in records:
        column = history.get(year)
        if column is None:
            column = history[year] = np.full(n, NOT_REPORTED, dtype=np.int64)
        column[row] = won
    return history


def _stage_history(records: Iterable[tuple[int, date, str]]) -> StageHistory:
    rows, days, stages = [], [], []
    for row, effective_on, stage in records:
        rows.append(row)
        days.append(day_number(effective_on))
        stages.append(STAGE_VOCABULARY.index(stage))
    return StageHistory.build(rows, days, stages)


def table_from_facts(facts: Sequence[CompanyFacts]) -> tuple[CompanyTable, Participation]:
    region, region_codes = encode([f.region for f in facts])
    ksic, ksic_codes = encode([f.ksic for f in facts])
    table = CompanyTable(
        ids=np.array([f.id for f in facts]),
        prefounder=np.array([f.prefounder for f in facts]),
        local=np.array([f.is_local for f in facts]),
        founded=np.array([_founded(f.prefounder, f.founded_on) for f in facts]),
        birth=np.array([day_number(f.birth_date) for f in facts]),
        region=region,
        region_codes=region_codes,
        ksic=ksic,
        ksic_codes=ksic_codes,
        employees=np.array([f.employees for f in facts]),
        sales=np.array([f.sales_won for f in facts]),
        stage=np.array([STAGE_VOCABULARY.index(f.growth_stage) for f in facts]),
        certifications=_certifications(
            (row, c.kind, c.valid_from, c.valid_to)
            for row, f in enumerate(facts)
            for c in f.certifications
        ),
        sales_history=_sales_history(
            len(facts), ((row, y, won) for row, f in enumerate(facts) for y, won in f.sales_by_year)
        ),
        stage_history=_stage_history(
            (row, c.effective_on, c.stage) for row, f in enumerate(facts) for c in f.stage_changes
        ),
    )
    participation = _participation(
        (row, p.program, p.selected_on, p.ends_on)
        for row, f in enumerate(facts)
        for p in f.participations
    )
    return table, participation


def table_from_db(companies: QuerySet[Company] | None = None) -> CompanyTable:
    """The table for a Company queryset (all companies by default): one query for the
    companies with their region and KSIC codes, one each for their certifications, yearly
    sales (through the registered source) and growth-stage changes."""
    queryset = Company.objects.all() if companies is None else companies
    rows = list(
        queryset.order_by("id").values_list(
            "id",
            "kind",
            "founded_on",
            "representative_birth_date",
            "region__code",
            "is_local",
            "ksic__code",
            "employees",
            "annual_sales_won",
            "growth_stage",
        )
    )
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    region, region_codes = encode([r[4] for r in rows])
    ksic, ksic_codes = encode([r[6] or "" for r in rows])
    table = CompanyTable(
        ids=ids,
        prefounder=np.array([r[1] == CompanyKind.PREFOUNDER for r in rows], dtype=bool),
        local=np.array([r[5] for r in rows], dtype=bool),
        founded=np.array([_founded(r[1] == CompanyKind.PREFOUNDER, r[2]) for r in rows]),
        birth=np.array([day_number(r[3]) for r in rows]),
        region=region,
        region_codes=region_codes,
        ksic=ksic,
        ksic_codes=ksic_codes,
        employees=np.array([r[7] for r in rows]),
        sales=np.array([r[8] for r in rows]),
        stage=np.array([STAGE_VOCABULARY.index(r[9]) for r in rows]),
    )
    certificates = Certification.objects.filter(company__in=queryset).values_list(
        "company_id", "kind", "valid_from", "valid_to"
    )
    table.certifications = _certifications(
        (int(np.searchsorted(ids, company_id)), kind, valid_from, valid_to)
        for company_id, kind, valid_from, valid_to in certificates
    )
    rows_of_sales = (
        (int(np.searchsorted(ids, sales.company_id)), sales.year, sales.won)
        for sales in reported_sales(queryset)
    )
    table.sales_history = _sales_history(
        len(ids), ((row, y, won) for row, y, won in rows_of_sales if not table.prefounder[row])
    )
    changes = GrowthStageChange.objects.filter(company__in=queryset).order_by(
        "company_id", "effective_on", "id"
    )
    table.stage_history = _stage_history(
        (int(np.searchsorted(ids, company_id)), effective_on, stage)
        for company_id, effective_on, stage in changes.values_list(
            "company_id", "effective_on", "stage"
        )
    )
    return table


def participation_for(
    table: CompanyTable, records: Iterable[tuple[int, str, date, date | None]]
) -> Participation:
    """Participation arrays from (company id, programme key, selected on, ends on) records;
    records of companies outside the table are ignored."""
    order = np.argsort(table.ids, kind="stable")
    sorted_ids = table.ids[order]
    rows = []
    for company_id, program, selected_on, ends_on in records:
        at = int(np.searchsorted(sorted_ids, company_id))
        if at < len(sorted_ids) and sorted_ids[at] == company_id:
            rows.append((int(order[at]), program, selected_on, ends_on))
    return _participation(rows)


def facts_for_row(
    table: CompanyTable, row: int, participation: Participation | None = None
) -> CompanyFacts:
    """The CompanyFacts of one row, for the reference evaluator and recommendations."""
    certifications = []
    for kind, intervals in table.certifications.items():
        part = intervals.rows_of(row)
        for start, end in zip(intervals.start[part], intervals.end[part], strict=True):
            valid_to = None if end == OPEN_END else from_day_number(end)
            certifications.append(CertificationFact(kind, from_day_number(start), valid_to))
    participations = []
    if participation is not None and len(participation):
        iv = participation.intervals
        part = iv.rows_of(row)
        for program, start, end in zip(
            participation.program[part], iv.start[part], iv.end[part], strict=True
        ):
            participations.append(
                ParticipationFact(
                    participation.program_keys[program],
                    from_day_number(start),
                    None if end == OPEN_END else from_day_number(end),
                )
            )
    history = table.stage_history
    changes = history.rows_of(row)
    prefounder = bool(table.prefounder[row])
    return CompanyFacts(
        id=int(table.ids[row]),
        birth_date=from_day_number(table.birth[row]),
        region=table.region_codes[table.region[row]],
        prefounder=prefounder,
        founded_on=None if prefounder else from_day_number(table.founded[row]),
        is_local=bool(table.local[row]),
        ksic=table.ksic_codes[table.ksic[row]],
        employees=int(table.employees[row]),
        sales_won=int(table.sales[row]),
        growth_stage=STAGE_VOCABULARY[table.stage[row]],
        certifications=tuple(certifications),
        participations=tuple(participations),
        sales_by_year=tuple(
            (year, int(won[row]))
            for year, won in sorted(table.sales_history.items())
            if won[row] != NOT_REPORTED
        ),
        stage_changes=tuple(
            StageChangeFact(from_day_number(day), STAGE_VOCABULARY[stage])
            for day, stage in zip(history.day[changes], history.stage[changes], strict=True)
        ),
    )
