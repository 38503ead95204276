"""Fund loans in Chromium: a company applies from its registry record and receives its
recommendation letter; the bank's user reports the loan it made (its desk shows only its own
bank's letters); the finance officer checks a quarter's claim line by line, sees the won of
difference, approves and pays it."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.loans.models import Loan, LoanApplication
from jiwon.loans.services.claims import ClaimLineInput, computed_line, subsidy_claim_submit
from jiwon.loans.tests.factories import EOK, bank, bank_user, executed, fund_round, letter
from jiwon.loans.workflow import ClaimStatus, LetterStatus
from jiwon.outcomes.models import SupportLedgerEntry
from tests.browser import in_korean, log_in, submit

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots/loans")


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _tick(form, selector: str) -> None:
    """Tick a checkbox as a person does: on its KRDS label, which covers the box."""
    box_id = form.locator(selector).get_attribute("id")
    form.locator(f"label[for='{box_id}']").click()


def _submit(page, form):
    submit(page, form)


@pytest.fixture
def fund(db):
    return fund_round(year=2026, opens_on=date(2026, 1, 2), closes_on=date(2026, 12, 31))


def test_a_company_applies_and_receives_its_recommendation_letter(page, live_server, fund):
    company = CompanyFactory(name_ko="한빛정밀")
    member = member_of(company)
    officer = UserFactory(role=Role.PROGRAM_OFFICER)

    log_in(page, member)
    page.goto("/loans/mine/")
    page.locator("#apply-link").click()
    expect(page.locator("#registry")).to_contain_text("한빛정밀")
    form = page.locator("main form[method=post]")
    form.locator("select[name=purpose]").select_option(str(fund.purposes.get(kind="working").pk))
    form.locator("select[name=bank]").select_option(str(fund.banks.first().pk))
    form.locator("input[name=amount_won]").fill("600,000,001")
    form.locator("textarea[name=use_of_funds]").fill("원자재 구매")
    form.locator("label[for=id_declares_good_standing]").click()
    _submit(page, form)
    # One won over the limit: the page names the limit and the excess.
    expect(page.locator("#error-summary")).to_contain_text("600,000,000")
    expect(page.locator("#error-summary")).to_contain_text("1원")
    _shoot(page, "apply-over-ko")
    form.locator("input[name=amount_won]").fill("400,000,000")
    _submit(page, form)
    application = LoanApplication.objects.get(company=company)
    expect(page.locator("#application-status")).to_have_text(in_korean("Under review"))
    _shoot(page, "applied-ko")

    page.context.clear_cookies()
    log_in(page, officer)
    page.goto(f"/loans/applications/{application.pk}/")
    expect(page.locator("#review-figures")).to_contain_text("600,000,000")
    decide = page.locator("form", has=page.locator("input[name=to][value=recommended]"))
    decide.locator("input[name=amount_won]").fill("350,000,000")
    _submit(page, decide)
    expect(page.locator("#letter-status")).to_have_text(in_korean("Issued (volume reserved)"))
    expect(page.locator("#letter-amount")).to_contain_text("350,000,000")

    page.context.clear_cookies()
    log_in(page, member)
    page.goto("/loans/mine/")
    expect(page.locator("#my-applications")).to_contain_text(in_korean("Recommended to the bank"))
    page.goto(f"/loans/applications/{application.pk}/")
    _shoot(page, "letter-ko")
    pdf = page.request.get(page.locator("#letter-pdf").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_a_bank_user_reports_the_loan_it_made(page, live_server, browser, fund):
    company = CompanyFactory(name_ko="동안전자")
    issued = letter(fund, company, member_of(company), amount=3 * EOK)
    kb = bank("kb", "국민은행")
    fund.banks.add(kb)
    elsewhere = CompanyFactory(name_ko="다른은행기업")
    other = letter(fund, elsewhere, member_of(elsewhere), bank=kb)
    banker = bank_user(issued.bank)

    log_in(page, banker)  # the bank's users land on their desk
    expect(page.locator("#bank-letters")).to_contain_text(issued.number)
    expect(page.locator("#bank-letters")).not_to_contain_text(other.number)
    _shoot(page, "bank-desk-ko")
    page.locator(f"#bank-letters a[href='/loans/letters/{issued.pk}/']").click()
    form = page.locator(f"form[action='/loans/letters/{issued.pk}/execute/']")
    form.locator("input[name=bank_reference]").fill("IBK-2026-0001")
    form.locator("input[name=principal_won]").fill("300,000,001")
    form.locator("input[name=bank_rate_pct]").fill("4.25")
    form.locator("select[name=repayment_method]").select_option("bullet")
    _submit(page, form)
    # One won over the letter: refused, with the amount recommended, the form kept.
    expect(page.locator("#error-summary")).to_contain_text("300,000,000")
    _shoot(page, "execution-over-ko")
    form = page.locator(f"form[action='/loans/letters/{issued.pk}/execute/']")
    expect(form.locator("input[name=bank_reference]")).to_have_value("IBK-2026-0001")
    form.locator("input[name=principal_won]").fill("300,000,000")
    _submit(page, form)
    expect(page.locator("#principal")).to_contain_text("300,000,000")
    issued.refresh_from_db()
    assert issued.status == LetterStatus.EXECUTED
    assert Loan.objects.get(recommendation=issued).bank_reference == "IBK-2026-0001"
    _shoot(page, "loan-ko")
    # Another bank's letter does not exist for this bank's user.
    assert page.request.get(f"/loans/letters/{other.pk}/").status == 404

    english = browser.new_context(base_url=live_server.url, locale="en-US")
    tab = english.new_page()
    log_in(tab, banker)
    expect(tab.locator("h1")).to_contain_text("Bank desk")
    _shoot(tab, "bank-desk-en")
    english.close()


def test_the_finance_officer_approves_a_quarters_claim(page, live_server, browser, time_machine):
    time_machine.move_to("2026-07-01T10:00:00+09:00", tick=False)
    fund = fund_round(year=2026, opens_on=date(2026, 1, 2), closes_on=date(2026, 12, 31))
    company = CompanyFactory(name_ko="평촌테크")
    loan = executed(letter(fund, company, member_of(company), amount=2 * EOK), rate="4.000")
    time_machine.move_to("2026-11-20T10:00:00+09:00", tick=True)
    start, end = date(2026, 7, 1), date(2026, 10, 1)
    figure = computed_line(loan, start, end, fund.rounding)
    # 200,000,000 × 1.5% × 92 days / 365 = 756,164.38… → 756,164 won (절사)
    assert figure == 756_164
    claim = subsidy_claim_submit(
        actor=SYSTEM,
        fund=fund,
        bank=loan.bank,
        period_start=start,
        lines=[ClaimLineInput(loan=loan, claimed_won=figure + 1, interest_charged_won=2_016_438)],
    )
    finance = UserFactory(role=Role.FINANCE_OFFICER)

    log_in(page, finance)
    page.goto("/loans/claims/")
    page.locator(f"#claims a[href='/loans/claims/{claim.pk}/']").click()
    expect(page.locator("#differences")).to_be_visible()
    expect(page.locator("#claim-lines")).to_contain_text("756,165")
    expect(page.locator("#claim-lines")).to_contain_text("756,164")
    expect(page.locator("#total-payable")).to_contain_text("756,164")
    _shoot(page, "claim-ko")
    _submit(page, page.locator("form", has=page.locator("input[name=to][value=approved]")))
    expect(page.locator("#claim-status")).to_have_text(in_korean("Approved for payment"))
    _submit(page, page.locator("form", has=page.locator("input[name=to][value=paid]")))
    expect(page.locator("#claim-status")).to_have_text(in_korean("Paid"))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    row = SupportLedgerEntry.objects.get(source_type="fund_loan", source_id=str(loan.pk))
    assert row.kind == "loan"

    english = browser.new_context(base_url=live_server.url, locale="en-US")
    tab = english.new_page()
    log_in(tab, finance)
    tab.goto(f"/loans/claims/{claim.pk}/")
    expect(tab.locator("#claim-status")).to_have_text("Paid")
    _shoot(tab, "claim-en")
    english.close()


def test_an_officer_sets_up_a_fund_round_with_a_rate_scaled_table(page, live_server, db):
    from jiwon.loans.models import FundRound
    from jiwon.programs.tests.factories import ProgramFactory

    program = ProgramFactory(category="finance", fiscal_year=2027, title_ko="2027 중소기업육성자금")
    partner = bank()
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    log_in(page, officer)
    page.goto("/loans/")
    page.locator("#fund-new").click()
    form = page.locator("#fund-form")
    form.locator("input[name=year]").fill("2027")
    form.locator("input[name=name_ko]").fill("2027년 중소기업육성자금")
    form.locator("select[name=program]").select_option(str(program.pk))
    form.locator("input[name=loan_volume_won]").fill("100,000,000,000")
    form.locator("input[name=subsidy_budget_won]").fill("2,000,000,000")
    form.locator("input[name=opens_on]").fill("2027-01-04")
    form.locator("input[name=closes_on]").fill("2027-12-15")
    form.locator("input[name=letter_valid_days]").fill("60")
    form.locator("input[name=preferred_bonus_pct]").fill("0.5")
    _tick(form, f"input[name=banks][value='{partner.pk}']")
    _tick(form, "input[name=working-offered]")
    form.locator("input[name=working-limit_won]").fill("600,000,000")
    form.locator("input[name=working-term_months]").fill("36")
    form.locator("input[name=working-grace_months]").fill("12")
    form.locator("textarea[name=working-bands]").fill("0 0.3\n1.51 0.5\n7.01")
    _submit(page, form)
    expect(page.locator("#error-summary")).to_contain_text("3")  # line 3 is explained
    _shoot(page, "fund-form-error-ko")
    form.locator("textarea[name=working-bands]").fill("0 0.3\n1.51 0.5\n7.01 2.0")
    _submit(page, form)
    fund = FundRound.objects.get(year=2027)
    expect(page.locator("#purposes")).to_contain_text("7.010%→2.000%p")
    _shoot(page, "fund-created-ko")
    page.locator("#fund-edit").click()
    expect(page.locator("textarea[name=working-bands]")).to_have_value(
        "0.000 0.300\n1.510 0.500\n7.010 2.000"
    )
    assert fund.purposes.get().rate_scaled
