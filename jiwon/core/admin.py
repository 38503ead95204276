from django.contrib import admin

from jiwon.core.admin_mixins import AuditedModelAdmin
from jiwon.core.models import Agency, KsicCode, Region


@admin.register(KsicCode)
class KsicCodeAdmin(AuditedModelAdmin):
    list_display = ["revision", "code", "level", "name_ko", "name_en"]
    list_filter = ["revision", "level"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["code", "level", "name_ko", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["code", "name_ko"]


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["code", "name_ko", "name_en"]
