"""Participant figures for funding pages, from an app above (monitoring), by registration.

`funding` sits below `monitoring` and may not import it; monitoring registers its count in its
`AppConfig.ready()`: `register(fn)` with `fn(project, year) -> int | None`. `count(project,
year)` answers None while nobody registered ("noch nicht verfügbar")."""

from __future__ import annotations

from collections.abc import Callable

_COUNTERS: list[Callable] = []


def register(fn: Callable) -> Callable:
    if fn not in _COUNTERS:
        _COUNTERS.append(fn)
    return fn


def count(project, year: int) -> int | None:
    """Participants (entries) of `project` in programme `year`, or None when not available."""
    for fn in _COUNTERS:
        value = fn(project, year)
        if value is not None:
            return value
    return None


def available() -> bool:
    """Whether an app gives participant figures at all."""
    return bool(_COUNTERS)
