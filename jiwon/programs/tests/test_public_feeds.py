"""RSS/Atom of the latest notices and the iCalendar files of deadlines."""

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from jiwon.programs.feeds import ics_escape, ics_fold
from jiwon.programs.models import Category
from jiwon.programs.tests.factories import KST, ProgramFactory, rule_version_added
from jiwon.programs.workflow import ProgramStatus

ATOM = "{http://www.w3.org/2005/Atom}"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=KST)
YOUTH = {"type": "all", "criteria": [{"type": "representative_age", "max": 39}]}
MIDDLE_AGED = {"type": "all", "criteria": [{"type": "representative_age", "min": 40}]}


def targeted(rule, **fields):
    program = ProgramFactory(**fields)
    rule_version_added(program, rule)
    return program


@pytest.fixture
def at_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def unfold(body: str) -> list[str]:
    """Content lines of an iCalendar body (RFC 5545 3.1), after checking its line ends."""
    assert body.endswith("\r\n")
    assert "\n" not in body.replace("\r\n", ""), "a bare LF or CR"
    return body.replace("\r\n ", "").removesuffix("\r\n").split("\r\n")


def events(body: str) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def get_calendar(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode("utf-8")


# RSS and Atom ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_publishes_the_latest_notices_as_rss_without_drafts(client):
    ProgramFactory(title_ko="청년 창업 지원", summary="예비창업자 대상")
    ProgramFactory(title_ko="초안 사업", status=ProgramStatus.DRAFT)
    response = client.get(reverse("notices:rss"))
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["청년 창업 지원"]
    assert "예비창업자 대상" in items[0].findtext("description")
    assert items[0].findtext("pubDate")


@pytest.mark.django_db
def test_it_links_each_rss_item_to_its_notice(client):
    program = ProgramFactory()
    channel = ET.fromstring(client.get(reverse("notices:rss")).content).find("channel")
    link = channel.find("item").findtext("link")
    assert link == "http://testserver" + reverse("notices:detail", args=[program.pk])


@pytest.mark.django_db
def test_it_publishes_an_atom_feed_with_entries(client):
    ProgramFactory(title_ko="수출 매칭", category=Category.EXPORT)
    ProgramFactory(title_ko="초안 사업", status=ProgramStatus.DRAFT)
    response = client.get(reverse("notices:atom"))
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["수출 매칭"]
    assert entries[0].findtext(f"{ATOM}updated")
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == "안양산업진흥원"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["notices:rss", "notices:atom"])
def test_it_filters_feeds_by_category(client, name):
    ProgramFactory(title_ko="수출 매칭", category=Category.EXPORT)
    ProgramFactory(title_ko="청년 창업", category=Category.STARTUP)
    body = client.get(reverse(name), {"category": "export"}).content.decode()
    assert "수출 매칭" in body and "청년 창업" not in body
    unfiltered = client.get(reverse(name), {"category": "nonsense"}).content.decode()
    assert "수출 매칭" in unfiltered and "청년 창업" in unfiltered


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["notices:rss", "notices:atom"])
def test_it_filters_feeds_by_target_group_and_names_it_in_the_title(client, name):
    targeted(YOUTH, title_ko="청년 창업")
    targeted(MIDDLE_AGED, title_ko="중장년 창업")
    body = client.get(reverse(name), {"target": "youth"}).content.decode()
    assert "청년 창업" in body and "중장년 창업" not in body
    assert "Jiwon notices: Youth (aged 39 or under)" in body
    both = client.get(reverse(name), {"category": "startup", "target": "youth"}).content.decode()
    assert "Jiwon notices: Startup · Youth (aged 39 or under)" in both
    assert "/notices/?category=startup&amp;target=youth" in both
    unfiltered = client.get(reverse(name), {"target": "nonsense"}).content.decode()
    assert "청년 창업" in unfiltered and "중장년 창업" in unfiltered


# iCalendar text rules ----------------------------------------------------------------------


def test_it_escapes_ics_text():
    assert ics_escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_it_folds_long_lines_at_75_octets_without_splitting_a_korean_syllable():
    line = "SUMMARY:" + "가" * 40
    folded = ics_fold(line)
    physical = folded.split("\r\n")
    assert len(physical) == 2
    assert [len(p.encode()) for p in physical] == [74, 55]
    assert folded.replace("\r\n ", "") == line


def test_it_leaves_a_line_of_exactly_75_octets_alone():
    line = "X" * 75
    assert ics_fold(line) == line
    assert ics_fold(line + "Y") == line + "\r\n Y"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=400))
def test_it_folds_any_text_into_short_lines_that_unfold_to_it(text):
    folded = ics_fold("DESCRIPTION:" + text)
    assert all(len(p.encode("utf-8")) <= 75 for p in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + text


# iCalendar files ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_lists_deadlines_of_open_and_upcoming_programmes_only(client, at_now):
    open_now = ProgramFactory(title_ko="접수중 사업")
    upcoming = ProgramFactory(
        title_ko="예정 사업",
        opens_at=datetime(2027, 1, 5, 9, 0, tzinfo=KST),
        closes_at=datetime(2027, 1, 20, 18, 0, tzinfo=KST),
    )
    ProgramFactory(
        title_ko="지난 사업",
        opens_at=datetime(2026, 10, 1, 9, 0, tzinfo=KST),
        closes_at=datetime(2026, 11, 20, 12, 0, tzinfo=KST),
    )
    ProgramFactory(title_ko="종료 사업", status=ProgramStatus.COMPLETED)
    ProgramFactory(title_ko="초안 사업", status=ProgramStatus.DRAFT)

    body = get_calendar(client, reverse("notices:calendar"))
    lines = unfold(body)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines[-1] == "END:VCALENDAR"
    assert any(line.startswith("PRODID:") for line in lines)
    found = events(body)
    assert [e["SUMMARY"] for e in found] == ["Deadline: 접수중 사업", "Deadline: 예정 사업"]
    assert found[0]["UID"] == f"program-{open_now.pk}-deadline@testserver"
    assert found[1]["UID"] == f"program-{upcoming.pk}-deadline@testserver"
    # 18:00 KST is 09:00 UTC.
    assert found[0]["DTSTART"] == "20261231T090000Z"
    assert found[1]["DTSTART"] == "20270120T090000Z"
    assert all(len(e["DTSTAMP"]) == 16 and e["DTSTAMP"].endswith("Z") for e in found)
    assert found[0]["URL"] == "http://testserver" + reverse("notices:detail", args=[open_now.pk])


@pytest.mark.django_db
def test_it_keeps_a_programmes_uid_across_downloads(client, at_now):
    ProgramFactory()
    first = events(get_calendar(client, reverse("notices:calendar")))
    second = events(get_calendar(client, reverse("notices:calendar")))
    assert first[0]["UID"] == second[0]["UID"]


@pytest.mark.django_db
def test_it_escapes_and_folds_notice_titles_in_the_calendar(client, at_now):
    title = "수출, 판로; 지원\\사업 " + "가" * 60
    ProgramFactory(title_ko=title)
    body = get_calendar(client, reverse("notices:calendar"))
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    summary = events(body)[0]["SUMMARY"]
    assert summary == "Deadline: " + ics_escape(title)
    assert "수출\\, 판로\\; 지원\\\\사업" in summary


@pytest.mark.django_db
def test_it_filters_the_calendar_by_category(client, at_now):
    ProgramFactory(title_ko="수출 매칭", category=Category.EXPORT)
    ProgramFactory(title_ko="청년 창업", category=Category.STARTUP)
    found = events(get_calendar(client, reverse("notices:calendar"), category="export"))
    assert [e["SUMMARY"] for e in found] == ["Deadline: 수출 매칭"]


@pytest.mark.django_db
def test_it_filters_the_calendar_by_target_group(client, at_now):
    targeted(YOUTH, title_ko="청년 창업")
    targeted(MIDDLE_AGED, title_ko="중장년 창업")
    found = events(get_calendar(client, reverse("notices:calendar"), target="middle_aged"))
    assert [e["SUMMARY"] for e in found] == ["Deadline: 중장년 창업"]


@pytest.mark.django_db
def test_it_offers_one_programmes_deadline_as_a_calendar_file(client, at_now):
    program = ProgramFactory(title_ko="청년 창업")
    ProgramFactory(title_ko="다른 사업")
    body = get_calendar(client, reverse("notices:program_calendar", args=[program.pk]))
    found = events(body)
    assert len(found) == 1
    assert found[0]["DTSTART"] == "20261231T090000Z"
    assert found[0]["UID"] == f"program-{program.pk}-deadline@testserver"
