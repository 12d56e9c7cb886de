"""The import preview keeps the file, speaks German and warns before a new version."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aqb.agreements.models import Agreement, Status

from .test_commands import SEED

pytestmark = pytest.mark.django_db
URL = "/zielvereinbarungen/einlesen/"


def _preview(client):
    upload = SimpleUploadedFile("zv.txt", SEED.read_bytes(), content_type="text/plain")
    return client.post(URL, {"file": upload})


def test_the_preview_shows_german_amounts_and_dates(client, year_2025, ministry_user):
    client.force_login(ministry_user)
    page = _preview(client).content.decode()
    assert "773.920 Euro" in page and "773920.00" not in page
    assert "2. August 2025" in page and "2025-08-02" not in page
    assert not Agreement.objects.exists()


def test_saving_after_the_preview_needs_no_second_upload(client, year_2025, ministry_user):
    client.force_login(ministry_user)
    preview = _preview(client)
    token = preview.context["token"]
    assert f'name="token" value="{token}"' in preview.content.decode()
    saved = client.post(URL, {"token": token, "save": "ja"})
    assert saved.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.status == Status.SIGNED
    assert agreement.budget_lines.get().amount == Decimal("773920.00")
    assert agreement.signed_file.read() == SEED.read_bytes()
    again = client.post(URL, {"token": token, "save": "ja"})  # used up
    assert again.status_code == 400
    assert "erneut auswählen" in again.content.decode()
    assert Agreement.objects.count() == 1


def test_a_token_from_another_session_is_refused(client, year_2025, ministry_user,
                                                 django_user_model):
    client.force_login(ministry_user)
    token = _preview(client).context["token"]
    from django.test import Client

    other = Client()
    other.force_login(ministry_user)  # same account, other session
    response = other.post(URL, {"token": token, "save": "ja"})
    assert response.status_code == 400
    assert not Agreement.objects.exists()
    assert client.post(URL, {"token": "../../etc/passwd", "save": "ja"}).status_code == 400


def test_the_preview_warns_that_saving_makes_a_new_version(client, year_2025, ministry_user):
    client.force_login(ministry_user)
    client.post(URL, {"token": _preview(client).context["token"], "save": "ja"})
    page = _preview(client).content.decode()
    assert "schon Fassung 1" in page
    assert "Speichern legt Fassung 2 an" in page
    assert "speichern als Fassung 2" in page


def test_staged_uploads_expire_and_are_cleaned_up(client, year_2025, ministry_user):
    import os
    import time
    from pathlib import Path

    from django.conf import settings

    from aqb.agreements import staging

    client.force_login(ministry_user)
    token = _preview(client).context["token"]
    path = Path(settings.MEDIA_ROOT) / staging._path(token)  # the file system storage's file
    assert path.exists()
    old = time.time() - staging.MAX_AGE - 10
    os.utime(path, (old, old))
    session = client.session
    entries = session[staging.SESSION_KEY]
    entries[token]["at"] = old
    session[staging.SESSION_KEY] = entries
    session.save()
    assert client.post(URL, {"token": token, "save": "ja"}).status_code == 400
    _preview(client)  # the next preview removes what is too old
    assert not path.exists()
    assert not Agreement.objects.exists()
