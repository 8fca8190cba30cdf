"""Change demo data at 江岸花园 (MR-7, MR-8): a major core-switch change in discussion waiting for
周明, an approved global-impact network change with its notice sent that starts tomorrow, a
central-data change done three days ago waiting for its confirmation, and a standard change
done last week."""

import datetime as dt

from django.utils import timezone

from infocenter.core.models import Department, Site, User

from ..rules.changes import ChangeContent
from ..services import changes


def load(echo=print) -> None:
    site = Site.objects.get(code="jahy")
    head, maintainer, it, wangfang = (
        User.objects.get(username=u) for u in ("zhouming", "wulei", "zhenghao", "wangfang")
    )
    now = timezone.localtime().replace(second=0, microsecond=0)
    evening = now.replace(hour=22, minute=0)

    def propose(by, kind, **fields):
        return _submitted(by, site, kind=kind, **fields)

    major = propose(
        maintainer,
        "major",
        title="核心交换机固件升级",
        system="核心交换机 H3C S7506E",
        core_server=True,
        justification="厂商安全公告：当前固件存在远程拒绝服务漏洞，需升级至 R7625P12",
        plan="1. 导出当前配置并核对\n2. 上传新固件至备用分区\n3. 切换启动分区并重启\n4. 逐一核对 VLAN、路由、端口状态",
        impact="全小区网络、监控、门禁中断约 15 分钟",
        rollback_plan="从备用分区启动旧固件，导入原配置",
        spare_parts="备用接入交换机 1 台、Console 线、已导出配置文件",
        planned_start=evening + dt.timedelta(days=5),
        planned_end=evening + dt.timedelta(days=5, hours=1),
        implementer=maintainer,
    )
    changes.comment_on_change(
        it, major, text="建议同时通知秩序部：门禁中断期间安排人员值守各出入口。"
    )
    network = propose(
        it,
        "normal",
        title="监控网段调整 VLAN",
        system="汇聚交换机及监控 NVR",
        global_impact=True,
        affected_parties="全体业主（门禁对讲短暂中断）、秩序部、中控室",
        notify_people=[wangfang],
        notify_departments=list(Department.objects.filter(site=site, code__in=["zx", "kf"])),
        plan="将监控摄像机迁移至独立 VLAN 30，更新 NVR 地址",
        impact="门禁对讲中断约 10 分钟",
        rollback_plan="恢复原 VLAN 配置",
        planned_start=evening + dt.timedelta(days=1),
        planned_end=evening + dt.timedelta(days=1, hours=1),
        implementer=it,
    )
    network = changes.approve_change(
        head, network, version=network.version, note="同意，请提前通知秩序部"
    )
    changes.send_notice(
        it, network, version=network.version, note="如有疑问请联系信息中心 023-6888 1000"
    )
    _central_data(site, head, maintainer, evening)
    _standard(maintainer, site, now.replace(hour=9, minute=30))
    echo(
        "changes: 4 change requests (major in discussion, global-impact notified, central data awaiting "
        "confirmation, standard done)"
    )


def _central_data(site, head, maintainer, evening) -> None:
    three_days_ago = evening - dt.timedelta(days=3)
    change = _submitted(
        maintainer,
        site,
        kind="normal",
        central_data=True,
        title="收费系统数据库字段扩容",
        system="物业收费系统数据库",
        plan="停收费服务，执行字段扩容脚本，校验账单数据",
        impact="收费系统停用 1 小时",
        rollback_plan="用变更前全库备份恢复",
        planned_start=three_days_ago,
        planned_end=three_days_ago + dt.timedelta(hours=1),
        implementer=maintainer,
    )
    change = changes.approve_change(head, change, version=change.version, note="同意，务必先备份")
    change = changes.record_backup(
        maintainer,
        change,
        version=change.version,
        reference="收费系统全库导出 fee_20xx.dmp，存 NAS 备份区 /backup/fee/",
        taken_at=three_days_ago - dt.timedelta(minutes=30),
    )
    change = changes.start_change(maintainer, change, version=change.version, at=three_days_ago)
    changes.record_operation(
        maintainer,
        change,
        text="停止收费服务，执行扩容脚本 alter_fee.sql",
        at=three_days_ago + dt.timedelta(minutes=10),
    )
    changes.record_operation(
        maintainer,
        change,
        text="抽查 50 户账单数据一致，恢复服务",
        at=three_days_ago + dt.timedelta(minutes=50),
    )
    changes.finish_change(
        maintainer,
        change,
        version=change.version,
        outcome="success",
        note="按计划完成",
        at=three_days_ago + dt.timedelta(hours=1),
    )


def _standard(maintainer, site, morning) -> None:
    last_week = morning - dt.timedelta(days=7)
    change = _submitted(
        maintainer,
        site,
        kind="standard",
        title="更换 UPS 电池组 B",
        system="机房 UPS",
        plan="按维护手册逐组更换电池，旁路供电",
        spare_parts="新电池 16 节",
        planned_start=last_week,
        planned_end=last_week + dt.timedelta(hours=2),
        implementer=maintainer,
    )
    change = changes.start_change(maintainer, change, version=change.version, at=last_week)
    changes.record_operation(
        maintainer,
        change,
        text="切旁路，更换 16 节电池，放电测试 10 分钟正常",
        at=last_week + dt.timedelta(hours=1),
    )
    changes.finish_change(
        maintainer,
        change,
        version=change.version,
        outcome="success",
        at=last_week + dt.timedelta(hours=2),
    )


def _submitted(by, site, **fields):
    content = ChangeContent(not_experimental=True, **fields)
    return changes.create_change(by, site=site, content=content, submit=True)
