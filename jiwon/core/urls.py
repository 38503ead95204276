from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from jiwon.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers and feed readers ask for /favicon.ico whatever the page links.
    path(
        "favicon.ico",
        RedirectView.as_view(
            url=static("vendor/krds/img/component/favicon/favicon-32x32.png"), permanent=False
        ),
        name="favicon",
    ),
]
