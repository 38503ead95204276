from django.urls import path

from jiwon.outcomes import views_dashboard

app_name = "dashboard"
urlpatterns = [path("", views_dashboard.dashboard, name="index")]
