"""What the apps above register: kinds of notification, reminders, calendar sources.

`notifications` sits low in the layers and knows no agreement or programme year. An app above
registers in its `AppConfig.ready()`:

- `kind_register(Kind(...))`: a kind users choose for (sofort, Zusammenfassung, aus);
- `reminder_register(fn)`: `fn(day: date) -> int` addresses its reminders for `day` through
  `services.notify(..., key=...)` and returns how many it created; run daily by
  `services.reminders_send` (command `aqb reminders_send`);
- `calendar_register(fn)`: `fn(user, day: date) -> Iterable[Event]` yields the user's
  deadlines, read only what the user may see; the feed lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from .models import Choice


@dataclass(frozen=True)
class Kind:
    key: str              # "agreement_signature"
    label: str            # "Unterschrift ausstehend" (the preferences page)
    description: str = ""
    default: str = Choice.IMMEDIATE


@dataclass(frozen=True)
class Event:
    """One all-day deadline in a user's calendar."""

    uid: str              # stable across feeds: "agreement-signature-12@aqb"
    day: date
    summary: str
    description: str = ""
    url: str = ""         # path in the application, made absolute with AQB_BASE_URL
    categories: tuple[str, ...] = field(default_factory=tuple)


KINDS: dict[str, Kind] = {}
REMINDERS: dict[str, Callable[[date], int]] = {}
CALENDAR_SOURCES: dict[str, Callable[..., Iterable[Event]]] = {}

# A message without a registered kind (a one-off from the command line, a test).
GENERAL = Kind("general", "Allgemeine Mitteilungen",
               "Hinweise ohne eigene Art, etwa zum Betrieb der Anwendung.")


def kind_register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


def reminder_register(fn: Callable[[date], int]) -> Callable[[date], int]:
    REMINDERS[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def calendar_register(fn: Callable[..., Iterable[Event]]) -> Callable[..., Iterable[Event]]:
    CALENDAR_SOURCES[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def kind_get(key: str) -> Kind:
    return KINDS.get(key) or Kind(key, key)


kind_register(GENERAL)
