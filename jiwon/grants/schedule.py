"""Report schedules, pure: due days and the staff's lines of report contents.

Due days (dates in Asia/Seoul; a report is on time on its due day and overdue from the next):
- N months after the project starts: the same day of the month N months later, or that
  month's last day when it is shorter (31 January + 1 month = 28 or 29 February); never after
  the project's end (a short project owes its interim report on its last day);
- on a fixed date;
- N days after the project ends (the final report).

Contents are lists of items {key, ko, en, required}. Staff type one item a line,
`한국어 이름 | English name`, a leading `*` for a required one; keys are given by position
(`n1`, `f2`, `a1`), and an agreement's report keeps the contents it was generated with.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ITEMS = 20
MAX_LABEL = 100
MAX_MONTHS = 120
MAX_DAYS = 366


def add_months(day: date, months: int) -> date:
    """`day` moved `months` calendar months on, clamped to the month's last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DueRule:
    months_after_start: int | None = None
    due_on: date | None = None
    days_after_end: int | None = None

    def check(self) -> None:
        given = [
            v for v in (self.months_after_start, self.due_on, self.days_after_end) if v is not None
        ]
        if len(given) != 1:
            raise ValidationError(
                _("Give one due rule: months after the start, a date, or days after the end.")
            )
        if self.months_after_start is not None and not 0 < self.months_after_start <= MAX_MONTHS:
            raise ValidationError(
                {"months_after_start": _("Months after the start: 1 to %(n)d.") % {"n": MAX_MONTHS}}
            )
        if self.days_after_end is not None and not 0 <= self.days_after_end <= MAX_DAYS:
            raise ValidationError(
                {"days_after_end": _("Days after the end: 0 to %(n)d.") % {"n": MAX_DAYS}}
            )

    def due(self, starts_on: date, ends_on: date) -> date:
        if self.months_after_start is not None:
            return min(add_months(starts_on, self.months_after_start), ends_on)
        if self.due_on is not None:
            return self.due_on
        assert self.days_after_end is not None
        return ends_on + timedelta(days=self.days_after_end)


def parse_items(text: str, prefix: str, what: str) -> list[dict[str, Any]]:
    """The items of one textarea (see the module docstring); `what` names the list in errors."""
    items: list[dict[str, Any]] = []
    for raw in (text or "").splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        required = line.startswith("*")
        ko, _bar, en = line.lstrip("* ").partition("|")
        ko, en = ko.strip(), en.strip()
        if not ko:
            raise ValidationError(_("%(what)s: every line needs a Korean name.") % {"what": what})
        if len(ko) > MAX_LABEL or len(en) > MAX_LABEL:
            raise ValidationError(
                _("%(what)s: a name has at most %(n)d characters.") % {"what": what, "n": MAX_LABEL}
            )
        items.append({"key": f"{prefix}{len(items) + 1}", "ko": ko, "en": en, "required": required})
    if len(items) > MAX_ITEMS:
        raise ValidationError(_("%(what)s: at most %(n)d lines.") % {"what": what, "n": MAX_ITEMS})
    return items


def items_text(items: list[dict[str, Any]]) -> str:
    """The textarea that `parse_items` reads back into `items`."""
    return "\n".join(
        f"{'* ' if item.get('required') else ''}{item['ko']}"
        + (f" | {item['en']}" if item.get("en") else "")
        for item in items
    )
