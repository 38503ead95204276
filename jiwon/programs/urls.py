from django.urls import include, path

from jiwon.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/edit/", views.program_edit, name="edit"),
    path("<int:pk>/status/", views.program_transition, name="transition"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("<int:pk>/rules/", include("jiwon.programs.urls_rules")),
]
