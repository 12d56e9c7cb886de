"""Benchmark: reading agreements grows linearly with their size.

    DJANGO_SETTINGS_MODULE=aqb.settings.test .venv/bin/python bench/read_agreements.py

Builds one agreement (``sample_documents.py``) and grows it by doubling: its clauses are
repeated as further sections and its project lists lengthened, so that every part the
reader looks at (head, § 4 budget lines, § 5 measures, signatures) stays in the text.
Each size is written as TXT, DOCX and PDF and read back (``extract_text`` +
``parse_agreement``); one more series is a TXT whose clauses are a single ever longer
paragraph (long lines are where regular expressions backtrack). For each series it prints
the time per size and the ratio per doubling of the size. Linear reading gives about 2;
a ratio above 3 (quadratic would be 4) misses the goal and the exit status is 1.

The best of several rounds counts; pairs whose shorter time is below 20 ms are shown
but not judged (timer noise). Sizes stay below the reader's limits (see
``aqb/agreements/reading/extract.py``). The machine should be otherwise idle.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aqb.settings.test")

GOAL_RATIO = 3.0
MIN_JUDGED_SECONDS = 0.02
#: Doubling steps per series (factor 1, 2, 4, ...); PDF stays below the page limit.
STEPS = {"txt": 6, "docx": 5, "pdf": 4, "txt-lang": 6}


def _fmt(value: float, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def grown(doc, factor: int, *, one_paragraph: bool = False):
    """The document with its clauses ``factor`` times and ``factor`` times the projects."""
    from aqb.agreements.document import MeasureBlock, MeasureEntry, Paragraph, Section

    sections = list(doc.sections)
    measures_at = next(i for i, s in enumerate(sections)
                       if any(isinstance(b, MeasureBlock) for b in s.blocks))
    blocks = []
    for block in sections[measures_at].blocks:
        if isinstance(block, MeasureBlock):
            block = MeasureBlock(tuple(
                MeasureEntry(m.number, m.title, tuple(
                    f"{label} {n}" if n else label
                    for n in range(factor) for label in m.projects))
                for m in block.measures))
        blocks.append(block)
    sections[measures_at] = dataclasses.replace(sections[measures_at], blocks=tuple(blocks))
    texts = [b.text for s in doc.sections for b in s.blocks if isinstance(b, Paragraph)]
    extra = []
    if one_paragraph:
        extra.append(Section(f"§ {len(sections) + 1}", ("Erläuterungen",),
                             (Paragraph(" ".join(" ".join(texts) for _ in range(factor))),)))
    else:
        number = len(sections)
        for _ in range(factor - 1):
            for text in texts:
                number += 1
                extra.append(Section(f"§ {number}", ("Erläuterungen",), (Paragraph(text),)))
    # Before the last section, so that the signatures still follow the last "§".
    sections[-1:-1] = extra
    return dataclasses.replace(doc, sections=tuple(sections))


def measure(path: Path, regions, rounds: int) -> tuple[float, int]:
    """Best time of ``rounds`` readings and the length of the text."""
    from aqb.agreements.reading import extract_text, parse_agreement

    best = float("inf")
    length = 0
    for _ in range(rounds):
        start = time.perf_counter()
        text = extract_text(path)
        parsed = parse_agreement(text, regions=regions)
        best = min(best, time.perf_counter() - start)
        length = len(text)
    if parsed.missing:
        raise RuntimeError(f"{path.name}: nicht vollständig gelesen, es fehlt {parsed.missing}")
    return best, length


def series(name: str, doc, regions, workdir: Path, rounds: int) -> bool:
    from aqb.agreements.render import render

    fmt = name.split("-")[0]
    print(f"\n{name.upper()}: Größe, Zeichen, Sekunden (bestes von {rounds}), Verhältnis")
    ok = True
    previous: float | None = None
    for step in range(STEPS[name]):
        factor = 2 ** step
        path = workdir / f"{name}-{factor}.{fmt}"
        path.write_bytes(render(grown(doc, factor, one_paragraph=name == "txt-lang"), fmt))
        seconds, length = measure(path, regions, rounds)
        ratio = ""
        if previous is not None:
            value = seconds / previous
            if previous < MIN_JUDGED_SECONDS:
                ratio = f"{_fmt(value)} (zu kurz zum Bewerten)"
            else:
                good = value <= GOAL_RATIO
                ok &= good
                ratio = f"{_fmt(value)} {'OK' if good else 'VERFEHLT'}"
        chars = f"{length:,}".replace(",", ".")
        print(f"  x{factor:<3} {chars:>9} Zeichen  {_fmt(seconds, 3):>8} s  {ratio}")
        previous = seconds
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--series", nargs="*", choices=list(STEPS), default=list(STEPS))
    args = parser.parse_args()

    import django

    django.setup()
    from aqb.agreements.reading import region_refs_from_csv
    from bench.sample_documents import REGIONS_CSV, document, regions

    refs = region_refs_from_csv(REGIONS_CSV)
    doc = document(regions()[5], index=5)
    print(f"Einlesen von Zielvereinbarungen wachsender Größe; Ziel: Verhältnis je Verdopplung "
          f"<= {_fmt(GOAL_RATIO, 0)} (linear: etwa 2)")
    ok = True
    with tempfile.TemporaryDirectory(prefix="aqb-bench-read-") as tmp:
        for name in args.series:
            ok &= series(name, doc, refs, Path(tmp), args.rounds)
    print(f"\nZiel linear (Verhältnis <= {_fmt(GOAL_RATIO, 0)}): {'OK' if ok else 'VERFEHLT'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
