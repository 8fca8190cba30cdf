"""MR-11: important data are encrypted and backed up; core business data daily, with offsite
copies; each day's result is recorded once (a correction is a new revision with its reason); a
failed or missing backup alerts the custodian and the head; restores are tested on a clock."""

import datetime as dt
import zoneinfo
from dataclasses import replace

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from infocenter.core import recurring, worker
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, StaleEdit, ValidationFailed
from infocenter.core.models import AuditEvent, Deadline, OutboxMessage
from infocenter.machineroom.models import BackupAlert, BackupResult
from infocenter.machineroom.rules.backups import RETEST_DAYS, JobContent, parse_size
from infocenter.machineroom.services import backups
from tests.conftest import make_person

SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def quiet(_line):
    return None


@pytest.fixture
def add_job(head, maintainer, site):
    def _add(name="收费系统数据库每日备份", **extra):
        values = {
            "system": "收费系统数据库",
            "content": "全库备份（mysqldump）",
            "location": "机房 NAS-01",
            "custodian": maintainer,
            "started_on": timezone.localdate() - dt.timedelta(days=20),
        } | extra
        return backups.add_backup_job(head, site=site, name=name, **values)

    return _add


@pytest.fixture
def job(add_job):
    return add_job()


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("12.5 GB", 13421772800),
        ("800MB", 838860800),
        ("2 tb", 2 * 1024**4),
        ("1024", 1024),
        ("3 GiB", 3 * 1024**3),
        ("", None),
        ("0", 0),
    ],
)
def test_mr11_sizes_are_read_with_their_units_and_stored_in_bytes(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["-3 GB", "twelve", "12 PB", "1.2.3 GB"])
def test_mr11_a_size_that_is_negative_or_unreadable_is_refused(text):
    with pytest.raises(ValueError):
        parse_size(text)


def test_mr11_size_is_shown_back_in_its_unit():
    assert backups.human_size(13421772800) == "12.5 GB" and backups.human_size(512) == "512 B"
    assert backups.human_size(None) == ""


def test_mr11_unencrypted_job_for_important_data_is_refused_with_the_reason(add_job):
    with pytest.raises(ValidationFailed) as refused:
        add_job(important=True, encrypted=False)
    assert "encrypted" in str(refused.value.field_errors["encrypted"])
    job = add_job(name="公告栏图片备份", important=False, encrypted=False)
    assert not job.encrypted


def test_mr11_job_needs_its_fields_an_ic_custodian_and_the_heads_hand(
    add_job, head, site, people, maintainer
):
    with pytest.raises(ValidationFailed) as bad:
        backups.add_backup_job(
            head,
            site=site,
            name="",
            system="",
            content="",
            location="",
            frequency="hourly",
            custodian=people[Role.PROCESSOR],
            offsite=True,
            restore_every_days=0,
        )
    assert {
        "name",
        "system",
        "content",
        "location",
        "frequency",
        "custodian",
        "offsite_location",
        "restore_every_days",
    } <= set(bad.value.field_errors)
    with pytest.raises(PermissionDenied):
        backups.add_backup_job(
            maintainer,
            site=site,
            name="x",
            system="x",
            content="x",
            location="x",
            custodian=maintainer,
        )
    add_job()
    with pytest.raises(ValidationFailed) as twice:
        add_job()
    assert "name" in twice.value.field_errors


def test_mr11_a_days_result_is_recorded_once(job, maintainer):
    result = backups.record_backup_result(
        maintainer, job=job, day=yesterday(), outcome="success", size="12.5 GB"
    )
    assert result.size_bytes == 13421772800 and result.encrypted and not result.offsite
    with pytest.raises(Conflict, match="correct it"):
        backups.record_backup_result(
            maintainer, job=job, day=yesterday(), outcome="success", size="12 GB"
        )
    assert AuditEvent.objects.filter(kind="backup.recorded").count() == 1


def test_mr11_result_fields_are_validated(job, maintainer):
    with pytest.raises(ValidationFailed) as bad:
        backups.record_backup_result(
            maintainer,
            job=job,
            day=timezone.localdate() + dt.timedelta(days=1),
            outcome="ok",
            size="-1 GB",
        )
    assert {"day", "outcome", "size"} <= set(bad.value.field_errors)
    with pytest.raises(ValidationFailed) as no_size:
        backups.record_backup_result(maintainer, job=job, day=yesterday(), outcome="success")
    assert "size" in no_size.value.field_errors
    with pytest.raises(ValidationFailed) as plain:
        backups.record_backup_result(
            maintainer, job=job, day=yesterday(), outcome="success", size="1 GB", encrypted=False
        )
    assert "encrypted" in str(plain.value.field_errors["encrypted"])
    with pytest.raises(ValidationFailed) as early:
        backups.record_backup_result(
            maintainer, job=job, day=job.started_on - dt.timedelta(days=1), outcome="failed"
        )
    assert "day" in early.value.field_errors


def test_mr11_only_the_information_center_records_results(job, people):
    for role in (Role.PROCESSOR, Role.AUDITOR, Role.DEPT_HEAD):
        with pytest.raises(PermissionDenied):
            backups.record_backup_result(people[role], job=job, day=yesterday(), outcome="failed")


def test_mr11_failed_backup_alerts_the_custodian_and_the_head_at_once(
    job, maintainer, head, people
):
    backups.record_backup_result(
        people[Role.IT_STAFF], job=job, day=yesterday(), outcome="failed", note="磁盘空间不足"
    )
    alert = BackupAlert.objects.get()
    assert alert.kind == "failed" and alert.open and alert.detail == "磁盘空间不足"
    for person in (maintainer, head):
        assert OutboxMessage.objects.filter(
            recipient=person, subject__contains="Backup failed"
        ).exists()


def test_mr11_correction_is_a_new_revision_with_its_reason(job, maintainer):
    first = backups.record_backup_result(
        maintainer, job=job, day=yesterday(), outcome="success", size="10 GB"
    )
    with pytest.raises(ValidationFailed) as no_reason:
        backups.correct_backup_result(
            maintainer,
            first,
            version=first.version,
            reason="",
            outcome="partial",
            size="6 GB",
            encrypted=True,
        )
    assert "reason" in no_reason.value.field_errors
    second = backups.correct_backup_result(
        maintainer,
        first,
        version=first.version,
        reason="日志显示部分表失败",
        outcome="partial",
        size="6 GB",
        encrypted=True,
    )
    first.refresh_from_db()
    assert (
        not first.current and second.current and second.revision == 2 and second.replaces == first
    )
    assert BackupResult.objects.filter(job=job, day=yesterday()).count() == 2
    assert BackupAlert.objects.filter(kind="partial").exists()
    with pytest.raises(StaleEdit):
        backups.correct_backup_result(
            maintainer,
            first,
            version=1,
            reason="再改",
            outcome="success",
            size="1 GB",
            encrypted=True,
        )
    with pytest.raises(Conflict, match="already corrected"):
        backups.correct_backup_result(
            maintainer,
            first,
            version=first.version,
            reason="再改",
            outcome="success",
            size="1 GB",
            encrypted=True,
        )
    event = AuditEvent.objects.get(kind="backup.corrected")
    assert event.data["reason"] == "日志显示部分表失败" and event.data["changes"]["outcome"] == [
        "success",
        "partial",
    ]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SH)


def test_mr11_missed_daily_backup_raises_one_alert_through_the_worker(
    add_job, maintainer, head, site
):
    today = dt.date(2026, 11, 26)
    with time_machine.travel(_at(today, 8), tick=False):
        job = add_job(started_on=today - dt.timedelta(days=10))
        weekly = add_job(
            name="档案库每周归档", frequency="weekly", started_on=today - dt.timedelta(days=3)
        )
        for n in range(2, 11):
            backups.record_backup_result(
                maintainer,
                job=job,
                day=today - dt.timedelta(days=n),
                outcome="success",
                size="1 GB",
            )
        recurring.ensure_all()
        clock = Deadline.objects.get(kind=backups.K_CHECK, site=site)
        assert clock.due_at == _at(today, 9)
    with time_machine.travel(_at(today, 9, 1), tick=False):
        worker.run_once(at=_at(today, 9, 1), echo=quiet)
        alert = BackupAlert.objects.get()
        assert (alert.job, alert.kind, alert.day) == (job, "missed", today - dt.timedelta(days=1))
        assert not BackupAlert.objects.filter(job=weekly).exists()  # a week is not over yet
        for person in (maintainer, head):
            assert OutboxMessage.objects.filter(
                recipient=person, subject__contains="Backup missing"
            ).exists()
        assert backups.check_missed_backups(site, timezone.now()) == []  # idempotent
        assert Deadline.objects.filter(
            kind=backups.K_CHECK, site=site, state="scheduled"
        ).get().due_at == _at(today + dt.timedelta(days=1), 9)
        backups.record_backup_result(
            maintainer, job=job, day=today - dt.timedelta(days=1), outcome="success", size="1 GB"
        )
        alert.refresh_from_db()
        assert not alert.open and "late" in alert.handling


def test_mr11_weekly_archive_missing_for_a_week_alerts_once(add_job, site):
    today = timezone.localdate()
    weekly = add_job(
        name="档案库每周归档", frequency="weekly", started_on=today - dt.timedelta(days=20)
    )
    at = timezone.now()
    assert [a.job for a in backups.check_missed_backups(site, at)] == [weekly]
    assert backups.check_missed_backups(site, at + dt.timedelta(days=1)) == []


def test_mr11_alert_is_dealt_with_by_the_custodian_or_the_head(job, maintainer, head, people):
    backups.record_backup_result(maintainer, job=job, day=yesterday(), outcome="failed")
    alert = BackupAlert.objects.get()
    with pytest.raises(PermissionDenied):
        backups.handle_alert(people[Role.IT_STAFF], alert, version=alert.version, handling="看过了")
    with pytest.raises(ValidationFailed):
        backups.handle_alert(maintainer, alert, version=alert.version, handling=" ")
    alert = backups.handle_alert(
        maintainer, alert, version=alert.version, handling="已清理磁盘并补做备份"
    )
    assert alert.handled_by == maintainer and not alert.open
    with pytest.raises(Conflict):
        backups.handle_alert(head, alert, version=alert.version, handling="再处理")


def test_mr11_restore_test_clock_warns_a_week_ahead_then_tells_the_head(add_job, maintainer, head):
    start = dt.date(2026, 11, 2)
    with time_machine.travel(_at(start, 10), tick=False):
        job = add_job(started_on=start, restore_every_days=30)
    clock = Deadline.objects.get(kind=backups.K_RESTORE, subject_id=str(job.pk))
    assert clock.due_at == _at(dt.date(2026, 12, 2), 9) and clock.warn_at == _at(
        dt.date(2026, 11, 25), 9
    )
    with time_machine.travel(_at(dt.date(2026, 11, 25), 9, 1), tick=False):
        worker.run_once(at=timezone.now(), echo=quiet)
    assert OutboxMessage.objects.filter(
        recipient=maintainer, subject__contains="is due on 2026-12-02"
    ).exists()
    assert not OutboxMessage.objects.filter(
        recipient=head, subject__contains="Restore test"
    ).exists()
    with time_machine.travel(_at(dt.date(2026, 12, 2), 9, 1), tick=False):
        worker.run_once(at=timezone.now(), echo=quiet)
    assert OutboxMessage.objects.filter(recipient=head, subject__contains="is due now").exists()
    assert Deadline.objects.get(pk=clock.pk).state == "breached"
    assert backups.restore_due_on(job) == dt.date(2026, 12, 2)  # overdue, still shown


def test_mr11_restore_test_recorded_moves_the_next_one(job, maintainer):
    with pytest.raises(ValidationFailed) as bad:
        backups.record_restore_test(
            maintainer,
            job=job,
            tested_on=timezone.localdate() + dt.timedelta(days=1),
            restored="",
            target="",
            outcome="maybe",
            verification="",
            duration_minutes=0,
        )
    assert {
        "tested_on",
        "restored",
        "target",
        "outcome",
        "verification",
        "duration_minutes",
    } <= set(bad.value.field_errors)
    test = backups.record_restore_test(
        maintainer,
        job=job,
        tested_on=timezone.localdate(),
        restored="昨日全库备份",
        target="测试服务器 TEST-01",
        outcome="passed",
        verification="核对记录数，抽查 20 户缴费记录",
        duration_minutes=45,
    )
    assert test.tested_by == maintainer
    assert backups.restore_due_on(job) == timezone.localdate() + dt.timedelta(
        days=job.restore_every_days
    )
    clocks = Deadline.objects.filter(kind=backups.K_RESTORE, subject_id=str(job.pk))
    assert sorted(clocks.values_list("state", flat=True)) == ["met", "scheduled"]


def test_mr11_failed_restore_alerts_the_head_and_is_retried_within_a_week(job, maintainer, head):
    backups.record_restore_test(
        maintainer,
        job=job,
        tested_on=timezone.localdate(),
        restored="昨日全库备份",
        target="TEST-01",
        outcome="failed",
        verification="导入报错，备份文件损坏",
        duration_minutes=20,
    )
    assert BackupAlert.objects.get().kind == "restore_failed"
    assert OutboxMessage.objects.filter(
        recipient=head, subject__contains="Restore test failed"
    ).exists()
    assert backups.restore_due_on(job) == timezone.localdate() + dt.timedelta(days=RETEST_DAYS)


def test_mr11_job_change_is_version_checked_and_keeps_the_encryption_rule(
    job, head, maintainer, people
):
    with pytest.raises(ValidationFailed):
        backups.update_backup_job(
            head, job, version=job.version, content=replace(JobContent.of(job), encrypted=False)
        )
    changed = backups.update_backup_job(
        head,
        job,
        version=job.version,
        content=replace(JobContent.of(job), restore_every_days=30, custodian=people[Role.IT_STAFF]),
    )
    assert changed.custodian == people[Role.IT_STAFF]
    assert backups.restore_due_on(changed) == job.started_on + dt.timedelta(days=30)
    with pytest.raises(StaleEdit):
        backups.update_backup_job(
            head, job, version=job.version, content=replace(JobContent.of(job), retention="30 天")
        )
    with pytest.raises(PermissionDenied):
        backups.update_backup_job(
            maintainer,
            changed,
            version=changed.version,
            content=replace(JobContent.of(changed), retention="30 天"),
        )


def test_mr11_retired_job_takes_no_more_results_and_its_clock_stops(job, head, maintainer):
    job = backups.retire_backup_job(head, job, version=job.version, note="系统下线")
    assert not Deadline.objects.filter(
        kind=backups.K_RESTORE, subject_id=str(job.pk), state="scheduled"
    ).exists()
    with pytest.raises(Conflict, match="retired"):
        backups.record_backup_result(maintainer, job=job, day=yesterday(), outcome="failed")
    with pytest.raises(Conflict):
        backups.retire_backup_job(head, job, version=job.version)
    assert backups.check_missed_backups(job.site, timezone.now()) == []


def test_mr11_a_correction_to_success_settles_the_failed_days_alert(job, maintainer):
    failed = backups.record_backup_result(maintainer, job=job, day=yesterday(), outcome="failed")
    alert = BackupAlert.objects.get()
    backups.correct_backup_result(
        maintainer,
        failed,
        version=failed.version,
        reason="误登为失败，实际已成功",
        outcome="success",
        size="10 GB",
        encrypted=True,
    )
    alert.refresh_from_db()
    assert not alert.open and alert.handled_by == maintainer and "Corrected" in alert.handling


def test_mr11_an_older_restore_test_recorded_late_leaves_the_clock_alone(job, maintainer):
    def test_on(day):
        return backups.record_restore_test(
            maintainer,
            job=job,
            tested_on=day,
            restored="全库备份",
            target="TEST-01",
            outcome="passed",
            verification="核对记录数",
            duration_minutes=30,
        )

    test_on(timezone.localdate())
    test_on(timezone.localdate() - dt.timedelta(days=30))  # last month's, entered late
    assert backups.restore_due_on(job) == timezone.localdate() + dt.timedelta(
        days=job.restore_every_days
    )


def test_mr11_x9_backup_history_lists_a_sites_days_as_the_report_counts(
    job, maintainer, site, org, root, client_for, people
):
    today = timezone.localdate()
    days = [today - dt.timedelta(days=n) for n in (1, 2, 3, 10)]
    for day, outcome in zip(days, ("success", "failed", "partial", "success"), strict=True):
        size = "" if outcome == "failed" else "10 GB"
        backups.record_backup_result(maintainer, job=job, day=day, outcome=outcome, size=size)
    backups.raise_alert(job, "missed", today - dt.timedelta(days=4))
    other = backups.add_backup_job(
        root,
        site=org["b"],
        name="B 馆数据库",
        system="B 库",
        content="全库",
        location="B NAS",
        custodian=make_person(root, "mr_b", Role.MR_MAINTAINER, site=org["b"]),
        started_on=today - dt.timedelta(days=20),
    )
    assert other.site == org["b"]
    client = client_for(people[Role.IC_HEAD])
    url = reverse("machineroom:backup_history")
    week = f"?site={site.pk}&start={today - dt.timedelta(days=7)}&end={today}"

    def listed(query):
        response = client.get(url + query)
        assert response.status_code == 200
        return list(response.context["page"].object_list)

    assert [r.day for r in listed(week)] == days[:3]  # the latest first; day 10 is out
    assert [r.outcome for r in listed(week + "&failed=true")] == ["failed", "partial"]
    assert len(listed(week + "&outcome=success")) == 1
    assert [a.day for a in listed(week + "&show=missing")] == [today - dt.timedelta(days=4)]
    assert listed(week + "&show=restores") == []
    assert len(listed(week + "&show=nonsense")) == 3  # an unknown list shows the results
    page = client.get(url + week + "&show=missing").content.decode()
    assert 'aria-current="page"' in page and f"start={today - dt.timedelta(days=7)}" in page
    # another site's history is out of reach of the site's head; staff without it are refused
    assert client.get(url + f"?site={org['b'].pk}").status_code == 404
    assert client_for(people[Role.PROCESSOR]).get(url).status_code == 403
    register = client.get(reverse("machineroom:backups") + f"?site={site.pk}").content.decode()
    assert url in register
