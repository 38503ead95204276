"""`jiwon scheduled`: run the scheduled jobs that are due (see jiwon.core.scheduling)."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jiwon.core.scheduling import registered_jobs, run_due_jobs


class Command(BaseCommand):
    help = "Run the scheduled jobs that are due, once or every --interval seconds."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="keep running (the scheduler service)"
        )
        parser.add_argument(
            "--interval", type=int, default=60, help="seconds between rounds with --loop"
        )
        parser.add_argument("--job", help="run this job now, due or not")
        parser.add_argument("--list", action="store_true", help="list the registered jobs")

    def handle(
        self,
        *args: Any,
        loop: bool,
        interval: int,
        job: str | None,
        list: bool,
        **options: Any,
    ) -> None:
        if list:
            for registered in registered_jobs():
                self.stdout.write(f"{registered.name}\tevery {registered.every}")
            return
        if job is not None and job not in {j.name for j in registered_jobs()}:
            raise CommandError(f"no scheduled job named {job!r} (see --list)")
        if interval < 1:
            raise CommandError("--interval must be at least 1 second")
        while True:
            for outcome in run_due_jobs(only=job):
                status = "ok" if outcome.ok else "FAILED"
                self.stdout.write(f"{outcome.name}: {status} {outcome.result}".rstrip())
            if not loop:
                return
            time.sleep(interval)
