"""Partner banks and the banks' users are data the agency edits here (audited through the
admin's own entries). Fund rounds, their purposes and rate tables are set up and edited in the
back office (`/loans/funds/new/`, `…/edit/`: services/funds.py dates a change of subsidy terms
on a round with letters or loans); the admin only shows them, so no edit here can change the
terms behind a letter or a loan without its date."""

from typing import Any

from django.contrib import admin

from jiwon.core.admin_mixins import AuditedModelAdmin
from jiwon.loans.models import (
    BankMembership,
    FundRound,
    LoanPurpose,
    PartnerBank,
    PastSubsidyTerms,
    SubsidyBand,
)


class ReadOnly:
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class PurposeInline(ReadOnly, admin.TabularInline):
    model = LoanPurpose
    extra = 0


@admin.register(FundRound)
class FundRoundAdmin(ReadOnly, AuditedModelAdmin):
    list_display = ["year", "name_ko", "loan_volume_won", "subsidy_budget_won", "opens_on"]
    inlines = [PurposeInline]


class BandInline(ReadOnly, admin.TabularInline):
    model = SubsidyBand
    extra = 0


class PastTermsInline(ReadOnly, admin.TabularInline):
    model = PastSubsidyTerms
    extra = 0


@admin.register(LoanPurpose)
class LoanPurposeAdmin(ReadOnly, AuditedModelAdmin):
    list_display = ["fund", "kind", "limit_won", "term_months", "subsidy_pct", "rate_scaled"]
    list_filter = ["fund", "kind"]
    inlines = [BandInline, PastTermsInline]


@admin.register(PartnerBank)
class PartnerBankAdmin(AuditedModelAdmin):
    list_display = ["code", "name_ko", "active"]


@admin.register(BankMembership)
class BankMembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "bank"]
    raw_id_fields = ["user"]
