from django.urls import path

from jiwon.spaces.views import billing, contracts, occupancy, offers, setup, visits, waitlist

app_name = "spaces"

urlpatterns = [
    path("", occupancy.public, name="public"),
    path("sites/<int:pk>/check-in/", visits.check_in, name="check_in"),
    path("mine/", offers.mine, name="mine"),
    path("offers/<int:pk>/", offers.offer, name="offer"),
    path("offers/<int:pk>/answer/", offers.offer_answer, name="offer_answer"),
    path("staff/", occupancy.occupancy, name="occupancy"),
    path("staff/sites/<int:pk>/", setup.site, name="site"),
    path("staff/sites/<int:pk>/contracts/new/", contracts.contract_new, name="contract_new"),
    path("staff/contracts/", contracts.contract_list, name="contracts"),
    path("staff/sites/new/", setup.site_new, name="site_new"),
    path("staff/sites/<int:pk>/edit/", setup.site_edit, name="site_edit"),
    path("staff/sites/<int:pk>/floors/", setup.floor_new, name="floor_new"),
    path("staff/sites/<int:pk>/units/new/", setup.unit_new, name="unit_new"),
    path("staff/floors/<int:pk>/plan/", setup.floor_plan, name="floor_plan"),
    path("staff/floors/<int:pk>/plan/file/", setup.floor_plan_file, name="floor_plan_file"),
    path("staff/units/<int:pk>/edit/", setup.unit_edit, name="unit_edit"),
    path("contracts/<int:pk>/", contracts.contract, name="contract"),
    path("contracts/<int:pk>/move-in/", contracts.contract_move_in, name="contract_move_in"),
    path("contracts/<int:pk>/move-out/", contracts.contract_move_out, name="contract_move_out"),
    path("contracts/<int:pk>/extend/", contracts.contract_extend, name="contract_extend"),
    path("contracts/<int:pk>/evaluate/", contracts.contract_evaluate, name="contract_evaluate"),
    path("contracts/<int:pk>/graduate/", contracts.contract_graduate, name="contract_graduate"),
    path("contracts/<int:pk>/cancel/", contracts.contract_cancel, name="contract_cancel"),
    path("contracts/<int:pk>/deposit/", contracts.deposit_return, name="deposit_return"),
    path("staff/calls/new/", waitlist.call_new, name="call_new"),
    path("staff/calls/<int:pk>/", waitlist.call, name="call"),
    path("staff/calls/<int:pk>/waitlist/", waitlist.call_waitlist, name="call_waitlist"),
    path("staff/calls/<int:pk>/offers/", waitlist.call_offers, name="call_offers"),
    path("staff/charges/", billing.charges, name="charges"),
    path("staff/charges/export.xlsx", billing.charges_export, name="charges_export"),
    path("staff/charges/issue/", billing.charges_issue, name="charges_issue"),
    path("charges/<int:pk>/pay/", billing.charge_pay, name="charge_pay"),
    path("staff/visits/", visits.visits_page, name="visits"),
]
