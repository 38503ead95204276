"""Locust users of the deadline-day benchmark (run by `python -m bench.rush.deadline`, which
passes the settings below through the environment; never run by the test suite).

- `Applicant` (one per seeded account, `fixed_count`): logs in, opens the notice and the
  application form, starts a draft, autosaves three times (one step each), uploads a 2 MB
  business plan, opens the review page and submits, then reads the receipt page. Once, then
  it stops; when the last applicant is done the run ends.
- `Reader` browses the notice board (list, a search, a notice) until then.

Every request is recorded (step name, milliseconds, status) and, at the end, written with each
applicant's outcome to RUSH_OUT as JSON for the runner to count."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser

# [[username, company_id, session key or ""], ...]: with a key the applicant signed in earlier.
ACCOUNTS = json.loads(os.environ["RUSH_ACCOUNTS"])
PASSWORD = os.environ["RUSH_PASSWORD"]
PROGRAM = int(os.environ["RUSH_PROGRAM"])
NOTICES = [int(pk) for pk in os.environ["RUSH_NOTICES"].split(",")]
OUT = os.environ["RUSH_OUT"]
# Applicants arrive at this many a second, each at its own moment from the start of the run
# (Locust's spawn rate starts users, not journeys: every applicant is started at once and
# waits for its moment, so the arrival rate is exact whatever the server does).
RATE = float(os.environ["RUSH_RATE"])
# A PDF of 2 MB: the magic bytes the upload check wants, then filler.
PLAN = b"%PDF-1.7\n% rush\n" + b"0" * (2 * 1024 * 1024 - 16)

records: list[tuple[str, float, int]] = []
outcomes: list[dict] = []
_next_account = itertools.count()
_done: list[str] = []


_started = [time.monotonic()]


@events.test_start.add_listener
def _start(environment, **kw):
    _started[0] = time.monotonic()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response, exception, **kw):
    status = getattr(response, "status_code", 0) or 0
    if exception and os.environ.get("RUSH_DEBUG"):
        print("EXC", name, repr(exception), file=sys.stderr)
    records.append((name, round(response_time, 1), status))


@events.quitting.add_listener
def _write(environment, **kw):
    with open(OUT, "w") as out:
        json.dump({"records": records, "outcomes": outcomes}, out)


class _Site(HttpUser):
    abstract = True

    def csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def post(self, path: str, name: str, **kw):
        kw.setdefault("allow_redirects", False)
        return self.client.post(path, name=name, headers=self.csrf(), **kw)


class Applicant(_Site):
    fixed_count = len(ACCOUNTS)
    wait_time = between(0.5, 1.5)

    @task
    def apply(self) -> None:
        index = next(_next_account)
        username, company_id, session = ACCOUNTS[index]
        gevent.sleep(max(0.0, _started[0] + index / RATE - time.monotonic()))
        outcome = {"username": username, "autosaved": 0, "submitted": False, "receipt": None}
        outcomes.append(outcome)
        try:
            self.journey(username, company_id, session, outcome)
        finally:
            _done.append(username)
            if len(_done) == len(ACCOUNTS):
                gevent.spawn_later(0.1, self.environment.runner.quit)
        raise StopUser()

    def journey(self, username: str, company_id: int, session: str, outcome: dict) -> None:
        if session:
            # What the browser kept from signing in earlier (the CSRF cookie comes with the form).
            self.client.cookies.set("sessionid", session)
        else:
            self.client.get("/accounts/login/", name="login page")
            login = self.post(
                "/accounts/login/", "log in", data={"username": username, "password": PASSWORD}
            )
            if login.status_code != 302:
                return
        self.client.get(f"/notices/{PROGRAM}/", name="open notice")
        self.client.get(f"/applications/apply/{PROGRAM}/", name="open form")
        started = self.post(
            f"/applications/apply/{PROGRAM}/", "start draft", data={"company": company_id}
        )
        found = re.search(r"/applications/(\d+)/step/1/", started.headers.get("Location", ""))
        if not found:
            return
        pk = found.group(1)
        self.client.get(f"/applications/{pk}/step/1/", name="step page")
        steps = [
            {"step": 1, "contact_name": "김담당", "contact_phone": "031-123-4567"},
            {
                "step": 2,
                "project_title": f"마감일 과제 {username}",
                "summary": "부하 시험용 과제 요약",
                "requested_won": "30,000,000",
            },
            {"step": 3, "consent": "on"},
        ]
        for answers in steps:
            self.wait()
            saved = self.post(f"/applications/{pk}/autosave/", "autosave", data=answers)
            if saved.status_code == 200:
                outcome["autosaved"] += 1
                outcome.setdefault("acknowledged", []).append(answers["step"])
        uploaded = self.post(
            f"/applications/{pk}/upload/",
            "upload 2 MB",
            data={"field_key": "business_plan"},
            files={"file": ("사업계획서.pdf", PLAN, "application/pdf")},
        )
        if uploaded.status_code != 302:
            return
        self.client.get(f"/applications/{pk}/review/", name="review")
        submitted = self.post(f"/applications/{pk}/review/", "submit")
        if submitted.status_code == 302 and "/receipt/" in submitted.headers.get("Location", ""):
            outcome["submitted"] = True
            page = self.client.get(f"/applications/{pk}/receipt/", name="receipt")
            number = re.search(r'id="receipt-number">([^<]+)<', page.text)
            outcome["receipt"] = number.group(1) if number else None


class Reader(_Site):
    weight = 1
    wait_time = between(1, 3)

    @task(3)
    def board(self) -> None:
        self.client.get("/notices/", name="notice board")

    @task(2)
    def search(self) -> None:
        self.client.get("/notices/?q=지원", name="notice search")

    @task(2)
    def notice(self) -> None:
        self.client.get(f"/notices/{random.choice(NOTICES)}/", name="notice")
