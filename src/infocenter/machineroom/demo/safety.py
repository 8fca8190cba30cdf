"""Safety demo data at 江岸花园 (MR-1, MR-5, MR-6): a power-use permit and a fire-system change
waiting for 周明, and a power outage last month handled with the UPS and the generator and
closed."""

import datetime as dt

from django.utils import timezone

from ..services import safety
from .common import as_of, local


def permits(room, head, maintainer, zhangwei) -> None:
    now = timezone.now()
    safety.request_power(
        zhangwei,
        room=room,
        equipment="冲击钻、热风枪（捷联施工队）",
        watts=1800,
        supply="机房检修电源箱 2 号回路",
        organisation="重庆捷联智能科技有限公司",
        reason="监控扩容施工：机柜 B2 打孔固定、线缆热缩",
        lines_checked=True,
        starts_at=now + dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(hours=6),
    )
    safety.request_fire_change(
        maintainer,
        room=room,
        kind="state",
        equipment="气体灭火控制器",
        current="自动",
        proposed="手动（施工期间）",
        reason="机柜 B2 施工打孔产生粉尘，防止烟感误报喷放",
        safeguards="施工期间维护员在场值守，手提二氧化碳灭火器 2 具就位；每日施工结束恢复自动",
        starts_at=now + dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(hours=6),
    )


def outage_last_month(room, head, maintainer, it, today) -> None:
    day = today - dt.timedelta(days=30)
    with as_of(local(day, 14, 5)):
        event = safety.report_event(
            maintainer,
            room=room,
            kind="power_outage",
            occurred_at=local(day, 14, 2),
            description="市电停电，机房由 UPS 供电",
            measures="通知物业工程部，检查 UPS 负载",
        )
    with as_of(local(day, 14, 8)):
        safety.acknowledge_callout(head, event)
        safety.acknowledge_callout(it, event)
    with as_of(local(day, 14, 30)):
        safety.record_arrival(it, event)
    with as_of(local(day, 16, 10)):
        event = safety.record_outage(
            maintainer,
            event,
            version=event.version,
            ups_on_battery=True,
            generator_called_at=local(day, 14, 10),
            generator_running_at=local(day, 14, 45),
            power_restored_at=local(day, 16, 5),
        )
        safety.close_event(
            maintainer,
            event,
            version=event.version,
            outcome="UPS 供电 43 分钟，发电机 14:45 到场接续；16:05 市电恢复，设备运行正常",
        )
