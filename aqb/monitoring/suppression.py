"""Small-cell suppression (Geheimhaltung kleiner Fallzahlen) for any table of counts.

A table is a set of cells (key -> count) and its *lines*: groups of cells of which one is the
sum of the others (a row with its row total, a column with its column total, the totals with
the grand total; also "entries = exits + stock"). The rule (docs/monitoring.md):

1. primary: every cell with the value 1 or 2 is hidden (0 stays visible: nobody is revealed
   by it);
2. secondary: as long as some line has exactly one hidden cell (which could be computed from
   the others as a difference), the smallest visible non-zero cell of that line is hidden too.
   Totals count as cells. Lines are visited in their given order, so the result is the same
   for the same table.

Only cells are hidden; visible values are never changed (no rounding, no noise). The loop ends
because every step hides one more cell; a line with exactly one hidden cell always has a
visible non-zero cell left (its hidden cell is non-zero, so the line's total is too).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from itertools import product

PRIMARY = frozenset({1, 2})

EXPLANATION = (
    "Werte 1 und 2 sind durch einen Punkt (.) ersetzt, damit keine einzelne "
    "Person erkennbar wird; ebenso weitere Werte derselben Zeile, Spalte oder Summe, aus denen "
    "sich ein verborgener Wert errechnen ließe. Die sichtbaren Werte sind unverändert; "
    "0 wird angezeigt.")
MARK = "."  # Destatis' sign for "geheim zu halten"


def suppress(values: dict[Hashable, int], lines: Iterable[Sequence[Hashable]]) -> set:
    """The keys to hide. `values` maps every cell to its count (a missing cell counts 0);
    each line names the cells (totals included) that depend on each other."""
    lines = [list(line) for line in lines]
    hidden = {k for k, v in values.items() if v in PRIMARY}
    by_cell: dict[Hashable, list[int]] = {}
    for n, line in enumerate(lines):
        for key in line:
            by_cell.setdefault(key, []).append(n)
    todo = deque(range(len(lines)))
    queued = set(todo)
    while todo:
        n = todo.popleft()
        queued.discard(n)
        line = lines[n]
        if sum(1 for k in line if k in hidden) != 1:
            continue
        candidates = [k for k in line if k not in hidden and values.get(k, 0) != 0]
        if not candidates:  # cannot happen for consistent sums; nothing left to hide
            continue
        pick = min(candidates, key=lambda k: values[k])  # the first of equal ones
        hidden.add(pick)
        for m in by_cell[pick]:
            if m not in queued:
                todo.append(m)
                queued.add(m)
    return hidden


def cube_lines(keys: Iterable[tuple], dims: int) -> tuple[dict[tuple, None], list[list[tuple]]]:
    """The cells and lines of a table of `dims` dimensions with all its totals.

    `keys` are the coordinates of the base cells; a total has `None` at the dimensions it
    sums over. Returns (all cells, lines): one line per dimension and per combination of the
    other coordinates (totals included), holding that dimension's values and its total."""
    base = list(dict.fromkeys(keys))
    axes = [list(dict.fromkeys(k[d] for k in base)) for d in range(dims)]
    cells: dict[tuple, None] = {}
    for key in base:
        for mask in product((False, True), repeat=dims):
            cells[tuple(None if m else c for c, m in zip(key, mask, strict=True))] = None
    lines = []
    for d in range(dims):
        groups: dict[tuple, list[tuple]] = {}
        for cell in cells:
            if cell[d] is None:
                continue
            rest = cell[:d] + cell[d + 1:]
            groups.setdefault(rest, []).append(cell)
        for rest, members in groups.items():
            total = rest[:d] + (None,) + rest[d:]
            order = {v: i for i, v in enumerate(axes[d])}
            lines.append(sorted(members, key=lambda c: order[c[d]]) + [total])
    return cells, lines


def cube_totals(counts: dict[tuple, int], dims: int) -> dict[tuple, int]:
    """Every cell of the cube (`cube_lines`) with its count: the base cells summed."""
    out: dict[tuple, int] = {}
    for key, value in counts.items():
        for mask in product((False, True), repeat=dims):
            cell = tuple(None if m else c for c, m in zip(key, mask, strict=True))
            out[cell] = out.get(cell, 0) + value
    return out


def suppress_cube(counts: dict[tuple, int], dims: int) -> tuple[dict[tuple, int], set]:
    """Suppress a table of `dims` dimensions given by its base cells: returns every cell
    (totals at `None` coordinates) with its count, and the hidden cells."""
    totals = cube_totals(counts, dims)
    _, lines = cube_lines(counts.keys(), dims)
    return totals, suppress(totals, lines)
