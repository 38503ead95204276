from django.urls import path

from jiwon.equipment import views

app_name = "equipment"

urlpatterns = [
    path("", views.public, name="public"),
    path("kinds/<int:pk>/", views.kind, name="kind"),
    path("<int:pk>/", views.resource, name="resource"),
    path("<int:pk>/book/", views.book, name="book"),
    path("<int:pk>/wait/", views.wait, name="wait"),
    path("<int:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("<int:pk>/photo/", views.resource_photo, name="resource_photo"),
    path("<int:pk>/manual/", views.resource_manual, name="resource_manual"),
    path("new/", views.resource_new, name="resource_new"),
    path("bookings/", views.mine, name="mine"),
    path("bookings/<int:pk>/", views.booking, name="booking"),
    path("bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:pk>/move/", views.move, name="move"),
    path("bookings/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("bookings/<int:pk>/check-out/", views.check_out, name="check_out"),
    path("bookings/<int:pk>/approve/", views.approve, name="approve"),
    path("bookings/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("tests/new/", views.test_new, name="test_new"),
    path("tests/<int:pk>/", views.test, name="test"),
    path("tests/<int:pk>/refuse/", views.test_refuse, name="test_refuse"),
    path("tests/<int:pk>/withdraw/", views.test_withdraw, name="test_withdraw"),
    path("tests/<int:pk>/result/", views.test_result, name="test_result"),
    path("tests/<int:pk>/download/", views.test_download, name="test_download"),
    path("staff/", views.staff_bookings, name="staff_bookings"),
    path("staff/export.xlsx", views.staff_export, name="staff_export"),
    path("staff/tests/", views.staff_tests, name="staff_tests"),
    path("staff/utilisation/", views.utilisation, name="utilisation"),
    path("staff/trainings/", views.trainings, name="trainings"),
]
