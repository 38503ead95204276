from django.urls import path

from jiwon.outcomes import views_reports

urlpatterns = [
    path("", views_reports.report_list, name="report_list"),
    path("runs/<int:pk>/", views_reports.report_status, name="report_status"),
    path("runs/<int:pk>/file/", views_reports.report_download, name="report_download"),
    path("drill/<slug:kpi>/", views_reports.report_drill, name="report_drill"),
]
