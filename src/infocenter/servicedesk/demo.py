"""Service-desk demo data: a morning's calls at 江岸花园 in every state of the workflow, a
corrected form and a voided duplicate (SD-3)."""

import dataclasses

from infocenter.core.choices import Role
from infocenter.core.models import Department, Room, Site, User
from infocenter.core.selectors import holders

from . import services
from .choices import Category, ReporterKind, Source, VoidReason
from .models import ServiceForm

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
        room = Room.objects.get(
            unit__building__site=site, unit__building__name=building, unit__name=unit, number=number
        )
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
