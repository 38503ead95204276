"""Every predicate at its boundaries. Each verdict comes from the reference evaluator after
`agreed` has checked that the batch engine and the one-company path give the same answer."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from jiwon.programs.eligibility.facts import (
    CertificationFact,
    CompanyFacts,
    ParticipationFact,
    StageChangeFact,
)
from jiwon.programs.eligibility.rules import parse_program, parse_rule, rule_to_json

NOTICE = date(2019, 4, 8)


def company(**changes) -> CompanyFacts:
    values = {
        "id": 1,
        "birth_date": date(1985, 6, 1),
        "region": "41173",
        "founded_on": date(2015, 3, 2),
        "is_local": True,
        "ksic": "26211",
        "employees": 10,
        "sales_won": 1_000_000_000,
    }
    values.update(changes)
    return CompanyFacts(**values)


@pytest.fixture
def passes(agreed):
    """Whether `company(**changes)` meets `criterion` on `day`, the engines agreeing."""

    def check(criterion: dict, day: date = NOTICE, **changes) -> bool:
        return agreed(company(**changes), parse_program("P", day, criterion)).passed

    return check


AGE_39_MAX = {"type": "representative_age", "max": 39}
AGE_40_MIN = {"type": "representative_age", "min": 40}


def test_it_counts_a_representative_born_1979_04_09_as_39_on_2019_04_08(passes):
    assert passes(AGE_39_MAX, birth_date=date(1979, 4, 9))
    assert not passes(AGE_40_MIN, birth_date=date(1979, 4, 9))


def test_it_counts_the_same_representative_as_40_on_the_birthday(passes):
    assert not passes(AGE_39_MAX, date(2019, 4, 9), birth_date=date(1979, 4, 9))
    assert passes(AGE_40_MIN, date(2019, 4, 9), birth_date=date(1979, 4, 9))


def test_it_makes_a_29_february_birthday_fall_on_1_march_in_common_years(passes):
    born = date(2000, 2, 29)
    adult = {"type": "representative_age", "min": 19}
    assert not passes(adult, date(2019, 2, 28), birth_date=born)
    assert passes(adult, date(2019, 3, 1), birth_date=born)
    assert passes({"type": "representative_age", "min": 20}, date(2020, 2, 29), birth_date=born)
    assert not passes({"type": "representative_age", "min": 20}, date(2020, 2, 28), birth_date=born)


def test_it_accepts_an_age_range_inclusive_at_both_ends(passes):
    rule = {"type": "representative_age", "min": 19, "max": 34}
    assert passes(rule, birth_date=date(2000, 4, 8))  # 19 today
    assert not passes(rule, birth_date=date(2000, 4, 9))  # 18 until tomorrow
    assert passes(rule, birth_date=date(1984, 4, 9))  # 34 until tomorrow
    assert not passes(rule, birth_date=date(1984, 4, 8))  # 35 today


UNDER_7 = {"type": "years_in_business", "max_years": 7}


def test_it_does_not_count_a_company_founded_exactly_7_years_before_as_under_7(passes):
    assert not passes(UNDER_7, founded_on=date(2012, 4, 8))
    assert passes(UNDER_7, founded_on=date(2012, 4, 9))


def test_it_disqualifies_one_day_over_an_inclusive_maximum(passes):
    within_7 = {"type": "years_in_business", "max_years": 7, "max_inclusive": True}
    assert passes(within_7, founded_on=date(2012, 4, 8))
    assert not passes(within_7, founded_on=date(2012, 4, 7))


def test_it_applies_inclusive_and_exclusive_minimum_years(passes):
    at_least_3 = {"type": "years_in_business", "min_years": 3}
    more_than_3 = {"type": "years_in_business", "min_years": 3, "min_inclusive": False}
    assert passes(at_least_3, founded_on=date(2016, 4, 8))
    assert not passes(at_least_3, founded_on=date(2016, 4, 9))
    assert not passes(more_than_3, founded_on=date(2016, 4, 8))
    assert passes(more_than_3, founded_on=date(2016, 4, 7))


def test_it_puts_the_anniversary_of_a_29_february_founding_on_1_march(passes):
    under_1 = {"type": "years_in_business", "max_years": 1}
    assert passes(under_1, date(2017, 2, 28), founded_on=date(2016, 2, 29))
    assert not passes(under_1, date(2017, 3, 1), founded_on=date(2016, 2, 29))


def test_it_treats_a_founding_after_the_reference_date_as_no_time_in_business(passes):
    later = {"founded_on": date(2019, 5, 1)}
    assert passes(UNDER_7, **later)
    assert not passes({"type": "years_in_business", "min_years": 0}, **later)


@pytest.mark.parametrize(
    ("option", "prefounder_passes", "company_passes"),
    [("allowed", True, True), ("forbidden", False, True), ("required", True, False)],
)
def test_it_applies_the_prefounder_option(passes, option, prefounder_passes, company_passes):
    rule = {"type": "years_in_business", "prefounder": option}
    if option != "required":
        rule["max_years"] = 7
    assert passes(rule, prefounder=True, founded_on=None) is prefounder_passes
    assert passes(rule, founded_on=date(2015, 1, 1)) is company_passes


def test_it_covers_a_citys_districts_and_a_provinces_cities(passes):
    in_anyang = {"type": "region", "in": ["41170"]}
    assert passes(in_anyang, region="41171")
    assert passes(in_anyang, region="41173")
    assert not passes(in_anyang, region="41190")
    assert passes({"type": "region", "in": ["41"]}, region="41173")
    assert not passes({"type": "region", "in": ["11"]}, region="41173")


def test_it_excludes_listed_cities_and_keeps_neighbouring_codes_apart(passes):
    gyeonggi_but_not_anyang = {"type": "region", "in": ["41"], "not_in": ["41170", "41290"]}
    assert not passes(gyeonggi_but_not_anyang, region="41171")
    assert not passes(gyeonggi_but_not_anyang, region="41290")
    assert passes(gyeonggi_but_not_anyang, region="41270")
    # 증평군 (43745) shares 영동군's first four digits but is not one of its districts.
    assert not passes({"type": "region", "in": ["43740"]}, region="43745")


def test_it_requires_local_companies_when_asked(passes):
    rule = {"type": "region", "local_only": True}
    assert passes(rule, is_local=True)
    assert not passes(rule, is_local=False, region="41190")


def test_it_matches_ksic_sections_and_prefixes_at_any_level(passes):
    assert passes({"type": "industry", "in": ["C"]}, ksic="26211")
    assert passes({"type": "industry", "in": ["261"]}, ksic="26110")
    assert not passes({"type": "industry", "in": ["262"]}, ksic="26110")
    assert not passes({"type": "industry", "in": ["J"]}, ksic="26211")
    # A company filed only under division 26 is not known to be in group 261.
    assert not passes({"type": "industry", "in": ["261"]}, ksic="26")
    assert passes({"type": "industry", "in": ["C"]}, ksic="C")


def test_it_excludes_industries_and_lets_a_company_without_a_code_pass_an_exclusion(passes):
    no_bars = {"type": "industry", "not_in": ["56211"]}
    assert not passes(no_bars, ksic="56211")
    assert passes(no_bars, ksic="56111")
    assert passes(no_bars, ksic="")
    assert not passes({"type": "industry", "in": ["C"]}, ksic="")


def test_it_includes_both_ends_of_employee_and_sales_ranges(passes):
    employees = {"type": "employees", "min": 1, "max": 299}
    assert passes(employees, employees=1)
    assert passes(employees, employees=299)
    assert not passes(employees, employees=300)
    assert not passes(employees, employees=0)
    sales = {"type": "sales", "max": 12_000_000_000}
    assert passes(sales, sales_won=12_000_000_000)
    assert not passes(sales, sales_won=12_000_000_001)


def test_it_counts_a_certification_valid_from_its_first_to_its_last_day(passes):
    venture = {"type": "certification", "kinds": ["venture"]}

    def held(start, end):
        return passes(venture, certifications=(CertificationFact("venture", start, end),))

    assert held(NOTICE, date(2021, 1, 1))
    assert held(date(2017, 1, 1), NOTICE)
    assert held(date(2017, 1, 1), None)
    assert not held(date(2019, 4, 9), None)
    assert not held(date(2017, 1, 1), date(2019, 4, 7))


def test_it_distinguishes_any_of_from_all_of_certifications(passes):
    certs = (CertificationFact("venture", date(2018, 1, 1)),)
    kinds = ["venture", "innobiz"]
    assert passes({"type": "certification", "kinds": kinds}, certifications=certs)
    rule = {"type": "certification", "kinds": kinds, "mode": "all"}
    assert not passes(rule, certifications=certs)
    both = (*certs, CertificationFact("innobiz", date(2019, 1, 1), date(2019, 12, 31)))
    assert passes(rule, certifications=both)


@pytest.mark.parametrize(
    ("criterion", "kind"),
    [("women_owned", "women"), ("disabled_owned", "disabled"), ("social_enterprise", "social")],
)
def test_it_derives_ownership_from_a_certification_valid_on_the_day(passes, criterion, kind):
    valid = (CertificationFact(kind, date(2018, 1, 1), date(2020, 1, 1)),)
    expired = (CertificationFact(kind, date(2016, 1, 1), date(2019, 4, 7)),)
    assert passes({"type": criterion}, certifications=valid)
    assert not passes({"type": criterion}, certifications=expired)
    assert not passes({"type": criterion})


def test_it_excludes_a_selection_up_to_and_including_its_nth_anniversary(passes):
    rule = {"type": "past_selection", "programs": ["BLUE100"], "within_years": 3}

    def selected(on, program="BLUE100"):
        return passes(rule, participations=(ParticipationFact(program, on, None),))

    assert not selected(date(2016, 4, 8))  # exactly 3 years ago: still within 3 years
    assert selected(date(2016, 4, 7))
    assert not selected(NOTICE)
    assert selected(date(2019, 4, 9))  # after the reference date: not known then
    assert selected(date(2018, 1, 1), program="ACE20")


def test_it_counts_projects_in_progress_on_the_reference_date(passes):
    rule = {"type": "in_progress", "max": 1}

    def running(*ends):
        parts = tuple(ParticipationFact("X", date(2018, 1, 1), end) for end in ends)
        return passes(rule, participations=parts)

    assert running(None)
    assert not running(None, NOTICE)  # a project ending on the day is still running
    assert running(None, date(2019, 4, 7))
    starting = (ParticipationFact("A", NOTICE), ParticipationFact("B", NOTICE))
    assert not passes(rule, participations=starting)
    only_b = {"type": "in_progress", "max": 1, "programs": ["A"]}
    assert passes(only_b, participations=starting)


AVERAGE_UNDER_1_EOK = {"type": "sales", "max": 100_000_000, "basis": "three_year_average"}


def test_it_averages_the_sales_of_the_three_years_before_the_reference_year(passes):
    # Notice 2019-04-08: the window is 2016–2018; 2015 and 2019 do not count.
    years = ((2015, 10**12), (2016, 50_000_000), (2017, 100_000_000), (2018, 150_000_003))
    assert not passes(AVERAGE_UNDER_1_EOK, sales_by_year=years, sales_won=0)
    fits = ((2016, 50_000_000), (2017, 100_000_000), (2018, 150_000_000), (2019, 10**12))
    assert passes(AVERAGE_UNDER_1_EOK, sales_by_year=fits, sales_won=10**12)


def test_it_rounds_the_average_down_to_the_won(passes):
    # (100,000,000 + 100,000,000 + 100,000,001) / 3 = 100,000,000.33… → 100,000,000 won.
    years = ((2016, 100_000_000), (2017, 100_000_000), (2018, 100_000_001))
    assert passes(AVERAGE_UNDER_1_EOK, sales_by_year=years)
    # Two years reported: 200,000,001 / 2 = 100,000,000.5 → 100,000,000 won still fits.
    assert passes(AVERAGE_UNDER_1_EOK, sales_by_year=((2017, 100_000_000), (2018, 100_000_001)))
    assert not passes(AVERAGE_UNDER_1_EOK, sales_by_year=((2017, 1), (2018, 200_000_001)))


def test_it_averages_only_the_years_reported_and_falls_back_to_last_years_sales(passes):
    assert passes(AVERAGE_UNDER_1_EOK, sales_by_year=((2018, 100_000_000),), sales_won=10**12)
    assert not passes(AVERAGE_UNDER_1_EOK, sales_by_year=((2018, 100_000_001),), sales_won=0)
    assert passes(AVERAGE_UNDER_1_EOK, sales_by_year=((2015, 10**12),), sales_won=100_000_000)
    assert not passes(AVERAGE_UNDER_1_EOK, sales_by_year=(), sales_won=100_000_001)


def test_it_explains_the_three_year_average_with_the_years_it_used(agreed):
    program = parse_program("P", NOTICE, {"type": "all", "criteria": [AVERAGE_UNDER_1_EOK]})
    years = ((2016, 100_000_000), (2018, 200_000_001))
    result = agreed(company(sales_by_year=years), program)
    assert result.criteria[0].value == {"sales_won": 150_000_000, "years": [2016, 2018]}
    assert result.criteria[0].text_in("en") == (
        "average sales 150,000,000 won (reported for 2016, 2018) — "
        "average sales of 2016–2018 must be at most 100,000,000 won"
    )
    fallback = agreed(company(sales_won=5), program).criteria[0].text_in("en")
    assert fallback.startswith("last year's sales 5 won (no yearly sales reported for 2016–2018)")
    assert " — " in result.criteria[0].text_in("ko")


def test_it_matches_growth_stages_in_the_list(passes):
    rule = {"type": "growth_stage", "in": ["G240", "BLUE100"]}
    assert passes(rule, growth_stage="BLUE100")
    assert not passes(rule, growth_stage="ACE20")
    assert not passes(rule, growth_stage="")


def test_it_judges_the_growth_stage_on_the_reference_date(passes):
    blue100 = {"type": "growth_stage", "in": ["BLUE100"]}
    history = (
        StageChangeFact(date(2017, 3, 1), "G240"),
        StageChangeFact(NOTICE, "BLUE100"),
        StageChangeFact(date(2020, 1, 1), "ACE20"),
    )
    # Promoted on the notice date: already BLUE100 that day, still G240 the day before.
    assert passes(blue100, NOTICE, stage_changes=history, growth_stage="ACE20")
    assert not passes(blue100, date(2019, 4, 7), stage_changes=history, growth_stage="ACE20")
    assert not passes(blue100, date(2020, 1, 1), stage_changes=history, growth_stage="ACE20")


def test_it_gives_no_stage_before_the_first_change_and_the_current_one_without_history(passes):
    g240 = {"type": "growth_stage", "in": ["G240"]}
    later = (StageChangeFact(date(2019, 4, 9), "G240"),)
    assert not passes(g240, NOTICE, stage_changes=later, growth_stage="G240")
    assert passes(g240, NOTICE, stage_changes=(), growth_stage="G240")


def test_it_lets_the_later_recorded_of_two_same_day_changes_win(passes):
    g240 = {"type": "growth_stage", "in": ["G240"]}
    corrected = (StageChangeFact(NOTICE, "BLUE100"), StageChangeFact(NOTICE, "G240"))
    assert passes(g240, NOTICE, stage_changes=corrected)
    assert not passes(g240, NOTICE, stage_changes=corrected[::-1])


def test_it_combines_with_any_and_not(passes):
    rule = {
        "type": "any",
        "criteria": [
            {"type": "women_owned"},
            {"type": "not", "criterion": {"type": "employees", "min": 50}},
        ],
    }
    assert passes(rule, employees=49)
    assert not passes(rule, employees=50)


def test_it_explains_a_failed_criterion_in_english_and_korean(agreed):
    program = parse_program("BLUE100", NOTICE, {"type": "all", "criteria": [UNDER_7]})
    result = agreed(company(founded_on=date(2011, 2, 1)), program)
    assert result.criteria[0].text_in("en") == (
        "8 years 2 months in business — must be under 7 years"
    )
    assert result.criteria[0].value == {"prefounder": False, "months": 98}
    assert result.criteria[0].text_in("ko") == "업력 8년 2개월 — 7년 미만이어야 합니다"


def test_it_reports_a_near_miss_with_the_one_failing_criterion(agreed_results):
    rule = {
        "type": "all",
        "criteria": [
            {"id": "age", **AGE_39_MAX},
            {"id": "young", **UNDER_7},
            {"type": "region", "in": ["41"]},
        ],
    }
    program = parse_program("P", NOTICE, rule)
    older = company(birth_date=date(1970, 1, 1))
    both = company(birth_date=date(1970, 1, 1), founded_on=date(2000, 1, 1))
    [[near], [far]] = agreed_results([older, both], [program])
    assert near.near_miss.criterion_id == "age"
    assert "representative aged 49" in near.near_miss.text_in("en")
    assert far.near_miss is None and len(far.failed) == 2


def test_it_round_trips_rules_through_json():
    rule = {
        "type": "all",
        "criteria": [
            {"type": "region", "in": ["41"], "not_in": ["41170"], "local_only": False},
            {"type": "industry", "in": ["C", "58"], "not_in": []},
            {"type": "sales", "min": None, "max": 10**10, "basis": "last_year"},
        ],
    }
    node = parse_rule(rule)
    assert parse_rule(rule_to_json(node)) == node
    assert rule_to_json(node)["criteria"][0] == rule["criteria"][0]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"type": "region", "in": ["99999"]}, "“99999” is not a region code in force"),
        ({"type": "industry", "in": ["2"]}, "“2” is not a KSIC code"),
        ({"type": "representative_age", "min": 40, "max": 39}, "minimum is larger than"),
        ({"type": "employees", "max": "10"}, "enter a whole number"),
        ({"type": "sales", "max": 1, "basis": "two_years"}, "“two_years” is not one of"),
        ({"type": "years_in_business", "min_years": 7, "max_years": 7}, "no company can"),
        ({"type": "years_in_business", "prefounder": "required", "max_years": 1}, "cannot also"),
        ({"type": "certification", "kinds": ["gold"]}, "“gold” is not one of"),
        ({"type": "any", "criteria": []}, "add at least one criterion"),
        ({"type": "region", "in": ["41"], "colour": "red"}, "unknown field “colour”"),
        ({"type": "age"}, "unknown criterion type “age”"),
        ({"type": "past_selection", "programs": ["BLUE100"]}, "“within_years” is required"),
        ({"type": "not"}, "“criterion” is required"),
    ],
)
def test_it_rejects_invalid_rules_with_a_message_saying_what_to_fix(rule, message):
    with pytest.raises(ValidationError) as raised:
        parse_rule({"type": "all", "criteria": [rule]})
    with translation.override("en"):
        messages = raised.value.messages
    assert any(m.startswith("rule.criteria[0]") and message in m for m in messages)


def test_it_rejects_a_duplicate_criterion_id():
    rule = {"type": "all", "criteria": [{"id": "a", **AGE_39_MAX}, {"id": "a", **UNDER_7}]}
    with pytest.raises(ValidationError) as raised:
        parse_rule(rule)
    with translation.override("en"):
        assert "rule.criteria[1]: the id “a” is used twice." in raised.value.messages


def test_it_keeps_certification_kinds_and_stages_in_step_with_the_models():
    from jiwon.companies.models import CertificationKind, GrowthStage
    from jiwon.programs.eligibility.codes import CERTIFICATION_KINDS, GROWTH_STAGES

    assert set(CERTIFICATION_KINDS) == set(CertificationKind.values)
    assert tuple(GrowthStage.values) == GROWTH_STAGES


def test_it_explains_every_kind_of_criterion_in_both_languages(agreed):
    rule = {
        "type": "all",
        "criteria": [
            {"type": "region", "in": ["41"], "not_in": ["41290"], "local_only": True},
            {"type": "industry", "in": ["C"], "not_in": ["56211"]},
            {"type": "years_in_business", "min_years": 1, "max_years": 7, "prefounder": "allowed"},
            {"type": "representative_age", "min": 19, "max": 39},
            {"type": "employees", "min": 1},
            {"type": "sales", "max": 12_000_000_000},
            {"type": "certification", "kinds": ["venture", "innobiz"], "mode": "all"},
            {"type": "women_owned"},
            {"type": "disabled_owned"},
            {"type": "social_enterprise"},
            {"type": "past_selection", "programs": ["BLUE100"], "within_years": 3},
            {"type": "in_progress", "max": 0, "programs": ["X"]},
            {"type": "growth_stage", "in": ["G240"]},
            {"type": "not", "criterion": {"type": "any", "criteria": [{"type": "women_owned"}]}},
            {"type": "sales", "min": 1, "basis": "three_year_average"},
        ],
    }
    facts = company(
        certifications=(CertificationFact("venture", date(2018, 1, 1)),),
        participations=(ParticipationFact("BLUE100", date(2018, 5, 1), None),),
    )
    result = agreed(facts, parse_program("P", NOTICE, rule))
    texts = [c.text_in("en") for c in result.criteria]
    assert texts[0] == (
        "located in 안양시 동안구 (local) — must be local; must be in 경기도; must not be in 과천시"
    )
    assert (
        texts[1] == "KSIC 26211 Manufacture of liquid crystal display components — "
        "must be in KSIC C; must not be in KSIC 56211"
    )
    assert texts[2] == (
        "4 years 1 month in business — must be at least 1 year and under 7 years, or a pre-founder"
    )
    assert texts[5] == (
        "last year's sales 1,000,000,000 won — last year's sales must be at most 12,000,000,000 won"
    )
    assert texts[10] == (
        "selected in BLUE100 on 2018-05-01 — must not have been selected in BLUE100 within 3 years"
    )
    assert texts[11] == "0 projects in progress — must have at most 0 projects in progress in X"
    assert texts[12] == "no growth stage on 2019-04-08 — must be at growth stage G240"
    for explanation in result.criteria:
        assert " — " in explanation.text_in("ko")


# Unusual data: the written semantics hold in every engine --------------------------------------


def test_a_prefounder_counts_0_employees_and_0_sales_whatever_is_stored(passes, agreed):
    few = {"type": "employees", "max": 10}
    some_sales = {"type": "sales", "min": 1}
    stored = {"prefounder": True, "founded_on": None, "employees": 50, "sales_won": 9 * 10**9}
    assert passes(few, **stored)
    assert not passes(some_sales, **stored)
    program = parse_program("P", NOTICE, {"type": "all", "criteria": [AVERAGE_UNDER_1_EOK]})
    reported = ((2016, 10**10), (2017, 10**10), (2018, 10**10))
    result = agreed(company(**stored, sales_by_year=reported), program)
    assert result.passed
    assert result.criteria[0].value["sales_won"] == 0


def test_a_representative_born_after_the_reference_date_is_aged_0_never_negative(agreed):
    born_later = company(birth_date=date(2022, 1, 1))
    for rule, passed in (
        ({"type": "representative_age", "max": 39}, True),
        ({"type": "representative_age", "min": 0}, True),
        ({"type": "representative_age", "min": 1}, False),
    ):
        result = agreed(born_later, parse_program("P", NOTICE, {"type": "all", "criteria": [rule]}))
        assert result.passed is passed
        assert result.criteria[0].value == {"age": 0}
        assert "aged -" not in result.criteria[0].text_in("en")


def test_a_company_filed_under_a_retired_code_matches_the_code_that_took_it_over(passes):
    # 29110 광주광역시 동구 became 12210 전남광주통합특별시 동구 on 2026-07-01.
    assert passes({"type": "region", "in": ["12210"]}, region="29110")
    assert passes({"type": "region", "in": ["12"]}, region="29110")
    assert not passes({"type": "region", "not_in": ["12"]}, region="29110")
    # 28110 인천 중구 was split: only its 시도 is known.
    assert passes({"type": "region", "in": ["28"]}, region="28110")
    assert not passes({"type": "region", "in": ["28125"]}, region="28110")
