"""Rule builders for the demo programmes: plain JSON, as staff would store it."""

from typing import Any


def local() -> dict:
    return {"type": "region", "local_only": True}


def region(*codes: str) -> dict:
    return {"type": "region", "in": list(codes)}


def industry(*codes: str, not_in: tuple[str, ...] = ()) -> dict:
    rule: dict[str, Any] = {"type": "industry", "in": list(codes)}
    if not_in:
        rule["not_in"] = list(not_in)
    return rule


def age(minimum: int | None = None, maximum: int | None = None) -> dict:
    return {"type": "representative_age", "min": minimum, "max": maximum}


def years(
    *,
    under: int | None = None,
    within: int | None = None,
    at_least: int | None = None,
    prefounder: str = "forbidden",
) -> dict:
    """업력: `under` Y년 미만, `within` Y년 이내 (the anniversary itself still counts)."""
    rule: dict[str, Any] = {"type": "years_in_business", "prefounder": prefounder}
    if under is not None:
        rule.update(max_years=under, max_inclusive=False)
    if within is not None:
        rule.update(max_years=within, max_inclusive=True)
    if at_least is not None:
        rule.update(min_years=at_least)
    return rule


def employees(minimum: int | None = None, maximum: int | None = None) -> dict:
    return {"type": "employees", "min": minimum, "max": maximum}


def sales_at_most(won: int) -> dict:
    return {"type": "sales", "max": won, "basis": "last_year"}


def certified(*kinds: str) -> dict:
    return {"type": "certification", "kinds": list(kinds), "mode": "any"}


def stage(*stages: str) -> dict:
    return {"type": "growth_stage", "in": list(stages)}


def all_of(*criteria: dict) -> dict:
    return {"type": "all", "criteria": list(criteria)}


def any_of(*criteria: dict) -> dict:
    return {"type": "any", "criteria": list(criteria)}


def small_manufacturer(division: str = "C") -> dict:
    """소공인: certified, or a manufacturer with fewer than 10 employees (소공인법 제2조)."""
    return any_of(certified("small_manufacturer"), all_of(industry(division), employees(None, 9)))
