"""IT-2: the endpoint registry in Excel, and a sample of the security system backend's export
(the columns such a backend uses) to try the reconciliation with."""

from django.utils.translation import gettext as _

from infocenter.core.excel import register, workbook

# The header row of the sample backend export (as the security system's admin backend writes it).
BACKEND_HEADER = [
    "序号",
    "终端IP",
    "MAC地址",
    "使用人",
    "所属部门",
    "资产编号",
    "注册状态",
    "实名状态",
]


def endpoint_columns():
    return [
        (_("department"), lambda e: e.department.name if e.department else ""),
        (_("location"), "location"),
        (_("user (real name)"), "user_name"),
        (_("asset tag"), "asset_tag"),
        (_("IP address"), lambda e: e.ip or ""),
        (_("MAC address"), "mac"),
        (_("registered in the security system"), lambda e: e.registered_on),
        (_("real name bound"), lambda e: _("yes") if e.real_name_bound else _("no")),
        (_("real name bound on"), lambda e: e.real_name_on),
        (_("machine-room ledger line"), lambda e: str(e.equipment or "")),
        (_("retired at"), lambda e: e.retired_at.date() if e.retired_at else None),
        (_("note"), "note"),
    ]


def endpoints_workbook(rows) -> bytes:
    return register(
        rows.select_related("department", "equipment"),
        title=_("Endpoints"),
        columns=endpoint_columns(),
        order="department__name",
    )


def sample_rows(endpoints) -> list[list]:
    """The rows a backend would export for ``endpoints`` with three differences: the first
    endpoint left out (missing in the backend), the second one's user named differently, and one
    device the registry does not know."""
    endpoints = list(endpoints[:20_000])
    rows = []
    for n, e in enumerate(endpoints[1:], 1):
        name = e.user_name + "（借用）" if n == 1 else e.user_name
        rows.append(
            [
                n,
                e.ip or "",
                e.mac.replace(":", "-"),
                name,
                e.department.name if e.department else "",
                e.asset_tag,
                "已注册",
                "已实名",
            ]
        )
    rows.append(
        [len(rows) + 1, "10.9.9.99", "00-1A-2B-3C-4D-99", "临时访客", "", "", "已注册", "已实名"]
    )
    return rows


def sample_backend_export(endpoints) -> bytes:
    return workbook(title="终端列表", header=BACKEND_HEADER, rows=sample_rows(endpoints))
