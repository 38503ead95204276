"""Test builders for grants: a programme with grant terms, agreements at each stage, uploads."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from jiwon.core.actor import SYSTEM
from jiwon.grants.models import ExpenseCategory as C
from jiwon.grants.models import FundSource as F
from jiwon.grants.services.agreements import (
    agreement_accept,
    agreement_countersign,
    agreement_create,
    agreement_send,
    grant_terms_set,
)
from jiwon.programs.tests.factories import ProgramFactory

PDF = b"%PDF-1.7\n% evidence\n" + b"0" * 512

# 60,000,000 won of grant over three sources and 5,000,000 won of own cash.
BUDGET = {
    (C.PERSONNEL, F.CITY): 30_000_000,
    (C.PERSONNEL, F.PROVINCE): 10_000_000,
    (C.PERSONNEL, F.OWN_CASH): 5_000_000,
    (C.MATERIALS, F.CITY): 15_000_000,
    (C.MATERIALS, F.NATIONAL): 5_000_000,
}
START, END = date(2026, 3, 1), date(2026, 12, 31)


def evidence(name="세금계산서.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def grant_program(**terms):
    program = ProgramFactory()
    values = {
        "category_caps": {C.PERSONNEL: 70, C.MATERIALS: None, C.MARKETING: 20},
        "tranche_plan": [70, 30],
        "own_share_min_pct": 0,
    }
    values.update(terms)
    grant_terms_set(actor=SYSTEM, program=program, **values)
    return program


def draft_agreement(company, program=None, lines=None, start=START, end=END):
    return agreement_create(
        actor=SYSTEM,
        program=program or grant_program(),
        company=company,
        title="스마트 공정 모니터링 사업화",
        starts_on=start,
        ends_on=end,
        lines=dict(lines or BUDGET),
    )


def active_agreement(company, member, program=None, lines=None):
    """Drawn up, sent (its PDF generated), accepted by `member`, countersigned."""
    agreement = agreement_send(actor=SYSTEM, agreement=draft_agreement(company, program, lines))
    agreement = agreement_accept(
        actor=member, agreement=agreement, sha256=agreement.document_sha256
    )
    return agreement_countersign(actor=SYSTEM, agreement=agreement)
