"""IT-4 demo data at 江岸花园: 郑浩's annual assessment of last year, written in the source's words,
submitted in January and commented and signed by 周明; and this year's draft, filled from the
year's records. Loaded after the other staff-work demo parts, through the services."""

import datetime as dt
import struct
import zlib

from django.utils import timezone

from infocenter.core.models import User
from infocenter.machineroom.demo.common import as_of, local

from ..models import Assessment
from ..services import assessment as services

TEXTS = {
    "review": (
        "除了做好计算机和网络维护的基础工作外，还参与完成金税三期网络建设工作、税收票证模块上线"
        "工作，协助管理单位做好企业纳税网络申报工作，协助推行风险评估及电子档案系统的使用，积极"
        "完成计算机安防系统注册和实名制工作。在安防系统注册工作中，积极与市局信息中心反复核实，"
        "进管理后台反复核对，注册率和实名制均达100%。"
    ),
    "problems": (
        "信息技术岗位工作专业性要求比较强，在高标准的工作要求与我现有的知识结构之间存在差距。"
        "我缺少学习的时间和机会，尤其是专业知识的系统学习。"
    ),
    "plans": (
        "学习，不断学习：向优秀的领导同事请教学；充分运用开会出差的机会，向优秀的同行切磋学；"
        "积极使用零散的休息时间搜索学；坚持不懈向书本系统学（已购书28本，如《金牌网管师》）。"
        "有时电话没有及时接听，是因为在其他科室忙：已在系统中登记去向和代接人。"
    ),
    "shortcomings": "信息技术岗位专业知识不够系统全面，有待进一步学习提高。",
}


def signature_png(width: int = 160, height: int = 48) -> bytes:
    """A drawn stroke on white, as the signature pad saves it (a real PNG for print and Word)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    def pixel(x, y):
        on_stroke = abs(y - (height // 2 + int(12 * ((x % 40) / 20 - 1)))) < 2
        return b"\x20\x20\x60" if 10 < x < width - 10 and on_stroke else b"\xff\xff\xff"

    rows = b"".join(b"\x00" + b"".join(pixel(x, y) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def load(echo=print) -> None:
    staff, head = (User.objects.get(username=u) for u in ("zhenghao", "zhouming"))
    this_year = timezone.localdate().year
    if Assessment.objects.filter(person=staff).exists():
        return
    january = dt.date(this_year, 1, 8)
    with as_of(local(january, 9)):
        last = services.draft_assessment(staff, year=this_year - 1)
    with as_of(local(january, 10)):
        last = services.edit_assessment(staff, last, version=last.version, **TEXTS)
        last = services.submit_assessment(staff, last, version=last.version)
    with as_of(local(january + dt.timedelta(days=2), 15)):
        services.sign_assessment(
            head,
            last,
            version=last.version,
            comment="工作扎实，安防系统注册率和实名制均达100%。望坚持系统学习，合理安排时间。",
            signature_png=signature_png(),
        )
    services.draft_assessment(staff, year=this_year)
    echo(f"staff work: 郑浩's assessment of {this_year - 1} signed, {this_year} drafted")
