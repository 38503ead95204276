"""Random companies and random rule trees: the reference evaluator, the batch engine and the
one-company path must agree exactly on every pair (and on near misses). Dates cluster on
birthdays and founding anniversaries around the reference dates, leap days included."""

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jiwon.programs.eligibility.batch import Engine
from jiwon.programs.eligibility.columns import STAGE_VOCABULARY, table_from_facts
from jiwon.programs.eligibility.dates import add_years
from jiwon.programs.eligibility.facts import (
    CertificationFact,
    CompanyFacts,
    ParticipationFact,
    StageChangeFact,
)
from jiwon.programs.eligibility.reference import is_eligible
from jiwon.programs.eligibility.rules import ProgramEligibility, parse_rule, rule_to_json

SPECIAL_DAYS = [
    date(2019, 4, 8),
    date(2019, 4, 9),
    date(2020, 2, 28),
    date(2020, 2, 29),
    date(2020, 3, 1),
    date(2021, 2, 28),
    date(2021, 3, 1),
    date(2024, 2, 29),
    date(2025, 12, 31),
    date(2026, 1, 1),
]
COMPANY_REGIONS = ["41171", "41173", "41170", "41111", "11110", "43745", "43740", "12110"]
RULE_REGIONS = ["41", "11", "41170", "41171", "41110", "43740", "12"]
COMPANY_KSIC = ["", "26211", "26110", "26", "C", "10711", "58221", "62010", "56211", "01110"]
RULE_KSIC = ["C", "J", "I", "26", "261", "26211", "10", "58221", "56"]
PROGRAMS = ["BLUE100", "ACE20", "G240", "SMTECH"]
KINDS = ["venture", "innobiz", "women", "social", "disabled"]

days = st.one_of(
    st.sampled_from(SPECIAL_DAYS),
    st.dates(min_value=date(2012, 1, 1), max_value=date(2030, 12, 31)),
)
offsets = st.one_of(st.integers(-2, 2), st.integers(-400, 400))
maybe = st.one_of(st.none(), st.integers(0, 12))
lengths = st.one_of(st.none(), st.integers(0, 3), st.integers(0, 1500))
SALES = [0, 10**8, 12 * 10**8, 12 * 10**8 + 1, 10**11]
# Near the thresholds, so that averages land a fraction of a won either side of them.
SALES_LIMITS = [10**8, 12 * 10**8]
sales_amounts = st.one_of(
    st.builds(lambda won, offset: won + offset, st.sampled_from(SALES_LIMITS), st.integers(-2, 2)),
    st.sampled_from(SALES),
)


@st.composite
def near(draw, day: date, years) -> date:
    """A date close to the `years`-th anniversary before `day` (or a leap day)."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from([date(2000, 2, 29), date(2012, 2, 29), date(2016, 2, 29)]))
    return add_years(day, -draw(years)) + timedelta(days=draw(offsets))


@st.composite
def companies(draw, day: date, identity: int) -> CompanyFacts:
    prefounder = draw(st.integers(0, 5)) == 0
    region = draw(st.sampled_from(COMPANY_REGIONS))
    certifications = []
    for _ in range(draw(st.integers(0, 3))):
        start = day + timedelta(days=draw(offsets))
        length = draw(lengths)
        end = None if length is None else start + timedelta(days=length)
        certifications.append(CertificationFact(draw(st.sampled_from(KINDS)), start, end))
    participations = []
    for _ in range(draw(st.integers(0, 3))):
        selected = draw(near(day, st.integers(0, 5)))
        length = draw(lengths)
        end = None if length is None else selected + timedelta(days=length)
        participations.append(ParticipationFact(draw(st.sampled_from(PROGRAMS)), selected, end))
    reported = draw(st.lists(st.integers(day.year - 4, day.year), max_size=5, unique=True))
    changes = [
        StageChangeFact(
            day + timedelta(days=draw(offsets)), draw(st.sampled_from(STAGE_VOCABULARY))
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return CompanyFacts(
        id=identity,
        birth_date=draw(near(day, st.integers(18, 70))),
        region=region,
        prefounder=prefounder,
        founded_on=None if prefounder else draw(near(day, st.integers(0, 12))),
        is_local=region in ("41171", "41173"),
        ksic=draw(st.sampled_from(COMPANY_KSIC)),
        employees=draw(st.sampled_from([0, 1, 5, 9, 10, 49, 50, 299, 300])),
        sales_won=draw(st.sampled_from(SALES)),
        growth_stage=draw(st.sampled_from(STAGE_VOCABULARY)),
        certifications=tuple(certifications),
        participations=tuple(participations),
        sales_by_year=tuple((year, draw(sales_amounts)) for year in reported),
        stage_changes=tuple(changes),
    )


def subset(items, min_size=0):
    return st.lists(st.sampled_from(items), min_size=min_size, max_size=3, unique=True)


bound = st.one_of(st.none(), st.sampled_from([0, 1, 5, 10, 49, 50, 299, 300]))
leaves = st.one_of(
    st.fixed_dictionaries(
        {"type": st.just("region"), "in": subset(RULE_REGIONS), "not_in": subset(RULE_REGIONS)},
        optional={"local_only": st.booleans()},
    ),
    st.fixed_dictionaries(
        {"type": st.just("industry"), "in": subset(RULE_KSIC), "not_in": subset(RULE_KSIC)}
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("years_in_business"),
            "min_years": maybe,
            "max_years": maybe,
            "min_inclusive": st.booleans(),
            "max_inclusive": st.booleans(),
            "prefounder": st.sampled_from(["allowed", "forbidden", "required"]),
        }
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("representative_age"),
            "min": st.one_of(st.none(), st.integers(18, 70)),
            "max": st.one_of(st.none(), st.integers(18, 70)),
        }
    ),
    st.fixed_dictionaries({"type": st.just("employees"), "min": bound, "max": bound}),
    st.fixed_dictionaries(
        {
            "type": st.just("sales"),
            "min": st.one_of(st.none(), st.sampled_from(SALES_LIMITS)),
            "max": st.one_of(st.none(), st.sampled_from(SALES_LIMITS)),
            "basis": st.sampled_from(["last_year", "three_year_average"]),
        }
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("certification"),
            "kinds": subset(KINDS, 1),
            "mode": st.sampled_from(["any", "all"]),
        }
    ),
    st.fixed_dictionaries(
        {"type": st.sampled_from(["women_owned", "disabled_owned", "social_enterprise"])}
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("past_selection"),
            "programs": subset(PROGRAMS, 1),
            "within_years": st.integers(1, 5),
        }
    ),
    st.fixed_dictionaries(
        {"type": st.just("in_progress"), "max": st.integers(0, 2), "programs": subset(PROGRAMS)}
    ),
    st.fixed_dictionaries({"type": st.just("growth_stage"), "in": subset(STAGE_VOCABULARY[1:], 1)}),
)
trees = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.fixed_dictionaries(
            {"type": st.sampled_from(["all", "any"]), "criteria": st.lists(inner, max_size=4)}
        ),
        st.fixed_dictionaries({"type": st.just("not"), "criterion": inner}),
    ),
    max_leaves=8,
)


def valid_rule(data):
    try:
        return parse_rule(data)
    except Exception:  # an unsatisfiable or empty random rule: draw another
        return None


rules = (
    trees.map(lambda t: {"type": "all", "criteria": [t]} if t["type"] != "all" else t)
    .map(valid_rule)
    .filter(lambda node: node is not None)
)


@st.composite
def scenarios(draw):
    programs = [
        ProgramEligibility(f"P{i}", draw(days), draw(rules)) for i in range(draw(st.integers(1, 4)))
    ]
    population = [
        draw(companies(draw(st.sampled_from(programs)).reference_date, i))
        for i in range(draw(st.integers(1, 12)))
    ]
    return population, programs


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_it_gives_the_same_verdicts_in_the_reference_and_both_engines(agreed_results, scenario):
    population, programs = scenario
    agreed_results(population, programs)
    for program in programs:
        assert parse_rule(rule_to_json(program.rule)) == program.rule


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(2, 4))
def test_it_gives_the_same_matrix_whatever_the_number_of_threads(scenario, threads):
    population, programs = scenario
    # Enough rows for several 64-company words, so every thread gets a slice.
    copies = [replace(c, id=k * 100 + c.id) for k in range(30) for c in population]
    table, participation = table_from_facts(copies)
    engine = Engine(table, participation)
    split = engine.matrix(programs, threads=threads)
    single = engine.matrix(programs, threads=1)
    assert np.array_equal(split.bits, single.bits)
    for p, program in enumerate(programs):
        expected = [row for row, c in enumerate(copies) if is_eligible(c, program)]
        assert split.rows(p).tolist() == expected


history_leaves = st.one_of(
    st.fixed_dictionaries(
        {
            "type": st.just("sales"),
            "min": st.one_of(st.none(), st.sampled_from(SALES_LIMITS)),
            "max": st.sampled_from(SALES_LIMITS),
            "basis": st.just("three_year_average"),
        }
    ),
    st.fixed_dictionaries({"type": st.just("growth_stage"), "in": subset(STAGE_VOCABULARY[1:], 1)}),
)


@st.composite
def history_scenarios(draw):
    """Rules on yearly sales and stage history only, companies dated around their day, so
    that averages and stage changes fall on and beside the boundaries."""
    day = draw(days)
    criteria = draw(st.lists(history_leaves, min_size=1, max_size=2))
    rule = valid_rule({"type": "all", "criteria": criteria})
    assume(rule is not None)
    program = ProgramEligibility("P", day, rule)
    population = [draw(companies(day, i)) for i in range(draw(st.integers(1, 12)))]
    return population, [program]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history_scenarios())
def test_it_agrees_on_three_year_sales_and_the_stage_on_the_reference_date(
    agreed_results, scenario
):
    agreed_results(*scenario)
