from django.urls import path

from jiwon.applications import views, views_staff

app_name = "applications"
urlpatterns = [
    path("", views.my_applications, name="mine"),
    path("apply/<int:program_pk>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/<int:number>/", views.step, name="step"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/files/<int:file_pk>/", views.file_download, name="file"),
    path("<int:pk>/files/<int:file_pk>/remove/", views.file_remove, name="file_remove"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/supplement/", views.supplement, name="supplement"),
    path("staff/", views_staff.program_index, name="staff_index"),
    path(
        "staff/programs/<int:program_pk>/",
        views_staff.program_applications,
        name="staff_list",
    ),
    path("staff/programs/<int:program_pk>/form/", views_staff.form_edit, name="form_edit"),
    path("staff/<int:pk>/", views_staff.application_detail, name="staff_detail"),
    path("staff/<int:pk>/screen/", views_staff.screen, name="screen"),
]
