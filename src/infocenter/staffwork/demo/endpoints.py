"""Endpoint-registry demo data at 江岸花园 (IT-2): forty computers and terminals in the five
departments, registered in the security system over the last four months (a weekly snapshot
each time, so the rates' chart has its history), and the security system backend's export
imported with three differences left open as 郑浩's tasks: one computer missing from the
backend, one device unknown to us, one user named differently. The export is also left as a
file under ``var/demo/`` to try the import with."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils import timezone

from infocenter.core.excel import read_table
from infocenter.core.models import Department, Site, User
from infocenter.machineroom.models import Equipment

from ..exports import endpoints as exports
from ..services import endpoint_lists as lists
from ..services import endpoints as services

# (department code, location, user, asset tag prefix) — eight per department
PLACES = {
    "xx": ("中控室", ["郑浩", "周明", "吴磊", "王芳", "赵敏", "李娜", "孙丽", "值班电脑"]),
    "kf": ("客服前台", ["刘婷", "陈晓燕", "杨帆", "许静", "邓雪", "曹颖", "彭亮", "前台一体机"]),
    "gc": ("工程部办公室", ["马军", "张伟", "赵强", "何勇", "罗斌", "梁波", "宋涛", "监控终端"]),
    "zx": ("秩序部岗亭", ["唐明", "韩冰", "冯军", "董磊", "萧然", "程浩", "曾凯", "门岗电脑"]),
    "hj": ("环境部办公室", ["袁芳", "蒋丽", "蔡红", "余勇", "潘婷", "杜鹃", "戴伟", "库房电脑"]),
}
WEEKS = 17
COLUMNS = {
    "ip": "终端IP",
    "mac": "MAC地址",
    "user_name": "使用人",
    "department": "所属部门",
    "asset_tag": "资产编号",
    "registered": "注册状态",
    "real_name": "实名状态",
}


def export_path() -> Path:
    return Path(settings.VAR_DIR) / "demo" / "backend-export-jahy.xlsx"


def _registry(keeper, site):
    people = {u.full_name: u for u in User.objects.filter(role_assignments__site=site)}
    laptop = Equipment.objects.filter(site=site, name="笔记本电脑").first()
    endpoints, n = [], 0
    for code, (place, users) in PLACES.items():
        department = Department.objects.get(site=site, code=code)
        for i, user in enumerate(users, 1):
            n += 1
            endpoints.append(
                services.add_endpoint(
                    keeper,
                    site=site,
                    department=department,
                    location=f"{place}{i}号位",
                    user_name=user,
                    person=people.get(user),
                    asset_tag=f"JAHY-PC-{n:03d}",
                    ip=f"10.20.{list(PLACES).index(code) + 1}.{10 + i}",
                    mac=f"3C:52:82:{list(PLACES).index(code) + 1:02X}:{i:02X}:{n:02X}",
                    equipment=laptop if n == 2 else None,
                )
            )
    return endpoints


def _history(keeper, site, endpoints):
    """Register the endpoints week by week over the last four months, each bound to its user's
    real name a week after it is registered, with a snapshot each week; the first one (中控室1号位)
    stays unregistered."""
    today = timezone.localdate()
    pending = endpoints[1:]
    # about half were registered and bound before the period began
    start = today - dt.timedelta(weeks=WEEKS)
    for e in pending[: len(pending) // 2]:
        _register(keeper, e, start - dt.timedelta(days=30), bound=True)
    pending, waiting = pending[len(pending) // 2 :], []
    per_week = max(1, len(pending) // (WEEKS - 1))
    for week in range(WEEKS, 0, -1):
        day = today - dt.timedelta(weeks=week)
        for e in waiting:
            _register(keeper, e, day, bound=True)
        waiting, pending = pending[:per_week], pending[per_week:]
        for e in waiting:
            _register(keeper, e, day, bound=False)
        services.snapshot_rates(site, day)
    for e in [*waiting, *pending]:
        _register(keeper, e, today - dt.timedelta(days=2), bound=True)


def _register(keeper, endpoint, day, *, bound: bool):
    endpoint.refresh_from_db()
    services.update_endpoint(
        keeper,
        endpoint,
        version=endpoint.version,
        department=endpoint.department,
        location=endpoint.location,
        user_name=endpoint.user_name,
        person=endpoint.person,
        asset_tag=endpoint.asset_tag,
        ip=endpoint.ip,
        mac=endpoint.mac,
        registered_on=endpoint.registered_on or day,
        real_name_bound=bound,
        real_name_on=day if bound else None,
        equipment=endpoint.equipment,
        note=endpoint.note,
    )


def write_export(endpoints) -> Path:
    """The backend's export of ``endpoints`` with its three differences, under var/demo/."""
    path = export_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(exports.sample_backend_export(endpoints))
    return path


def load(echo=print) -> None:
    site = Site.objects.get(code="jahy")
    keeper = User.objects.get(username="zhenghao")
    endpoints = _registry(keeper, site)
    _history(keeper, site, endpoints)
    lists.save_mapping(keeper, site=site, kind="backend", columns=COLUMNS)
    path = write_export(endpoints)
    with open(path, "rb") as handle:
        header, lines = read_table(File(handle, name=path.name))
    summary = lists.import_list(
        keeper,
        site=site,
        kind="backend",
        rows=lists.rows_by_mapping(header, lines, COLUMNS),
        file_name=path.name,
    )
    echo(
        f"endpoints: {len(endpoints)} at {site.name}, {WEEKS} weekly snapshots, backend export "
        f"imported with {summary['new']} open differences (sample file: {path})"
    )
