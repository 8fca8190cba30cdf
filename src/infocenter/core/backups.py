"""Backup and restore of a whole installation (X-11): the database and the uploaded files in one
archive, with a manifest and checksums; a restore that checks everything before it touches
anything, refuses a non-empty installation unless told, and proves itself with the row counts,
the files and the audit chains.

The archive is a plain tar (``infocenter-YYYYMMDD-HHMMSS.tar``, local time) holding, in order:

* ``manifest.json``: format, version, when, the database's vendor, its applied migrations, the
  row count of every table, and the size and SHA-256 of every other member;
* ``database.sqlite3.gz`` (SQLite's online backup of a consistent snapshot, gzipped) or
  ``database.pgdump`` (``pg_dump`` custom format, compressed by itself, of an exported
  snapshot whose row counts are the manifest's);
* ``media/…``: the uploaded files (photos, signatures, documents).

It is written to ``<name>.partial`` and renamed when whole: an interrupted backup leaves no
archive. A restore unpacks into a staging folder beside the media and verifies every checksum
before it replaces the database (in one transaction on PostgreSQL; SQLite's backup API in one
step) and swaps the media folder in by renaming.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from tqdm import tqdm

import infocenter

from . import audit, health
from .models import BackupRun, WorkerBeat

log = logging.getLogger("infocenter.backup")

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3.gz"
PG_MEMBER = "database.pgdump"
MEDIA = "media"
PREFIX, SUFFIX = "infocenter-", ".tar"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed, with the reason for the operator."""


@dataclass
class RestoreReport:
    archive: Path
    tables: int = 0
    rows: int = 0
    files: int = 0
    migrated: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)  # tables whose counts differ
    missing_files: list[str] = field(default_factory=list)
    chains: list[audit.ChainReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatched and not self.missing_files and all(c.ok for c in self.chains)


# -- creating -----------------------------------------------------------------------------------


def folder() -> Path:
    return Path(settings.BACKUP_DIR)


def archive_name(at: dt.datetime | None = None) -> str:
    return f"{PREFIX}{timezone.localtime(at or timezone.now()):%Y%m%d-%H%M%S}{SUFFIX}"


def create(
    target: Path | None = None,
    *,
    kind: str = BackupRun.Kind.MANUAL,
    night: dt.date | None = None,
    progress: bool = False,
) -> BackupRun:
    """Write one archive into ``target`` (default ``BACKUP_DIR``) and record the run. A nightly
    run is claimed by its ``night`` first (unique), so a second worker gets ``None`` back from
    ``claim_night`` and never arrives here twice for one night."""
    run = BackupRun.objects.create(kind=kind, night=night, started_at=timezone.now())
    return _make(run, target, progress=progress)


def _make(run: BackupRun, target: Path | None, *, progress: bool) -> BackupRun:
    target = Path(target or folder())
    try:
        path = write_archive(target, progress=progress, run=run.pk)
    except BaseException as error:  # recorded, then raised (Ctrl+C included)
        run.state, run.error = BackupRun.State.FAILED, str(error) or type(error).__name__
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "error", "finished_at"])
        raise
    run.state, run.archive, run.finished_at = BackupRun.State.DONE, path.name, timezone.now()
    run.size, run.sha256 = path.stat().st_size, file_sha256(path)
    run.save(update_fields=["state", "archive", "finished_at", "size", "sha256"])
    return run


def write_archive(target: Path, *, progress: bool = False, run: int | None = None) -> Path:
    """The archive of this installation in ``target``; its path. Nothing is left behind when it
    fails or is interrupted. ``run``: the ``BackupRun`` recording it, which the snapshot holds
    as still running; a restore marks it done."""
    target.mkdir(parents=True, exist_ok=True)
    path = target / archive_name()
    partial = path.with_name(path.name + ".partial")
    staging = Path(tempfile.mkdtemp(prefix=".backup-", dir=target))
    try:
        manifest = _dump_database(staging, progress=progress)
        manifest["files"] = _media_files(progress=progress)
        manifest["run"] = run
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            member = manifest["database"]["member"]
            tar.add(staging / member, arcname=member)
            media = Path(settings.MEDIA_ROOT)
            for item in tqdm(manifest["files"], desc="files", unit="file", disable=not progress):
                tar.add(media / item["path"], arcname=f"{MEDIA}/{item['path']}")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return path


def _dump_database(staging: Path, *, progress: bool) -> dict:
    vendor = connection.vendor
    if vendor == "sqlite":
        counts, migrations = _sqlite_snapshot(staging, progress=progress)
        member = SQLITE_MEMBER
    elif vendor == "postgresql":
        counts, migrations = _pg_dump(staging / PG_MEMBER, progress=progress)
        member = PG_MEMBER
    else:
        raise BackupError(f"no backup for a {vendor} database")
    return {
        "format": FORMAT,
        "application": "infocenter",
        "version": infocenter.__version__,
        "created_at": timezone.localtime().isoformat(),
        "database": {
            "vendor": vendor,
            "member": member,
            "size": (staging / member).stat().st_size,
            "sha256": file_sha256(staging / member),
            "tables": counts,
            "migrations": migrations,
        },
    }


def _sqlite_snapshot(staging: Path, *, progress: bool) -> tuple[dict, list]:
    """SQLite's online backup in one step (one read transaction: a consistent snapshot while
    the writers go on, in WAL mode), then gzipped; counts read from the copy."""
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = staging / "database.sqlite3"
    target = sqlite3.connect(copy)
    try:
        with target:
            source.backup(target)
        counts, migrations = _sqlite_contents(target)
    finally:
        target.close()
        source.close()
    size = copy.stat().st_size
    with (
        copy.open("rb") as raw,
        gzip.open(staging / SQLITE_MEMBER, "wb", compresslevel=6) as packed,
        tqdm(total=size, desc="database", unit="B", unit_scale=True, disable=not progress) as bar,
    ):
        while chunk := raw.read(CHUNK):
            packed.write(chunk)
            bar.update(len(chunk))
    copy.unlink()
    return counts, migrations


def _sqlite_contents(db: sqlite3.Connection) -> tuple[dict, list]:
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    counts = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    migrations = (
        sorted(db.execute("SELECT app, name FROM django_migrations"))
        if "django_migrations" in counts
        else []
    )
    return counts, [list(m) for m in migrations]


def _pg_dump(path: Path, *, progress: bool) -> tuple[dict, list]:
    """``pg_dump`` of a snapshot exported by a repeatable-read transaction that also counts
    the rows, so the manifest's counts are the dump's."""
    with psycopg.connect(**_pg_params()) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        migrations = [
            list(r) for r in conn.execute("SELECT app, name FROM django_migrations ORDER BY 1, 2")
        ]
        with _spinner("database", progress):
            _run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--no-owner"]
                + ["--no-privileges", "--schema=public", f"--file={path}"]
            )
        conn.execute("COMMIT")
    return counts, migrations


def _media_files(*, progress: bool) -> list[dict]:
    media = Path(settings.MEDIA_ROOT)
    if not media.is_dir():
        return []
    paths = sorted(p for p in media.rglob("*") if p.is_file() and not p.is_symlink())
    return [
        {
            "path": p.relative_to(media).as_posix(),
            "size": p.stat().st_size,
            "sha256": file_sha256(p),
        }
        for p in tqdm(paths, desc="checksums", unit="file", disable=not progress)
    ]


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
    tar.addfile(info, io.BytesIO(data))


# -- retention and the nightly run ---------------------------------------------------------------


def archives(target: Path | None = None) -> list[Path]:
    """This installation's archives in ``target``, newest first (by the time in the name)."""
    target = Path(target or folder())
    if not target.is_dir():
        return []
    found = [p for p in target.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def prune(keep: int, target: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` archives; the deleted paths. ``keep`` < 1 keeps all."""
    if keep < 1:
        return []
    old = archives(target)[keep:]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def night_of(now: dt.datetime) -> dt.date:
    """The night whose backup is due at ``now``: today's once ``BACKUP_AT`` (local) has passed,
    else yesterday's."""
    local = timezone.localtime(now)
    hour, minute = (int(x) for x in settings.BACKUP_AT.split(":"))
    today = local.date()
    at = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return today if local >= at else today - dt.timedelta(days=1)


def claim_night(now: dt.datetime, worker: str = "") -> BackupRun | None:
    """The nightly run due at ``now``, claimed for ``worker`` (its ``WorkerBeat`` name);
    ``None`` when nightly backups are off or the night's run exists already (done, failed, or
    being made by a worker that is alive). A run left running by a worker that stopped (killed
    half-way: its heartbeat is gone or older than ``health.worker_stale_seconds()``) is taken
    over and made again."""
    if not settings.BACKUP_NIGHTLY:
        return None
    night = night_of(now)
    found = BackupRun.objects.filter(night=night).first()
    if found is not None:
        return _take_over(found, now, worker)
    try:
        with transaction.atomic():
            return BackupRun.objects.create(
                kind=BackupRun.Kind.NIGHTLY, night=night, started_at=timezone.now(), worker=worker
            )
    except IntegrityError:  # another worker claimed it between our look and our insert
        return None


def _take_over(run: BackupRun, now: dt.datetime, worker: str) -> BackupRun | None:
    if run.state != BackupRun.State.RUNNING or not run.worker:
        return None  # done, failed, or claimed before runs carried their worker's name
    alive = now - dt.timedelta(seconds=health.worker_stale_seconds())
    if WorkerBeat.objects.filter(name=run.worker, beat_at__gte=alive).exists():
        return None  # its worker is still making it
    # one UPDATE: of two workers taking it over at once, one does
    taken = BackupRun.objects.filter(
        pk=run.pk, state=BackupRun.State.RUNNING, worker=run.worker
    ).update(worker=worker, started_at=timezone.now())
    if not taken:
        return None
    log.warning("nightly backup %s: its worker %s stopped; made again", run.night, run.worker)
    return BackupRun.objects.get(pk=run.pk)


def run_claimed(run: BackupRun) -> BackupRun:
    """Make the claimed nightly archive, then keep only the newest ``BACKUP_KEEP``."""
    run = _make(run, None, progress=False)
    removed = prune(settings.BACKUP_KEEP)
    log.info("backup %s written (%s bytes); %s old archive(s) removed", run, run.size, len(removed))
    return run


# -- restoring -----------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST:
                raise BackupError(f"{archive} is not an Infocenter backup (no manifest first)")
            manifest = json.loads(tar.extractfile(first).read())
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(f"{archive} cannot be read: {error}") from error
    if manifest.get("application") != "infocenter" or "database" not in manifest:
        raise BackupError(f"{archive} is not an Infocenter backup")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive} has backup format {manifest.get('format')}; this version reads {FORMAT}"
        )
    return manifest


def installation_contents(database=None, *, media: bool = True) -> dict[str, int]:
    """What an installation holds that a restore or a transfer would replace: non-empty tables
    of the project (not Django's own bookkeeping) and, with ``media``, the uploaded files.
    Empty when fresh. ``database``: a connection (default ``connection``)."""
    database = database or connection
    found = {}
    with database.cursor() as cursor:
        for table in sorted(database.introspection.table_names()):
            if table.startswith(("django_", "auth_", "axes_")):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {database.ops.quote_name(table)}")
            if rows := cursor.fetchone()[0]:
                found[table] = rows
    folder = Path(settings.MEDIA_ROOT)
    if media and folder.is_dir() and (files := sum(1 for p in folder.rglob("*") if p.is_file())):
        found["uploaded files"] = files
    return found


def restore(
    archive: Path,
    *,
    force: bool = False,
    progress: bool = False,
    echo: Callable[[str], None] = print,
) -> RestoreReport:
    """Replace this installation's database and files with the archive's, then migrate it to
    this version and verify it. Refused, with nothing changed, when the archive is damaged,
    of another database kind or a newer version, or when the installation holds data and not
    ``force``."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    database = manifest["database"]
    if database["vendor"] != connection.vendor:
        raise BackupError(
            f"this backup is of a {database['vendor']} database and this installation uses"
            f" {connection.vendor}: restore it where it was made, then move it with"
            " `infocenter transfer`"
        )
    unknown = _unknown_migrations(database["migrations"])
    if unknown:
        raise BackupError(
            "this backup was made by a newer version of Infocenter (migrations this version does"
            f" not have: {', '.join(unknown[:5])}); restore it with that version or newer"
        )
    if not force and (held := installation_contents()):
        listed = ", ".join(f"{k} {v}" for k, v in list(held.items())[:6])
        raise BackupError(
            f"this installation is not empty ({listed}…); restore with --force to replace it"
        )
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media.parent))
    try:
        echo(f"checking {archive.name} ({manifest['created_at']})")
        _unpack(archive, manifest, staging, progress=progress)
        echo("replacing the database")
        connections.close_all()
        with _spinner("database", progress):
            if connection.vendor == "sqlite":
                _sqlite_restore(staging / "database.sqlite3")
            else:
                _pg_restore(staging / PG_MEMBER)
        echo("replacing the uploaded files")
        _swap_media(staging / MEDIA, media)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    connections.close_all()
    return _verify(archive, manifest, echo=echo)


def _unknown_migrations(applied: list) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    project = {app for app, _ in known}
    return [f"{a}.{n}" for a, n in applied if a in project and (a, n) not in known]


def _unpack(archive: Path, manifest: dict, staging: Path, *, progress: bool) -> None:
    """Every member into ``staging`` (the database un-gzipped, media under ``media/``), each
    checked against the manifest; anything damaged, missing or unexpected refuses."""
    database = manifest["database"]
    expected = {database["member"]: (database["size"], database["sha256"])}
    expected |= {f"{MEDIA}/{f['path']}": (f["size"], f["sha256"]) for f in manifest["files"]}
    seen = set()
    (staging / MEDIA).mkdir()
    total = sum(size for size, _ in expected.values())
    with (
        tarfile.open(archive, "r:") as tar,
        tqdm(total=total, desc="checking", unit="B", unit_scale=True, disable=not progress) as bar,
    ):
        for member in tar:
            if member.name == MANIFEST:
                continue
            name = _safe_name(member)
            if name not in expected:
                raise BackupError(f"the archive holds {name!r}, which its manifest does not list")
            out = staging / name
            out.parent.mkdir(parents=True, exist_ok=True)
            digest, size = _copy_member(tar.extractfile(member), out, bar)
            if (size, digest) != expected[name]:
                raise BackupError(f"{name} is damaged (its checksum does not match the manifest)")
            seen.add(name)
    if missing := sorted(set(expected) - seen):
        raise BackupError(f"the archive lacks {len(missing)} member(s): {', '.join(missing[:5])}")
    if database["member"] == SQLITE_MEMBER:
        with (
            gzip.open(staging / SQLITE_MEMBER, "rb") as packed,
            (staging / "database.sqlite3").open("wb") as out,
        ):
            shutil.copyfileobj(packed, out, CHUNK)
        (staging / SQLITE_MEMBER).unlink()


def _safe_name(member: tarfile.TarInfo) -> str:
    path = PurePosixPath(member.name)
    if not member.isfile() or path.is_absolute() or ".." in path.parts:
        raise BackupError(f"the archive holds an unsafe entry {member.name!r}")
    return path.as_posix()


def _copy_member(source, out: Path, bar) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with out.open("wb") as sink:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            sink.write(chunk)
            size += len(chunk)
            bar.update(len(chunk))
    return digest.hexdigest(), size


def _sqlite_restore(copy: Path) -> None:
    """The copy into the installation's database file with SQLite's backup API in one step:
    one write transaction, so a failure leaves the old database as it was."""
    path = Path(connection.settings_dict["NAME"])
    path.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(copy), sqlite3.connect(path, timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _pg_restore(dump: Path) -> None:
    """The public schema dropped and the dump's (which creates it: ``pg_dump --schema=public``)
    loaded in one transaction (``psql -1``), so a failure or an interruption leaves the old
    database as it was."""
    env = _pg_env()
    script = subprocess.Popen(
        ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    load = subprocess.run(
        ["psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-o", os.devnull]
        + ["-c", "DROP SCHEMA public CASCADE", "-f", "-"],
        stdin=script.stdout,
        capture_output=True,
        env=env,
    )
    script.stdout.close()
    made = script.wait()
    if made or load.returncode:
        reason = (script.stderr.read() + load.stderr).decode(errors="replace").strip()
        raise BackupError(f"PostgreSQL refused the restore; nothing was changed: {reason[-800:]}")


def _swap_media(new: Path, media: Path) -> None:
    """The restored files take the media folder's place by renaming (same file system)."""
    old = media.with_name(media.name + ".replaced")
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        media.rename(old)
    new.rename(media)
    shutil.rmtree(old, ignore_errors=True)


def _verify(archive: Path, manifest: dict, *, echo: Callable[[str], None]) -> RestoreReport:
    """Row counts against the manifest, the files against their checksums, this version's
    migrations applied, and every audit chain recomputed."""
    report = RestoreReport(archive)
    expected = manifest["database"]["tables"]
    actual = _table_counts()
    report.tables, report.rows = len(expected), sum(expected.values())
    report.mismatched = sorted(
        f"{t} ({actual.get(t)} ≠ {n})" for t, n in expected.items() if actual.get(t) != n
    )
    media = Path(settings.MEDIA_ROOT)
    for item in manifest["files"]:
        path = media / item["path"]
        if not path.is_file() or file_sha256(path) != item["sha256"]:
            report.missing_files.append(item["path"])
    report.files = len(manifest["files"]) - len(report.missing_files)
    pending = _unapplied()
    if pending:
        echo(f"applying {len(pending)} migration(s) of this version")
        call_command("migrate", interactive=False, verbosity=0)
        report.migrated = pending
    report.chains = audit.verify_chains()
    if manifest.get("run"):  # the snapshot was taken while its own run was recorded as running
        BackupRun.objects.filter(pk=manifest["run"], state=BackupRun.State.RUNNING).update(
            state=BackupRun.State.DONE,
            archive=archive.name,
            size=archive.stat().st_size,
            sha256=file_sha256(archive),
            finished_at=timezone.now(),
        )
    return report


def _table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _unapplied() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


# -- helpers -------------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_params() -> dict:
    s = connection.settings_dict
    params = {"dbname": s["NAME"], "user": s.get("USER") or None, "password": s.get("PASSWORD")}
    params |= {"host": s.get("HOST") or None, "port": s.get("PORT") or None}
    if sslmode := s.get("OPTIONS", {}).get("sslmode"):
        params["sslmode"] = sslmode
    return {k: v for k, v in params.items() if v}


def _pg_env() -> dict:
    """The libpq variables that point ``pg_dump``, ``pg_restore`` and ``psql`` at our database
    (the password never on a command line)."""
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD"}
    names |= {"host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE"}
    return {**os.environ, **{names[k]: str(v) for k, v in _pg_params().items()}}


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, env=_pg_env())
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.decode(errors='replace')[-800:]}")


@contextlib.contextmanager
def _spinner(label: str, on: bool) -> Iterator[None]:
    """A one-step bar for a phase whose progress cannot be measured (the dump, the load)."""
    with tqdm(total=1, desc=label, disable=not on, bar_format="{desc}: {elapsed}") as bar:
        yield
        bar.update(1)
