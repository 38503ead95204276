"""Reading and writing typed cells: the pieces every Excel import and export of Jiwon shares
(the company registry, outcome figures, survey answers, rule results, the annual report).

Messages are English msgids rendered in both languages with `bilingual`: a workbook goes to
people who read either.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Message:
    """A translatable message and its parameters, rendered later in each language."""

    text: Promise | str
    params: Mapping[str, object] | None = None

    def render(self, language: str) -> str:
        with translation.override(language):
            return str(self.text % self.params if self.params else self.text)


def bilingual(message: Message) -> tuple[str, str]:
    """(Korean, English) text of `message`."""
    return message.render("ko"), message.render("en")


class CellError(Exception):
    def __init__(self, text: Promise | str, params: Mapping[str, object] | None = None) -> None:
        super().__init__(text)
        self.message = Message(text, params)


class Required(Enum):
    YES = "yes"
    COMPANY = "company"  # registered companies only; Company.clean() checks it
    NO = "no"


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class CellFormat:
    """How one kind of value is read from a cell and written to one."""

    number_format = "@"

    def describe(self) -> Message:
        return Message(_("Text"))

    def read(self, value: Any) -> Any:
        return as_text(value)

    def write(self, value: Any) -> Any:
        return "" if value is None else str(value)


class TextCell(CellFormat):
    number_format = "General"


class ChoiceCell(CellFormat):
    """A coded value. Accepts the Korean label used in the sheet or the stored value."""

    number_format = "General"

    def __init__(self, choices: tuple[tuple[str, str], ...]):
        self.choices = choices

    @property
    def labels(self) -> list[str]:
        return [label for label, _value in self.choices]

    def describe(self) -> Message:
        return Message(_("One of: %(choices)s"), {"choices": ", ".join(self.labels)})

    def read(self, value: Any) -> str:
        text = as_text(value).casefold()
        for label, stored in self.choices:
            if text in (label.casefold(), stored.casefold()):
                return stored
        raise CellError(_("Enter one of: %(choices)s."), {"choices": ", ".join(self.labels)})

    def write(self, value: Any) -> str:
        return next((label for label, stored in self.choices if stored == value), "")


_DATE_TEXT = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$|^(\d{4})(\d{2})(\d{2})$")


class DateCell(CellFormat):
    number_format = "yyyy-mm-dd"

    def describe(self) -> Message:
        return Message(_("Date: YYYY-MM-DD or an Excel date"))

    def read(self, value: Any) -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        match = _DATE_TEXT.match(as_text(value)) if isinstance(value, str) else None
        if match:
            year, month, day = (int(g) for g in match.groups() if g is not None)
            try:
                return date(year, month, day)
            except ValueError:
                pass
        raise CellError(_("Enter a date as YYYY-MM-DD (e.g. 2015-03-02) or as an Excel date."))

    def write(self, value: Any) -> Any:
        return value


class IntegerCell(CellFormat):
    """A whole number of 0 or more (people, won). Text with thousands separators is accepted."""

    number_format = "#,##0"

    def __init__(self, maximum: int):
        self.maximum = maximum

    def describe(self) -> Message:
        return Message(_("Whole number, 0 or more"))

    def read(self, value: Any) -> int:
        if isinstance(value, bool):
            raise CellError(_("Enter a whole number of 0 or more, e.g. 1,200."))
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(_("Enter a whole number without decimals."))
            value = int(value)
        if isinstance(value, str):
            text = value.replace(",", "").replace(" ", "").removesuffix("원")
            if not re.fullmatch(r"-?\d+", text):
                raise CellError(_("Enter a whole number of 0 or more, e.g. 1,200."))
            value = int(text)
        if not isinstance(value, int):
            raise CellError(_("Enter a whole number of 0 or more, e.g. 1,200."))
        if value < 0:
            raise CellError(_("Enter 0 or more; negative numbers are not allowed."))
        if value > self.maximum:
            raise CellError(
                _("Enter a number of at most %(maximum)s."), {"maximum": f"{self.maximum:,}"}
            )
        return value

    def write(self, value: Any) -> Any:
        return value


class CodeCell(CellFormat):
    """A reference code (KSIC, 시군구). Returns the candidate spellings: a code typed into a
    number cell has lost its leading zeros, so '01110' may arrive as 1110."""

    def __init__(self, length: int):
        self.length = length

    def describe(self) -> Message:
        return Message(_("Code, typed as text so that leading zeros stay"))

    def read(self, value: Any) -> tuple[str, ...]:
        text = as_text(value)
        if isinstance(value, int | float) and len(text) < self.length:
            return (text, text.zfill(self.length))
        return (text,)

    def write(self, value: Any) -> str:
        return str(getattr(value, "code", "") or "")


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    cell: CellFormat
    required: Required
    description: Promise
    example: str
    width: int = 16


def normalize_header(text: Any) -> str:
    """Headers match ignoring spaces and a trailing required-marker '*'."""
    return re.sub(r"\s+", "", as_text(text)).rstrip("*") if not is_blank(text) else ""
