"""Register demo data at 江岸花园: last night's handover, today's phone log, who is where, the
changes in force and coming, the numbers of 4.1.4 of the source and its reference library."""

import datetime as dt

from django.utils import timezone

from infocenter.core.models import Building, Department, Site, User
from infocenter.servicedesk.choices import Category

from . import services
from .choices import ContactCategory, DocumentCategory, EntryKind, ReportChannel, WhereaboutsStatus

CONTACTS = [
    (ContactCategory.WATER_SUPPLIER, "供水服务热线", "重庆水务集团", "客服中心", "96968", ""),
    (ContactCategory.POWER_SUPPLIER, "供电服务热线", "国网重庆市电力公司", "客服中心", "95598", ""),
    (
        ContactCategory.POWER_SUPPLIER,
        "刘志远",
        "国网重庆江北供电分公司",
        "观音桥供电所所长",
        "023-67521188",
        "13908361234",
    ),
    (ContactCategory.GAS_SUPPLIER, "燃气抢修", "重庆燃气集团", "24小时抢修", "96577", ""),
    (
        ContactCategory.POLICE,
        "张建华",
        "江北区观音桥派出所",
        "社区民警",
        "023-67701110",
        "13594012345",
    ),
    (ContactCategory.FLOOD_HQ, "值班室", "江北区三防指挥部", "防汛值班", "023-67853000", ""),
    (
        ContactCategory.RESIDENTS_COMMITTEE,
        "王秀英",
        "江岸社区居委会",
        "主任",
        "023-67552233",
        "13883456789",
    ),
    (
        ContactCategory.EQUIPMENT,
        "电梯维保值班",
        "重庆通力电梯有限公司",
        "江岸花园维保站",
        "023-63051234",
        "18623001122",
    ),
    (
        ContactCategory.EQUIPMENT,
        "消防维保",
        "重庆安盾消防工程有限公司",
        "消防系统年检维保",
        "023-68109876",
        "",
    ),
    (ContactCategory.INTERNAL, "客服部前台", "江岸花园", "", "023-68881001", ""),
    (ContactCategory.INTERNAL, "工程部值班", "江岸花园", "24小时", "023-68881002", ""),
    (ContactCategory.INTERNAL, "秩序部监控室", "江岸花园", "24小时", "023-68881003", ""),
    (ContactCategory.EMERGENCY, "报警", "", "", "110", ""),
    (ContactCategory.EMERGENCY, "火警", "", "", "119", ""),
    (ContactCategory.EMERGENCY, "急救", "", "", "120", ""),
    (ContactCategory.EMERGENCY, "交通事故", "", "", "122", ""),
]

DOCUMENTS = [
    (DocumentCategory.DECORATION, "重庆市装修管理规定", "重庆市人民政府", "", "2019"),
    (
        DocumentCategory.CITY_SANITATION,
        "重庆市市容环境卫生管理条例",
        "重庆市人大常委会",
        "",
        "2022年修正",
    ),
    (
        DocumentCategory.PROPERTY_MANAGEMENT,
        "重庆市物业管理条例",
        "重庆市人大常委会",
        "",
        "2021年修订",
    ),
    (
        DocumentCategory.OWNERS_COVENANT,
        "江岸花园业主临时管理公约",
        "嘉禾物业服务有限公司",
        "JH-GY-2020-01",
        "2020",
    ),
    (
        DocumentCategory.PARKING_FEES,
        "江岸花园停车场收费标准",
        "江北区发展和改革委员会",
        "江北发改价〔2023〕12号",
        "2023",
    ),
    (
        DocumentCategory.UTILITY_FEES,
        "重庆市居民水电气及有线电视、电话收费标准",
        "重庆市发展和改革委员会",
        "",
        "2024",
    ),
    (DocumentCategory.RENTAL_HOUSING, "重庆市出租房屋管理规定", "重庆市人民政府", "", "2018"),
    (
        DocumentCategory.PUBLIC_SECURITY,
        "中华人民共和国治安管理处罚法",
        "全国人民代表大会常务委员会",
        "",
        "2012年修正",
    ),
    (DocumentCategory.FIRE, "重庆市消防条例", "重庆市人大常委会", "", "2021年修订"),
]


def load(echo=print) -> None:
    site = Site.objects.get(code="jahy")
    day, night = User.objects.get(username="wangfang"), User.objects.get(username="zhaomin")
    now = timezone.localtime()
    _directory_and_library(site, day)
    _registry(site, day, now)
    _calls(site, day, night)
    _whereabouts()
    record = services.hand_over(
        night,
        site=site,
        incoming=day,
        shift="夜班 20:00–08:00",
        equipment_state="电话、对讲、监控、消防主机运行正常",
        remarks="3栋停电通知已张贴；2栋电梯维保单位明早到场",
    )
    services.accept_handover(day, record, version=record.version, note="已清点钥匙和对讲机")
    echo(
        "registers: a handover, the phone log, whereabouts, the registry, the directory and the library"
    )


def _directory_and_library(site, actor) -> None:
    for category, name, organisation, title, phone, phone2 in CONTACTS:
        services.add_contact(
            actor,
            site=site,
            category=category,
            name=name,
            organisation=organisation,
            title=title,
            phone=phone,
            phone2=phone2,
        )
    for category, title, issuer, reference, label in DOCUMENTS:
        document = services.add_document(
            actor, site=site, category=category, title=title, issuer=issuer, reference=reference
        )
        services.add_document_version(
            actor,
            document,
            label=label,
            effective_from=dt.date(int(label[:4]), 1, 1),
            note="纸质版存放于中控室资料柜",
        )


def _registry(site, actor, now) -> None:
    gc, zx, kf = (Department.objects.get(site=site, code=c) for c in ("gc", "zx", "kf"))
    building3 = Building.objects.get(site=site, name="3栋")
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    entries = [
        (
            gc,
            EntryKind.POWER_OUTAGE,
            "3栋配电柜检修停电",
            "影响3栋全部住户及电梯，请提前告知业主",
            [building3],
            now - dt.timedelta(hours=1),
            now + dt.timedelta(hours=3),
            now - dt.timedelta(hours=3),
        ),
        (
            gc,
            EntryKind.WATER_OUTAGE,
            "二次供水水箱清洗停水",
            "全小区停水，请业主提前储水",
            [],
            today + dt.timedelta(days=1, hours=9),
            today + dt.timedelta(days=1, hours=15),
            now - dt.timedelta(hours=2),
        ),
        (
            kf,
            EntryKind.COMMUNITY_EVENT,
            "业主迎新年游园活动",
            "中心花园，欢迎业主参加",
            [],
            today + dt.timedelta(days=3, hours=9),
            today + dt.timedelta(days=3, hours=12),
            now - dt.timedelta(hours=1),
        ),
        (
            zx,
            EntryKind.COMPLAINT_FOLLOW_UP,
            "1栋装修噪音投诉跟进",
            "已约谈装修公司，限定施工时间 8:00–12:00、14:00–18:00",
            [Building.objects.get(site=site, name="1栋")],
            now - dt.timedelta(days=1),
            None,
            now - dt.timedelta(hours=9),
        ),
        (
            gc,
            EntryKind.MINOR_REPAIR,
            "2栋电梯年度维保",
            "维保期间2栋1号梯停用",
            [Building.objects.get(site=site, name="2栋")],
            today + dt.timedelta(days=1, hours=9),
            today + dt.timedelta(days=1, hours=11),
            now - dt.timedelta(hours=1),
        ),
    ]
    for department, kind, title, details, buildings, starts, ends, changed in entries:
        services.record_entry(
            actor,
            site=site,
            department=department,
            kind=kind,
            title=title,
            details=details,
            buildings=buildings,
            starts_at=starts,
            ends_at=ends,
            changed_at=changed,
            channel=ReportChannel.PHONE,
            reported_by=f"{department.name}值班",
        )


def _calls(site, day, night) -> None:
    services.log_call(
        night,
        site=site,
        number="13983001234",
        caller="刘建国",
        subject="询问停电什么时候恢复",
        outcome="已告知3栋检修停电至今天下午，请注意电梯停用",
    )
    services.log_call(
        day,
        site=site,
        number="13608361122",
        caller="陈美玲",
        subject="楼上漏水到我家卫生间",
        form_category=Category.REPAIR,
    )
    services.log_call(
        day,
        site=site,
        number="023-68881002",
        caller="工程部值班",
        subject="3栋停电检修开始",
        outcome="已登记信息登记表",
    )
    missed = services.log_missed_call(day, site=site, number="15923004567", caller="杨帆")
    services.call_back(
        day, missed, version=missed.version, subject="咨询停车位租赁", outcome="已告知收费标准"
    )
    services.log_missed_call(day, site=site, number="13883339876", caller="周小红")


def _whereabouts() -> None:
    zhaoqiang, zhangwei, majun = (
        User.objects.get(username=u) for u in ("zhaoqiang", "zhangwei", "majun")
    )
    later = timezone.now() + dt.timedelta(hours=2)
    services.set_whereabouts(
        zhaoqiang,
        person=zhaoqiang,
        status=WhereaboutsStatus.ON_SITE,
        place="3栋配电房检修",
        until=later,
        substitute=zhangwei,
    )
    services.set_whereabouts(
        majun, person=majun, status=WhereaboutsStatus.MEETING, place="分公司安全例会", until=later
    )
