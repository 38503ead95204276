"""Which WSGI server for `jiwon serve`: gunicorn (gthread) against granian, same app, same
database, same worker and thread counts, the same closed-loop load (a fixed number of clients
each sending its next request when the last one answered) on two pages: the login form
(template rendering, no query) and the public notice board (queries + rendering).

    JIWON_ENV=production JIWON_SECRET_KEY=... DATABASE_URL=postgres://... \\
        .venv/bin/python -m bench.rush.servers --seconds 15 --clients 16

Loopback only. Prints requests per second and p50/p99 per server, and a last line of JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATHS = ["/accounts/login/", "/notices/"]


def start(server: str, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    if server == "gunicorn":
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--no-control-socket",
            "--access-logfile",
            "/dev/null",
        ]
    else:
        cmd = [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "config.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--log-level",
            "warning",
        ]
    env = {**os.environ, "JIWON_ACCESS_LOG": "false"}
    process = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit(f"{server} did not start")


def load(port: int, seconds: float, clients: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        nonlocal errors
        n = index
        while time.monotonic() < stop_at:
            path = PATHS[n % len(PATHS)]
            n += 1
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
                    r.read()
                    ok = r.status == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8006)
    args = parser.parse_args()
    results = {}
    for server in ("gunicorn", "granian"):
        process = start(server, args.port, args.workers, args.threads)
        try:
            load(args.port, 3, args.clients)  # warm-up: imports, connections, template cache
            results[server] = load(args.port, args.seconds, args.clients)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        print(server, results[server])
    ratio = results["granian"]["rps"] / results["gunicorn"]["rps"]
    print(f"granian/gunicorn throughput ratio: {ratio:.2f}")
    print(
        json.dumps(
            {
                **{f"{k}_{m}": v for k, r in results.items() for m, v in r.items()},
                "granian_over_gunicorn_rps": round(ratio, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
