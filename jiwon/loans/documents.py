"""The recommendation letter (융자 추천서) as PDF, through the core toolkit, in Korean by default:
numbered, addressed to the bank, with the amount, purpose, terms, subsidy and last valid day."""

from django.utils import timezone

from jiwon.core.pdf import render_pdf
from jiwon.loans.models import Recommendation


def letter_pdf(letter: Recommendation, *, language: str = "ko") -> bytes:
    return render_pdf(
        "loans/documents/letter.html",
        {
            "letter": letter,
            "purpose": letter.purpose,
            "fund": letter.fund,
            "company": letter.company,
            "printed_on": timezone.localdate(),
            "bonus": letter.fund.preferred_bonus_pct if letter.application.preferred else None,
        },
        language=language,
    )
