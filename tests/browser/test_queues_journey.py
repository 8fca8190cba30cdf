"""Browser journey through the queues (issue 14 items 1 and 8): the department head finds the
urgent order first and marked, acts on it and lands on the next order of the inbox; the
processor closes two verified orders in the register at once. Chinese UI, Debian's Chromium."""

import pytest
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department, Room
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import OrderState, Priority
from infocenter.servicedesk.models import WorkOrder
from tests.conftest import make_person
from tests.servicedesk.conftest import PNG

from .test_servicedesk_journey import session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(org, root):
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    return {
        "processor": make_person(root, "wangfang", Role.PROCESSOR, site=site),
        "head": make_person(root, "zhangwei", Role.DEPT_HEAD, site=site, department=gc),
        "tech": make_person(root, "zhaoqiang", Role.DEPT_STAFF, site=site, department=gc),
        "assistant": make_person(root, "lina", Role.CS_ASSISTANT, site=site),
        "gc": gc,
    }


def dispatched(staff, org, content, *, priority=Priority.NORMAL):
    room = Room.objects.filter(unit__building__site=org["a"]).first()
    form = services.log_form(
        staff["processor"],
        site=org["a"],
        source="phone",
        reporter_kind="owner",
        reporter_name="张三",
        reporter_phone="13800138000",
        category="repair",
        content=content,
        room=room,
        priority=priority,
    )
    return services.dispatch_order(
        staff["processor"],
        form,
        version=form.version,
        department=staff["gc"],
        assistant=staff["assistant"],
    )


def verified(staff, order):
    head, tech = staff["head"], staff["tech"]
    order = services.assign_order(head, order, version=order.version, assignee=tech)
    order = services.start_order(tech, order, version=order.version)
    order = services.report_result(
        tech, order, version=order.version, result="已修复", signature_png=PNG
    )
    return services.verify_order(staff["assistant"], order, version=order.version)


def test_ux_queues_urgent_first_next_item_and_closing_several(browser, live_server, staff, org):
    base = live_server.url
    first = dispatched(staff, org, "门禁坏了")
    second = dispatched(staff, org, "路灯不亮")
    urgent = dispatched(staff, org, "电梯困人", priority=Priority.URGENT)
    done = [verified(staff, dispatched(staff, org, f"已修好的漏水 {n}")) for n in (1, 2)]

    # 部门负责人: the urgent order is first and marked; acting on it opens the next one.
    p = session(browser, base, "zhangwei")
    p.goto(f"{base}/servicedesk/inbox/")
    top = p.get_by_test_id("queue-row").first
    expect(top).to_contain_text(urgent.serial)
    expect(top.get_by_test_id("urgent")).to_be_visible()
    expect(top.get_by_test_id("countdown").first).to_contain_text("安排时限")
    top.get_by_role("link", name=urgent.serial).click()
    p.wait_for_url(f"**/servicedesk/orders/{urgent.pk}/?queue=inbox")
    expect(p.get_by_test_id("next-item")).to_be_visible()
    p.locator('form[data-step="acknowledge"] button[type=submit]').click()
    p.wait_for_url(f"**/servicedesk/orders/{first.pk}/?queue=inbox")
    expect(p.locator("h1")).to_contain_text(first.serial)
    assert WorkOrder.objects.get(pk=urgent.pk).state == OrderState.ACKNOWLEDGED
    expect(p.get_by_test_id("next-item")).to_have_attribute(
        "href", f"/servicedesk/orders/{second.pk}/?queue=inbox"
    )

    # The filter box's words combine with "urgent only", and a saved filter keeps both.
    p.goto(f"{base}/servicedesk/inbox/")
    p.locator("#q-text").fill("电梯")
    p.locator("#q-urgent").check()
    p.get_by_test_id("queue-filter").get_by_role("button").click()
    p.wait_for_url("**/servicedesk/inbox/?q=*")
    expect(p.get_by_test_id("queue-row")).to_have_count(1)
    expect(p.get_by_test_id("queue")).to_contain_text(urgent.serial)
    save = p.get_by_test_id("save-filter")
    save.locator("input[name=name]").fill("电梯急修")
    save.get_by_role("button").click()
    p.goto(f"{base}/servicedesk/inbox/")
    expect(p.get_by_test_id("queue-row")).to_have_count(3)
    p.get_by_test_id("saved-filter").filter(has_text="电梯急修").click()
    expect(p.get_by_test_id("queue-row")).to_have_count(1)
    expect(p.locator("#q-text")).to_have_value("电梯")
    expect(p.locator("#q-urgent")).to_be_checked()

    # 信息处理员: two verified orders closed in the register (消档) at once.
    p = session(browser, base, "wangfang")
    p.goto(f"{base}/servicedesk/to-close/")
    for order in done:
        p.get_by_test_id("queue-row").filter(has_text=order.serial).locator(
            "input[type=checkbox]"
        ).check()
    p.get_by_test_id("close-several").click()
    p.wait_for_url("**/servicedesk/to-close/")
    expect(p.locator(".alert-success")).to_contain_text(f"{done[0].serial}、{done[1].serial}")
    expect(p.get_by_test_id("queue")).not_to_contain_text(done[0].serial)
    assert {o.state for o in WorkOrder.objects.filter(pk__in=[o.pk for o in done])} == {
        OrderState.CLOSED
    }
