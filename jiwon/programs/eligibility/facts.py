"""What the evaluators know about one company, as plain values (no database access)."""

from dataclasses import dataclass
from datetime import date

from jiwon.core.reference import region_in_force


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

    def __post_init__(self) -> None:
        if not self.prefounder and self.founded_on is None:
            raise ValueError("a company that is not a pre-founder needs a founding date")
        # The semantics every engine shares (README "Semantics"): a pre-founder has 0
        # employees and 0 sales, whatever was stored or reported; a company filed under a
        # code retired with one successor is in that successor.
        if self.prefounder:
            object.__setattr__(self, "employees", 0)
            object.__setattr__(self, "sales_won", 0)
            object.__setattr__(self, "sales_by_year", ())
        object.__setattr__(self, "region", region_in_force(self.region))
