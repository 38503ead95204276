from django.urls import include, path

from jiwon.outcomes import views_figures, views_ledger

app_name = "outcomes"
urlpatterns = [
    path("surveys/", include("jiwon.outcomes.urls_surveys")),
    path("reports/", include("jiwon.outcomes.urls_reports")),
    path("ledger/", views_ledger.ledger_list, name="ledger"),
    path("ledger/add/", views_ledger.ledger_add, name="ledger_add"),
    path("ledger/<int:pk>/edit/", views_ledger.ledger_edit, name="ledger_edit"),
    path("ledger/<int:pk>/correct/", views_ledger.ledger_correct, name="ledger_correct"),
    path("ledger/import/", views_ledger.ledger_import, name="ledger_import"),
    path("ledger/template.xlsx", views_ledger.ledger_template, name="ledger_template"),
    path("ledger/export.xlsx", views_ledger.ledger_export, name="ledger_export"),
    path("figures/import/", views_figures.figures_import, name="figures_import"),
    path("figures/template.xlsx", views_figures.figures_template, name="figures_template"),
    path("records/import/", views_figures.records_import, name="records_import"),
    path("records/template.xlsx", views_figures.records_template, name="records_template"),
    path("companies/<int:pk>/figures/", views_figures.company_figures, name="figures"),
    path("companies/<int:pk>/figures/edit/", views_figures.figures_edit, name="figures_edit"),
    path(
        "companies/<int:pk>/records/<slug:kind>/add/", views_figures.record_add, name="record_add"
    ),
    path("records/<slug:kind>/<int:pk>/edit/", views_figures.record_edit, name="record_edit"),
]
