from django.urls import path

from jiwon.companies import views, views_excel

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="list"),
    path("import/", views_excel.company_import, name="import"),
    path("export.xlsx", views_excel.company_export, name="export"),
    path("template.xlsx", views_excel.company_template, name="template"),
    path("mine/", views.my_companies, name="mine"),
    path("new/", views.company_create, name="create"),
    path("<int:pk>/", views.company_detail, name="detail"),
    path("<int:pk>/edit/", views.company_edit, name="edit"),
    path("<int:pk>/register-business/", views.company_register_business, name="register_business"),
    path("<int:pk>/stage/", views.company_set_stage, name="set_stage"),
    path("<int:pk>/certifications/", views.certification_add, name="certification_add"),
    path(
        "<int:pk>/certifications/<int:cert_pk>/delete/",
        views.certification_remove,
        name="certification_remove",
    ),
]
