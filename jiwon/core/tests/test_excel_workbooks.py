from io import BytesIO

import pytest
from openpyxl import Workbook

from jiwon.core.excel import workbooks
from jiwon.core.excel.cells import CellError
from jiwon.core.excel.workbooks import open_workbook


def xlsx(*rows) -> BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out


def opened(file: BytesIO, name: str = "companies.xlsx"):
    return open_workbook(file=file, name=name, size=len(file.getvalue()))


def refusal(file: BytesIO, name: str = "companies.xlsx", size: int | None = None) -> str:
    size = len(file.getvalue()) if size is None else size
    with pytest.raises(CellError) as refused:
        open_workbook(file=file, name=name, size=size)
    return refused.value.message.render("en")


def test_it_opens_an_xlsx_read_only():
    book = opened(xlsx(["상호", "직원 수"], ["안양테크", 12]))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows == [("상호", "직원 수"), ("안양테크", 12)]


def test_it_refuses_other_formats_by_name():
    assert refusal(xlsx(["a"]), name="companies.xls").startswith("Upload an Excel workbook")


def test_it_refuses_an_empty_or_too_large_file():
    assert refusal(BytesIO(b""), size=0) == "The file is empty."
    too_large = workbooks.MAX_BYTES + 1
    assert refusal(xlsx(["a"]), size=too_large).startswith("The file is larger than 5 MB.")


def test_it_refuses_a_damaged_file():
    assert refusal(BytesIO(b"PK\x03\x04 not really a zip")).startswith("This file is damaged")


def test_it_refuses_a_workbook_that_inflates_too_much(monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_UNZIPPED_BYTES", 1_000)
    assert refusal(xlsx(["x" * 2_000])) == (
        "The workbook holds too much data. Split it into smaller files."
    )


def test_it_raises_the_callers_exception():
    class Rejected(Exception):
        pass

    with pytest.raises(Rejected):
        open_workbook(file=BytesIO(b""), name="a.xlsx", size=0, rejected=Rejected)
