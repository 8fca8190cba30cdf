"""Browser journeys of the machine room. MR-2, MR-3: the engineering head asks for a telecom
technician's visit, the information-center head approves it from his approvals inbox, and the
maintainer at the desk, on a phone, signs himself in, signs the technician in with his escort
(only names on the request are offered), records the old device carried out against the visit,
and signs him out. MR-9: the maintainer on a phone does today's round, a hot machine room opens a
work order, and the order's page leads back to the round. Chinese UI, Debian's Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department
from infocenter.machineroom.models import ItemMovement, Visit
from infocenter.machineroom.services import access as services
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


def test_mr_visitor_approved_escorted_in_and_carrying_an_item_out(
    browser, live_server, staff, tmp_path
):
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
        "button", name="登记离开"
    ).click()
    expect(desk.get_by_test_id("inside")).not_to_contain_text("刘工")
    desk.screenshot(path=tmp_path / "desk-375.png", full_page=True)  # renders at phone width
    desk.context.close()
    visit.refresh_from_db()
    assert visit.left_at is not None and visit.escort == staff["maintainer"]


def test_mr9_round_on_a_phone_where_a_hot_room_becomes_a_work_order(
    browser, live_server, staff, org, root, tmp_path
):
    from decimal import Decimal

    from PIL import Image

    from infocenter.machineroom.models import MachineRoom
    from infocenter.machineroom.services import inspections
    from infocenter.servicedesk.models import WorkOrder

    site = org["a"]
    make_person(root, "lina", Role.CS_ASSISTANT, site=site)
    room = MachineRoom.objects.get(site=site, name="信息中心机房")
    maintainer = staff["maintainer"]
    checklist = inspections.add_checklist(
        maintainer, site=site, name="机房日常巡检", target="area", room=room
    )
    for label, kind, extra in [
        ("机房温度", "reading", {"unit": "°C", "min_value": Decimal(18), "max_value": Decimal(27)}),
        ("UPS 运行状态", "check", {"photo_required": True}),
        ("灭火器压力", "check", {}),
    ]:
        checklist.refresh_from_db()
        inspections.add_checklist_item(
            maintainer, checklist, version=checklist.version, label=label, kind=kind, **extra
        )
    record = inspections.start_round(maintainer, checklist=checklist)
    ids = {r.label: r.pk for r in record.results.all()}
    photo = tmp_path / "ups.jpg"
    Image.new("RGB", (64, 48), "green").save(photo, "JPEG")

    base = live_server.url
    phone = session(browser, base, "wulei", phone=True)
    phone.goto(f"{base}/machineroom/rounds/")
    phone.get_by_test_id("rounds-today").get_by_role("link").filter(has_text="机房日常巡检").click()
    expect(phone.locator('[data-item="机房温度"]')).to_contain_text("18–27 °C")
    phone.locator(f"#id_r{ids['机房温度']}_reading").fill("31.5")
    phone.locator(f"label[for=id_r{ids['UPS 运行状态']}_outcome_0]").click()
    phone.locator(f"label[for=id_r{ids['灭火器压力']}_outcome_0]").click()
    # Finishing without the UPS photo is refused, with the reason at the item; the input stays.
    phone.locator("button[name=action][value=finish]").click()
    ups = phone.locator('[data-item="UPS 运行状态"]')
    expect(ups.locator(".invalid-feedback")).to_be_visible()
    expect(phone.locator(f"#id_r{ids['机房温度']}_reading")).to_have_value("31.5")
    phone.screenshot(path=tmp_path / "round-refused-375.png", full_page=True)
    # The item's photos go through the one Chinese photo control, several at once from the
    # camera: the browser's own "Choose File" input is hidden behind it.
    pick = ups.get_by_test_id("photo-pick")
    expect(pick).to_have_text("拍照或选择照片")
    expect(pick).to_be_visible()
    field = phone.locator(f"#id_r{ids['UPS 运行状态']}_photo")
    assert field.get_attribute("multiple") is not None
    assert field.get_attribute("capture") == "environment"
    assert field.bounding_box()["width"] <= 1
    second = tmp_path / "ups-2.jpg"
    Image.new("RGB", (64, 48), "blue").save(second, "JPEG")
    field.set_input_files([str(photo), str(second)])
    expect(ups.get_by_test_id("photo-count")).to_have_text("已选择 2 张照片")
    expect(ups.locator(".photo-preview img")).to_have_count(2)
    phone.locator(f"label[for=id_r{ids['UPS 运行状态']}_outcome_0]").click()
    phone.locator("button[name=action][value=finish]").click()
    orders = phone.get_by_test_id("orders")
    expect(orders).to_contain_text("机房温度")
    order = WorkOrder.objects.get()
    expect(orders).to_contain_text(order.serial)
    expect(ups.get_by_test_id("item-photos").locator("img")).to_have_count(2)
    phone.screenshot(path=tmp_path / "round-375.png", full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width  # nothing wider than the phone
    # The work order page (service desk) leads back to the round.
    orders.get_by_role("link", name=order.serial).click()
    back = phone.get_by_test_id("inspection-link")
    expect(back).to_have_text(record.serial)
    expect(phone.locator("body")).to_contain_text("31.5 °C")
    back.click()
    expect(phone.get_by_test_id("state")).to_be_visible()
    assert phone.url.endswith(f"/machineroom/rounds/{record.pk}/")
    phone.context.close()
    assert WorkOrder.objects.count() == 1 and order.department.code == "gc"
