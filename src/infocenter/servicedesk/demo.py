"""Service-desk demo data: a morning's calls at 江岸花园 in every state of the workflow, a
corrected form and a voided duplicate (SD-3), matters returned unfinished (SD-12), an order
finished with no customer to sign (SD-8), and the residents register's history (LOG-4)."""

import dataclasses
import datetime as dt

from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.core.models import Department, Room, Site, User
from infocenter.core.selectors import holders

from . import services
from .choices import Category, ReporterKind, ResidentState, Source, Unsigned, VoidReason
from .models import Resident, ServiceForm

CALLS = [
    # (name, phone, building, unit, room, category, content, how far it goes)
    (
        "刘建国",
        "13983001234",
        "3栋",
        "1单元",
        "1201",
        Category.REPAIR,
        "卫生间天花板漏水，楼上可能水管破裂",
        "closed",
    ),
    (
        "陈美玲",
        "13608361122",
        "1栋",
        "2单元",
        "502",
        Category.COMPLAINT,
        "夜间广场舞噪音过大，影响休息",
        "reported",
    ),
    (
        "杨帆",
        "15923004567",
        "5栋",
        "1单元",
        "1802",
        Category.REPAIR,
        "电梯按键失灵，18楼按不亮",
        "assigned",
    ),
    (
        "周小红",
        "13883339876",
        "2栋",
        "1单元",
        "301",
        Category.INQUIRY,
        "咨询本月物业费缴费方式",
        "resolved",
    ),
    (
        "黄志强",
        "18623112233",
        "6栋",
        "2单元",
        "701",
        Category.REPAIR,
        "入户门锁坏了，无法反锁",
        "dispatched",
    ),
    (
        "吴婷",
        "13594005566",
        "4栋",
        "1单元",
        "1102",
        Category.SUGGESTION,
        "建议小区增设电动车充电桩",
        "logged",
    ),
]


def load(echo=print) -> None:
    site = Site.objects.get(code="jahy")
    processor = User.objects.get(username="wangfang")
    assistant = User.objects.get(username="lina")
    departments = {code: Department.objects.get(site=site, code=code) for code in ("gc", "zx")}
    for name, phone, building, unit, number, category, content, until in CALLS:
        room = _room(site, building, unit, number)
        form = services.log_form(
            processor,
            site=site,
            source=Source.PHONE,
            reporter_kind=ReporterKind.OWNER,
            reporter_name=name,
            reporter_phone=phone,
            category=category,
            content=content,
            room=room,
        )
        if until == "logged":
            continue
        if until == "resolved":
            services.resolve_form(
                processor,
                form,
                version=form.version,
                resolution="已电话告知：可通过物业APP或前台缴费",
            )
            continue
        department = departments["zx" if category == Category.COMPLAINT else "gc"]
        order = services.dispatch_order(
            processor,
            form,
            version=form.version,
            department=department,
            assistant=assistant,
            instructions="请尽快安排处理",
        )
        if until == "dispatched":
            continue
        head = holders(site.pk, Role.DEPT_HEAD, department_id=department.pk)[0]
        staff = holders(site.pk, Role.DEPT_STAFF, department_id=department.pk) or [head]
        order = services.assign_order(head, order, version=order.version, assignee=staff[0])
        if until == "assigned":
            continue
        order = services.start_order(staff[0], order, version=order.version)
        order = services.report_result(
            staff[0], order, version=order.version, result="已上门处理完毕", signed_by_customer=name
        )
        if until == "reported":
            continue
        order = services.verify_order(assistant, order, version=order.version)
        services.close_in_register(processor, order, version=order.version)
    echo(f"service desk: {len(CALLS)} calls in every state")
    _staff_forms(site, processor)
    _corrections(site, processor)
    _returned_matters(site, processor, assistant, departments)
    _residents(site, processor)
    echo("service desk: returned matters, a public-area order, the residents register's history")


def _staff_forms(site, processor) -> None:
    """SD-17, SD-11: a technician's form waiting for receipt, and a staff member's internal
    feedback referred to 分公司综合管理部, replied to and waiting to be returned."""
    technician = User.objects.get(username="zhaoqiang")
    services.submit_form(
        technician,
        site=site,
        category=Category.REPAIR,
        content="地下车库B区照明灯有三盏不亮",
        location="地下车库B区",
    )
    feedback = services.submit_form(
        User.objects.get(username="zhenghao"),
        site=site,
        category=Category.INTERNAL,
        content="中控室夜班没有热水，值班人员用餐不便",
        location="中控室",
    )
    feedback = services.confirm_receipt(processor, feedback, version=feedback.version)
    office = Department.objects.get(site__code="cqbb", code="zhgl")
    feedback = services.refer_form(processor, feedback, version=feedback.version, department=office)
    services.reply_to_filer(
        User.objects.get(username="xuli"),
        feedback,
        version=feedback.version,
        reply="已安排本周内为中控室配置电热水壶",
    )


def _corrections(site, processor) -> None:
    """SD-3: a phone number typed wrong and corrected; the same lift fault called in twice, the
    second form voided as a duplicate."""
    wrong = ServiceForm.objects.get(site=site, reporter_name="吴婷")
    services.correct_form(
        processor,
        wrong,
        version=wrong.version,
        reason="来电号码记错一位",
        values=dataclasses.replace(services.FormFields.of(wrong), reporter_phone="13594005568"),
    )
    first = ServiceForm.objects.get(site=site, reporter_name="杨帆")
    again = services.log_form(
        processor,
        site=site,
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="杨帆",
        reporter_phone=first.reporter_phone,
        category=Category.REPAIR,
        content="电梯18楼按键不亮（再次来电）",
        room=first.room,
    )
    services.void_form(
        processor,
        again,
        version=again.version,
        reason=VoidReason.DUPLICATE,
        note=f"与 {first.serial} 重复",
    )


def _room(site, building: str, unit: str, number: str) -> Room:
    """The demo flat ``number`` of ``building``, ``unit`` at ``site``."""
    return Room.objects.get(
        unit__building__site=site, unit__building__name=building, unit__name=unit, number=number
    )


def _call(processor, site, *, name, phone, content, kind=ReporterKind.OWNER, room=None, where=""):
    return services.log_form(
        processor,
        site=site,
        source=Source.PHONE,
        reporter_kind=kind,
        reporter_name=name,
        reporter_phone=phone,
        category=Category.REPAIR,
        content=content,
        room=room,
        location=where,
    )


def _sent(processor, assistant, form, department):
    form.refresh_from_db()
    return services.dispatch_order(
        processor, form, version=form.version, department=department, assistant=assistant
    )


def _head(site, department):
    return holders(site.pk, Role.DEPT_HEAD, department_id=department.pk)[0]


def _returned(site, order, reason):
    return services.return_order(
        _head(site, order.department), order, version=order.version, reason=reason
    )


def _finished(site, processor, assistant, order, *, result, **report):
    """Staffed, handled, reported, verified and struck in the register (消档)."""
    head = _head(site, order.department)
    staff = holders(site.pk, Role.DEPT_STAFF, department_id=order.department_id) or [head]
    order = services.assign_order(head, order, version=order.version, assignee=staff[0])
    order = services.start_order(staff[0], order, version=order.version)
    order = services.report_result(staff[0], order, version=order.version, result=result, **report)
    order = services.verify_order(assistant, order, version=order.version)
    return services.close_in_register(processor, order, version=order.version)


def _returned_matters(site, processor, assistant, departments) -> None:
    """SD-12: an order returned for missing parts waiting for the processor's decision, one set
    pending until the parts come, and one re-dispatched to another department and finished;
    SD-8: a public-area repair finished with no customer to sign."""
    gc, zx = departments["gc"], departments["zx"]
    room = _room(site, "3栋", "2单元", "802")
    waiting = _call(
        processor, site, name="何丽", phone="13752006688", room=room,
        content="厨房水龙头漏水，需更换阀芯",
    )  # fmt: skip
    _returned(site, _sent(processor, assistant, waiting, gc), "缺配件：阀芯型号需订货")

    room = _room(site, "5栋", "2单元", "1501")
    pending = _call(
        processor, site, name="郭建华", phone="13883452211", room=room,
        content="空调外机支架锈蚀松动，存在坠落隐患",
    )  # fmt: skip
    _returned(site, _sent(processor, assistant, pending, gc), "缺配件：需定制不锈钢支架")
    pending.refresh_from_db()
    services.set_pending(
        processor,
        pending,
        version=pending.version,
        until=timezone.localdate() + dt.timedelta(days=7),
        reason="等厂家定制支架到货",
    )

    gate = _call(
        processor, site, name="秩序部门岗 郭亮", phone="13996001234", kind=ReporterKind.STAFF,
        where="小区东门", content="东门道闸抬杆失灵，车辆无法进出",
    )  # fmt: skip
    _returned(site, _sent(processor, assistant, gate, zx), "道闸电机故障，需工程部维修")
    gate.refresh_from_db()
    order = services.redispatch_order(
        processor,
        gate,
        version=gate.version,
        department=gc,
        assistant=assistant,
        instructions="秩序部退回：道闸电机故障，请工程部维修",
    )
    _finished(
        site, processor, assistant, order, result="已更换道闸电机，抬杆恢复正常",
        unsigned=Unsigned.PUBLIC_AREA, unsigned_note="小区东门道闸，公共区域",
    )  # fmt: skip

    lobby = _call(
        processor, site, name="环境部保洁 罗芳", phone="13594112233", kind=ReporterKind.STAFF,
        where="2栋一楼大堂", content="2栋大堂吸顶灯不亮",
    )  # fmt: skip
    _finished(
        site, processor, assistant, _sent(processor, assistant, lobby, gc),
        result="已更换LED灯管", unsigned=Unsigned.PUBLIC_AREA, unsigned_note="公共区域，无业主签字",
    )  # fmt: skip


def _residents(site, processor) -> None:
    """LOG-4: the flat 4栋1单元1102's former owner, moved out before 吴婷 (who called this
    morning) moved in; and 刘建国 entered twice, the duplicate merged into the kept entry."""
    room = _room(site, "4栋", "1单元", "1102")
    former = services.add_resident(
        processor,
        site=site,
        name="钱卫东",
        phone="13908317788",
        room=room,
        moved_in_on=dt.date(2016, 5, 1),
    )
    services.move_out_resident(
        processor, former, version=former.version, moved_out_on=dt.date(2023, 8, 31)
    )
    current = Resident.objects.get(site=site, room=room, state=ResidentState.CURRENT)
    services.update_resident(
        processor,
        current,
        version=current.version,
        name=current.name,
        phone=current.phone,
        kind=current.kind,
        room=current.room,
        phone2=current.phone2,
        note=current.note,
        moved_in_on=dt.date(2023, 10, 1),
    )
    kept = Resident.objects.get(site=site, name="刘建国", state=ResidentState.CURRENT)
    duplicate = services.add_resident(
        processor,
        site=site,
        name="刘建国",
        phone="13983001235",
        room=kept.room,
        note="重复录入（电话少记一位）",
    )
    services.merge_residents(
        processor, duplicate, version=duplicate.version, into=kept, into_version=kept.version
    )
