"""Settings read the environment, start on a fresh clone and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(tmp_path, **env):
    """Imports config.settings in a fresh interpreter with `env` over a clean environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JIWON_", "DATABASE_"))}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.DATABASES['default']['NAME'])",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_creates_the_folder_of_the_default_sqlite_database(tmp_path):
    var = tmp_path / "fresh" / "var"
    result = load_settings(tmp_path, JIWON_VAR_DIR=str(var))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(var / "jiwon.sqlite3")
    assert var.is_dir()


def test_it_refuses_a_database_other_than_sqlite_or_postgresql(tmp_path):
    result = load_settings(tmp_path, DATABASE_URL="mysql://root@127.0.0.1/jiwon")
    assert result.returncode != 0
    assert "DATABASE_URL must point to SQLite or PostgreSQL" in result.stderr


def test_it_refuses_a_malformed_boolean(tmp_path):
    result = load_settings(tmp_path, JIWON_DEBUG="maybe")
    assert result.returncode != 0
    assert "must be one of true/false" in result.stderr


def test_it_passes_djangos_deployment_check_with_production_settings(tmp_path):
    """`check --deploy` finds nothing to warn about (issue 10: W004 HSTS, W008 SSL redirect,
    W012 and W016 insecure cookies)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        # The test runner's own async switch (Playwright) is no deployment's.
        if not k.startswith(("JIWON_", "DATABASE_")) and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env = {
        **clean,
        "JIWON_ENV": "production",
        "JIWON_SECRET_KEY": "k3y-" + "x7Qp9vLm2RtZ8wYc4NbF6hJd1SgKa5Ue0Xo3Iq" * 2,
        "JIWON_ALLOWED_HOSTS": "jiwon.example.kr",
        "JIWON_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr + result.stdout
