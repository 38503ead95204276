import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.models import Membership
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import Provenance, SupportLedgerEntry
from jiwon.outcomes.selectors.ledger import effective_amount, standing_entries
from jiwon.outcomes.services.ledger import ledger_entry_add
from jiwon.outcomes.tests.factories import LedgerEntryFactory
from jiwon.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def staff_pages(company, entry):
    """Every page of the ledger and the figures (GET), with the capability it needs."""
    return [
        (reverse("outcomes:ledger"), "view"),
        (reverse("outcomes:ledger_export"), "view"),
        (reverse("outcomes:figures", args=[company.pk]), "view"),
        (reverse("outcomes:ledger_add"), "manage"),
        (reverse("outcomes:ledger_edit", args=[entry.pk]), "manage"),
        (reverse("outcomes:ledger_correct", args=[entry.pk]), "manage"),
        (reverse("outcomes:ledger_import"), "manage"),
        (reverse("outcomes:ledger_template"), "manage"),
        (reverse("outcomes:figures_import"), "manage"),
        (reverse("outcomes:figures_template"), "manage"),
        (reverse("outcomes:records_import"), "manage"),
        (reverse("outcomes:records_template"), "manage"),
        (reverse("outcomes:figures_edit", args=[company.pk]), "manage"),
        (reverse("outcomes:record_add", args=[company.pk, "award"]), "manage"),
    ]


@pytest.mark.parametrize(
    ("role", "reads", "writes"),
    [
        (Role.AGENCY_ADMIN, True, True),
        (Role.PROGRAM_OFFICER, True, True),
        (Role.FINANCE_OFFICER, True, True),
        (Role.CITY_VIEWER, True, False),
        (Role.AUDITOR, True, False),
        (Role.EVALUATOR, False, False),
        (Role.MENTOR, False, False),
        (Role.COMPANY_MEMBER, False, False),
    ],
)
def test_each_role_reaches_exactly_the_pages_its_capabilities_allow(client, role, reads, writes):
    company = CompanyFactory()
    entry = LedgerEntryFactory(company=company)
    user = UserFactory(role=role)
    if role == Role.COMPANY_MEMBER:
        # Even the company's own member: these are staff pages.
        Membership.objects.create(user=user, company=company, kind="owner")
    client.force_login(user)
    for url, needs in staff_pages(company, entry):
        allowed = writes if needs == "manage" else reads
        status = client.get(url).status_code
        assert (status == 200) == allowed, f"{role} {url} answered {status}"
        if not allowed:
            assert status == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("outcomes:ledger"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def post_row(client, brn, **fields):
    data = {
        "company": brn,
        "kind": SupportKind.GRANT,
        "amount_won": "30000000",
        "supported_on": "2021-05-03",
        "provenance": Provenance.STAFF,
        "description": "사업화 자금",
    }
    data.update(fields)
    return client.post(reverse("outcomes:ledger_add"), data)


def test_a_finance_officer_adds_a_row_by_business_number(client, company):
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    client.force_login(finance)
    response = post_row(client, company.brn_display)
    assert response.status_code == 302
    entry = SupportLedgerEntry.objects.get()
    assert (entry.company, entry.amount_won, entry.entered_by) == (company, 30_000_000, finance)
    assert AuditEntry.objects.filter(action="outcomes.ledger_entry_add", actor=finance).count() == 1


def test_a_city_viewer_cannot_post_a_row(client, company):
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    assert post_row(client, company.brn).status_code == 403
    assert not SupportLedgerEntry.objects.exists()


def test_the_add_form_says_what_is_wrong(client, officer, company):
    client.force_login(officer)
    response = post_row(client, "124-81-00998", amount_won="-5")
    assert response.status_code == 200
    form = response.context["form"]
    assert "No company with this business registration number" in form.errors["company"][0]
    assert "amount_won" in form.errors
    assert not SupportLedgerEntry.objects.exists()


def test_a_row_added_from_the_company_page_needs_no_business_number(client, officer):
    prefounder = CompanyFactory(kind="prefounder", brn=None, legal_form="", founded_on=None)
    client.force_login(officer)
    url = f"{reverse('outcomes:ledger_add')}?company={prefounder.pk}"
    assert "company" not in client.get(url).context["form"].fields
    data = {"kind": SupportKind.EDUCATION, "supported_on": "2021-05-03", "provenance": "staff"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert SupportLedgerEntry.objects.get().company == prefounder


def test_the_list_filters_and_totals_in_exact_won_like_its_rows(client, officer):
    blue = ProgramFactory(fiscal_year=2021, series="BLUE100")
    hanbit = CompanyFactory(name_ko="한빛전자")
    LedgerEntryFactory(company=hanbit, program=blue, amount_won=5_000_000_000)
    LedgerEntryFactory(company=hanbit, program=blue, amount_won=300_000_000)
    LedgerEntryFactory(kind=SupportKind.MENTORING, amount_won=None)
    LedgerEntryFactory(amount_won=999, supported_on=date(2020, 1, 1))
    client.force_login(officer)

    response = client.get(reverse("outcomes:ledger"), {"year": 2021, "program": blue.pk})
    html = response.content.decode()
    assert response.context["total_won"] == 5_300_000_000
    assert response.context["row_count"] == 2
    assert 'id="ledger-total">KRW 5,300,000,000<' in html

    by_kind = client.get(reverse("outcomes:ledger"), {"kind": SupportKind.MENTORING})
    assert by_kind.context["row_count"] == 1 and by_kind.context["total_won"] == 0
    by_name = client.get(reverse("outcomes:ledger"), {"q": "한빛"})
    assert by_name.context["row_count"] == 2
    by_number = client.get(reverse("outcomes:ledger"), {"q": hanbit.brn_display})
    assert by_number.context["row_count"] == 2
    everything = client.get(reverse("outcomes:ledger"))
    assert everything.context["total_won"] == 5_300_000_999


def test_the_total_counts_corrections(client, officer, company):
    entry = LedgerEntryFactory(company=company, amount_won=30_000_000)
    client.force_login(officer)
    response = client.post(
        reverse("outcomes:ledger_correct", args=[entry.pk]),
        {"action": "adjust", "amount_won": "25000000", "reason": "정산"},
    )
    assert response.status_code == 302
    assert effective_amount(entry) == 25_000_000
    listing = client.get(reverse("outcomes:ledger"))
    assert listing.context["total_won"] == 25_000_000
    assert listing.context["row_count"] == 2


def test_the_correct_page_moves_a_row_to_the_right_company(client, officer, company):
    right = CompanyFactory()
    entry = LedgerEntryFactory(company=company, amount_won=10_000_000)
    client.force_login(officer)
    response = client.post(
        reverse("outcomes:ledger_correct", args=[entry.pk]),
        {"action": "move", "company": right.brn, "reason": "기업 오기"},
    )
    assert response.status_code == 302
    assert SupportLedgerEntry.objects.filter(company=right, amount_won=10_000_000).exists()
    moved_away = SupportLedgerEntry.objects.filter(company=company)
    assert sum(moved_away.values_list("amount_won", flat=True)) == 0


@pytest.mark.parametrize(
    ("posted", "service", "standing_amount"),
    [
        ({"action": "adjust", "amount_won": "7000"}, "outcomes.ledger_entry_adjust", 10_000),
        ({"action": "cancel"}, "outcomes.ledger_entry_void", None),
        ({"action": "move", "supported_on": "2021-06-01"}, "outcomes.ledger_entry_replace", 10_000),
        (
            {"action": "move", "supported_on": "2021-06-01", "amount_won": "7000"},
            "outcomes.ledger_entry_replace",
            7_000,
        ),
        # The company and date given are those recorded: only the amount can be wrong.
        (
            {"action": "move", "supported_on": "2021-05-01", "amount_won": "7000"},
            "outcomes.ledger_entry_adjust",
            10_000,
        ),
    ],
    ids=["amount", "cancel", "date", "date and amount", "same date, new amount"],
)
def test_each_correction_is_recorded_by_the_service_for_what_is_wrong(
    client, officer, company, posted, service, standing_amount
):
    entry = LedgerEntryFactory(company=company, amount_won=10_000, supported_on=date(2021, 5, 1))
    client.force_login(officer)
    response = client.post(
        reverse("outcomes:ledger_correct", args=[entry.pk]), {**posted, "reason": "정정"}
    )
    assert response.status_code == 302
    written = AuditEntry.objects.exclude(action="outcomes.ledger_entry_add")
    assert set(written.values_list("action", flat=True)) == {service}
    standing = standing_entries().filter(company=company)
    assert [e.amount_won for e in standing] == (
        [] if standing_amount is None else [standing_amount]
    )


def test_the_correct_page_says_when_nothing_would_change(client, officer, company):
    entry = LedgerEntryFactory(company=company, supported_on=date(2021, 5, 1))
    client.force_login(officer)
    response = client.post(
        reverse("outcomes:ledger_correct", args=[entry.pk]),
        {"action": "move", "company": company.brn, "reason": "r"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Nothing to correct: give a different amount, company or date, or cancel the row."
    ]
    assert entry.corrections.count() == 0


def test_the_correct_page_cancels_a_row_and_then_shows_it_cancelled(client, officer, company):
    entry = LedgerEntryFactory(company=company)
    client.force_login(officer)
    url = reverse("outcomes:ledger_correct", args=[entry.pk])
    client.post(url, {"action": "cancel", "reason": "지원 포기"})
    response = client.post(url, {"action": "adjust", "amount_won": "5", "reason": "다시"})
    assert response.status_code == 200
    assert "cancelled" in " ".join(response.context["form"].non_field_errors())
    assert response.context["cancelled"] is True


def test_the_correct_page_asks_for_what_it_needs(client, officer, company):
    entry = LedgerEntryFactory(company=company)
    client.force_login(officer)
    url = reverse("outcomes:ledger_correct", args=[entry.pk])
    response = client.post(url, {"action": "adjust", "reason": ""})
    errors = response.context["form"].errors
    assert {"amount_won", "reason"} <= set(errors)
    response = client.post(url, {"action": "move", "reason": "r"})
    assert "company" in response.context["form"].errors
    assert entry.corrections.count() == 0


def test_the_edit_page_changes_only_descriptive_fields(client, officer, company):
    program = ProgramFactory(fiscal_year=2021)
    entry = ledger_entry_add(
        actor=officer,
        company=company,
        kind=SupportKind.GRANT,
        amount_won=1_000,
        supported_on=date(2021, 5, 3),
        provenance=Provenance.STAFF,
    )
    client.force_login(officer)
    url = reverse("outcomes:ledger_edit", args=[entry.pk])
    assert "amount_won" not in client.get(url).context["form"].fields
    response = client.post(
        url,
        {
            "program": program.pk,
            "kind": SupportKind.VOUCHER,
            "description": "바우처로 정정",
            "amount_won": "999999",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.program, entry.kind, entry.amount_won) == (program, "voucher", 1_000)
    audit = AuditEntry.objects.get(action="outcomes.ledger_entry_update")
    assert audit.changes["kind"] == ["grant", "voucher"]


def test_the_export_holds_the_filtered_rows_with_exact_amounts(client, officer):
    LedgerEntryFactory(amount_won=5_300_000_001, supported_on=date(2021, 3, 1))
    LedgerEntryFactory(amount_won=7, supported_on=date(2020, 3, 1))
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    response = client.get(reverse("outcomes:ledger_export"), {"year": 2021})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    data = list(sheet.iter_rows(values_only=True))
    assert data[0][:7] == (
        "사업자등록번호",
        "사업",
        "지원유형",
        "금액(원)",
        "지원일",
        "종료일",
        "내용",
    )
    assert len(data) == 2
    assert data[1][3] == 5_300_000_001
    assert data[1][2] == "보조금"


@pytest.mark.django_db
def test_the_ledger_shows_its_total_in_the_format_of_its_rows(client):
    LedgerEntryFactory(amount_won=150_000_000, supported_on=date(2021, 3, 2))
    LedgerEntryFactory(amount_won=60_000_000, supported_on=date(2021, 4, 2))
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    page = client.get("/outcomes/ledger/?year=2021", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "210,000,000원" in page and "60,000,000원" in page
    assert "억원" not in page


def test_in_english_a_ledger_row_names_the_company_and_programme_in_english(client):
    company = CompanyFactory(name_ko="한빛전자", name_en="Hanbit Electronics")
    program = ProgramFactory(title_ko="2026년 수출 바우처", title_en="2026 Export voucher")
    entry = LedgerEntryFactory(company=company, program=program)
    LedgerEntryFactory(company=CompanyFactory(name_ko="푸른바이오"), program=None)
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))

    listed = client.get(reverse("outcomes:ledger")).content.decode()
    assert "Hanbit Electronics" in listed and "2026 Export voucher" in listed
    assert "한빛전자" not in listed and "수출 바우처" not in listed
    # Without an English name the Korean one stands.
    assert "푸른바이오" in listed
    corrected = client.get(reverse("outcomes:ledger_correct", args=[entry.pk])).content.decode()
    assert "Hanbit Electronics" in corrected and "2026 Export voucher" in corrected
