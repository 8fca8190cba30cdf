"""Backup and data-access demo data at 江岸花园 (MR-11): the billing database backed up daily for
the last two weeks (one failed night, dealt with) with a restore test last quarter, the access
control system whose backup of yesterday is missing (the morning check's alert is shown), a weekly
encrypted offsite archive of the file server, a request from 区公安分局 waiting for 周明, and an
earlier request from the street office, approved in part and provided."""

import datetime as dt

from django.utils import timezone

from ..models import BackupJob
from ..services import backups
from . import data_access


def _results(job, actor, days, *, size, failed=(), skip=()):
    """The results of ``days`` ago the history has not recorded yet."""
    recorded = set(job.results.values_list("day", flat=True))
    for n in days:
        day = timezone.localdate() - dt.timedelta(days=n)
        if n in skip or day in recorded:
            continue
        if n in failed:
            backups.record_backup_result(
                actor, job=job, day=day, outcome="failed", note="备份盘空间不足，任务中止"
            )
        else:
            backups.record_backup_result(
                actor, job=job, day=day, outcome="success", size=f"{size + n / 10:.1f} GB"
            )


def add_jobs(site, head, maintainer, it, today):
    """The three jobs (billing, access control, the weekly archive), started some time before
    ``today``: those the history made, and those started by now that it had not (None for a
    job that has not started yet)."""
    jobs = {job.name: job for job in BackupJob.objects.filter(site=site)}
    made = []
    for name, fields in _jobs(maintainer, it, today):
        if name not in jobs and fields["started_on"] <= timezone.localdate():
            jobs[name] = backups.add_backup_job(head, site=site, name=name, **fields)
        made.append(jobs.get(name))
    return tuple(made)


def _jobs(maintainer, it, today):
    yield (
        "收费系统数据库每日备份",
        {
            "system": "收费系统数据库",
            "content": "物业收费系统 MySQL 全库（mysqldump，AES-256 加密）",
            "location": "信息中心机房 NAS-01",
            "offsite": True,
            "offsite_location": "物业服务中心一楼档案室异地备份柜",
            "custodian": maintainer,
            "retention": "每日备份保留 30 天，每月 1 日备份保留 1 年",
            "started_on": today - dt.timedelta(days=200),
        },
    )
    yield (
        "门禁系统每日备份",
        {
            "system": "门禁系统",
            "content": "门禁控制器配置与刷卡记录库",
            "location": "信息中心机房 NAS-01",
            "custodian": it,
            "retention": "保留 30 天",
            "started_on": today - dt.timedelta(days=30),
        },
    )
    yield (
        "文件服务器每周异地归档",
        {
            "system": "文件服务器",
            "content": "共享盘（合同、档案扫描件）全量归档",
            "frequency": "weekly",
            "location": "信息中心机房 磁带机",
            "offsite": True,
            "offsite_location": "区档案馆异地存放",
            "custodian": maintainer,
            "restore_every_days": 180,
            "retention": "每周归档保留 1 年",
            "started_on": today - dt.timedelta(days=45),
        },
    )


def load(site, head, maintainer, it, echo=print) -> None:
    today = timezone.localdate()
    billing, access, archive = add_jobs(site, head, maintainer, it, today)
    _results(billing, maintainer, range(1, 15), size=12.0, failed={6})
    _results(access, it, range(2, 15), size=0.8)
    _results(archive, maintainer, range(3, 45, 7), size=210.0)
    for alert in billing.alerts.filter(handled_at=None):
        backups.handle_alert(
            maintainer,
            alert,
            version=alert.version,
            handling="已清理过期备份，当日 10:20 手动补做备份成功",
        )
    if not billing.restore_tests.exists():
        _restore_test(billing, maintainer, today - dt.timedelta(days=80))
    backups.check_missed_backups(
        site, timezone.now()
    )  # what the 09:00 check found: 门禁系统 missing
    data_access.load(site, head, maintainer, today)
    echo(
        "backups: 3 jobs, 14 days of results with a failed night, yesterday's missing backup alerted, "
        "1 restore test, 2 data-access requests"
    )


def _restore_test(job, maintainer, day) -> None:
    backups.record_restore_test(
        maintainer,
        job=job,
        tested_on=day,
        restored="前一日全库备份",
        target="测试服务器 TEST-01",
        outcome="passed",
        verification="核对各表记录数一致，抽查 20 户缴费记录与生产库一致",
        duration_minutes=50,
    )
