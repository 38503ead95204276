from datetime import date

from django.urls import reverse

from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.loans.models import EventKind, LoanApplication
from jiwon.loans.services.claims import ClaimLineInput, subsidy_claim_submit
from jiwon.loans.services.loans import loan_event_record
from jiwon.loans.tests.factories import EOK, applied, bank, bank_user, executed, fund_round, letter
from jiwon.loans.workflow import ClaimStatus, LetterStatus


def test_it_lets_a_company_apply_from_its_registry_record(client, fund, company, member):
    client.force_login(member)
    page = client.get(reverse("loans:apply"))
    assert page.status_code == 200
    assert company.name_ko in page.content.decode()
    response = client.post(
        reverse("loans:apply"),
        {
            "company": company.pk,
            "purpose": fund.purposes.get(kind="working").pk,
            "bank": fund.banks.first().pk,
            "amount_won": "３００,０００,０００원",
            "use_of_funds": "원자재 구매",
            "declares_good_standing": "on",
        },
    )
    application = LoanApplication.objects.get()
    assert response.status_code == 302
    assert application.amount_won == 3 * EOK
    assert application.number in client.get(reverse("loans:mine")).content.decode()


def test_it_shows_the_limit_and_the_excess_on_the_form(client, fund, company, member):
    client.force_login(member)
    response = client.post(
        reverse("loans:apply"),
        {
            "company": company.pk,
            "purpose": fund.purposes.get(kind="working").pk,
            "bank": fund.banks.first().pk,
            "amount_won": "600,000,001",
            "use_of_funds": "원자재 구매",
            "declares_good_standing": "on",
        },
    )
    assert response.status_code == 200
    assert "limit of 600,000,000 won by 1 won" in response.content.decode()
    assert not LoanApplication.objects.exists()


def test_it_lets_staff_issue_the_letter_and_the_company_download_it(
    client, fund, company, member, officer
):
    application = applied(fund, company, member)
    client.force_login(officer)
    response = client.post(
        reverse("loans:application_decide", args=[application.pk]),
        {"to": "recommended", "amount_won": "250,000,000", "note": "적격"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    issued = application.recommendation
    assert (issued.amount_won, issued.status) == (250_000_000, LetterStatus.ISSUED)
    client.force_login(member)
    pdf = client.get(reverse("loans:letter_pdf", args=[issued.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_it_lets_the_bank_report_the_loan_on_its_desk(client, fund, company, member, banker):
    issued = letter(fund, company, member)
    client.force_login(banker)
    desk = client.get(reverse("loans:bank")).content.decode()
    assert issued.number in desk
    response = client.post(
        reverse("loans:letter_execute", args=[issued.pk]),
        {
            "bank_reference": "IBK-1",
            "principal_won": "300,000,000",
            "executed_on": issued.issued_on.isoformat(),
            "bank_rate_pct": "4.25",
            "term_months": "36",
            "grace_months": "12",
            "repayment_method": "equal_principal",
        },
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.status == LetterStatus.EXECUTED


def test_it_hides_a_letter_from_another_banks_user(client, fund, company, member):
    issued = letter(fund, company, member)
    client.force_login(bank_user(bank("kb", "국민은행")))
    assert client.get(reverse("loans:letter", args=[issued.pk])).status_code == 404
    assert issued.number not in client.get(reverse("loans:bank")).content.decode()


def test_it_keeps_the_bank_desk_from_other_roles(client, member, officer):
    for user in (member, officer):
        client.force_login(user)
        assert client.get(reverse("loans:bank")).status_code == 403


def _claimed(db, company, member, time_machine):
    time_machine.move_to("2020-02-01T10:00:00+09:00", tick=False)
    fund = fund_round(year=2020)
    loan = executed(letter(fund, company, member, amount=100_000_000), rate="4.000")
    time_machine.move_to("2020-03-01T10:00:00+09:00", tick=False)
    loan_event_record(
        actor=SYSTEM,
        loan=loan,
        on=date(2020, 3, 1),
        kind=EventKind.PREPAYMENT,
        amount_won=40_000_000,
    )
    time_machine.move_to("2020-04-02T10:00:00+09:00", tick=False)
    return loan


def test_it_lets_the_bank_claim_and_the_finance_officer_approve_and_pay(
    client, db, company, member, time_machine, user_with_role
):
    loan = _claimed(db, company, member, time_machine)
    client.force_login(bank_user(loan.bank))
    form = client.get(
        reverse("loans:claim_new"), {"fund": loan.fund.pk, "period_start": "2020-01-01"}
    )
    assert loan.bank_reference in form.content.decode()
    response = client.post(
        reverse("loans:claim_new"),
        {
            "fund": loan.fund.pk,
            "period_start": "2020-01-01",
            "submit": "1",
            f"claimed_{loan.pk}": "195,617",
            f"interest_{loan.pk}": "521,643",
        },
    )
    assert response.status_code == 302
    claim = loan.claim_lines.get().claim
    finance = user_with_role(Role.FINANCE_OFFICER)
    client.force_login(finance)
    page = client.get(reverse("loans:claim", args=[claim.pk])).content.decode()
    assert "195,616" in page and "195,617" in page
    client.post(reverse("loans:claim_decide", args=[claim.pk]), {"to": "approved"})
    client.post(
        reverse("loans:claim_decide", args=[claim.pk]), {"to": "paid", "paid_on": "2020-04-02"}
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert client.get(reverse("loans:claim_export", args=[claim.pk]))["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_it_refuses_the_bank_approving_its_own_claim(client, db, company, member, time_machine):
    loan = _claimed(db, company, member, time_machine)
    claim = subsidy_claim_submit(
        actor=SYSTEM,
        fund=loan.fund,
        bank=loan.bank,
        period_start=date(2020, 1, 1),
        lines=[ClaimLineInput(loan=loan, claimed_won=1, interest_charged_won=1)],
    )
    client.force_login(bank_user(loan.bank))
    assert client.get(reverse("loans:claim", args=[claim.pk])).status_code == 200
    response = client.post(reverse("loans:claim_decide", args=[claim.pk]), {"to": "approved"})
    assert response.status_code == 403


def test_it_shows_staff_the_volume_and_exports_the_loans(client, fund, company, member, officer):
    executed(letter(fund, company, member, amount=2 * EOK))
    client.force_login(officer)
    page = client.get(reverse("loans:fund", args=[fund.pk])).content.decode()
    assert "KRW 99.8 billion" in page  # 998억원 of 1,000억원 remain
    export = client.get(reverse("loans:fund_export", args=[fund.pk]))
    assert export.status_code == 200


def test_it_lets_a_bank_report_through_the_api(client, fund, company, member, banker):
    issued = letter(fund, company, member)
    client.force_login(banker)
    response = client.post(
        f"/api/v1/loans/letters/{issued.pk}/execution",
        {
            "bank_reference": "API-1",
            "principal_won": 300_000_000,
            "executed_on": issued.issued_on.isoformat(),
            "bank_rate_pct": "4.5",
            "term_months": 36,
            "repayment_method": "bullet",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["outstanding_won"] == 300_000_000
    schedule = response.json()["schedule"]
    assert len(schedule) == 36 and schedule[-1]["principal_won"] == 300_000_000
    assert schedule[0]["interest_won"] == 1_125_000  # 300,000,000 × 4.5% / 12
    other = bank_user(bank("kb", "국민은행"))
    client.force_login(other)
    assert client.get(f"/api/v1/loans/loans/{response.json()['id']}").status_code == 404
