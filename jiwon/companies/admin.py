from django.contrib import admin

from jiwon.companies.models import Certification, Company, GrowthStageChange, Membership
from jiwon.core.admin_mixins import AuditedModelAdmin


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(AuditedModelAdmin):
    list_display = ["name_ko", "brn", "kind", "region", "growth_stage", "employees"]
    list_filter = ["kind", "growth_stage", "is_local", "legal_form"]
    search_fields = ["name_ko", "name_en", "brn"]
    raw_id_fields = ["ksic", "region"]
    inlines = [CertificationInline, MembershipInline]


@admin.register(GrowthStageChange)
class GrowthStageChangeAdmin(AuditedModelAdmin):
    list_display = ["company", "stage", "effective_on", "reason"]
    raw_id_fields = ["company", "recorded_by"]
