"""`jiwon serve` starts the production stack the way the README says — gunicorn, a task
worker and the scheduler — and stops all of it on SIGTERM."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def production_env(tmp_path, port):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JIWON_", "DATABASE_"))}
    return {
        **clean,
        "JIWON_ENV": "production",
        "JIWON_SECRET_KEY": "test-only-" + "k" * 50,
        "JIWON_VAR_DIR": str(tmp_path / "var"),
        "JIWON_BIND": f"127.0.0.1:{port}",
        "JIWON_WEB_WORKERS": "1",
        "JIWON_WEB_THREADS": "2",
    }


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "jiwon.cli", "serve", "--prepare"],
        cwd=ROOT,
        env=production_env(tmp_path, port),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:
            if get(f"{base}/readyz")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(1)
    else:
        pass
    yield base, process, tmp_path
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    log.close()


def test_the_stack_becomes_ready_with_its_worker_and_scheduler(stack):
    base, process, tmp_path = stack
    status, _headers, body = get(f"{base}/readyz")
    assert status == 200, (body, (tmp_path / "serve.log").read_text()[-3000:])
    assert b'"worker": {"ok": true' in body


def test_static_files_are_compressed_and_cached_for_ever(stack):
    base, _process, tmp_path = stack
    manifest = (tmp_path / "var" / "static" / "staticfiles.json").read_text()
    assert '"jiwon/jiwon.css"' in manifest
    status, _h, page = get(f"{base}/accounts/login/")
    assert status == 200
    hashed = page.decode().split("/static/jiwon/jiwon.", 1)[1].split(".css", 1)[0]
    status, headers, _body = get(
        f"{base}/static/jiwon/jiwon.{hashed}.css", **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]


def test_it_logs_json_lines_with_the_request_id(stack):
    base, _process, tmp_path = stack
    _status, headers, _body = get(f"{base}/healthz")
    time.sleep(0.5)
    log = (tmp_path / "serve.log").read_text()
    line = next(line for line in log.splitlines() if headers["X-Request-ID"] in line)
    assert line.startswith("{") and '"logger": "jiwon.request"' in line


def test_sigterm_stops_every_process_of_the_stack(stack):
    _base, process, _tmp_path = stack
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(timeout=60) == 0


def test_without_its_database_the_server_lives_but_is_not_ready(tmp_path):
    # PostgreSQL on a port nothing listens on: the process must keep answering /healthz (so
    # the supervisor does not restart it in a loop) while /readyz tells the proxy to wait.
    port = free_port()
    env = {
        **production_env(tmp_path, port),
        "DATABASE_URL": f"postgres://x@127.0.0.1:{free_port()}/x",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "jiwon.cli", "serve", "--no-worker", "--no-scheduler"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            try:
                alive = get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(1)
        assert alive[0] == 200
        status, _headers, body = get(f"{base}/readyz")
        assert status == 503
        assert b'"database": {"ok": false, "detail": "unreachable"}' in body
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
