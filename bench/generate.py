"""Service-desk benchmark data (acceptance item 8 of the service-desk issue).

    .venv/bin/python -m bench.generate --orders 10000 [--sites 20] [--years 5] [--database-url URL]

Migrates the target database, builds the organisation through the real services (company,
branch, sites with their five departments, buildings with rooms, people with their roles),
then bulk-inserts years of Customer Service Forms and Work Orders with everything the services
would have left behind: callbacks, weekly archive batches, the residents register, the clocks
(``Deadline`` rows in the states the worker would have moved them to) and the serial counters,
so that the services carry on numbering where the data stops.

The bulk part bypasses the services for speed (``bulk_create``, one transaction per chunk of
about 5 000 orders), so it writes no audit events and no notifications. Ctrl+C rolls back the
current chunk only; running the same command again continues up to ``--orders``.

The database is ``DATABASE_URL`` when set, else ``--database-url``, else the SQLite file
``var/bench-<orders>.sqlite3`` (never the project's own database).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN_USERNAME = "bench-admin"
PASSWORD = "Bench-Passw0rd!"
CHUNK_ORDERS = 5000
BATCH_SIZE = 5000
MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# -- the database ----------------------------------------------------------------------------------


def default_database_url(orders: int) -> str:
    var = Path(os.environ.get("INFOCENTER_VAR_DIR") or ROOT / "var")
    return f"sqlite:///{var / f'bench-{orders}.sqlite3'}"


def setup_django(*, orders: int, database_url: str | None = None) -> str:
    """Point Django at the benchmark database (never the project's own) and set it up."""
    url = database_url or os.environ.get("DATABASE_URL") or default_database_url(orders)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infocenter.settings")
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    return url


def describe_database() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version} ({settings['NAME']})"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version} ({settings['NAME']} on {settings.get('HOST') or 'localhost'})"


def database_size() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        size = sum(p.stat().st_size for p in name.parent.glob(name.name + "*"))
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    return f"{size / 2**20:,.0f} MiB"


# -- vocabulary -----------------------------------------------------------------------------------

SITES = [
    ("江岸花园", "jahy"),
    ("嘉陵商务中心", "jlsw"),
    ("龙湖花园", "lhhy"),
    ("金科城", "jkc"),
    ("南山名苑", "nsmy"),
    ("滨江一号", "bjyh"),
    ("观音桥广场", "gyqgc"),
    ("两江新城", "ljxc"),
    ("鹅岭公馆", "elgg"),
    ("沙坪坝中心", "spbzx"),
    ("北城天街", "bctj"),
    ("大学城北苑", "dxcby"),
    ("翠湖天地", "chtd"),
    ("朝天门大厦", "ctmds"),
    ("融创玖玺", "rcjx"),
    ("照母山花园", "zmshy"),
    ("礼嘉天街", "ljtj"),
    ("江北嘴国际", "jbzgj"),
    ("九龙半岛", "jlbd"),
    ("茶园新区", "cyxq"),
]
DEPARTMENTS = [
    ("客服部", "kf"),
    ("工程部", "gc"),
    ("秩序部", "zx"),
    ("环境部", "hj"),
    ("信息中心", "xx"),
]
BUILDINGS = [f"{n}栋" for n in range(1, 5)]
FLOORS, UNITS, ROOMS_PER_FLOOR = 18, ["1单元", "2单元"], 2

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力国志新海燕琳晨宇浩然欣怡子轩梓涵"
    "思雨博文嘉怡俊杰雅婷宏伟晓东丹丹春梅德明永刚秋菊立新红梅"
)
PLACES = [
    "{b}电梯厅",
    "{b}楼道",
    "{b}大堂",
    "地下车库A区",
    "地下车库B区",
    "南门岗亭",
    "北门岗亭",
    "中心花园",
    "儿童游乐区",
    "会所",
    "游泳池",
    "消防控制室",
    "垃圾中转站",
    "东侧围墙",
    "地面停车场",
    "{b}屋面",
]

# (category, department code, content); {place} is a public place, {room} the reporter's flat
CONTENTS = {
    "repair": [
        ("gc", "卫生间漏水，楼下天花板有水渍"),
        ("gc", "厨房下水道堵塞，排水很慢"),
        ("gc", "入户门锁损坏，钥匙打不开"),
        ("gc", "客厅灯不亮，怀疑线路故障"),
        ("gc", "{place}电梯运行时有异响"),
        ("gc", "阳台水管爆裂，正在漏水"),
        ("gc", "家中停电，空气开关合不上"),
        ("gc", "{place}声控灯不亮"),
        ("gc", "窗户合页松动，关不严"),
        ("gc", "热水器供水压力不足"),
        ("gc", "单元门禁刷卡无反应"),
        ("gc", "外墙渗水，卧室墙面发霉"),
        ("hj", "{place}垃圾桶破损需要更换"),
        ("zx", "可视对讲无法接通中控室"),
        ("gc", "马桶水箱一直流水"),
    ],
    "complaint": [
        ("zx", "楼上装修噪音扰民，晚上十点后仍在施工"),
        ("zx", "有车辆长期占用{place}消防通道"),
        ("hj", "垃圾清运不及时，{place}异味严重"),
        ("zx", "夜间巡逻不到位，单元门常开"),
        ("hj", "{place}保洁不干净，地面有污渍"),
        ("zx", "外来人员随意进出小区"),
        ("kf", "物业费账单金额有误"),
        ("gc", "报修后维修人员迟迟未上门"),
        ("hj", "绿化带杂草未及时修剪"),
        ("zx", "邻居在{place}堆放杂物"),
        ("zx", "夜间广场舞噪音过大，影响休息"),
        ("hj", "宠物粪便无人清理"),
    ],
    "inquiry": [
        ("kf", "咨询物业费缴纳方式和时间"),
        ("kf", "询问小区停水通知的具体时间"),
        ("kf", "咨询装修申请需要准备的材料"),
        ("kf", "询问快递柜位置"),
        ("kf", "咨询车位租赁价格"),
        ("kf", "询问门禁卡补办流程"),
        ("gc", "询问电梯年检时间"),
        ("kf", "咨询房屋出租备案手续"),
    ],
    "suggestion": [
        ("hj", "建议增加儿童游乐设施"),
        ("gc", "建议在{place}增加照明"),
        ("kf", "建议延长游泳池开放时间"),
        ("gc", "建议增设电动车充电桩"),
        ("zx", "建议高峰期增加门岗人员"),
    ],
    "praise": [
        ("gc", "感谢工程部师傅及时上门维修"),
        ("hj", "表扬保洁阿姨工作认真负责"),
        ("zx", "感谢秩序部帮忙搬运重物"),
        ("kf", "感谢客服前台耐心解答"),
    ],
    "internal": [
        ("gc", "巡查发现{place}消防栓箱门损坏"),
        ("xx", "{place}监控摄像头画面异常"),
        ("gc", "{place}地面破损存在安全隐患"),
        ("hj", "{place}绿化喷灌系统漏水"),
        ("gc", "{place}照明灯具损坏"),
        ("xx", "中控室电脑无法登录系统"),
        ("zx", "{place}道闸抬杆故障"),
        ("xx", "{place}门禁读卡器离线"),
    ],
}
CATEGORY_WEIGHTS = {
    "repair": 55,
    "complaint": 14,
    "inquiry": 12,
    "suggestion": 5,
    "praise": 4,
    "internal": 10,
}
DIRECT = {
    "inquiry": 0.85,
    "suggestion": 0.5,
    "praise": 0.6,
    "complaint": 0.03,
}  # handled without an order
NO_CALLBACK = {"praise", "internal"}  # SD-11
RESULTS = {
    "gc": [
        "已上门维修完毕，业主确认正常",
        "已更换损坏配件，试用正常",
        "已疏通处理，恢复正常",
        "已紧固调整，使用正常",
    ],
    "zx": ["已现场劝导，问题已解决", "已加强巡逻并告知当事人", "已通知车主挪车"],
    "hj": ["已安排保洁清理完毕", "已清运并消杀", "已修剪完毕"],
    "kf": ["已与业主沟通解释，业主表示理解", "已核对账单并更正"],
    "xx": ["已重启设备并检查，运行正常", "已更换网络模块，恢复在线"],
}
RETURN_REASONS = [
    "需采购配件，预计超过两个工作日",
    "属公共维修基金范围，需业委会审批",
    "业主不在家，无法入户",
    "非物业管理范围，已告知业主联系相关单位",
]
DIRECT_RESOLUTIONS = [
    "已电话答复，业主表示清楚",
    "已当场答复并告知办理方式",
    "已记录建议并转相关部门参考",
    "已转达表扬并致谢",
]
HOURLY = [0.3] * 7 + [1, 3, 6, 6, 6, 4, 4, 6, 6, 6, 6, 4, 4, 4, 2, 2, 1]  # calls by hour of day


# -- the organisation, through the services --------------------------------------------------------


def build_organisation(n_sites: int, rng: random.Random, echo) -> None:
    """Company, branch, sites with departments and buildings, and people with their roles."""
    from django.test import override_settings

    from infocenter.core import services
    from infocenter.core.choices import Role

    with override_settings(PASSWORD_HASHERS=MD5):
        root = services.bootstrap_superuser(
            username=ADMIN_USERNAME, full_name="基准测试管理员", password=PASSWORD
        )
        company = services.create_company(root, name="嘉禾物业服务有限公司", code="jiahe")
        branch = services.create_branch(root, company=company, name="重庆分公司", code="cq")
        for index in range(n_sites):
            name, code = (
                SITES[index]
                if index < len(SITES)
                else (f"项目{index + 1:02d}", f"s{index + 1:02d}")
            )
            site = services.create_site(
                root, branch=branch, name=name, code=code, address=f"重庆市{name}"
            )
            departments = {
                c: services.create_department(root, site=site, name=n, code=c)
                for n, c in DEPARTMENTS
            }
            for building in BUILDINGS:
                services.create_building(
                    root,
                    site=site,
                    name=building,
                    floors=FLOORS,
                    units=UNITS,
                    rooms_per_floor=ROOMS_PER_FLOOR,
                )
            people = [(Role.PROCESSOR, "xx", "信息处理员"), (Role.CS_ASSISTANT, "kf", "客服助理")]
            for _dept_name, dept in DEPARTMENTS:
                people += [
                    (Role.DEPT_HEAD, dept, "主管"),
                    (Role.DEPT_STAFF, dept, "员工"),
                    (Role.DEPT_STAFF, dept, "员工"),
                ]
            people.append((Role.DATA_MANAGER, "xx", "资料员"))  # last: marks the site complete
            for n, (role, dept, title) in enumerate(people):
                person = services.create_person(
                    root,
                    username=f"{code}-{role}-{dept}-{n}",
                    full_name=_name(rng),
                    password=PASSWORD,
                    phone=_phone(rng),
                    title=title,
                    site=site,
                )
                services.assign_role(
                    root, person=person, role=role, site=site, department=departments[dept]
                )
            echo(f"  site {index + 1}/{n_sites}: {name} ({code})")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"


def add_residents(rng: random.Random) -> int:
    """The residents register: an owner per flat, and a tenant in one flat of four."""
    from infocenter.core.models import Room, Site
    from infocenter.core.pinyin import initials, spelled
    from infocenter.servicedesk.models import Resident

    added = 0
    for site in Site.objects.filter(residents__isnull=True).order_by("pk"):
        rows = []
        for room in Room.objects.filter(unit__building__site=site).order_by("pk"):
            for kind in ["owner"] + (["tenant"] if rng.random() < 0.25 else []):
                name = _name(rng)
                rows.append(
                    Resident(
                        site=site,
                        name=name,
                        kind=kind,
                        phone=_phone(rng),
                        room=room,
                        name_pinyin=spelled(name),
                        name_initials=initials(name),
                    )
                )
        Resident.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        added += len(rows)
    return added


@dataclass
class SiteInfo:
    """What the generator needs to know about one site, read once."""

    pk: int
    code: str
    weight: float
    calendar: object
    departments: dict  # code -> id
    processor: int
    assistant: int
    data_manager: int
    heads: dict  # department code -> user id
    staff: dict  # department code -> [user ids]
    residents: list  # (id, name, phone, kind, room id)
    buildings: list


def load_sites() -> list[SiteInfo]:
    from infocenter.core import calendar
    from infocenter.core.choices import Role
    from infocenter.core.models import Building, RoleAssignment, Site
    from infocenter.servicedesk.models import Resident

    infos = []
    for rank, site in enumerate(Site.objects.filter(branch__code="cq").order_by("pk")):
        departments = dict(site.departments.values_list("code", "pk"))
        by_dept = {pk: code for code, pk in departments.items()}
        heads, staff, single = {}, {}, {}
        for role, user_id, dept_id in (
            RoleAssignment.objects.filter(site=site)
            .order_by("pk")
            .values_list("role", "user_id", "department_id")
        ):
            if role == Role.DEPT_HEAD:
                heads[by_dept[dept_id]] = user_id
            elif role == Role.DEPT_STAFF:
                staff.setdefault(by_dept[dept_id], []).append(user_id)
            else:
                single.setdefault(role, user_id)
        infos.append(
            SiteInfo(
                pk=site.pk,
                code=site.code.upper(),
                weight=1 / (rank + 1) ** 0.5,
                calendar=calendar.for_site(site),
                departments=departments,
                processor=single[Role.PROCESSOR],
                assistant=single[Role.CS_ASSISTANT],
                data_manager=single[Role.DATA_MANAGER],
                heads=heads,
                staff=staff,
                residents=list(
                    Resident.objects.filter(site=site)
                    .order_by("pk")
                    .values_list("pk", "name", "phone", "kind", "room_id")
                ),
                buildings=list(
                    Building.objects.filter(site=site)
                    .order_by("name")
                    .values_list("name", flat=True)
                ),
            )
        )
    return infos


# -- the bulk part ------------------------------------------------------------------------------


class Generator:
    """Writes forms, orders and what they leave behind, chunk by chunk, as the services would
    have by ``now``: every step is dated, and only steps dated before ``now`` happened."""

    def __init__(
        self, *, sites: list[SiteInfo], now: dt.datetime, target: int, years: int, seed: int
    ):
        from zoneinfo import ZoneInfo

        from django.conf import settings
        from django.db.models import Max

        from infocenter.core.models import Deadline, SerialCounter
        from infocenter.servicedesk.models import ArchiveBatch, Callback, ServiceForm, WorkOrder

        self.sites, self.now, self.target = sites, now, target
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.site_codes = {s.pk: s.code for s in sites}
        self.cum_weights = _cumulative([s.weight for s in sites])
        self.next_id = {
            m: (m.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
            for m in (ServiceForm, WorkOrder, Deadline, Callback, ArchiveBatch)
        }
        self.counters = {
            (site_id, series, year): value
            for site_id, series, year, value in SerialCounter.objects.values_list(
                "site_id", "series", "year", "last_value"
            )
        }
        self.batches = {
            (site_id, week): pk
            for pk, site_id, week in ArchiveBatch.objects.values_list("pk", "site_id", "week_start")
        }
        # Progress counts *planned* orders: an order whose dispatch (or re-issue) lies after now
        # is planned but not written yet. Time follows the planned share, so the last hours are
        # as busy as any others, and the history ends at now.
        self.planned_done = read_progress()
        last = ServiceForm.objects.filter(reopened_from__isnull=True).aggregate(
            m=Max("received_at")
        )["m"]
        self.t0 = last or now - dt.timedelta(
            days=365.25 * years
        )  # from the last form when continuing
        self.o0 = self.planned_done
        self.rng = random.Random(f"{seed}-{self.planned_done}")
        self.stats = {
            "forms": 0,
            "orders": 0,
            "deadlines": 0,
            "callbacks": 0,
            "batches": 0,
            "planned": 0,
        }
        self._texts()

    def _texts(self):
        from django.conf import settings
        from django.utils import translation
        from django.utils.translation import gettext

        with translation.override(settings.LANGUAGE_CODE):
            self.reissue_text = gettext(
                "Re-issued: %(serial)s was neither finished nor returned within the time limit."
            )
            self.reopen_text = gettext(
                "Reopened after an unsatisfied callback on %(serial)s: %(notes)s\n%(content)s"
            )

    # -- one chunk, one transaction --------------------------------------------------------------

    def run_chunk(self) -> int:
        """Generate and write the next chunk; returns how many orders it planned."""
        from django.db import transaction

        self.forms, self.orders, self.deadlines, self.callbacks, self.new_batches = (
            [],
            [],
            [],
            [],
            [],
        )
        self.fixups, self.touched, self.planned = [], set(), 0
        goal = min(self.target, self.planned_done + CHUNK_ORDERS)
        span = self.now - self.t0
        while self.planned_done + self.planned < goal:
            share = (self.planned_done + self.planned - self.o0 + self.rng.random()) / max(
                self.target - self.o0, 1
            )
            site = self.rng.choices(self.sites, cum_weights=self.cum_weights)[0]
            self._form(site, self._daytime(self.t0 + span * min(share, 1.0)))
        self._number()
        with transaction.atomic():
            self._write()
            write_progress(self.planned_done + self.planned)
        self.planned_done += self.planned
        for key, rows in (
            ("forms", self.forms),
            ("orders", self.orders),
            ("deadlines", self.deadlines),
            ("callbacks", self.callbacks),
            ("batches", self.new_batches),
        ):
            self.stats[key] += len(rows)
        self.stats["planned"] += self.planned
        return self.planned

    def _write(self):
        from django.core.management.color import no_style
        from django.db import connection

        from infocenter.core.models import Deadline, SerialCounter
        from infocenter.servicedesk.models import ArchiveBatch, Callback, ServiceForm, WorkOrder

        for model, rows in (
            (ArchiveBatch, self.new_batches),
            (ServiceForm, self.forms),
            (WorkOrder, self.orders),
            (Callback, self.callbacks),
            (Deadline, self.deadlines),
        ):
            insert_rows(model, rows)
        SerialCounter.objects.bulk_create(
            [
                SerialCounter(
                    site_id=s, series=series, year=y, last_value=self.counters[(s, series, y)]
                )
                for s, series, y in sorted(self.touched)
            ],
            update_conflicts=True,
            unique_fields=["site", "series", "year"],
            update_fields=["last_value"],
        )
        # Explicit ids were written: move PostgreSQL's sequences past them (no-op on SQLite).
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [ServiceForm, WorkOrder, Deadline, Callback, ArchiveBatch]
            ):
                cursor.execute(sql)

    def _number(self):
        """Serials in time order per site and year, as ``allocate_serial`` hands them out."""
        for rows, series, stamp in (
            (self.forms, "KF", "received_at"),
            (self.orders, "PG", "dispatched_at"),
        ):
            for row in sorted(rows, key=lambda r: getattr(r, stamp)):
                year = getattr(row, stamp).astimezone(self.tz).year
                key = (row.site_id, series, year)
                self.counters[key] = value = self.counters.get(key, 0) + 1
                self.touched.add(key)
                row.serial = f"{self.site_codes[row.site_id]}-{series}-{year}-{value:05d}"
        for fix in self.fixups:
            fix()

    def _id(self, model) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return value

    # -- time -------------------------------------------------------------------------------------

    def _daytime(self, moment: dt.datetime) -> dt.datetime:
        """Spread the day's calls by hour (more in office hours), keeping their order."""
        local = moment.astimezone(self.tz)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        x = (local - midnight).total_seconds() / 86400 * _DAY_TOTAL
        for hour, weight in enumerate(HOURLY):
            if x < weight:
                shaped = midnight + dt.timedelta(hours=hour + x / weight)
                return shaped if shaped <= self.now else moment
            x -= weight
        return moment

    def _minutes(self, low: float, high: float) -> dt.timedelta:
        return dt.timedelta(minutes=self.rng.uniform(low, high))

    def _lag(self) -> dt.timedelta:  # the worker's polling delay
        return dt.timedelta(seconds=self.rng.uniform(0.5, 5))

    # -- clocks -------------------------------------------------------------------------------

    def _clock(
        self,
        site,
        kind,
        subject_type,
        subject_id,
        start,
        due,
        *,
        ended=None,
        end_state="met",
        provisional=False,
    ):
        """One ``Deadline`` as the engine leaves it at ``now``: warned at 75 %, breached at due,
        met or cancelled at ``ended`` (a breached one stays breached and records the end)."""
        from infocenter.core.models import Deadline

        warn = start + (due - start) * 0.75
        stop = min(self.now, ended) if ended is not None else self.now
        warned_at = warn + self._lag() if warn <= stop else None
        breached_at = due + self._lag() if due <= stop else None
        if warned_at and warned_at > self.now:
            warned_at = None
        if breached_at and breached_at > self.now:
            breached_at = None
        if ended is not None and ended <= self.now:
            state = "breached" if breached_at else end_state
            closed_at, next_at = ended, None
        elif breached_at:
            state, closed_at, next_at = "breached", None, None
        else:
            state, closed_at, next_at = (
                ("warned", None, due) if warned_at else ("scheduled", None, warn)
            )
        self.deadlines.append(
            new(
                Deadline,
                id=self._id(Deadline),
                site_id=site.pk,
                kind=kind,
                subject_type=subject_type,
                subject_id=str(subject_id),
                started_at=start,
                warn_at=warn,
                due_at=due,
                next_at=next_at,
                state=state,
                provisional=provisional,
                warned_at=warned_at,
                breached_at=breached_at,
                closed_at=closed_at,
                data={},
            )
        )

    # -- forms ------------------------------------------------------------------------------------

    def _form(self, site: SiteInfo, received: dt.datetime, reopen_of=None):
        from infocenter.servicedesk.models import ServiceForm

        rng = self.rng
        form = new(
            ServiceForm,
            id=self._id(ServiceForm),
            site_id=site.pk,
            serial="",
            received_at=received,
            received_by_id=site.processor,
            state="logged",
            version=1,
        )
        if reopen_of is not None:
            for name in (
                "source",
                "reporter_kind",
                "resident_id",
                "reporter_name",
                "reporter_phone",
                "room_id",
                "location",
                "category",
                "major",
            ):
                setattr(form, name, getattr(reopen_of, name))
            form.priority, form.reopened_from_id, form.received_by_id = (
                "urgent",
                reopen_of.pk,
                site.assistant,
            )
            dept = reopen_of._dept
            self.fixups.append(
                lambda f=form, o=reopen_of: setattr(
                    f,
                    "content",
                    self.reopen_text
                    % {"serial": o.serial, "notes": "业主认为问题未彻底解决", "content": o.content},
                )
            )
        else:
            dept = self._reporter_and_content(site, form)
        form._dept, form._orders = dept, []
        self.forms.append(form)
        delay = self._dispatch_delay()
        handled = received + delay
        direct = reopen_of is None and rng.random() < DIRECT.get(form.category, 0)
        self._clock(
            site,
            "sd.dispatch",
            "servicedesk.serviceform",
            form.pk,
            received,
            received + dt.timedelta(hours=24),
            ended=handled,
        )
        if handled > self.now:
            self.planned += 0 if direct else 1  # to be dispatched after now
            return
        if direct:
            form.state, form.resolved_at, form.resolved_by_id = "resolved", handled, site.processor
            form.resolution, form.version = rng.choice(DIRECT_RESOLUTIONS), 2
            self._after_resolution(site, form, handled)
            return
        dispatches = [(dept, handled)]
        if form.category == "complaint" and rng.random() < 0.05:  # a second department is needed
            second = handled + self._minutes(1, 8)
            if second <= self.now:
                dispatches.append(
                    (rng.choice([d for d in ("gc", "zx", "hj") if d != dept]), second)
                )
        form.state, form.version = "dispatched", 1 + len(dispatches)
        chains = [self._order_chain(site, form, d, at) for d, at in dispatches]
        if any(c is None for c in chains):
            return
        closed_at = max(c[0] for c in chains)
        finals = [o for c in chains for o in c[1]]
        form.state, form.resolved_at, form.resolved_by_id = "resolved", closed_at, site.processor
        form.resolution = "；".join(o.result or o.return_reason for o in finals)
        form.version += 1
        self._after_resolution(site, form, closed_at)

    def _reporter_and_content(self, site: SiteInfo, form) -> str:
        rng = self.rng
        category = _weighted(rng, CATEGORY_WEIGHTS)
        dept, text = rng.choice(CONTENTS[category])
        place = rng.choice(PLACES).format(b=rng.choice(site.buildings))
        form.category, form.content = category, text.format(place=place)
        form.priority = "urgent" if category == "repair" and rng.random() < 0.08 else "normal"
        form.major = rng.random() < 0.002
        if category == "internal" or rng.random() < 0.06:
            form.source = "staff_form" if rng.random() < 0.7 else rng.choice(("intercom", "phone"))
            form.reporter_kind, form.reporter_name, form.reporter_phone = "staff", _name(rng), ""
            form.location = place
        elif rng.random() < 0.04:
            form.source, form.reporter_kind = "visit", "other"
            form.reporter_name, form.reporter_phone, form.location = _name(rng), _phone(rng), place
        else:
            resident_id, name, phone, kind, room_id = rng.choice(site.residents)
            form.source = _weighted(rng, {"phone": 80, "visit": 10, "intercom": 8, "letter": 2})
            form.reporter_kind, form.resident_id, form.reporter_name = kind, resident_id, name
            form.reporter_phone, form.room_id = phone, room_id
            if "{place}" in text:
                form.location = place
        return dept

    def _dispatch_delay(self) -> dt.timedelta:
        roll = self.rng.random()
        if roll < 0.85:
            return self._minutes(2, 45)
        if roll < 0.97:
            return self._minutes(45, 18 * 60)
        if roll < 0.99:
            return self._minutes(18 * 60, 24 * 60)  # warned (SD-6)
        return self._minutes(24 * 60, 40 * 60)  # breached

    def _after_resolution(self, site: SiteInfo, form, resolved: dt.datetime):
        """The callback (SD-10), an unsatisfied customer's reopened form, the weekly archive."""
        from infocenter.servicedesk.models import Callback

        rng = self.rng
        done = resolved
        if form.category not in NO_CALLBACK:
            called = resolved + self._minutes(30, 48 * 60)
            if called > self.now:
                return
            if rng.random() < 0.05:
                self.callbacks.append(
                    new(
                        Callback,
                        id=self._id(Callback),
                        form_id=form.pk,
                        called_at=called,
                        called_by_id=site.assistant,
                        outcome="unreachable",
                        notes="电话无人接听",
                    )
                )
                called += self._minutes(120, 26 * 60)
                if called > self.now:
                    return
            unsatisfied = form.reopened_from_id is None and rng.random() < 0.03
            self.callbacks.append(
                new(
                    Callback,
                    id=self._id(Callback),
                    form_id=form.pk,
                    called_at=called,
                    called_by_id=site.assistant,
                    outcome="unsatisfied" if unsatisfied else "satisfied",
                    satisfaction=rng.choice((1, 2))
                    if unsatisfied
                    else _weighted(rng, {5: 70, 4: 25, 3: 5}),
                    notes="业主认为问题未彻底解决" if unsatisfied else "业主表示满意",
                )
            )
            form.state, form.version, done = "called_back", form.version + 1, called
            if unsatisfied:
                self._form(site, called, reopen_of=form)
        self._archive(site, form, done)

    def _archive(self, site: SiteInfo, form, done: dt.datetime):
        """SD-16: the first weekly hand-over after the form was done, then the review."""
        from infocenter.servicedesk.models import ArchiveBatch

        week = form.received_at.astimezone(self.tz).date()
        week -= dt.timedelta(days=week.weekday())
        while (submitted := self._handover(site, week)) < done:
            week += dt.timedelta(days=7)
        if submitted > self.now:
            return
        reviewed = self._review(site, week)
        key = (site.pk, week)
        if key not in self.batches:
            approved = reviewed <= self.now
            batch = new(
                ArchiveBatch,
                id=self._id(ArchiveBatch),
                site_id=site.pk,
                week_start=week,
                submitted_at=submitted,
                submitted_by_id=site.processor,
                state="approved" if approved else "submitted",
                refused=[],
                reviewed_at=reviewed if approved else None,
                reviewed_by_id=site.data_manager if approved else None,
                version=2 if approved else 1,
            )
            self.new_batches.append(batch)
            self.batches[key] = batch.pk
        form.archive_batch_id = self.batches[key]
        if reviewed <= self.now:
            form.state, form.archived_at, form.version = "archived", reviewed, form.version + 1
            for order in form._orders:
                order.archived_at = reviewed

    def _handover(self, site, week: dt.date) -> dt.datetime:  # Saturday morning
        at = dt.datetime.combine(week + dt.timedelta(days=5), dt.time(10), tzinfo=self.tz)
        return at + dt.timedelta(minutes=(site.pk * 37 + week.toordinal()) % 90)

    def _review(self, site, week: dt.date) -> dt.datetime:  # the following Monday
        at = dt.datetime.combine(week + dt.timedelta(days=7), dt.time(9), tzinfo=self.tz)
        return at + dt.timedelta(minutes=30 + (site.pk * 53 + week.toordinal()) % 150)

    # -- work orders --------------------------------------------------------------------------

    def _order_chain(self, site, form, dept: str, dispatched: dt.datetime):
        """An order and, when it was re-issued (SD-14), its successor. Returns (closed at, the
        orders that count for the result) once the last one is closed, else None."""
        order, closed, escalated_at = self._order(
            site, form, dept, dispatched, allow_escalation=True
        )
        if escalated_at is not None:
            if escalated_at > self.now:
                self.planned += 1  # to be re-issued after now
                return None
            reissue, closed, _ = self._order(site, form, dept, escalated_at, reissue_of=order)
            return (closed, [reissue]) if closed is not None else None
        return (closed, [order]) if closed is not None else None

    def _order(
        self,
        site,
        form,
        dept: str,
        dispatched: dt.datetime,
        *,
        allow_escalation=False,
        reissue_of=None,
    ):
        """One order's life: returns (order, closed at or None, escalated at or None)."""
        from infocenter.servicedesk.models import WorkOrder

        rng, now = self.rng, self.now
        head, staff = site.heads[dept], site.staff[dept]
        order = new(
            WorkOrder,
            id=self._id(WorkOrder),
            site_id=site.pk,
            serial="",
            form_id=form.pk,
            department_id=site.departments[dept],
            state="dispatched",
            dispatched_at=dispatched,
            dispatched_by_id=site.processor,
            assistant_id=site.assistant,
            version=1,
            instructions=rng.choice(("", "", "请尽快安排处理", "业主下午在家")),
        )
        if reissue_of is not None:  # escalate_order: by the worker, addressed to the head
            order.reissue_of_id, order.receiver_id, order.dispatched_by_id = (
                reissue_of.pk,
                head,
                form.received_by_id,
            )
            self.fixups.append(
                lambda o=order, old=reissue_of: setattr(
                    o, "instructions", self.reissue_text % {"serial": old.serial}
                )
            )
        self.orders.append(order)
        self.planned += 1
        form._orders.append(order)
        finish = site.calendar.add_working_days(dispatched, 2)
        roll = rng.random()
        path = (
            "escalate"
            if allow_escalation and roll < 0.02
            else "return"
            if roll < 0.05
            else "normal"
        )
        steps = {}  # step -> when, in workflow order
        steps["acknowledge"] = dispatched + (
            self._minutes(2, 30) if rng.random() < 0.9 else self._minutes(30, 150)
        )
        steps["assign"] = steps["acknowledge"] + (
            self._minutes(3, 40) if rng.random() < 0.9 else self._minutes(40, 180)
        )
        steps["start"] = steps["assign"] + self._minutes(10, 120)
        if path == "escalate":  # stuck somewhere until the 2-working-day clock runs out
            steps = dict(list(steps.items())[: rng.choice((0, 0, 1, 2, 3))])
            steps["escalate"] = finish.at + self._lag()
        elif path == "return":  # sent back from wherever it got to (SD-13)
            steps = dict(list(steps.items())[: rng.choice((1, 2, 3))])
            steps["return"] = max(steps.values()) + self._minutes(30, 360)
            steps["verify"] = steps["return"] + self._minutes(60, 20 * 60)
            steps["close"] = steps["verify"] + self._minutes(10, 6 * 60)
        else:
            steps["report"] = steps["start"] + (
                self._minutes(20, 180) if rng.random() < 0.93 else self._minutes(180, 360)
            )
            steps["verify"] = steps["report"] + self._minutes(30, 20 * 60)
            steps["close"] = steps["verify"] + self._minutes(10, 6 * 60)
        happened = {k: v for k, v in steps.items() if v <= now}
        self._apply(order, site, dept, form, happened, staff, head)
        self._order_clocks(site, order, dispatched, finish, steps)
        return order, happened.get("close"), steps.get("escalate")

    _STATE = {
        "acknowledge": "acknowledged",
        "assign": "assigned",
        "start": "in_progress",
        "report": "reported",
        "return": "returned",
        "verify": "verified",
        "close": "closed",
        "escalate": "escalated",
    }

    def _apply(self, order, site, dept, form, happened, staff, head):
        rng = self.rng
        for step, when in sorted(happened.items(), key=lambda kv: kv[1]):
            order.state, order.version = self._STATE[step], order.version + 1
            if step == "acknowledge":
                order.acknowledged_at, order.acknowledged_by_id = when, head
            elif step == "assign":
                order.assignee_id, order.assigned_at = rng.choice(staff + [head]), when
                if order.acknowledged_at is None:
                    order.acknowledged_at, order.acknowledged_by_id = when, head
            elif step == "start":
                order.started_at = when
            elif step == "report":
                order.result, order.reported_at = rng.choice(RESULTS[dept]), when
                order.signed_by_customer = form.reporter_name
            elif step == "return":
                order.return_reason, order.returned_at = rng.choice(RETURN_REASONS), when
            elif step == "verify":
                order.verified_at, order.verified_by_id = when, site.assistant
            elif step == "close":
                order.closed_at, order.closed_by_id = when, site.processor

    def _order_clocks(self, site, order, dispatched, finish, steps):
        """SD-7 (arrange, 2 h), SD-14 (finish or return, 2 working days), SD-8 (report, 4 h)."""
        label = "servicedesk.workorder"
        stop = steps.get("return") or steps.get("escalate")
        assign = steps.get("assign")
        arranged = assign if assign is not None and (stop is None or assign < stop) else None
        self._clock(
            site,
            "sd.arrange",
            label,
            order.pk,
            dispatched,
            dispatched + dt.timedelta(hours=2),
            ended=arranged or stop,
            end_state="met" if arranged else "cancelled",
        )
        finished = steps.get("report") or steps.get("return")
        self._clock(
            site,
            "sd.finish",
            label,
            order.pk,
            dispatched,
            finish.at,
            ended=finished,
            provisional=finish.provisional,
        )
        start = steps.get("start")
        if start is not None and start <= self.now:
            self._clock(
                site,
                "sd.report",
                label,
                order.pk,
                start,
                start + dt.timedelta(hours=4),
                ended=steps.get("report") or stop,
                end_state="met" if "report" in steps else "cancelled",
            )


_DAY_TOTAL = sum(HOURLY)


_TEMPLATES: dict = {}


def new(model, /, **values):
    """A model instance for ``insert_rows`` without ``Model.__init__`` (a third of the time at
    1 M orders): the field defaults, then ``values`` by attribute name (``site_id``, not ``site``)."""
    from django.db import models
    from django.db.models.base import ModelState

    if model not in _TEMPLATES:
        fields = model._meta.concrete_fields
        _TEMPLATES[model] = (
            {f.attname: f.get_default() for f in fields},
            [f.attname for f in fields if isinstance(f, models.JSONField)],
        )
    defaults, mutable = _TEMPLATES[model]
    obj = model.__new__(model)
    obj._state = ModelState()
    obj.__dict__.update(defaults)
    for name in mutable:
        obj.__dict__[name] = type(defaults[name])()
    obj.__dict__.update(values)
    return obj


def insert_rows(model, objects: list) -> None:
    """Insert model instances (ids set) without the ORM's per-value SQL compilation: COPY on
    PostgreSQL, one ``executemany`` on SQLite. Only the fields whose database form differs from
    the Python value (dates, JSON) go through Django's conversion. Part of the caller's
    transaction, like ``bulk_create``."""
    from django.db import connection, models

    if not objects:
        return
    fields = model._meta.concrete_fields
    sqlite = connection.vendor == "sqlite"
    utc = dt.UTC

    def stamp(value):  # Django's SQLite form: naive UTC, str()
        return None if value is None else str(value.astimezone(utc).replace(tzinfo=None))

    def converter(field):
        if isinstance(field, models.DateTimeField):
            return stamp if sqlite else None
        if isinstance(field, models.DateField):
            return (lambda v: None if v is None else v.isoformat()) if sqlite else None
        if isinstance(field, models.JSONField):
            return json.dumps
        if isinstance(
            field, (models.FileField, models.TimeField, models.DecimalField, models.UUIDField)
        ):
            return lambda v, f=field: f.get_db_prep_save(v, connection)
        return None

    plan = [(f.attname, converter(f)) for f in fields]

    def row(obj):
        values = obj.__dict__
        return [values[a] if c is None else c(values[a]) for a, c in plan]

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for obj in objects:
                copy.write_row(row(obj))
    else:
        placeholders = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
                [row(o) for o in objects],
            )


def read_progress() -> int:
    """Planned orders so far, kept in the generator's own table (not a model of the project)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_progress (name varchar(40) PRIMARY KEY, value bigint NOT NULL)"
        )
        cursor.execute("SELECT value FROM bench_progress WHERE name = 'planned_orders'")
        row = cursor.fetchone()
    return row[0] if row else 0


def write_progress(value: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_progress (name, value) VALUES ('planned_orders', %s) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [value],
        )


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# -- the command ----------------------------------------------------------------------------------


def _organisation_complete() -> bool:
    """Every site has its data manager, the last person ``build_organisation`` adds."""
    from infocenter.core.choices import Role
    from infocenter.core.models import Site

    sites = Site.objects.filter(branch__code="cq")
    return sites.exists() and not sites.exclude(role_assignments__role=Role.DATA_MANAGER).exists()


def counts() -> dict:
    from django.db.models import Count

    from infocenter.core.models import AuditEvent, Deadline, SerialCounter
    from infocenter.servicedesk.models import (
        ArchiveBatch,
        Callback,
        Resident,
        ServiceForm,
        WorkOrder,
    )

    def by_state(model):
        return dict(model.objects.values_list("state").annotate(n=Count("pk")).order_by("-n"))

    return {
        "forms": (ServiceForm.objects.count(), by_state(ServiceForm)),
        "orders": (WorkOrder.objects.count(), by_state(WorkOrder)),
        "deadlines": (Deadline.objects.count(), by_state(Deadline)),
        "callbacks": (Callback.objects.count(), {}),
        "archive batches": (ArchiveBatch.objects.count(), by_state(ArchiveBatch)),
        "residents": (Resident.objects.count(), {}),
        "serial counters": (SerialCounter.objects.count(), {}),
        "audit events": (AuditEvent.objects.count(), {}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--orders", type=int, default=10_000, help="work orders to reach (default 10000)"
    )
    parser.add_argument("--sites", type=int, default=20, help="sites of the branch (default 20)")
    parser.add_argument(
        "--years", type=float, default=5, help="years of history up to now (default 5)"
    )
    parser.add_argument(
        "--database-url",
        help="target database (default: $DATABASE_URL, else sqlite:///var/bench-<orders>.sqlite3)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    args = parser.parse_args(argv)
    url = setup_django(orders=args.orders, database_url=args.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from tqdm import tqdm

    from infocenter.core.models import User
    from infocenter.servicedesk.models import WorkOrder

    started = time.monotonic()
    print(f"database: {describe_database()}")
    call_command("migrate", interactive=False, verbosity=0)
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        if User.objects.exists():
            sys.exit(f"{url} already holds other data; the benchmark needs a database of its own.")
        print(f"organisation: {args.sites} sites through the services …")
        build_organisation(args.sites, random.Random(args.seed), print)
    elif not _organisation_complete():
        sys.exit(
            f"{url}: the organisation is incomplete (set-up was interrupted); delete the database and "
            f"run again."
        )
    residents = add_residents(random.Random(args.seed + 1))
    if residents:
        print(f"residents register: {residents} residents")
    setup_seconds = time.monotonic() - started
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "PRAGMA cache_size = -262144"
            )  # 256 MiB for this connection's bulk inserts
    generator = Generator(
        sites=load_sites(), now=timezone.now(), target=args.orders, years=args.years, seed=args.seed
    )
    bulk_started = time.monotonic()
    interrupted = False
    with tqdm(
        total=args.orders,
        initial=generator.planned_done,
        unit="order",
        unit_scale=True,
        desc="orders",
        smoothing=0.05,
    ) as bar:
        try:
            while generator.planned_done < args.orders:
                added = generator.run_chunk()
                bar.set_postfix(
                    forms=generator.stats["forms"],
                    deadlines=generator.stats["deadlines"],
                    refresh=False,
                )
                bar.update(added)
        except KeyboardInterrupt:
            interrupted = True
    bulk_seconds = time.monotonic() - bulk_started
    if interrupted:
        print(
            f"\ninterrupted: {generator.planned_done} orders committed, the chunk in progress was rolled back."
            f"\nRun the same command again to continue."
        )
        return 130
    finish_started = time.monotonic()
    if connection.vendor == "postgresql":
        print("VACUUM ANALYZE …")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        from infocenter.core.worker import refresh_statistics

        print("statistics (what the worker does when it starts, then daily) …")
        refresh_statistics()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finish_seconds = time.monotonic() - finish_started
    print(f"\n{describe_database()}, {database_size()}")
    for name, (total, states) in counts().items():
        detail = ", ".join(f"{k} {v}" for k, v in states.items())
        print(f"  {name:<16} {total:>10,}" + (f"   ({detail})" if detail else ""))
    planned, written = read_progress(), WorkOrder.objects.count()
    print(
        f"  {written:,} of {planned:,} planned orders written; {max(planned - written, 0)} are dispatched or "
        f"re-issued after now"
    )
    print(
        f"set-up {setup_seconds:.1f} s, bulk {bulk_seconds:.1f} s "
        f"({generator.stats['planned'] / max(bulk_seconds, 1e-9):,.0f} orders/s), "
        f"finishing {finish_seconds:.1f} s, total {time.monotonic() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
