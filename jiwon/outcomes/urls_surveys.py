from django.urls import path

from jiwon.outcomes import views_surveys as views

# Included by jiwon/outcomes/urls.py at /outcomes/surveys/ in the "outcomes" namespace.
urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("new/", views.survey_create, name="survey_create"),
    path("<int:pk>/", views.survey_detail, name="survey_detail"),
    path("<int:pk>/remind/", views.survey_remind, name="survey_remind"),
    path("<int:pk>/close/", views.survey_close, name="survey_close"),
    path("<int:pk>/export/", views.survey_export, name="survey_export"),
    path("mine/", views.survey_portal, name="survey_portal"),
    path("mine/<int:pk>/", views.survey_answer, name="survey_answer"),
]
