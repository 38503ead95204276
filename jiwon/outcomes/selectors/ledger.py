"""Reads of the support ledger.

Summing money: add up every row, corrections included (a correction carries the company,
programme, kind and date of the row it corrects, so any grouping stays right). Counting
supports or companies: use `standing_entries`, which leaves out correction rows and rows
that were cancelled or replaced.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from jiwon.companies.models import Company
from jiwon.companies.validators import normalize_brn
from jiwon.core.normalize import is_ascii_digits
from jiwon.outcomes.models import REPLACEMENT, REVERSAL, SupportLedgerEntry


@dataclass(frozen=True)
class LedgerFilters:
    year: int | None = None
    program: int | None = None
    kind: str = ""
    q: str = ""

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in ("", None)}


def effective_amount(entry: SupportLedgerEntry) -> int | None:
    """The row's amount with its corrections applied; None when neither carries an amount."""
    corrected = entry.corrections.aggregate(total=Sum("amount_won"))["total"]
    if entry.amount_won is None and corrected is None:
        return None
    return (entry.amount_won or 0) + (corrected or 0)


def is_reversed(entry: SupportLedgerEntry) -> bool:
    """Whether the row was cancelled or replaced."""
    return entry.corrections.filter(source_type=REVERSAL).exists()


def replacement_of(entry: SupportLedgerEntry) -> SupportLedgerEntry | None:
    return SupportLedgerEntry.objects.filter(
        source_type=REPLACEMENT, source_id=str(entry.pk)
    ).first()


def ledger_rows() -> QuerySet[SupportLedgerEntry]:
    return SupportLedgerEntry.objects.select_related(
        "company", "program", "entered_by", "corrects"
    ).annotate(reversed=Exists(_reversals()))


def _reversals() -> QuerySet[SupportLedgerEntry]:
    return SupportLedgerEntry.objects.filter(corrects=OuterRef("pk"), source_type=REVERSAL)


def ledger_search(*, filters: LedgerFilters) -> QuerySet[SupportLedgerEntry]:
    """Ledger rows matching `filters`, newest first. Callers check `outcomes.view_all`: the
    ledger is read by staff only (members see their company's rows on its page)."""
    qs = ledger_rows()
    if filters.year:
        qs = qs.filter(
            supported_on__gte=date(filters.year, 1, 1),
            supported_on__lt=date(filters.year + 1, 1, 1),
        )
    if filters.program:
        qs = qs.filter(program_id=filters.program)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    query = filters.q.strip()
    if query:
        cond = Q(company__name_ko__icontains=query) | Q(company__name_en__icontains=query)
        digits = normalize_brn(query)
        if is_ascii_digits(digits) and len(digits) >= 3:
            cond |= Q(company__brn__startswith=digits)
        qs = qs.filter(cond)
    return qs


def ledger_total(qs: QuerySet[SupportLedgerEntry]) -> int:
    """Won received by the rows of `qs`, corrections applied: an integer, 0 for none."""
    return int(qs.order_by().aggregate(total=Sum("amount_won"))["total"] or 0)


def standing_entries(
    qs: QuerySet[SupportLedgerEntry] | None = None,
) -> QuerySet[SupportLedgerEntry]:
    """The supports that stand: no correction rows, no cancelled or replaced rows."""
    qs = SupportLedgerEntry.objects.all() if qs is None else qs
    return qs.filter(corrects__isnull=True).exclude(Exists(_reversals()))


def ledger_years() -> list[int]:
    """Years that have ledger rows, newest first."""
    return sorted(
        {d.year for d in SupportLedgerEntry.objects.dates("supported_on", "year")}, reverse=True
    )


def ledger_for_company(company: Company, *, limit: int = 10) -> dict[str, Any]:
    """The latest rows of one company and its total, for the company page."""
    qs = ledger_rows().filter(company=company)
    count = qs.count()
    return {
        "rows": list(qs[:limit]),
        "count": count,
        "total_won": ledger_total(qs),
        "more": count > limit,
    }


def entry_with_corrections(entry: SupportLedgerEntry) -> dict[str, Any]:
    corrections = list(entry.corrections.select_related("entered_by").order_by("created_at", "id"))
    amounts = [c.amount_won for c in corrections if c.amount_won is not None]
    effective = None
    if entry.amount_won is not None or amounts:
        effective = (entry.amount_won or 0) + sum(amounts)
    replacement = (
        SupportLedgerEntry.objects.filter(source_type=REPLACEMENT, source_id=str(entry.pk))
        .select_related("company")
        .first()
    )
    return {
        "entry": entry,
        "corrections": corrections,
        "effective_amount_won": effective,
        "cancelled": any(c.source_type == REVERSAL for c in corrections),
        "replacement": replacement,
    }
