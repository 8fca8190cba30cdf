"""MR-13: the equipment ledger with models, quantities and locations; procurement; loans only
with the head's approval, due dates and overdue alerts; damage, loss and consumption with the
person responsible. MR-10: a damaged piece is kept in antistatic storage and the ledger says so."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from infocenter.core import worker
from infocenter.core.choices import Role
from infocenter.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    StaleEdit,
    ValidationFailed,
)
from infocenter.core.models import Deadline, OutboxMessage
from infocenter.core.selectors import timeline
from infocenter.machineroom import approvals, selectors
from infocenter.machineroom.choices import EquipmentStatus as ES
from infocenter.machineroom.choices import LoanState
from infocenter.machineroom.models import Equipment, EquipmentReport
from infocenter.machineroom.rules.equipment import LINE_FIELDS, LedgerLine, PurchaseLine
from infocenter.machineroom.services import equipment, loans


@pytest.fixture
def add(maintainer, site):
    def _add(name="交换机", **fields):
        return equipment.add_equipment(
            maintainer,
            site=site,
            line=LedgerLine(**({"category": "equipment", "name": name} | fields)),
        )

    return _add


@pytest.fixture
def board(add, room):
    return add(
        "主控板",
        category="spare",
        model="LSUM1SUPD0",
        serial="SN-BOARD-1",
        room=room,
        location="备件柜 2 层",
    )


@pytest.fixture
def cables(add):
    return add("超五类跳线", category="consumable", quantity=20, unit="根", location="耗材柜")


@pytest.fixture
def lend(maintainer, site, people):
    def _lend(*lines, borrower=None, due_on=None):
        return loans.request_loan(
            maintainer,
            site=site,
            lines=list(lines),
            purpose="工程部临时调试",
            borrower=borrower or people[Role.DEPT_HEAD],
            due_on=due_on or timezone.localdate() + dt.timedelta(days=3),
        )

    return _lend


@pytest.fixture
def out(lend, head, maintainer):
    def _out(*lines, **kwargs):
        loan = lend(*lines, **kwargs)
        loan = loans.approve_loan(head, loan, version=loan.version, note="同意")
        return loans.hand_out_loan(maintainer, loan, version=loan.version)

    return _out


def test_mr13_ledger_line_with_model_quantity_and_location(add, room, maintainer):
    item = add(
        "核心交换机",
        model="S7506E",
        serial="210235A0",
        status="in_use",
        room=room,
        location="A1 机柜 20U",
        custodian=maintainer,
        purchased_on=dt.date(2023, 5, 1),
        warranty_until=dt.date(2026, 5, 1),
    )
    assert (item.quantity, item.unit, item.place) == (1, "台", "中心机房 · A1 机柜 20U")
    assert [e.kind for e in timeline(item)] == ["equipment.added"]


def test_mr13_duplicate_serial_is_refused_within_the_site_only(add, board, org, root):
    with pytest.raises(ValidationFailed) as refused:
        add("主控板", category="spare", serial="SN-BOARD-1")
    assert "SN-BOARD-1" in str(refused.value.field_errors["serial"])
    with pytest.raises(ValidationFailed) as counted:
        add("光模块", category="spare", serial="SN-X", quantity=2)
    assert "quantity" in counted.value.field_errors
    other = equipment.add_equipment(
        root, site=org["b"], line=LedgerLine(category="spare", name="主控板", serial="SN-BOARD-1")
    )
    assert other.site == org["b"]


def test_mr13_missing_fields_and_wrong_role_are_refused(site, people):
    with pytest.raises(ValidationFailed) as missing:
        equipment.add_equipment(
            people[Role.MR_MAINTAINER],
            site=site,
            line=LedgerLine(category="gadget", name=" ", quantity=0),
        )
    assert {"category", "name", "quantity"} <= set(missing.value.field_errors)
    for role in (Role.AUDITOR, Role.DEPT_HEAD, Role.SYSADMIN):
        with pytest.raises(PermissionDenied):
            equipment.add_equipment(
                people[role], site=site, line=LedgerLine(category="equipment", name="服务器")
            )


def test_mr10_damaged_status_needs_an_antistatic_storage_location(add, board, maintainer):
    with pytest.raises(ValidationFailed) as refused:
        add("业务板", category="spare", status="damaged", location="机柜 B2")
    assert "antistatic" in str(refused.value.field_errors["location"])
    kept = add(
        "业务板", category="spare", status="damaged", location="防静电柜 1 号", antistatic=True
    )
    assert kept.status == ES.DAMAGED
    fields = _fields(board) | {"status": "damaged", "antistatic": False}
    with pytest.raises(ValidationFailed):
        equipment.update_equipment(
            maintainer, board, version=board.version, line=LedgerLine(**fields)
        )


def _fields(item) -> dict:
    return {f: getattr(item, f) for f in LINE_FIELDS}


def test_mr13_every_change_is_versioned_and_audited(board, maintainer, head):
    moved = equipment.update_equipment(
        maintainer,
        board,
        version=board.version,
        line=LedgerLine(**_fields(board) | {"status": "in_use", "location": "B2 机柜 槽位 3"}),
    )
    assert moved.version == board.version + 1 and moved.status == ES.IN_USE
    changed = timeline(moved).filter(kind="equipment.changed").get()
    assert changed.data["changes"]["status"] == ["spare", "in_use"]
    with pytest.raises(StaleEdit):
        equipment.update_equipment(
            head, board, version=board.version, line=LedgerLine(**_fields(board))
        )


def test_mr13_a_disposed_item_never_changes(board, maintainer, head):
    with pytest.raises(PermissionDenied):
        equipment.dispose_equipment(maintainer, board, version=board.version, reason="报废")
    with pytest.raises(ValidationFailed):
        equipment.dispose_equipment(head, board, version=board.version, reason="")
    gone = equipment.dispose_equipment(
        head, board, version=board.version, reason="老化报废，已交资产部门"
    )
    assert gone.status == ES.DISPOSED and gone.disposed_at
    for attempt in (
        lambda: equipment.update_equipment(
            maintainer, gone, version=gone.version, line=LedgerLine(**_fields(board))
        ),
        lambda: equipment.dispose_equipment(head, gone, version=gone.version, reason="再次"),
        lambda: equipment.report_equipment(
            maintainer,
            gone,
            version=gone.version,
            kind="loss",
            description="丢失",
            responsible=maintainer,
        ),
    ):
        with pytest.raises(Conflict, match="disposed"):
            attempt()


def test_mr13_procurement_adds_new_lines_and_quantity_to_a_counted_line(cables, maintainer, site):
    new = PurchaseLine(
        quantity=1,
        unit_price=Decimal("45800"),
        line=LedgerLine(
            category="equipment", name="服务器", model="PowerEdge R750", serial="CN-7XYZ"
        ),
    )
    more = PurchaseLine(into=cables, quantity=30, unit_price=Decimal("6.5"))
    record = equipment.record_procurement(
        maintainer,
        site=site,
        supplier="重庆科创",
        reference="HT-2026-031",
        purchased_on=timezone.localdate(),
        received_by=maintainer,
        lines=[new, more],
    )
    cables.refresh_from_db()
    server = Equipment.objects.get(serial="CN-7XYZ")
    assert cables.quantity == 50 and server.status == ES.SPARE and server.supplier == "重庆科创"
    assert record.total == Decimal("45800") + Decimal("195")
    assert timeline(cables).filter(kind="equipment.received").exists()


def test_mr13_procurement_lists_every_bad_line(cables, maintainer, site, board):
    def line(**values):
        return PurchaseLine(
            quantity=1,
            unit_price=Decimal("1"),
            line=LedgerLine(**{"category": "spare", "name": "板卡"} | values),
        )

    with pytest.raises(ValidationFailed) as refused:
        equipment.record_procurement(
            maintainer,
            site=site,
            supplier="",
            purchased_on=timezone.localdate(),
            received_by=maintainer,
            lines=[
                line(serial="SN-BOARD-1"),
                line(name=""),
                line(serial="A"),
                line(serial="A"),
                PurchaseLine(into=board, quantity=1, unit_price=None),
            ],
        )
    errors = refused.value.field_errors
    messages = " | ".join(str(m) for m in errors["lines"])
    assert "supplier" in errors
    for text in (
        "Line 1, serial",
        "Line 2, name",
        "Line 4, serial",
        "Line 5, into",
        "Line 5, unit_price",
    ):
        assert text in messages, text


def test_mr13_nothing_is_lent_out_without_the_heads_approval(board, lend, maintainer, head):
    loan = lend((board, 1))
    assert OutboxMessage.objects.filter(recipient=head, subject__contains=loan.serial).exists()
    waiting = [w for w in approvals.waiting_for(head) if w.kind == "Equipment loan"]
    assert [w.title.split()[0] for w in waiting] == [loan.serial]
    with pytest.raises(InvalidTransition, match="is not possible now"):
        loans.hand_out_loan(maintainer, loan, version=loan.version)
    with pytest.raises(PermissionDenied):
        loans.approve_loan(maintainer, loan, version=loan.version)
    loan = loans.approve_loan(head, loan, version=loan.version)
    with pytest.raises(StaleEdit):
        loans.hand_out_loan(maintainer, loan, version=loan.version - 1)
    loan = loans.hand_out_loan(maintainer, loan, version=loan.version)
    board.refresh_from_db()
    assert loan.state == LoanState.ON_LOAN and board.status == ES.ON_LOAN and board.lent == 1
    clock = Deadline.objects.get(subject_id=str(loan.pk), kind=loans.K_LOAN_DUE)
    assert clock.due_at == loans.due_at(loan) and clock.warn_at == clock.due_at - dt.timedelta(
        days=1
    )
    loan = loans.return_loan(maintainer, loan, version=loan.version, note="完好")
    board.refresh_from_db()
    clock.refresh_from_db()
    assert loan.state == LoanState.RETURNED and board.status == ES.SPARE and board.lent == 0
    assert clock.state == "met"
    with pytest.raises(InvalidTransition):
        loans.return_loan(maintainer, loan, version=loan.version)


def test_mr13_only_spare_items_in_stock_are_lent(add, cables, lend, out, maintainer):
    in_use = add("防火墙", serial="FW-1", status="in_use")
    with pytest.raises(ValidationFailed) as refused:
        lend((in_use, 1))
    assert "only spare items in stock are lent" in str(refused.value.field_errors["lines"])
    with pytest.raises(ValidationFailed) as too_many:
        lend((cables, 21))
    assert "between 1 and 20" in str(too_many.value.field_errors["lines"])
    first = out((cables, 15))
    cables.refresh_from_db()
    assert (cables.lent, cables.available, cables.status) == (15, 5, ES.SPARE)
    with pytest.raises(ValidationFailed):
        lend((cables, 6))
    with pytest.raises(Conflict, match="on loan"):
        equipment.update_equipment(
            maintainer,
            cables,
            version=cables.version,
            line=LedgerLine(**_fields(cables) | {"status": "in_use"}),
        )
    assert first.state == LoanState.ON_LOAN


def test_mr13_an_approved_loan_is_checked_again_when_handed_out(board, lend, head, maintainer):
    first, second = lend((board, 1)), lend((board, 1))
    for loan in (first, second):
        loans.approve_loan(head, loan, version=loan.version)
    first.refresh_from_db()
    second.refresh_from_db()
    loans.hand_out_loan(maintainer, first, version=first.version)
    with pytest.raises(Conflict, match="On loan"):
        loans.hand_out_loan(maintainer, second, version=second.version)


def test_mr13_outsider_needs_organisation_and_phone_and_a_due_date_ahead(board, maintainer, site):
    with pytest.raises(ValidationFailed) as refused:
        loans.request_loan(
            maintainer,
            site=site,
            lines=[],
            purpose="",
            borrower_name="刘工",
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert {"organisation", "phone", "purpose", "due_on", "lines"} <= set(
        refused.value.field_errors
    )
    with pytest.raises(ValidationFailed) as bad_phone:
        loans.request_loan(
            maintainer,
            site=site,
            lines=[(board, 1)],
            purpose="借用",
            borrower_name="刘工",
            organisation="中国电信",
            phone="12345",
            due_on=timezone.localdate(),
        )
    assert list(bad_phone.value.field_errors) == ["phone"]
    loan = loans.request_loan(
        maintainer,
        site=site,
        lines=[(board, 1)],
        purpose="现场抢修借用",
        borrower_name="刘工",
        organisation="中国电信",
        phone="139 9600 1234",
        due_on=timezone.localdate(),
    )
    assert loan.borrower is None and loan.borrower_text == "刘工，中国电信，13996001234"


def test_mr13_refusal_needs_a_reason_and_ends_the_loan(board, lend, head, maintainer):
    loan = lend((board, 1))
    with pytest.raises(ValidationFailed):
        loans.refuse_loan(head, loan, version=loan.version, note=" ")
    loan = loans.refuse_loan(
        head, loan, version=loan.version, note="该板卡为核心设备唯一备件，不外借"
    )
    assert loan.state == LoanState.REFUSED
    with pytest.raises(InvalidTransition):
        loans.hand_out_loan(maintainer, loan, version=loan.version)
    cancelled = lend((board, 1))
    cancelled = loans.cancel_loan(maintainer, cancelled, version=cancelled.version, note="不需要了")
    assert cancelled.state == LoanState.CANCELLED


def test_mr13_overdue_alert_through_the_worker(add, out, head, people, maintainer):
    borrower, keeper = people[Role.DEPT_HEAD], people[Role.IT_STAFF]
    meter = add("光功率计", serial="OPM-1", custodian=keeper)
    loan = out((meter, 1), due_on=timezone.localdate() + dt.timedelta(days=2))
    due = loans.due_at(loan)
    with time_machine.travel(due - dt.timedelta(hours=23), tick=False):
        worker.run_once(echo=lambda _line: None)
        assert not selectors.overdue_loans(head).exists()
    warned = OutboxMessage.objects.filter(subject__contains="due back tomorrow", channel="in_app")
    assert {m.recipient for m in warned} == {borrower, maintainer}
    with time_machine.travel(due + dt.timedelta(days=1), tick=False):
        worker.run_once(echo=lambda _line: None)
        assert list(selectors.overdue_loans(head)) == [loan]
    overdue = OutboxMessage.objects.filter(subject__contains="is overdue", channel="in_app")
    assert {m.recipient for m in overdue} == {borrower, maintainer, keeper, head}
    with time_machine.travel(due + dt.timedelta(days=2), tick=False):
        worker.run_once(echo=lambda _line: None)  # each phase fires once
    assert (
        OutboxMessage.objects.filter(subject__contains="is overdue", channel="in_app").count() == 4
    )


def test_mr13_damaged_return_becomes_a_damage_report_naming_the_borrower(
    board, out, maintainer, people, head
):
    loan = out((board, 1))
    with pytest.raises(ValidationFailed) as missing:
        loans.return_loan(maintainer, loan, version=loan.version, damaged=[board])
    assert {"storage", "damage"} <= set(missing.value.field_errors)
    loan = loans.return_loan(
        maintainer,
        loan,
        version=loan.version,
        damaged=[board],
        storage="防静电柜 1 号",
        damage="板卡接口针脚弯曲",
        note="归还时发现损坏",
    )
    board.refresh_from_db()
    report = EquipmentReport.objects.get()
    assert (
        report.responsible == people[Role.DEPT_HEAD]
        and report.loan == loan
        and report.kind == "damage"
    )
    assert (board.status, board.antistatic, board.location) == (ES.DAMAGED, True, "防静电柜 1 号")
    assert OutboxMessage.objects.filter(recipient=head, subject__contains="Damage").exists()


def test_mr13_consumption_lowers_the_quantity_never_below_zero(cables, board, maintainer, head):
    report = equipment.report_equipment(
        maintainer,
        cables,
        version=cables.version,
        kind="consumption",
        quantity=12,
        description="3 栋弱电间跳线更换",
    )
    cables.refresh_from_db()
    assert cables.quantity == 8 and report.responsible is None
    with pytest.raises(ValidationFailed) as below:
        equipment.report_equipment(
            maintainer,
            cables,
            version=cables.version,
            kind="consumption",
            quantity=9,
            description="再用",
        )
    assert "below zero" in str(below.value.field_errors["quantity"])
    with pytest.raises(ValidationFailed):
        equipment.report_equipment(
            maintainer, board, version=board.version, kind="consumption", description="用掉"
        )
    assert not OutboxMessage.objects.filter(
        recipient=head, subject__contains="Consumption"
    ).exists()


def test_mr13_damage_and_loss_name_the_person_responsible(cables, board, maintainer, people, head):
    with pytest.raises(ValidationFailed) as refused:
        equipment.report_equipment(
            maintainer, board, version=board.version, kind="damage", description="跌落"
        )
    assert {"responsible", "storage"} <= set(refused.value.field_errors)
    from infocenter.core.models import User

    outsider = User.objects.get(username="root")  # holds no role at the site
    with pytest.raises(ValidationFailed) as stranger:
        equipment.report_equipment(
            maintainer,
            board,
            version=board.version,
            kind="loss",
            description="丢失",
            responsible=outsider,
        )
    assert list(stranger.value.field_errors) == ["responsible"]
    part = equipment.report_equipment(
        maintainer,
        cables,
        version=cables.version,
        kind="damage",
        quantity=3,
        description="水晶头压坏",
        responsible=people[Role.IT_STAFF],
        storage="防静电袋，耗材柜底层",
    )
    cables.refresh_from_db()
    assert (
        cables.quantity == 17
        and part.damaged_line.quantity == 3
        and part.damaged_line.status == ES.DAMAGED
    )
    lost = equipment.report_equipment(
        maintainer,
        board,
        version=board.version,
        kind="loss",
        description="搬迁机房后找不到",
        responsible_name="外包搬运公司 李四",
    )
    board.refresh_from_db()
    assert lost.responsible_name == "外包搬运公司 李四" and board.status == ES.DISPOSED
    assert OutboxMessage.objects.filter(recipient=head, subject__contains="Loss").exists()
    with pytest.raises(ValidationFailed):
        equipment.report_equipment(
            maintainer,
            cables,
            version=cables.version,
            kind="damage",
            quantity=1,
            description="x",
            responsible=maintainer,
            storage="柜",
            happened_at=timezone.now() + dt.timedelta(days=1),
        )
