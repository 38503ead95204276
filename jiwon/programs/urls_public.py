from django.urls import path

from jiwon.programs import views_public
from jiwon.programs.feeds import LatestNoticesAtom, LatestNoticesRss

app_name = "notices"
urlpatterns = [
    path("", views_public.notice_list, name="list"),
    path("feed/rss/", LatestNoticesRss(), name="rss"),
    path("feed/atom/", LatestNoticesAtom(), name="atom"),
    path("deadlines.ics", views_public.deadlines_calendar, name="calendar"),
    path("<int:pk>/", views_public.notice_detail, name="detail"),
    path("<int:pk>/deadline.ics", views_public.notice_calendar, name="program_calendar"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views_public.notice_attachment,
        name="attachment",
    ),
]
