"""Notes for the agreement of a year from the apps above (docs/steering.md, "Autumn review").

`agreements` sits below `steering` and may not import it. An app above registers a provider
in its `AppConfig.ready()`: `notes_register(fn)`, `fn(*, user, agreement) -> list[Note]`,
reading only what the user may see. The agreement's page (a draft of the next year's
agreement, above all) lists the notes, e.g. the open actions of earlier autumn reviews.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Note:
    title: str
    lines: tuple[str, ...] = field(default_factory=tuple)
    url: str = ""
    link_label: str = ""


PROVIDERS: dict[str, Callable[..., list[Note]]] = {}


def notes_register(fn: Callable[..., list[Note]]) -> Callable[..., list[Note]]:
    PROVIDERS[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def notes_for(*, user, agreement) -> list[Note]:
    """The notes of every provider for this agreement, as `user` may see them."""
    out: list[Note] = []
    for fn in PROVIDERS.values():
        out.extend(fn(user=user, agreement=agreement))
    return out
