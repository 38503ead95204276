"""Deadline day, measured: N applicants log in, open the form, autosave, upload 2 MB and submit
in the last minutes of a call while others browse the notice board (Locust, headless, loopback
only, bounded in users and time), against the production stack on PostgreSQL (`jiwon serve`:
gunicorn with the README's 2 workers x 4 threads, the task worker) and, as the peer, Django's
development server (`jiwon runserver`) on the same database and settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiwon_rush \\
        .venv/bin/python -m bench.rush.deadline --applicants 60 --rate 2 --readers 10

The database named by DATABASE_URL is dropped and created anew: give it one of its own. Each run
gets its own call (closing 10 minutes after the run starts) and its own accounts; afterwards the
database is counted: receipts issued against submissions the clients saw accepted (equal),
duplicates (0: two receipts of one number, or two live applications of one company), lost
drafts (0: an applicant whose autosaves were acknowledged but whose answers are not stored),
and 5xx answers (0). Prints throughput and p50/p95/p99 per step for each run; `--rates 1 2 4`
repeats the gunicorn run at each arrival rate (applicants per second) to find where p99 passes
1 s. The last line is one JSON object. Needs `pip install -e '.[bench]'` (Locust)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "rush-password-9"
STEPS = [
    "login page",
    "log in",
    "open notice",
    "open form",
    "start draft",
    "step page",
    "autosave",
    "upload 2 MB",
    "review",
    "submit",
    "receipt",
    "notice board",
    "notice search",
    "notice",
]


# --- in the database (subcommands, run in a child process with Django set up) --------------


def seed(tag: str, applicants: int, signed_in: bool = False) -> dict:
    """A call closing in 10 minutes, 20 more notices to browse, and `applicants` companies each
    with one member account (one password hash for all: hashing is what logging in measures,
    not what seeding should cost). With `signed_in`, each account also gets a session started
    now, as for an applicant who signed in earlier in the day: the run then measures the
    deadline's last minutes without the password hash."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from jiwon.accounts.models import User
    from jiwon.applications.tests.factories import open_program
    from jiwon.companies.models import Company, Membership
    from jiwon.companies.tests.factories import CompanyFactory
    from jiwon.core.roles import Role
    from jiwon.programs.models import Program
    from jiwon.programs.tests.factories import ProgramFactory

    # Each seed runs in a new process: the factories' numbering (business numbers, series)
    # continues after the rows an earlier run left.
    CompanyFactory.reset_sequence(Company.objects.count() + 1)
    ProgramFactory.reset_sequence(Program.objects.count() + 1)
    call = open_program(
        series=f"RUSH{tag}",
        title_ko=f"마감일 집중 접수 지원사업 {tag}",
        closes_at=timezone.now() + timedelta(minutes=10),
        quota=applicants,
    )
    notices = [ProgramFactory().pk for _ in range(20)]
    hashed = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(
            username=f"rush{tag}-{i}",
            email=f"rush{tag}-{i}@example.com",
            role=Role.COMPANY_MEMBER,
            password=hashed,
        )
        for i in range(applicants)
    )
    companies = [CompanyFactory() for _ in range(applicants)]
    Membership.objects.bulk_create(
        Membership(user=u, company=c, kind=Membership.Kind.OWNER)
        for u, c in zip(users, companies, strict=True)
    )
    sessions = [_session_for(u) for u in users] if signed_in else [""] * len(users)
    return {
        "program": call.pk,
        "notices": [call.pk, *notices],
        "accounts": [
            [u.username, c.pk, key] for u, c, key in zip(users, companies, sessions, strict=True)
        ],
    }


def _session_for(user) -> str:
    """The session key of a sign-in made earlier: what `login()` stores, without a request."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone

    from jiwon.accounts.middleware import SEEN, STARTED

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = int(timezone.now().timestamp())
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[STARTED] = now
    store[SEEN] = now
    store.create()
    return store.session_key


def count(program: int, usernames: list[str], accepted: int) -> dict:
    from django.db.models import Count

    from jiwon.applications.models import Application

    apps = Application.objects.filter(program_id=program)
    receipts = list(apps.exclude(receipt_number=None).values_list("receipt_number", flat=True))
    per_company = apps.values("company_id").annotate(n=Count("id")).filter(n__gt=1).count()
    stored = {
        a.company.memberships.first().user.username: a.answers
        for a in apps.select_related("company")
    }
    return {
        "receipts": len(receipts),
        "duplicates": (len(receipts) - len(set(receipts))) + per_company,
        "stored": stored,
        "accepted": accepted,
    }


# --- the runner ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child(env: dict, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.rush.deadline", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def jiwon(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "jiwon.cli", *args], cwd=ROOT, env=env, check=True)


def reset_database(url: str) -> None:
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(url)
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("bench.rush.deadline measures PostgreSQL: set DATABASE_URL=postgres://…")
    admin = psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres",
        password=db["PASSWORD"] or None, autocommit=True,
    )  # fmt: skip
    admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()


def start_server(kind: str, env: dict, port: int, log) -> subprocess.Popen:
    if kind == "gunicorn":
        cmd = ["serve", "--bind", f"127.0.0.1:{port}", "--no-scheduler"]
    else:
        cmd = ["runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"]
    process = subprocess.Popen(
        [sys.executable, "-m", "jiwon.cli", *cmd],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.5)
    stop(process)
    raise SystemExit(f"{kind} did not start (see {log.name})")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


class CpuSampler(threading.Thread):
    """Where the two cores go during a run, sampled each second: the site (the server and its
    workers), the load generator, PostgreSQL, and what is left idle, in percent of one core
    (200 = both cores busy)."""

    def __init__(self, server: subprocess.Popen):
        super().__init__(daemon=True)
        self.server = psutil.Process(server.pid)
        self.samples: list[dict[str, float]] = []
        self.done = threading.Event()

    def _groups(self) -> dict[str, list[psutil.Process]]:
        site = [self.server, *self.server.children(recursive=True)]
        ours = {p.pid for p in site} | {os.getpid()}
        groups: dict[str, list[psutil.Process]] = {"site": site, "locust": [], "postgres": []}
        for proc in psutil.process_iter(["name", "cmdline"]):
            if proc.pid in ours:
                continue
            cmdline = " ".join(proc.info["cmdline"] or [])
            if proc.info["name"] == "postgres" or cmdline.startswith("postgres:"):
                groups["postgres"].append(proc)
            elif "locust" in cmdline:
                groups["locust"].append(proc)
        return groups

    def run(self) -> None:
        before: dict[int, float] = {}
        last = time.monotonic()
        total_before = psutil.cpu_times()
        while not self.done.wait(1.0):
            now = time.monotonic()
            sample: dict[str, float] = {}
            for name, procs in self._groups().items():
                used = 0.0
                for proc in procs:
                    try:
                        t = proc.cpu_times()
                    except psutil.Error:
                        continue
                    spent = t.user + t.system
                    used += spent - before.get(proc.pid, spent)
                    before[proc.pid] = spent
                sample[name] = 100 * used / (now - last)
            total = psutil.cpu_times()
            busy = (total.user + total.system + total.nice) - (
                total_before.user + total_before.system + total_before.nice
            )
            sample["machine"] = 100 * busy / (now - last)
            total_before, last = total, now
            self.samples.append(sample)

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.join(timeout=5)
        # The first second has no earlier reading for processes that started in it.
        samples = self.samples[1:] or self.samples
        keys = ("site", "locust", "postgres", "machine")
        return {k: round(sum(s.get(k, 0) for s in samples) / max(1, len(samples))) for k in keys}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))], 1)


def run_once(kind: str, env: dict, tag: str, args: argparse.Namespace, work: Path) -> dict:
    seeded = child(env, "seed", tag, str(args.applicants), "1" if args.signed_in else "0")
    port = free_port()
    out = work / f"locust-{tag}.json"
    with (work / f"server-{tag}.log").open("w") as log:
        server = start_server(kind, env, port, log)
        started = time.monotonic()
        try:
            locust_env = {
                **env,
                "RUSH_ACCOUNTS": json.dumps(seeded["accounts"]),
                "RUSH_PASSWORD": PASSWORD,
                "RUSH_PROGRAM": str(seeded["program"]),
                "RUSH_NOTICES": ",".join(map(str, seeded["notices"])),
                "RUSH_OUT": str(out),
                "RUSH_RATE": str(args.rate),
            }
            sampler = CpuSampler(server)
            sampler.start()
            subprocess.run(
                [
                    sys.executable, "-m", "locust", "-f", str(ROOT / "bench/rush/locustfile.py"),
                    "--headless", "--only-summary", "--loglevel", "ERROR",
                    "--users", str(args.applicants + args.readers),
                    "--spawn-rate", "1000",
                    "--run-time", f"{args.max_seconds}s", "--stop-timeout", "30",
                    "--host", f"http://127.0.0.1:{port}",
                ],
                cwd=ROOT, env=locust_env, check=False,
                stdout=subprocess.DEVNULL,
                stderr=None if os.environ.get("RUSH_DEBUG") else subprocess.DEVNULL,
            )  # fmt: skip
        finally:
            duration = time.monotonic() - started
            cpu = sampler.stop()
            stop(server)
    result = json.loads(out.read_text())
    records, outcomes = result["records"], result["outcomes"]
    accepted = sum(1 for o in outcomes if o["submitted"])
    db = child(
        env, "count", str(seeded["program"]), json.dumps([a[0] for a in seeded["accounts"]]),
        str(accepted),
    )  # fmt: skip
    lost = sum(
        1
        for o in outcomes
        # The step holding the title was acknowledged, and the title is not stored.
        if 2 in o.get("acknowledged", [])
        and f"마감일 과제 {o['username']}"
        != (db["stored"].get(o["username"]) or {}).get("project_title")
    )
    steps = {}
    for name in STEPS:
        times = [ms for n, ms, _status in records if n == name]
        if times:
            steps[name] = {
                "n": len(times),
                "statuses": dict(
                    sorted(Counter(str(st) for n, _ms, st in records if n == name).items())
                ),
                "p50_ms": percentile(times, 0.50),
                "p95_ms": percentile(times, 0.95),
                "p99_ms": percentile(times, 0.99),
            }
    applicant_times = [
        ms for n, ms, _s in records if n not in ("notice board", "notice search", "notice")
    ]
    return {
        "server": kind,
        "rate": args.rate,
        "applicants": args.applicants,
        "readers": args.readers,
        "duration_s": round(duration, 1),
        "requests": len(records),
        "throughput_rps": round(len(records) / duration, 1),
        "submissions": accepted,
        "receipts": db["receipts"],
        "duplicates": db["duplicates"],
        "lost": lost,
        "errors_5xx": sum(1 for _n, _ms, status in records if status >= 500),
        "failed_connections": sum(1 for _n, _ms, status in records if status == 0),
        "p50_ms": percentile(applicant_times, 0.50),
        "p95_ms": percentile(applicant_times, 0.95),
        "p99_ms": percentile(applicant_times, 0.99),
        "cpu": cpu,
        "worst_step_p99_ms": max((s["p99_ms"] for s in steps.values()), default=0.0),
        "steps": steps,
    }


def show(run: dict) -> None:
    print(
        f"\n{run['server']} at {run['rate']}/s: {run['applicants']} applicants + {run['readers']} "
        f"readers, {run['duration_s']} s, {run['requests']} requests ({run['throughput_rps']}/s); "
        f"accepted {run['submissions']}, receipts {run['receipts']}, duplicates "
        f"{run['duplicates']}, lost {run['lost']}, 5xx {run['errors_5xx']}"
    )
    cpu = run["cpu"]
    print(
        f"  CPU (% of one core, 200 = both): site {cpu['site']}, load generator {cpu['locust']}, "
        f"PostgreSQL {cpu['postgres']}, whole machine {cpu['machine']}"
    )
    print(f"  {'step':<14} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}  statuses")
    for name, s in run["steps"].items():
        print(
            f"  {name:<14} {s['n']:>5} {s['p50_ms']:>9} {s['p95_ms']:>9} {s['p99_ms']:>9}  "
            + " ".join(f"{code}×{n}" for code, n in s["statuses"].items())
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=60)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument("--rate", type=float, default=2.0, help="applicants arriving per second")
    parser.add_argument("--rates", type=float, nargs="*", help="gunicorn again at each rate")
    parser.add_argument("--max-seconds", type=int, default=300, help="stop a run after this")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn processes (the README says 2 for 2 cores)"
    )
    parser.add_argument(
        "--signed-in",
        action="store_true",
        help="applicants signed in before the window (no password hash in the run)",
    )
    parser.add_argument(
        "--arrival-seconds",
        type=float,
        help="with --rates: each run has rate x this many applicants (the same arrival time)",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    reset_database(url)
    work = Path(tempfile.mkdtemp(prefix="jiwon-rush-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JIWON_")},
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "JIWON_ENV": "production",
        "JIWON_SECRET_KEY": "bench-only-" + "r" * 50,
        "JIWON_VAR_DIR": str(work / "var"),
        # Plain HTTP on loopback: in production the proxy in front ends TLS (deploy/).
        "JIWON_SECURE_COOKIES": "false",
        "JIWON_SSL_REDIRECT": "false",
        "JIWON_WEB_WORKERS": str(args.workers),
        "JIWON_WEB_THREADS": "4",
        "JIWON_ACCESS_LOG": "false",
        "JIWON_LOG_LEVEL": "ERROR",
        # Mail of the receipts goes nowhere: the benchmark measures the site, not SMTP.
        "JIWON_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    jiwon(env, "migrate", "--no-input", "-v", "0")
    jiwon(env, "collectstatic", "--no-input", "-v", "0")
    runs = [run_once("gunicorn", env, "g1", args, work)]
    show(runs[0])
    for i, rate in enumerate(args.rates or []):
        applicants = round(rate * args.arrival_seconds) if args.arrival_seconds else args.applicants
        more = run_once(
            "gunicorn",
            env,
            f"g{i + 2}",
            argparse.Namespace(**{**vars(args), "rate": rate, "applicants": applicants}),
            work,
        )
        show(more)
        runs.append(more)
    peer = None if args.no_peer else run_once("runserver", env, "d1", args, work)
    if peer:
        show(peer)
    main_run = runs[0]
    print(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "applicants": main_run["applicants"],
                "readers": main_run["readers"],
                "rate_per_s": main_run["rate"],
                "duration_s": main_run["duration_s"],
                "throughput_rps": main_run["throughput_rps"],
                "submissions": main_run["submissions"],
                "receipts": main_run["receipts"],
                "duplicates": main_run["duplicates"],
                "lost": main_run["lost"],
                "errors_5xx": main_run["errors_5xx"],
                "p50_ms": main_run["p50_ms"],
                "p95_ms": main_run["p95_ms"],
                "p99_ms": main_run["p99_ms"],
                "peer_p99_ms": peer["p99_ms"] if peer else None,
                "peer_errors_5xx": peer["errors_5xx"] if peer else None,
                "by_rate": {str(r["rate"]): r["p99_ms"] for r in runs},
            }
        )
    )


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] in ("seed", "count"):
    import django

    django.setup()
    if sys.argv[1] == "seed":
        print(json.dumps(seed(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1")))
    else:
        print(json.dumps(count(int(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4]))))
elif __name__ == "__main__":
    main()
