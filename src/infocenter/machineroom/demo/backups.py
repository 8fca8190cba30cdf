"""Backup and data-access demo data at 江岸花园 (MR-11): the billing database backed up daily for
the last two weeks (one failed night, dealt with) with a restore test last quarter, the access
control system whose backup of yesterday is missing (the morning check's alert is shown), a weekly
encrypted offsite archive of the file server, a request from 区公安分局 waiting for 周明, and an
earlier request from the street office, approved in part and provided."""

import datetime as dt

from django.utils import timezone

from ..services import backups
from . import data_access


def _results(job, actor, days, *, size, failed=(), skip=()):
    for n in days:
        if n in skip:
            continue
        day = timezone.localdate() - dt.timedelta(days=n)
        if n in failed:
            backups.record_backup_result(
                actor, job=job, day=day, outcome="failed", note="备份盘空间不足，任务中止"
            )
        else:
            backups.record_backup_result(
                actor, job=job, day=day, outcome="success", size=f"{size + n / 10:.1f} GB"
            )


def load(site, head, maintainer, it, echo=print) -> None:
    today = timezone.localdate()
    billing = backups.add_backup_job(
        head,
        site=site,
        name="收费系统数据库每日备份",
        system="收费系统数据库",
        content="物业收费系统 MySQL 全库（mysqldump，AES-256 加密）",
        location="信息中心机房 NAS-01",
        offsite=True,
        offsite_location="物业服务中心一楼档案室异地备份柜",
        custodian=maintainer,
        retention="每日备份保留 30 天，每月 1 日备份保留 1 年",
        started_on=today - dt.timedelta(days=200),
    )
    access = backups.add_backup_job(
        head,
        site=site,
        name="门禁系统每日备份",
        system="门禁系统",
        content="门禁控制器配置与刷卡记录库",
        location="信息中心机房 NAS-01",
        custodian=it,
        retention="保留 30 天",
        started_on=today - dt.timedelta(days=30),
    )
    archive = backups.add_backup_job(
        head,
        site=site,
        name="文件服务器每周异地归档",
        system="文件服务器",
        content="共享盘（合同、档案扫描件）全量归档",
        frequency="weekly",
        location="信息中心机房 磁带机",
        offsite=True,
        offsite_location="区档案馆异地存放",
        custodian=maintainer,
        restore_every_days=180,
        retention="每周归档保留 1 年",
        started_on=today - dt.timedelta(days=45),
    )
    _results(billing, maintainer, range(1, 15), size=12.0, failed={6})
    _results(access, it, range(2, 15), size=0.8)
    _results(archive, maintainer, range(3, 45, 7), size=210.0)
    alert = billing.alerts.get()
    backups.handle_alert(
        maintainer,
        alert,
        version=alert.version,
        handling="已清理过期备份，当日 10:20 手动补做备份成功",
    )
    backups.record_restore_test(
        maintainer,
        job=billing,
        tested_on=today - dt.timedelta(days=80),
        restored="前一日全库备份",
        target="测试服务器 TEST-01",
        outcome="passed",
        verification="核对各表记录数一致，抽查 20 户缴费记录与生产库一致",
        duration_minutes=50,
    )
    backups.check_missed_backups(
        site, timezone.now()
    )  # what the 09:00 check found: 门禁系统 missing
    data_access.load(site, head, maintainer, today)
    echo(
        "backups: 3 jobs, 14 days of results with a failed night, yesterday's missing backup alerted, "
        "1 restore test, 2 data-access requests"
    )
