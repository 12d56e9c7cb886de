"""Two people correcting the same participant record through the form (docs/reliability.md,
"Concurrency"): the correction form carries the record's fingerprint
(`selectors.participant_revision`); a form loaded before someone else's correction is
refused with a German request to reload (400, nothing written, no audit entry), a fresh form
is saved."""


import pytest

from aqb.audit.models import AuditEntry
from aqb.monitoring.models import Participant
from aqb.monitoring.records import participants_store
from tests.concurrency import RELOAD, form_revision, logged_in

from .conftest import person

pytestmark = pytest.mark.django_db

CORRECTION = {"eintritt": "03.02.2025", "geschlecht": "w", "geburtsjahr": "2004",
              "rechtskreis": "sgb2", "wohnort_ags": "06635"}




def test_a_correction_from_a_stale_form_is_refused_and_a_fresh_one_saved(
        project, provider_user, region_user):
    participants_store(actor=provider_user, project=project, year=2025,
                       rows=[person("t:TN-7")])
    record = Participant.objects.get()
    url = f"/teilnehmende/datensatz/{record.pk}/korrigieren/"
    provider, region = logged_in(provider_user), logged_in(region_user)
    seen_by_provider = form_revision(provider.get(url).content.decode())
    seen_by_region = form_revision(region.get(url).content.decode())
    assert seen_by_provider == seen_by_region
    # the provider enters the exit first
    r = provider.post(url, {**CORRECTION, "revision": seen_by_provider,
                            "austritt": "30.06.2025", "austrittsgrund": "regulaer",
                            "verbleib": "ausbildung"})
    assert r.status_code == 302
    entries = AuditEntry.objects.count()
    # the region, from the form loaded before, would overwrite it with "no exit"
    r = region.post(url, {**CORRECTION, "revision": seen_by_region, "bildung": "isced02"})
    page = r.content.decode()
    assert r.status_code == 400
    assert "Der Datensatz wurde inzwischen von jemand anderem geändert." in page
    assert RELOAD in page
    record.refresh_from_db()
    assert (record.outcome, record.education) == ("ausbildung", "")
    assert str(record.exit_date) == "2025-06-30"
    assert AuditEntry.objects.count() == entries
    # reloaded: the form shows the provider's correction and the save goes through
    page = region.get(url).content.decode()
    r = region.post(url, {**CORRECTION, "revision": form_revision(page), "bildung": "isced02",
                          "austritt": "30.06.2025", "austrittsgrund": "regulaer",
                          "verbleib": "ausbildung"})
    assert r.status_code == 302
    record.refresh_from_db()
    assert (record.outcome, record.education) == ("ausbildung", "isced02")
    assert AuditEntry.objects.count() == entries + 1


def test_an_unchanged_save_does_not_invalidate_other_forms(project, provider_user,
                                                           region_user):
    participants_store(actor=provider_user, project=project, year=2025,
                       rows=[person("t:TN-8")])
    record = Participant.objects.get()
    url = f"/teilnehmende/datensatz/{record.pk}/korrigieren/"
    provider, region = logged_in(provider_user), logged_in(region_user)
    seen = form_revision(region.get(url).content.decode())
    assert provider.post(url, {**CORRECTION, "revision": seen}).status_code == 302
    r = region.post(url, {**CORRECTION, "revision": seen, "bildung": "isced02"})
    assert r.status_code == 302
    record.refresh_from_db()
    assert record.education == "isced02"
