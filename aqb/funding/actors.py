"""Who may act in the funding services, and who is recorded as having acted.

The command line and scheduled jobs act as `policy.SYSTEM` and may take every step. A refusal
is a `PermissionDenied` with the German message the calling service names, so that each step
says in its own words who takes it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from aqb.accounts import policy


def person(actor):
    """The user to record as having acted (created_by, reviewed_by, …); None for the system."""
    return actor if getattr(actor, "is_authenticated", False) else None


def require_region(actor, region_id: int, message: str) -> None:
    """Refuse with `message` unless the actor may edit the data of region `region_id`."""
    if actor is not policy.SYSTEM and not policy.can_edit_region_data(actor, region_id):
        raise PermissionDenied(message)


def require_authority(actor, message: str) -> None:
    """Refuse with `message` unless the actor is the granting authority."""
    if actor is not policy.SYSTEM and not policy.principal(actor).authority:
        raise PermissionDenied(message)
