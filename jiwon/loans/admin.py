"""Fund rounds, their purposes and rate tables, partner banks and the banks' users are data the
agency edits (audited through the admin's own entries); running loans keep the terms copied
into them at execution."""

from django.contrib import admin

from jiwon.core.admin_mixins import AuditedModelAdmin
from jiwon.loans.models import BankMembership, FundRound, LoanPurpose, PartnerBank, SubsidyBand


class PurposeInline(admin.TabularInline):
    model = LoanPurpose
    extra = 0


@admin.register(FundRound)
class FundRoundAdmin(AuditedModelAdmin):
    list_display = ["year", "name_ko", "loan_volume_won", "subsidy_budget_won", "opens_on"]
    inlines = [PurposeInline]
    filter_horizontal = ["banks"]


class BandInline(admin.TabularInline):
    model = SubsidyBand
    extra = 0


@admin.register(LoanPurpose)
class LoanPurposeAdmin(AuditedModelAdmin):
    list_display = ["fund", "kind", "limit_won", "term_months", "subsidy_pct", "rate_scaled"]
    list_filter = ["fund", "kind"]
    inlines = [BandInline]


@admin.register(PartnerBank)
class PartnerBankAdmin(AuditedModelAdmin):
    list_display = ["code", "name_ko", "active"]


@admin.register(BankMembership)
class BankMembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "bank"]
    raw_id_fields = ["user"]
