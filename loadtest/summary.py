"""Summary of a locust run: requests, failures and the 95th percentile per page kind, from
locust's `<prefix>_stats.csv` (and `_failures.csv`). Exit status 1 on any failure or a 95th
percentile above --p95-ms (default 500).

    python loadtest/summary.py var/loadtest/lauf_stats.csv var/loadtest/lauf_failures.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path


def _int(value: str) -> int:
    try:
        return int(float(value))
    except ValueError:
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stats")
    parser.add_argument("failures", nargs="?")
    parser.add_argument("--p95-ms", type=int, default=500)
    args = parser.parse_args(argv)

    rows = list(csv.DictReader(open(args.stats, encoding="utf-8")))  # noqa: SIM115
    pages = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: r["Name"])
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    width = max([len(f"{r['Type']} {r['Name']}") for r in pages] + [20])
    print(f"{'Seite':<{width}} {'Anfragen':>9} {'Fehler':>7} {'Median':>7} {'p95 ms':>7} "
          f"{'max ms':>7}")
    bad: list[str] = []
    for r in pages:
        label = f"{r['Type']} {r['Name']}"
        requests, failures = _int(r["Request Count"]), _int(r["Failure Count"])
        p95 = _int(r["95%"])
        mark = ""
        if failures:
            bad.append(f"{label}: {failures} Fehler")
            mark = "  FEHLER"
        if p95 > args.p95_ms:
            bad.append(f"{label}: 95. Perzentil {p95} ms > {args.p95_ms} ms")
            mark += "  ZU LANGSAM"
        print(f"{label:<{width}} {requests:>9} {failures:>7} {_int(r['50%']):>7} {p95:>7} "
              f"{_int(r['Max Response Time']):>7}{mark}")
    if total is not None:
        print(f"{'Gesamt':<{width}} {_int(total['Request Count']):>9} "
              f"{_int(total['Failure Count']):>7} {_int(total['50%']):>7} "
              f"{_int(total['95%']):>7} {_int(total['Max Response Time']):>7}   "
              f"({float(total['Requests/s']):.1f} Anfragen/s)")
    if args.failures and Path(args.failures).exists():
        for f in csv.DictReader(open(args.failures, encoding="utf-8")):  # noqa: SIM115
            print(f"Fehler {f['Method']} {f['Name']}: {f['Error']} ({f['Occurrences']}x)",
                  file=sys.stderr)
    if bad:
        print(f"NICHT BESTANDEN ({len(bad)}): " + "; ".join(bad), file=sys.stderr)
        return 1
    print(f"Bestanden: keine Fehler, jedes 95. Perzentil <= {args.p95_ms} ms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
