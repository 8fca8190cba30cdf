"""Equipment-ledger demo data at 江岸花园 (MR-13, MR-10): about thirty ledger lines (switches,
servers, the UPS and its batteries, spare boards with one damaged in antistatic storage, toner,
cables and other consumables), a purchase received, a loan waiting for 周明, an overdue loan, a
returned loan and a damage report.

Records of past days are entered through the same services as they were then: the clock of the
services is set back while they run (``common.as_of``)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from infocenter.core.models import Site, User

from ..models import MachineRoom
from ..rules.equipment import LedgerLine, PurchaseLine
from ..services import equipment as eq
from . import loans

LEDGER = [
    # category, name, model, serial, quantity, unit, status, room, location
    (
        "equipment",
        "核心交换机",
        "H3C S7506E",
        "210235A0LUH179000012",
        1,
        "台",
        "in_use",
        0,
        "A1 机柜 20U",
    ),
    (
        "equipment",
        "汇聚交换机",
        "H3C S5560X-30C-EI",
        "210235A2H6H189000341",
        1,
        "台",
        "in_use",
        0,
        "A2 机柜 30U",
    ),
    (
        "equipment",
        "汇聚交换机",
        "H3C S5560X-30C-EI",
        "210235A2H6H189000342",
        1,
        "台",
        "in_use",
        0,
        "A2 机柜 32U",
    ),
    (
        "equipment",
        "接入交换机",
        "H3C S5130S-28P-EI",
        "219801A1NM8197000101",
        1,
        "台",
        "in_use",
        1,
        "弱电机柜 1",
    ),
    (
        "equipment",
        "接入交换机",
        "H3C S5130S-28P-EI",
        "219801A1NM8197000102",
        1,
        "台",
        "spare",
        0,
        "备件柜 1 层",
    ),
    (
        "equipment",
        "防火墙",
        "华为 USG6550E",
        "2102353VBN10L8000022",
        1,
        "台",
        "in_use",
        0,
        "A1 机柜 24U",
    ),
    (
        "equipment",
        "服务器（一卡通平台）",
        "Dell PowerEdge R740",
        "CN-0JP31P-7HZ8",
        1,
        "台",
        "in_use",
        0,
        "B1 机柜 10U",
    ),
    (
        "equipment",
        "服务器（视频监控平台）",
        "Dell PowerEdge R740",
        "CN-0JP31P-7HZ9",
        1,
        "台",
        "in_use",
        0,
        "B1 机柜 14U",
    ),
    ("equipment", "备用服务器", "浪潮 NF5280M5", "219335871", 1, "台", "spare", 0, "B2 机柜 6U"),
    (
        "equipment",
        "网络硬盘录像机",
        "海康 DS-9632N-I8",
        "DS9632N20190811CCRR",
        1,
        "台",
        "in_use",
        0,
        "B2 机柜 20U",
    ),
    ("equipment", "UPS 主机", "山特 C10KS", "SNT-C10KS-1906021", 1, "台", "in_use", 0, "UPS 间"),
    ("equipment", "UPS 蓄电池", "山特 C12-100", "", 16, "节", "in_use", 0, "UPS 间电池架"),
    ("spare", "UPS 蓄电池（备用）", "山特 C12-100", "", 4, "节", "spare", 0, "UPS 间电池架下层"),
    (
        "spare",
        "主控板",
        "H3C LSQM1SUPB0",
        "210231A0XX9187000011",
        1,
        "块",
        "spare",
        0,
        "备件柜 2 层",
    ),
    (
        "spare",
        "业务板",
        "H3C LSQM1GP24TSSC0",
        "210231A1BB9187000254",
        1,
        "块",
        "spare",
        0,
        "备件柜 2 层",
    ),
    (
        "spare",
        "业务板",
        "H3C LSQM1GP24TSSC0",
        "210231A1BB9187000255",
        1,
        "块",
        "in_use",
        0,
        "A1 机柜 槽位 4",
    ),
    (
        "spare",
        "电源模块",
        "H3C PSR150-A1",
        "210231A16X9186000703",
        1,
        "块",
        "spare",
        0,
        "备件柜 2 层",
    ),
    ("spare", "千兆光模块", "SFP-GE-LX-SM1310", "", 10, "个", "spare", 0, "备件柜 3 层"),
    ("spare", "监控硬盘", "希捷 ST8000VX004 8TB", "", 4, "块", "spare", 0, "备件柜 3 层"),
    ("spare", "网络摄像机", "海康 DS-2CD3T46", "", 2, "台", "spare", 0, "备件柜 4 层"),
    ("equipment", "笔记本电脑", "ThinkPad E14", "PF3ABC12", 1, "台", "spare", 0, "工具柜"),
    ("equipment", "光功率计", "嘉慧 JW3208", "JW3208-22071", 1, "台", "spare", 0, "工具柜"),
    ("equipment", "网络测试仪", "Fluke MS2-100", "MS2-5106618", 1, "台", "spare", 0, "工具柜"),
    ("consumable", "硒鼓", "HP 88A", "", 8, "个", "spare", 0, "耗材柜"),
    ("consumable", "超五类网线", "305 米/箱", "", 3, "箱", "spare", 0, "耗材柜"),
    ("consumable", "超五类跳线", "1.5 米", "", 60, "根", "spare", 0, "耗材柜"),
    ("consumable", "六类水晶头", "100 个/盒", "", 5, "盒", "spare", 0, "耗材柜"),
    ("consumable", "光纤跳线", "LC-LC 单模 3 米", "", 20, "根", "spare", 0, "耗材柜"),
    ("consumable", "尼龙扎带", "4×200 mm", "", 10, "包", "spare", 0, "耗材柜"),
    ("consumable", "防静电袋", "20×30 cm", "", 50, "个", "spare", 0, "防静电柜"),
]


def load(echo=print) -> None:
    """Load the ledger, a purchase, three loans and a damage report at 江岸花园."""
    site = Site.objects.get(code="jahy")
    head, keeper, it, zhangwei, majun = (
        User.objects.get(username=u) for u in ("zhouming", "wulei", "zhenghao", "zhangwei", "majun")
    )
    rooms = list(MachineRoom.objects.filter(site=site).order_by("pk"))
    items = {}
    for category, name, model, serial, quantity, unit, status, room, location in LEDGER:
        line = LedgerLine(
            category=category,
            name=name,
            model=model,
            serial=serial,
            quantity=quantity,
            unit=unit,
            status=status,
            room=rooms[room] if rooms else None,
            location=location,
            custodian=keeper if category != "consumable" else it,
            purchased_on=dt.date(2023, 6, 18),
            supplier="重庆新视界网络科技有限公司",
            warranty_until=dt.date(2026, 6, 17) if category == "equipment" else None,
        )
        items[(name, serial or model)] = eq.add_equipment(keeper, site=site, line=line)
    _purchase(site, keeper, items)
    loans.load(site, head, keeper, zhangwei, majun, items)
    broken, toner = items[("业务板", "210231A1BB9187000255")], items[("硒鼓", "HP 88A")]
    broken.refresh_from_db()
    toner.refresh_from_db()
    eq.report_equipment(
        keeper,
        broken,
        version=broken.version,
        kind="damage",
        responsible=it,
        storage="防静电柜 1 号（防静电袋）",
        description="更换光模块时带电插拔，板卡端口指示灯不亮，已拆下装入防静电袋待返修",
        happened_at=timezone.now() - dt.timedelta(days=2),
    )
    eq.report_equipment(
        keeper,
        toner,
        version=toner.version,
        kind="consumption",
        quantity=2,
        description="中控室、客服部打印机更换硒鼓",
    )
    echo(
        f"equipment ledger: {len(items)} lines, 1 purchase, 3 loans (one waiting for 周明, one overdue, one "
        "returned), 1 damage report"
    )


def _purchase(site, keeper, items) -> None:
    switch = LedgerLine(
        category="equipment",
        name="接入交换机",
        model="H3C S5130S-28P-EI",
        serial="219801A1NM8197000187",
        location="备件柜 1 层",
        custodian=keeper,
    )
    eq.record_procurement(
        keeper,
        site=site,
        supplier="重庆科讯通信设备有限公司",
        reference="HT-2026-031",
        purchased_on=timezone.localdate() - dt.timedelta(days=5),
        received_by=keeper,
        lines=[
            PurchaseLine(into=items[("硒鼓", "HP 88A")], quantity=4, unit_price=Decimal("320")),
            PurchaseLine(
                into=items[("超五类跳线", "1.5 米")], quantity=40, unit_price=Decimal("6.5")
            ),
            PurchaseLine(quantity=1, unit_price=Decimal("2680"), line=switch),
        ],
    )
