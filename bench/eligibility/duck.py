"""The DuckDB peer: the same companies as SQL tables, each programme as one WHERE clause.

The translation is generous to DuckDB: dates are DATE literals computed with Jiwon's
calendar (so 만 나이 and 업력 thresholds are exact), region and KSIC codes are integers and a
list of codes becomes the few ranges of the code list it covers (경기도 is one BETWEEN; text
codes with LIKE measured two to four times slower), growth stages are small integers, and
certificates and selections are semi-joins on their own tables.
"""

from __future__ import annotations

import duckdb
import numpy as np

from jiwon.programs.eligibility.codes import ksic_keys, region_keys
from jiwon.programs.eligibility.columns import (
    NOT_REPORTED,
    OPEN_END,
    STAGE_VOCABULARY,
    CompanyTable,
    Participation,
)
from jiwon.programs.eligibility.dates import ONE_DAY, day_number, from_day_number
from jiwon.programs.eligibility.nodes import All, AnyOf, Node, Not, ProgramEligibility
from jiwon.programs.eligibility.plans import threshold
from jiwon.programs.eligibility.predicates.certification import Certified
from jiwon.programs.eligibility.predicates.growth_stage import GrowthStageIn
from jiwon.programs.eligibility.predicates.in_progress import InProgress
from jiwon.programs.eligibility.predicates.industry import IndustryRule
from jiwon.programs.eligibility.predicates.past_selection import PastSelection
from jiwon.programs.eligibility.predicates.region import RegionRule
from jiwon.programs.eligibility.predicates.representative_age import birth_bounds
from jiwon.programs.eligibility.predicates.years_in_business import (
    YearsInBusiness,
    founded_bounds,
)


def connect(table: CompanyTable, participation: Participation, *, threads: int, memory: str):
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute(f"SET memory_limit = '{memory}'")
    con.execute("SET preserve_insertion_order = false")
    ksic_numbers = np.array([int(c) if c.isdigit() else -1 for c in table.ksic_codes])
    companies = {
        "rid": np.arange(table.n, dtype=np.int32),
        "prefounder": table.prefounder,
        "local": table.local,
        "founded": np.where(table.prefounder, -1, table.founded).astype(np.int32),
        "birth": table.birth,
        "region": np.array(table.region_codes, dtype=np.int32)[table.region],
        "ksic": ksic_numbers.astype(np.int32)[table.ksic],
        "employees": table.employees,
        "sales": table.sales,
        "stage": table.stage,
        **{f"s{year}": won for year, won in table.sales_history.items()},
    }
    yearly = "".join(
        f", NULLIF(s{year}, {NOT_REPORTED}) AS s{year}" for year in sorted(table.sales_history)
    )
    con.register("companies_in", companies)
    con.execute(
        "CREATE TABLE companies AS SELECT rid, prefounder, local, "
        "CASE WHEN prefounder THEN NULL ELSE DATE '1970-01-01' + founded END AS founded, "
        f"DATE '1970-01-01' + birth AS birth, region, ksic, employees, sales, stage{yearly} "
        "FROM companies_in"
    )
    con.unregister("companies_in")
    rows, kinds, starts, ends = [], [], [], []
    for kind, iv in table.certifications.items():
        rows.append(iv.row)
        kinds.append(np.full(len(iv.row), kind, dtype=object))
        starts.append(iv.start)
        ends.append(iv.end)
    con.register(
        "certs_in",
        {
            "rid": np.concatenate(rows),
            "kind": np.concatenate(kinds),
            "valid_from": np.concatenate(starts),
            "valid_to": np.concatenate(ends),
        },
    )
    con.execute(
        "CREATE TABLE certs AS SELECT rid, kind, DATE '1970-01-01' + valid_from AS valid_from, "
        f"CASE WHEN valid_to = {OPEN_END} THEN NULL ELSE DATE '1970-01-01' + valid_to END "
        "AS valid_to FROM certs_in"
    )
    con.unregister("certs_in")
    iv = participation.intervals
    con.register(
        "selections_in",
        {
            "rid": iv.row,
            "program": np.array(participation.program_keys, dtype=object)[participation.program],
            "selected": iv.start,
            "ends": iv.end,
        },
    )
    con.execute(
        "CREATE TABLE selections AS SELECT rid, program, "
        "DATE '1970-01-01' + selected AS selected, "
        f"CASE WHEN ends = {OPEN_END} THEN NULL ELSE DATE '1970-01-01' + ends END AS ends "
        "FROM selections_in"
    )
    con.unregister("selections_in")
    return con


def _date(number: int) -> str:
    return f"DATE '{from_day_number(number).isoformat()}'"


def _text(values) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values))


def _ranges(column: str, vocabulary: list[int], covered: set[int], empty: str) -> str:
    """SQL for `column` taking one of the `covered` values, as runs of consecutive entries of
    the sorted vocabulary (exact, since no row holds a value outside the vocabulary)."""
    runs: list[list[int]] = []  # [first value, last value, position of the last]
    for position, value in enumerate(vocabulary):
        if value not in covered:
            continue
        if runs and runs[-1][2] == position - 1:
            runs[-1][1:] = [value, position]
        else:
            runs.append([value, value, position])
    singles = [first for first, last, _ in runs if first == last]
    runs = [(first, last) for first, last, _ in runs if first != last]
    parts = [f"{column} BETWEEN {a} AND {b}" for a, b in runs]
    if singles:
        parts.append(f"{column} IN ({', '.join(map(str, singles))})")
    return "(" + " OR ".join(parts) + ")" if parts else empty


class Translator:
    def __init__(self, table: CompanyTable):
        self.sales_years = set(table.sales_history)
        self.regions = sorted((int(c), region_keys(c)) for c in table.region_codes)
        self.ksic = sorted((int(c), ksic_keys(c)) for c in table.ksic_codes if c.isdigit())

    def where(self, program: ProgramEligibility) -> str:
        return self.sql(program.rule, program.reference_date)

    def sql(self, node: Node, day) -> str:
        if isinstance(node, All | AnyOf):
            if not node.criteria:
                return "TRUE"
            joiner = " AND " if isinstance(node, All) else " OR "
            return "(" + joiner.join(self.sql(c, day) for c in node.criteria) + ")"
        if isinstance(node, Not):
            return f"(NOT {self.sql(node.criterion, day)})"
        return getattr(self, "sql_" + node.type)(node, day)

    def _codes(self, column: str, entries, codes) -> str:
        wanted = set(codes)
        covered = {value for value, keys in entries if not wanted.isdisjoint(keys)}
        return _ranges(column, [value for value, _ in entries], covered, "FALSE")

    def sql_region(self, node: RegionRule, day) -> str:
        parts = ["local"] if node.local_only else []
        if node.include:
            parts.append(self._codes("region", self.regions, node.include))
        if node.exclude:
            parts.append(f"NOT {self._codes('region', self.regions, node.exclude)}")
        return "(" + " AND ".join(parts) + ")"

    def sql_industry(self, node: IndustryRule, day) -> str:
        parts = []
        if node.include:
            parts.append(self._codes("ksic", self.ksic, node.include))
        if node.exclude:
            parts.append(f"NOT {self._codes('ksic', self.ksic, node.exclude)}")
        return "(" + " AND ".join(parts) + ")"

    def _between(self, column: str, low, high, literal=str) -> str:
        parts = []
        if low is not None:
            parts.append(f"{column} >= {literal(low)}")
        if high is not None:
            parts.append(f"{column} <= {literal(high)}")
        return "(" + " AND ".join(parts) + ")" if parts else "TRUE"

    def sql_years_in_business(self, node: YearsInBusiness, day) -> str:
        if node.prefounder == "required":
            return "prefounder"
        bounds = self._between("founded", *founded_bounds(node, day), literal=_date)
        if node.prefounder == "allowed":
            return f"(prefounder OR {bounds})"
        return f"(NOT prefounder AND {bounds})"

    def sql_representative_age(self, node, day) -> str:
        return self._between("birth", *birth_bounds(node, day), literal=_date)

    def sql_employees(self, node, day) -> str:
        return self._between("employees", node.minimum, node.maximum)

    def sql_sales(self, node, day) -> str:
        if node.basis == "last_year":
            return self._between("sales", node.minimum, node.maximum)
        # Mean of the reported years of the window, floored; last year's sales without any.
        window = [f"s{y}" for y in range(day.year - 3, day.year) if y in self.sales_years]
        if not window:
            return self._between("sales", node.minimum, node.maximum)
        total = " + ".join(f"COALESCE({c}, 0)" for c in window)
        count = " + ".join(f"({c} IS NOT NULL)::BIGINT" for c in window)
        average = f"COALESCE(({total}) // NULLIF({count}, 0), sales)"
        return self._between(f"({average})", node.minimum, node.maximum)

    def _held(self, kinds, day) -> str:
        d = _date(day_number(day))
        return (
            f"rid IN (SELECT rid FROM certs WHERE kind IN ({_text(kinds)}) "
            f"AND valid_from <= {d} AND (valid_to IS NULL OR valid_to >= {d}))"
        )

    def sql_certification(self, node: Certified, day) -> str:
        if node.mode == "any":
            return self._held(node.kinds, day)
        return "(" + " AND ".join(self._held([k], day) for k in node.kinds) + ")"

    def _ownership(self, node, day) -> str:
        return self._held([node.kind], day)

    sql_women_owned = sql_disabled_owned = sql_social_enterprise = _ownership

    def sql_past_selection(self, node: PastSelection, day) -> str:
        low = _date(threshold(day - ONE_DAY, node.within_years))
        return (
            f"rid NOT IN (SELECT rid FROM selections WHERE program IN ({_text(node.programs)}) "
            f"AND selected > {low} AND selected <= {_date(day_number(day))})"
        )

    def sql_in_progress(self, node: InProgress, day) -> str:
        d = _date(day_number(day))
        only = f"AND program IN ({_text(node.programs)}) " if node.programs else ""
        return (
            f"rid NOT IN (SELECT rid FROM selections WHERE selected <= {d} "
            f"AND (ends IS NULL OR ends >= {d}) "
            f"{only}GROUP BY rid HAVING count(*) > {node.maximum})"
        )

    def sql_growth_stage(self, node: GrowthStageIn, day) -> str:
        stages = ", ".join(str(STAGE_VOCABULARY.index(s)) for s in node.include)
        return f"stage IN ({stages})"
