"""Target groups (청년, 중장년, 예비창업자, …) derived from eligibility rules: the derivation at
its boundaries, and the backfill of existing programmes when the table was added."""

import importlib

import pytest
from django.apps import apps

from jiwon.programs.eligibility.groups import TARGET_GROUPS
from jiwon.programs.eligibility.rules import parse_rule, rule_to_json
from jiwon.programs.eligibility.targets import target_groups
from jiwon.programs.models import ProgramTarget, TargetGroup
from jiwon.programs.tests.factories import ProgramFactory, rule_version
from jiwon.programs.workflow import ProgramStatus


def age(minimum=None, maximum=None) -> dict:
    return {"type": "representative_age", "min": minimum, "max": maximum}


def years(*, max_years=None, min_years=None, prefounder="forbidden", max_inclusive=False) -> dict:
    return {
        "type": "years_in_business",
        "min_years": min_years,
        "min_inclusive": True,
        "max_years": max_years,
        "max_inclusive": max_inclusive,
        "prefounder": prefounder,
    }


def certified(*kinds: str, mode="any") -> dict:
    return {"type": "certification", "kinds": list(kinds), "mode": mode}


def all_of(*criteria: dict) -> dict:
    return {"type": "all", "criteria": list(criteria)}


def any_of(*criteria: dict) -> dict:
    return {"type": "any", "criteria": list(criteria)}


def not_(criterion: dict) -> dict:
    return {"type": "not", "criterion": criterion}


# Leaves at their boundaries ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("leaf", "groups"),
    [
        (age(maximum=39), ["youth"]),
        (age(maximum=40), []),
        (age(19, 39), ["youth"]),
        (age(minimum=40), ["middle_aged"]),
        (age(minimum=39), []),
        (age(40, 64), ["middle_aged"]),
        (age(), []),
    ],
)
def test_it_derives_youth_and_middle_aged_from_the_representatives_age(leaf, groups):
    assert target_groups(all_of(leaf)) == groups


@pytest.mark.parametrize(
    ("leaf", "groups"),
    [
        (years(max_years=7), ["startup"]),
        (years(max_years=7, max_inclusive=True), ["startup"]),
        (years(max_years=8), []),
        (years(max_years=3, prefounder="allowed"), ["prefounder", "startup"]),
        (years(max_years=8, prefounder="allowed"), ["prefounder"]),
        (years(prefounder="required"), ["prefounder"]),
        # Only pre-founders pass a "required" rule: it is not for startups, whatever the bound.
        (years(max_years=7, prefounder="required"), ["prefounder"]),
        (years(min_years=1), []),
        (years(min_years=1, max_years=7), ["startup"]),
        (years(), []),
    ],
)
def test_it_derives_prefounders_and_startups_from_years_in_business(leaf, groups):
    assert target_groups(all_of(leaf)) == groups


@pytest.mark.parametrize(
    ("leaf", "groups"),
    [
        ({"type": "women_owned"}, ["women"]),
        ({"type": "disabled_owned"}, ["disabled"]),
        ({"type": "social_enterprise"}, ["social"]),
        (certified("women"), ["women"]),
        (certified("disabled", "social"), ["disabled", "social"]),
        (certified("venture", "small_manufacturer", mode="all"), ["small_manufacturer"]),
        (certified("venture", "innobiz", "mainbiz"), []),
    ],
)
def test_it_derives_owner_groups_and_certified_groups(leaf, groups):
    assert target_groups(all_of(leaf)) == groups


@pytest.mark.parametrize(
    "leaf",
    [
        {"type": "region", "in": ["41"], "not_in": [], "local_only": True},
        {"type": "industry", "in": ["C"], "not_in": []},
        {"type": "employees", "min": None, "max": 9},
        {"type": "sales", "min": None, "max": 1_000_000_000, "basis": "last_year"},
        {"type": "growth_stage", "in": ["G240"]},
        {"type": "past_selection", "programs": ["BLUE100"], "within_years": 3},
        {"type": "in_progress", "max": 2, "programs": []},
    ],
)
def test_it_derives_no_group_from_other_criteria(leaf):
    assert target_groups(all_of(leaf)) == []


# Combinators -------------------------------------------------------------------------------


def test_it_ignores_what_a_not_excludes():
    assert target_groups(not_({"type": "women_owned"})) == []
    assert target_groups(all_of(age(maximum=39), not_(all_of(years(max_years=3))))) == ["youth"]
    assert target_groups(any_of(not_(age(minimum=40)), certified("social"))) == ["social"]


def test_it_walks_nested_all_and_any_and_targets_each_alternative():
    rule = all_of(
        {"type": "region", "in": ["41"], "not_in": [], "local_only": False},
        any_of(
            {"type": "women_owned"},
            all_of({"type": "disabled_owned"}, any_of(age(maximum=39), certified("social"))),
        ),
        not_(certified("small_manufacturer")),
    )
    assert target_groups(rule) == ["disabled", "social", "women", "youth"]


def test_it_returns_each_group_once_sorted_and_nothing_for_everyone():
    rule = any_of(certified("women"), {"type": "women_owned"}, age(maximum=34), age(19, 39))
    assert target_groups(rule) == ["women", "youth"]
    assert target_groups(all_of()) == []
    assert target_groups(age(maximum=39)) == ["youth"]


def test_it_reads_the_canonical_form_the_service_stores():
    rule = rule_to_json(
        parse_rule(
            all_of(
                {"type": "years_in_business", "max_years": 7, "prefounder": "allowed"},
                {"type": "representative_age", "max": 39},
                any_of({"type": "women_owned"}, {"type": "social_enterprise"}),
            )
        )
    )
    assert target_groups(rule) == ["prefounder", "social", "startup", "women", "youth"]


def test_it_reads_rules_stored_without_their_defaults():
    # The demo stores its rules as written; a missing field counts as its default.
    assert target_groups({"type": "years_in_business", "max_years": 5}) == ["startup"]
    assert target_groups({"type": "representative_age", "min": 40}) == ["middle_aged"]
    assert target_groups({"type": "certification"}) == []


def test_every_derived_group_is_a_target_group_choice():
    assert set(TARGET_GROUPS) == set(TargetGroup.values)
    assert len(TARGET_GROUPS) == len(TargetGroup.values) == 8


# The backfill (migration 0003) -------------------------------------------------------------


@pytest.mark.django_db
def test_it_backfills_targets_from_each_programmes_newest_version():
    backfill = importlib.import_module(
        "jiwon.programs.migrations.0003_program_target_backfill"
    ).backfill
    changed = ProgramFactory(status=ProgramStatus.COMPLETED)
    rule_version(changed, all_of(age(maximum=39), years(max_years=7)), version=1)
    rule_version(changed, all_of(age(minimum=40)), version=3)
    rule_version(changed, all_of({"type": "women_owned"}), version=2)
    untargeted = ProgramFactory()
    rule_version(untargeted, all_of({"type": "employees", "min": 1, "max": 299}))
    without_rule = ProgramFactory()

    backfill(apps, None)

    assert list(changed.targets.values_list("group", flat=True)) == ["middle_aged"]
    assert not untargeted.targets.exists()
    assert not without_rule.targets.exists()
    assert ProgramTarget.objects.count() == 1
