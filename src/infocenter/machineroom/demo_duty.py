"""Duty demo data at 江岸花园 (MR-1, MR-5, MR-6): the roster of this week in the information
center's machine room (郑浩 yesterday, 吴磊 today with his checklist not done yet), yesterday closed
with both checklists, a power-use permit and a fire-system change waiting for 周明, and a power
outage last month handled with the UPS and the generator and closed.

Yesterday and last month are recorded through the same services at their own time."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from infocenter.core.models import Site, User

from .choices import ClosingItem, DutyItem
from .models import MachineRoom
from .services import duty, safety


@contextmanager
def _at(moment: dt.datetime):
    """The services run as if it were ``moment`` (the demo's history)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def load(echo=print) -> None:
    site = Site.objects.get(code="jahy")
    head, maintainer, it, zhangwei = (
        User.objects.get(username=u) for u in ("zhouming", "wulei", "zhenghao", "zhangwei")
    )
    room = MachineRoom.objects.get(site=site, name="信息中心机房")
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    with _at(_local(yesterday, 8)):
        rows = duty.plan_roster(
            head,
            room=room,
            start=yesterday,
            end=yesterday + dt.timedelta(days=7),
            people=[it, maintainer],
            on_call=[head, it],
            note="本周值日",
        )
    with _at(_local(yesterday, 17, 20)):
        duty.record_duty_check(
            it,
            rows[0],
            version=rows[0].version,
            note="地面已拖，空调滤网下周清洗",
            results={c: (True, "") for c in DutyItem.values},
        )
    with _at(_local(yesterday, 18, 40)):
        duty.record_closing(
            it,
            room=room,
            results={c: (True, "") for c in ClosingItem.values},
            note="照明已关，UPS 正常，气体灭火控制器在自动状态",
        )
    _permits(room, head, maintainer, zhangwei)
    _outage_last_month(room, head, maintainer, it, today)
    echo(
        "duty: a week's roster (吴磊 on duty today, checklist not done), yesterday closed, a power permit and a "
        "fire-system change waiting for 周明, a power outage last month closed"
    )


def _permits(room, head, maintainer, zhangwei) -> None:
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


def _outage_last_month(room, head, maintainer, it, today) -> None:
    day = today - dt.timedelta(days=30)
    with _at(_local(day, 14, 5)):
        event = safety.report_event(
            maintainer,
            room=room,
            kind="power_outage",
            occurred_at=_local(day, 14, 2),
            description="市电停电，机房由 UPS 供电",
            measures="通知物业工程部，检查 UPS 负载",
        )
    with _at(_local(day, 14, 8)):
        safety.acknowledge_callout(head, event)
        safety.acknowledge_callout(it, event)
    with _at(_local(day, 14, 30)):
        safety.record_arrival(it, event)
    with _at(_local(day, 16, 10)):
        event = safety.record_outage(
            maintainer,
            event,
            version=event.version,
            ups_on_battery=True,
            generator_called_at=_local(day, 14, 10),
            generator_running_at=_local(day, 14, 45),
            power_restored_at=_local(day, 16, 5),
        )
        safety.close_event(
            maintainer,
            event,
            version=event.version,
            outcome="UPS 供电 43 分钟，发电机 14:45 到场接续；16:05 市电恢复，设备运行正常",
        )
