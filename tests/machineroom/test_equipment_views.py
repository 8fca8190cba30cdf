"""Equipment-ledger pages in Chinese (MR-13, MR-10): the ledger with filters, print and Excel; an
item with its history and only the forms its reader may use; loans through their pages with the
head's approval and the overdue alert; procurement; the import page's row errors; query budgets."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from infocenter.core.choices import Role
from infocenter.machineroom.models import Equipment, Loan, Procurement
from infocenter.machineroom.rules.equipment import LedgerLine, PurchaseLine
from infocenter.machineroom.services import equipment, loans

from .test_equipment_import import GOOD, sheet


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def ledger(maintainer, site, room):
    """A switch in use, a spare board, a damaged board in antistatic storage and toner."""
    add = lambda **f: equipment.add_equipment(maintainer, site=site, line=LedgerLine(**f))  # noqa: E731
    return {
        "switch": add(
            category="equipment",
            name="核心交换机",
            model="S7506E",
            serial="SW-1",
            status="in_use",
            room=room,
            location="A1 机柜",
        ),
        "board": add(
            category="spare",
            name="主控板",
            model="SUPD0",
            serial="BD-1",
            room=room,
            location="备件柜",
        ),
        "broken": add(
            category="spare",
            name="业务板",
            model="LSQM",
            serial="BD-2",
            status="damaged",
            location="防静电柜 1 号",
            antistatic=True,
        ),
        "toner": add(category="consumable", name="硒鼓", model="HP 88A", quantity=6, unit="个"),
    }


def test_mr13_ledger_page_filters_by_status_category_and_search(ledger, maintainer, client_for):
    client = client_for(maintainer)
    page = client.get(reverse("machineroom:equipment")).content.decode()
    assert all(name in page for name in ("核心交换机", "主控板", "业务板", "硒鼓"))
    damaged = client.get(reverse("machineroom:equipment"), {"status": "damaged"}).content.decode()
    table = damaged.split('data-testid="ledger"')[1]
    assert "业务板" in table and "核心交换机" not in table
    found = (
        client.get(reverse("machineroom:equipment"), {"q": "SW-1"})
        .content.decode()
        .split('data-testid="ledger"')[1]
    )
    assert "核心交换机" in found and "硒鼓" not in found
    consumables = client.get(
        reverse("machineroom:equipment"), {"category": "consumable", "status": "x"}
    )
    assert "硒鼓" in consumables.content.decode().split('data-testid="ledger"')[1]


def test_mr13_ledger_prints_on_a4_and_exports_in_the_import_columns(ledger, maintainer, client_for):
    from openpyxl import load_workbook

    client = client_for(maintainer)
    printed = client.get(reverse("machineroom:equipment_print")).content.decode()
    assert "核心交换机" in printed and "print.css" in printed
    book = load_workbook(io.BytesIO(client.get(reverse("machineroom:equipment_export")).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == list(
        __import__("infocenter.machineroom.exports.equipment", fromlist=["x"]).columns()
    )
    assert {r[1] for r in rows[1:]} == {"核心交换机", "主控板", "业务板", "硒鼓"}
    template = client.get(reverse("machineroom:equipment_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith(
        "application/vnd.openxml"
    )


def test_mr13_new_line_keeps_what_was_typed_when_refused(ledger, maintainer, client_for, room):
    response = client_for(maintainer).post(
        reverse("machineroom:equipment_new"),
        {
            "category": "spare",
            "name": "电源模块",
            "model": "PSR650",
            "serial": "BD-1",
            "quantity": 1,
            "status": "damaged",
            "room": room.pk,
            "location": "机柜 B2",
        },
    )
    body = response.content.decode()
    assert (
        response.status_code == 400 and "电源模块" in body and "PSR650" in body and "防静电" in body
    )
    ok = client_for(maintainer).post(
        reverse("machineroom:equipment_new"),
        {
            "category": "spare",
            "name": "电源模块",
            "model": "PSR650",
            "serial": "PW-1",
            "quantity": 1,
            "status": "spare",
            "room": room.pk,
            "location": "备件柜",
        },
    )
    assert ok.status_code == 302 and Equipment.objects.filter(serial="PW-1").exists()


def test_mr13_item_page_shows_history_and_only_the_forms_its_reader_may_use(
    ledger, maintainer, head, people, client_for
):
    board = ledger["board"]
    staff_page = (
        client_for(maintainer)
        .get(reverse("machineroom:equipment_item", args=[board.pk]))
        .content.decode()
    )
    assert 'data-step="edit"' in staff_page and 'data-step="report"' in staff_page
    assert 'data-step="dispose"' not in staff_page
    assert (
        'data-step="dispose"'
        in client_for(head)
        .get(reverse("machineroom:equipment_item", args=[board.pk]))
        .content.decode()
    )
    auditor = client_for(people[Role.AUDITOR]).get(
        reverse("machineroom:equipment_item", args=[board.pk])
    )
    assert auditor.status_code == 200 and "data-step" not in auditor.content.decode()
    moved = client_for(maintainer).post(
        reverse("machineroom:equipment_step", args=[board.pk, "edit"]),
        {
            "version": board.version,
            "category": "spare",
            "name": "主控板",
            "model": "SUPD0",
            "serial": "BD-1",
            "quantity": 1,
            "status": "in_use",
            "location": "B2 机柜 槽位 3",
        },
    )
    assert moved.status_code == 302
    stale = client_for(maintainer).post(
        reverse("machineroom:equipment_step", args=[board.pk, "edit"]),
        {
            "version": board.version,
            "category": "spare",
            "name": "主控板",
            "quantity": 1,
            "status": "spare",
        },
    )
    assert stale.status_code == 409
    history = (
        client_for(maintainer)
        .get(reverse("machineroom:equipment_item", args=[board.pk]))
        .content.decode()
    )
    assert "B2 机柜 槽位 3" in history and "操作记录" in history


def test_mr13_disposed_item_page_offers_nothing(ledger, head, client_for):
    board = ledger["board"]
    refused = client_for(head).post(
        reverse("machineroom:equipment_step", args=[board.pk, "dispose"]),
        {"version": board.version, "reason": ""},
    )
    assert refused.status_code == 400
    done = client_for(head).post(
        reverse("machineroom:equipment_step", args=[board.pk, "dispose"]),
        {"version": board.version, "reason": "老化报废"},
    )
    assert done.status_code == 302
    page = (
        client_for(head)
        .get(reverse("machineroom:equipment_item", args=[board.pk]))
        .content.decode()
    )
    assert "data-step" not in page and "老化报废" in page
    board.refresh_from_db()
    again = client_for(head).post(
        reverse("machineroom:equipment_step", args=[board.pk, "report"]),
        {
            "version": board.version,
            "kind": "loss",
            "quantity": 1,
            "description": "丢失",
            "responsible_name": "某人",
        },
    )
    assert again.status_code == 409


def test_mr13_loan_through_the_pages_with_the_heads_approval_and_overdue_alert(
    ledger, maintainer, head, people, client_for, site
):
    board = ledger["board"]
    client = client_for(maintainer)
    refused = client.post(
        reverse("machineroom:loan_new"),
        {
            "site": site.pk,
            "borrower": "",
            "borrower_name": "刘工",
            "purpose": "抢修",
            "due_on": "2020-01-01",
            "lines-TOTAL_FORMS": 1,
            "lines-INITIAL_FORMS": 0,
            "lines-0-item": board.pk,
            "lines-0-quantity": 1,
        },
    )
    assert refused.status_code == 400 and "刘工" in refused.content.decode()
    due = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    created = client.post(
        reverse("machineroom:loan_new"),
        {
            "site": site.pk,
            "borrower": people[Role.DEPT_HEAD].pk,
            "purpose": "工程部调试",
            "due_on": due,
            "lines-TOTAL_FORMS": 2,
            "lines-INITIAL_FORMS": 0,
            "lines-0-item": board.pk,
            "lines-0-quantity": 1,
            "lines-1-item": "",
            "lines-1-quantity": "",
        },
    )
    assert created.status_code == 302
    loan = Loan.objects.get()
    page = client.get(reverse("machineroom:loan", args=[loan.pk])).content.decode()
    assert 'data-step="hand_out"' not in page and 'data-step="approve"' not in page
    assert loan.serial in client_for(head).get(reverse("machineroom:approvals")).content.decode()
    early = client.post(
        reverse("machineroom:loan_step", args=[loan.pk, "hand_out"]), {"version": loan.version}
    )
    assert early.status_code == 409
    approved = client_for(head).post(
        reverse("machineroom:loan_step", args=[loan.pk, "approve"]),
        {"version": loan.version, "note": "同意"},
    )
    assert approved.status_code == 302
    loan.refresh_from_db()
    assert (
        client.post(
            reverse("machineroom:loan_step", args=[loan.pk, "hand_out"]), {"version": loan.version}
        ).status_code
        == 302
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=3), tick=False):
        page = client.get(reverse("machineroom:loan", args=[loan.pk])).content.decode()
        assert 'data-testid="overdue"' in page and 'data-step="return"' in page
        listing = client.get(reverse("machineroom:loans")).content.decode()
        assert loan.serial in listing.split('data-testid="loans"')[1]
        home = client_for(head).get("/").content.decode()
        assert loan.serial in home
    printed = client.get(reverse("machineroom:loan_print", args=[loan.pk])).content.decode()
    assert loan.serial in printed and "主控板" in printed


def test_mr13_procurement_page_records_a_purchase_into_the_ledger(
    ledger, maintainer, client_for, site
):
    toner = ledger["toner"]
    response = client_for(maintainer).post(
        reverse("machineroom:procurement_new"),
        {
            "site": site.pk,
            "supplier": "重庆办公用品公司",
            "purchased_on": timezone.localdate().isoformat(),
            "reference": "FP-0091",
            "received_by": maintainer.pk,
            "lines-TOTAL_FORMS": 3,
            "lines-INITIAL_FORMS": 0,
            "lines-0-into": toner.pk,
            "lines-0-quantity": 4,
            "lines-0-unit_price": "320",
            "lines-1-category": "consumable",
            "lines-1-name": "扎带",
            "lines-1-unit": "包",
            "lines-1-quantity": 10,
            "lines-1-unit_price": "8.5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    toner.refresh_from_db()
    assert toner.quantity == 10 and Equipment.objects.filter(name="扎带", quantity=10).exists()
    record = Procurement.objects.get()
    page = (
        client_for(maintainer)
        .get(reverse("machineroom:procurement", args=[record.pk]))
        .content.decode()
    )
    assert "FP-0091" in page and "1365" in page
    bad = client_for(maintainer).post(
        reverse("machineroom:procurement_new"),
        {
            "site": site.pk,
            "supplier": "某公司",
            "purchased_on": timezone.localdate().isoformat(),
            "received_by": maintainer.pk,
            "lines-TOTAL_FORMS": 1,
            "lines-INITIAL_FORMS": 0,
            "lines-0-name": "服务器",
            "lines-0-quantity": 1,
        },
    )
    assert bad.status_code == 400 and "某公司" in bad.content.decode()


def test_mr13_import_page_lists_bad_rows_by_column_and_imports_nothing(
    maintainer, client_for, site, room
):
    client = client_for(maintainer)
    bad = client.post(
        reverse("machineroom:equipment_import"),
        {
            "site": site.pk,
            "file": sheet(GOOD + [{"category": "spare", "name": ""}], language="zh-hans"),
        },
    )
    table = bad.content.decode().split('data-testid="import-errors"')[1]
    assert bad.status_code == 400 and "<td>5</td>" in table and "名称" in table
    assert not Equipment.objects.exists()
    good = client.post(
        reverse("machineroom:equipment_import"),
        {"site": site.pk, "file": sheet(GOOD, language="zh-hant")},
    )
    assert good.status_code == 302 and Equipment.objects.count() == 3


def test_mr13_reports_page_names_the_person_responsible(ledger, maintainer, people, client_for):
    equipment.report_equipment(
        maintainer,
        ledger["toner"],
        version=ledger["toner"].version,
        kind="damage",
        quantity=1,
        description="漏粉",
        responsible=people[Role.IT_STAFF],
        storage="防静电袋",
    )
    page = client_for(maintainer).get(reverse("machineroom:equipment_reports")).content.decode()
    assert "漏粉" in page and people[Role.IT_STAFF].full_name in page


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("machineroom:equipment", 12),
        ("machineroom:loans", 12),
        ("machineroom:procurements", 12),
        ("machineroom:equipment_reports", 12),
        ("machineroom:equipment_print", 10),
    ],
)
def test_equipment_page_query_budgets(
    ledger, maintainer, head, people, site, client_for, django_assert_max_num_queries, name, budget
):
    from decimal import Decimal

    for n in range(3):
        item = equipment.add_equipment(
            maintainer,
            site=site,
            line=LedgerLine(
                category="spare", name=f"板卡{n}", serial=f"Q{n}", custodian=maintainer
            ),
        )
        loan = loans.request_loan(
            maintainer,
            site=site,
            lines=[(item, 1)],
            purpose="调试",
            borrower=people[Role.DEPT_HEAD],
            due_on=timezone.localdate(),
        )
        loans.approve_loan(head, loan, version=loan.version)
        ledger["toner"].refresh_from_db()
        equipment.report_equipment(
            maintainer,
            ledger["toner"],
            version=ledger["toner"].version,
            kind="consumption",
            description="打印",
        )
        equipment.record_procurement(
            maintainer,
            site=site,
            supplier="供应商",
            purchased_on=timezone.localdate(),
            received_by=maintainer,
            lines=[PurchaseLine(into=ledger["toner"], quantity=1, unit_price=Decimal("1"))],
        )
    client = client_for(head)
    client.get(reverse(name))
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(name)).status_code == 200


def test_mr13_ledger_counts_each_status_and_a_spare_item_lends_from_its_page(
    ledger, maintainer, client_for
):
    client = client_for(maintainer)
    counts = (
        client.get(reverse("machineroom:equipment"))
        .content.decode()
        .split('data-testid="counts"')[1]
    )
    for status, n in (("in_use", 1), ("spare", 2), ("damaged", 1), ("on_loan", 0), ("disposed", 0)):
        assert f'data-status="{status}" data-count="{n}"' in counts, status
    board = ledger["board"]
    page = client.get(reverse("machineroom:equipment_item", args=[board.pk])).content.decode()
    lend_url = f"{reverse('machineroom:loan_new')}?site={board.site_id}&item={board.pk}"
    assert lend_url in page
    form = client.get(
        f"{reverse('machineroom:loan_new')}?site={board.site_id}&item={board.pk}"
    ).content.decode()
    assert f'<option value="{board.pk}" selected>' in form
    switch = client.get(
        reverse("machineroom:equipment_item", args=[ledger["switch"].pk])
    ).content.decode()
    assert "item=" not in switch
