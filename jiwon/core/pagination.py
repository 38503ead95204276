"""Pagination that fetches one extra row instead of counting: the page query stays a single
indexed LIMIT/OFFSET however large the table is. Lists that show a total count it once."""

from dataclasses import dataclass


@dataclass
class Page:
    items: list
    number: int
    per_page: int
    has_next: bool

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

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def page_number_from(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return max(number, 1)


def paginate(queryset, *, page: int, per_page: int) -> Page:
    offset = (page - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return Page(
        items=rows[:per_page], number=page, per_page=per_page, has_next=len(rows) > per_page
    )
