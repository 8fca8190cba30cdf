"""Keys and credentials demo data at 江岸花园 (MR-4, MR-12): three keys, two of them handed out (one
outside the information center with 周明's approval), four registered accounts (never a password)
and a security report."""

import datetime as dt

from django.utils import timezone

from ..services import security


def load(site, head, maintainer, it, zhangwei) -> None:
    today = timezone.localdate()
    door = security.add_key(
        maintainer, site=site, label="机房正门 1 号钥匙", opens="信息中心机房正门"
    )
    security.add_key(
        maintainer, site=site, label="机房正门 2 号钥匙", opens="信息中心机房正门（备用，存钥匙箱）"
    )
    cabinet = security.add_key(maintainer, site=site, label="机柜钥匙 A", opens="机柜 A1–A4")
    security.hand_over_key(
        maintainer, door, version=door.version, to=maintainer, note="当班维护员持有"
    )
    security.hand_over_key(
        maintainer,
        cabinet,
        version=cabinet.version,
        to=zhangwei,
        approved_by=head,
        note="工程部检修 UPS 配电，当日归还",
    )
    for system, account, level, custodian, days_ago in [
        ("核心交换机 H3C S7506E", "admin", "admin", head, 85),
        ("防火墙 USG6500", "admin", "admin", head, 30),
        ("监控录像机 NVR-01", "operator", "maintenance", maintainer, 95),
        ("中控室工作站", "zkshi", "terminal", it, 20),
    ]:
        security.add_credential(
            head,
            site=site,
            system=system,
            account=account,
            level=level,
            custodian=custodian,
            last_rotated_on=today - dt.timedelta(days=days_ago),
        )
    security.report_security(
        maintainer,
        site=site,
        kind="weakness",
        description="机房后门门禁读卡器偶尔失灵，刷卡无反应",
        remedy="建议更换读卡器，更换前每日下班检查后门是否锁好",
    )
