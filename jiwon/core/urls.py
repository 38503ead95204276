from django.urls import path

from jiwon.core import views, views_imports

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers and feed readers ask for /favicon.ico whatever the page links.
    path("favicon.ico", views.favicon, name="favicon"),
    path("imports/<int:pk>/", views_imports.import_status, name="import_status"),
    path("imports/<int:pk>/errors.xlsx", views_imports.import_errors, name="import_errors"),
]
