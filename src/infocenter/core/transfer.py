"""Moving an installation to another database with its history (X-11): SQLite to PostgreSQL
when a company outgrows one machine (or back, for a rehearsal).

Every row of every table is copied with its id and its times to the microsecond, through the
models' own field conversions (booleans, JSON, times and decimals come out as the other database
stores them), so every audit hash computed on the old database holds on the new one; then the
sequences are set past the copied ids. The target is migrated first and must hold no data; the
copy is one transaction on it (foreign keys checked at its commit), so an interrupted transfer
leaves it migrated and empty. Afterwards the row counts are compared table by table and the
audit chains are recomputed on the target.

    infocenter transfer --to postgres://infocenter:…@127.0.0.1:5432/infocenter [--media-to DIR]
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, router, transaction
from django.db.migrations.executor import MigrationExecutor
from tqdm import tqdm

from . import backups

TARGET = "transfer_target"
BATCH = 2000


class TransferError(Exception):
    """A transfer refused or failed, with the reason for the operator."""


@dataclass
class TransferReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    mismatched: list[str] = field(default_factory=list)
    audit_output: str = ""
    audit_ok: bool = False

    @property
    def ok(self) -> bool:
        return not self.mismatched and self.audit_ok


def transfer(
    url: str,
    *,
    media_to: Path | None = None,
    progress: bool = False,
    echo: Callable[[str], None] = print,
) -> TransferReport:
    """Copy this installation's database (``default``) into the database at ``url``; with
    ``media_to``, copy the uploaded files there too."""
    source = connections["default"]
    target = open_target(url)
    try:
        if _same_database(source.settings_dict, target.settings_dict):
            raise TransferError("the target is this installation's own database")
        if pending := _unapplied(source):
            raise TransferError(
                f"this installation's database lacks {len(pending)} migration(s) of this version"
                f" ({', '.join(pending[:3])}…): run `infocenter migrate` first"
            )
        echo(f"migrating the target ({target.vendor})")
        call_command("migrate", database=TARGET, interactive=False, verbosity=0)
        if held := backups.installation_contents(target, media=False):
            listed = ", ".join(f"{k} {v}" for k, v in list(held.items())[:6])
            raise TransferError(f"the target database is not empty ({listed}…)")
        models = tables()
        with _times_as_stored():
            report = _copy(models, source, target, progress=progress, echo=echo)
        report.mismatched = _compare(models, source, target)
    finally:
        forget_target()
    if media_to is not None:
        report.files = _copy_media(Path(media_to), progress=progress)
    echo("verifying the audit chains on the target")
    done = subprocess.run(
        [sys.executable, "-m", "infocenter.cli", "audit", "verify"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    report.audit_output, report.audit_ok = (done.stdout + done.stderr).strip(), done.returncode == 0
    return report


def open_target(url: str):
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        raise TransferError(f"not a database URL: {error}") from error
    forget_target()
    connections.settings[TARGET] = connections.configure_settings({"default": config})["default"]
    target = connections[TARGET]
    try:
        target.ensure_connection()
    except Exception as error:
        forget_target()
        raise TransferError(f"cannot connect to the target: {error}") from error
    return target


def forget_target() -> None:
    """Close and drop the target's connection and its settings (a later transfer in the same
    process may name another database)."""
    if TARGET in connections.settings:
        connections[TARGET].close()
        del connections[TARGET]
        del connections.settings[TARGET]


def _same_database(a: dict, b: dict) -> bool:
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    return all(str(a.get(k) or "") == str(b.get(k) or "") for k in keys)


def _unapplied(connection) -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def tables() -> list:
    """Every concrete table: the apps' models and the many-to-many tables between them."""
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and router.allow_migrate_model(TARGET, m)
    ]


@contextlib.contextmanager
def _times_as_stored() -> Iterator[None]:
    """``auto_now``/``auto_now_add`` off while copying: a copied row keeps its own time."""
    fields = [
        f
        for m in tables()
        for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def _copy(models, source, target, *, progress: bool, echo) -> TransferReport:
    report = TransferReport()
    counts = {m: m._default_manager.using("default").count() for m in models}
    report.tables, report.rows = len(models), sum(counts.values())
    echo(f"copying {report.rows:,} row(s) of {report.tables} table(s)")
    with (
        transaction.atomic(using="default"),  # one consistent read of the source
        transaction.atomic(using=TARGET),  # all or nothing on the target
        tqdm(total=report.rows, unit="row", unit_scale=True, disable=not progress) as bar,
    ):
        _empty(models, target)  # what migrate's signals wrote (content types, permissions)
        for model in models:
            rows = model._base_manager.using("default").order_by("pk").iterator(chunk_size=BATCH)
            batch = []
            for row in rows:
                row._state.db = None
                batch.append(row)
                if len(batch) == BATCH:
                    model._base_manager.using(TARGET).bulk_create(batch)
                    bar.update(len(batch))
                    batch = []
            if batch:
                model._base_manager.using(TARGET).bulk_create(batch)
                bar.update(len(batch))
        with target.cursor() as cursor:
            for sql in target.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    return report


def _empty(models, target) -> None:
    tables = [m._meta.db_table for m in models]
    with target.cursor() as cursor:
        for sql in target.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(sql)


def _compare(models, source, target) -> list[str]:
    differ = []
    for model in models:
        a = model._base_manager.using("default").count()
        b = model._base_manager.using(TARGET).count()
        if a != b:
            differ.append(f"{model._meta.db_table} ({b} ≠ {a})")
    return differ


def _copy_media(to: Path, *, progress: bool) -> int:
    """The uploaded files into ``to`` (which must be empty or absent), each checked by its
    SHA-256 after the copy."""
    media = Path(settings.MEDIA_ROOT)
    if to.resolve() == media.resolve():
        return 0
    if to.exists() and any(to.iterdir()):
        raise TransferError(f"{to} is not empty: the files were not copied")
    files = [p for p in media.rglob("*") if p.is_file()] if media.is_dir() else []
    for path in tqdm(files, desc="files", unit="file", disable=not progress):
        out = to / path.relative_to(media)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, out)
        if backups.file_sha256(out) != backups.file_sha256(path):
            raise TransferError(f"{out} differs from {path} after copying")
    return len(files)
