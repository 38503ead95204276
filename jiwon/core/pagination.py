"""Pagination of lists: one LIMIT/OFFSET query for the page (one extra row says whether a next
page exists) and, where the caller asks (`count=True`: the pages people browse, whose pager
shows the number of pages), one COUNT. The API and the append-only audit log do not count."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet

T = TypeVar("T")
# No list is browsed this deep; the bound keeps OFFSET far below what the database can hold
# (a page number of 10^18 made PostgreSQL fail with "bigint out of range").
MAX_PAGE = 10_000


@dataclass
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    has_next: bool
    total: int | None = None  # rows in the whole list, when counted

    @property
    def page_count(self) -> int | None:
        if self.total is None:
            return None
        return max(1, -(-self.total // self.per_page))

    @property
    def page_links(self) -> list[int | None]:
        """The page numbers the pager links: the first, the last and two either side of this
        one; None where numbers are left out (shown as "…")."""
        last = self.page_count or (self.number + 1 if self.has_next else self.number)
        wanted = sorted({1, last, *range(max(1, self.number - 2), min(last, self.number + 2) + 1)})
        links: list[int | None] = []
        for n in wanted:
            if links and n - (links[-1] or 0) > 1:
                links.append(None)
            links.append(n)
        return links

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def page_number_from(raw: str | None) -> int:
    """The page a query parameter asks for, between 1 and MAX_PAGE; anything unreadable is 1."""
    return int_param(raw, default=1, minimum=1, maximum=MAX_PAGE)


def int_param(raw: str | None, *, default: int, minimum: int, maximum: int) -> int:
    """A whole number from a query parameter, clamped to [minimum, maximum]; `default` when it
    is missing or not a number. Only ASCII digits count (int() also reads '１２' and '1_000'),
    and at most 18 of them, so int() never works on an attacker's million-digit string."""
    text = (raw or "").strip()
    sign = -1 if text.startswith("-") else 1
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()):
        return default
    if len(digits) > 18:  # beyond every bound: clamp without converting
        return minimum if sign < 0 else maximum
    return min(max(sign * int(digits), minimum), maximum)


def paginate(
    queryset: "QuerySet[Any, T] | Sequence[T]", *, page: int, per_page: int, count: bool = False
) -> Page[T]:
    """Page `page` (from 1, at most MAX_PAGE) of `queryset`, or of a list already in memory."""
    page = min(max(page, 1), MAX_PAGE)
    offset = (page - 1) * per_page
    fetched = list(queryset[offset : offset + per_page + 1])
    total = None
    if count:
        # A QuerySet counts in the database; a list (or array) in memory has its length.
        total = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    return Page(
        items=fetched[:per_page],
        number=page,
        per_page=per_page,
        has_next=len(fetched) > per_page,
        total=total,
    )
