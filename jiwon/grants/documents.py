"""The documents grants issue: the agreement (협약서, from the programme's template) and the
settlement statement (정산서), as PDF through the core toolkit, in Korean by default."""

import hashlib
from typing import Any

from django.utils import timezone

from jiwon.core.pdf import render_pdf
from jiwon.grants.models import Agreement, ExpenseCategory, FundSource
from jiwon.grants.statement import Statement


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def budget_rows(agreement: Agreement, version_number: int | None = None) -> list[dict[str, Any]]:
    version = agreement.budget_versions.get(number=version_number or agreement.budget_version)
    return [
        {
            "category": ExpenseCategory(line.category).label,
            "source": FundSource(line.source).label,
            "amount_won": line.amount_won,
        }
        for line in version.lines.all()
        if line.amount_won
    ]


def agreement_pdf(agreement: Agreement, *, language: str = "ko") -> bytes:
    terms = agreement.program.grant_terms
    return render_pdf(
        terms.document_template,
        {
            "agreement": agreement,
            "terms": terms,
            "lines": budget_rows(agreement),
            "issued_on": timezone.localdate(),
        },
        language=language,
    )


def statement_pdf(agreement: Agreement, statement: Statement, *, language: str = "ko") -> bytes:
    return render_pdf(
        "grants/documents/statement.html",
        {
            "agreement": agreement,
            "statement": statement,
            "lines": statement.labelled_lines(),
            "sources": statement.labelled_sources(),
            "issued_on": timezone.localdate(),
        },
        language=language,
    )
