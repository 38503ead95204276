from django.urls import path

from jiwon.spaces import views

app_name = "spaces"

urlpatterns = [
    path("", views.public, name="public"),
    path("sites/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("mine/", views.mine, name="mine"),
    path("offers/<int:pk>/", views.offer, name="offer"),
    path("offers/<int:pk>/answer/", views.offer_answer, name="offer_answer"),
    path("staff/", views.occupancy, name="occupancy"),
    path("staff/sites/<int:pk>/", views.site, name="site"),
    path("staff/sites/<int:pk>/contracts/new/", views.contract_new, name="contract_new"),
    path("staff/contracts/", views.contract_list, name="contracts"),
    path("staff/sites/new/", views.site_new, name="site_new"),
    path("staff/sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("staff/sites/<int:pk>/floors/", views.floor_new, name="floor_new"),
    path("staff/sites/<int:pk>/units/new/", views.unit_new, name="unit_new"),
    path("staff/floors/<int:pk>/plan/", views.floor_plan, name="floor_plan"),
    path("staff/units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("contracts/<int:pk>/", views.contract, name="contract"),
    path("contracts/<int:pk>/move-in/", views.contract_move_in, name="contract_move_in"),
    path("contracts/<int:pk>/move-out/", views.contract_move_out, name="contract_move_out"),
    path("contracts/<int:pk>/extend/", views.contract_extend, name="contract_extend"),
    path("contracts/<int:pk>/evaluate/", views.contract_evaluate, name="contract_evaluate"),
    path("contracts/<int:pk>/graduate/", views.contract_graduate, name="contract_graduate"),
    path("contracts/<int:pk>/cancel/", views.contract_cancel, name="contract_cancel"),
    path("contracts/<int:pk>/deposit/", views.deposit_return, name="deposit_return"),
    path("staff/calls/new/", views.call_new, name="call_new"),
    path("staff/calls/<int:pk>/", views.call, name="call"),
    path("staff/calls/<int:pk>/waitlist/", views.call_waitlist, name="call_waitlist"),
    path("staff/calls/<int:pk>/offers/", views.call_offers, name="call_offers"),
    path("staff/charges/", views.charges, name="charges"),
    path("staff/charges/export.xlsx", views.charges_export, name="charges_export"),
    path("staff/charges/issue/", views.charges_issue, name="charges_issue"),
    path("charges/<int:pk>/pay/", views.charge_pay, name="charge_pay"),
    path("staff/visits/", views.visits_page, name="visits"),
]
