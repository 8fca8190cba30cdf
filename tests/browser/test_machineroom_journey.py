"""Browser journey of the machine room (MR-2, MR-3): the engineering head asks for a telecom
technician's visit, the information-center head approves it from his approvals inbox, and the
maintainer at the desk, on a phone, signs himself in, signs the technician in with his escort
(only names on the request are offered), records the old device carried out against the visit,
and signs him out. Chinese UI, Debian's Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department
from infocenter.machineroom import services
from infocenter.machineroom.models import ItemMovement, Visit
from tests.conftest import make_person

from .test_servicedesk_journey import session, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(org, root):
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    services.add_room(root, site=site, name="信息中心机房")
    return {
        "head": make_person(root, "zhouming", Role.IC_HEAD, site=site),
        "maintainer": make_person(root, "wulei", Role.MR_MAINTAINER, site=site),
        "asker": make_person(root, "zhangwei", Role.DEPT_HEAD, site=site, department=gc),
    }


def test_mr_visitor_approved_escorted_in_and_carrying_an_item_out(browser, live_server, staff, tmp_path):
    base = live_server.url
    now = timezone.localtime()
    start, end = now - timezone.timedelta(minutes=30), now + timezone.timedelta(hours=4)

    # 工程部主管 asks for the technician's visit.
    asker = session(browser, base, "zhangwei")
    asker.goto(f"{base}/machineroom/requests/new/")
    asker.locator("#id_room").select_option(label="信息中心机房")
    asker.locator("#id_kind").select_option("visit")
    asker.locator("#id_organisation").fill("中国电信重庆分公司")
    asker.locator("#id_applicant").fill("刘工")
    asker.locator("#id_phone").fill("13996001234")
    asker.locator("#id_people").fill("刘工")
    asker.locator("#id_purpose").fill("更换光纤接入设备")
    asker.locator("#id_starts_at").fill(start.strftime("%Y-%m-%dT%H:%M"))
    asker.locator("#id_ends_at").fill(end.strftime("%Y-%m-%dT%H:%M"))
    asker.locator("#id_escort").select_option(label=str(staff["maintainer"]))
    asker.get_by_role("button", name="提交").click()
    expect(asker.get_by_test_id("state")).to_have_text("待审批")
    asker.context.close()

    # 信息中心负责人 approves from his inbox.
    head = session(browser, base, "zhouming")
    head.goto(f"{base}/machineroom/approvals/")
    head.get_by_test_id("approvals").get_by_text("中国电信重庆分公司").click()
    step(head, "approve").get_by_role("button", name="批准").click()
    expect(head.get_by_test_id("state")).to_have_text("已批准")
    head.context.close()

    # 机房维护员 at the desk, on a phone.
    desk = session(browser, base, "wulei", phone=True)
    desk.goto(f"{base}/machineroom/")
    desk.get_by_role("button", name="登记进入信息中心机房").click()
    inside = desk.get_by_test_id("inside")
    expect(inside).to_contain_text(str(staff["maintainer"]))
    card = desk.locator("[data-request]").first
    card.get_by_role("button", name="登记进入").click()
    expect(inside).to_contain_text("刘工")
    expect(inside).to_contain_text("陪同人员")
    # The technician carries the old device out: inspected and recorded against his visit.
    inside.locator(".list-group-item", has_text="刘工").get_by_role("link", name="物品进出").click()
    desk.get_by_role("combobox", name="进出").select_option("out")
    desk.get_by_role("textbox", name="物品").fill("旧光猫")
    desk.get_by_label("型号或序列号").fill("HG8245H")
    desk.get_by_role("button", name="登记").click()
    expect(desk.get_by_test_id("inside")).to_contain_text("刘工")
    visit = Visit.objects.get(name="刘工")
    assert ItemMovement.objects.get().visit == visit
    # Out again.
    desk.get_by_test_id("inside").locator(".list-group-item", has_text="刘工").get_by_role(
        "button", name="登记离开").click()
    expect(desk.get_by_test_id("inside")).not_to_contain_text("刘工")
    desk.screenshot(path=tmp_path / "desk-375.png", full_page=True)  # renders at phone width
    desk.context.close()
    visit.refresh_from_db()
    assert visit.left_at is not None and visit.escort == staff["maintainer"]
