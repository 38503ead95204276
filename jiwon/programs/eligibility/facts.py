"""What the evaluators know about one company, as plain values (no database access)."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CertificationFact:
    kind: str
    valid_from: date
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class ParticipationFact:
    """A selection in a programme (identified by its key). The project runs from the
    selection date to `ends_on` (open while None)."""

    program: str
    selected_on: date
    ends_on: date | None = None


@dataclass(frozen=True)
class StageChangeFact:
    """A dated change of growth stage ("" = off the ladder), in the order it was recorded."""

    effective_on: date
    stage: str


@dataclass(frozen=True)
class CompanyFacts:
    id: int
    birth_date: date
    region: str
    prefounder: bool = False
    founded_on: date | None = None
    is_local: bool = False
    ksic: str = ""
    employees: int = 0
    sales_won: int = 0
    growth_stage: str = ""
    certifications: tuple[CertificationFact, ...] = ()
    participations: tuple[ParticipationFact, ...] = ()
    sales_by_year: tuple[tuple[int, int], ...] = ()  # (calendar year, won), as reported
    stage_changes: tuple[StageChangeFact, ...] = ()

    def __post_init__(self):
        if not self.prefounder and self.founded_on is None:
            raise ValueError("a company that is not a pre-founder needs a founding date")

    def sales_years(self, year: int) -> list[tuple[int, int]]:
        """The reported (year, won) of the three calendar years before `year`."""
        window = range(year - 3, year)
        return sorted((y, won) for y, won in self.sales_by_year if y in window)

    def average_sales(self, year: int) -> int:
        """The 3-year average for a reference date in `year`: the mean of the reported years
        of the window, rounded down to the won; last year's sales when none is reported."""
        reported = self.sales_years(year)
        if not reported:
            return self.sales_won
        return sum(won for _, won in reported) // len(reported)

    def stage_on(self, day: date) -> str:
        """The stage of the latest change effective on or before `day` (the later recorded
        wins a tie); no change recorded at all: the current stage; all changes later: none."""
        if not self.stage_changes:
            return self.growth_stage
        stage = ""
        for change in sorted(self.stage_changes, key=lambda c: c.effective_on):
            if change.effective_on <= day:
                stage = change.stage
        return stage
