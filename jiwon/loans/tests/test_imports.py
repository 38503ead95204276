import io
from datetime import timedelta

from openpyxl import Workbook

from jiwon.loans.imports import balances_import
from jiwon.loans.models import LoanEvent
from jiwon.loans.tests.factories import EOK, executed, letter


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def upload(actor, bank, rows):
    data = xlsx(rows)
    return balances_import(
        actor=actor, bank=bank, file=data, name="잔액.xlsx", size=len(data.getvalue())
    )


def later_loan(fund, company, member, time_machine, today):
    loan = executed(letter(fund, company, member, amount=3 * EOK), reference="IBK-001")
    time_machine.move_to(f"{(today + timedelta(days=40)).isoformat()}T10:00:00+09:00")
    return loan


def test_it_records_a_good_bank_file(fund, company, member, banker, time_machine, today):
    loan = later_loan(fund, company, member, time_machine, today)
    day = today + timedelta(days=30)
    result = upload(
        banker,
        loan.bank,
        [
            ["여신번호", "거래일자", "거래구분", "거래금액", "적용금리"],
            ["IBK-001", day.isoformat(), "중도상환", "50,000,000", None],
            ["IBK-001", day, "금리변경", None, "4.1"],
        ],
    )
    assert result.ok and result.created == 2
    assert list(loan.events.values_list("kind", "amount_won")) == [
        ("prepayment", 50_000_000),
        ("rate_change", 0),
    ]


def test_it_reports_every_bad_cell_by_row_and_column_and_keeps_nothing(
    fund, company, member, banker, time_machine, today
):
    loan = later_loan(fund, company, member, time_machine, today)
    result = upload(
        banker,
        loan.bank,
        [
            ["대출번호", "일자", "구분", "금액"],
            ["IBK-001", (today + timedelta(days=1)).isoformat(), "중도상환", 1_000_000],
            ["IBK-001", "2026-13-01", "중도상환", 1_000_000],
            ["NOPE-9", today.isoformat(), "중도상환", 1_000_000],
            ["IBK-001", today.isoformat(), "환불", 1_000_000],
            ["IBK-001", today.isoformat(), "중도상환", "-5"],
        ],
    )
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "일자"),
        (4, "대출번호"),
        (5, "구분"),
        (6, "금액"),
    ]
    assert "NOPE-9" in result.errors[1].message_en
    assert LoanEvent.objects.count() == 0


def test_it_keeps_nothing_when_the_services_refuse_a_row(
    fund, company, member, banker, time_machine, today
):
    loan = later_loan(fund, company, member, time_machine, today)
    result = upload(
        banker,
        loan.bank,
        [
            ["대출번호", "일자", "구분", "금액"],
            ["IBK-001", (today + timedelta(days=1)).isoformat(), "중도상환", 100_000_000],
            ["IBK-001", (today + timedelta(days=2)).isoformat(), "중도상환", 200_000_001],
        ],
    )
    assert not result.ok and result.created == 0
    assert result.errors[0].row == 3
    assert "1 won more" in result.errors[0].message_en
    assert LoanEvent.objects.count() == 0


def test_it_names_a_missing_column(fund, company, member, banker):
    loan = executed(letter(fund, company, member), reference="IBK-001")
    result = upload(banker, loan.bank, [["대출번호", "금액"], ["IBK-001", 1]])
    assert [e.message_en for e in result.errors] == [
        "The column “일자” is missing from the first row.",
        "The column “구분” is missing from the first row.",
    ]


def test_it_reads_the_banks_own_headers(fund, company, member, banker, time_machine, today):
    loan = later_loan(fund, company, member, time_machine, today)
    loan.bank.file_headers = {"on": "상환일", "kind": "처리유형"}
    loan.bank.save()
    result = upload(
        banker,
        loan.bank,
        [
            ["대출번호", "상환일", "처리유형", "금액"],
            ["IBK-001", today + timedelta(days=1), "약정상환", 1],
        ],
    )
    assert result.ok, result.errors


def test_the_bank_uploads_its_file_and_follows_the_background_import(
    client, fund, company, member, banker, time_machine, today
):
    """The upload page stores the file and sends the bank to the import's page, which shows
    what was recorded (or every problem per row, with nothing recorded)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from jiwon.core.models import ImportRun

    loan = later_loan(fund, company, member, time_machine, today)
    day = today + timedelta(days=30)
    client.force_login(banker)
    header = ["여신번호", "거래일자", "거래구분", "거래금액", "적용금리"]

    def send(rows):
        data = xlsx(rows).getvalue()
        return client.post(
            reverse("loans:bank_upload"),
            {"file": SimpleUploadedFile("잔액.xlsx", data)},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )

    bad = send([header, ["NOPE-9", day.isoformat(), "중도상환", "1,000,000", None]])
    assert "Nothing was imported: the file has 1 error." in bad.content.decode()
    assert "NOPE-9" in bad.content.decode()
    assert LoanEvent.objects.count() == 0

    good = send([header, ["IBK-001", day.isoformat(), "중도상환", "50,000,000", None]])
    run = ImportRun.objects.filter(kind="loans.balances").first()
    assert good.redirect_chain[-1][0] == reverse("core:import_status", args=[run.pk])
    assert "1 record imported." in good.content.decode()
    assert run.params == {"bank": loan.bank.pk} and not run.file
    assert loan.events.count() == 1
