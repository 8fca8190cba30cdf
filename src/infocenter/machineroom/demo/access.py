"""Access demo data at 江岸花园 (MR-2, MR-3): the information center's machine room and the
weak-current room, a telecom technician inside on an approved visit who carried an old device out,
a cabling crew on an approved construction application, a request waiting for 周明, a refusal, and
the duty staff signed in."""

import datetime as dt

from django.utils import timezone

from ..models import MachineRoom
from ..services import access


def rooms(root, site):
    """The information center's machine room: the one the history began with, or a new one."""
    room = MachineRoom.objects.filter(site=site, name="信息中心机房").first()
    return room or add_rooms(root, site)


def add_rooms(root, site):
    """The site's two rooms; the information center's machine room first (returned)."""
    room = access.add_room(root, site=site, name="信息中心机房", location="物业服务中心三楼 301")
    access.add_room(root, site=site, name="3栋弱电间", location="3栋负一楼")
    return room


def load(room, head, maintainer, it, zhangwei) -> None:
    now = timezone.now()
    today = timezone.localtime(now).replace(hour=8, minute=30, second=0, microsecond=0)
    began = min(today, now - dt.timedelta(hours=1))  # the demo works at any hour

    def ask(
        kind,
        organisation,
        applicant,
        phone,
        people,
        purpose,
        starts,
        ends,
        *,
        by=zhangwei,
        scope="",
    ):
        return access.request_access(
            by,
            room=room,
            kind=kind,
            organisation=organisation,
            applicant=applicant,
            phone=phone,
            people=people,
            purpose=purpose,
            starts_at=starts,
            ends_at=ends,
            escort=maintainer,
            maintainer=it,
            scope=scope,
        )

    visit = ask(
        "visit",
        "中国电信重庆分公司",
        "刘工",
        "13996001234",
        ["刘工"],
        "更换光纤接入设备（光猫）",
        began,
        now + dt.timedelta(hours=8),
    )
    visit = access.approve_request(head, visit, version=visit.version, note="同意，由吴磊陪同")
    crew = ask(
        "construction",
        "重庆捷联智能科技有限公司",
        "陈经理",
        "13883005678",
        ["陈立", "王海"],
        "监控系统扩容：新增 8 路摄像机接入",
        began,
        today + dt.timedelta(days=3, hours=9),
        by=it,
        scope="机柜 B2 增加 1 台 24 口交换机及配线架；桥架内布设网线 8 根",
    )
    crew = access.approve_request(
        head, crew, version=crew.version, note="施工期间每日清理现场，经值班人员同意后离开"
    )
    ask(
        "visit",
        "江北区消防支队",
        "李参谋",
        "023-67700119",
        ["李参谋", "张干事"],
        "年度消防检查：机房气体灭火系统",
        today + dt.timedelta(days=2, hours=1),
        today + dt.timedelta(days=2, hours=3),
    )

    access.sign_in_staff(maintainer, room=room)
    technician = access.sign_in_visitor(maintainer, request=visit, name="刘工")
    access.record_item(
        maintainer,
        visit=technician,
        direction="in",
        description="光猫",
        quantity=1,
        identifier="ZXHN F7610M",
        inspection="新设备，包装完好",
        no_forbidden=True,
    )
    access.record_item(
        maintainer,
        visit=technician,
        direction="out",
        description="旧光猫",
        quantity=1,
        identifier="HG8245H",
        inspection="拆下的旧设备，由电信带回",
    )
    access.sign_in_visitor(maintainer, request=crew, name="陈立")
    access.record_refusal(
        maintainer,
        room=room,
        name="某推销人员",
        organisation="不详",
        reason="无审批、与机房工作无关，拒绝进入",
    )
