import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiwon.core.models import Agency
from jiwon.core.pagination import page_number_from, paginate


@pytest.fixture
def agencies(db):
    for n in range(5):
        Agency.objects.create(code=f"agency-{n}", name_ko=f"기관 {n}")
    return Agency.objects.order_by("code")


def test_it_pages_a_queryset_in_one_query_without_counting_unless_asked(agencies):
    with CaptureQueriesContext(connection) as queries:
        page = paginate(agencies, page=2, per_page=2)
    assert [a.code for a in page] == ["agency-2", "agency-3"]
    assert len(queries) == 1
    assert "COUNT" not in queries[0]["sql"].upper()
    assert (page.has_previous, page.has_next, page.has_other_pages) == (True, True, True)
    assert (page.previous_page_number(), page.next_page_number(), page.start_index) == (1, 3, 3)


def test_it_knows_the_last_page_from_the_extra_row(agencies):
    last = paginate(agencies, page=3, per_page=2)
    assert (len(last), last.has_next) == (1, False)
    full = paginate(agencies, page=1, per_page=5)
    assert (len(full), full.has_next, full.has_other_pages) == (5, False, False)


def test_a_page_past_the_end_is_empty(agencies):
    page = paginate(agencies, page=9, per_page=2)
    assert (page.items, page.has_next, page.start_index) == ([], False, 0)


def test_it_pages_a_list_too():
    page = paginate(list(range(7)), page=2, per_page=3)
    assert (page.items, page.has_next) == ([3, 4, 5], True)


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        ("0", 1),
        ("-2", 1),
        ("two", 1),
        ("9" * 25, 10_000),
        ("9" * 5000, 10_000),
        ("１２", 1),
        ("²", 1),
        ("1_000", 1),
    ],
)
def test_it_reads_the_page_number_from_the_query_string(raw, number):
    assert page_number_from(raw) == number
