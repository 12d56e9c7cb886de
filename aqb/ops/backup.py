"""One consistent archive of the database and all stored files, and its restore.

An archive is a gzip-compressed tar file:

    manifest.json          format, time, engine, migrations, audit head, every member's SHA-256
    database/aqb.sqlite3   SQLite: a snapshot through SQLite's online backup API
    database/aqb.pgdump    PostgreSQL: pg_dump in its custom format
    media/...              every stored file (signed agreements, scans, uploads)

The files come from Django's default storage: the local directory AQB_MEDIA_ROOT, or an
S3-compatible object storage (AQB_STORAGE_URL), whose objects are read and written through
the storage API (a restore writes each object under its own name, never over another one).

The database is copied first, then the files. Stored files are never changed or deleted once
written (signed records), so every file a row of the snapshot names is in the archive.
A restore goes only into an empty database, checks every checksum before it writes anything,
and refuses an archive of the other engine (see docs/operations.md).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/aqb.sqlite3"
PG_MEMBER = "database/aqb.pgdump"
ENGINES = {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A German message for the operator; nothing was written."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    files: dict[str, str] = field(default_factory=dict)  # member -> sha256
    migrations: list[str] = field(default_factory=list)
    audit_head: dict | None = None
    rows: dict[str, int] = field(default_factory=dict)
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True).encode()

    @property
    def media_count(self) -> int:
        return sum(1 for m in self.files if m.startswith("media/"))


def _engine(alias: str) -> str:
    engine = connections[alias].settings_dict["ENGINE"]
    try:
        return ENGINES[engine]
    except KeyError:
        raise BackupError(
            f"Datenbanktyp {engine} wird für Sicherungen nicht unterstützt.") from None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path


def storage_is_local() -> bool:
    """Stored files lie on this machine's file system under AQB_MEDIA_ROOT."""
    return isinstance(default_storage, FileSystemStorage)  # the lazy object passes isinstance


def _storage_names(folder: str = "") -> Iterator[str]:
    """Every file in the default storage, sorted, as storage names (`a/b/c.pdf`)."""
    dirs, files = default_storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(dirs):
        yield from _storage_names(f"{folder}/{sub}" if folder else sub)


def _storage_download(tmp_dir: Path) -> list[tuple[str, Path]]:
    """Copy every object of the (remote) default storage into `tmp_dir`; (name, copy) pairs."""
    out = []
    for name in _storage_names():
        rel = _safe_member(name)
        local = tmp_dir / "media" / rel
        local.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as src, local.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        out.append((rel.as_posix(), local))
    return out


def _storage_sha256(name: str) -> str | None:
    try:
        fh = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        return None
    h = hashlib.sha256()
    with fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: from AQB_PG_BIN, the PATH, or Debian's newest cluster binaries."""
    configured = os.environ.get("AQB_PG_BIN")
    if configured:
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                        else 0)
    if candidates:
        return str(candidates[-1])
    raise BackupError(f"Das PostgreSQL-Programm {name} wurde nicht gefunden "
                      "(Paket postgresql-client installieren oder AQB_PG_BIN setzen).")


def _pg_env(alias: str) -> tuple[dict[str, str], str]:
    s = connections[alias].settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD")):
        if s.get(key):
            env[var] = str(s[key])
    return env, s["NAME"]


def _run(cmd: list[str], env: dict[str, str], what: str) -> None:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        last = detail[-1] if detail else f"Rückgabewert {proc.returncode}"
        raise BackupError(f"{what} ist fehlgeschlagen: {last}")


def _table_rows(alias: str) -> dict[str, int]:
    conn = connections[alias]
    out = {}
    with conn.cursor() as cur:
        for table in sorted(conn.introspection.table_names(cur)):
            cur.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")
            out[table] = cur.fetchone()[0]
    return out


def _applied_migrations(alias: str) -> list[str]:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _audit_head(alias: str) -> dict | None:
    from aqb.audit.models import AuditHead

    head = AuditHead.objects.using(alias).filter(pk=1).values("seq", "hash").first()
    return dict(head) if head else None


def backup_create(*, output: Path, alias: str = "default", media_root: Path | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Manifest:
    """Write the archive to `output` (atomically: a temporary file renamed at the end)."""
    engine = _engine(alias)
    remote = media_root is None and not storage_is_local()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    output = Path(output)
    if output.exists():
        raise BackupError(f"Die Datei {output} gibt es schon; bitte einen neuen Namen wählen.")
    if not output.parent.is_dir():
        raise BackupError(f"Das Verzeichnis {output.parent} gibt es nicht.")
    with tempfile.TemporaryDirectory(prefix="aqb-backup-", dir=output.parent) as tmp:
        tmp_dir = Path(tmp)
        conn = connections[alias]
        if engine == "sqlite":
            db_file = tmp_dir / "aqb.sqlite3"
            conn.ensure_connection()
            target = sqlite3.connect(db_file)
            try:
                conn.connection.backup(target)  # one consistent snapshot, also while in use
            finally:
                target.close()
            member = SQLITE_MEMBER
        else:
            db_file = tmp_dir / "aqb.pgdump"
            env, name = _pg_env(alias)
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={db_file}", name], env, "pg_dump")
            member = PG_MEMBER
        manifest = Manifest(
            engine=engine,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            migrations=_applied_migrations(alias),
            audit_head=_audit_head(alias),
            rows=_table_rows(alias),
        )
        manifest.files[member] = _sha256(db_file)
        if remote:
            media = _storage_download(tmp_dir)
        else:
            media = [(p.relative_to(media_root).as_posix(), p) for p in _media_files(media_root)]
        for rel, path in media:
            manifest.files["media/" + rel] = _sha256(path)
        partial = tmp_dir / "archive.tar.gz"
        total = len(media) + 1
        with tarfile.open(partial, "w:gz") as tar:
            data = manifest.to_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=member, recursive=False)
            if progress:
                progress(1, total)
            for i, (rel, path) in enumerate(media, start=2):
                tar.add(path, arcname="media/" + rel, recursive=False)
                if progress:
                    progress(i, total)
        partial.replace(output)
    return manifest


def _safe_member(name: str) -> PurePosixPath:
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise BackupError(f"Die Sicherung enthält einen unzulässigen Pfad: {name}")
    return p


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST:
                raise BackupError(f"{archive.name} ist keine AQB-Sicherung (manifest.json fehlt).")
            raw = json.loads(tar.extractfile(first).read())
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError) as exc:
        if isinstance(exc, BackupError):
            raise
        raise BackupError(f"{archive.name} ist keine lesbare AQB-Sicherung.") from None
    if raw.get("format") != FORMAT:
        raise BackupError(f"{archive.name} hat das Format {raw.get('format')}; "
                          f"gelesen wird Format {FORMAT}.")
    return Manifest(**raw)


def _database_is_empty(alias: str) -> bool:
    conn = connections[alias]
    with conn.cursor() as cur:
        return not conn.introspection.table_names(cur)


def backup_restore(*, archive: Path, alias: str = "default",
                   media_root: Path | None = None) -> Manifest:
    """Restore an archive into an empty database and the file store.

    Everything is checked (format, engine, checksums, empty target, no file would be
    overwritten with other content) before anything is written; afterwards the row count of
    every table is compared with the manifest.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Die Datei {archive} gibt es nicht.")
    manifest = read_manifest(archive)
    engine = _engine(alias)
    if manifest.engine != engine:
        raise BackupError(
            f"Die Sicherung stammt aus einer {ENGINE_NAMES[manifest.engine]}-Datenbank, das Ziel "
            f"ist {ENGINE_NAMES[engine]}. Bitte in eine Datenbank desselben Typs zurückspielen.")
    remote = media_root is None and not storage_is_local()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="aqb-restore-") as tmp:
        tmp_dir = Path(tmp)
        seen: set[str] = set()
        try:
            with tarfile.open(archive, "r:gz") as tar:
                for member in tar:
                    if member.name == MANIFEST:
                        continue
                    rel = _safe_member(member.name)
                    if not member.isfile() or member.name not in manifest.files:
                        raise BackupError(f"Die Sicherung enthält einen unerwarteten Eintrag: "
                                          f"{member.name}")
                    dest = tmp_dir / rel
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as src, dest.open("wb") as out:
                        shutil.copyfileobj(src, out)
                    if _sha256(dest) != manifest.files[member.name]:
                        raise BackupError(f"Prüfsumme stimmt nicht: {member.name}. Die Sicherung "
                                          "ist beschädigt; es wurde nichts zurückgespielt.")
                    seen.add(member.name)
        except (tarfile.TarError, EOFError, OSError) as exc:
            kind = type(exc).__name__
            raise BackupError(f"{archive.name} ist unvollständig oder beschädigt ({kind}); "
                              "es wurde nichts zurückgespielt.") from None
        missing = sorted(set(manifest.files) - seen)
        if missing:
            raise BackupError(f"In der Sicherung fehlt {missing[0]}; es wurde nichts "
                              "zurückgespielt.")
        if not _database_is_empty(alias):
            raise BackupError("Die Zieldatenbank ist nicht leer. Zurückgespielt wird nur in "
                              "eine leere Datenbank (neu anlegen, nicht migrieren).")
        media = [m for m in manifest.files if m.startswith("media/")]
        present: set[str] = set()
        for m in media:
            if remote:
                name = PurePosixPath(m).relative_to("media").as_posix()
                digest = _storage_sha256(name)
                if digest is not None and digest != manifest.files[m]:
                    raise BackupError(f"Die Datei {name} gibt es im Objektspeicher schon mit "
                                      "anderem Inhalt; es wurde nichts zurückgespielt.")
                if digest is not None:
                    present.add(m)
                continue
            target = media_root / PurePosixPath(m).relative_to("media")
            if target.exists() and _sha256(target) != manifest.files[m]:
                raise BackupError(f"Die Datei {target} gibt es schon mit anderem Inhalt; es "
                                  "wurde nichts zurückgespielt.")
        _restore_database(alias, engine, tmp_dir)
        for m in media:
            if remote:
                if m not in present:
                    name = PurePosixPath(m).relative_to("media").as_posix()
                    with (tmp_dir / m).open("rb") as fh:
                        stored = default_storage.save(name, File(fh, name=name))
                    if stored != name:
                        raise BackupError(f"Die Datei {name} wurde im Objektspeicher unter "
                                          f"{stored} abgelegt; bitte prüfen.")
                continue
            target = media_root / PurePosixPath(m).relative_to("media")
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shutil.copy2(tmp_dir / m, target)
    restored = _table_rows(alias)
    differing = sorted(t for t in set(restored) | set(manifest.rows)
                       if restored.get(t) != manifest.rows.get(t))
    if differing:
        t = differing[0]
        raise BackupError(f"Nach dem Zurückspielen stimmt die Tabelle {t} nicht mit der Sicherung "
                          f"überein ({restored.get(t, 0)} statt {manifest.rows.get(t, 0)} Zeilen).")
    return manifest


def _restore_database(alias: str, engine: str, tmp_dir: Path) -> None:
    conn = connections[alias]
    if engine == "sqlite":
        source = sqlite3.connect(tmp_dir / SQLITE_MEMBER)
        try:
            conn.ensure_connection()
            source.backup(conn.connection)
        finally:
            source.close()
        conn.close()  # the next query sees the restored schema on a fresh connection
    else:
        env, name = _pg_env(alias)
        conn.close()
        _run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", f"--dbname={name}", str(tmp_dir / PG_MEMBER)],
             env, "pg_restore")
