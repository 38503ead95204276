from datetime import date

from jiwon.core.models import KsicCode, Region
from jiwon.core.reference import current_regions, ensure_reference_data, region_rows


def rows_by_code():
    return {row["code"]: row for row in region_rows()}


def test_a_code_the_reform_left_alone_is_valid_throughout():
    anyang = rows_by_code()["41171"]
    assert (anyang["name_ko"], anyang["valid_from"], anyang["valid_to"]) == (
        "안양시 만안구",
        None,
        None,
    )


def test_a_code_retired_by_the_reform_is_valid_until_the_day_before():
    gwangju = rows_by_code()["29"]
    assert (gwangju["name_ko"], gwangju["valid_from"]) == ("광주광역시", None)
    assert gwangju["valid_to"] == date(2026, 6, 30)


def test_a_code_created_by_the_reform_is_valid_from_that_day():
    merged = rows_by_code()["12"]
    assert (merged["name_ko"], merged["valid_from"], merged["valid_to"]) == (
        "전남광주통합특별시",
        date(2026, 7, 1),
        None,
    )


def test_new_records_are_coded_in_the_regions_in_force(db):
    codes = set(current_regions().values_list("code", flat=True))
    assert "41171" in codes and "12110" in codes
    assert "28110" not in codes  # retired on 2026-07-01
    assert not current_regions().exclude(level=2).exists()


def test_it_puts_the_lists_back_after_a_flush_emptied_them(db):
    counts = (KsicCode.objects.count(), Region.objects.count())
    assert min(counts) > 0
    KsicCode.objects.all().delete()
    Region.objects.all().delete()
    ensure_reference_data()
    assert (KsicCode.objects.count(), Region.objects.count()) == counts
