from django.contrib import admin

from jiwon.core.admin_mixins import AuditedModelAdmin
from jiwon.programs.models import EligibilityRuleVersion, Program, ProgramAttachment


class RuleVersionInline(admin.TabularInline):
    model = EligibilityRuleVersion
    extra = 0
    readonly_fields = ["version", "rule", "effective_from", "created_by", "created_at"]


class AttachmentInline(admin.TabularInline):
    model = ProgramAttachment
    extra = 0


@admin.register(Program)
class ProgramAdmin(AuditedModelAdmin):
    list_display = ["fiscal_year", "title_ko", "series", "category", "status", "closes_at"]
    list_filter = ["fiscal_year", "category", "status", "agency"]
    search_fields = ["title_ko", "title_en", "series"]
    inlines = [RuleVersionInline, AttachmentInline]
