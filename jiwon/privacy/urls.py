from django.urls import path

from jiwon.privacy import views

app_name = "privacy"
urlpatterns = [
    path("access-log/", views.review, name="review"),
    path("access-log/review/", views.review_record, name="review_record"),
]
