"""Outcomes in the Django admin: for looking things up only. Writes go through the staff pages,
whose services keep the ledger's correction rule and record provenance and who entered what;
an admin edit would bypass both."""

from django.contrib import admin

from jiwon.outcomes.models import (
    Agreement,
    Award,
    IntellectualProperty,
    Investment,
    Relocation,
    SupportLedgerEntry,
    Survey,
    SurveyInvitation,
    YearFigure,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SupportLedgerEntry)
class SupportLedgerEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "supported_on",
        "company",
        "program",
        "kind",
        "amount_won",
        "corrects",
        "source_type",
        "provenance",
    ]
    list_filter = ["kind", "provenance", "source_type"]
    search_fields = ["company__name_ko", "company__brn", "description", "source_id"]
    date_hierarchy = "supported_on"
    list_select_related = ["company", "program", "corrects"]


@admin.register(YearFigure)
class YearFigureAdmin(ReadOnlyAdmin):
    list_display = ["company", "year", "metric", "value", "provenance", "entered_by"]
    list_filter = ["year", "metric", "provenance"]
    search_fields = ["company__name_ko", "company__brn"]
    list_select_related = ["company", "entered_by"]


class OutcomeRecordAdmin(ReadOnlyAdmin):
    list_filter = ["provenance"]
    search_fields = ["company__name_ko", "company__brn"]
    date_hierarchy = "occurred_on"
    list_select_related = ["company"]


@admin.register(Investment)
class InvestmentAdmin(OutcomeRecordAdmin):
    list_display = ["company", "occurred_on", "investor", "round", "amount_won", "provenance"]


@admin.register(IntellectualProperty)
class IntellectualPropertyAdmin(OutcomeRecordAdmin):
    list_display = ["company", "occurred_on", "kind", "number", "title", "provenance"]
    search_fields = [*OutcomeRecordAdmin.search_fields, "number"]


@admin.register(Agreement)
class AgreementAdmin(OutcomeRecordAdmin):
    list_display = ["company", "occurred_on", "kind", "counterparty", "provenance"]


@admin.register(Award)
class AwardAdmin(OutcomeRecordAdmin):
    list_display = ["company", "occurred_on", "name", "awarded_by", "provenance"]


@admin.register(Relocation)
class RelocationAdmin(OutcomeRecordAdmin):
    list_display = ["company", "occurred_on", "direction", "other_region_code", "other_place"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "closes_on", "status"]
    list_filter = ["status", "year"]


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(ReadOnlyAdmin):
    list_display = ["survey", "company", "submitted_at", "reminders_sent"]
    list_select_related = ["survey", "company"]
