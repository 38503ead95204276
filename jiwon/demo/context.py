from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from jiwon.demo.companies import DemoPlan


@dataclass(frozen=True)
class DemoContext:
    """What every step of the demo load works from: the generated plan, the moment of the load
    (the demo's "now": everything current is dated relative to it) and the regions' full
    names by code ("경기도 안양시 동안구")."""

    plan: DemoPlan
    now: datetime
    region_names: dict[str, str]

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)
