"""Incident demo data at 江岸花园 (MR-9): a core-device alarm handled and reported, and a line
fault waiting for the upstream unit."""

import datetime as dt

from django.utils import timezone

from ..services import incidents


def load(site, room, maintainer) -> None:
    now = timezone.now()
    alarm = incidents.log_alarm(
        maintainer,
        site=site,
        room=room,
        device="核心交换机 H3C S7506E",
        severity="major",
        text="电源模块 PSU2 告警：输入电压异常",
        occurred_at=now - dt.timedelta(hours=3),
    )
    incidents.respond_to_alarm(
        maintainer,
        alarm,
        version=alarm.version,
        response="检查 PSU2 电源线松动，重新插紧后告警消除；已通知周明",
    )
    fault = incidents.log_fault(
        maintainer,
        site=site,
        kind="line",
        description="电信专线中断，外网不通",
        occurred_at=now - dt.timedelta(hours=2),
        local_findings="光猫 LOS 红灯，本地交换机、防火墙、跳线均正常，判断为外线故障",
    )
    incidents.report_upstream(
        maintainer,
        fault,
        version=fault.version,
        upstream_unit="中国电信 10000 号",
        upstream_reference="CQ-GZ-20261126-0318",
    )
