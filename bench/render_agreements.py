"""Benchmark: the 26 agreements of a year as PDF with Typst, against LibreOffice.

    DJANGO_SETTINGS_MODULE=aqb.settings.test .venv/bin/python bench/render_agreements.py

1. Renders the 26 documents (built without the database, see ``sample_documents.py``) as
   PDF/A with ``render_pdf``: one thread (the first round includes loading the fonts), then two
   threads (one Typst compiler each; Typst releases the GIL).
2. Writes the same 26 documents as DOCX and converts them with LibreOffice headless
   (``soffice --headless --convert-to pdf``): one process for all files, then two processes
   with half of the files each (separate user profiles), as the baseline in the same run;
   for comparison also one soffice call per document (as a single download would need).
   The profiles are initialised before timing, so LibreOffice's batch numbers are its best case.
3. Prints documents per second, the factors and the goals (>= 20 PDFs/s on 2 cores,
   >= 10 times LibreOffice's batch conversion on 1 and on 2 cores) as OK/VERFEHLT.
   Exit status 1 if a goal is missed. The machine should be otherwise idle.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aqb.settings.test")

GOAL_RATE = 20.0
GOAL_FACTOR = 10.0
SINGLE_CALLS = 6


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def _fmt(rate: float) -> str:
    return f"{rate:.1f}".replace(".", ",")


def _verdict(ok: bool) -> str:
    return "OK" if ok else "VERFEHLT"


def bench_typst(docs, rounds: int) -> dict[str, float]:
    from aqb.agreements.render.pdf import render_pdf

    start = time.perf_counter()
    sizes = [len(render_pdf(doc)) for doc in docs]  # cold: fonts and template load here
    cold = _rate(len(docs), time.perf_counter() - start)
    assert all(size > 10_000 for size in sizes)

    serial = []
    for _ in range(rounds):
        start = time.perf_counter()
        for doc in docs:
            render_pdf(doc)
        serial.append(_rate(len(docs), time.perf_counter() - start))

    parallel = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(render_pdf, docs[:2]))  # one compiler per thread, warmed up
        for _ in range(rounds):
            start = time.perf_counter()
            list(pool.map(render_pdf, docs))
            parallel.append(_rate(len(docs), time.perf_counter() - start))
    return {"cold": cold, "serial": sorted(serial)[len(serial) // 2],
            "parallel": sorted(parallel)[len(parallel) // 2],
            "pages_kb": sum(sizes) / len(sizes) / 1024}


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(soffice: str, files: list[Path], outdir: Path, profile: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def bench_libreoffice(docs, workdir: Path) -> dict[str, float] | None:
    from aqb.agreements.render.docx import render_docx

    soffice = _soffice()
    if soffice is None:
        return None
    start = time.perf_counter()
    files = []
    for doc in docs:
        path = workdir / f"{doc.filename_stem}.docx"
        path.write_bytes(render_docx(doc))
        files.append(path)
    docx_rate = _rate(len(docs), time.perf_counter() - start)

    profiles = [workdir / "profile-a", workdir / "profile-b"]
    # First start of a fresh profile initialises it (seconds); not part of the measurement.
    warm = workdir / "warm"
    warm.mkdir()
    for profile in profiles:
        proc = _convert(soffice, files[:1], warm, profile)
        proc.communicate()

    def run(groups: list[list[Path]], name: str) -> float:
        outdir = workdir / name
        outdir.mkdir()
        start = time.perf_counter()
        procs = [_convert(soffice, group, outdir, profile)
                 for group, profile in zip(groups, profiles, strict=False)]
        for proc in procs:
            _, err = proc.communicate()
            if proc.returncode:
                raise RuntimeError(f"soffice: {err.decode(errors='replace')}")
        seconds = time.perf_counter() - start
        made = len(list(outdir.glob("*.pdf")))
        if made != len(files):
            raise RuntimeError(f"LibreOffice hat {made} von {len(files)} PDFs erzeugt.")
        return _rate(len(files), seconds)

    serial = run([files], "one")
    half = (len(files) + 1) // 2
    parallel = run([files[:half], files[half:]], "two")
    # One call per document, as a web request converting a single download would do.
    single_dir = workdir / "single"
    single_dir.mkdir()
    sample = files[:SINGLE_CALLS]
    start = time.perf_counter()
    for path in sample:
        _convert(soffice, [path], single_dir, profiles[0]).communicate()
    single = _rate(len(sample), time.perf_counter() - start)
    return {"docx": docx_rate, "serial": serial, "parallel": parallel, "single": single}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=5, help="Typst rounds (median is used)")
    parser.add_argument("--skip-libreoffice", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from bench.sample_documents import documents

    docs = documents(args.year)
    print(f"Zielvereinbarungen {args.year}: {len(docs)} Dokumente, {os.cpu_count()} Kerne")

    typst = bench_typst(docs, args.rounds)
    print(f"PDF (Typst), 1 Thread:  {_fmt(typst['serial'])} Dokumente/s "
          f"(erster Durchlauf mit Laden der Schriften: {_fmt(typst['cold'])} Dokumente/s; "
          f"im Mittel {typst['pages_kb']:.0f} KB je PDF/A)")
    print(f"PDF (Typst), 2 Threads: {_fmt(typst['parallel'])} Dokumente/s")

    lo = None
    if not args.skip_libreoffice:
        with tempfile.TemporaryDirectory(prefix="aqb-bench-") as tmp:
            lo = bench_libreoffice(docs, Path(tmp))
    ok = True
    rate_ok = typst["parallel"] >= GOAL_RATE
    ok &= rate_ok
    print(f"Ziel >= {GOAL_RATE:.0f} PDFs/s auf 2 Kernen: {_verdict(rate_ok)} "
          f"({_fmt(typst['parallel'])} Dokumente/s)")
    if lo is None:
        print("LibreOffice: nicht gemessen (soffice fehlt oder --skip-libreoffice); "
              "Ziel >= 10x: NICHT GEPRÜFT")
        return 0 if ok else 1
    factor_1 = typst["serial"] / lo["serial"]
    factor_2 = typst["parallel"] / lo["parallel"]
    print(f"DOCX (python-docx): {_fmt(lo['docx'])} Dokumente/s")
    print(f"1 Kern:  PDF (Typst): {_fmt(typst['serial'])} Dokumente/s; "
          f"LibreOffice: {_fmt(lo['serial'])} Dokumente/s; Faktor {_fmt(factor_1)}")
    print(f"2 Kerne: PDF (Typst): {_fmt(typst['parallel'])} Dokumente/s; "
          f"LibreOffice: {_fmt(lo['parallel'])} Dokumente/s; Faktor {_fmt(factor_2)}")
    print(f"Zum Vergleich, ein soffice-Aufruf je Dokument ({SINGLE_CALLS} Dokumente): "
          f"LibreOffice: {_fmt(lo['single'])} Dokumente/s; "
          f"Faktor {_fmt(typst['serial'] / lo['single'])} (1 Thread)")
    factor_ok = min(factor_1, factor_2) >= GOAL_FACTOR
    ok &= factor_ok
    print(f"Ziel >= {GOAL_FACTOR:.0f}x LibreOffice: {_verdict(factor_ok)} "
          f"(Faktor {_fmt(factor_1)} bzw. {_fmt(factor_2)})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
