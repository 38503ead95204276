from django.urls import path

from jiwon.privacy import views

app_name = "privacy"
urlpatterns = [
    path("access-log/", views.review, name="review"),
    path("access-log/review/", views.review_record, name="review_record"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download.json", views.my_data_download, name="my_data_download"),
    path("retention/", views.retention, name="retention"),
]
