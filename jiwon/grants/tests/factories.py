"""Test builders for grants: a programme with grant terms, agreements at each stage, uploads."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from jiwon.core.actor import SYSTEM
from jiwon.grants.models import ExpenseCategory as C
from jiwon.grants.models import FundSource as F
from jiwon.grants.schedule import DueRule
from jiwon.grants.services.agreements import (
    agreement_accept,
    agreement_countersign,
    agreement_create,
    agreement_send,
    grant_terms_set,
)
from jiwon.grants.services.reports import report_save, requirement_save
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


INTERIM = {
    "kind": "interim",
    "title_ko": "중간보고",
    "title_en": "Interim report",
    "rule": DueRule(months_after_start=2),
    "remind_days_before": 7,
    "releases_tranche": 2,
    "narrative": [{"key": "n1", "ko": "추진 실적", "en": "Progress", "required": True}],
    "figures": [{"key": "f1", "ko": "신규 채용(명)", "en": "New hires", "required": True}],
    "attachments": [{"key": "a1", "ko": "증빙 자료", "en": "Evidence", "required": True}],
}
FINAL = {
    **INTERIM,
    "kind": "final",
    "title_ko": "최종보고",
    "title_en": "Final report",
    "rule": DueRule(days_after_end=30),
    "releases_tranche": None,
}


def report_program(**terms):
    """A programme whose agreements owe an interim report two months in (tranche 2 waits for
    it) and a final report 30 days after the end."""
    program = grant_program(**terms)
    for requirement in (INTERIM, FINAL):
        requirement_save(actor=SYSTEM, terms=program.grant_terms, **requirement)
    return program


def complete(report, member, upload=None):
    """Fill every required part of `report` as `member`."""
    return report_save(
        actor=member,
        report=report,
        narrative={"n1": "계획대로 채용을 마쳤습니다."},
        figures={"f1": 3},
        uploads={"a1": [upload or evidence("증빙.pdf")]},
    )
