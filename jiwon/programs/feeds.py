"""Subscriptions to the notice board: RSS 2.0 and Atom of the latest notices, and iCalendar
(RFC 5545) files of application deadlines.

The calendar is written by hand: it is a few properties per event, and the rules that matter
(CRLF line ends, lines folded at 75 octets without splitting a UTF-8 character, escaped text)
are easier to see and test here than through a dependency."""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from jiwon.programs.models import Category, Program, TargetGroup
from jiwon.programs.selectors import public

MAX_OCTETS = 75
CRLF = "\r\n"
PRODID = "-//Jiwon//Notice board//EN"


def _choice_from(request, name: str, choices) -> str:
    value = request.GET.get(name, "")
    return value if value in choices.values else ""


def category_from(request) -> str:
    """The feeds take the board's category filter; anything else is ignored."""
    return _choice_from(request, "category", Category)


def target_from(request) -> str:
    """And its target-group filter, likewise."""
    return _choice_from(request, "target", TargetGroup)


class FeedFilters(NamedTuple):
    category: str = ""
    target: str = ""

    def as_query(self) -> str:
        return urlencode({k: v for k, v in self._asdict().items() if v})

    def labels(self) -> list[str]:
        return [
            str(choices(value).label)
            for choices, value in ((Category, self.category), (TargetGroup, self.target))
            if value
        ]


class LatestNoticesRss(Feed):
    def get_object(self, request):
        return FeedFilters(category_from(request), target_from(request))

    def title(self, filters):
        if labels := filters.labels():
            return _("Jiwon notices: %(filters)s") % {"filters": " · ".join(labels)}
        return _("Jiwon notices")

    def link(self, filters):
        url = reverse("notices:list")
        query = filters.as_query()
        return f"{url}?{query}" if query else url

    def description(self, filters):
        return _("Support programmes published on the Jiwon notice board, newest first.")

    def items(self, filters):
        return public.feed_programs(category=filters.category, target=filters.target)

    def item_title(self, program):
        return program.title_ko

    def item_description(self, program):
        window = _("Applications %(opens)s – %(closes)s (KST)") % {
            "opens": _kst(program.opens_at),
            "closes": _kst(program.closes_at),
        }
        return "\n".join(part for part in (program.summary, window) if part)

    def item_link(self, program):
        return reverse("notices:detail", args=[program.pk])

    def item_pubdate(self, program):
        return program.published_at or datetime.combine(
            program.notice_date, time.min, tzinfo=timezone.get_current_timezone()
        )

    def item_updateddate(self, program):
        return program.updated_at

    def item_author_name(self, program):
        return program.agency.name_ko

    def item_categories(self, program):
        return [str(program.get_category_display())]


class LatestNoticesAtom(LatestNoticesRss):
    feed_type = Atom1Feed

    def subtitle(self, filters):
        return self.description(filters)


def _kst(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# iCalendar -------------------------------------------------------------------------------


def ics_escape(text: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks
    as \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (RFC 5545 3.1); each continuation
    starts with a space, which counts towards its 75. Never splits a UTF-8 character: a Korean
    syllable is 3 octets, and a client would show a broken one as garbage."""
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def ics_datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def deadline_event(program: Program, *, url: str, host: str) -> list[str]:
    closes = _kst(program.closes_at)
    description = "\n".join(
        (
            program.agency.name_ko,
            _("Applications close %(closes)s (KST).") % {"closes": closes},
            url,
        )
    )
    return [
        "BEGIN:VEVENT",
        # Stable across downloads, so a subscribed calendar updates the event in place.
        f"UID:program-{program.pk}-deadline@{host}",
        f"DTSTAMP:{ics_datetime(program.updated_at)}",
        f"DTSTART:{ics_datetime(program.closes_at)}",
        "SUMMARY:" + ics_escape(_("Deadline: %(title)s") % {"title": program.title_ko}),
        "DESCRIPTION:" + ics_escape(description),
        "CATEGORIES:" + ics_escape(str(program.get_category_display())),
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def deadline_calendar(
    programs: Iterable[Program], *, name: str, url_for: Callable[[Program], str], host: str
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "NAME:" + ics_escape(name),
        "X-WR-CALNAME:" + ics_escape(name),
        "X-WR-TIMEZONE:Asia/Seoul",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
    ]
    for program in programs:
        lines.extend(deadline_event(program, url=url_for(program), host=host))
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + CRLF for line in lines)


def calendar_response(request, programs: Iterable[Program], *, name: str, filename: str):
    def url_for(program):
        return request.build_absolute_uri(reverse("notices:detail", args=[program.pk]))

    host, _port = split_domain_port(request.get_host())
    body = deadline_calendar(programs, name=name, url_for=url_for, host=host)
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
