"""The public-pages benchmark runs (tiny numbers, nothing judged; its goal is judged by
`make bench`): gunicorn starts, the bare view and the page answer 200, the page's second
request comes from the cache."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_public_pages_benchmark_runs_and_prints_its_measures():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "public_pages.py"), "--smoke",
                          "--data", "small", "--path", "/api/v1/public/regions/06635",
                          "--workers", "1", "--clients", "2", "--requests", "20",
                          "--warmup", "4", "--rounds", "1"],
                         capture_output=True, text=True, timeout=600, cwd=ROOT, check=False)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "(aus dem Cache: ja)" in out.stdout
    assert "Nackte Django-View /bench/bare/" in out.stdout
    assert "Öffentliche Seite /api/v1/public/regions/06635" in out.stdout
    assert "Verhältnis" in out.stdout
