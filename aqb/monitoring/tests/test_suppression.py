"""Small-cell suppression: no 1 or 2 visible, no hidden value computable from its line."""

from hypothesis import given, settings
from hypothesis import strategies as st

from aqb.monitoring.suppression import cube_lines, suppress, suppress_cube

counts = st.integers(min_value=0, max_value=12)


def _lines_ok(values, lines, hidden):
    for line in lines:
        assert sum(1 for k in line if k in hidden) != 1, (line, hidden)
    assert not [k for k, v in values.items() if v in (1, 2) and k not in hidden]


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 5).flatmap(
        lambda cols: st.lists(st.lists(counts, min_size=cols, max_size=cols),
                              min_size=rows, max_size=rows))))
def test_a_table_with_totals_reveals_no_small_cell(matrix):
    base = {(r, c): v for r, row in enumerate(matrix) for c, v in enumerate(row)}
    cells, hidden = suppress_cube(base, 2)
    _, lines = cube_lines(base.keys(), 2)
    _lines_ok(cells, lines, hidden)
    # totals are the sums of their line; visible values are the true ones
    for r, row in enumerate(matrix):
        assert cells[(r, None)] == sum(row)
    assert cells[(None, None)] == sum(base.values())
    # zeros are never hidden
    assert not [k for k in hidden if cells[k] == 0]


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 2)),
                       counts, min_size=1, max_size=20))
def test_three_dimensions_with_all_totals(base):
    cells, hidden = suppress_cube(base, 3)
    _, lines = cube_lines(base.keys(), 3)
    _lines_ok(cells, lines, hidden)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=8))
def test_entries_exits_and_stock_lines(pairs):
    # entries = exits + stock per row; each column with its total
    values, lines = {}, []
    for n, (stock, exits) in enumerate(pairs):
        values[(n, "e")], values[(n, "x")], values[(n, "s")] = stock + exits, exits, stock
        lines.append([(n, "x"), (n, "s"), (n, "e")])
    for col in "exs":
        values[("T", col)] = sum(values[(n, col)] for n in range(len(pairs)))
        lines.append([(n, col) for n in range(len(pairs))] + [("T", col)])
    lines.append([("T", "x"), ("T", "s"), ("T", "e")])
    hidden = suppress(values, lines)
    _lines_ok(values, lines, hidden)


def test_a_single_two_hides_its_neighbour_and_the_total_stays():
    cells, hidden = suppress_cube({("a",): 2, ("b",): 5, ("c",): 9}, 1)
    assert hidden == {("a",), ("b",)}
    assert cells[(None,)] == 16


def test_nothing_small_nothing_hidden():
    _, hidden = suppress_cube({("a", "w"): 3, ("a", "m"): 0, ("b", "w"): 7, ("b", "m"): 4}, 2)
    assert hidden == set()
