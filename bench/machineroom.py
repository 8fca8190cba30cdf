"""The machine room's busiest pages against a bare Django request, over HTTP (issue 15): the
information-center head's approvals inbox, the access desk, the inspection rounds and the
equipment ledger, each as the person who uses it, beside the floor (``bench/floor.py``), all
served by gunicorn with 2 sync workers on free 127.0.0.1 ports.

    .venv/bin/python -m bench.machineroom --orders 10000 [--rounds 200] [--database-url URL]

The benchmark database of ``bench.generate`` holds no machine-room data: the first run fills it
for the busiest site (``--all-sites``: every site, the others in proportion to their share of
the service desk's calls). Through the services, so that their audit events, clocks and
notifications are real: the information center's people (head, machine-room maintainer, IT
staff), four machine rooms, the checklists and their schedules, the backup jobs, the keys, and
today: the staff signed in, a visitor inside on an approved visit, and the head's inbox of
about thirty requests waiting for a decision (visits and construction, power and fire-system
permits, data requests, changes, loans, security reports). Bulk-inserted in one transaction,
as ``bench.generate`` writes the service desk's history (``new``, ``insert_rows``): ``--years``
(3) of daily rounds with their readings, about 20 000 lines of the access log with the
requests they came on and the items carried, key hand-overs, equipment loans, backup results
and alerts, restore tests, changes, and a ledger of about 2 000 lines with its purchases and
reports. A second run finds the data and adds nothing.

Then it measures as ``bench.pages`` does: interleaved rounds, each page once a round, a new
loopback connection a request; median and p95 (nearest rank) in ms, the ratio to the floor's
median and the SQL statements of one request (counted in-process). Targets: p95 < 50 ms and
within 4x of the floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from decimal import Decimal
from pathlib import Path

from bench import loopback
from bench.generate import (
    MD5,
    PASSWORD,
    _name,
    _phone,
    describe_database,
    insert_rows,
    new,
    setup_django,
)
from bench.loopback import Http, beside_floor

TARGETS = {"approvals": 4, "desk": 4, "rounds": 4, "ledger": 4}
P95_BUDGET_MS = 50
LEDGER_LINES = 2000
STAFF_VISITS_A_DAY = 15  # the information center's own people going in and out
ROOMS = [
    ("信息中心机房", "物业服务中心三楼 301"),
    ("监控中心机房", "物业服务中心一楼 105"),
    ("1栋弱电间", "1栋负一楼"),
    ("2栋弱电间", "2栋负一楼"),
]
WEAK = [
    ("弱电间温度", "reading", {"unit": "°C", "min_value": Decimal(10), "max_value": Decimal(35)}),
    ("交换机运行指示灯正常", "check", {}),
    ("门锁完好、无积水", "check", {}),
]
KEYS = [
    ("机房大门钥匙 1", "信息中心机房大门"),
    ("机房大门钥匙 2", "信息中心机房大门"),
    ("机柜钥匙 A", "A 排机柜"),
    ("机柜钥匙 B", "B 排机柜"),
    ("监控机房钥匙", "监控中心机房"),
    ("1栋弱电间钥匙", "1栋弱电间"),
    ("2栋弱电间钥匙", "2栋弱电间"),
    ("备件柜钥匙", "备件柜"),
]
JOBS = [
    ("收费系统数据库每日备份", "收费系统数据库", "daily", 11 * 1024**3),
    ("门禁系统每日备份", "门禁系统", "daily", 800 * 1024**2),
    ("监控平台配置每日备份", "监控管理平台", "daily", 120 * 1024**2),
    ("业主信息系统每日备份", "业主信息系统", "daily", 3 * 1024**3),
    ("文件服务器每周异地归档", "文件服务器", "weekly", 200 * 1024**3),
]
# category, name, models, unit, share of the ledger
CATALOGUE = [
    ("equipment", "接入交换机", ["H3C S5130S-28P-EI", "H3C S5120V2-28P-LI"], "台", 14),
    ("equipment", "汇聚交换机", ["H3C S5560X-30C-EI"], "台", 3),
    ("equipment", "服务器", ["Dell PowerEdge R740", "H3C UniServer R4900 G3"], "台", 3),
    ("equipment", "网络摄像机", ["海康 DS-2CD3T46", "大华 IPC-HFW2433"], "台", 20),
    ("equipment", "无线 AP", ["H3C WA6320", "华为 AirEngine 5761"], "台", 8),
    ("equipment", "门禁控制器", ["海康 DS-K2604", "ZKTeco C3-400"], "台", 6),
    ("equipment", "笔记本电脑", ["ThinkPad E14", "ThinkPad T14"], "台", 3),
    ("equipment", "UPS 电池", ["理士 DJM12100", "松下 LC-P12100"], "节", 6),
    ("spare", "千兆光模块", ["SFP-GE-LX-SM1310"], "个", 6),
    ("spare", "业务板", ["LSQM1GP24TSSC0"], "块", 2),
    ("spare", "硬盘", ["希捷 8TB 监控盘", "西数 4TB 紫盘"], "块", 6),
    ("spare", "电源模块", ["PSR150-A1"], "个", 3),
    ("consumable", "超五类跳线", ["1.5 米", "3 米"], "根", 6),
    ("consumable", "硒鼓", ["HP 88A", "Brother TN-2325"], "个", 4),
    ("consumable", "扎带", ["200 mm"], "包", 3),
    ("consumable", "水晶头", ["RJ45 超五类"], "盒", 3),
]
VISITORS = [
    ("中国电信重庆分公司", "刘工", "13996001234", "专线设备例行巡检"),
    ("重庆捷联智能科技有限公司", "陈立", "13883005678", "监控系统维保"),
    ("海康威视重庆服务站", "何工", "13908221166", "NVR 硬盘更换"),
    ("重庆联通政企部", "杨工", "13638290077", "备用专线测试"),
    ("UPS 厂家维保", "吴师傅", "13752213344", "UPS 季度维保"),
]
CHANGES = [
    ("清洗精密空调滤网", "机房精密空调", "standard"),
    ("UPS 电池巡检放电", "机房 UPS", "standard"),
    ("防火墙策略调整", "出口防火墙", "normal"),
    ("无线 AP 固件升级", "物业服务中心无线网络", "normal"),
    ("NAS 扩容", "NAS-01", "normal"),
    ("核心交换机配置优化", "核心交换机 H3C S7506E", "major"),
    ("出口链路紧急切换", "出口路由器", "emergency"),
]


# -- who -------------------------------------------------------------------------------------------


def busiest_sites(all_sites: bool) -> list:
    from infocenter.core.models import Site

    sites = list(Site.objects.filter(branch__code="cq").order_by("pk"))
    if not sites:
        raise SystemExit("no benchmark organisation here: run bench.generate first")
    return sites if all_sites else sites[:1]


def cast_of(site, rng: random.Random) -> dict:
    """The information center's head, maintainer and IT staff of ``site`` (made through the
    services on the first run), and the site's other people, who ask for visits."""
    from django.test import override_settings

    from infocenter.core import services
    from infocenter.core.choices import Role
    from infocenter.core.models import Department, RoleAssignment, User

    roles = {"head": Role.IC_HEAD, "keeper": Role.MR_MAINTAINER, "it": Role.IT_STAFF}
    titles = {"head": "信息中心主任", "keeper": "机房维护员", "it": "网络管理员"}
    cast = {}
    root = User.objects.filter(is_superuser=True).order_by("pk").first()
    department = Department.objects.get(site=site, code="xx")
    with override_settings(PASSWORD_HASHERS=MD5):
        for key, role in roles.items():
            username = f"{site.code}-{role}-xx"
            person = User.objects.filter(username=username).first()
            if person is None:
                person = services.create_person(
                    root,
                    username=username,
                    full_name=_name(rng),
                    password=PASSWORD,
                    phone=_phone(rng),
                    title=titles[key],
                    site=site,
                )
                services.assign_role(
                    root, person=person, role=role, site=site, department=department
                )
            cast[key] = person
    ic = {p.pk for p in cast.values()}
    cast["others"] = sorted(
        set(
            RoleAssignment.objects.filter(site=site)
            .exclude(user_id__in=ic)
            .values_list("user_id", flat=True)
        )
    )
    return cast


# -- set-up through the services -------------------------------------------------------------------


def set_up(site, cast, start: dt.date) -> dict:
    """Rooms, checklists with their schedules, backup jobs and keys, through the services; those
    of an earlier run are reused."""
    from infocenter.machineroom.demo import inspections as demo_inspections
    from infocenter.machineroom.models import (
        BackupJob,
        Checklist,
        InspectionSchedule,
        Key,
        MachineRoom,
    )
    from infocenter.machineroom.services import access, backups, inspections, security

    head, keeper, it = cast["head"], cast["keeper"], cast["it"]
    rooms = []
    for name, location in ROOMS:
        room = MachineRoom.objects.filter(site=site, name=name).first()
        rooms.append(room or access.add_room(head, site=site, name=name, location=location))
    checklists = []  # (checklist, its daily schedule or None)
    for n, room in enumerate(rooms):
        name = f"{room.name}日常巡检"
        checklist = Checklist.objects.filter(site=site, name=name).first()
        if checklist is None:
            items = demo_inspections.DAILY if n < 2 else WEAK
            checklist = demo_inspections._checklist(
                keeper, site, name, items, target="area", room=room
            )
            inspections.add_schedule(
                head,
                checklist=checklist,
                name=f"{room.name}每日巡检",
                rule="FREQ=DAILY;BYHOUR=8;BYMINUTE=0",
                due_hours=10,
            )
        checklists.append((checklist, InspectionSchedule.objects.get(checklist=checklist)))
    lan = Checklist.objects.filter(site=site, name="季度全网测试").first()
    if lan is None:
        lan = demo_inspections._checklist(
            keeper,
            site,
            "季度全网测试",
            demo_inspections.LAN,
            target="device",
            device=f"{site.name}局域网（全网）",
        )
        inspections.add_schedule(
            head,
            checklist=lan,
            name="季度全网测试（1、4、7、10 月 5 日）",
            due_hours=168,
            rule="FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=5;BYHOUR=9;BYMINUTE=0",
        )
    quarterly = (lan, InspectionSchedule.objects.get(checklist=lan))
    jobs = []
    for name, system, frequency, _size in JOBS:
        job = BackupJob.objects.filter(site=site, name=name).first()
        jobs.append(
            job
            or backups.add_backup_job(
                head,
                site=site,
                name=name,
                system=system,
                content=f"{system}全量备份（加密）",
                location="信息中心机房 NAS-01",
                frequency=frequency,
                offsite=frequency == "weekly",
                offsite_location="区档案馆异地存放" if frequency == "weekly" else "",
                custodian=it if "门禁" in name or "监控" in name else keeper,
                retention="保留 30 天" if frequency == "daily" else "保留 1 年",
                started_on=start,
            )
        )
    keys = []
    for label, opens in KEYS:
        key = Key.objects.filter(site=site, label=label).first()
        keys.append(key or security.add_key(keeper, site=site, label=label, opens=opens))
    return {"rooms": rooms, "checklists": checklists, "lan": quarterly, "jobs": jobs, "keys": keys}


# -- the history, bulk-inserted --------------------------------------------------------------------


class Bulk:
    """Rows with their ids and serials, written by ``write`` in one go."""

    def __init__(self, site, models: list):
        self.site, self.counters, self._next = site, {}, {}
        self.rows: dict = {model: [] for model in models}  # written in this order

    def add(self, model, /, **values):
        from django.db.models import Max

        if model not in self._next:
            self._next[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        obj = new(model, id=self._next[model], **values)
        self._next[model] += 1
        self.rows[model].append(obj)
        return obj

    def serial(self, series: str, at: dt.datetime) -> str:
        from django.utils import timezone

        from infocenter.core.models import SerialCounter
        from infocenter.core.numbering import format_serial

        year = timezone.localtime(at).year
        key = (series, year)
        if key not in self.counters:
            self.counters[key] = (
                SerialCounter.objects.filter(site=self.site, series=series, year=year)
                .values_list("last_value", flat=True)
                .first()
                or 0
            )
        self.counters[key] += 1
        return format_serial(self.site, series, year, self.counters[key])

    def write(self, bar) -> int:
        from django.core.management.color import no_style
        from django.db import connection

        from infocenter.core.models import SerialCounter

        written = 0
        for model, rows in self.rows.items():  # parents first
            for i in range(0, len(rows), 5000):
                insert_rows(model, rows[i : i + 5000])
                bar.update(len(rows[i : i + 5000]))
            written += len(rows)
        SerialCounter.objects.bulk_create(
            [
                SerialCounter(site=self.site, series=series, year=year, last_value=value)
                for (series, year), value in sorted(self.counters.items())
            ],
            update_conflicts=True,
            unique_fields=["site", "series", "year"],
            update_fields=["last_value"],
        )
        with connection.cursor() as cursor:  # explicit ids: PostgreSQL's sequences follow
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.rows)):
                cursor.execute(sql)
        return written


class History:
    """``years`` of a site's machine room up to yesterday, day by day, as the services would
    have left it (without their audit events and closed clocks)."""

    def __init__(self, site, cast, made, *, start: dt.date, today: dt.date, scale: float, rng):
        from infocenter.machineroom import models as m

        self.m, self.site, self.cast, self.made = m, site, cast, made
        self.start, self.today, self.scale, self.rng = start, today, scale, rng
        self.bulk = Bulk(
            site,
            [
                m.Equipment,
                m.Procurement,
                m.ProcurementLine,
                m.EquipmentReport,
                m.InspectionRound,
                m.InspectionResult,
                m.AccessRequest,
                m.Visit,
                m.ItemMovement,
                m.Release,
                m.KeyEvent,
                m.Loan,
                m.LoanLine,
                m.BackupResult,
                m.BackupAlert,
                m.RestoreTest,
                m.ChangeRequest,
                m.ChangeOperation,
            ],
        )
        self.staff = [cast["keeper"], cast["it"], cast["head"]]
        self.ledger: list = []

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        from infocenter.core.demo_clock import local

        return local(day, hour, minute)

    def build(self) -> None:
        self.equipment()
        day = self.start
        while day < self.today:
            self.rounds(day)
            self.staff_visits(day)
            if day.weekday() < 5:
                for _ in range(self._count(1.6)):
                    self.access_request(day)
                if self.rng.random() < 0.8 * self.scale:
                    self.key_loan(day)
            self.backups(day)
            if day.weekday() == 0:
                self.changes(day)
            if day.weekday() in (1, 3) and self.rng.random() < 0.7 * self.scale:
                self.loan(day)
            day += dt.timedelta(days=1)
        self.stale_visits()

    def _count(self, mean: float) -> int:
        """How many today: ``mean`` scaled to the site, in whole records."""
        mean *= self.scale
        return int(mean) + (self.rng.random() < mean - int(mean))

    # the ledger ---------------------------------------------------------------------------------

    def equipment(self) -> None:
        m, rng, cast = self.m, self.rng, self.cast
        rooms = self.made["rooms"]
        weights = [share for *_, share in CATALOGUE]
        lines = max(50, int(LEDGER_LINES * self.scale))
        for n in range(lines):
            category, name, models, unit, _share = rng.choices(CATALOGUE, weights=weights)[0]
            bought = self.start - dt.timedelta(days=rng.randint(0, 5 * 365))
            counted = category != "equipment" or unit == "节"
            status = (
                rng.choices(["in_use", "spare", "damaged", "disposed"], [80, 14, 2, 4])[0]
                if category == "equipment"
                else rng.choices(["spare", "damaged"], [97, 3])[0]
            )
            disposed = status == "disposed"
            self.ledger.append(
                self.bulk.add(
                    m.Equipment,
                    site_id=self.site.pk,
                    category=category,
                    name=name,
                    model=rng.choice(models),
                    serial=""
                    if counted
                    else f"{self.site.code.upper()}{n:06d}{rng.randrange(10**6):06d}",
                    quantity=rng.randint(2, 60) if counted else 1,
                    unit=unit,
                    status=status,
                    room_id=rng.choice(rooms).pk,
                    location=f"{rng.choice('ABCD')}{rng.randint(1, 8)} 机柜 {rng.randint(1, 42)}U",
                    antistatic=status == "damaged" and category == "spare",
                    custodian_id=(cast["it"] if category == "consumable" else cast["keeper"]).pk,
                    purchased_on=bought,
                    supplier="重庆新视界网络科技有限公司",
                    warranty_until=bought + dt.timedelta(days=3 * 365)
                    if category == "equipment"
                    else None,
                    disposed_at=self.at(self.today - dt.timedelta(days=rng.randint(1, 900)), 15)
                    if disposed
                    else None,
                    disposal_reason="设备老化，已报废" if disposed else "",
                )
            )
        for k in range(max(3, int(60 * self.scale))):  # purchases: a third of the ledger
            bought = self.start + dt.timedelta(days=k * 18)
            purchase = self.bulk.add(
                m.Procurement,
                site_id=self.site.pk,
                supplier="重庆科讯通信设备有限公司",
                purchased_on=bought,
                reference=f"HT-{bought.year}-{k + 1:03d}",
                received_by_id=cast["keeper"].pk,
                recorded_by_id=cast["keeper"].pk,
                recorded_at=self.at(bought, 16),
            )
            for line in rng.sample(self.ledger, min(len(self.ledger), 11)):
                self.bulk.add(
                    m.ProcurementLine,
                    site_id=self.site.pk,
                    procurement_id=purchase.id,
                    equipment_id=line.id,
                    quantity=line.quantity,
                    unit_price=Decimal(rng.randint(5, 8000)),
                )
        for _ in range(int(200 * self.scale)):  # consumption and damage
            line = rng.choice(self.ledger)
            day = self.start + dt.timedelta(days=rng.randint(0, (self.today - self.start).days - 1))
            kind = "consumption" if line.category == "consumable" else "damage"
            self.bulk.add(
                m.EquipmentReport,
                site_id=self.site.pk,
                kind=kind,
                equipment_id=line.id,
                quantity=1,
                responsible_id=cast["it"].pk if kind == "damage" else None,
                description="日常领用"
                if kind == "consumption"
                else "端口损坏，已装入防静电袋待返修",
                happened_at=self.at(day, 10),
                storage="防静电柜 1 号" if kind == "damage" else "",
                reported_by_id=cast["keeper"].pk,
                reported_at=self.at(day, 11),
            )

    # rounds -------------------------------------------------------------------------------------

    def rounds(self, day: dt.date) -> None:
        lan, lan_schedule = self.made["lan"]
        for checklist, schedule in self.made["checklists"]:
            self.one_round(checklist, schedule, self.at(day, 8), hours=10)
        if day.month in (1, 4, 7, 10) and day.day == 5:
            self.one_round(lan, lan_schedule, self.at(day, 9), hours=168)

    def one_round(self, checklist, schedule, occurs_at: dt.datetime, *, hours: int) -> None:
        from infocenter.machineroom.choices import ResultOutcome, RoundState

        m, rng = self.m, self.rng
        items = self._items(checklist)
        cancelled = rng.random() < 0.015
        late = rng.random() < 0.03
        done_at = occurs_at + dt.timedelta(
            hours=rng.uniform(10.5, 12) if late else rng.uniform(1.5, 6)
        )
        who = self.cast["keeper"] if rng.random() < 0.8 else self.cast["it"]
        fault = not cancelled and rng.random() < 0.04
        record = self.bulk.add(
            m.InspectionRound,
            site_id=self.site.pk,
            serial=self.bulk.serial("XJ", occurs_at),
            checklist_id=checklist.pk,
            schedule_id=schedule.pk,
            title=checklist.name,
            covers=checklist.covers[:120],
            department_id=checklist.department_id or self._engineering(),
            occurs_at=occurs_at,
            due_at=occurs_at + dt.timedelta(hours=hours),
            state=RoundState.CANCELLED if cancelled else RoundState.DONE,
            submitted_by_id=None if cancelled else who.pk,
            submitted_at=None if cancelled else done_at,
            note="当日机房停电检修，巡检未做，取消" if cancelled else ("发现异常" if fault else ""),
        )
        failing = rng.randrange(len(items)) if fault else -1
        for n, item in enumerate(items):
            reading, outcome, note = None, ResultOutcome.PASS, ""
            if item.kind == "reading":
                low = item.min_value if item.min_value is not None else item.max_value / 4
                high = item.max_value if item.max_value is not None else item.min_value * 2
                reading = (low + (high - low) * Decimal(rng.randint(25, 75)) / 100).quantize(
                    Decimal("0.1")
                )
                if n == failing:
                    reading = (high * Decimal("1.05")).quantize(Decimal("0.1"))
            if n == failing:
                outcome, note = ResultOutcome.FAIL, "超出正常范围，已报工程部"
            self.bulk.add(
                m.InspectionResult,
                site_id=record.site_id,
                round_id=record.id,
                position=item.position,
                label=item.label,
                kind=item.kind,
                unit=item.unit,
                min_value=item.min_value,
                max_value=item.max_value,
                photo_required=item.photo_required,
                guidance=item.guidance,
                outcome=ResultOutcome.PENDING if cancelled else outcome,
                reading=None if cancelled else reading,
                note=note,
                recorded_by_id=None if cancelled else who.pk,
                recorded_at=None if cancelled else done_at,
            )

    def _items(self, checklist) -> list:
        cache = self.__dict__.setdefault("_checklist_items", {})
        if checklist.pk not in cache:
            cache[checklist.pk] = list(checklist.items.order_by("position"))
        return cache[checklist.pk]

    def _engineering(self):
        from infocenter.core.models import Department

        if not hasattr(self, "_gc"):
            self._gc = Department.objects.get(site=self.site, code="gc").pk
        return self._gc

    # the access log -----------------------------------------------------------------------------

    def staff_visits(self, day: dt.date) -> None:
        rng = self.rng
        rooms = self.made["rooms"]
        for _ in range(self._count(STAFF_VISITS_A_DAY)):
            person = rng.choices(self.staff, [5, 4, 1])[0]
            entered = self.at(day, rng.randint(8, 19), rng.randrange(60))
            left = entered + dt.timedelta(minutes=rng.randint(5, 150))
            self.visit(
                rng.choices(rooms, [6, 2, 1, 1])[0],
                kind="staff",
                person=person,
                name=person.full_name,
                entered=entered,
                left=left,
            )

    def visit(self, room, *, kind, entered, left, name, person=None, request=None, **more):
        return self.bulk.add(
            self.m.Visit,
            site_id=self.site.pk,
            room_id=room.pk,
            kind=kind,
            person_id=person.pk if person else None,
            name=name,
            request_id=request.id if request else None,
            entered_at=entered,
            left_at=left,
            signed_in_by_id=(person or self.cast["keeper"]).pk,
            signed_out_by_id=None if left is None else (person or self.cast["keeper"]).pk,
            **more,
        )

    def access_request(self, day: dt.date) -> None:
        """A visit or a construction application asked for two days before, decided by the
        head, its people signed in and out (and what they carried), then closed."""
        m, rng, cast = self.m, self.rng, self.cast
        organisation, applicant, phone, purpose = rng.choice(VISITORS)
        construction = rng.random() < 0.3
        people = [applicant] + [
            _name(rng) for _ in range(rng.randint(1, 3) if construction else rng.randint(0, 1))
        ]
        days = rng.randint(1, 4) if construction else 1
        room = rng.choices(self.made["rooms"], [6, 2, 1, 1])[0]
        asked = self.at(day - dt.timedelta(days=2), rng.randint(9, 16), rng.randrange(60))
        starts, ends = self.at(day, 9), self.at(day + dt.timedelta(days=days - 1), 17)
        outcome = rng.choices(["closed", "refused", "cancelled"], [95, 3, 2])[0]
        decided = asked + dt.timedelta(minutes=rng.randint(20, 300))
        escort = rng.choice([cast["keeper"], cast["it"]])
        request = self.bulk.add(
            m.AccessRequest,
            site_id=self.site.pk,
            room_id=room.pk,
            serial=self.bulk.serial("JF", asked),
            kind="construction" if construction else "visit",
            state=outcome,
            organisation=organisation,
            applicant=applicant,
            phone=phone,
            people=people,
            purpose=purpose,
            scope="机柜 B2 布线、打孔固定" if construction else "",
            starts_at=starts,
            ends_at=ends,
            escort_id=escort.pk,
            maintainer_id=cast["it"].pk,
            requested_by_id=rng.choice(cast["others"] or [cast["keeper"].pk]),
            requested_at=asked,
            decided_by_id=cast["head"].pk if outcome != "cancelled" else None,
            decided_at=decided if outcome != "cancelled" else None,
            decision_note={"closed": "同意", "refused": "与收费高峰冲突，改期"}.get(outcome, ""),
            closed_at=ends if outcome == "closed" else decided,
            version=4 if outcome == "closed" else 2,
        )
        if outcome != "closed":
            return
        for d in range(days):
            on = day + dt.timedelta(days=d)
            entered = self.at(on, 9 if construction else 14, rng.randrange(30))
            left = entered + dt.timedelta(hours=rng.uniform(1, 7 if construction else 3))
            for name in people:
                visit = self.visit(
                    room,
                    kind="construction" if construction else "visit",
                    name=name,
                    organisation=organisation,
                    request=request,
                    escort_id=escort.pk,
                    entered=entered,
                    left=left,
                )
                if name == applicant and rng.random() < 0.3:
                    self.bulk.add(
                        m.ItemMovement,
                        site_id=self.site.pk,
                        visit_id=visit.id,
                        direction=rng.choice(["in", "out"]),
                        description=rng.choice(["光猫", "NVR 硬盘", "笔记本电脑", "工具箱"]),
                        quantity=1,
                        identifier=f"SN{rng.randrange(10**8):08d}",
                        inspection="已开箱检查，与登记一致",
                        inspected_by_id=escort.pk,
                        inspected_at=entered,
                    )
            if construction:
                self.bulk.add(
                    m.Release,
                    request_id=request.id,
                    day=on,
                    released_by_id=escort.pk,
                    released_at=left,
                    note="现场已清理，垃圾已带走，机柜门已锁",
                )
        if rng.random() < 0.02:  # refused at the door now and then
            at = self.at(day, 15, 40)
            self.visit(
                room,
                kind="visit",
                name="某宽带推销人员",
                organisation="不详",
                outcome="refused",
                reason="无审批、与机房工作无关，拒绝进入",
                entered=at,
                left=None,
            )

    def stale_visits(self) -> None:
        """The head never signed out of a weak-current room now and then (forgotten at the
        desk): still inside in the log."""
        for weeks in (3, 9, 30):
            day = self.today - dt.timedelta(weeks=weeks)
            self.visit(
                self.made["rooms"][2],
                kind="staff",
                person=self.cast["head"],
                name=self.cast["head"].full_name,
                entered=self.at(day, 17, 30),
                left=None,
            )

    # keys, loans, backups, changes --------------------------------------------------------------

    def key_loan(self, day: dt.date) -> None:
        m, rng, cast = self.m, self.rng, self.cast
        key = rng.choice(self.made["keys"])
        outsider = rng.random() < 0.3 and cast["others"]
        person = rng.choice(cast["others"]) if outsider else rng.choice(self.staff).pk
        out = self.at(day, rng.randint(8, 16), rng.randrange(60))
        back = out + dt.timedelta(hours=rng.uniform(0.5, 5))
        self.bulk.add(
            m.KeyEvent,
            site_id=self.site.pk,
            key_id=key.pk,
            kind="issued",
            person_id=person,
            approved_by_id=cast["head"].pk if outsider else None,
            recorded_by_id=cast["keeper"].pk,
            at=out,
        )
        self.bulk.add(
            m.KeyEvent,
            site_id=self.site.pk,
            key_id=key.pk,
            kind="returned",
            person_id=person,
            recorded_by_id=cast["keeper"].pk,
            at=back,
        )

    def loan(self, day: dt.date) -> None:
        m, rng, cast = self.m, self.rng, self.cast
        asked = self.at(day, 9, rng.randrange(60))
        out = asked + dt.timedelta(hours=2)
        back = out + dt.timedelta(days=rng.randint(1, 5))
        loan = self.bulk.add(
            m.Loan,
            site_id=self.site.pk,
            serial=self.bulk.serial("JY", asked),
            state="returned",
            borrower_id=rng.choice(cast["others"] or [cast["it"].pk]),
            borrower_name=_name(rng),
            purpose="楼栋弱电间网络排障",
            due_on=back.date(),
            requested_by_id=cast["keeper"].pk,
            requested_at=asked,
            decided_by_id=cast["head"].pk,
            decided_at=asked + dt.timedelta(minutes=40),
            decision_note="同意",
            handed_out_by_id=cast["keeper"].pk,
            handed_out_at=out,
            returned_at=back,
            received_by_id=cast["keeper"].pk,
            return_note="完好",
            version=4,
        )
        for line in rng.sample(self.ledger, rng.randint(1, 2)):
            self.bulk.add(
                m.LoanLine,
                site_id=self.site.pk,
                loan_id=loan.id,
                equipment_id=line.id,
                quantity=1,
            )

    def backups(self, day: dt.date) -> None:
        m, rng = self.m, self.rng
        for job, (_job, _system, frequency, size) in zip(self.made["jobs"], JOBS, strict=True):
            if frequency == "weekly" and day.weekday() != 6:
                continue
            failed = rng.random() < 0.02
            recorded = self.at(day + dt.timedelta(days=1), 8, rng.randint(20, 59))
            self.bulk.add(
                m.BackupResult,
                site_id=self.site.pk,
                job_id=job.pk,
                day=day,
                outcome="failed" if failed else "success",
                size_bytes=None if failed else int(size * rng.uniform(0.95, 1.1)),
                offsite=job.offsite and not failed,
                encrypted=not failed,
                note="备份盘空间不足，任务中止" if failed else "",
                recorded_by_id=job.custodian_id,
                recorded_at=recorded,
            )
            if failed:
                self.bulk.add(
                    m.BackupAlert,
                    site_id=self.site.pk,
                    job_id=job.pk,
                    kind="failed",
                    day=day,
                    raised_at=recorded,
                    detail="备份盘空间不足，任务中止",
                    handled_by_id=job.custodian_id,
                    handled_at=recorded + dt.timedelta(hours=2),
                    handling="已清理过期备份，手动补做备份成功",
                    version=2,
                )
            if (day - self.start).days % job.restore_every_days == job.restore_every_days - 7:
                self.bulk.add(
                    m.RestoreTest,
                    site_id=self.site.pk,
                    job_id=job.pk,
                    tested_on=day,
                    restored="前一日全库备份",
                    target="测试服务器 TEST-01",
                    outcome="passed",
                    verification="核对文件数量与校验值一致，抽查数据与生产一致",
                    duration_minutes=rng.randint(30, 180),
                    tested_by_id=job.custodian_id,
                    recorded_at=self.at(day, 16),
                )

    def changes(self, monday: dt.date) -> None:
        """The week's changes: a standard routine, one or two normal ones, now and then a major
        or an emergency one; decided by the head, carried out, done (a few refused or rolled
        back)."""
        m, rng, cast = self.m, self.rng, self.cast
        week = [c for c in CHANGES if c[2] == "standard"][:1] + rng.sample(
            [c for c in CHANGES if c[2] == "normal"], rng.randint(1, 2)
        )
        if rng.random() < 0.25:
            week.append(CHANGES[5])
        if rng.random() < 0.12:
            week.append(CHANGES[6])
        for title, system, kind in week:
            if rng.random() > self.scale:
                continue
            asked = self.at(monday, 10, rng.randrange(60))
            start = self.at(monday + dt.timedelta(days=3), 22)
            outcome = rng.choices(["done", "refused", "rolled_back"], [95, 3, 2])[0]
            implementer = rng.choice([cast["keeper"], cast["it"]])
            finished = start + dt.timedelta(minutes=45)
            change = self.bulk.add(
                m.ChangeRequest,
                site_id=self.site.pk,
                serial=self.bulk.serial("BG", asked),
                kind=kind,
                state=outcome,
                title=title,
                system=system,
                plan="按方案逐步执行，执行后验证",
                impact="相关系统短暂中断",
                rollback_plan="恢复变更前的配置",
                planned_start=start,
                planned_end=start + dt.timedelta(hours=1),
                implementer_id=implementer.pk,
                not_experimental=True,
                requested_by_id=implementer.pk,
                requested_at=asked,
                submitted_at=asked,
                decided_by_id=cast["head"].pk,
                decided_at=asked + dt.timedelta(hours=rng.randint(2, 30)),
                decision_note="同意" if outcome != "refused" else "与月底收费高峰冲突，下月再议",
                started_at=None if outcome == "refused" else start,
                finished_at=None if outcome == "refused" else finished,
                outcome={"done": "success", "rolled_back": "rolled_back"}.get(outcome, ""),
                version=5 if outcome != "refused" else 2,
            )
            if outcome != "refused":
                self.bulk.add(
                    m.ChangeOperation,
                    site_id=self.site.pk,
                    change_id=change.id,
                    done_by_id=implementer.pk,
                    at=start + dt.timedelta(minutes=20),
                    text=f"按计划执行：{title}",
                )


# -- today, through the services -------------------------------------------------------------------


def today_through_services(site, cast, made, rng: random.Random) -> int:
    """Today's round, who is inside now, two visits approved for today and the head's inbox:
    about thirty requests waiting for a decision. Returns how many wait."""
    from django.db import transaction
    from django.utils import timezone

    from infocenter.core.demo_clock import local
    from infocenter.machineroom import approvals
    from infocenter.machineroom.choices import EquipmentStatus
    from infocenter.machineroom.models import Equipment, InspectionRound
    from infocenter.machineroom.rules.changes import ChangeContent
    from infocenter.machineroom.services import (
        access,
        changes,
        data_access,
        loans,
        safety,
        security,
    )
    from infocenter.machineroom.services import inspections as inspection_services

    head, keeper, it = cast["head"], cast["keeper"], cast["it"]
    rooms = made["rooms"]
    now = timezone.now()
    today = timezone.localdate()
    for _checklist, schedule in made["checklists"]:  # today's rounds, as the worker makes them
        occurs = local(today, 8)
        if (
            occurs <= now
            and not InspectionRound.objects.filter(schedule=schedule, occurs_at=occurs).exists()
        ):
            with transaction.atomic():
                inspection_services.generate_round(schedule, occurs_at=occurs, now=now)
    access.sign_in_staff(keeper, room=rooms[0])
    access.sign_in_staff(it, room=rooms[1])
    soon = now + dt.timedelta(minutes=5)
    for n, (organisation, applicant, phone, purpose) in enumerate(VISITORS[:2]):
        record = access.request_access(
            keeper,
            room=rooms[0],
            kind="visit",
            organisation=organisation,
            applicant=applicant,
            phone=phone,
            people=[applicant, _name(rng)],
            purpose=purpose,
            starts_at=soon,
            ends_at=now + dt.timedelta(hours=6),
            escort=keeper,
            maintainer=it,
        )
        record = access.approve_request(head, record, version=record.version, note="同意")
        if n == 0:
            access.sign_in_visitor(keeper, request=record, name=applicant)
    others = [cast["keeper"]]
    from infocenter.core.models import User

    others = list(User.objects.filter(pk__in=cast["others"][:10])) or others
    for n in range(12):  # visits and construction in the next days
        organisation, applicant, phone, purpose = VISITORS[n % len(VISITORS)]
        starts = local(today + dt.timedelta(days=1 + n % 4), 9 + n % 6)
        access.request_access(
            rng.choice(others),
            room=rooms[n % len(rooms)],
            kind="construction" if n % 3 == 0 else "visit",
            organisation=organisation,
            applicant=applicant,
            phone=phone,
            people=[applicant] + [_name(rng) for _ in range(n % 3)],
            purpose=purpose,
            scope="机柜 B2 布线" if n % 3 == 0 else "",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=4 + 24 * (n % 3 == 0)),
            escort=rng.choice([keeper, it]),
            maintainer=it,
        )
    for n in range(3):
        starts = now + dt.timedelta(days=n + 1)
        safety.request_power(
            keeper,
            room=rooms[n % 2],
            equipment="冲击钻、热风枪（施工队）",
            watts=1800 + 200 * n,
            supply="机房检修电源箱 2 号回路",
            organisation="重庆捷联智能科技有限公司",
            reason="监控扩容施工：机柜打孔固定、线缆热缩",
            lines_checked=True,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=4),
        )
    for n in range(2):
        starts = now + dt.timedelta(days=n + 2)
        safety.request_fire_change(
            keeper,
            room=rooms[0],
            kind="state",
            equipment="气体灭火控制器",
            current="自动",
            proposed="手动（施工期间）",
            reason="施工打孔产生粉尘，防止烟感误报喷放",
            safeguards="施工期间维护员在场值守，手提二氧化碳灭火器 2 具就位；每日施工结束恢复自动",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=4),
        )
    for n in range(3):
        data_access.request_data_access(
            keeper,
            site=site,
            organisation=["区公安分局", "街道办事处", "业主委员会"][n],
            applicant=_name(rng),
            phone=_phone(rng),
            purpose="调查核实",
            items=["3 栋地下车库监控录像", "3 栋门禁刷卡记录"][: n % 2 + 1],
        )
    for n in range(6):
        title, system, kind = CHANGES[n % 6]
        kind = "normal" if kind == "standard" else kind
        start = local(today + dt.timedelta(days=3 + n), 22)
        changes.create_change(
            rng.choice([keeper, it]),
            site=site,
            content=ChangeContent(
                kind=kind,
                title=title,
                system=system,
                plan="1. 导出配置\n2. 执行变更\n3. 验证",
                impact="相关系统中断约 5 分钟",
                rollback_plan="导入变更前配置",
                justification="配置不一致，存在隐患" if kind == "major" else "",
                spare_parts="Console 线" if kind == "major" else "",
                planned_start=start,
                planned_end=start + dt.timedelta(hours=1),
                implementer=keeper,
                not_experimental=True,
            ),
            submit=True,
        )
    spare = list(
        Equipment.objects.filter(site=site, status=EquipmentStatus.SPARE, lent=0).order_by("pk")[:8]
    )
    for n in range(4):
        loans.request_loan(
            keeper,
            site=site,
            lines=[(spare[2 * n], 1), (spare[2 * n + 1], 1)],
            borrower=others[n % len(others)],
            purpose="楼栋弱电间网络排障",
            due_on=today + dt.timedelta(days=3),
        )
    for text in ("机房门禁卡读卡器偶发失灵，建议更换", "弱电间门锁老化，建议加装电子锁"):
        security.report_security(
            it, site=site, kind="weakness", description=text, remedy="已报工程部，待更换"
        )
    return len(approvals.waiting_for(head))


# -- fill, once ------------------------------------------------------------------------------------


def _done(name: str) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_progress (name varchar(40) PRIMARY KEY, value bigint NOT NULL)"
        )
        cursor.execute("SELECT value FROM bench_progress WHERE name = %s", [name])
        return cursor.fetchone() is not None


def _mark(name: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_progress (name, value) VALUES (%s, 1) ON CONFLICT (name) DO NOTHING",
            [name],
        )


def settle(models) -> None:
    """The planner's statistics of the bulk-written tables (SQLite's ``ANALYZE``; on PostgreSQL
    ``VACUUM ANALYZE``, what autovacuum would soon do): without them the planner takes a table of
    thousands of rows for an empty one."""
    from django.db import connection

    command = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def fill(*, all_sites: bool, years: int, seed: int) -> dict:
    """The machine room of the busiest site (or of every site), once: see the module's
    docstring. Returns the scene to measure."""
    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    today = timezone.localdate()
    start = today - dt.timedelta(days=round(365.25 * years))
    sites = busiest_sites(all_sites)
    scene = None
    for rank, site in enumerate(sites):
        rng = random.Random(f"{seed}-{site.code}")
        cast = cast_of(site, rng)
        made = set_up(site, cast, start)
        if not _done(f"mr-history-{site.code}"):
            started = time.perf_counter()
            history = History(
                site, cast, made, start=start, today=today, scale=1 / (rank + 1) ** 0.5, rng=rng
            )
            history.build()
            total = sum(len(rows) for rows in history.bulk.rows.values())
            with (
                tqdm(total=total, desc=f"{site.code} history", unit="rows") as bar,
                transaction.atomic(),
            ):
                history.bulk.write(bar)
                _mark(f"mr-history-{site.code}")
            settle(history.bulk.rows)
            counts = ", ".join(
                f"{model.__name__} {len(rows)}" for model, rows in history.bulk.rows.items()
            )
            print(f"  {site.code}: {counts} ({time.perf_counter() - started:.0f} s)")
        if not _done(f"mr-today-{site.code}"):
            waiting = today_through_services(site, cast, made, rng)
            _mark(f"mr-today-{site.code}")
            print(f"  {site.code}: {waiting} requests waiting for the head")
        if scene is None:
            scene = {
                "site": site.pk,
                "head": cast["head"].username,
                "keeper": cast["keeper"].username,
            }
    return scene


def prepare(*, all_sites: bool, years: int, seed: int) -> dict:
    """The database migrated and filled, the static files collected, and the scene with usable
    passwords (the generated MD5 hashes are refused at log-in)."""
    from django.core.management import call_command

    from infocenter.core.models import User

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    scene = fill(all_sites=all_sites, years=years, seed=seed)
    for username in (scene["head"], scene["keeper"]):
        person = User.objects.get(username=username)
        person.set_password(PASSWORD)
        person.save(update_fields=["password"])
    return scene


# -- measure ---------------------------------------------------------------------------------------


def paths(scene: dict) -> dict:
    """page -> (who asks, the path of round i)."""
    return {
        "approvals": (scene["head"], lambda i: "/machineroom/approvals/"),
        "desk": (scene["keeper"], lambda i: "/machineroom/"),
        "rounds": (scene["keeper"], lambda i: "/machineroom/rounds/"),
        "ledger": (scene["keeper"], lambda i: "/machineroom/equipment/"),
    }


def measure(
    scene: dict, app_port: int, floor_port: int, rounds: int, warmup: int, other_port=None
) -> dict:
    """Interleaved rounds; with ``other_port`` (``--against``) every page of the other checkout
    too, named ``<page> (against)``."""
    pages: loopback.Pages = {"floor": (Http(floor_port), lambda i: "/ok/")}
    servers = [("", app_port)] + ([(" (against)", other_port)] if other_port else [])
    for suffix, port in servers:
        clients = {}
        for username in (scene["head"], scene["keeper"]):
            clients[username] = Http(port)
            clients[username].log_in(username, PASSWORD)
        for name, (username, path) in paths(scene).items():
            pages[name + suffix] = (clients[username], path)
    return loopback.interleaved(pages, rounds, warmup)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--database-url")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--years", type=int, default=3, help="of machine-room history (3)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--all-sites", action="store_true", help="fill every site, not only the busiest"
    )
    parser.add_argument("--fill-only", action="store_true", help="fill, measure nothing")
    parser.add_argument("--out", help="also write the samples' summary as JSON here")
    parser.add_argument(
        "--against",
        metavar="CHECKOUT",
        help="another checkout of the project (e.g. the main branch, for before and after): "
        "its pages are served too, on the same database, and measured in the same rounds",
    )
    args = parser.parse_args()

    url = setup_django(orders=args.orders, database_url=args.database_url)
    from django.db import connections

    database = describe_database()
    scene = prepare(all_sites=args.all_sites, years=args.years, seed=args.seed)
    if args.fill_only:
        return
    queries = loopback.count_queries(paths(scene))
    connections.close_all()

    with beside_floor(url, args.against) as (app_port, floor_port, other_port):
        times = measure(scene, app_port, floor_port, args.rounds, args.warmup, other_port)
    at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    label = f"{database}, machine room, {args.rounds} rounds, {at}" + (
        f", against {args.against}" if args.against else ""
    )
    rows = loopback.table(times, queries, label, TARGETS, p95_budget=P95_BUDGET_MS)
    if args.out:
        Path(args.out).write_text(json.dumps({"label": label, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
