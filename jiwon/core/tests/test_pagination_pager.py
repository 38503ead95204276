"""The pager people see: KRDS's, with numbered pages and the number of pages."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from jiwon.core.models import Agency
from jiwon.core.pagination import Page, paginate


@pytest.fixture
def agencies(db):
    for n in range(5):
        Agency.objects.create(code=f"agency-{n}", name_ko=f"기관 {n}")
    return Agency.objects.order_by("code")


def test_it_counts_the_rows_when_asked_in_one_more_query(agencies):
    with CaptureQueriesContext(connection) as queries:
        page = paginate(agencies, page=2, per_page=2, count=True)
    assert len(queries) == 2
    assert (page.total, page.page_count) == (5, 3)
    assert paginate(list(range(7)), page=1, per_page=3, count=True).page_count == 3


@pytest.mark.parametrize(
    ("number", "pages", "links"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (1, 10, [1, 2, 3, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
    ],
)
def test_it_links_the_first_the_last_and_the_pages_around_this_one(number, pages, links):
    page = Page(items=[1], number=number, per_page=1, has_next=number < pages, total=pages)
    assert page.page_links == links


def test_without_a_count_it_links_the_pages_it_knows_of():
    page = Page(items=[1], number=3, per_page=1, has_next=True)
    assert (page.page_count, page.page_links) == (None, [1, 2, 3, 4])


def test_the_pager_shows_the_page_and_the_number_of_pages():
    page = Page(items=[1] * 25, number=2, per_page=25, has_next=True, total=120)
    with translation.override("ko"):
        html = render_to_string("includes/pagination.html", {"page": page, "query": "q=a"})
    assert 'class="krds-pagination' in html
    assert 'aria-current="page" href="?q=a&page=2"' in html
    assert 'href="?q=a&page=5">5</a>' in html
    assert "5쪽 중 2쪽" in html
