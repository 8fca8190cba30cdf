"""The demo organisation in Chinese: 重庆分公司 with two sites, their departments and buildings,
and one person per role. Loaded through the services, like any other write; the apps' demo
records come after it (``infocenter.demo``)."""

import datetime as dt
from collections.abc import Callable

from . import services
from .choices import DepartmentLevel, Role
from .models import Department, Site, User

DEMO_PASSWORD = "Infocenter@2026"

DEPARTMENTS = [
    ("客服部", "kf", "业户接待、投诉处理、回访", "023-6888 1001"),
    ("工程部", "gc", "设施设备维修、保养、巡检", "023-6888 1002"),
    ("秩序部", "zx", "安全巡逻、门岗、消防监控", "023-6888 1003"),
    ("环境部", "hj", "保洁、绿化、垃圾清运", "023-6888 1004"),
    ("信息中心", "xx", "中控室信息处理、机房管理、信息化", "023-6888 1000"),
]

# SD-11: the branch's office site, with a branch and a company department beside the sites' own.
OFFICE = ("重庆分公司本部", "cqbb", "重庆市江北区观音桥步行街9号")
OFFICE_DEPARTMENTS = [
    (
        "分公司综合管理部",
        "zhgl",
        DepartmentLevel.BRANCH,
        "行政、后勤、内部管理投诉与建议",
        "023-6888 2001",
    ),
    (
        "公司人力资源部",
        "rlzy",
        DepartmentLevel.COMPANY,
        "招聘、薪酬、考勤、员工关系",
        "023-6888 2002",
    ),
]

# (username, name, role, site code or None for the branch, department code, title,
#  responsibilities, specialties)
PEOPLE = [
    (
        "chenguodong",
        "陈国栋",
        Role.BRANCH_GM,
        None,
        None,
        "分公司总经理",
        "指导、检查信息中心工作",
        "物业项目统筹管理",
    ),
    (
        "liuting",
        "刘婷",
        Role.CS_MANAGER,
        "jahy",
        None,
        "客户服务经理",
        "组织实施信息中心工作，处理重大投诉",
        "客户关系、投诉处理",
    ),
    (
        "wangfang",
        "王芳",
        Role.PROCESSOR,
        "jahy",
        "xx",
        "信息处理员",
        "接听来电、登记客户服务单、派工、消档",
        "熟悉楼宇结构与消防设备操作",
    ),
    (
        "lina",
        "李娜",
        Role.CS_ASSISTANT,
        "jahy",
        "kf",
        "客服助理",
        "督促派工单处理、核实结果、回访",
        "沟通协调",
    ),
    (
        "zhangwei",
        "张伟",
        Role.DEPT_HEAD,
        "jahy",
        "gc",
        "工程部主管",
        "工程部派工单签收与人员安排",
        "强电、给排水、电梯",
    ),
    (
        "zhaoqiang",
        "赵强",
        Role.DEPT_STAFF,
        "jahy",
        "gc",
        "维修技工",
        "上门维修",
        "水电维修、门窗五金",
    ),
    (
        "majun",
        "马军",
        Role.DEPT_HEAD,
        "jahy",
        "zx",
        "秩序部主管",
        "秩序部派工单签收、巡逻安排",
        "安全巡逻、消防监控",
    ),
    (
        "sunli",
        "孙丽",
        Role.DATA_MANAGER,
        "jahy",
        "xx",
        "资料员",
        "审核、归档中控室记录",
        "档案管理",
    ),
    (
        "zhouming",
        "周明",
        Role.IC_HEAD,
        "jahy",
        "xx",
        "信息中心负责人",
        "机房准入、施工、变更、数据调阅审批",
        "网络与服务器",
    ),
    (
        "wulei",
        "吴磊",
        Role.MR_MAINTAINER,
        "jahy",
        "xx",
        "机房维护员",
        "机房巡检、备份、设备台账",
        "交换机、UPS、监控系统",
    ),
    (
        "zhenghao",
        "郑浩",
        Role.IT_STAFF,
        "jahy",
        "xx",
        "信息技术专员",
        "计算机与网络维护、安防系统注册",
        "网络布线、终端运维",
    ),
    ("hejing", "何静", Role.AUDITOR, None, None, "内审专员", "只读审计", "流程审计"),
    (
        "fengtao",
        "冯涛",
        Role.SYSADMIN,
        None,
        None,
        "系统管理员",
        "账号、角色、工作日历维护",
        "系统运维",
    ),
    (
        "zhaomin",
        "赵敏",
        Role.PROCESSOR,
        "jahy",
        "xx",
        "信息处理员",
        "中控室夜班值班、交接班",
        "消防监控、对讲系统",
    ),
    (
        "linxiao",
        "林晓",
        Role.PROCESSOR,
        "jlsw",
        "xx",
        "信息处理员",
        "嘉陵商务中心中控室值班",
        "消防监控",
    ),
    (
        "huangpeng",
        "黄鹏",
        Role.DEPT_HEAD,
        "jlsw",
        "gc",
        "工程部主管",
        "嘉陵商务中心工程维修",
        "暖通空调",
    ),
    (
        "xuli",
        "徐丽",
        Role.DEPT_HEAD,
        "cqbb",
        "zhgl",
        "综合管理部主管",
        "答复员工对内部管理的意见、建议和投诉",
        "行政后勤管理",
    ),
    (
        "gaoyang",
        "高阳",
        Role.DEPT_HEAD,
        "cqbb",
        "rlzy",
        "人力资源主管",
        "答复员工对薪酬、考勤、人事的意见",
        "薪酬与员工关系",
    ),
]

BUILDINGS = {
    "jahy": [(f"{n}栋", 18, ["1单元", "2单元"], 2) for n in range(1, 7)],
    "jlsw": [("A座", 25, ["1单元"], 8), ("B座", 20, ["1单元"], 6)],
}


def database_is_empty() -> bool:
    return not User.objects.exists()


def is_loaded() -> bool:
    return User.objects.filter(username=PEOPLE[0][0]).exists()


def load(*, echo: Callable[[str], None] = lambda _: None) -> None:
    """Create the demo organisation: its sites, departments, buildings and one person per
    role (the apps' demo records follow, see ``infocenter.demo``). Meant for an empty database."""
    root = services.bootstrap_superuser(
        username="admin", full_name="系统初始化", password=DEMO_PASSWORD
    )
    company = services.create_company(root, name="嘉禾物业服务有限公司", code="jiahe")
    branch = services.create_branch(root, company=company, name="重庆分公司", code="cq")
    sites = {
        "jahy": services.create_site(
            root,
            branch=branch,
            name="江岸花园",
            code="jahy",
            address="重庆市江北区江岸路88号",
            workday_start=dt.time(8, 30),
            workday_end=dt.time(17, 30),
        ),
        "jlsw": services.create_site(
            root,
            branch=branch,
            name="嘉陵商务中心",
            code="jlsw",
            address="重庆市渝中区嘉陵江滨江路166号",
        ),
    }
    echo("organisation: 嘉禾物业服务有限公司 / 重庆分公司 / 江岸花园, 嘉陵商务中心")
    for site in sites.values():
        for name, code, duties, phone in DEPARTMENTS:
            services.create_department(
                root, site=site, name=name, code=code, duties=duties, phone=phone
            )
        for name, floors, units, per_floor in BUILDINGS[site.code]:
            services.create_building(
                root, site=site, name=name, floors=floors, units=units, rooms_per_floor=per_floor
            )
    name, code, address = OFFICE
    sites[code] = services.create_site(root, branch=branch, name=name, code=code, address=address)
    for name, code, level, duties, phone in OFFICE_DEPARTMENTS:
        services.create_department(
            root, site=sites["cqbb"], name=name, code=code, level=level, duties=duties, phone=phone
        )
    echo("departments and buildings: done")
    people = []
    for username, name, role, site_code, dept_code, title, duties, specialties in PEOPLE:
        site = sites.get(site_code) if site_code else None
        person = services.create_person(
            root,
            username=username,
            full_name=name,
            password=DEMO_PASSWORD,
            title=title,
            phone=_phone(len(people)),
            responsibilities=duties,
            specialties=specialties,
            email=f"{username}@example.com",
            site=site,
        )
        department = Department.objects.get(site=site, code=dept_code) if dept_code else None
        services.assign_role(
            root,
            person=person,
            role=role,
            site=site,
            department=department,
            branch=None if site else branch,
        )
        people.append(person)
    echo(f"people: {len(people)} log-ins, password {DEMO_PASSWORD}")
    # SD-5: the technician 赵强 also acknowledges 工程部's work orders (指定的接单人).
    engineering = Department.objects.get(site=sites["jahy"], code="gc")
    by_name = {p.username: p for p in people}
    services.set_department_receivers(
        by_name["zhangwei"],
        engineering,
        version=engineering.version,
        receivers=[by_name["zhaoqiang"]],
    )
    services.send_message(
        root,
        recipients=people,
        subject="欢迎使用信息中心综合管理平台",
        body="这是演示数据。首页列出等待您处理的事项。",
    )


def _phone(index: int) -> str:
    return f"1390236{index:04d}"


def print_logins(echo: Callable[[str], None] = print) -> None:
    """The demo log-ins, one line each."""
    echo("")
    echo(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
    rows = []
    for username, name, _role, site_code, _dept, title, *_ in PEOPLE:
        site = Site.objects.filter(code=site_code).first() if site_code else None
        where = site.name if site else "重庆分公司"
        rows.append(f"  {username:<12} {name:<4} {title}（{where}）")
    rows.append(f"  {'admin':<12} 超级管理员")
    for row in rows:
        echo(row)
