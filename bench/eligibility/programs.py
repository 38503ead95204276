"""Ten thousand programmes with a realistic mix of predicates, deterministic by seed.

Each programme is drawn from a template (youth startups, 중장년 founders, R&D, marketing,
export, loans, hiring, spaces, social economy, the growth ladder, 소공인 ...) and scoped to
the whole country, a 시도, a city, 관내 or a region with exclusions. Notices fall on business
days of 2026, bunched in the first quarter as real notice boards are. Every rule goes
through parse_rule, so the benchmark only uses rules staff could save.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from bench.eligibility.population import SERIES, ksic_vocabulary, region_vocabulary, series_key
from jiwon.programs.eligibility.codes import districts
from jiwon.programs.eligibility.rules import ProgramEligibility, parse_rule

EXCLUDED_TRADES = ["56211", "56212", "91249", "91291", "L", "K"]  # 유흥·사행·부동산·금융
KNOWLEDGE = ["58", "62", "63", "70", "71", "72", "73"]
GYEONGGI_EXCLUDED = ["41170", "41270", "41130", "41290"]  # 안양, 안산, 성남, 과천
CAPITAL_AREA = ["11", "41", "28"]
EOK = 100_000_000


def notice_days(rng, count: int) -> list[date]:
    days = []
    day = date(2026, 1, 2)
    while day <= date(2026, 11, 20):
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    weights = np.array([3.0 if d.month <= 3 else 1.0 for d in days])
    picked = rng.choice(len(days), count, p=weights / weights.sum())
    return [days[i] for i in picked]


class Builder:
    def __init__(self, rng):
        self.rng = rng
        region_codes, sido_share = region_vocabulary()
        self.sido = sorted({c[:2] for c in region_codes})
        share = {c[:2]: s for c, s in zip(region_codes, sido_share, strict=True)}
        weights = np.array([share[s] for s in self.sido])
        self.sido_p = weights / weights.sum()
        self.places = sorted({*region_codes, *districts()})
        self.ksic5 = ksic_vocabulary()[0]
        manufacturing = [c for c in self.ksic5 if "10" <= c[:2] <= "34"]
        knowledge = [c for c in self.ksic5 if c[:2] in KNOWLEDGE]
        # The loan fund's list of eligible types (524 in Anyang): subclasses, not prefixes.
        self.loan_types = sorted(rng.choice(manufacturing + knowledge, 524, replace=False).tolist())

    def pick(self, options, p=None):
        return options[self.rng.choice(len(options), p=p)]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def scope(self) -> dict | None:
        roll = self.rng.random()
        if roll < 0.30:
            return None
        if roll < 0.65:
            return {"type": "region", "in": [self.pick(self.sido, self.sido_p)]}
        if roll < 0.85:
            return {"type": "region", "in": [self.pick(self.places)]}
        if roll < 0.90:
            return {"type": "region", "local_only": True}
        if roll < 0.95:
            return {"type": "region", "in": ["41"], "not_in": GYEONGGI_EXCLUDED}
        return {"type": "region", "not_in": CAPITAL_AREA}

    def years(self, **extra) -> dict:
        return {"type": "years_in_business", **extra}

    def startup(self) -> list[dict]:
        criteria = [
            {"type": "representative_age", "max": self.pick([39, 39, 34])},
            self.years(
                max_years=self.pick([7, 7, 3, 5]),
                prefounder=self.pick(["allowed", "forbidden"]),
            ),
            {"type": "industry", "not_in": EXCLUDED_TRADES},
        ]
        if self.chance(0.3):
            series = self.rng.integers(SERIES)
            criteria.append(
                {"type": "past_selection", "programs": [series_key(series)], "within_years": 3}
            )
        return criteria

    def senior_startup(self) -> list[dict]:
        return [
            {"type": "representative_age", "min": 40},
            self.years(max_years=7, prefounder="allowed"),
        ]

    def prefounders(self) -> list[dict]:
        criteria = [self.years(prefounder="required")]
        if self.chance(0.5):
            criteria.append({"type": "representative_age", "min": 19, "max": 39})
        return criteria

    def technology(self) -> list[dict]:
        industries = self.pick([["C"], ["C", *KNOWLEDGE], KNOWLEDGE, ["26", "27", "28", "29"]])
        criteria = [
            {"type": "industry", "in": industries},
            {"type": "employees", "max": self.pick([299, 299, 99, 49])},
        ]
        if self.chance(0.5):
            series = [series_key(self.rng.integers(SERIES)) for _ in range(self.rng.integers(1, 4))]
            criteria.append({"type": "past_selection", "programs": series, "within_years": 3})
        if self.chance(0.4):
            criteria.append({"type": "in_progress", "max": 2})
        if self.chance(0.3):
            criteria.append({"type": "certification", "kinds": ["venture", "innobiz"]})
        if self.chance(0.4):
            criteria.append(self.years(min_years=1))
        return criteria

    def marketing(self) -> list[dict]:
        criteria = [
            {
                "type": "sales",
                "max": self.pick([10, 30, 50, 120]) * EOK,
                "basis": self.pick(["last_year", "three_year_average"]),
            },
            self.years(min_years=self.pick([1, 1, 2, 3])),
        ]
        if self.chance(0.5):
            criteria.append({"type": "industry", "in": self.pick([["C"], ["C", "G"], ["C", "J"]])})
        if self.chance(0.3):
            criteria.append({"type": "employees", "min": 1})
        return criteria

    def export(self) -> list[dict]:
        criteria = [
            {"type": "industry", "in": self.pick([["C"], ["C", "46"], ["C", "J", "M"]])},
            {
                "type": "sales",
                "min": self.pick([0, 1, 5]) * EOK,
                "max": 1000 * EOK,
                "basis": self.pick(["last_year", "three_year_average"]),
            },
            self.years(min_years=1),
        ]
        if self.chance(0.3):
            criteria.append({"type": "certification", "kinds": ["venture", "innobiz", "mainbiz"]})
        return criteria

    def loan(self) -> list[dict]:
        return [
            {"type": "industry", "in": self.loan_types, "not_in": EXCLUDED_TRADES},
            {"type": "employees", "min": 1},
            self.years(min_years=self.pick([0, 1]), min_inclusive=True),
        ]

    def hiring(self) -> list[dict]:
        criteria = [
            {"type": "employees", "min": self.pick([1, 5]), "max": self.pick([99, 299])},
            self.years(min_years=1),
        ]
        if self.chance(0.3):
            criteria.append(
                {
                    "type": "any",
                    "criteria": [
                        {"type": "women_owned"},
                        {"type": "disabled_owned"},
                        {"type": "social_enterprise"},
                    ],
                }
            )
        return criteria

    def space(self) -> list[dict]:
        return [
            self.years(max_years=self.pick([3, 7]), prefounder="allowed"),
            {"type": "industry", "in": self.pick([["26", "27", "28"], ["C", "J"], ["J", "M"]])},
        ]

    def education(self) -> list[dict]:
        return [{"type": "representative_age", "max": 39}] if self.chance(0.5) else []

    def social(self) -> list[dict]:
        owner = self.pick(
            [
                {"type": "women_owned"},
                {
                    "type": "any",
                    "criteria": [{"type": "disabled_owned"}, {"type": "social_enterprise"}],
                },
                {"type": "social_enterprise"},
            ]
        )
        return [owner, self.years(max_years=self.pick([7, 10]))]

    def ladder(self) -> list[dict]:
        stages = self.pick([["G240"], ["BLUE100"], ["BLUE100", "ACE20"], ["ACE20"]])
        return [{"type": "growth_stage", "in": stages}, {"type": "region", "local_only": True}]

    def small_manufacturer(self) -> list[dict]:
        return [
            {
                "type": "any",
                "criteria": [
                    {"type": "certification", "kinds": ["small_manufacturer"]},
                    {
                        "type": "all",
                        "criteria": [
                            {"type": "industry", "in": ["C"]},
                            {"type": "employees", "max": 9},
                        ],
                    },
                ],
            },
            {"type": "not", "criterion": {"type": "in_progress", "max": 0}},
        ]

    TEMPLATES = {
        "startup": 0.18,
        "senior_startup": 0.04,
        "prefounders": 0.04,
        "technology": 0.15,
        "marketing": 0.12,
        "export": 0.08,
        "loan": 0.08,
        "hiring": 0.07,
        "space": 0.05,
        "education": 0.07,
        "social": 0.06,
        "ladder": 0.03,
        "small_manufacturer": 0.03,
    }

    def rule(self) -> dict:
        names = list(self.TEMPLATES)
        p = np.array(list(self.TEMPLATES.values()))
        name = self.pick(names, p / p.sum())
        criteria = getattr(self, name)()
        scope = self.scope() if name != "ladder" else None
        if scope:
            criteria.insert(0, scope)
        if name != "prefounders" and self.chance(0.1):
            criteria.append({"type": "not", "criterion": {"type": "industry", "in": ["K", "L"]}})
        return {"type": "all", "criteria": criteria}


def generate_programs(count: int, seed: int) -> list[ProgramEligibility]:
    rng = np.random.default_rng(seed + 1)
    builder = Builder(rng)
    days = notice_days(rng, count)
    return [
        ProgramEligibility(f"P{i:05d}", days[i], parse_rule(builder.rule())) for i in range(count)
    ]
