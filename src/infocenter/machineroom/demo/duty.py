"""Duty demo data at 江岸花园 (MR-1): the roster of this week in the information center's machine
room (郑浩 yesterday, 吴磊 today with his checklist not done yet) and yesterday closed with both
checklists; then the safety demo (``safety``): a power-use permit and a fire-system change waiting
for 周明, and a power outage last month handled with the UPS and the generator and closed.

Yesterday and last month are recorded through the same services at their own time."""

import datetime as dt

from django.utils import timezone

from infocenter.core.models import Site, User

from ..choices import ClosingItem, DutyItem
from ..models import MachineRoom
from ..services import duty
from .common import as_of, local
from .safety import outage_last_month, permits


def load(echo=print) -> None:
    site = Site.objects.get(code="jahy")
    head, maintainer, it, zhangwei = (
        User.objects.get(username=u) for u in ("zhouming", "wulei", "zhenghao", "zhangwei")
    )
    room = MachineRoom.objects.get(site=site, name="信息中心机房")
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    with as_of(local(yesterday, 8)):
        rows = duty.plan_roster(
            head,
            room=room,
            start=yesterday,
            end=yesterday + dt.timedelta(days=7),
            people=[it, maintainer],
            on_call=[head, it],
            note="本周值日",
        )
    with as_of(local(yesterday, 17, 20)):
        duty.record_duty_check(
            it,
            rows[0],
            version=rows[0].version,
            note="地面已拖，空调滤网下周清洗",
            results={c: (True, "") for c in DutyItem.values},
        )
    with as_of(local(yesterday, 18, 40)):
        duty.record_closing(
            it,
            room=room,
            results={c: (True, "") for c in ClosingItem.values},
            note="照明已关，UPS 正常，气体灭火控制器在自动状态",
        )
    permits(room, head, maintainer, zhangwei)
    outage_last_month(room, head, maintainer, it, today)
    echo(
        "duty: a week's roster (吴磊 on duty today, checklist not done), yesterday closed, a power permit and a "
        "fire-system change waiting for 周明, a power outage last month closed"
    )
