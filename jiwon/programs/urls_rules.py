"""A programme's eligibility rules, included by urls.py at /programs/<int:pk>/rules/ in the
"programs" namespace: every view takes the programme's `pk`."""

from django.urls import path

from jiwon.programs import views_rules

urlpatterns = [
    path("", views_rules.rules, name="rules"),
    path("preview/", views_rules.rules_preview, name="rules_preview"),
    path("eligible/", views_rules.eligible, name="eligible"),
    path("eligible.xlsx", views_rules.eligible_export, name="eligible_export"),
    path(
        "company/<int:company_pk>/",
        views_rules.eligibility_explain,
        name="eligibility_explain",
    ),
]
