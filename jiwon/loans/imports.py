"""A bank's balance file (Excel, in the bank's own layout): repayments, prepayments, rate
changes and the events that end a loan, one row each. Headers are matched by name, ignoring
spaces: the usual Korean and English names, plus the bank's own names where the agency set them
(`PartnerBank.file_headers`, {field: header}). Every row is read first and every problem is
reported with its row and column; only a file without problems is recorded, all of it or
nothing (a row the services refuse is reported with its row, and nothing is kept)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiwon.core.actor import Actor
from jiwon.core.excel.cells import (
    CellError,
    DateCell,
    IntegerCell,
    Message,
    as_text,
    bilingual,
    is_blank,
    normalize_header,
)
from jiwon.core.excel.workbooks import ImportResult, RowError, open_workbook
from jiwon.core.models import ImportRun
from jiwon.core.progress import Progress
from jiwon.loans.models import MAX_RATE, MAX_WON, EventKind, Loan, PartnerBank, StopReason
from jiwon.loans.services.loans import loan_event_record, loan_stop

MAX_ROWS = 5_000
HEADERS = {
    "bank_reference": ("대출번호", "여신번호", "계좌번호", "loan number"),
    "on": ("일자", "거래일", "거래일자", "date"),
    "kind": ("구분", "거래구분", "kind"),
    "amount_won": ("금액", "상환금액", "거래금액", "amount"),
    "bank_rate_pct": ("금리", "변경금리", "적용금리", "rate"),
}
REQUIRED = ("bank_reference", "on", "kind")
KINDS = {
    "약정상환": EventKind.REPAYMENT,
    "분할상환": EventKind.REPAYMENT,
    "repayment": EventKind.REPAYMENT,
    "중도상환": EventKind.PREPAYMENT,
    "prepayment": EventKind.PREPAYMENT,
    "금리변경": EventKind.RATE_CHANGE,
    "rate change": EventKind.RATE_CHANGE,
    "연체": StopReason.DEFAULT,
    "부실": StopReason.DEFAULT,
    "default": StopReason.DEFAULT,
    "폐업": StopReason.CLOSURE,
    "closure": StopReason.CLOSURE,
    "관외이전": StopReason.RELOCATION,
    "relocation": StopReason.RELOCATION,
    "해지": StopReason.TERMINATION,
    "중도해지": StopReason.TERMINATION,
    "termination": StopReason.TERMINATION,
}
_DATES = DateCell()
_AMOUNTS = IntegerCell(MAX_WON)


@dataclass(frozen=True)
class BalanceRow:
    row: int
    loan: Loan
    on: date
    kind: str
    amount_won: int
    bank_rate_pct: Decimal | None


class _Problems:
    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, row: int | None, column: str, message: Message) -> None:
        self.errors.append(RowError(row, column, *bilingual(message)))


def _columns(header: tuple[Any, ...], bank: PartnerBank, problems: _Problems) -> dict[str, int]:
    names = [normalize_header(h) for h in header]
    found: dict[str, int] = {}
    for field, aliases in HEADERS.items():
        wanted = {normalize_header(a).casefold() for a in aliases}
        own = (bank.file_headers or {}).get(field)
        if own:
            wanted.add(normalize_header(own).casefold())
        for index, name in enumerate(names):
            if name.casefold() in wanted:
                found[field] = index
                break
    for field in REQUIRED:
        if field not in found:
            problems.add(
                1,
                "",
                Message(
                    _("The column “%(column)s” is missing from the first row."),
                    {"column": HEADERS[field][0]},
                ),
            )
    return found


def _rate(value: Any) -> Decimal:
    try:
        rate = Decimal(as_text(value).removesuffix("%"))
    except InvalidOperation as exc:
        raise CellError(_("Enter the rate in percent, e.g. 4.25.")) from exc
    if not Decimal(0) < rate <= MAX_RATE or rate != rate.quantize(Decimal("0.001")):
        raise CellError(_("Enter the rate in percent, above 0 and at most 30, three decimals."))
    return rate


def read_rows(
    bank: PartnerBank, rows: list[tuple[Any, ...]]
) -> tuple[list[BalanceRow], list[RowError]]:
    """The rows of the file as balance changes, and every problem with its row and column."""
    problems = _Problems()
    if not rows:
        problems.add(None, "", Message(_("The file is empty.")))
        return [], problems.errors
    columns = _columns(rows[0], bank, problems)
    if problems.errors:
        return [], problems.errors
    if len(rows) - 1 > MAX_ROWS:
        problems.add(None, "", Message(_("At most %(n)s rows per file."), {"n": f"{MAX_ROWS:,}"}))
        return [], problems.errors
    reader = _RowReader(
        columns=columns,
        header=[as_text(h) if not is_blank(h) else "" for h in rows[0]],
        loans={loan.bank_reference: loan for loan in Loan.objects.filter(bank=bank)},
        problems=problems,
    )
    read = [
        row
        for number, values in enumerate(rows[1:], start=2)
        if not all(is_blank(v) for v in values) and (row := reader.read(number, values)) is not None
    ]
    return read, problems.errors


@dataclass
class _RowReader:
    columns: dict[str, int]
    header: list[str]
    loans: dict[str, Loan]
    problems: _Problems

    def read(self, number: int, values: tuple[Any, ...]) -> BalanceRow | None:
        def cell(field: str) -> Any:
            index = self.columns.get(field)
            return values[index] if index is not None and index < len(values) else None

        def fail(field: str, message: Message) -> None:
            column = self.header[self.columns[field]] if field in self.columns else ""
            self.problems.add(number, column, message)

        reference = "" if is_blank(cell("bank_reference")) else as_text(cell("bank_reference"))
        loan = self.loans.get(reference)
        if loan is None:
            fail(
                "bank_reference",
                Message(_("No loan of this bank has the number “%(ref)s”."), {"ref": reference}),
            )
        on: date | None = None
        try:
            on = _DATES.read(cell("on"))
        except CellError as exc:
            fail("on", exc.message)
        kind = KINDS.get("" if is_blank(cell("kind")) else as_text(cell("kind")).casefold())
        if kind is None:
            fail("kind", Message(_("Enter one of: %(kinds)s."), {"kinds": ", ".join(KINDS)}))
        amount, rate = 0, None
        if kind in (EventKind.REPAYMENT, EventKind.PREPAYMENT):
            try:
                amount = _AMOUNTS.read(cell("amount_won"))
                if amount <= 0:
                    raise CellError(_("Enter the amount repaid, above 0."))
            except CellError as exc:
                fail("amount_won", exc.message)
        if kind == EventKind.RATE_CHANGE:
            try:
                rate = _rate(cell("bank_rate_pct"))
            except CellError as exc:
                fail("bank_rate_pct", exc.message)
        if loan is None or on is None or kind is None:
            return None
        return BalanceRow(number, loan, on, kind, amount, rate)


class _Refused(Exception):
    pass


def balances_import(
    *, actor: Actor, bank: PartnerBank, file: IO[bytes], name: str, size: int
) -> ImportResult:
    """Record the bank's file, all rows or none; the result lists every problem."""
    result = ImportResult()
    try:
        book = open_workbook(file=file, name=name, size=size)
    except CellError as exc:
        result.errors.append(RowError(None, "", *bilingual(exc.message)))
        result.error_count = 1
        return result
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    parsed, errors = read_rows(bank, rows)
    if errors:
        result.errors, result.error_count = errors, len(errors)
        return result
    try:
        with transaction.atomic():
            for row in sorted(parsed, key=lambda r: (r.on, r.row)):
                try:
                    if row.kind in StopReason.values:
                        loan_stop(actor=actor, loan=row.loan, on=row.on, reason=row.kind)
                    else:
                        loan_event_record(
                            actor=actor,
                            loan=Loan.objects.get(pk=row.loan.pk),
                            on=row.on,
                            kind=row.kind,
                            amount_won=row.amount_won,
                            bank_rate_pct=row.bank_rate_pct,
                        )
                except ValidationError as exc:
                    # The service's message, in the language of the request that uploaded.
                    for message in exc.messages:
                        result.errors.append(RowError(row.row, "", message, message))
                    raise _Refused from exc
                result.created += 1
    except _Refused:
        result.created = 0
        result.error_count = len(result.errors)
    return result


# The bank's balance file as core's background imports know it (registered in apps.py).
BALANCES_IMPORT = "loans.balances"


def balances_import_task(
    run: ImportRun, actor: Actor, file: IO[bytes], progress: Progress
) -> ImportResult:
    """`balances_import` as core's background import runs it: the bank is the uploader's own,
    fixed by the upload page in the run's parameters."""
    bank = PartnerBank.objects.get(pk=run.params["bank"])
    progress(5, "reading")
    return balances_import(
        actor=actor, bank=bank, file=file, name=run.file_name, size=run.file_size
    )
