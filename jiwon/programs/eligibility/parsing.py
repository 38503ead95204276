"""Reading a rule's JSON: the problems found so far (each message naming where it is, e.g.
"rule.criteria[2].max_years: …") and the readers the predicate kinds read their fields with.
The walk over the tree is in rules.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_ID_LENGTH = 50
PROGRAM_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")


@dataclass
class Parser:
    errors: list[ValidationError] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def error(self, message: StrOrPromise, path: str, error_code: str, **params: Any) -> None:
        self.errors.append(
            ValidationError(message, code=error_code, params={"path": path, **params})
        )

    def node_id(self, value: Any, path: str) -> str:
        if value == "":
            return ""
        if not isinstance(value, str) or len(value) > MAX_ID_LENGTH or not value.strip():
            self.error(
                _("%(path)s: an id is a short text of at most %(length)s characters."),
                path,
                "bad_id",
                length=MAX_ID_LENGTH,
            )
            return ""
        if value in self.ids:
            self.error(
                _("%(path)s: the id “%(id)s” is used twice."), path, "duplicate_id", id=value
            )
        self.ids.add(value)
        return value

    def items(self, raw: Any, path: str) -> list[Any]:
        if not isinstance(raw, list):
            self.error(_("%(path)s: enter a list."), path, "not_list")
            return []
        return raw

    def strings(self, raw: Any, path: str) -> list[str]:
        items = self.items(raw, path)
        for item in items:
            if not isinstance(item, str):
                self.error(_("%(path)s: every entry must be a text code."), path, "not_text")
                return []
        return list(dict.fromkeys(items))

    def integer(self, raw: Any, path: str, low: int, high: int) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.error(_("%(path)s: enter a whole number."), path, "not_int")
            return low
        if not low <= raw <= high:
            self.error(
                _("%(path)s: enter a number from %(low)s to %(high)s."),
                path,
                "out_of_range",
                low=low,
                high=high,
            )
            return low
        return raw

    def choice(self, raw: Any, choices: tuple[str, ...], path: str) -> bool:
        if raw in choices:
            return True
        self.error(
            _("%(path)s: “%(value)s” is not one of: %(choices)s."),
            path,
            "bad_choice",
            value=raw,
            choices=", ".join(choices),
        )
        return False

    def program_key(self, key: str, path: str) -> bool:
        if PROGRAM_KEY_RE.match(key):
            return True
        self.error(
            _("%(path)s: “%(key)s” is not a programme key (letters, digits, - _ . :)."),
            path,
            "bad_program_key",
            key=key,
        )
        return False

    def check_range(self, low: int | None, high: int | None, path: str) -> None:
        if low is None and high is None:
            self.error(_("%(path)s: set a minimum, a maximum or both."), path, "no_bound")
        elif low is not None and high is not None and low > high:
            self.error(_("%(path)s: the minimum is larger than the maximum."), path, "min_over_max")

    def require_some(self, chosen: tuple[str, ...], path: str) -> None:
        if not chosen:
            self.error(_("%(path)s: choose at least one."), path, "empty_list")


# A reader turns a field's JSON value into the node's value, reporting problems to the parser
# (and returning a harmless value so that the rest of the rule is still checked).
Reader = Callable[[Parser, Any, str], Any]


def boolean(parser: Parser, raw: Any, path: str) -> bool:
    if not isinstance(raw, bool):
        parser.error(_("%(path)s: enter true or false."), path, "not_bool")
        return False
    return raw


def whole(low: int, high: int, *, nullable: bool = True) -> Reader:
    """A whole number from `low` to `high`; null too when `nullable` (no bound)."""

    def read(parser: Parser, raw: Any, path: str) -> int | None:
        if raw is None and nullable:
            return None
        return parser.integer(raw, path, low, high)

    return read


def one_of(choices: tuple[str, ...], fallback: str) -> Reader:
    def read(parser: Parser, raw: Any, path: str) -> str:
        return raw if parser.choice(raw, choices, path) else fallback

    return read


def codes(valid: Callable[[Parser, str, str], bool]) -> Reader:
    """A list of text codes, each of which `valid(parser, code, path)` accepts (duplicates
    dropped, order kept)."""

    def read(parser: Parser, raw: Any, path: str) -> tuple[str, ...]:
        return tuple(code for code in parser.strings(raw, path) if valid(parser, code, path))

    return read


def codes_in(choices: tuple[str, ...]) -> Reader:
    return codes(lambda parser, code, path: parser.choice(code, choices, path))


program_keys = codes(Parser.program_key)
