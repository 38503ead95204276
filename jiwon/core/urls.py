from django.urls import path

from jiwon.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers and feed readers ask for /favicon.ico whatever the page links.
    path("favicon.ico", views.favicon, name="favicon"),
]
