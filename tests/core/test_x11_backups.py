"""X-11: one archive of the database and the uploaded files, restored with every record and
file and the audit chains intact; refusals that change nothing; the nightly run made once,
with retention."""

import datetime as dt
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from infocenter import cli
from infocenter.core import audit, backups, worker
from infocenter.core.attachments import attachments_of
from infocenter.core.choices import Role
from infocenter.core.models import BackupRun, Department, Room, WorkerBeat
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import Category, ReporterKind, Source
from infocenter.servicedesk.models import ServiceForm

pytestmark = pytest.mark.django_db(transaction=True)


def log_call(org, people, content="卫生间漏水"):
    return services.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="张三",
        reporter_phone="13800138000",
        category=Category.REPAIR,
        content=content,
        room=Room.objects.filter(unit__building__site=org["a"]).order_by("number").first(),
    )


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("before.jpg", buffer.getvalue(), content_type="image/jpeg")


def dispatched(org, people, content="卫生间漏水"):
    form = log_call(org, people, content)
    return services.dispatch_order(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        department=Department.objects.get(site=org["a"], code="gc"),
        assistant=people[Role.CS_ASSISTANT],
    )


@pytest.fixture
def installation(org, people, settings):
    """A call logged and dispatched with a photo: rows in many tables, a file, audit events."""
    order = dispatched(org, people)
    form = order.form
    order = services.assign_order(
        people[Role.DEPT_HEAD], order, version=order.version, assignee=people[Role.DEPT_STAFF]
    )
    services.add_order_photo(people[Role.DEPT_STAFF], order, upload=photo(), stage="before")
    return {"form": form, "order": order}


def test_x11_backup_and_restore_round_trip_every_record_and_file(
    installation, org, people, settings
):
    run = backups.create()
    archive = Path(settings.BACKUP_DIR) / run.archive
    assert run.state == BackupRun.State.DONE and archive.is_file()
    assert run.sha256 == backups.file_sha256(archive) and run.size == archive.stat().st_size
    manifest = backups.read_manifest(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"]["servicedesk_serviceform"] == 1
    [picture] = attachments_of(installation["order"])
    stored = Path(settings.MEDIA_ROOT) / picture.file.name
    original = stored.read_bytes()
    assert [f["path"] for f in manifest["files"]] == [picture.file.name]

    later = log_call(org, people, content="之后登记的")  # after the backup: gone after restore
    stored.write_bytes(b"overwritten")

    report = backups.restore(archive, force=True, echo=lambda _: None)

    assert report.ok, (report.mismatched, report.missing_files, report.chains)
    assert report.files == 1 and report.rows == sum(manifest["database"]["tables"].values())
    assert not ServiceForm.objects.filter(pk=later.pk).exists()
    assert ServiceForm.objects.get().serial == installation["form"].serial
    assert stored.read_bytes() == original
    assert all(c.ok for c in audit.verify_chains()) and report.chains
    assert BackupRun.objects.get(pk=run.pk).state == BackupRun.State.DONE  # not "running"
    again = log_call(org, people, content="恢复后登记的")  # sequences and counters carry on
    assert again.serial != installation["form"].serial


def test_x11_restore_refuses_a_non_empty_installation_unless_told(installation, settings):
    archive = Path(settings.BACKUP_DIR) / backups.create().archive
    with pytest.raises(backups.BackupError, match="not empty.*--force"):
        backups.restore(archive, echo=lambda _: None)


def _rewrite(archive: Path, *, manifest=None, member=None) -> Path:
    """A copy of ``archive`` with its manifest changed and/or one member's bytes replaced."""
    out = archive.with_name("changed.tar")
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for info in source:
            data = source.extractfile(info).read()
            if info.name == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            elif member and info.name.startswith(member[0]):
                data = member[1]
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return out


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (dict(member=("media/", b"tampered photo")), "damaged"),
        (
            dict(manifest=lambda m: {**m, "database": {**m["database"], "vendor": "oracle"}}),
            "backup is of a oracle database",
        ),
        (
            dict(
                manifest=lambda m: {
                    **m,
                    "database": {
                        **m["database"],
                        "migrations": [*m["database"]["migrations"], ["core", "9999_future"]],
                    },
                }
            ),
            "newer version",
        ),
        (dict(manifest=lambda m: {**m, "format": 99}), "format 99"),
    ],
)
def test_x11_restore_refuses_a_damaged_or_foreign_archive_and_changes_nothing(
    installation, org, people, settings, change, reason
):
    archive = Path(settings.BACKUP_DIR) / backups.create().archive
    later = log_call(org, people, content="之后登记的")
    with pytest.raises(backups.BackupError, match=reason):
        backups.restore(_rewrite(archive, **change), force=True, echo=lambda _: None)
    assert ServiceForm.objects.filter(pk=later.pk).exists()
    assert not list(Path(settings.MEDIA_ROOT).parent.glob(".restore-*"))


def test_x11_restore_refuses_what_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all")
    with pytest.raises(backups.BackupError, match="cannot be read"):
        backups.restore(junk, force=True)


def test_x11_an_interrupted_backup_leaves_no_archive(installation, settings, monkeypatch):
    def interrupted(**_):
        raise KeyboardInterrupt

    monkeypatch.setattr(backups, "_media_files", interrupted)
    with pytest.raises(KeyboardInterrupt):
        backups.create()
    assert not list(Path(settings.BACKUP_DIR).iterdir())
    run = BackupRun.objects.get()
    assert run.state == BackupRun.State.FAILED and run.error == "KeyboardInterrupt"


def test_x11_the_command_line_backs_up_and_refuses_to_restore_over_data(
    installation, settings, capsys
):
    assert cli.main(["backup", "--quiet"]) == 0
    [archive] = Path(settings.BACKUP_DIR).glob("infocenter-*.tar")
    assert str(archive) in capsys.readouterr().out
    with pytest.raises(SystemExit, match="restore refused: this installation is not empty"):
        cli.main(["restore", "--quiet", str(archive)])


# -- the nightly run ------------------------------------------------------------------------------


def test_x11_the_night_is_due_after_backup_at_local_time(settings):
    settings.BACKUP_AT = "02:30"
    local = timezone.get_current_timezone()
    before = dt.datetime(2026, 12, 4, 2, 29, tzinfo=local)
    after = dt.datetime(2026, 12, 4, 2, 30, tzinfo=local)
    assert backups.night_of(before) == dt.date(2026, 12, 3)
    assert backups.night_of(after) == dt.date(2026, 12, 4)


def test_x11_one_nightly_backup_per_night_whatever_the_workers(db, settings):
    settings.BACKUP_NIGHTLY = True
    now = timezone.now()
    first = backups.claim_night(now)
    assert first is not None and first.kind == BackupRun.Kind.NIGHTLY
    assert backups.claim_night(now) is None  # a second worker, the same night
    settings.BACKUP_NIGHTLY = False
    assert backups.claim_night(now + dt.timedelta(days=1)) is None


def test_x11_a_nightly_backup_left_running_by_a_stopped_worker_is_made_again(org, settings):
    """The worker that claimed the night was killed half-way (kill -9: its heartbeat stays
    behind and ages). Another worker takes the run over once that heartbeat is stale, not
    while it is fresh, and only one of two workers does."""
    settings.BACKUP_NIGHTLY, settings.WORKER_POLL_SECONDS = True, 5
    settings.HEALTH_WORKER_STALE_SECONDS = 60
    now = timezone.now()
    # the night began two hours ago: every moment below is the same night's
    settings.BACKUP_AT = f"{timezone.localtime(now - dt.timedelta(hours=2)):%H:%M}"
    claimed = backups.claim_night(now, "host:101")
    assert claimed.worker == "host:101"
    WorkerBeat.objects.create(name="host:101", started_at=now, beat_at=now)
    assert backups.claim_night(now + dt.timedelta(seconds=30), "host:202") is None  # alive

    later = now + dt.timedelta(seconds=61)  # host:101 has not beaten since: it stopped
    taken = backups.claim_night(later, "host:202")
    assert taken.pk == claimed.pk and taken.worker == "host:202"
    WorkerBeat.objects.create(name="host:202", started_at=later, beat_at=later)
    assert backups.claim_night(later, "host:303") is None  # host:202 is making it

    nightly = worker.NightlyBackup("host:202")
    backups.run_claimed(taken)
    run = BackupRun.objects.get()
    assert run.state == BackupRun.State.DONE and run.worker == "host:202"
    assert (Path(settings.BACKUP_DIR) / run.archive).is_file()
    nightly.poll()  # done: nothing more that night, whoever asks
    nightly.join()
    assert backups.claim_night(later + dt.timedelta(minutes=30), "host:303") is None
    assert BackupRun.objects.count() == 1


def test_x11_a_failed_nightly_backup_is_not_taken_over(db, settings):
    settings.BACKUP_NIGHTLY = True
    now = timezone.now()
    settings.BACKUP_AT = f"{timezone.localtime(now - dt.timedelta(hours=3)):%H:%M}"
    run = backups.claim_night(now, "host:101")
    BackupRun.objects.filter(pk=run.pk).update(state=BackupRun.State.FAILED, error="disk full")
    assert backups.claim_night(now + dt.timedelta(hours=2), "host:202") is None


def test_x11_the_worker_makes_the_nightly_backup_and_keeps_the_newest(org, settings):
    settings.BACKUP_NIGHTLY, settings.BACKUP_KEEP = True, 2
    folder = Path(settings.BACKUP_DIR)
    folder.mkdir(parents=True)
    for name in ("infocenter-20260101-023000.tar", "infocenter-20260102-023000.tar"):
        (folder / name).write_bytes(b"old")
    (folder / "keep-me.txt").write_text("not an archive")

    nightly = worker.NightlyBackup()
    nightly.poll()
    nightly.join()

    run = BackupRun.objects.get(kind=BackupRun.Kind.NIGHTLY)
    assert run.state == BackupRun.State.DONE and run.night == backups.night_of(timezone.now())
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["infocenter-20260102-023000.tar", run.archive, "keep-me.txt"]
    )
    nightly.next_check = timezone.now()
    nightly.poll()  # the same night again: nothing more
    nightly.join()
    assert BackupRun.objects.count() == 1


def test_x11_the_worker_writes_its_heartbeat_at_most_every_poll(db, settings):
    settings.WORKER_POLL_SECONDS = 60
    beat = worker.Heartbeat()
    beat.beat(3)
    first = WorkerBeat.objects.get(name=beat.name)
    beat.beat(2)  # within the poll interval: counted, not written
    assert WorkerBeat.objects.get(name=beat.name).beat_at == first.beat_at
    assert beat.handled == 5 and first.handled == 3
    beat.stop()
    assert not WorkerBeat.objects.exists()
