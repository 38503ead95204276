"""The demo lives in the present: whatever day it is loaded, every year from 2017 has its
support and figures, companies keep appearing and closing, and the year of the load has
activity in every module, dated up to that day and never after it.

Checked twice: on the package's load (the test clock's day) and after loading again with the
clock frozen fourteen months later (which adds the year in between)."""

from collections import Counter
from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from jiwon.applications.models import Application, ApplicationStatusChange
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.audit.models import AuditEntry
from jiwon.companies.models import Company
from jiwon.demo.finish import NO_SUPPLEMENT, finish_past_calls
from jiwon.demo.loader import demo_context
from jiwon.outcomes.models import Investment, SupportLedgerEntry
from jiwon.outcomes.selectors import kpis
from jiwon.outcomes.selectors.dashboard import year_so_far
from jiwon.programs.models import Program
from jiwon.programs.selectors.rules import company_table, eligible_count
from jiwon.programs.workflow import ProgramStatus
from jiwon.reviews.models import (
    Committee,
    CommitteeStatus,
    RunStatus,
    Scorecard,
    ScorecardStatus,
    SelectionRun,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

EVERY_STATE = set(Application.workflows.current.states)
DECIDED = Application.workflows.current.terminal


def assert_a_living_agency(now: datetime) -> None:
    today = timezone.localdate(now)
    this_year = Program.objects.filter(agency__code="ayventure", fiscal_year=today.year)

    # The dashboard's year so far is never empty.
    figures = {f.key: f.value for f in year_so_far(today).figures}
    for key in ("supported_companies", "programs", "support_won", "tenant_companies"):
        assert figures[key] > 0, key
    assert figures["investment_won"] > 0 and figures["ip_count"] > 0
    # The cluster centre's 소공인 are supported this year too (its equipment-use programme).
    assert figures["sogongin_supported"] > 0

    # Every year since 2017 had support; the articles' year keeps its figures.
    for year in range(2017, today.year):
        supported = kpis.supported_companies(kpis.Period.year(year))
        assert 150 <= supported <= 400, (year, supported)
        assert kpis.support_won(kpis.Period.year(year)) > 2_000_000_000
    assert kpis.supported_companies(kpis.Period.year(2021)) == 201
    assert kpis.support_won(kpis.Period.year(2021)) == 5_300_000_000
    assert kpis.city_totals(timezone.localdate(now).replace(month=1, day=1))["companies"] > 1812

    # Companies appear and close.
    assert Company.objects.filter(founded_on__year=today.year - 1, is_local=True).count() >= 30
    closed = Company.objects.filter(closed_on__isnull=False)
    assert closed.count() >= 20 and not closed.filter(closed_on__gt=today).exists()

    # Applications of this year in every state, none dated after the load.
    states = Counter(
        Application.objects.filter(program__in=this_year).values_list("status", flat=True)
    )
    assert set(states) == EVERY_STATE
    assert not ApplicationStatusChange.objects.filter(at__gt=now).exists()
    assert not SupportLedgerEntry.objects.filter(supported_on__gt=today).exists()
    assert not Investment.objects.filter(occurred_on__gt=today).exists()

    # Calls open now with applications; calls under evaluation or screening have closed.
    open_now = this_year.filter(
        status=ProgramStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now
    )
    assert open_now.count() >= 8
    assert Application.objects.filter(program__in=open_now, submitted_at__isnull=False).exists()
    reviewing = this_year.filter(status__in=(ProgramStatus.CLOSED, ProgramStatus.UNDER_REVIEW))
    assert reviewing.count() >= 2
    assert not reviewing.filter(closes_at__gte=now).exists()

    # An evaluation half done, and published results of this year.
    scoring = Committee.objects.get(
        program__in=this_year, status=CommitteeStatus.SCORING, program__series="YOUTH_JOBS"
    )
    cards = Counter(
        getattr(getattr(a, "scorecard", None), "status", "") for a in scoring.assignments.all()
    )
    assert cards[ScorecardStatus.SUBMITTED] and cards[ScorecardStatus.DRAFT] and cards[""]
    assert scoring.program.closes_at < now
    runs = SelectionRun.objects.filter(program__in=this_year, published_at__lte=now)
    assert runs.count() == 5

    # This year's startup programmes find companies to support.
    table = company_table()
    for series in ("INCUBATOR", "MANAN_SPACE", "ACUBE_ACADEMY"):
        program = this_year.get(series=series)
        assert eligible_count(program, today, table=table) >= 100, series
    # Young companies keep joining the ladder, so Blue100 has candidates too.
    assert eligible_count(this_year.get(series="BLUE100"), today, table=table) >= 5


def test_loaded_today_the_demo_is_a_living_agency():
    assert_a_living_agency(timezone.now())


def test_loaded_fourteen_months_later_it_is_a_living_agency_again(demo_later):
    assert_a_living_agency(demo_later)


def test_a_later_load_adds_the_year_in_between_and_keeps_the_articles_figures(demo_later):
    last_year = timezone.localdate(demo_later).year - 1
    programs = Program.objects.filter(agency__code="ayventure", fiscal_year=last_year)

    # Calls the first load made for its own year keep the state they had then.
    assert programs.count() >= 25
    assert programs.filter(status=ProgramStatus.COMPLETED).count() >= 10
    assert kpis.headline(kpis.Period.year(2021))["employees"] == 2_323
    assert kpis.tenant_companies(kpis.Period.year(2021)) == 120
    assert kpis.city_totals(date(2017, 8, 31))["companies"] == 1812


def test_a_later_load_finishes_the_calls_the_earlier_load_left_open(demo_later):
    """The package's load left calls open, in screening and under evaluation; fourteen
    months later their year is over, and the later load finishes them through the services
    staff and evaluators use, dated at that load."""
    first_year = timezone.localdate(timezone.now()).year
    calls = Program.objects.filter(agency__code="ayventure", fiscal_year=first_year)
    assert calls.count() >= 15
    # No call of that year is left open, in screening or under evaluation.
    statuses = set(calls.values_list("status", flat=True))
    assert statuses <= {ProgramStatus.COMPLETED, ProgramStatus.DRAFT}, statuses
    applications = Application.objects.filter(program__in=calls)
    waiting = applications.exclude(status__in=(*DECIDED, S.DRAFT))
    assert not waiting.exists(), Counter(waiting.values_list("status", flat=True))
    # A supplement that never came is a rejection; drafts never submitted stay drafts.
    assert applications.filter(status=S.REJECTED, status_history__comment=NO_SUPPLEMENT).exists()
    assert applications.filter(status=S.DRAFT).exists()

    # The calls the earlier load left open or under evaluation are decided now: each by a
    # closed committee whose every scorecard its evaluator submitted, a published ranking,
    # and its selected companies' support rows.
    runs = SelectionRun.objects.filter(program__in=calls, published_at=demo_later)
    finished = {run.program.series for run in runs.select_related("program")}
    assert {"BUYER_MATCHING", "YOUTH_JOBS", "EXPORT_CERT", "TOTAL_MARKETING"} <= finished
    assert len(finished) >= 8
    for run in runs.select_related("committee"):
        assert run.status == RunStatus.PUBLISHED and run.committee.status == CommitteeStatus.CLOSED
        cards = Scorecard.objects.filter(assignment__committee=run.committee)
        assert cards.count() == run.committee.assignments.count() > 0
        assert set(cards.values_list("status", flat=True)) == {ScorecardStatus.SUBMITTED}
        assert run.results.filter(selected=True).exists()
    selected = applications.filter(status=S.SELECTED, program__series="TOTAL_MARKETING")
    assert (
        SupportLedgerEntry.objects.filter(
            company__in=selected.values("company"),
            program__series="TOTAL_MARKETING",
            program__fiscal_year=first_year,
            supported_on=timezone.localdate(demo_later),
        ).count()
        == selected.count()
        > 0
    )
    # The scores were given by the evaluators themselves, the decisions by the agency.
    scorers = AuditEntry.objects.filter(action="reviews.scorecard_save", at=demo_later)
    assert scorers.exists() and not scorers.filter(actor_label="demo").exists()
    assert AuditEntry.objects.filter(
        action="reviews.selection_publish", at=demo_later, actor_label="demo"
    ).count() == len(finished)


def test_a_second_load_on_the_later_day_finds_nothing_left_to_finish(demo_later):
    with time_machine.travel(demo_later, tick=False):
        assert finish_past_calls(demo_context(now=demo_later)) == 0
