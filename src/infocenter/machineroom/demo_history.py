"""Three months of the machine room's past at 江岸花园 for the demo (``infocenter demo``), entered
through the services at the moment each step happened, on the same calendar and in the same
day's transaction as the service desk's (``servicedesk.demo_history``):

- the daily round made by the worker from its schedule at 08:00 and done by 吴磊 in the morning,
  now and then only in the evening after it fell due, once or twice called off; a reading out of
  range or a fault opens a work order that the engineering department handles; the quarterly
  LAN test;
- the backup register: the billing database every night (a few failed nights, each dealt with),
  the access-control system since it started (one result recorded late, one day never backed
  up), the weekly offsite archive; the 09:00 check of missing backups; a restore test now and
  then;
- changes, a few a week: standard routines, normal changes approved and carried out (one
  rolled back, one refused), central-data changes confirmed and their backups deleted, a major
  one discussed, an emergency one approved after the fact;
- visits approved by 周明, the visitors signed in and out, a refusal at the door;
- core-device alarms with their response times, handled and cleared.

Seeded: the same history each time. The rooms, checklists, schedules and backup jobs are made
on the first day and are those today's records (``machineroom.demo``) go on with."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from infocenter.core.demo_clock import Calendar, local
from infocenter.core.models import Site, User

from .choices import ChangeState, RoundState
from .demo import access as access_demo
from .demo import backups as backups_demo
from .demo import inspections as inspections_demo
from .models import AccessRequest, BackupAlert, ChangeRequest, CoreAlarm, InspectionRound
from .rules.changes import ChangeContent
from .services import access, backups, changes, incidents, inspections

SEED = 9
STANDARD = [
    ("清洗精密空调滤网", "机房精密空调", "停机后拆洗滤网，晾干复装，开机观察 30 分钟"),
    ("UPS 电池巡检放电", "机房 UPS", "切旁路，放电 10 分钟，记录各节电压"),
    ("更换监控硬盘", "监控 NVR", "热插拔更换故障硬盘，等待阵列重建"),
    ("整理机柜 A3 跳线", "机柜 A3", "按标签重新整理跳线，拆除废弃跳线"),
    ("门禁控制器时间校准", "门禁系统", "逐台校准控制器时钟，核对刷卡记录时间"),
]
NORMAL = [
    ("防火墙策略调整", "出口防火墙", "新增停车场缴费平台访问策略", "外网访问中断约 2 分钟"),
    ("无线 AP 固件升级", "物业服务中心无线网络", "分批升级 12 台 AP 固件", "无线网络分批短暂中断"),
    ("NAS 扩容", "NAS-01", "新增 2 块 8 TB 硬盘并扩展存储池", "备份任务暂停 1 小时"),
    ("监控平台补丁安装", "监控管理平台", "安装厂商安全补丁并重启服务", "监控平台停用 20 分钟"),
    ("汇聚交换机端口调整", "3栋汇聚交换机", "调整端口 VLAN 划分", "3栋网络中断约 5 分钟"),
]
CENTRAL = [
    ("收费系统升级至新版本", "物业收费系统", "停服务，执行升级脚本，校验账单数据"),
    ("业主档案库数据清理", "业主信息系统", "合并重复档案，清理无效联系电话"),
]
ALARMS = [
    ("核心交换机 H3C S7506E", "major", "风扇模块告警：转速异常", "更换风扇模块，告警消除"),
    ("UPS 主机", "critical", "市电中断，UPS 转电池供电", "市电恢复，UPS 回到在线模式"),
    ("精密空调 2 号机组", "major", "高压告警，压缩机停机", "清洗冷凝器后复位，运行正常"),
    ("出口防火墙", "minor", "CPU 使用率持续超过 85%", "排查为异常扫描流量，已封禁来源地址"),
    ("NAS-01", "minor", "硬盘 3 SMART 预警", "更换硬盘 3，阵列重建完成"),
]
VISITS = [
    ("中国电信重庆分公司", "刘工", "13996001234", "专线设备例行巡检"),
    ("重庆捷联智能科技有限公司", "陈立", "13883005678", "监控系统维保"),
    ("海康威视重庆服务站", "何工", "13908221166", "NVR 硬盘更换"),
    ("重庆联通政企部", "杨工", "13638290077", "备用专线测试"),
    ("UPS 厂家维保", "吴师傅", "13752213344", "UPS 季度维保"),
]
FAULTS = [  # a failed check, what was written on the round, what the engineering department did
    ("机房温度", Decimal("28.6"), "空调 1 号机组出风偏热", "已清洗空调冷凝器，温度恢复正常"),
    ("机房湿度", Decimal("74"), "湿度偏高，地面有冷凝水", "已调整空调除湿模式并清理积水"),
    ("精密空调运行", None, "2 号机组底部有漏水", "已疏通空调冷凝水管"),
    ("机柜与线缆整齐、门锁闭", None, "机柜 B1 门锁损坏", "已更换机柜门锁"),
]


class History:
    """The machine room's past, event by event on the demo's calendar; ``desk`` (the service
    desk's history) takes up the work orders the failed checks open."""

    def __init__(self, calendar: Calendar, *, today: dt.date, desk=None) -> None:
        self.calendar, self.today, self.desk = calendar, today, desk
        self.rng = random.Random(SEED)
        self.site = Site.objects.get(code="jahy")
        people = User.objects.in_bulk(
            ["zhouming", "wulei", "zhenghao", "zhangwei"], field_name="username"
        )
        self.head, self.maintainer = people["zhouming"], people["wulei"]
        self.it, self.requester = people["zhenghao"], people["zhangwei"]
        self.root = User.objects.filter(is_superuser=True).order_by("pk").first()
        self.room = self.jobs = None
        self.first: dt.date | None = None
        self.weeks = 0
        self.taken: set[int] = set()  # rounds already planned
        self.photo = inspections_demo.panel_photo

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    # the day ---------------------------------------------------------------------------

    def plan(self, day: dt.date) -> None:
        rng, at = self.rng, self.calendar.at
        if self.first is None:
            self.first = day
            at(local(day, 7, 30), self.setup)
        at(local(day, 10, 5), self.rounds, day)
        if day > self.first:
            at(local(day, 8, 30), self.backup_results, day - dt.timedelta(days=1))
            at(local(day, 9, 0), self.check_backups)
        if day in (self.ago(45), self.ago(30)):  # the archive job and the access control's
            at(local(day, 7, 40), self.add_jobs)
        if day == self.ago(80):
            at(local(day, 14, 0), self.restore_test, 0, "前一日全库备份", 50)
        if day == self.ago(40):
            at(local(day, 14, 30), self.restore_test, 2, "上周全量归档磁带", 180)
        if day.weekday() == 0:
            self.week(day)
        if day.weekday() in (1, 3) and rng.random() < 0.7:
            at(local(day, 9, rng.randrange(40)), self.visit, day)
        if rng.random() < 0.06:
            hour = rng.choices(range(24), weights=[1] * 7 + [3] * 13 + [1] * 4)[0]
            at(local(day, hour, rng.randrange(60)), self.alarm)
        if day.day == 12:
            at(local(day, 15, 40), self.refusal)

    def setup(self, moment: dt.datetime) -> None:
        """The first day: the rooms, the checklists and their schedules, the backup jobs."""
        self.room = access_demo.rooms(self.root, self.site)
        inspections_demo.setup(
            site=self.site, room=self.room, head=self.head, maintainer=self.maintainer
        )
        self.add_jobs(moment)

    def add_jobs(self, moment: dt.datetime) -> None:
        """The backup jobs started by now."""
        self.jobs = backups_demo.add_jobs(
            self.site, self.head, self.maintainer, self.it, self.today
        )

    # inspection rounds -----------------------------------------------------------------

    def rounds(self, moment: dt.datetime, day: dt.date) -> None:
        """The rounds the worker made this morning: most done on time, a few in the evening
        after they fell due, one now and then called off. Yesterday's daily round is left to
        today's records."""
        rng = self.rng
        made = (
            InspectionRound.objects.filter(
                site=self.site,
                state=RoundState.OPEN,
                occurs_at__lt=local(day + dt.timedelta(days=1), 0),
            )
            .exclude(pk__in=self.taken)
            .order_by("pk")
        )
        for record in made:
            self.taken.add(record.pk)
            long = record.due_at - record.occurs_at > dt.timedelta(days=1)
            if not long and timezone.localdate(record.occurs_at) >= self.ago(1):
                continue
            if long:
                self.later(moment, rng.randint(24 * 60, 3 * 24 * 60), self.do_round, record.pk)
            elif rng.random() < 0.02:
                self.later(moment, 23 * 60, self.call_off, record.pk)
            elif rng.random() < 0.08:
                self.at(day, rng.randint(18, 20), self.do_round, record.pk)
            else:
                self.at(day, rng.randint(10, 14), self.do_round, record.pk)

    def do_round(self, moment: dt.datetime, pk: int) -> None:
        rng = self.rng
        record = InspectionRound.objects.get(pk=pk)
        fault = rng.choice(FAULTS) if rng.random() < 0.05 else None
        entries, note = {}, ""
        for result in record.results.all():
            entry = {"outcome": "pass"}
            if result.kind == "reading":
                entry = {"reading": self.reading(result)}
            if fault and result.label == fault[0]:
                entry = {"reading": fault[1]} if fault[1] is not None else {"outcome": "fail"}
                entry["note"], note = fault[2], "发现异常，已派工单"
            if result.photo_required:
                entry["photo"] = self.photo()
            entries[result.pk] = entry
        record = inspections.record_results(
            self.maintainer, record, version=record.version, entries=entries, submit=True, note=note
        )
        if fault and self.desk is not None:
            form = record.results.get(label=fault[0]).form
            self.desk.take_up(moment, form.pk, fault[3])

    def reading(self, result) -> Decimal:
        low = result.min_value if result.min_value is not None else result.max_value / 4
        high = (
            result.max_value if result.max_value is not None else result.min_value * Decimal("1.08")
        )
        span = Decimal(high) - Decimal(low)
        value = Decimal(low) + span * Decimal(self.rng.randint(25, 70)) / 100
        return value.quantize(Decimal("0.1"))

    def call_off(self, moment: dt.datetime, pk: int) -> None:
        record = InspectionRound.objects.get(pk=pk)
        if record.state == RoundState.OPEN:
            inspections.cancel_round(
                self.head, record, version=record.version, note="当日机房停电检修，巡检未做，取消"
            )

    # backups ---------------------------------------------------------------------------

    def backup_results(self, moment: dt.datetime, day: dt.date) -> None:
        """In the morning the custodians record the night's backups (of ``day``)."""
        rng = self.rng
        billing, access_control, archive = self.jobs
        skipped = (self.ago(17), self.ago(24))
        if rng.random() < 0.04 or day == self.ago(6):
            backups.record_backup_result(
                self.maintainer,
                job=billing,
                day=day,
                outcome="failed",
                note="备份盘空间不足，任务中止",
            )
            self.later(moment, rng.randint(60, 150), self.handle_alerts, 0)
        else:
            size = f"{11 + (self.today - day).days / -90 + rng.random() / 5:.1f} GB"
            backups.record_backup_result(
                self.maintainer, job=billing, day=day, outcome="success", size=size
            )
        if access_control and day >= access_control.started_on and day not in skipped:
            backups.record_backup_result(
                self.it, job=access_control, day=day, outcome="success", size="0.8 GB"
            )
        if day == self.ago(17):  # forgotten in the morning, recorded in the afternoon
            self.later(moment, 6 * 60, self.late_result, day)
        if day == self.ago(24):  # the controller was offline: no backup that night
            self.later(moment, 90, self.handle_alerts, 1)
        if archive and (day - archive.started_on).days % 7 == 0:
            backups.record_backup_result(
                self.maintainer,
                job=archive,
                day=day,
                outcome="success",
                size=f"{200 + rng.randint(0, 15)}.0 GB",
            )

    def late_result(self, moment: dt.datetime, day: dt.date) -> None:
        backups.record_backup_result(
            self.it,
            job=self.jobs[1],
            day=day,
            outcome="success",
            size="0.8 GB",
            note="备份已按时完成，上午漏记",
        )

    def check_backups(self, moment: dt.datetime) -> None:
        """The 09:00 check of the night's backups, as the worker does it."""
        backups.check_missed_backups(self.site, moment)

    def handle_alerts(self, moment: dt.datetime, n: int) -> None:
        job = self.jobs[n]
        handling = (
            "已清理过期备份，手动补做备份成功"
            if n == 0
            else "门禁控制器当晚离线，无法备份；已恢复联网，次日备份正常"
        )
        for alert in BackupAlert.objects.filter(job=job, handled_at=None):
            backups.handle_alert(job.custodian, alert, version=alert.version, handling=handling)

    def restore_test(self, moment: dt.datetime, n: int, restored: str, minutes: int) -> None:
        backups.record_restore_test(
            self.maintainer,
            job=self.jobs[n],
            tested_on=timezone.localdate(moment),
            restored=restored,
            target="测试服务器 TEST-01",
            outcome="passed",
            verification="核对文件数量与校验值一致，抽查数据与生产一致",
            duration_minutes=minutes,
        )

    # changes ---------------------------------------------------------------------------

    def week(self, monday: dt.date) -> None:
        """The week's changes: a standard routine on Tuesday, a normal change (every other one
        on central data) proposed on Monday and carried out on Thursday night; a major change
        now and then, an emergency one once a month."""
        rng, at, n = self.rng, self.calendar.at, self.weeks
        self.weeks += 1
        at(local(monday + dt.timedelta(days=1), 9, 30), self.standard, STANDARD[n % 5])
        thursday = local(monday + dt.timedelta(days=3), 22)
        if n % 2:
            at(local(monday, 10), self.normal, NORMAL[n % 5], thursday, n)
        else:
            at(local(monday, 10), self.central, CENTRAL[n // 2 % 2], thursday)
        if n % 4 == 1:
            at(local(monday, 11), self.major, monday)
        if n % 4 == 2:
            when = local(monday + dt.timedelta(days=rng.randint(0, 4)), rng.randint(1, 5))
            at(when, self.emergency)

    def propose(self, by, **fields) -> ChangeRequest:
        content = ChangeContent(not_experimental=True, **fields)
        return changes.create_change(by, site=self.site, content=content, submit=True)

    def standard(self, moment: dt.datetime, what) -> None:
        title, system, plan = what
        change = self.propose(
            self.maintainer,
            kind="standard",
            title=title,
            system=system,
            plan=plan,
            planned_start=moment + dt.timedelta(minutes=30),
            planned_end=moment + dt.timedelta(hours=2),
            implementer=self.maintainer,
        )
        self.later(moment, 30, self.carry_out, change.pk, "success", "")

    def normal(self, moment: dt.datetime, what, start: dt.datetime, n: int) -> None:
        title, system, plan, impact = what
        change = self.propose(
            self.it,
            kind="normal",
            title=title,
            system=system,
            plan=plan,
            impact=impact,
            rollback_plan="恢复变更前的配置",
            planned_start=start,
            planned_end=start + dt.timedelta(hours=1),
            implementer=self.it,
        )
        outcome = "rolled_back" if n == 5 else "success"
        refused = n == 9
        self.later(moment, self.rng.randint(240, 420), self.decide, change.pk, refused)
        if not refused:
            self.calendar.at(start, self.carry_out, change.pk, outcome, "")

    def central(self, moment: dt.datetime, what, start: dt.datetime) -> None:
        title, system, plan = what
        change = self.propose(
            self.maintainer,
            kind="normal",
            central_data=True,
            title=title,
            system=system,
            plan=plan,
            impact="系统停用约 1 小时",
            rollback_plan="用变更前全库备份恢复",
            planned_start=start,
            planned_end=start + dt.timedelta(hours=1),
            implementer=self.maintainer,
        )
        self.later(moment, self.rng.randint(240, 420), self.decide, change.pk, False)
        self.calendar.at(start - dt.timedelta(minutes=30), self.back_up, change.pk)
        self.calendar.at(start, self.carry_out, change.pk, "success", "")
        self.calendar.at(start + dt.timedelta(days=2, hours=-10), self.confirm, change.pk)
        self.calendar.at(start + dt.timedelta(days=4, hours=-8), self.delete_backup, change.pk)

    def major(self, moment: dt.datetime, monday: dt.date) -> None:
        start = local(monday + dt.timedelta(days=10), 22)
        change = self.propose(
            self.maintainer,
            kind="major",
            title="核心交换机配置优化",
            system="核心交换机 H3C S7506E",
            core_server=True,
            justification="链路聚合配置不一致，存在单点隐患",
            plan="1. 导出配置\n2. 调整链路聚合组\n3. 逐一核对端口与路由",
            impact="全小区网络中断约 5 分钟",
            rollback_plan="导入变更前配置",
            spare_parts="Console 线、已导出配置文件",
            planned_start=start,
            planned_end=start + dt.timedelta(hours=1),
            implementer=self.maintainer,
        )
        self.later(moment, 26 * 60, self.comment, change.pk)
        self.later(moment, 3 * 24 * 60, self.decide, change.pk, False)
        self.calendar.at(start, self.carry_out, change.pk, "success", "")

    def emergency(self, moment: dt.datetime) -> None:
        change = self.propose(
            self.maintainer,
            kind="emergency",
            title="出口链路紧急切换",
            system="出口路由器",
            plan="主链路中断，切换至备用专线",
            impact="外网中断至切换完成",
            rollback_plan="主链路恢复后切回",
            planned_start=moment,
            planned_end=moment + dt.timedelta(hours=1),
            implementer=self.maintainer,
        )
        self.later(moment, 5, self.carry_out, change.pk, "success", "")
        self.at(timezone.localdate(moment), 9, self.ratify, change.pk, days=1)

    def comment(self, moment: dt.datetime, pk: int) -> None:
        change = ChangeRequest.objects.get(pk=pk)
        changes.comment_on_change(self.it, change, text="建议变更前先在备用交换机上验证配置。")

    def decide(self, moment: dt.datetime, pk: int, refused: bool) -> None:
        change = ChangeRequest.objects.get(pk=pk)
        if refused:
            changes.refuse_change(
                self.head, change, version=change.version, note="与月底收费高峰冲突，下月再议"
            )
        else:
            changes.approve_change(self.head, change, version=change.version, note="同意")

    def back_up(self, moment: dt.datetime, pk: int) -> None:
        change = ChangeRequest.objects.get(pk=pk)
        changes.record_backup(
            self.maintainer,
            change,
            version=change.version,
            reference=f"变更前全库导出，存 NAS 备份区 /backup/{change.serial}/",
        )

    def carry_out(self, moment: dt.datetime, pk: int, outcome: str, note: str) -> None:
        change = ChangeRequest.objects.get(pk=pk)
        ready = (ChangeState.APPROVED, ChangeState.NOTIFIED)
        if change.state not in ready and change.kind != "emergency":
            return
        who = change.implementer
        change = changes.start_change(who, change, version=change.version)
        self.later(moment, 20, self.operate, pk, outcome)

    def operate(self, moment: dt.datetime, pk: int, outcome: str) -> None:
        change = ChangeRequest.objects.get(pk=pk)
        who = change.implementer
        changes.record_operation(who, change, text=f"按计划执行：{change.plan.splitlines()[0]}")
        note = ""
        if outcome == "rolled_back":
            note = "变更后停车场缴费平台无法访问，已按回退方案恢复原配置"
            changes.record_operation(who, change, text="验证失败，执行回退")
        self.later(moment, 25, self.finish, pk, outcome, note)

    def finish(self, moment: dt.datetime, pk: int, outcome: str, note: str) -> None:
        change = ChangeRequest.objects.get(pk=pk)
        changes.finish_change(
            change.implementer, change, version=change.version, outcome=outcome, note=note
        )

    def confirm(self, moment: dt.datetime, pk: int) -> None:
        change = ChangeRequest.objects.get(pk=pk)
        if change.state == ChangeState.DONE:
            changes.confirm_running(
                change.implementer, change, version=change.version, note="运行两天，数据核对无误"
            )

    def delete_backup(self, moment: dt.datetime, pk: int) -> None:
        change = ChangeRequest.objects.get(pk=pk)
        if change.confirmed_at is not None:
            changes.record_backup_deleted(
                change.implementer, change, version=change.version, note="已删除变更前备份"
            )

    def ratify(self, moment: dt.datetime, pk: int) -> None:
        change = ChangeRequest.objects.get(pk=pk)
        changes.ratify_change(self.head, change, version=change.version, note="同意，处置得当")

    # visits and alarms -----------------------------------------------------------------

    def visit(self, moment: dt.datetime, day: dt.date) -> None:
        """An outside technician's visit: asked for in the morning, approved, signed in and out
        in the afternoon, then closed."""
        organisation, name, phone, purpose = self.rng.choice(VISITS)
        record = access.request_access(
            self.requester,
            room=self.room,
            kind="visit",
            organisation=organisation,
            applicant=name,
            phone=phone,
            people=[name],
            purpose=purpose,
            starts_at=local(day, 14),
            ends_at=local(day, 17),
            escort=self.maintainer,
            maintainer=self.it,
        )
        self.later(moment, self.rng.randint(20, 90), self.approve_visit, record.pk)
        self.at(day, 14, self.sign_in, record.pk, name)

    def approve_visit(self, moment: dt.datetime, pk: int) -> None:
        record = AccessRequest.objects.get(pk=pk)
        access.approve_request(self.head, record, version=record.version, note="同意，由吴磊陪同")

    def sign_in(self, moment: dt.datetime, pk: int, name: str) -> None:
        record = AccessRequest.objects.get(pk=pk)
        visit = access.sign_in_visitor(self.maintainer, request=record, name=name)
        self.later(moment, self.rng.randint(40, 150), self.sign_out, pk, visit.pk)

    def sign_out(self, moment: dt.datetime, pk: int, visit_pk: int) -> None:
        record = AccessRequest.objects.get(pk=pk)
        visit = record.visits.get(pk=visit_pk)
        access.sign_out(self.maintainer, visit, version=visit.version)
        record.refresh_from_db()
        access.close_request(self.maintainer, record, version=record.version, note="工作完成")

    def refusal(self, moment: dt.datetime) -> None:
        access.record_refusal(
            self.maintainer,
            room=self.room,
            name="某宽带推销人员",
            organisation="不详",
            reason="无审批、与机房工作无关，拒绝进入",
        )

    def alarm(self, moment: dt.datetime) -> None:
        device, severity, text, outcome = self.rng.choice(ALARMS)
        alarm = incidents.log_alarm(
            self.maintainer,
            site=self.site,
            room=self.room,
            device=device,
            severity=severity,
            text=text,
            occurred_at=moment,
        )
        night = not 8 <= timezone.localtime(moment).hour < 20
        minutes = self.rng.randint(10, 40) if night else self.rng.randint(2, 12)
        self.later(moment, minutes, self.respond, alarm.pk, outcome)

    def respond(self, moment: dt.datetime, pk: int, outcome: str) -> None:
        alarm = CoreAlarm.objects.get(pk=pk)
        alarm = incidents.respond_to_alarm(
            self.maintainer, alarm, version=alarm.version, response="已到场检查，正在处理"
        )
        self.later(moment, self.rng.randint(30, 120), self.clear, pk, outcome)

    def clear(self, moment: dt.datetime, pk: int, outcome: str) -> None:
        alarm = CoreAlarm.objects.get(pk=pk)
        incidents.close_alarm(self.maintainer, alarm, version=alarm.version, outcome=outcome)

    # helpers ---------------------------------------------------------------------------

    def later(self, moment: dt.datetime, minutes: int, action, *args) -> None:
        self.calendar.at(moment + dt.timedelta(minutes=minutes), action, *args)

    def at(self, day: dt.date, hour: int, action, *args, days: int = 0) -> None:
        when = local(day + dt.timedelta(days=days), hour, self.rng.randrange(60))
        self.calendar.at(when, action, *args)


def load(calendar: Calendar, *, today: dt.date, desk=None) -> History:
    return History(calendar, today=today, desk=desk)
