"""The JSON file: the report's data as `annual_report()` returns it (contract in the README,
"## KPIs": integers for counts and won, growth as a decimal string such as "6.8" or null,
dates as ISO 8601)."""

import json
from datetime import date
from decimal import Decimal


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of the report contract")


def render_json(report: dict) -> bytes:
    return json.dumps(report, default=_default, ensure_ascii=False, indent=2).encode("utf-8")
