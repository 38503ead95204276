"""`jiwon backup` and `jiwon restore`: one tar file holds a consistent snapshot of the database,
every uploaded file and a manifest (row counts per table, each file's SHA-256, the audit
chain's head hash), and restoring it into an empty database checks all three.

Consistency: PostgreSQL is dumped by `pg_dump` from a snapshot exported by a repeatable-read
transaction, and the manifest's counts and head hash are read in that same transaction, so
they describe exactly what the dump holds. SQLite is copied with its online backup API and
the manifest is read from the copy. Files are copied after the database: a file is written
to storage before the row that names it commits, so every file the dump refers to exists
by then (a file uploaded during the backup may come along without its row: harmless).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
FILES = "files/"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """What went wrong, in words an operator can act on."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int
    audit_head: str | None


def _tables() -> list[str]:
    """The tables of Jiwon's models (the ones a restore must bring back)."""
    return sorted(
        {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
        & set(connection.introspection.table_names())
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _facts(cursor: Any, tables: list[str]) -> tuple[dict[str, int], str | None]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    head = None
    if "audit_auditentry" in tables:
        cursor.execute("SELECT hash FROM audit_auditentry ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
        head = row[0] if row else None
    return counts, head


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    for key, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
    ):
        if value:
            env[key] = str(value)
    return env


def _run(cmd: list[str]) -> None:
    try:
        result = subprocess.run(cmd, env=_pg_env(), capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as exc:
        raise BackupError(f"{cmd[0]} is not installed (apt-get install postgresql-client)") from exc
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {result.stderr.strip()[-2000:]}")


def _dump_database(workdir: Path) -> tuple[str, dict[str, int], str | None]:
    tables = _tables()
    if connection.vendor == "postgresql":
        import psycopg

        db = settings.DATABASES["default"]
        with psycopg.connect(
            dbname=db["NAME"],
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
        ) as snapshot:
            snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            row = snapshot.execute("SELECT pg_export_snapshot()").fetchone()
            assert row is not None
            counts, head = _facts(snapshot.cursor(), tables)
            # pg_dump reads the same snapshot while this transaction holds it open.
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={row[0]}",
                    f"--file={workdir / PG_DUMP}",
                ]
            )
            snapshot.rollback()
        return PG_DUMP, counts, head
    if connection.vendor == "sqlite":
        target = workdir / SQLITE_COPY
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            counts, head = _facts(copy.cursor(), tables)
        finally:
            copy.close()
        return SQLITE_COPY, counts, head
    raise BackupError(f"cannot back up a {connection.vendor} database")


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in `storage`, depth first (works for disk and object storage)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup(output: Path, *, now: datetime | None = None) -> dict[str, Any]:
    """Write the snapshot to `output` (a tar file) and return its manifest."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory() as tmp:
        database, counts, head = _dump_database(Path(tmp))
        files: dict[str, str] = {}
        with tarfile.open(partial, "w") as tar:
            tar.add(Path(tmp) / database, arcname=database)
            for name in stored_files(default_storage):
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                files[name] = hashlib.sha256(data).hexdigest()
                _add_bytes(tar, FILES + name, data)
            manifest = {
                "format": FORMAT,
                "created_at": (now or timezone.now()).isoformat(),
                "engine": connection.vendor,
                "database": database,
                "counts": counts,
                "audit_head": head,
                "files": files,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    partial.replace(output)
    return manifest


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError as exc:
        raise BackupError("not a Jiwon backup: it has no manifest.json") from exc
    assert member is not None
    manifest: dict[str, Any] = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')} is not {FORMAT}")
    return manifest


def _restore_database(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    if connection.introspection.table_names():
        raise BackupError(
            "the database is not empty: restore only into a new, empty database "
            "(createdb, or a new SQLite file), never over live data"
        )
    with tempfile.TemporaryDirectory() as tmp:
        tar.extract(manifest["database"], tmp, filter="data")
        extracted = Path(tmp) / manifest["database"]
        if manifest["engine"] == "postgresql":
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--dbname",
                    str(settings.DATABASES["default"]["NAME"]),
                    str(extracted),
                ]
            )
        else:
            source = sqlite3.connect(extracted)
            try:
                connection.ensure_connection()
                source.backup(connection.connection)
            finally:
                source.close()


def _restore_files(tar: tarfile.TarFile, manifest: dict[str, Any]) -> int:
    for name, expected in manifest["files"].items():
        member = tar.extractfile(FILES + name)
        if member is None:
            raise BackupError(f"the backup lacks the file {name}")
        data = member.read()
        if hashlib.sha256(data).hexdigest() != expected:
            raise BackupError(f"the file {name} in the backup is damaged (SHA-256 differs)")
        if default_storage.exists(name):
            raise BackupError(
                f"{name} already exists in the file storage: restore into an empty storage"
            )
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            raise BackupError(f"the storage renamed {name} to {saved}")
    return len(manifest["files"])


def restore(archive: Path) -> Restored:
    """Bring `archive` back into the (empty) database and file storage, then check the row
    counts, the files' SHA-256 and the audit head against the manifest."""
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist")
    with tarfile.open(archive, "r") as tar:
        manifest = _read_manifest(tar)
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"the backup is of a {manifest['engine']} database; DATABASE_URL "
                f"points to {connection.vendor}"
            )
        _restore_database(tar, manifest)
        files = _restore_files(tar, manifest)
    with connection.cursor() as cursor:
        counts, head = _facts(cursor, sorted(manifest["counts"]))
    if counts != manifest["counts"]:
        wrong = sorted(t for t in counts if counts[t] != manifest["counts"][t])
        raise BackupError(f"restored row counts differ from the backup's in {', '.join(wrong)}")
    if head != manifest["audit_head"]:
        raise BackupError("the restored audit chain ends elsewhere than the backup's head")
    for name, expected in manifest["files"].items():
        with default_storage.open(name, "rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() != expected:
                raise BackupError(f"the restored file {name} differs from the backup's")
    return Restored(len(counts), sum(counts.values()), files, head)
