"""The import benchmark runs (tiny sizes; its goals are judged by `make bench`, not here)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_benchmark_runs_and_prints_its_measures():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "participants_import.py"),
                          "--rows", "60", "--memory-rows", "40", "--rounds", "1"],
                         capture_output=True, text=True, timeout=600, cwd=ROOT, check=False)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    assert "40 Zeilen CSV: Import in" in out.stdout and "Spitze des Speichers" in out.stdout
    assert "60 Zeilen XLSX: Rohlesen (calamine) + Masseneinfügen" in out.stdout
    assert "Verhältnis" in out.stdout
