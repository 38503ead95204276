from django.urls import path

from jiwon.programs import views_portal

app_name = "recommendations"
urlpatterns = [
    path("", views_portal.recommendation_list, name="list"),
    path(
        "programs/<int:program_pk>/",
        views_portal.recommendation_explain,
        name="explain",
    ),
]
