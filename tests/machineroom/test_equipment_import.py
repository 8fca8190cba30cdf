"""MR-13: the ledger from Excel, all or nothing, with every bad row listed by row number and
column; headers in any of the three interface languages; an export imports again; the
``import_equipment`` command; an interrupted import leaves nothing behind."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from infocenter.core.choices import Role
from infocenter.core.exceptions import ValidationFailed
from infocenter.machineroom import selectors
from infocenter.machineroom.exports import equipment as equipment_excel
from infocenter.machineroom.models import Equipment
from infocenter.machineroom.rules.equipment import LedgerLine
from infocenter.machineroom.services import equipment

GOOD = [
    {
        "category": "equipment",
        "name": "核心交换机",
        "model": "S7506E",
        "serial": "210235A0",
        "quantity": 1,
        "status": "in_use",
        "room": "中心机房",
        "location": "A1 机柜 20U",
        "purchased_on": "2023-05-01",
    },
    {
        "category": "spare",
        "name": "主控板",
        "model": "LSUM1SUPD0",
        "serial": "SN-B-2",
        "status": "damaged",
        "location": "防静电柜 1 号",
        "antistatic": "yes",
    },
    {
        "category": "consumable",
        "name": "硒鼓",
        "model": "HP 88A",
        "quantity": 6,
        "unit": "个",
        "status": "spare",
        "custodian": "u_it_staff",
    },
]


def sheet(rows, *, language="en", labels=True) -> SimpleUploadedFile:
    """An .xlsx with the headers of ``language``; category and status as that language's labels."""
    from infocenter.machineroom.choices import EquipmentCategory, EquipmentStatus

    with translation.override(language):
        columns = equipment_excel.columns()
        yes = str(translation.gettext("yes"))
        categories = dict(EquipmentCategory.choices)
        statuses = dict(EquipmentStatus.choices)
        book = Workbook()
        ws = book.active
        ws.append(list(columns))
        for row in rows:
            values = dict(row)
            if labels:
                values["category"] = str(
                    categories.get(values.get("category"), values.get("category", ""))
                )
                values["status"] = str(statuses.get(values.get("status"), values.get("status", "")))
                values["antistatic"] = (
                    yes if values.get("antistatic") == "yes" else values.get("antistatic", "")
                )
            ws.append([values.get(field, "") for field in columns.values()])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("ledger.xlsx", out.getvalue())


@pytest.mark.parametrize("language", ["zh-hans", "en", "zh-hant"])
def test_mr13_import_accepts_headers_in_every_language(language, maintainer, site, room):
    created = equipment.import_equipment(
        maintainer, site=site, rows=equipment_excel.read_ledger(sheet(GOOD, language=language))
    )
    assert [e.name for e in created] == ["核心交换机", "主控板", "硒鼓"]
    switch, board, toner = created
    assert switch.room == room and switch.status == "in_use"
    assert board.status == "damaged" and board.antistatic
    assert toner.quantity == 6 and toner.custodian.username == "u_it_staff"


def test_mr13_import_is_all_or_nothing_with_every_bad_row_listed(maintainer, site, room):
    equipment.add_equipment(
        maintainer, site=site, line=LedgerLine(category="equipment", name="防火墙", serial="FW-1")
    )
    bad = GOOD + [
        {"category": "gadget", "name": "", "serial": "FW-1"},
        {
            "category": "spare",
            "name": "业务板",
            "serial": "SN-B-2",
            "status": "damaged",
            "location": "机柜 B2",
        },
        {
            "category": "equipment",
            "name": "UPS",
            "room": "不存在的机房",
            "purchased_on": "去年",
            "quantity": "两",
        },
        {"category": "equipment", "name": "服务器", "status": "on_loan"},
    ]
    with pytest.raises(ValidationFailed) as refused:
        equipment.import_equipment(
            maintainer, site=site, rows=equipment_excel.read_ledger(sheet(bad))
        )
    rows = {p["row"]: p["errors"] for p in refused.value.field_errors["rows"]}
    assert set(rows) == {5, 6, 7, 8}
    assert {"category", "name", "serial"} <= set(rows[5]) and "FW-1" in str(rows[5]["serial"])
    assert "row 3" in str(rows[6]["serial"]) and "antistatic" in str(rows[6]["location"])
    assert {"room", "purchased_on", "quantity"} <= set(rows[7])
    assert "status" in rows[8]
    assert "Nothing was imported: 4 rows" in str(refused.value.message)
    assert Equipment.objects.count() == 1


def test_mr13_import_refuses_a_sheet_without_the_columns(maintainer, site):
    book = Workbook()
    book.active.append(["名称", "型号"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValidationFailed) as refused:
        equipment_excel.read_ledger(SimpleUploadedFile("x.xlsx", out.getvalue()))
    assert "Columns missing" in str(refused.value.field_errors["file"])
    with pytest.raises(ValidationFailed):
        equipment.import_equipment(maintainer, site=site, rows=[])


def test_mr13_an_interrupted_import_leaves_nothing(maintainer, site, room):
    def stop(n, total):
        if n == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        equipment.import_equipment(
            maintainer, site=site, rows=equipment_excel.read_ledger(sheet(GOOD)), progress=stop
        )
    assert not Equipment.objects.exists()


def test_mr13_export_imports_again(maintainer, site, org, root, room, people):
    equipment.import_equipment(
        maintainer, site=site, rows=equipment_excel.read_ledger(sheet(GOOD, language="zh-hans"))
    )
    with translation.override("zh-hans"):
        body = equipment_excel.ledger_workbook(
            selectors.equipment_for(maintainer, site=site), title="台账"
        )
    from infocenter.core import services as core_services
    from infocenter.machineroom.services import access as services

    services.add_room(root, site=org["b"], name="中心机房")
    core_services.assign_role(root, person=people[Role.IT_STAFF], role=Role.IT_STAFF, site=org["b"])
    again = equipment.import_equipment(
        root,
        site=org["b"],
        rows=equipment_excel.read_ledger(SimpleUploadedFile("export.xlsx", body)),
    )
    fields = (
        "category",
        "name",
        "model",
        "serial",
        "quantity",
        "unit",
        "status",
        "location",
        "antistatic",
        "purchased_on",
    )
    assert sorted(tuple(getattr(e, f) for f in fields) for e in again) == sorted(
        tuple(getattr(e, f) for f in fields) for e in Equipment.objects.filter(site=site)
    )


def test_mr13_import_command_prints_each_bad_row_and_imports_a_good_file(
    tmp_path, maintainer, site, room, people
):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(sheet([{"category": "spare", "name": ""}]).read())
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_equipment", str(bad), site=site.code, username=maintainer.username, stderr=err
        )
    assert "row 2, name" in err.getvalue()
    good = tmp_path / "good.xlsx"
    good.write_bytes(sheet(GOOD).read())
    out = io.StringIO()
    call_command(
        "import_equipment",
        str(good),
        site=site.code,
        username=maintainer.username,
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "3 ledger lines imported" in out.getvalue() and Equipment.objects.count() == 3
    with pytest.raises(CommandError):
        call_command(
            "import_equipment",
            str(good),
            site=site.code,
            username=people[Role.AUDITOR].username,
            stderr=io.StringIO(),
        )
    with pytest.raises(CommandError, match="no such file"):
        call_command(
            "import_equipment",
            str(tmp_path / "missing.xlsx"),
            site=site.code,
            username=maintainer.username,
        )
