from django.contrib import admin
from django.urls import include, path

from jiwon.api import api
from jiwon.companies.views import signup

handler403 = "jiwon.core.views.permission_denied"
handler404 = "jiwon.core.views.page_not_found"

urlpatterns = [
    path("", include("jiwon.core.urls")),
    path("", include("jiwon.ops.urls")),
    path("dashboard/", include("jiwon.outcomes.urls_dashboard")),
    # Signing up opens a company with the account, so the company registry serves it (accounts
    # sits below companies), at the address beside the login page.
    path("accounts/signup/", signup, name="signup"),
    path("accounts/", include("jiwon.accounts.urls")),
    path("companies/", include("jiwon.companies.urls")),
    path("audit/", include("jiwon.audit.urls")),
    path("privacy/", include("jiwon.privacy.urls")),
    path("programs/", include("jiwon.programs.urls")),
    path("notices/", include("jiwon.programs.urls_public")),
    path("outcomes/", include("jiwon.outcomes.urls")),
    path("applications/", include("jiwon.applications.urls")),
    path("reviews/", include("jiwon.reviews.urls")),
    path("grants/", include("jiwon.grants.urls")),
    path("recommendations/", include("jiwon.programs.urls_recommendations")),
    path("equipment/", include("jiwon.equipment.urls")),
    path("spaces/", include("jiwon.spaces.urls")),
    path("loans/", include("jiwon.loans.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
