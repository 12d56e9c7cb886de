"""Stored files in S3-compatible object storage (AQB_STORAGE_URL), against a real S3 server.

moto's server runs in a thread on a free port of 127.0.0.1 (no fixed port, no network); the
default storage is the one `storage_from_url` makes from an `s3://` URL, exactly as in
production. Each flow stores through the real code (form upload, job, staging, backup),
reads back through the real views, finds the object in the bucket and nothing under
MEDIA_ROOT.
"""

from __future__ import annotations

import io
import logging
import tarfile
import uuid
from datetime import date

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from aqb.agreements import services as ag
from aqb.agreements.models import Agreement
from aqb.agreements.tests.conftest import wf_draft, year_2025  # noqa: F401 (fixtures)
from aqb.agreements.tests.pdfs import tiny_pdf
from aqb.settings.storage import S3, storage_from_url

BUCKET = f"aqb-dateien-{uuid.uuid4().hex[:12]}"  # moto's state is per process, not per server
KEY, SECRET = "aqb-test", "aqb-test-geheim"


@pytest.fixture(scope="module")
def s3_server():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per S3 request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-central-1",
                          aws_access_key_id=KEY, aws_secret_access_key=SECRET)
    try:
        client.create_bucket(Bucket=BUCKET,
                             CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass  # the module's fixture set up again in the same process
    try:
        yield endpoint, client
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_server, settings, tmp_path):
    """The default storage is the bucket (under a prefix of its own per test); MEDIA_ROOT an
    empty directory that must stay empty."""
    endpoint, client = s3_server
    prefix = f"t{abs(hash(tmp_path)) % 10**9}"
    url = (f"s3://{BUCKET}/{prefix}?endpoint_url={endpoint}&region=eu-central-1"
           "&addressing_style=path")
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    # override of STORAGES: Django's setting_changed handler resets the storage handler and
    # default_storage, so FileFields and default_storage use the bucket from here on
    settings.STORAGES = {**settings.STORAGES,
                         "default": storage_from_url(url, access_key=KEY, secret_key=SECRET)}
    assert default_storage.__class__.__name__ == "S3Storage"

    class Bucket:
        def keys(self):
            found = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix + "/")
            return sorted(o["Key"][len(prefix) + 1:] for o in found.get("Contents", []))

        def get(self, name):
            return client.get_object(Bucket=BUCKET, Key=f"{prefix}/{name}")["Body"].read()

        def put(self, name, data):
            client.put_object(Bucket=BUCKET, Key=f"{prefix}/{name}", Body=data)

        def delete(self, name):
            client.delete_object(Bucket=BUCKET, Key=f"{prefix}/{name}")

    yield Bucket()
    assert not any((tmp_path / "media").rglob("*")), "nothing may be written under MEDIA_ROOT"


def test_the_url_is_parsed_into_django_storages_options():
    entry = storage_from_url("s3://u%40x:p%2Fw@b/pre/fix?endpoint_url=http://h:9000"
                             "&region=eu-central-1&verify=false&sse=AES256")
    o = entry["OPTIONS"]
    assert entry["BACKEND"] == S3
    assert (o["bucket_name"], o["location"], o["endpoint_url"], o["region_name"]) == \
        ("b", "pre/fix", "http://h:9000", "eu-central-1")
    assert (o["access_key"], o["secret_key"]) == ("u@x", "p/w")
    assert o["verify"] is False and o["file_overwrite"] is False
    assert o["object_parameters"] == {"ServerSideEncryption": "AES256"}
    # the environment's keys win over the URL's
    o = storage_from_url("s3://u:p@b", access_key="K", secret_key="S")["OPTIONS"]
    assert (o["access_key"], o["secret_key"]) == ("K", "S")
    assert storage_from_url("")["BACKEND"].endswith("FileSystemStorage")
    assert storage_from_url("file:///srv/aqb")["OPTIONS"] == {"location": "/srv/aqb"}
    from django.core.exceptions import ImproperlyConfigured
    with pytest.raises(ImproperlyConfigured, match="unbekanntes Schema"):
        storage_from_url("ftp://x")
    with pytest.raises(ImproperlyConfigured, match="unbekannter Parameter"):
        storage_from_url("s3://b?acl=public-read")


def test_a_signed_scan_is_stored_in_the_bucket_and_downloaded_through_the_view(
        bucket, client, wf_draft, ministry_user, region_user):  # noqa: F811
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="H", title="S")
    scan = tiny_pdf()
    client.force_login(region_user)
    response = client.post(f"/zielvereinbarungen/{wf_draft.pk}/unterschrift/region/", {
        "place": "Korbach", "day": "13.08.2025", "name": "Karl-Friedrich Frese",
        "title": "Erster Kreisbeigeordneter", "confirm": "on",
        "scan": SimpleUploadedFile("scan.pdf", scan, content_type="application/pdf")})
    assert response.status_code == 302
    agreement = Agreement.objects.get(pk=wf_draft.pk)
    assert bucket.keys() == [agreement.signed_file.name]
    assert bucket.get(agreement.signed_file.name) == scan

    client.force_login(ministry_user)
    download = client.get(f"/zielvereinbarungen/{agreement.pk}/unterzeichnet.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == scan


def test_a_jobs_file_and_a_staged_upload_live_in_the_bucket(bucket, client, ministry_user):
    from aqb.agreements import staging
    from aqb.jobs.models import Job
    from aqb.jobs.services import job_run

    job = Job.objects.create(user=ministry_user, title="Zählen", task_path="x.y")
    with job_run(str(job.pk)) as run, run.output("zahlen.txt", "text/plain") as path:
        path.write_text("1\n2\n3\n")
    job.refresh_from_db()
    assert job.file == f"jobs/{job.pk}/ergebnis" and bucket.get(job.file) == b"1\n2\n3\n"
    client.force_login(ministry_user)
    download = client.get(f"/auftraege/{job.pk}/datei/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"1\n2\n3\n"
    bucket.delete(job.file)
    assert client.get(f"/auftraege/{job.pk}/datei/").status_code == 404

    session = {}
    token = staging.stage(session, filename="za.pdf", content=b"%PDF-1.7 Vorschau")
    assert f"import-staging/{token}" in bucket.keys()
    assert staging.fetch(session, token).content == b"%PDF-1.7 Vorschau"  # any web server
    bucket.put(f"import-staging/{token}", b"%PDF-1.7 anders")
    assert staging.fetch(session, token) is None  # changed behind our back: refused
    staging.discard(session, token)
    assert f"import-staging/{token}" not in bucket.keys()


def test_participant_uploads_go_to_the_bucket_and_old_ones_are_pruned(bucket):
    from aqb.monitoring.import_tasks import UPLOADS, upload_save, uploads_prune

    stored = upload_save(SimpleUploadedFile("liste.csv", b"a;b\n"), ".csv")
    assert bucket.get(f"{UPLOADS}/{stored}") == b"a;b\n"
    assert uploads_prune(7) == 0
    assert uploads_prune(-1) == 1 and bucket.keys() == []


def test_backup_and_restore_read_and_write_the_objects(db, bucket, tmp_path, monkeypatch):
    """The database part of backup/restore has its end-to-end test (aqb/ops/tests/
    test_backup.py); here the files: out of the bucket into the archive, back into it."""
    from aqb.ops import backup

    bucket.put("agreements/2025/za.pdf", b"%PDF-1.7 unterschrieben")
    bucket.put("tagungen/2025/t.pptx", b"PK folien")
    archive = tmp_path / "sicherung.tar.gz"
    manifest = backup.backup_create(output=archive)
    assert manifest.media_count == 2
    with tarfile.open(archive, "r:gz") as tar:
        assert tar.extractfile("media/agreements/2025/za.pdf").read() == \
            b"%PDF-1.7 unterschrieben"

    # restore into an "empty database" (the database steps are the other test's part)
    monkeypatch.setattr(backup, "_database_is_empty", lambda alias: True)
    monkeypatch.setattr(backup, "_restore_database", lambda *a: None)
    monkeypatch.setattr(backup, "_table_rows", lambda alias: manifest.rows)
    bucket.delete("agreements/2025/za.pdf")
    bucket.put("tagungen/2025/t.pptx", b"PK anders")
    with pytest.raises(backup.BackupError, match="im Objektspeicher schon mit anderem Inhalt"):
        backup.backup_restore(archive=archive)
    assert bucket.keys() == ["tagungen/2025/t.pptx"]  # nothing written

    bucket.put("tagungen/2025/t.pptx", b"PK folien")
    backup.backup_restore(archive=archive)
    assert bucket.keys() == ["agreements/2025/za.pdf", "tagungen/2025/t.pptx"]
    assert bucket.get("agreements/2025/za.pdf") == b"%PDF-1.7 unterschrieben"
    assert io.BytesIO(bucket.get("tagungen/2025/t.pptx")).read() == b"PK folien"
