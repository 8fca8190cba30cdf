"""Browser journey of the equipment ledger (MR-13, MR-10): the maintainer, on a phone, records a
loan of a spare board for the engineering head; the information-center head approves it from his
approvals inbox; the maintainer hands it out, and takes it back damaged: the board goes to
antistatic storage with a damage report naming the borrower. Chinese UI, Debian's Chromium.
Buttons are found by their step, not their words, so the journey holds in every language."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department
from infocenter.machineroom.models import Equipment, EquipmentReport, Loan
from infocenter.machineroom.rules.equipment import LedgerLine
from infocenter.machineroom.services import access as services
from infocenter.machineroom.services import equipment
from tests.conftest import make_person

from .test_servicedesk_journey import session, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(org, root):
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    room = services.add_room(root, site=site, name="信息中心机房")
    people = {
        "head": make_person(root, "zhouming", Role.IC_HEAD, site=site),
        "maintainer": make_person(root, "wulei", Role.MR_MAINTAINER, site=site),
        "borrower": make_person(root, "zhangwei", Role.DEPT_HEAD, site=site, department=gc),
    }
    people["board"] = equipment.add_equipment(
        people["maintainer"],
        site=site,
        line=LedgerLine(
            category="spare",
            name="主控板",
            model="LSQM1SUPB0",
            serial="BD-1",
            room=room,
            location="备件柜 2 层",
        ),
    )
    return people


def _submit(form):
    form.locator("button[type=submit]").click()


def test_mr13_board_lent_with_approval_and_returned_damaged(browser, live_server, staff, tmp_path):
    base = live_server.url
    board = staff["board"]

    desk = session(browser, base, "wulei", phone=True)
    desk.goto(f"{base}/machineroom/loans/new/")
    desk.locator("#id_borrower").select_option(label=str(staff["borrower"]))
    desk.locator("#id_purpose").fill("工程部 3栋弱电间交换机调试")
    desk.locator("#id_due_on").fill((timezone.localdate() + dt.timedelta(days=2)).isoformat())
    desk.locator("#id_lines-0-item").select_option(str(board.pk))
    desk.locator("form", has=desk.locator("#id_purpose")).locator("button[type=submit]").click()
    expect(desk.locator("[data-state]").first).to_have_attribute("data-state", "requested")
    expect(step(desk, "hand_out")).to_have_count(0)  # nothing is lent before the head approves
    loan = Loan.objects.get()

    head = session(browser, base, "zhouming")
    head.goto(f"{base}/machineroom/approvals/")
    head.get_by_test_id("approvals").get_by_text(loan.serial).click()
    _submit(step(head, "approve"))
    expect(head.locator("[data-state]").first).to_have_attribute("data-state", "approved")
    head.context.close()

    desk.reload()
    _submit(step(desk, "hand_out"))
    expect(desk.locator("[data-state]").first).to_have_attribute("data-state", "on_loan")
    ret = step(desk, "return")
    ret.locator("input[name=damaged]").check()
    ret.locator("#id_damage").fill("针脚弯曲，指示灯不亮")
    ret.locator("#id_storage").fill("防静电柜 1 号")
    _submit(ret)
    expect(desk.locator("[data-state]").first).to_have_attribute("data-state", "returned")
    desk.goto(f"{base}/machineroom/equipment/?status=damaged")
    expect(desk.get_by_test_id("ledger")).to_contain_text("主控板")
    desk.screenshot(path=tmp_path / "ledger-375.png", full_page=True)
    desk.context.close()

    board = Equipment.objects.get(pk=board.pk)
    report = EquipmentReport.objects.get()
    assert (board.status, board.antistatic, board.location) == ("damaged", True, "防静电柜 1 号")
    assert report.responsible == staff["borrower"] and report.loan == loan
