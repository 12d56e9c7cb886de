"""The processing record (Art. 30 GDPR) in docs/ is what the command generates from the code."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from aqb.monitoring.models import MonitoringSettings

DOC = Path(__file__).resolve().parents[3] / "docs" / "processing-record.md"

pytestmark = pytest.mark.django_db


def generated() -> str:
    out = StringIO()
    call_command("processing_record", stdout=out)
    return out.getvalue()


def test_the_committed_processing_record_is_the_generated_one():
    assert DOC.read_text(encoding="utf-8") == generated(), (
        "docs/processing-record.md weicht ab: neu erzeugen mit "
        "`aqb processing_record --output docs/processing-record.md`")


def test_it_names_fields_legal_basis_and_the_current_retention(tmp_path):
    MonitoringSettings.objects.create(pk=1, retention_years=7)
    call_command("processing_record", output=str(tmp_path / "v.md"), stdout=StringIO())
    text = (tmp_path / "v.md").read_text(encoding="utf-8")
    assert "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 HDSIG" in text
    assert "| Rechtskreis | SGB II, SGB III, SGB VIII, SGB XII, AsylbLG, keiner |" in text
    assert "5 Jahre (Standard; derzeit eingestellt: 7 Jahre)" in text
    assert "AQB_PSEUDONYM_KEY" in text and "Zugriffsprotokoll" in text


def test_the_ministry_reads_it_and_nobody_else(client, ministry_user, region_user):
    client.force_login(ministry_user)
    assert "Verzeichnis von Verarbeitungstätigkeiten" in client.get(
        "/teilnehmende/verzeichnis/").content.decode()
    client.force_login(region_user)
    assert client.get("/teilnehmende/verzeichnis/").status_code == 403
