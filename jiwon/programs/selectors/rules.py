"""Which rule a programme applies on a day, the programme as the eligibility engines see it, and
which companies qualify (counts and lists for staff, ids for other apps).

Counts and lists come from the batch engine over the whole registry (eligibility.batch.Engine
over columns.table_from_db: four queries). Build the table once per request with
`company_table()` and pass it to each call that needs it.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext

from jiwon.companies.models import Company
from jiwon.core.models import KsicCode, Region
from jiwon.programs.eligibility.batch import Engine
from jiwon.programs.eligibility.columns import CompanyTable, participation_for, table_from_db
from jiwon.programs.eligibility.explain import requirement
from jiwon.programs.eligibility.nodes import All, AnyOf, Node, Not, top_level
from jiwon.programs.eligibility.rules import ProgramEligibility, parse_program, parse_rule
from jiwon.programs.models import EligibilityRuleVersion, Program, ReferenceDateBasis
from jiwon.programs.selectors.participation import selection_records

EVERYONE = {"type": "all", "criteria": []}
EXPORT_CHUNK = 1_000


def rule_version_on(program: Program, day: date) -> EligibilityRuleVersion | None:
    """The version in force on `day`: the newest one whose effective date has come. Before the
    first one takes effect, the first one applies (a programme always has its initial rule)."""
    versions = program.rule_versions.order_by("-version")
    return versions.filter(effective_from__lte=day).first() or versions.order_by("version").first()


def reference_date(program: Program, application_day: date | None = None) -> date:
    if program.reference_date_basis == ReferenceDateBasis.APPLICATION:
        return application_day or timezone.localdate()
    return program.notice_date


def program_eligibility(
    program: Program, application_day: date | None = None
) -> ProgramEligibility:
    """The programme as the engines see it for a check made on `application_day` (default
    today). Two dates matter and differ: the rule VERSION is the one in force on the day of the
    check (a version saved after publication applies from its effective date on), while the
    company's facts (age, 업력, certifications) are judged on the programme's REFERENCE date."""
    check_day = application_day or timezone.localdate()
    version = rule_version_on(program, check_day)
    day = reference_date(program, check_day)
    return parse_program(program.series, day, version.rule if version else EVERYONE)


def version_in_force(program: Program, on: date | None = None) -> EligibilityRuleVersion | None:
    """The version program_eligibility applies to a check made on `on` (default today)."""
    return rule_version_on(program, on or timezone.localdate())


def rule_versions(program: Program) -> list[EligibilityRuleVersion]:
    """Every version, newest first, with its author."""
    return list(program.rule_versions.select_related("created_by").order_by("-version"))


def company_table() -> CompanyTable:
    """Every registered company still in business as the batch engine reads it (four
    queries): a closed business (companies.services.company_close) is nobody's candidate."""
    return table_from_db(Company.objects.filter(closed_on__isnull=True))


def draft_eligibility(
    program: Program, rule: dict[str, Any], on: date | None = None
) -> ProgramEligibility:
    """`program` judged under `rule` (not saved yet) on its reference date for an application
    made on `on`. Raises ValidationError if the rule is invalid."""
    return parse_program(program.series, reference_date(program, on), rule)


def eligible_rows(eligibility: ProgramEligibility, table: CompanyTable) -> np.ndarray:
    """The table rows (ascending) of the companies that qualify, past selections included."""
    participation = participation_for(table, selection_records())
    return Engine(table, participation).matrix([eligibility], threads=1).rows(0)


def eligible_company_ids(
    program: Program, on: date | None = None, *, table: CompanyTable | None = None
) -> np.ndarray:
    """Ids (int64, ascending) of the companies that qualify for `program` for an application
    made on `on` (default today), under the rule version program_eligibility applies."""
    table = company_table() if table is None else table
    return table.ids[eligible_rows(program_eligibility(program, on), table)]


def eligible_count(
    program: Program, on: date | None = None, *, table: CompanyTable | None = None
) -> int:
    return len(eligible_company_ids(program, on, table=table))


@dataclass(frozen=True)
class EligibleCount:
    count: int
    total: int


def count_eligible(eligibility: ProgramEligibility, table: CompanyTable) -> EligibleCount:
    return EligibleCount(len(eligible_rows(eligibility, table)), table.n)


def ids_by_name(ids: np.ndarray) -> np.ndarray:
    """`ids` in the registry's list order (name, then id). Reads every company id in that
    order (one query of integers) rather than sending the ids back as a parameter list, which
    the databases cap at tens of thousands."""
    ordered = np.fromiter(
        Company.objects.order_by("name_ko", "id").values_list("id", flat=True).iterator(),
        dtype=np.int64,
    )
    return ordered[np.isin(ordered, ids)]


def companies_by_id(ids) -> list[Company]:
    """The companies with `ids` (at most a page or an export chunk), in the order given, with
    what the lists show."""
    wanted = [int(i) for i in ids]
    found = Company.objects.select_related("region", "ksic").in_bulk(wanted)
    return [found[i] for i in wanted if i in found]


def companies_in_chunks(ids: np.ndarray, size: int = EXPORT_CHUNK):
    """Every company of `ids`, in that order, fetched `size` at a time (exports)."""
    for start in range(0, len(ids), size):
        yield from companies_by_id(ids[start : start + size])


def rule_summary(rule: dict[str, Any], day: date) -> list[str]:
    """A readable summary of a stored rule in the active language: one line per top-level
    criterion, groups written out inline ("at least one of: …")."""
    node = parse_rule(rule)
    if isinstance(node, All) and not node.criteria:
        return [gettext("every company qualifies")]
    return [describe(criterion, day) for _cid, criterion in top_level(node)]


def describe(node: Node, day: date) -> str:
    """One criterion as a sentence: the reference evaluator's requirement phrase, with the
    members of a group spelled out."""
    if isinstance(node, All | AnyOf):
        items = "; ".join(describe(child, day) for child in node.criteria)
        if isinstance(node, AnyOf):
            return gettext("at least one of: %(items)s") % {"items": items}
        if not node.criteria:
            return gettext("every company qualifies")
        return gettext("all of: %(items)s") % {"items": items}
    if isinstance(node, Not):
        return gettext("not: %(item)s") % {"item": describe(node.criterion, day)}
    return requirement(node, day)


@dataclass(frozen=True)
class Vocabulary:
    """What the rule builder offers and shows back: region codes in force with their names,
    the programme series past-participation criteria name, and KSIC names for codes used."""

    regions: dict[str, str] = field(default_factory=dict)
    series: tuple[str, ...] = ()
    ksic: dict[str, tuple[str, str]] = field(default_factory=dict)


def builder_vocabulary() -> Vocabulary:
    return Vocabulary(regions=region_names(), series=tuple(program_series()))


def with_ksic_names(vocabulary: Vocabulary, rule: Any) -> Vocabulary:
    """`vocabulary` with the names of every KSIC code an industry criterion of `rule` names."""
    codes: set[str] = set()
    stack = [rule]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        if node.get("type") == "industry":
            for name in ("in", "not_in"):
                if isinstance(node.get(name), list):
                    codes.update(c for c in node[name] if isinstance(c, str))
        if isinstance(node.get("criteria"), list):
            stack.extend(node["criteria"])
        stack.append(node.get("criterion"))
    return replace(vocabulary, ksic=ksic_names(codes))


def region_names() -> dict[str, str]:
    """Every region code in force → its full name ("41173" → "경기도 안양시 동안구"), in code
    order: what the rule builder offers."""
    rows = list(
        Region.objects.filter(valid_to__isnull=True)
        .order_by("code")
        .values_list("code", "level", "name_ko", "parent_code")
    )
    provinces = {code: name for code, level, name, _parent in rows if level == 1}
    return {
        code: name if level == 1 else f"{provinces.get(parent, '')} {name}".strip()
        for code, level, name, parent in rows
    }


def program_series() -> list[str]:
    """The programme keys (series) past-participation criteria can name."""
    return list(Program.objects.order_by("series").values_list("series", flat=True).distinct())


def ksic_names(codes) -> dict[str, tuple[str, str]]:
    """KSIC code → (Korean name, English name), revision 11's name where both revisions have
    the code. Codes that are not KSIC codes are left out."""
    names: dict[str, tuple[str, str]] = {}
    rows = KsicCode.objects.filter(code__in=set(codes)).order_by("-revision")
    for code, name_ko, name_en in rows.values_list("code", "name_ko", "name_en"):
        names.setdefault(code, (name_ko, name_en))
    return names
