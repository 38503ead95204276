import tracemalloc
import zipfile
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


def _bomb(member: str, inflated_mb: int) -> BytesIO:
    """A real workbook with one member padded to `inflated_mb` MB of whitespace: a few hundred
    KB on the wire (issue 10 item 12: 212 KB unpacking to 190 MB raised memory by 340 MB)."""
    source = zipfile.ZipFile(xlsx(["상호"], ["안양테크"]))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                data = data.replace(b"<", b" " * (inflated_mb * 1024 * 1024) + b"<", 1)
            bomb.writestr(info.filename, data)
        if member not in source.namelist():
            bomb.writestr(member, b"<sst>" + b" " * (inflated_mb * 1024 * 1024) + b"</sst>")
    out.seek(0)
    return out


def test_it_refuses_a_zip_bomb_before_reading_it():
    bomb = _bomb("xl/worksheets/sheet1.xml", 61)
    assert len(bomb.getvalue()) < 500_000
    tracemalloc.start()
    try:
        message = refusal(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == "The workbook holds too much data. Split it into smaller files."
    assert peak < 5 * 1024 * 1024


def test_it_refuses_shared_strings_that_would_fill_the_memory():
    assert refusal(_bomb("xl/sharedStrings.xml", 21)) == (
        "The workbook holds too much data. Split it into smaller files."
    )


def test_it_opens_a_workbook_of_the_largest_import():
    rows = [["상호", "주소"]] + [
        [f"안양테크{n}", f"경기도 안양시 동안구 시민대로 {n}"] for n in range(10_000)
    ]
    book = opened(xlsx(*rows))
    assert sum(1 for _ in book.active.iter_rows(values_only=True)) == 10_001
