from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from jiwon.core import scheduling
from jiwon.core.models import ScheduledJob
from jiwon.core.scheduling import register_job, run_due_jobs

pytestmark = pytest.mark.django_db
KST = ZoneInfo("Asia/Seoul")
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=KST)


@pytest.fixture(autouse=True)
def only_test_jobs(monkeypatch):
    monkeypatch.setattr(scheduling, "_JOBS", {})


def test_a_job_runs_when_its_interval_has_passed_and_not_before():
    seen = []
    register_job(name="release", every=timedelta(minutes=5), run=seen.append)
    run_due_jobs(now=T0)
    run_due_jobs(now=T0 + timedelta(minutes=4, seconds=59))
    run_due_jobs(now=T0 + timedelta(minutes=5))
    assert seen == [T0, T0 + timedelta(minutes=5)]
    state = ScheduledJob.objects.get(name="release")
    assert state.runs == 2 and state.last_ok and state.last_started_at == T0 + timedelta(minutes=5)


def test_a_failing_job_is_recorded_and_rolled_back_and_the_others_still_run():
    def broken(now):
        ScheduledJob.objects.create(name="half-written")
        raise RuntimeError("bank file missing")

    seen = []
    register_job(name="a-broken", every=timedelta(hours=1), run=broken)
    register_job(name="b-fine", every=timedelta(hours=1), run=seen.append)
    outcomes = run_due_jobs(now=T0)
    assert [(o.name, o.ok) for o in outcomes] == [("a-broken", False), ("b-fine", True)]
    assert (
        ScheduledJob.objects.get(name="a-broken").last_result == "RuntimeError: bank file missing"
    )
    assert not ScheduledJob.objects.filter(name="half-written").exists()
    assert seen == [T0]


def test_the_command_runs_one_job_on_demand_and_lists_them():
    register_job(name="remind", every=timedelta(days=1), run=lambda now: "3 reminders")
    out = StringIO()
    call_command("scheduled", job="remind", stdout=out)
    call_command("scheduled", job="remind", stdout=out)
    assert out.getvalue().count("remind: ok 3 reminders") == 2
    listing = StringIO()
    call_command("scheduled", list=True, stdout=listing)
    assert "remind\tevery 1 day" in listing.getvalue()


def test_a_job_needs_a_positive_interval():
    with pytest.raises(ValueError):
        register_job(name="never", every=timedelta(0), run=lambda now: None)
