from django.contrib import admin

from jiwon.core.admin_mixins import AuditedModelAdmin
from jiwon.core.models import Agency, KsicCode, Region
from jiwon.core.permissions import has_perm


def _admin_site_has_permission(request) -> bool:
    # The admin follows the project's roles: an is_staff flag alone does not open it.
    user = request.user
    return user.is_active and user.is_staff and has_perm(user, "admin.enter")


admin.site.has_permission = _admin_site_has_permission


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
