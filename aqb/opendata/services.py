"""Publishing a programme year for the public and taking it back (ministry only, audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.budgets.models import ProgrammeYear

from .models import PublishedYear


@transaction.atomic
def year_publish(*, actor, programme_year: ProgrammeYear) -> PublishedYear:
    """Make the year public. It must have allocations (else there is nothing to publish)."""
    policy.require_ministry(actor, "Programmjahre veröffentlichen")
    py = ProgrammeYear.objects.select_for_update().get(pk=programme_year.pk)
    if PublishedYear.objects.filter(programme_year=py).exists():
        raise ValidationError(f"Das Programmjahr {py.year} ist bereits veröffentlicht.")
    if not py.allocations.exists():
        raise ValidationError(f"Das Programmjahr {py.year} hat noch keine Zuweisungen an die "
                              "Gebietskörperschaften; es gibt nichts zu veröffentlichen.")
    pub = PublishedYear.objects.create(
        programme_year=py, published_at=timezone.now(),
        published_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit_record(actor=actor, action="opendata.year.publish", obj=py,
                 summary=f"Programmjahr {py.year} für die Öffentlichkeit veröffentlicht")
    return pub


@transaction.atomic
def year_withdraw(*, actor, programme_year: ProgrammeYear) -> None:
    """Take the year back from the public pages, files, API and catalogue."""
    policy.require_ministry(actor, "Programmjahre veröffentlichen")
    py = ProgrammeYear.objects.select_for_update().get(pk=programme_year.pk)
    deleted, _ = PublishedYear.objects.filter(programme_year=py).delete()
    if not deleted:
        raise ValidationError(f"Das Programmjahr {py.year} ist nicht veröffentlicht.")
    audit_record(actor=actor, action="opendata.year.withdraw", obj=py,
                 summary=f"Veröffentlichung des Programmjahrs {py.year} zurückgenommen")
