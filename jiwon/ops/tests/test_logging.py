"""Every request has an id, carried by its log lines and its response; slow requests are
logged as such; the JSON formatter writes one object per line."""

import json
import logging

import pytest

from jiwon.ops.logging import JsonFormatter, RequestIdFilter, request_id_var


def test_a_response_carries_a_fresh_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_the_proxy_request_id_is_kept_when_it_is_sensible(client):
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-abc-12345678"})
    assert response["X-Request-ID"] == "proxy-abc-12345678"


def test_a_malformed_request_id_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert response["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(response["X-Request-ID"]) == 32


def test_each_request_is_logged_with_its_id_status_and_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger="jiwon.request"):
        response = client.get("/healthz")
    (record,) = [r for r in caplog.records if r.name == "jiwon.request"]
    assert record.request_id == response["X-Request-ID"]
    assert record.status == 200
    assert record.path == "/healthz"
    assert record.duration_ms >= 0


def test_a_request_slower_than_the_limit_is_logged_as_slow(client, caplog, settings):
    settings.JIWON_SLOW_REQUEST_MS = 1
    with caplog.at_level(logging.WARNING, logger="jiwon.slow"), pytest.MonkeyPatch.context() as mp:
        times = iter([100.0, 100.5])
        mp.setattr("jiwon.ops.middleware.time.perf_counter", lambda: next(times))
        client.get("/healthz")
    (record,) = [r for r in caplog.records if r.name == "jiwon.slow"]
    assert record.levelname == "WARNING"
    assert record.duration_ms == 500.0


def test_a_fast_request_is_not_logged_as_slow(client, caplog, settings):
    settings.JIWON_SLOW_REQUEST_MS = 10_000
    with caplog.at_level(logging.WARNING, logger="jiwon.slow"):
        client.get("/healthz")
    assert not [r for r in caplog.records if r.name == "jiwon.slow"]


def test_the_json_formatter_writes_the_message_the_id_and_the_extra_fields():
    record = logging.LogRecord("jiwon.request", logging.INFO, __file__, 1, "GET %s", ("/",), None)
    record.status = 200
    token = request_id_var.set("abc12345")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["message"] == "GET /"
    assert entry["request_id"] == "abc12345"
    assert entry["status"] == 200
    assert entry["level"] == "INFO" and entry["logger"] == "jiwon.request"
    assert "\n" not in line
