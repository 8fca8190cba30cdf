"""Machine-room demo data at 江岸花园: the information center's machine room and the weak-current
room, a telecom technician inside on an approved visit who carried an old device out, a cabling
crew on an approved construction application, a request waiting for 周明, a refusal, and the
duty staff signed in; then each area's own demo (``demo_<area>.py``): duty, backups, changes,
inspections and the equipment ledger."""

import datetime as dt

from django.utils import timezone

from infocenter.core.models import Site, User

from . import demo_backups, demo_changes, demo_duty, demo_equipment, demo_inspections
from .services import access


def load(echo=print) -> None:
    site = Site.objects.get(code="jahy")
    head, maintainer, it, zhangwei = (
        User.objects.get(username=u) for u in ("zhouming", "wulei", "zhenghao", "zhangwei")
    )
    root = User.objects.filter(is_superuser=True).order_by("pk").first()
    room = access.add_room(root, site=site, name="信息中心机房", location="物业服务中心三楼 301")
    access.add_room(root, site=site, name="3栋弱电间", location="3栋负一楼")
    demo_duty.load(
        echo=echo
    )  # duty history first: yesterday's closing came before today's visitors
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
    _keys_and_credentials(site, head, maintainer, it, zhangwei)
    echo(
        "machine room: 2 rooms, 3 access requests, 3 people inside, 2 items, 1 refusal, "
        "3 keys, 4 registered accounts, 1 security report"
    )
    demo_backups.load(site, head, maintainer, it, echo=echo)
    demo_changes.load(echo=echo)
    demo_inspections.load(site=site, room=room, head=head, maintainer=maintainer, echo=echo)
    demo_equipment.load(echo=echo)


def _keys_and_credentials(site, head, maintainer, it, zhangwei) -> None:
    from .services import security

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
