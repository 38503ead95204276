from django.urls import path

from jiwon.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("verify/", views.chain_verify, name="verify"),
    path("checkpoints/", views.checkpoint_list, name="checkpoints"),
    path("checkpoints/new/", views.checkpoint_new, name="checkpoint_new"),
    path("checkpoints/export.json", views.checkpoint_export, name="checkpoint_export"),
]
