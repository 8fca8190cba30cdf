"""Staff-work demo data at 江岸花园 (IT-1, IT-3): a year of 郑浩's work log (maintenance, the
门禁系统 project with its milestones and go-live, help given to outside units, roll-outs and
training), his learning plan by the four channels with a year of records and a certificate,
and next year's plan. His backup checks in the machine room (loaded before) are left as
proposals to confirm."""

import datetime as dt
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from infocenter.core.models import Site, User
from infocenter.machineroom.demo.common import as_of, local

from ..services import learning, worklog

MAINTENANCE = [
    "网络布线：3栋弱电间新增 8 个信息点",
    "更换中控室交换机故障端口，恢复监控回传",
    "客服部电脑系统重装、打印机驱动安装",
    "核心交换机端口巡检与配置备份",
    "2栋电梯厅摄像头网线重做水晶头",
    "财务部电脑更换硬盘并迁移数据",
    "处理车库道闸与收费系统通讯中断",
    "无线 AP 信道调整，解决会议室掉线",
]
OUTSIDE = [
    ("安防系统注册：为物业终端完成实名登记", "市局信息中心"),
    ("协助社区网格站调取公共区域监控", "江岸社区居委会"),
    ("协助电信排查光猫故障", "中国电信重庆分公司"),
]
ROLLOUT = [
    "门禁系统上线：发卡与权限下发",
    "访客登记系统推广到前台",
    "新版收费系统客户端安装",
]
TRAINING = ["为客服部讲解门禁卡发卡流程", "新员工电脑与网络安全使用培训"]


def _day_entries(rng, day):
    """Zero to two entries of a working day, typed as 郑浩 would."""
    roll = rng.random()
    if roll < 0.55:
        yield ("maintenance", rng.choice(MAINTENANCE), "", rng.choice(["1", "1.5", "2", "3"]))
    if 0.55 <= roll < 0.65:
        text, whom = rng.choice(OUTSIDE)
        yield ("outside_help", text, whom, rng.choice(["2", "3", "4"]))
    if 0.65 <= roll < 0.70:
        yield ("rollout", rng.choice(ROLLOUT), "", rng.choice(["2", "4"]))
    if 0.70 <= roll < 0.73:
        yield ("training", rng.choice(TRAINING), "客服部", "1.5")


def _project(it, site, today):
    start = today - dt.timedelta(days=200)
    with as_of(local(start, 9)):
        project = worklog.add_project(
            it,
            site=site,
            name="门禁系统上线",
            role="实施负责人",
            go_live_on=today - dt.timedelta(days=60),
            note="全小区 12 个出入口门禁改造，与安防平台对接",
            milestones=[
                ("设备选型与采购", start + dt.timedelta(days=20)),
                ("网络布线与设备安装", start + dt.timedelta(days=80)),
                ("试运行", start + dt.timedelta(days=130)),
                ("正式上线", today - dt.timedelta(days=60)),
            ],
        )
    for m, late in zip(project.milestones.all(), (2, 5, 0, 0), strict=True):
        with as_of(local(m.planned_on + dt.timedelta(days=late), 17)):
            worklog.complete_milestone(it, m, done_on=m.planned_on + dt.timedelta(days=late))
    return project


def _log(it, site, project, today, rng) -> int:
    count = 0
    for offset in range(365, 0, -1):
        day = today - dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        rows = list(_day_entries(rng, day))
        if offset in range(80, 200, 9):
            rows.append(("project", "门禁系统：布线、安装与调试", "", "4"))
        for kind, notes, whom, hours in rows:
            with as_of(local(day, 17, 30)):
                worklog.add_entry(
                    it,
                    site=site,
                    content=worklog.EntryContent(
                        kind=kind,
                        day=day,
                        hours=Decimal(hours),
                        helped=whom,
                        notes=notes,
                        project=project if kind == "project" else None,
                    ),
                )
            count += 1
    return count


def _learning(it, site, today, rng) -> int:
    year = today.year
    T = learning.Target
    with as_of(local(dt.date(year, 1, 5), 10)):
        learning.set_learning_plan(
            it,
            site=site,
            year=year,
            note="围绕门禁与安防平台、网络运维提升技能",
            targets={
                "mentors": T(Decimal("24"), 0, "每月向周明请教一次网络规划"),
                "peers": T(Decimal("16"), 2, "参加市局安防平台培训会、行业交流会"),
                "search": T(Decimal("60"), 0, "业余时间学习交换机配置与等保知识"),
                "reading": T(Decimal("40"), 4, "购书：《网络工程师教程》《计算机网络》等 4 本"),
            },
        )
    records = [
        ("mentors", "2", 0, "向周明请教小区网络 VLAN 规划"),
        ("search", "3", 0, "学习交换机 ACL 配置"),
        ("reading", "4", 0, "《网络工程师教程》第 3–5 章"),
        ("search", "2", 0, "等保 2.0 基本要求整理笔记"),
    ]
    count = 0
    for month in range(1, today.month + 1):
        for channel, hours, _items, notes in rng.sample(records, 2):
            day = dt.date(year, month, rng.randint(3, 25))
            if day >= today:
                continue
            with as_of(local(day, 20)):
                learning.add_learning_record(
                    it, site=site, day=day, channel=channel, hours=Decimal(hours), notes=notes
                )
            count += 1
    for day, channel, hours, items, notes in (
        (dt.date(year, 4, 18), "peers", "8", 1, "市局安防平台培训会，与兄弟单位交流注册经验"),
        (dt.date(year, 6, 30), "reading", "6", 1, "读完《网络工程师教程》"),
        (dt.date(year, 9, 28), "reading", "5", 1, "读完《计算机网络》"),
    ):
        if day < today:
            with as_of(local(day, 20)):
                learning.add_learning_record(
                    it,
                    site=site,
                    day=day,
                    channel=channel,
                    hours=Decimal(hours),
                    items=items,
                    notes=notes,
                )
            count += 1
    done_on = min(dt.date(year, 5, 20), today - dt.timedelta(days=1))
    with as_of(local(done_on, 18)):
        learning.add_course(
            it,
            site=site,
            kind="certificate",
            name="网络工程师（中级）",
            provider="人力资源和社会保障部",
            completed_on=done_on,
            note="软考中级",
            files=[SimpleUploadedFile("网络工程师证书.pdf", b"%PDF-1.4\n% demo\n")],
        )
    learning.set_learning_plan(
        it,
        site=site,
        year=year + 1,
        note="明年重点：安防平台运维与数据备份",
        targets={
            "mentors": T(Decimal("24"), 0, "向领导和同事请教机房管理"),
            "search": T(Decimal("60"), 0, "学习容灾备份"),
            "reading": T(Decimal("40"), 3, "《信息安全工程师教程》等 3 本"),
        },
    )
    return count


def load(echo=print) -> None:
    site = Site.objects.get(code="jahy")
    it = User.objects.get(username="zhenghao")
    today = timezone.localdate()
    rng = random.Random(13)
    project = _project(it, site, today)
    entries = _log(it, site, project, today, rng)
    records = _learning(it, site, today, rng)
    echo(
        f"staff work: 郑浩's work log ({entries} entries, 1 project gone live), "
        f"learning plan with {records} records and a certificate"
    )
