"""The code lists rules refer to: 시도/시군구 region codes, KSIC codes, certification kinds and
growth stages. Plain Python over jiwon/core/data, so the engine runs without a database."""

from dataclasses import dataclass
from functools import cache

from jiwon.core.reference import read_csv

# Mirrors jiwon.companies.models.CertificationKind and GrowthStage (a test keeps them equal):
# plain tuples, so that the engines' columns and lookup tables index them without the ORM.
CERTIFICATION_KINDS = (
    "venture",
    "innobiz",
    "mainbiz",
    "women",
    "social",
    "disabled",
    "small_manufacturer",
)
GROWTH_STAGES = ("G240", "BLUE100", "ACE20", "UNICORN")
KSIC_REVISIONS = (11, 10)


@dataclass(frozen=True)
class Region:
    code: str
    level: int
    name_ko: str
    parent_code: str


@dataclass(frozen=True)
class Ksic:
    code: str
    level: int
    name_ko: str
    name_en: str
    section: str


@cache
def regions() -> dict[str, Region]:
    """The codes in force (data/regions.csv): 시도 (2 digits) and 시군구 (5 digits)."""
    return {
        r["code"]: Region(r["code"], int(r["level"]), r["name_ko"], r["parent_code"])
        for r in read_csv("regions.csv")
    }


@cache
def districts() -> dict[str, frozenset[str]]:
    """City code → codes of its 구 (안양시 41170 → 41171 만안구, 41173 동안구). A district shares
    the city's first four digits and its name starts with the city's name; the name check keeps
    neighbours such as 영동군 43740 and 증평군 43745 apart."""
    level2 = [r for r in regions().values() if r.level == 2]
    found: dict[str, set[str]] = {}
    for city in level2:
        for other in level2:
            if (
                other.code != city.code
                and other.code[:4] == city.code[:4]
                and other.name_ko.startswith(city.name_ko + " ")
            ):
                found.setdefault(city.code, set()).add(other.code)
    return {code: frozenset(members) for code, members in found.items()}


def region_covers(rule_code: str, company_code: str) -> bool:
    """Whether a code named in a rule covers a company's 시군구: itself, every 시군구 of a 시도,
    and every 구 of a city that has them."""
    if rule_code == company_code:
        return True
    if len(rule_code) == 2:
        return company_code[:2] == rule_code
    return company_code in districts().get(rule_code, ())


def region_name(code: str) -> str:
    region = regions().get(code)
    return region.name_ko if region else code


@cache
def ksic_codes() -> dict[str, Ksic]:
    """Every KSIC code of revisions 11 and 10 (names from revision 11 where both have it).
    Rules match codes as text prefixes; the revisions share their sections and divisions."""
    rows = read_csv("ksic.csv")
    section_of = {r["code"]: r["parent_code"] for r in rows if r["level"] == "2"}
    found: dict[str, Ksic] = {}
    for revision in KSIC_REVISIONS:
        for r in rows:
            if int(r["revision"]) != revision or r["code"] in found:
                continue
            code = r["code"]
            section = code if r["level"] == "1" else section_of[code[:2]]
            found[code] = Ksic(code, int(r["level"]), r["name_ko"], r["name_en"], section)
    return found


def ksic_section(code: str) -> str:
    if not code:
        return ""
    if code.isalpha():
        return code
    known = ksic_codes().get(code[:2])
    return known.section if known else ""


def ksic_matches(rule_code: str, company_code: str) -> bool:
    """A section letter matches every code in its divisions; digits match as a prefix, so a
    rule naming 26 covers 26111 but a company filed only under 26 does not satisfy 26111."""
    if not company_code:
        return False
    if rule_code.isalpha():
        return ksic_section(company_code) == rule_code
    return company_code.startswith(rule_code)


def ksic_name(code: str) -> tuple[str, str]:
    known = ksic_codes().get(code)
    return (known.name_ko, known.name_en) if known else ("", "")


@cache
def region_keys(company_code: str) -> frozenset[str]:
    """Every rule code that covers `company_code` (see region_covers): the code, its 시도 and
    the city it is a 구 of. The engines test a rule by intersecting its codes with these."""
    keys = {company_code, company_code[:2]}
    keys.update(city for city, members in districts().items() if company_code in members)
    return frozenset(keys)


@cache
def ksic_keys(company_code: str) -> frozenset[str]:
    """Every rule code that matches `company_code` (see ksic_matches): its section letter and
    each of its digit prefixes of two or more digits."""
    if not company_code:
        return frozenset()
    if company_code.isalpha():
        return frozenset({company_code})
    keys = {company_code[:k] for k in range(2, len(company_code) + 1)}
    section = ksic_section(company_code)
    if section:
        keys.add(section)
    return frozenset(keys)


def rule_matches(include: frozenset[str], exclude: frozenset[str], keys: frozenset[str]) -> bool:
    return (not include or not include.isdisjoint(keys)) and exclude.isdisjoint(keys)
