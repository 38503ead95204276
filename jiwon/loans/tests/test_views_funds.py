"""The back-office form for fund rounds, the list of rounds (with its Excel file), and the
repayment schedule on the loan page and in Excel."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from jiwon.core.roles import Role
from jiwon.loans.models import FundRound, RepaymentMethod
from jiwon.loans.tests.factories import EOK, bank, executed, fund_round, letter
from jiwon.programs.tests.factories import ProgramFactory


def posted(program, banks, **overrides):
    data = {
        "year": "2027",
        "name_ko": "2027년 중소기업육성자금",
        "name_en": "2027 SME development fund",
        "program": program.pk,
        "loan_volume_won": "100,000,000,000",
        "subsidy_budget_won": "2,000,000,000",
        "opens_on": "2027-01-04",
        "closes_on": "2027-12-15",
        "letter_valid_days": "60",
        "preferred_bonus_pct": "0.5",
        "payment_frequency": "quarterly",
        "rounding": "down",
        "banks": [b.pk for b in banks],
        "working-offered": "on",
        "working-limit_won": "600,000,000",
        "working-term_months": "36",
        "working-grace_months": "12",
        "working-subsidy_pct": "1.5",
        "facility-offered": "on",
        "facility-limit_won": "500,000,000",
        "facility-term_months": "60",
        "facility-grace_months": "24",
        "facility-bands": "0 0.3\n1.51% → 0.5%p\n7.01 2.0",
    }
    data.update(overrides)
    return data


def test_it_lets_a_programme_officer_set_up_a_round_from_the_list(client, db, officer):
    program = ProgramFactory(category="finance", title_ko="2027 융자 공고")
    client.force_login(officer)
    listing = client.get(reverse("loans:funds")).content.decode()
    assert reverse("loans:fund_new") in listing
    form = client.get(reverse("loans:fund_new"))
    assert form.status_code == 200 and "2027 융자 공고" in form.content.decode()
    response = client.post(reverse("loans:fund_new"), posted(program, [bank()]))
    fund = FundRound.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == reverse(
        "loans:fund", args=[fund.pk]
    )
    facility = fund.purposes.get(kind="facility")
    assert facility.rate_scaled and facility.bands.count() == 3
    assert fund.loan_volume_won == 100_000_000_000
    page = client.get(reverse("loans:fund", args=[fund.pk])).content.decode()
    assert "1.510%→0.500%p" in page


def test_it_explains_a_bad_table_row_and_a_missing_limit_on_the_form(client, db, officer):
    program = ProgramFactory(category="finance")
    client.force_login(officer)
    response = client.post(
        reverse("loans:fund_new"),
        posted(program, [bank()], **{"facility-bands": "0 0.3\n1.51", "working-limit_won": ""}),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: write the bank rate from which the row applies and its subsidy" in page
    assert "Working capital: fill this in, or do not offer the purpose." in page
    assert not FundRound.objects.exists()


def test_it_keeps_the_form_from_roles_that_only_read(client, db, user_with_role):
    fund = fund_round()
    for role in (Role.FINANCE_OFFICER, Role.CITY_VIEWER, Role.AUDITOR):
        client.force_login(user_with_role(role))
        assert client.get(reverse("loans:fund_new")).status_code == 403
        assert client.get(reverse("loans:fund_edit", args=[fund.pk])).status_code == 403
        assert reverse("loans:fund_new") not in client.get(reverse("loans:funds")).content.decode()


def test_it_asks_for_the_day_new_terms_apply_on_a_round_with_loans(
    client, db, officer, company, member, today
):
    fund = fund_round()
    executed(letter(fund, company, member, amount=EOK))
    client.force_login(officer)
    form = client.get(reverse("loans:fund_edit", args=[fund.pk])).content.decode()
    assert 'id="in-use"' in form and 'value="600000000"' in form
    data = posted(
        fund.program,
        list(fund.banks.all()),
        year=str(fund.year),
        opens_on=fund.opens_on.isoformat(),
        closes_on=fund.closes_on.isoformat(),
        **{"working-subsidy_pct": "1.2", "facility-bands": "", "facility-subsidy_pct": "1.0"},
    )
    refused = client.post(reverse("loans:fund_edit", args=[fund.pk]), data)
    assert refused.status_code == 200
    assert "give the day from which the new subsidy terms apply" in refused.content.decode()
    data["terms_from"] = today.isoformat()
    saved = client.post(reverse("loans:fund_edit", args=[fund.pk]), data)
    assert saved.status_code == 302
    page = client.get(reverse("loans:fund", args=[fund.pk])).content.decode()
    assert f"for loans made from {today:%Y-%m-%d}" in page
    assert f"– {today:%Y-%m-%d}: 1.500%p" in page


def test_it_exports_the_rounds_to_excel(client, db, officer, company, member):
    fund = fund_round()
    executed(letter(fund, company, member, amount=EOK))
    client.force_login(officer)
    response = client.get(reverse("loans:funds_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == fund.year and rows[1][3] == EOK  # lent


def test_it_shows_the_repayment_schedule_on_the_loan_page_and_in_excel(
    client, db, company, member, officer
):
    fund = fund_round()
    loan = executed(
        letter(fund, company, member, amount=EOK),
        rate="4.500",
        grace_months=12,
        repayment_method=RepaymentMethod.EQUAL_PRINCIPAL,
    )
    client.force_login(member)
    page = client.get(reverse("loans:loan", args=[loan.pk])).content.decode()
    # 100,000,000 over 24 months after the grace: 4,166,666 a month, the last 4,166,682.
    assert "4,166,666" in page and "4,166,682" in page
    assert "375,000" in page  # a month's interest in the grace: 100,000,000 × 4.5% / 12
    response = client.get(reverse("loans:loan_schedule", args=[loan.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:4] == (1, rows[2][1], 0, 375_000)
    assert rows[-1][2] == EOK  # the principal parts add up to the principal
    assert rows[-2][2] == 4_166_682
