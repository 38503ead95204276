"""`jiwon serve`: the production stack in one command — gunicorn serving the site, a task
worker (`jiwon worker`) and the scheduler (`jiwon scheduled --loop`), each its own process.

It supervises them: a signal (Ctrl-C, SIGTERM from systemd) is passed to all three, and when
one of them dies the others are stopped and the command fails, so a service manager restarts
the whole stack instead of leaving a server without its worker. On a larger installation run
the three as separate services instead (deploy/systemd), several of each if needed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from jiwon.ops.health import uses_task_queue


def gunicorn_command(*, bind: str, workers: int, threads: int, timeout: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        str(timeout),
        # Workers are recycled now and then, so a slow leak never grows without bound.
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        # The proxy in front passes the client's address and scheme (deploy/).
        "--forwarded-allow-ips",
        ",".join(settings.JIWON_FORWARDED_ALLOW_IPS),
        # Jiwon's middleware writes the access log (JSON, with the request id).
        "--access-logfile",
        "-" if settings.JIWON_GUNICORN_ACCESS_LOG else "/dev/null",
        "--error-logfile",
        "-",
        # Several servers may share a machine (and a home folder): no control socket there.
        "--no-control-socket",
    ]


class Command(BaseCommand):
    help = "Serve Jiwon in production: gunicorn, a task worker and the scheduler."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--bind", default=settings.JIWON_BIND, help="address:port")
        parser.add_argument("--workers", type=int, default=settings.JIWON_WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.JIWON_WEB_THREADS)
        parser.add_argument(
            "--prepare",
            action="store_true",
            help="migrate and collect the static files first (one server only)",
        )
        parser.add_argument("--no-worker", action="store_true", help="no task worker")
        parser.add_argument("--no-scheduler", action="store_true", help="no scheduler")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1")
        if options["prepare"]:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
        jiwon = [sys.executable, "-m", "jiwon.cli"]
        commands = {
            "web": gunicorn_command(
                bind=options["bind"],
                workers=options["workers"],
                threads=options["threads"],
                timeout=settings.JIWON_WEB_TIMEOUT,
            )
        }
        if not options["no_worker"] and uses_task_queue():
            commands["worker"] = [*jiwon, "worker", "--no-reload", "-v", "0"]
        if not options["no_scheduler"]:
            commands["scheduler"] = [*jiwon, "scheduled", "--loop", "--interval", "60"]
        self.stdout.write(f"jiwon serve: {', '.join(commands)} on http://{options['bind']}")
        self.stdout.flush()
        sys.exit(_supervise(commands))


def _supervise(commands: dict[str, list[str]]) -> int:
    processes = {
        name: subprocess.Popen(cmd, env=os.environ.copy()) for name, cmd in commands.items()
    }
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"jiwon serve: {name} exited with {process.returncode}", file=sys.stderr)
                exit_code = process.returncode or 1
                stopping = True
                break
        time.sleep(0.5)
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 30
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    return exit_code
