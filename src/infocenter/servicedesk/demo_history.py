"""Three months of the service desk's past at 江岸花园 for the demo (``infocenter demo``),
entered through the services at the moment each step happened: calls with a weekly and daily
rhythm (Mondays busiest, few at night, a few urgent and major ones), staff forms, work orders
acknowledged, arranged, handled, verified and struck in the register, a few left lying until
the worker re-issues them one level up, callbacks with the customer's satisfaction, and the
weekly archive: every week's batch approved by the data manager but the last, still waiting.
Seeded: the same history each time."""

import datetime as dt
import random

from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.core.demo_clock import Calendar, local
from infocenter.core.models import Department, Room, Site, User
from infocenter.core.selectors import holders
from infocenter.core.services import mark_notifications_read

from . import services
from .choices import (
    CallbackOutcome,
    Category,
    FormState,
    OrderState,
    Priority,
    ReporterKind,
    Source,
    Unsigned,
)
from .models import ArchiveBatch, ServiceForm, WorkOrder

SEED = 14
DAYS = 90
# calls a day, Monday first; the hours they come in, by weight
PER_WEEKDAY = (8, 5, 5, 5, 5, 3, 3)
HOURS = [1, 1, 0, 0, 0, 1, 2, 5, 9, 10, 9, 8, 5, 6, 8, 8, 7, 6, 6, 6, 5, 4, 3, 2]
# rooms of the day's demo calls (``demo.py``): kept for them
KEPT_ROOMS = {
    ("3栋", "1单元", "1201"),
    ("1栋", "2单元", "502"),
    ("5栋", "1单元", "1802"),
    ("2栋", "1单元", "301"),
    ("6栋", "2单元", "701"),
    ("4栋", "1单元", "1102"),
    ("3栋", "2单元", "802"),
    ("5栋", "2单元", "1501"),
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建红鹏辉晨欣怡浩宇婷雪琳峰斌"
REPAIRS = [
    ("卫生间地漏反味", "已更换防臭地漏芯"),
    ("厨房下水管堵塞", "已疏通下水管"),
    ("客厅插座没电", "已更换烧坏的插座"),
    ("入户门闭门器漏油", "已更换闭门器"),
    ("阳台推拉门卡轨", "已调整滑轮并清理轨道"),
    ("热水器打不着火", "已更换点火针，试用正常"),
    ("楼道声控灯不亮", "已更换灯泡"),
    ("马桶水箱一直流水", "已更换进水阀"),
    ("窗户把手松动", "已紧固并更换螺丝"),
    ("单元门门禁刷卡无反应", "已重置门禁读卡器"),
    ("电梯运行有异响", "已通知维保单位检修，异响消除"),
    ("空调冷凝水管滴水到楼下", "已重新固定并加长冷凝水管"),
    ("水表井盖破损", "已更换井盖"),
    ("地下车库顶部渗水", "已封堵渗水点"),
    ("家中跳闸频繁", "已排查为厨房线路老化，已更换"),
    ("洗手盆龙头漏水", "已更换龙头阀芯"),
    ("外墙瓷砖松动有脱落风险", "已拆除松动瓷砖并设置警示"),
    ("可视对讲没有声音", "已更换对讲分机"),
]
COMPLAINTS = [
    ("楼上装修噪音超时", "已上门提醒装修户遵守施工时间"),
    ("消防通道被车辆占用", "已联系车主挪车并加强巡查"),
    ("小区内有人遛狗不牵绳", "已劝导并张贴文明养犬提示"),
    ("夜间有人在楼下喧哗", "已劝离并加强夜间巡逻"),
    ("快递柜旁堆放杂物", "已通知清理"),
    ("外来车辆随意停放", "已登记车牌并劝离"),
]
REPLIES = {
    Category.INQUIRY: [
        ("咨询停车月卡办理", "已告知携带行驶证到客服中心办理"),
        ("咨询装修申报流程", "已告知装修申报所需资料"),
        ("咨询本月停水通知", "已告知停水时间与范围"),
        ("咨询快递代收时间", "已告知前台代收时间"),
    ],
    Category.SUGGESTION: [
        ("建议增加儿童游乐设施", "已记录并转呈客户服务经理"),
        ("建议延长泳池开放时间", "已记录建议，将在业主座谈会讨论"),
    ],
    Category.PRAISE: [
        ("表扬维修师傅服务热情", "已转达工程部"),
        ("感谢保安帮忙搬运物品", "已转达秩序部"),
    ],
}
URGENT = [
    ("家中水管爆裂漏水", "已关闭总阀并更换破裂管段"),
    ("电梯困人", "已解救被困人员，电梯恢复运行"),
]
# orders returned by the department with the reason, and where the processor sends them again
RETURNS = {
    "gc": [
        ("缺配件：同型号配件需订货，预计两天到货", "gc"),
        ("业主多次约不上时间，暂无法上门", "gc"),
    ],
    "zx": [("非秩序部职责：涉及设施损坏，需工程部维修", "gc")],
}
STAFF_FORMS = [
    ("地下车库B区排水沟堵塞", "地下车库B区", "已清理排水沟"),
    ("3栋消防栓箱门损坏", "3栋一楼", "已更换箱门合页"),
    ("中心花园路灯不亮", "中心花园", "已更换路灯镇流器"),
    ("2号岗亭空调不制冷", "2号岗亭", "已加注冷媒"),
]


class History:
    """The service desk's past, event by event on the demo's calendar."""

    def __init__(self, calendar: Calendar, *, today: dt.date) -> None:
        self.calendar = calendar
        self.rng = random.Random(SEED)
        self.returns = random.Random(
            SEED + 1
        )  # its own draws: the rest of the past stays as it was
        self.today = today
        self.site = Site.objects.get(code="jahy")
        people = User.objects.in_bulk(
            ["wangfang", "zhaomin", "lina", "sunli", "zhaoqiang"], field_name="username"
        )
        self.day_processor, self.night_processor = people["wangfang"], people["zhaomin"]
        self.assistant, self.data_manager = people["lina"], people["sunli"]
        self.technician = people["zhaoqiang"]
        self.departments = {
            code: Department.objects.get(site=self.site, code=code) for code in ("gc", "zx")
        }
        self.heads, self.staffs = {}, {}
        for department in self.departments.values():
            head = holders(self.site.pk, Role.DEPT_HEAD, department_id=department.pk)[0]
            staff = holders(self.site.pk, Role.DEPT_STAFF, department_id=department.pk)
            self.heads[department.pk], self.staffs[department.pk] = head, (staff or [head])[0]
        self.callers = self._callers()
        self.readers = list(User.objects.filter(is_active=True, is_superuser=False))
        self.results: dict[int, str] = {}  # what the technician will write, by form
        self.stops: dict[int, str] = {}  # the state a form's order stops in, by form
        self.last_saturday = max(
            d for d in (today - dt.timedelta(days=n) for n in range(1, 8)) if d.weekday() == 5
        )

    def _callers(self) -> list[tuple[str, str, Room]]:
        rooms = [
            r
            for r in Room.objects.filter(unit__building__site=self.site).select_related(
                "unit__building"
            )
            if (r.unit.building.name, r.unit.name, r.number) not in KEPT_ROOMS
        ]
        rooms.sort(key=lambda r: r.pk)
        chosen = self.rng.sample(rooms, 160)
        return [
            (
                self.rng.choice(SURNAMES)
                + "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2)))),
                f"13{self.rng.randint(0, 9)}{self.rng.randint(10000000, 99999999)}",
                room,
            )
            for room in chosen
        ]

    # the day ---------------------------------------------------------------------------

    def plan(self, day: dt.date) -> None:
        """Schedule the day's calls and its routine: callbacks, the weekend's hand-over."""
        rng = self.rng
        for _ in range(max(1, round(rng.gauss(PER_WEEKDAY[day.weekday()], 1.5)))):
            hour = rng.choices(range(24), weights=HOURS)[0]
            self.calendar.at(local(day, hour, rng.randrange(60)), self.call)
        if rng.random() < 0.2:
            self.calendar.at(local(day, rng.randint(9, 16), rng.randrange(60)), self.staff_form)
        self.calendar.at(local(day, 10, 5), self.callbacks)
        self.calendar.at(local(day, 9, 10), self.reissued)
        if day < self.today - dt.timedelta(days=1):  # all but yesterday's messages are read
            self.calendar.at(local(day, 18, 30), self.read_messages)
        if day.weekday() == 5:
            self.calendar.at(local(day, 9, 30), self.hand_over, day - dt.timedelta(days=5))
        if day.weekday() == 0:
            self.calendar.at(local(day, 10, 30), self.approve)
        if day == self.today - dt.timedelta(days=1):  # yesterday's last calls stop on their way
            for n, stop in enumerate((OrderState.ACKNOWLEDGED, OrderState.IN_PROGRESS)):
                self.calendar.at(local(day, 15, 10 * n), self.call, stop)
            self.calendar.at(local(day, 9, 20), self.call, OrderState.VERIFIED)

    def processor(self, moment: dt.datetime) -> User:
        hour = timezone.localtime(moment).hour
        return self.day_processor if 8 <= hour < 20 else self.night_processor

    def call(self, moment: dt.datetime, stop: str = "") -> None:
        """A call; its work order (if any) goes as far as ``stop`` (by default, to the end)."""
        rng = self.rng
        name, phone, room = rng.choice(self.callers)
        category = rng.choices(
            [Category.REPAIR, Category.COMPLAINT, Category.INQUIRY, Category.SUGGESTION]
            + [Category.PRAISE],
            weights=[60, 14, 16, 5, 5],
        )[0]
        if stop:
            category = Category.REPAIR
        priority, major = Priority.NORMAL, False
        if category == Category.REPAIR and rng.random() < 0.05:
            content, result = rng.choice(URGENT)
            priority, major = Priority.URGENT, rng.random() < 0.25
        elif category == Category.REPAIR:
            content, result = rng.choice(REPAIRS)
        elif category == Category.COMPLAINT:
            content, result = rng.choice(COMPLAINTS)
        else:
            content, result = rng.choice(REPLIES[category])
        processor = self.processor(moment)
        form = services.log_form(
            processor,
            site=self.site,
            source=rng.choices([Source.PHONE, Source.INTERCOM, Source.VISIT], [85, 10, 5])[0],
            reporter_kind=rng.choices([ReporterKind.OWNER, ReporterKind.TENANT], [80, 20])[0],
            reporter_name=name,
            reporter_phone=phone,
            category=category,
            content=content,
            priority=priority,
            major=major,
            room=room,
        )
        if category not in (Category.REPAIR, Category.COMPLAINT):
            self.later(moment, rng.randint(3, 15), self.resolve, form.pk, result)
            return
        department = self.departments["gc" if category == Category.REPAIR else "zx"]
        fast = priority == Priority.URGENT
        self.later(moment, rng.randint(2, 5 if fast else 20), self.dispatch, form.pk, department)
        self.results[form.pk] = result
        if stop:
            self.stops[form.pk] = stop

    def staff_form(self, moment: dt.datetime) -> None:
        content, where, result = self.rng.choice(STAFF_FORMS)
        form = services.submit_form(
            self.technician,
            site=self.site,
            category=Category.REPAIR,
            content=content,
            location=where,
        )
        self.results[form.pk] = result
        self.later(moment, self.rng.randint(5, 40), self.confirm, form.pk)

    def confirm(self, moment: dt.datetime, pk: int) -> None:
        form = ServiceForm.objects.get(pk=pk)
        services.confirm_receipt(self.processor(moment), form, version=form.version)
        self.later(moment, self.rng.randint(2, 10), self.dispatch, pk, self.departments["gc"])

    def resolve(self, moment: dt.datetime, pk: int, resolution: str) -> None:
        form = ServiceForm.objects.get(pk=pk)
        services.resolve_form(
            self.processor(moment), form, version=form.version, resolution=resolution
        )

    def dispatch(self, moment: dt.datetime, pk: int, department: Department) -> None:
        form = ServiceForm.objects.get(pk=pk)
        order = services.dispatch_order(
            self.processor(moment),
            form,
            version=form.version,
            department=department,
            assistant=self.assistant,
            instructions="请尽快安排处理",
        )
        urgent = form.priority == Priority.URGENT
        stop = self.stops.get(form.pk)
        if urgent or stop == OrderState.ACKNOWLEDGED or self.rng.random() < 0.2:  # signed for
            self.on_duty(moment, 3 if urgent else 25, self.acknowledge, order.pk, urgent)
        elif not stop and self.rng.random() < 0.03:
            return  # left lying: the worker re-issues it when the completion limit passes
        else:
            self.on_duty(moment, 40, self.assign, order.pk)

    def acknowledge(self, moment: dt.datetime, pk: int, urgent: bool) -> None:
        order = self.open_order(pk, OrderState.DISPATCHED)
        if order is None:
            return
        order = services.acknowledge_order(self.head(order), order, version=order.version)
        if self.stops.get(order.form_id) == OrderState.ACKNOWLEDGED:
            return
        self.later(moment, self.rng.randint(5, 15 if urgent else 60), self.assign, pk)

    def assign(self, moment: dt.datetime, pk: int) -> None:
        order = self.open_order(pk, OrderState.DISPATCHED, OrderState.ACKNOWLEDGED)
        if order is None:
            return
        head = order.receiver or self.head(order)
        first = not (order.redispatch_of_id or order.reissue_of_id or self.stops.get(order.form_id))
        # returned only up to two days back: sent out again within 30 hours, before today
        settled = timezone.localdate(moment) < self.today - dt.timedelta(days=2)
        if first and self.returns.random() < 0.03 and settled:
            self.give_back(moment, head, order)
            return
        services.assign_order(head, order, version=order.version, assignee=self.staff(order))
        self.on_duty(moment, 40, self.start, pk)

    def give_back(self, moment: dt.datetime, head: User, order: WorkOrder) -> None:
        """The head returns the order with the reason; the processor sends it out again."""
        code = next(c for c, d in self.departments.items() if d.pk == order.department_id)
        reason, again = self.returns.choice(RETURNS[code])
        services.return_order(head, order, version=order.version, reason=reason)
        self.on_duty(
            moment, 60 * self.returns.randint(2, 30), self.redispatch, order.form_id, again
        )

    def redispatch(self, moment: dt.datetime, pk: int, code: str) -> None:
        form = ServiceForm.objects.get(pk=pk)
        if form.state != FormState.RETURNED:
            return
        order = services.redispatch_order(
            self.processor(moment),
            form,
            version=form.version,
            department=self.departments[code],
            assistant=self.assistant,
            instructions="退回后重新派工，请安排处理",
        )
        self.on_duty(moment, 40, self.assign, order.pk)

    def take_up(self, moment: dt.datetime, pk: int, result: str) -> None:
        """A work order another register opened (a failed inspection check) goes its way like
        a call's; ``result`` is what the technician will write."""
        self.results[pk] = result
        order = WorkOrder.objects.filter(form_id=pk).order_by("pk").first()
        if order is None:
            self.later(moment, self.rng.randint(5, 30), self.dispatch, pk, self.departments["gc"])
        else:
            self.on_duty(moment, 40, self.assign, order.pk)

    def start(self, moment: dt.datetime, pk: int) -> None:
        order = self.open_order(pk, OrderState.ASSIGNED)
        if order is None:
            return
        services.start_order(order.assignee, order, version=order.version)
        if self.stops.get(order.form_id) == OrderState.IN_PROGRESS:
            return
        self.later(moment, self.rng.randint(20, 180), self.report, pk)

    def report(self, moment: dt.datetime, pk: int) -> None:
        order = self.open_order(pk, OrderState.IN_PROGRESS)
        if order is None:
            return
        form = order.form
        signed = {"signed_by_customer": form.reporter_name}
        if form.filed_by_id or form.room_id is None:
            signed = {"unsigned": Unsigned.PUBLIC_AREA, "unsigned_note": form.location}
        services.report_result(
            order.assignee,
            order,
            version=order.version,
            result=self.results.get(form.pk, "已处理完毕"),
            **signed,
        )
        self.on_duty(moment, 120, self.verify, pk)

    def verify(self, moment: dt.datetime, pk: int) -> None:
        order = WorkOrder.objects.get(pk=pk)
        services.verify_order(self.assistant, order, version=order.version)
        if self.stops.get(order.form_id) == OrderState.VERIFIED:
            return
        self.later(moment, self.rng.randint(5, 90), self.close, pk)

    def close(self, moment: dt.datetime, pk: int) -> None:
        order = WorkOrder.objects.get(pk=pk)
        services.close_in_register(self.processor(moment), order, version=order.version)

    def reissued(self, moment: dt.datetime) -> None:
        """Each morning the heads take up most of the orders re-issued to them."""
        waiting = WorkOrder.objects.filter(
            site=self.site,
            reissue_of__isnull=False,
            state=OrderState.DISPATCHED,
            dispatched_at__lt=moment - dt.timedelta(hours=12),
        ).order_by("pk")
        for order in waiting:
            if self.rng.random() < 0.8:
                self.later(moment, self.rng.randint(5, 120), self.assign, order.pk)

    def callbacks(self, moment: dt.datetime) -> None:
        """The assistant calls back the customers of the matters resolved before today."""
        forms = ServiceForm.objects.filter(
            site=self.site,
            state=FormState.RESOLVED,
            resolved_at__lt=local(timezone.localdate(moment), 0),
        ).order_by("resolved_at")
        for n, form in enumerate(forms):
            self.calendar.at(moment + dt.timedelta(minutes=4 * n), self.callback, form.pk)

    def callback(self, moment: dt.datetime, pk: int) -> None:
        form = ServiceForm.objects.get(pk=pk)
        if form.state != FormState.RESOLVED:
            return
        rng = self.rng
        if rng.random() < 0.06:
            outcome, satisfaction = CallbackOutcome.UNREACHABLE, None
        else:
            outcome = CallbackOutcome.SATISFIED
            satisfaction = rng.choices([5, 4, 3], [62, 30, 8])[0]
        services.record_callback(
            self.assistant,
            form,
            version=form.version,
            outcome=outcome,
            satisfaction=satisfaction,
            notes="" if satisfaction else "无人接听，明日再拨",
            filer_told=bool(form.filed_by_id),
        )

    def read_messages(self, moment: dt.datetime) -> None:
        for person in self.readers:
            mark_notifications_read(person)

    def hand_over(self, moment: dt.datetime, week_start: dt.date) -> None:
        services.submit_archive_batch(self.day_processor, site=self.site, week_start=week_start)

    def approve(self, moment: dt.datetime) -> None:
        """Monday: the data manager archives the batches handed over, all but the last one."""
        last = self.last_saturday - dt.timedelta(days=5)
        for batch in ArchiveBatch.objects.filter(site=self.site, state="submitted").exclude(
            week_start=last
        ):
            services.approve_archive_batch(self.data_manager, batch, version=batch.version)

    # helpers ---------------------------------------------------------------------------

    def later(self, moment: dt.datetime, minutes: int, action, *args) -> None:
        self.calendar.at(moment + dt.timedelta(minutes=minutes), action, *args)

    def on_duty(self, moment: dt.datetime, minutes: int, action, *args) -> None:
        """After about ``minutes``, or the next morning when that falls in the night."""
        when = moment + dt.timedelta(minutes=self.rng.randint(minutes // 3 + 1, minutes))
        local_when = timezone.localtime(when)
        if local_when.hour >= 21 or local_when.hour < 8:
            day = local_when.date() + dt.timedelta(days=1 if local_when.hour >= 21 else 0)
            when = local(day, 8) + dt.timedelta(minutes=self.rng.randint(30, 75))
        self.calendar.at(when, action, *args)

    def open_order(self, pk: int, *states) -> WorkOrder | None:
        order = WorkOrder.objects.select_related("form").get(pk=pk)
        return order if order.state in states else None

    def head(self, order: WorkOrder) -> User:
        return self.heads[order.department_id]

    def staff(self, order: WorkOrder) -> User:
        return self.staffs[order.department_id]


def load(calendar: Calendar, *, today: dt.date) -> History:
    return History(calendar, today=today)
