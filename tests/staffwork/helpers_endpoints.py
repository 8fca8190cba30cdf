"""IT-2 test helpers: a site's registry and the other side's list as a file."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from infocenter.core.excel import workbook
from infocenter.core.models import Department
from infocenter.staffwork.services import endpoint_lists as lists
from infocenter.staffwork.services import endpoints as services

HEADER = ["终端IP", "MAC地址", "使用人", "所属部门", "资产编号", "注册状态", "实名状态"]
COLUMNS = {
    "ip": "终端IP",
    "mac": "MAC地址",
    "user_name": "使用人",
    "department": "所属部门",
    "asset_tag": "资产编号",
    "registered": "注册状态",
    "real_name": "实名状态",
}
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静"]


def registry(keeper, site, n=5):
    """``n`` endpoints of the site, all unregistered, in 信息中心."""
    xx = Department.objects.get(site=site, code="xx")
    return [
        services.add_endpoint(
            keeper,
            site=site,
            department=xx,
            location=f"{i + 1}号工位",
            user_name=NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i)),
            asset_tag=f"ZC-{i + 1:04d}",
            ip=f"10.1.0.{i + 10}",
            mac=f"3c:52:82:00:00:{i + 10:02x}",
        )
        for i in range(n)
    ]


def row(e, **changes):
    values = {
        "ip": e.ip,
        "mac": e.mac.replace(":", "-").lower(),
        "user_name": e.user_name,
        "department": "信息中心",
        "asset_tag": e.asset_tag,
        "registered": "已注册",
        "real_name": "已实名",
    } | changes
    return [values[f] for f in COLUMNS]


def xlsx(rows, name="backend.xlsx", header=HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook(title="终端", header=header, rows=rows))


def csv_file(rows, name="backend.csv", encoding="gb18030") -> SimpleUploadedFile:
    text = io.StringIO()
    import csv

    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))


def rows_of(upload, site, kind="backend"):
    from infocenter.core.excel import read_table

    header, lines = read_table(upload)
    return lists.rows_by_mapping(header, lines, lists.mapping_of(site, kind))
