"""The suite gives the same answer on any day: a representative slice of it runs again with the
frozen clock two years ahead (conftest.py reads JIWON_TEST_NOW), in a child pytest."""

import os
import subprocess
import sys
from pathlib import Path

from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent
# Date-heavy modules of every layer: deadlines and windows, ages and years in business,
# past participation, appeal periods, yearly figures, and the demo's open calls.
SLICE = [
    "jiwon/programs/tests/test_participation.py",
    "jiwon/programs/tests/test_programs_services.py",
    "jiwon/programs/tests/test_public.py",
    "jiwon/programs/tests/test_api.py",
    "jiwon/programs/tests/test_recommendations_views.py",
    "jiwon/applications/tests/test_submission.py",
    "jiwon/reviews/tests/test_appeals.py",
    "jiwon/outcomes/tests/test_kpis.py",
    "jiwon/demo/tests/test_demo.py",
]


def test_it_passes_a_slice_of_the_suite_two_years_ahead():
    now = timezone.localtime()
    ahead = now.replace(year=now.year + 2, day=min(now.day, 28))
    env = {**os.environ, "JIWON_TEST_NOW": ahead.isoformat()}
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["JIWON_TEST_DB_NAME"] = f"test_clock_{os.getpid()}"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-m", "not browser", *SLICE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1]
