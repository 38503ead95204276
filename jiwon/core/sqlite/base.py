"""Django's SQLite backend with fair queueing of writers.

SQLite lets one transaction write at a time. A writer that finds the database locked is put to
sleep by SQLite's busy handler and polls again, with pauses growing to 100 ms, until the busy
timeout runs out: nobody keeps the order of arrival, so under a burst (300 submissions at
once on the demo server) an unlucky request loses every poll and fails with "database is
locked" while later ones succeed. Here the threads of one process take turns on a lock before
they begin a write transaction, so they wait in line and only one of them at a time contends
with other processes (the task worker, the scheduler) through the busy handler.

A writer waits in line for up to twice the busy timeout (`JIWON_SQLITE_BUSY_TIMEOUT`): the
line is fair, so a longer wait there costs nobody their turn; with the busy handler's own wait
after it, the whole stays below the web server's request timeout (`JIWON_WEB_TIMEOUT`).
"""

import threading
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

# One line per database file, shared by every connection of this process.
_LINES: dict[str, threading.Lock] = {}
_LINES_GUARD = threading.Lock()


def _line_for(name: str) -> threading.Lock:
    with _LINES_GUARD:
        return _LINES.setdefault(name, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._holds_line = False

    def _busy_timeout(self) -> float:
        return float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))

    def _start_transaction_under_autocommit(self) -> None:
        line = _line_for(str(self.settings_dict["NAME"]))
        if not line.acquire(timeout=2 * self._busy_timeout()):
            raise OperationalError("database is locked (waited for the other writers in line)")
        self._holds_line = True
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._leave_line()
            raise

    def _leave_line(self) -> None:
        if self._holds_line:
            self._holds_line = False
            _line_for(str(self.settings_dict["NAME"])).release()

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._leave_line()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._leave_line()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._leave_line()
