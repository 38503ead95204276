from django.urls import path

from jiwon.loans import views, views_funds

app_name = "loans"

urlpatterns = [
    path("", views_funds.fund_list, name="funds"),
    path("funds.xlsx", views_funds.funds_export, name="funds_export"),
    path("funds/new/", views_funds.fund_new, name="fund_new"),
    path("funds/<int:pk>/", views_funds.fund_detail, name="fund"),
    path("funds/<int:pk>/edit/", views_funds.fund_edit, name="fund_edit"),
    path("funds/<int:pk>/loans.xlsx", views_funds.fund_export, name="fund_export"),
    path("mine/", views.mine, name="mine"),
    path("apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("letters/<int:pk>/", views.letter_detail, name="letter"),
    path("letters/<int:pk>/letter.pdf", views.letter_document, name="letter_pdf"),
    path("letters/<int:pk>/execute/", views.letter_execute, name="letter_execute"),
    path("letters/<int:pk>/decline/", views.letter_decline, name="letter_decline"),
    path("loans/<int:pk>/", views.loan_detail, name="loan"),
    path("loans/<int:pk>/change/", views.loan_change, name="loan_change"),
    path("loans/<int:pk>/schedule.xlsx", views.loan_schedule_export, name="loan_schedule"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/decide/", views.claim_decide, name="claim_decide"),
    path("claims/<int:pk>/claim.xlsx", views.claim_export, name="claim_export"),
    path("bank/", views.bank_desk, name="bank"),
    path("bank/claims/new/", views.claim_new, name="claim_new"),
    path("bank/upload/", views.bank_upload, name="bank_upload"),
]
