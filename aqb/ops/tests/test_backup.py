"""Backup and restore: a real archive of a real database, restored into an empty one.

The end-to-end test runs the `aqb` command in subprocesses on the engine of this test run
(SQLite files, or two fresh databases on the PostgreSQL server of AQB_DATABASE_URL), with
demo data and a stored signed PDF, and compares every table row by row afterwards.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import CommandError, call_command

from aqb.ops.backup import BackupError, backup_create, backup_restore, read_manifest

AQB = str(Path(sys.executable).with_name("aqb"))
PG_URL = os.environ.get("AQB_DATABASE_URL", "")


def _aqb(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    full = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "aqb.settings.dev"}
    return subprocess.run([AQB, *args], env=full, capture_output=True, text=True, timeout=600)


def _ok(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


# --- two databases of the engine under test ----------------------------------------------

class SqliteDbs:
    def __init__(self, tmp: Path):
        self.tmp = tmp

    def url(self, name: str) -> str:
        return f"sqlite:///{self.tmp / (name + '.sqlite3')}"

    def rows(self, name: str) -> dict[str, list]:
        conn = sqlite3.connect(self.tmp / (name + ".sqlite3"))
        try:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
            return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
        finally:
            conn.close()

    def drop(self):
        pass


class PostgresDbs:
    def __init__(self, tmp: Path):
        import psycopg

        self.psycopg = psycopg
        self.base = urlsplit(PG_URL)
        self.suffix = f"{os.getpid()}"
        self.names = []
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            for name in ("src", "dst"):
                db = f"aqb_backup_{name}_{self.suffix}"
                conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
                conn.execute(f'CREATE DATABASE "{db}"')
                self.names.append(db)

    def url(self, name: str) -> str:
        return urlunsplit(self.base._replace(path=f"/aqb_backup_{name}_{self.suffix}"))

    def rows(self, name: str) -> dict[str, list]:
        with self.psycopg.connect(self.url(name)) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}

    def drop(self):
        with self.psycopg.connect(PG_URL, autocommit=True) as conn:
            for db in self.names:
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


@pytest.fixture
def dbs(tmp_path):
    d = PostgresDbs(tmp_path) if PG_URL.startswith("postgres") else SqliteDbs(tmp_path)
    yield d
    d.drop()


def test_backup_restores_to_an_identical_database_and_file_store(dbs, tmp_path):
    src = {"AQB_DATABASE_URL": dbs.url("src"), "AQB_VAR_DIR": str(tmp_path / "var-src"),
           "AQB_MEDIA_ROOT": str(tmp_path / "media-src")}
    dst = {"AQB_DATABASE_URL": dbs.url("dst"), "AQB_VAR_DIR": str(tmp_path / "var-dst"),
           "AQB_MEDIA_ROOT": str(tmp_path / "media-dst")}
    _ok(_aqb(src, "migrate", "--noinput", "-v", "0"))
    _ok(_aqb(src, "demo_load"))
    stored = sorted(p.relative_to(tmp_path / "media-src")
                    for p in (tmp_path / "media-src").rglob("*") if p.is_file())
    assert stored, "demo data store at least one signed PDF"

    archive = tmp_path / "aqb-sicherung.tar.gz"
    out = _ok(_aqb(src, "backup", "--output", str(archive), "--quiet"))
    assert "Sicherung geschrieben" in out
    manifest = read_manifest(archive)
    assert manifest.audit_head["seq"] > 0
    assert manifest.media_count == len(stored)

    out = _ok(_aqb(dst, "restore", str(archive)))
    assert "Zurückgespielt" in out and "audit_verify" in out
    assert "Kette vollständig" in _ok(_aqb(dst, "audit_verify"))

    assert dbs.rows("dst") == dbs.rows("src")
    for rel in stored:
        assert (tmp_path / "media-dst" / rel).read_bytes() == \
            (tmp_path / "media-src" / rel).read_bytes()

    # A second restore into the now filled database is refused and changes nothing.
    before = dbs.rows("dst")
    proc = _aqb(dst, "restore", str(archive))
    assert proc.returncode != 0
    assert "Zieldatenbank ist nicht leer" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert dbs.rows("dst") == before


# --- refusals, in process on the test database ------------------------------------------

@pytest.fixture
def archive(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "agreements").mkdir(parents=True)
    (tmp_path / "media" / "agreements" / "signiert.pdf").write_bytes(b"%PDF-1.7 Inhalt")
    path = tmp_path / "sicherung.tar.gz"
    backup_create(output=path)
    return path


def _rewrite(src: Path, dst: Path, change) -> Path:
    """Copy an archive member by member, letting `change(name, data)` alter or add members."""
    with tarfile.open(src, "r:gz") as tin, tarfile.open(dst, "w:gz") as tout:
        for m in tin:
            data = tin.extractfile(m).read()
            for name, new in change(m.name, data):
                info = tarfile.TarInfo(name)
                info.size = len(new)
                tout.addfile(info, io.BytesIO(new))
    return dst


def test_the_archive_lists_every_member_with_its_checksum(archive):
    manifest = read_manifest(archive)
    assert "media/agreements/signiert.pdf" in manifest.files
    assert any(m.startswith("database/") for m in manifest.files)
    assert manifest.rows["regions_region"] == 26


def test_it_refuses_an_existing_output_file(archive):
    with pytest.raises(BackupError, match="gibt es schon"):
        backup_create(output=archive)


def test_it_refuses_a_damaged_member_before_writing_anything(archive, tmp_path):
    bad = _rewrite(archive, tmp_path / "kaputt.tar.gz", lambda n, d: [
        (n, d.replace(b"Inhalt", b"Anders") if n.endswith(".pdf") else d)])
    with pytest.raises(BackupError, match="Prüfsumme stimmt nicht: media/agreements/signiert.pdf"):
        backup_restore(archive=bad)


def test_it_refuses_paths_outside_the_store(archive, tmp_path):
    def add_evil(name, data):
        yield name, data
        if name == "manifest.json":
            yield "../../etc/evil", b"x"

    bad = _rewrite(archive, tmp_path / "boese.tar.gz", add_evil)
    with pytest.raises(BackupError, match="unzulässigen Pfad: ../../etc/evil"):
        backup_restore(archive=bad)
    assert not (tmp_path.parent.parent / "etc" / "evil").exists()


def test_it_refuses_an_archive_of_the_other_engine(archive, tmp_path):
    def other_engine(name, data):
        if name == "manifest.json":
            raw = json.loads(data)
            raw["engine"] = "postgresql" if raw["engine"] == "sqlite" else "sqlite"
            data = json.dumps(raw).encode()
        yield name, data

    bad = _rewrite(archive, tmp_path / "andere.tar.gz", other_engine)
    with pytest.raises(BackupError, match="Bitte in eine Datenbank desselben Typs"):
        backup_restore(archive=bad)


def test_it_refuses_a_file_that_is_no_backup(db, tmp_path):
    not_tar = tmp_path / "notiz.tar.gz"
    not_tar.write_text("keine Sicherung")
    with pytest.raises(BackupError, match="notiz.tar.gz ist keine lesbare AQB-Sicherung"):
        backup_restore(archive=not_tar)


def test_it_restores_only_into_an_empty_database(archive):
    with pytest.raises(CommandError, match="Zieldatenbank ist nicht leer"):
        call_command("restore", str(archive))
