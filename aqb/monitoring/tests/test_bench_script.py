"""bench/monitoring_overview.py runs (a small size, times shown but not judged): it builds its
own database, and the page's figures equal the raw SQL aggregate over the records."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_benchmark_runs_with_a_small_size():
    env = {k: v for k, v in os.environ.items() if k != "AQB_DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "aqb.settings.test"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "monitoring_overview.py"), "--rows", "400",
         "--rounds", "2", "--smoke"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Gleiche Zahlen (Seite/Zählungen und SQL auf den Datensätzen): ja" in done.stdout
    assert "3 Projekte mit tally_rebuild nachgerechnet: gleich" in done.stdout
    assert "Übersichtsseite (ganze Seite)" in done.stdout
