"""`jiwon backup` then `jiwon restore` into an empty database brings the demo back whole: the
same rows in every table, every uploaded file with its SHA-256, and an audit chain that
verifies up to the same head — on SQLite, and on PostgreSQL when the suite runs there."""

import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[3]
FILES = {
    "applications/2026/사업계획서.pdf": b"%PDF-1.7\n" + "사업계획".encode() * 500,
    "programs/attachments/notice.hwp": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 4096,
}
STORE = "; ".join(
    f"default_storage.save({name!r}, ContentFile({data!r}))" for name, data in FILES.items()
)


def jiwon(env, *args, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "jiwon.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if check:
        assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-3000:])
    return result


def environment(var_dir, database_url):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JIWON_", "DATABASE_"))}
    return {**clean, "JIWON_VAR_DIR": str(var_dir), "DATABASE_URL": database_url}


def sqlite_urls(tmp_path):
    return f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"


@pytest.fixture
def postgres_urls():
    """Two scratch databases beside the suite's own (named after it: jiwon_<helper>_…)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the PostgreSQL round trip runs when the suite runs on PostgreSQL")
    import psycopg

    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "jiwon"
    names = [f"{base}_backup_source_{os.getpid()}", f"{base}_backup_restored_{os.getpid()}"]
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    yield [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table_counts(env):
    script = (
        "import json; from django.db import connection; from django.apps import apps; "
        "c = connection.cursor(); "
        "names = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)}); "
        "print(json.dumps({n: c.execute(f'SELECT COUNT(*) FROM \"{n}\"').fetchone()[0] "
        "for n in names}))"
    )
    return json.loads(jiwon(env, "shell", "-c", script).stdout.strip().splitlines()[-1])


def round_trip(tmp_path, source_url, restored_url):
    source = environment(tmp_path / "source", source_url)
    jiwon(source, "migrate", "--no-input", "-v", "0")
    jiwon(source, "demo")
    jiwon(
        source,
        "shell",
        "-c",
        f"from django.core.files.base import ContentFile; "
        f"from django.core.files.storage import default_storage; {STORE}",
    )
    archive = tmp_path / "jiwon.tar"
    out = jiwon(source, "backup", "--output", str(archive)).stdout
    assert "Backup written to" in out
    before = table_counts(source)
    with tarfile.open(archive) as tar:
        head = json.load(tar.extractfile("manifest.json"))["audit_head"]
    assert head and len(head) == 64

    restored = environment(tmp_path / "restored", restored_url)
    result = jiwon(restored, "restore", str(archive))
    assert "OK:" in result.stdout and head in result.stdout

    assert table_counts(restored) == before
    assert sum(before.values()) > 1000
    for name, data in FILES.items():
        restored_file = tmp_path / "restored" / "media" / name
        assert hashlib.sha256(restored_file.read_bytes()).digest() == hashlib.sha256(data).digest()
    verify = jiwon(restored, "audit", "verify", "--expect-head", head)
    assert "chain intact" in verify.stdout

    # Restoring twice is refused: a restore never lands on live data.
    again = jiwon(restored, "restore", str(archive), check=False)
    assert again.returncode != 0
    assert "the database is not empty" in again.stderr


def test_a_backup_of_the_demo_restores_on_sqlite(tmp_path):
    round_trip(tmp_path, *sqlite_urls(tmp_path))


def test_a_backup_of_the_demo_restores_on_postgresql(tmp_path, postgres_urls):
    round_trip(tmp_path, *postgres_urls)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar"
    with tarfile.open(junk, "w"):
        pass
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    result = jiwon(env, "restore", str(junk), check=False)
    assert result.returncode != 0
    assert "not a Jiwon backup" in result.stderr
