"""A survey's responses as .xlsx: one row per invited company, then one row per record entered.

Values come from the submitted answers; companies that have not submitted are listed with their
status only, so the file doubles as a follow-up list. The columns are described once, below.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from jiwon.core.excel.cells import Message, Required
from jiwon.core.excel.sheets import both, header_row, set_widths, text_cell, value_cell
from jiwon.outcomes.models import (
    Agreement,
    IntellectualProperty,
    Investment,
    Metric,
    Relocation,
    Survey,
    SurveyInvitation,
)
from jiwon.outcomes.selectors.surveys import KST, survey_invitations

RESPONSES_SHEET = "응답"
RECORDS_SHEET = "기록"
_INTEGER = "#,##0"
_DATETIME = "yyyy-mm-dd hh:mm"
_TEXT = "@"


@dataclass(frozen=True)
class Column:
    header: Message
    width: int
    number_format: str
    value: Callable[[SurveyInvitation, dict], Any]


def _local(moment: datetime | None):
    # Excel has no time zones: write Korean wall-clock time, as the interface shows it.
    return None if moment is None else timezone.localtime(moment, KST).replace(tzinfo=None)


def _figure(metric: str):
    return lambda inv, answers: answers.get("figures", {}).get(metric)


def _count(key: str):
    return lambda inv, answers: len(answers.get(key, [])) if inv.submitted_at else None


RESPONSE_COLUMNS = (
    Column(Message(_("Company")), 28, _TEXT, lambda inv, a: inv.company.name_ko),
    Column(Message(_("Business number")), 16, _TEXT, lambda inv, a: inv.company.brn_display or ""),
    Column(
        Message(_("Status")),
        12,
        _TEXT,
        lambda inv, a: str(_("Submitted") if inv.submitted_at else _("Not submitted")),
    ),
    Column(Message(_("Submitted at")), 18, _DATETIME, lambda inv, a: _local(inv.submitted_at)),
    Column(
        Message(_("Submitted by")),
        16,
        _TEXT,
        lambda inv, a: inv.submitted_by.get_username() if inv.submitted_by else "",
    ),
    *(Column(Message(m.label), 16, _INTEGER, _figure(m.value)) for m in Metric),
    Column(Message(_("Investments")), 12, _INTEGER, _count("investments")),
    Column(
        Message(_("Investment attracted (won)")),
        20,
        _INTEGER,
        lambda inv, a: (
            sum(e["amount_won"] for e in a.get("investments", [])) if inv.submitted_at else None
        ),
    ),
    Column(Message(_("Patents and certifications")), 14, _INTEGER, _count("ip")),
    Column(Message(_("Agreements")), 12, _INTEGER, _count("agreements")),
    Column(Message(_("Awards")), 12, _INTEGER, _count("awards")),
    Column(Message(_("Relocations")), 12, _INTEGER, _count("relocations")),
    Column(Message(_("Reminders sent")), 12, _INTEGER, lambda inv, a: inv.reminders_sent),
    Column(
        Message(_("Last reminded at")), 18, _DATETIME, lambda inv, a: _local(inv.last_reminded_at)
    ),
)

RECORD_HEADERS = (
    (Message(_("Company")), 28),
    (Message(_("Business number")), 16),
    (Message(_("Record")), 18),
    (Message(_("Date")), 12),
    (Message(_("Details")), 50),
    (Message(_("Amount (won)")), 18),
)


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _record_rows(answers: dict):
    """(kind, date, details, amount) of each record in `answers`, in Korean labels."""
    rounds = _labels(Investment.Round.choices)
    ip_kinds = _labels(IntellectualProperty.Kind.choices)
    agreement_kinds = _labels(Agreement.Kind.choices)
    directions = _labels(Relocation.Direction.choices)
    for e in answers.get("investments", []):
        details = f"{e['investor']} · {rounds.get(e['round'], e['round'])}"
        yield str(_("Investment")), e["occurred_on"], details, e["amount_won"]
    for e in answers.get("ip", []):
        details = " · ".join(filter(None, [e["number"], e.get("title", "")]))
        yield ip_kinds.get(e["kind"], e["kind"]), e["occurred_on"], details, None
    for e in answers.get("agreements", []):
        details = " · ".join(filter(None, [e["counterparty"], e.get("title", "")]))
        yield agreement_kinds.get(e["kind"], e["kind"]), e["occurred_on"], details, None
    for e in answers.get("awards", []):
        details = " · ".join(filter(None, [e["name"], e.get("awarded_by", "")]))
        yield str(_("Award")), e["occurred_on"], details, None
    for e in answers.get("relocations", []):
        place = " · ".join(filter(None, [e.get("other_place", ""), e.get("other_region_code")]))
        yield directions.get(e["direction"], e["direction"]), e["occurred_on"], place, None


def write_survey_responses(survey: Survey, out: IO[bytes]) -> int:
    """Write the responses of `survey` to `out`; returns the number of companies listed."""
    workbook = Workbook(write_only=True)
    responses = workbook.create_sheet(RESPONSES_SHEET)
    records = workbook.create_sheet(RECORDS_SHEET)
    set_widths(responses, [c.width for c in RESPONSE_COLUMNS])
    set_widths(records, [w for _h, w in RECORD_HEADERS])
    for sheet in (responses, records):
        sheet.freeze_panes = "A2"
    responses.append(
        header_row(responses, [(both(c.header), Required.NO) for c in RESPONSE_COLUMNS])
    )
    records.append(header_row(records, [(both(h), Required.NO) for h, _w in RECORD_HEADERS]))
    count = 0
    # Labels (status, record kinds) in Korean, like the headers.
    with translation.override("ko"):
        for invitation in survey_invitations(survey).iterator(chunk_size=500):
            answers = invitation.answers if invitation.submitted_at else {}
            responses.append(
                [
                    value_cell(responses, column.value(invitation, answers), column.number_format)
                    for column in RESPONSE_COLUMNS
                ]
            )
            count += 1
            company = invitation.company
            for kind, day, details, amount in _record_rows(answers):
                records.append(
                    [
                        text_cell(records, company.name_ko),
                        text_cell(records, company.brn_display or ""),
                        text_cell(records, kind),
                        text_cell(records, day),
                        text_cell(records, details),
                        value_cell(records, amount, _INTEGER),
                    ]
                )
    workbook.save(out)
    return count
