"""X-11: an installation moved to another database with its history: every row with its id and
times to the microsecond, the files, sequences that carry on, and audit chains that still
verify (the dumpdata route recomputes nothing but breaks every hash). SQLite moves to
PostgreSQL; on the PostgreSQL run the same code moves it to a SQLite file."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from infocenter import cli
from infocenter.core import backups, transfer
from infocenter.core.models import AuditEvent

from .test_x11_backups import installation  # noqa: F401 - a fixture used by name

SERVER = os.environ.get("INFOCENTER_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(autouse=True)
def _target_allowed(db, monkeypatch, django_db_blocker):
    """Django's test case refuses connections to databases it was not told of; the transfer's
    target is one it cannot be told of (it is not in the settings), so it is let through."""
    patched = BaseDatabaseWrapper.ensure_connection

    def ensure_connection(self, *args, **kwargs):
        real = (
            django_db_blocker._real_ensure_connection if self.alias == transfer.TARGET else patched
        )
        return real(self, *args, **kwargs)

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", ensure_connection)


def _postgres():
    try:
        return psycopg.connect(SERVER, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL server to move to at {SERVER}: {error}")


def _on_sqlite() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """An empty database of the other kind, migrated once (a migration run costs 20 s): a
    PostgreSQL template database under SQLite, a SQLite file under PostgreSQL. Each test's
    target is a fresh copy; the transfer's own migrate finds nothing left to do."""
    if _on_sqlite():
        name = f"infocenter_transfer_tpl_{uuid.uuid4().hex[:12]}"
        server = _postgres()
        server.execute(f'CREATE DATABASE "{name}"')
        url = SERVER.rsplit("/", 1)[0] + "/" + name
    else:
        server, name = None, tmp_path_factory.mktemp("transfer") / "template.sqlite3"
        url = f"sqlite:///{name}"
    subprocess.run(
        [sys.executable, "-m", "infocenter.cli", "migrate", "-v", "0"],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    yield name
    if server is not None:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


@pytest.fixture
def target_url(migrated_template, tmp_path):
    if not _on_sqlite():
        copy = tmp_path / "moved.sqlite3"
        shutil.copyfile(migrated_template, copy)
        yield f"sqlite:///{copy}"
        return
    name = f"infocenter_transfer_{uuid.uuid4().hex[:12]}"
    server = _postgres()
    server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_template}"')
    try:
        yield SERVER.rsplit("/", 1)[0] + "/" + name
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def every_row(alias: str) -> dict:
    return {
        m._meta.db_table: list(m._base_manager.using(alias).order_by("pk").values_list())
        for m in transfer.tables()
    }


def test_x11_transfer_copies_every_row_time_and_file_and_the_chains_still_verify(
    installation,  # noqa: F811
    target_url,
    tmp_path,
    settings,
):
    before = every_row("default")
    files = tmp_path / "moved-media"

    report = transfer.transfer(target_url, media_to=files, echo=lambda _: None)

    assert report.ok, (report.mismatched, report.audit_output)
    assert "intact" in report.audit_output and "BROKEN" not in report.audit_output
    assert report.rows == sum(len(rows) for rows in before.values()) and report.files == 1
    transfer.open_target(target_url)
    try:
        assert every_row(transfer.TARGET) == before  # ids, times to the microsecond, JSON …
        events = AuditEvent.objects.using(transfer.TARGET).order_by("pk")
        assert [e.occurred_at for e in events] == [
            e.occurred_at for e in AuditEvent.objects.order_by("pk")
        ]
        assert any(e.occurred_at.microsecond for e in events)
        # the sequences carry on after the copied ids
        Department_ = apps.get_model("core", "Department")
        moved = Department_.objects.using(transfer.TARGET).first()
        moved.pk, moved.code, moved.name = None, "new", "新部门"
        moved.save(using=transfer.TARGET)
        assert moved.pk > max(pk for pk, *_ in before["core_department"])
    finally:
        transfer.forget_target()
    [picture] = [p for p in files.rglob("*") if p.is_file()]
    original = Path(settings.MEDIA_ROOT) / picture.relative_to(files)
    assert picture.read_bytes() == original.read_bytes()


def test_x11_transfer_refuses_a_target_that_holds_data_and_changes_nothing(
    installation,  # noqa: F811
    target_url,
):
    assert transfer.transfer(target_url, echo=lambda _: None).ok
    transfer.open_target(target_url)
    try:
        rows = every_row(transfer.TARGET)
    finally:
        transfer.forget_target()
    with pytest.raises(transfer.TransferError, match="target database is not empty"):
        transfer.transfer(target_url, echo=lambda _: None)
    transfer.open_target(target_url)
    try:
        assert every_row(transfer.TARGET) == rows
    finally:
        transfer.forget_target()


def test_x11_transfer_refuses_its_own_database_and_a_bad_url(db, settings):
    own = connection.settings_dict
    url = (
        f"sqlite:///{own['NAME']}"
        if connection.vendor == "sqlite"
        else f"postgres://{own['USER']}@{own['HOST']}:{own['PORT']}/{own['NAME']}"
    )
    with pytest.raises(transfer.TransferError, match="own database"):
        transfer.transfer(url, echo=lambda _: None)
    with pytest.raises(transfer.TransferError, match="cannot connect"):
        transfer.transfer("postgres://nobody@127.0.0.1:1/none", echo=lambda _: None)
    with pytest.raises(SystemExit, match="transfer refused: not a database URL"):
        cli.main(["transfer", "--to", "gopher://x", "--quiet"])


def test_x11_an_interrupted_transfer_leaves_the_target_empty(
    installation,  # noqa: F811
    target_url,
    monkeypatch,
):
    def interrupted_copy(models, source, target, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(transfer, "_copy", interrupted_copy)
    with pytest.raises(KeyboardInterrupt):
        transfer.transfer(target_url, echo=lambda _: None)
    transfer.open_target(target_url)
    try:
        assert backups.installation_contents(connections[transfer.TARGET], media=False) == {}
    finally:
        transfer.forget_target()
