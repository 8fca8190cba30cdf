"""Browser journey (issue 14 item 2, SD-1 + SD-5): a processor logs and dispatches a call without
touching the mouse. Focus starts in 电话; typing the number finds the caller in the register;
↓ and Enter pick them; the flat is typed and picked the same way; Enter moves on field by
field; the department is suggested from the category and the site's assistant pre-selected;
Ctrl+S logs and dispatches (登记并派工). Only keyboard.press and keyboard.type drive the page."""

import pytest
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import FormState, OrderState
from infocenter.servicedesk.models import ServiceForm
from tests.browser.test_servicedesk_journey import session
from tests.conftest import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ux2_keyboard_only_log_and_dispatch(browser, live_server, org, root):
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    processor = make_person(root, "wangfang", Role.PROCESSOR, site=site)
    make_person(root, "zhangwei", Role.DEPT_HEAD, site=site, department=gc)
    assistant = make_person(root, "lina", Role.CS_ASSISTANT, site=site)
    manager = make_person(root, "chenjing", Role.CS_MANAGER, site=site)
    zhang = services.add_resident(processor, site=site, name="张三", phone="13800138000")
    # the site's habit: repairs go to 工程部
    services.log_and_dispatch(
        processor,
        site=site,
        source="phone",
        reporter_kind="staff",
        reporter_name="保安",
        reporter_phone="",
        category="repair",
        content="门禁坏了",
        department=gc,
        assistant=assistant,
    )

    p = session(browser, live_server.url, "wangfang")
    p.goto(f"{live_server.url}/servicedesk/intake/")
    expect(p.locator("#id_reporter_phone")).to_be_focused()
    assistants = p.locator("#id_assistant option")
    expect(p.locator("#id_assistant")).to_have_value(str(assistant.pk))
    expect(assistants.filter(has_text=manager.full_name)).to_have_count(0)

    # the caller, found by the number as it is typed and picked with ↓ and Enter
    p.keyboard.type("1380013")
    match = p.locator("#lookup [data-resident]")
    expect(match.first).to_contain_text("张三")
    p.keyboard.press("ArrowDown")
    expect(match.first).to_have_attribute("aria-selected", "true")
    p.keyboard.press("Enter")
    expect(p.locator("#id_reporter_name")).to_have_value("张三")
    expect(p.locator("#id_reporter_phone")).to_have_value("13800138000")
    # no flat on record: focus goes to the room, typed as the caller says it
    expect(p.locator("#id_room_text")).to_be_focused()
    p.keyboard.type("1-1-20")
    expect(p.locator("#room-options [role=option]").first).to_have_text("1栋1单元201")
    p.keyboard.press("Enter")
    expect(p.locator("#id_room_text")).to_have_value("1栋1单元201")

    # Enter moves on, field by field, to the content
    for field in ("reporter_kind", "source", "location", "category", "priority", "major"):
        p.keyboard.press("Enter")
        expect(p.locator(f"#id_{field}")).to_be_focused()
    expect(p.locator("#id_category")).to_have_value("repair")
    p.keyboard.press("Enter")
    expect(p.locator("#id_content")).to_be_focused()
    p.keyboard.type("厨房水管爆了，水漫到客厅")
    # the department suggested for repairs, the assistant pre-selected
    p.keyboard.press("Tab")
    expect(p.locator("#id_department")).to_be_focused()
    expect(p.locator("#id_department")).to_have_value(str(gc.pk))
    expect(p.locator("#department-suggested")).to_be_visible()
    p.keyboard.press("Enter")
    expect(p.locator("#id_assistant")).to_be_focused()
    p.keyboard.press("Enter")
    expect(p.locator("#id_instructions")).to_be_focused()
    p.keyboard.type("带上管钳")
    p.keyboard.press("Control+s")  # 登记并派工, a department being chosen

    p.wait_for_url("**/servicedesk/forms/*/")
    expect(p.locator(".alert-success, [role=alert]").first).to_contain_text("已登记并派工给工程部")
    form = ServiceForm.objects.get(resident=zhang)
    order = form.orders.get()
    assert form.state == FormState.DISPATCHED and form.room.number == "201"
    assert order.state == OrderState.DISPATCHED and order.department == gc
    assert order.assistant == assistant and order.instructions == "带上管钳"
    assert form.content == "厨房水管爆了，水漫到客厅"
