from django.urls import path

from jiwon.programs import views_recommendations

app_name = "recommendations"
urlpatterns = [
    path("", views_recommendations.recommendation_list, name="list"),
    path(
        "programs/<int:program_pk>/",
        views_recommendations.recommendation_explain,
        name="explain",
    ),
]
