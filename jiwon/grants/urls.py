from django.urls import path

from jiwon.grants.views import agreements as views
from jiwon.grants.views import reports as report_views

app_name = "grants"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("export.xlsx", views.agreement_export, name="export"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/document.pdf", views.agreement_document, name="document"),
    path("<int:pk>/move/", views.agreement_move, name="move"),
    path("<int:pk>/tranches/new/", views.tranche_new, name="tranche_new"),
    path("<int:pk>/expenses/new/", views.expense_new, name="expense_new"),
    path("<int:pk>/amend/", views.amendment_new, name="amend"),
    path("<int:pk>/statement/", views.statement, name="statement"),
    path("<int:pk>/statement.pdf", views.statement_pdf_view, name="statement_pdf"),
    path("<int:pk>/statement.xlsx", views.statement_xlsx_view, name="statement_xlsx"),
    path("<int:pk>/settlement/", views.settlement_action, name="settlement"),
    path("tranches/<int:pk>/decide/", views.tranche_decide, name="tranche_decide"),
    path("expenses/<int:pk>/decide/", views.expense_decide, name="expense_decide"),
    path("amendments/<int:pk>/decide/", views.amendment_decide, name="amendment_decide"),
    path("files/<int:pk>/", views.evidence_download, name="file"),
    path("returns/<int:pk>/paid/", views.return_paid, name="return_paid"),
    path("<int:pk>/period/", report_views.agreement_period, name="period"),
    path("reports/", report_views.report_list, name="reports"),
    path("reports/export.xlsx", report_views.report_export, name="reports_export"),
    path("reports/mine/", report_views.mine_reports, name="reports_mine"),
    path("reports/<int:pk>/", report_views.report_detail, name="report"),
    path("reports/<int:pk>/autosave/", report_views.report_autosave, name="report_autosave"),
    path("reports/<int:pk>/review/", report_views.report_review, name="report_review"),
    path("reports/files/<int:pk>/", report_views.report_file, name="report_file"),
    path(
        "reports/files/<int:pk>/remove/",
        report_views.report_file_remove,
        name="report_file_remove",
    ),
    path("schedules/<int:pk>/", report_views.schedule, name="schedule"),
    path("schedules/items/<int:pk>/", report_views.requirement_edit, name="requirement"),
    path(
        "schedules/items/<int:pk>/delete/",
        report_views.requirement_delete,
        name="requirement_delete",
    ),
]
