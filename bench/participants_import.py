"""Benchmark: importing participant files.

    .venv/bin/python bench/participants_import.py [--rows 100000] [--memory-rows 1000000]

1. Speed: a generated XLSX of ``--rows`` participants is imported (`participants_import`:
   check pass, second read, store, figures rebuilt, audit entry) and, in the same run, read
   raw with python-calamine and bulk-inserted as records (no checks). Goal: the import takes
   at most twice as long (ratio <= 2). The best of ``--rounds`` counts for both.
2. Memory: a subprocess imports a generated CSV (``--memory-format xlsx``: XLSX, whose
   sheet is then above calamine's limit and streamed) of ``--memory-rows`` participants into
   its own database; its peak resident memory (ru_maxrss, the whole process with Django) must
   stay under 300 MB.

Each part uses a fresh SQLite database in a temporary folder. Exit status 1 if a goal is
missed. The machine should be otherwise idle.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_RATIO = 2.0
GOAL_MB = 300
HEADER = ["teilnehmer_id", "eintritt", "austritt", "geschlecht", "geburtsjahr", "rechtskreis",
          "erwerbsstatus", "bildung", "staatsangehoerigkeit", "behinderung", "wohnort_ags",
          "teilzeitausbildung", "austrittsgrund", "verbleib", "verbleib_6_monate",
          "einwilligung"]
GENDERS = ["w", "m", "d", "keine Angabe"]
SCHEMES = ["SGB II", "SGB III", "SGB VIII", "SGB XII", "AsylbLG", "keiner"]
DISTRICTS = ["06411", "06412", "06413", "06414", "06431", "06432", "06433", "06434", "06435",
             "06436", "06437", "06438", "06439", "06440", "06531", "06532", "06533", "06534",
             "06535", "06611", "06631", "06632", "06633", "06634", "06635", "06636"]


def _fmt(value: float, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def sample_rows(n: int):
    """Plausible, valid rows; every 20th person enters a second time (a re-entry)."""
    start = datetime.date(2025, 1, 2)
    for i in range(n):
        person = i - 1 if i % 20 == 19 else i
        entry = start + datetime.timedelta(days=i % 300)
        left = i % 3 != 0
        consent = i % 4 == 0
        yield [f"TN-{person:07d}", f"{entry:%d.%m.%Y}",
               f"{entry + datetime.timedelta(days=60):%d.%m.%Y}" if left else "",
               GENDERS[i % 4], str(1970 + i % 40), SCHEMES[i % 6],
               ["arbeitslos", "langzeitarbeitslos", "nicht erwerbstätig"][i % 3],
               ["ISCED 0-2", "ISCED 3-4", ""][i % 3], ["deutsch", "EU", "Drittstaat"][i % 3],
               ["ja", "nein", "keine Angabe"][i % 3], DISTRICTS[i % 26], ["ja", "nein"][i % 2],
               ["regulär", "vorzeitig"][i % 2] if left else "",
               "Ausbildung" if left else "", "Beschäftigung" if left and consent else "",
               "ja" if consent else "nein"]


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def write_xlsx(path: Path, n: int) -> None:
    """A minimal XLSX (inline strings), written streaming."""
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    main = "http://schemas.openxmlformats.org"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", head + f'<Types xmlns="{main}/package/2006/content-'
                   'types"><Default Extension="rels" ContentType="application/vnd.openxml'
                   'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
                   '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
                   'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+'
                   'xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
                   'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+'
                   'xml"/></Types>')
        z.writestr("_rels/.rels", head + f'<Relationships xmlns="{main}/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{main}/officeDocument/2006/'
                   'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", head + f'<workbook xmlns="{main}/spreadsheetml/2006/main"'
                   f' xmlns:r="{main}/officeDocument/2006/relationships"><sheets><sheet name='
                   '"Teilnehmende" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", head + f'<Relationships xmlns="{main}/package/'
                   f'2006/relationships"><Relationship Id="rId1" Type="{main}/officeDocument/'
                   '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        columns = [_column(i) for i in range(len(HEADER))]
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write((head + f'<worksheet xmlns="{main}/spreadsheetml/2006/main"><sheetData>')
                    .encode())

            def line(number, values):
                cells = "".join(f'<c r="{columns[i]}{number}" t="inlineStr"><is><t>'
                                f"{escape(v)}</t></is></c>" for i, v in enumerate(values) if v)
                return f'<row r="{number}">{cells}</row>'.encode()

            f.write(line(1, HEADER))
            for number, values in enumerate(sample_rows(n), start=2):
                f.write(line(number, values))
            f.write(b"</sheetData></worksheet>")


def write_csv(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(";".join(HEADER) + "\r\n")
        for values in sample_rows(n):
            f.write(";".join(values) + "\r\n")


def setup_django(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "aqb.settings.test"
    os.environ["AQB_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_project(short: str):
    from aqb.projects.models import Project
    from aqb.regions.models import Region

    return Project.objects.create(region=Region.objects.get(ags="06635"), measure_number=1,
                                  name=f"Benchmark {short}", short_name=short, first_year=2025)


def raw_read_and_insert(path: Path, project) -> int:
    """The yardstick: calamine's rows as records, bulk-inserted, no checks."""
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from aqb.monitoring.models import Participant

    def day(text):
        return datetime.date(int(text[6:]), int(text[3:5]), int(text[:2])) if text else None

    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_index(0).iter_rows()
    next(rows)
    seen = set()
    count = 0
    with transaction.atomic():
        batch = []
        for r in rows:
            if r[0] in seen:
                continue  # one record per person, as the import keeps it
            seen.add(r[0])
            batch.append(Participant(
                project=project, year=2025, pseudonym="t:" + r[0], pseudonym_kind="provider",
                entry_date=day(r[1]), exit_date=day(r[2]), gender=r[3][:1],
                birth_year=int(r[4]), scheme=r[5][:5], employment=r[6][:2],
                education=r[7][:7], nationality=r[8][:2], disability=r[9][:4],
                residence_ags=r[10], part_time=r[11] == "ja", exit_reason=r[12][:9],
                outcome=r[13][:10], outcome_6m=r[14][:10], consent=r[15] == "ja"))
            if len(batch) == 2000:
                Participant.objects.bulk_create(batch, batch_size=1000)
                count += len(batch)
                batch = []
        Participant.objects.bulk_create(batch, batch_size=1000)
        count += len(batch)
    workbook.close()
    return count


def speed(rows: int, rounds: int) -> bool:
    folder = Path(tempfile.mkdtemp(prefix="aqb-bench-import-"))
    setup_django(folder)
    from aqb.accounts.policy import SYSTEM
    from aqb.monitoring.importing import participants_import
    from aqb.monitoring.models import Participant, Tally

    path = folder / "teilnehmende.xlsx"
    write_xlsx(path, rows)
    project = make_project("B1")
    raw_best = import_best = float("inf")
    for _ in range(rounds):
        Participant.objects.all().delete()
        start = time.perf_counter()
        raw_read_and_insert(path, project)
        raw_best = min(raw_best, time.perf_counter() - start)
        Participant.objects.all().delete()
        Tally.objects.all().delete()
        start = time.perf_counter()
        result = participants_import(actor=SYSTEM, project=project, year=2025, path=path,
                                     name=path.name)
        import_best = min(import_best, time.perf_counter() - start)
        assert result.ok and result.stored == rows, result.errors[:3]
    ratio = import_best / raw_best
    ok = ratio <= GOAL_RATIO
    print(f"{rows:>9} Zeilen XLSX: Rohlesen (calamine) + Masseneinfügen {_fmt(raw_best)} s, "
          f"Import (prüfen, speichern, Zählungen) {_fmt(import_best)} s, Verhältnis "
          f"{_fmt(ratio)} (Ziel ≤ {_fmt(GOAL_RATIO, 0)}) {'ok' if ok else 'VERFEHLT'}")
    return ok


def memory_child(rows: int, kind: str) -> None:
    """Run in the subprocess: import a file of ``rows`` rows; print the peak RSS in MB."""
    import resource

    folder = Path(tempfile.mkdtemp(prefix="aqb-bench-memory-"))
    path = folder / f"teilnehmende.{kind}"
    (write_xlsx if kind == "xlsx" else write_csv)(path, rows)
    setup_django(folder)
    from aqb.accounts.policy import SYSTEM
    from aqb.monitoring.importing import participants_import

    project = make_project("B2")
    start = time.perf_counter()
    result = participants_import(actor=SYSTEM, project=project, year=2025, path=path,
                                 name=path.name)
    seconds = time.perf_counter() - start
    assert result.ok and result.stored == rows, result.errors[:3]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{peak:.1f} {seconds:.1f}")


def memory(rows: int, kind: str) -> bool:
    out = subprocess.run([sys.executable, __file__, "--child-memory", str(rows),
                          "--memory-format", kind],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(out.stderr[-2000:], file=sys.stderr)
        print(f"{rows:>9} Zeilen {kind.upper()}: Import fehlgeschlagen")
        return False
    peak, seconds = (float(v) for v in out.stdout.split()[-2:])
    ok = peak < GOAL_MB
    print(f"{rows:>9} Zeilen {kind.upper()}: Import in {_fmt(seconds, 0)} s, Spitze des Speichers "
          f"{_fmt(peak, 0)} MB (ganzer Prozess, Ziel < {GOAL_MB} MB) "
          f"{'ok' if ok else 'VERFEHLT'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--memory-rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--memory-format", choices=("csv", "xlsx"), default="csv",
                        help="file type of the memory run (xlsx: above the calamine limit "
                             "the streaming reader)")
    parser.add_argument("--child-memory", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_memory:
        memory_child(args.child_memory, args.memory_format)
        return 0
    ok = memory(args.memory_rows, args.memory_format)
    ok = speed(args.rows, args.rounds) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
