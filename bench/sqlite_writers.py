"""Benchmark: simultaneous writers on SQLite (the embedded default).

    python -m bench.sqlite_writers [--writers 300] [--threads 300]

Builds a throwaway SQLite database, then `--writers` audited write transactions (a row and its
audit entry, like a small service write) run from `--threads` threads started at once, as a
burst of submissions reaches a threaded server. Prints how many failed ("database is locked"),
the median and slowest wait, and the writes per second; the last line is JSON.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=300)
    parser.add_argument("--threads", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
        os.environ["JIWON_VAR_DIR"] = directory
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import OperationalError, connections, transaction

        from jiwon.audit.services import audit_record
        from jiwon.core.actor import SystemActor
        from jiwon.core.models import ScheduledJob

        call_command("migrate", verbosity=0)
        actor = SystemActor("bench")
        waits: list[float] = []
        failures: list[str] = []
        todo = iter(range(args.writers))
        guard = threading.Lock()
        start = threading.Barrier(args.threads)

        def work() -> None:
            start.wait()
            while True:
                with guard:
                    n = next(todo, None)
                if n is None:
                    break
                began = time.monotonic()
                try:
                    with transaction.atomic():
                        job = ScheduledJob.objects.create(name=f"w{n}")
                        audit_record(actor=actor, action="core.bench", obj=job, changes={})
                except OperationalError as exc:
                    failures.append(str(exc))
                waits.append(time.monotonic() - began)
            connections.close_all()

        threads = [threading.Thread(target=work) for _ in range(args.threads)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    result = {
        "writers": args.writers,
        "threads": args.threads,
        "failed": len(failures),
        "median_s": round(statistics.median(waits), 3),
        "slowest_s": round(max(waits), 3),
        "writes_per_s": round(args.writers / elapsed, 1),
    }
    print(
        f"{result['failed']} of {args.writers} failed; wait median {result['median_s']} s, "
        f"slowest {result['slowest_s']} s; {result['writes_per_s']} writes/s"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
