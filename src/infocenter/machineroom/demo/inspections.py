"""Inspection demo data at 江岸花园 (MR-9): the daily machine-room checklist (temperature 18–27 °C,
humidity 40–70 %, UPS, air conditioning, fire extinguishers) and the quarterly full LAN test with
their schedules, today's round open, yesterday's round with a hot room that opened a work order,
a core-device alarm handled and reported, and a line fault waiting for the upstream unit."""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from ..models import InspectionRound, InspectionSchedule
from ..services import inspections
from . import incidents

DAILY = [
    (
        "机房温度",
        "reading",
        {
            "unit": "°C",
            "min_value": Decimal(18),
            "max_value": Decimal(27),
            "guidance": "读机房温湿度计，记录当前值",
        },
    ),
    ("机房湿度", "reading", {"unit": "%", "min_value": Decimal(40), "max_value": Decimal(70)}),
    (
        "UPS 运行状态",
        "check",
        {"photo_required": True, "guidance": "面板无告警，负载、电池电量正常；拍面板照片"},
    ),
    (
        "UPS 输出电压",
        "reading",
        {"unit": "V", "min_value": Decimal(210), "max_value": Decimal(230)},
    ),
    ("精密空调运行", "check", {"guidance": "无告警、出风正常、无漏水"}),
    ("灭火器（气体灭火）压力", "check", {"guidance": "压力表指针在绿区，铅封完好"}),
    ("机柜与线缆整齐、门锁闭", "check", {}),
]


LAN = [
    ("核心交换机到各楼栋汇聚链路", "check", {"guidance": "逐条 ping 与端口状态检查"}),
    ("出口带宽测速", "reading", {"unit": "Mbps", "min_value": Decimal(900)}),
    ("监控、门禁、停车场子网连通", "check", {}),
    ("中控室到机房时延", "reading", {"unit": "ms", "max_value": Decimal(5)}),
]


def _checklist(maintainer, site, name, items, **target):
    record = inspections.add_checklist(maintainer, site=site, name=name, **target)
    for label, kind, extra in items:
        record.refresh_from_db()
        inspections.add_checklist_item(
            maintainer, record, version=record.version, label=label, kind=kind, **extra
        )
    record.refresh_from_db()
    return record


def panel_photo():
    """A stand-in for the UPS panel photo taken on the round."""

    image = Image.new("RGB", (480, 320), (32, 48, 40))
    ImageDraw.Draw(image).rectangle((40, 40, 440, 280), outline=(80, 220, 120), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return SimpleUploadedFile("ups.jpg", buffer.getvalue(), content_type="image/jpeg")


def _round_at(schedule, occurs_at):
    """The schedule's round at ``occurs_at``: the one the worker made in the history, or a new one."""
    made = InspectionRound.objects.filter(schedule=schedule, occurs_at=occurs_at).first()
    if made is not None:
        return made
    with transaction.atomic():
        return inspections.generate_round(schedule, occurs_at=occurs_at, now=timezone.now())


def setup(*, site, room, head, maintainer):
    """The daily checklist and the quarterly LAN test with their schedules (the daily one
    returned): those the history began with, or new ones."""
    every_day = InspectionSchedule.objects.filter(site=site, name="机房每日巡检").first()
    if every_day is not None:
        return every_day
    daily = _checklist(maintainer, site, "机房日常巡检", DAILY, target="area", room=room)
    lan = _checklist(
        maintainer, site, "季度全网测试", LAN, target="device", device="江岸花园局域网（全网）"
    )
    every_day = inspections.add_schedule(
        head,
        checklist=daily,
        name="机房每日巡检",
        rule="FREQ=DAILY;BYHOUR=8;BYMINUTE=0",
        due_hours=10,
    )
    inspections.add_schedule(
        head,
        checklist=lan,
        name="季度全网测试（1、4、7、10 月 5 日）",
        due_hours=168,
        rule="FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=5;BYHOUR=9;BYMINUTE=0",
    )
    return every_day


def load(*, site, room, head, maintainer, echo=print) -> None:
    every_day = setup(site=site, room=room, head=head, maintainer=maintainer)
    today = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    past = _round_at(every_day, today - dt.timedelta(days=1))
    values = {
        "机房温度": {"reading": Decimal("29.5"), "note": "空调 2 号机组出风偏热"},
        "机房湿度": {"reading": Decimal(52)},
        "UPS 输出电压": {"reading": Decimal(221)},
    }
    entries = {r.pk: values.get(r.label, {"outcome": "pass"}) for r in past.results.all()}
    entries[past.results.get(label="UPS 运行状态").pk]["photo"] = panel_photo()
    inspections.record_results(
        maintainer,
        past,
        version=past.version,
        entries=entries,
        submit=True,
        note="温度超出正常范围，已派工单",
    )
    _round_at(every_day, today)
    incidents.load(site, room, maintainer)
    echo(
        "inspections: 2 checklists, 2 schedules, today's round open, yesterday's round with 1 work order, "
        "1 alarm, 1 line fault"
    )
