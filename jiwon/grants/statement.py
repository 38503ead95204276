"""The settlement statement (정산서), computed from the budget, the payments, the expenses and
the interest the grant account earned. Pure arithmetic on integer won, so it can be worked by
hand (tests/test_statement.py does):

- per budget line (category × source): granted (the budget), spent (expenses recorded and not
  rejected), accepted (expenses staff accepted), and the line's balance (granted − accepted);
- per source: granted; paid = the tranches paid in total, split over the grant sources in
  proportion to their budget (`money.split`: largest remainder, so the parts add up to the won);
  accepted; unspent = paid − accepted (never below 0: accepted spending beyond what was paid is
  shown as owed to the company); interest = the grant account's interest split over the sources
  in proportion to what each paid (`money.split` again), when the programme returns interest;
  due = unspent + interest; collected = due, or 0 where the programme does not collect amounts
  under its threshold (`money.ignore_under`, e.g. under 10 won).
- own contribution (자부담) lines are shown (granted, spent, accepted) and never returned.
"""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from jiwon.core.money import ignore_under, split
from jiwon.grants.models import GRANT_SOURCES, ExpenseCategory, FundSource

Key = tuple[str, str]  # (category, source)


@dataclass(frozen=True)
class LineRow:
    category: str
    source: str
    granted: int
    spent: int
    accepted: int

    @property
    def balance(self) -> int:
        return self.granted - self.accepted


@dataclass(frozen=True)
class SourceRow:
    source: str
    granted: int
    paid: int
    spent: int
    accepted: int
    unspent: int
    owed_to_company: int
    interest: int
    due: int
    collected: int

    @property
    def collected_principal(self) -> int:
        return self.unspent if self.collected else 0

    @property
    def collected_interest(self) -> int:
        return self.interest if self.collected else 0


@dataclass(frozen=True)
class Statement:
    lines: tuple[LineRow, ...]
    sources: tuple[SourceRow, ...]
    paid: int
    interest: int
    uncollected_under_won: int

    @property
    def return_won(self) -> int:
        return sum(s.collected for s in self.sources)

    @property
    def return_principal_won(self) -> int:
        return sum(s.collected_principal for s in self.sources)

    @property
    def return_interest_won(self) -> int:
        return sum(s.collected_interest for s in self.sources)

    def as_json(self) -> dict[str, Any]:
        return {
            "lines": [asdict(line) for line in self.lines],
            "sources": [asdict(source) for source in self.sources],
            "paid": self.paid,
            "interest": self.interest,
            "uncollected_under_won": self.uncollected_under_won,
            "return_won": self.return_won,
            "return_principal_won": self.return_principal_won,
            "return_interest_won": self.return_interest_won,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Statement":
        return cls(
            lines=tuple(LineRow(**row) for row in data["lines"]),
            sources=tuple(SourceRow(**row) for row in data["sources"]),
            paid=data["paid"],
            interest=data["interest"],
            uncollected_under_won=data["uncollected_under_won"],
        )

    def labelled_lines(self) -> list[dict[str, Any]]:
        return [
            {
                "category": ExpenseCategory(line.category).label,
                "source": FundSource(line.source).label,
                "row": line,
            }
            for line in self.lines
        ]

    def labelled_sources(self) -> list[dict[str, Any]]:
        return [{"source": FundSource(s.source).label, "row": s} for s in self.sources]


def compute_statement(
    *,
    budget: Mapping[Key, int],
    spent: Mapping[Key, int],
    accepted: Mapping[Key, int],
    paid_won: int,
    interest_won: int,
    return_interest: bool,
    uncollected_under_won: int,
) -> Statement:
    if paid_won < 0 or interest_won < 0:
        raise ValueError("payments and interest cannot be negative")
    keys = sorted(
        set(budget) | set(spent) | set(accepted),
        key=lambda k: (ExpenseCategory.values.index(k[0]), FundSource.values.index(k[1])),
    )
    lines = tuple(
        LineRow(k[0], k[1], budget.get(k, 0), spent.get(k, 0), accepted.get(k, 0)) for k in keys
    )
    sources = [s for s in FundSource.values if any(line.source == s for line in lines)]
    granted = {s: sum(line.granted for line in lines if line.source == s) for s in sources}
    grant_sources = [s for s in sources if s in GRANT_SOURCES]
    paid = dict(
        zip(grant_sources, split(paid_won, [granted[s] for s in grant_sources]), strict=True)
    )
    interest_parts = (
        split(interest_won, [paid[s] for s in grant_sources])
        if return_interest and paid_won
        else [0] * len(grant_sources)
    )
    interest = dict(zip(grant_sources, interest_parts, strict=True))
    rows = []
    for s in sources:
        s_spent = sum(line.spent for line in lines if line.source == s)
        s_accepted = sum(line.accepted for line in lines if line.source == s)
        s_paid = paid.get(s, 0)
        unspent = max(0, s_paid - s_accepted) if s in paid else 0
        owed = max(0, s_accepted - s_paid) if s in paid else 0
        s_interest = interest.get(s, 0)
        due = unspent + s_interest
        collected = ignore_under(due, uncollected_under_won) if uncollected_under_won else due
        rows.append(
            SourceRow(
                source=s,
                granted=granted[s],
                paid=s_paid,
                spent=s_spent,
                accepted=s_accepted,
                unspent=unspent,
                owed_to_company=owed,
                interest=s_interest,
                due=due,
                collected=collected,
            )
        )
    return Statement(
        lines=lines,
        sources=tuple(rows),
        paid=paid_won,
        interest=interest_won if return_interest else 0,
        uncollected_under_won=uncollected_under_won,
    )


def sum_by_key(rows: Iterable[tuple[str, str, int]]) -> dict[Key, int]:
    totals: dict[Key, int] = {}
    for category, source, amount in rows:
        totals[(category, source)] = totals.get((category, source), 0) + amount
    return totals
