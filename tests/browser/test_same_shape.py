"""Browser checks of issue 14, item 9: an out-of-range inspection reading warns while it is
typed, before saving opens a work order; the power permit is approved with the same buttons as
every other approval (no disclosure triangle)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import User
from infocenter.machineroom.services import access, inspections, safety

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in(browser, base, user, *, phone=False):
    size = {"width": 375, "height": 740} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(locale="zh-CN", viewport=size, is_mobile=phone, has_touch=phone)
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@pytest.fixture
def room(root, org):
    return access.add_room(root, site=org["a"], name="中心机房", location="物业楼三楼")


def test_ux9_out_of_range_reading_warns_while_typed(browser, live_server, people, org, room):
    maintainer = people[Role.MR_MAINTAINER]
    checklist = inspections.add_checklist(
        maintainer, site=org["a"], name="机房日常巡检", target="area", room=room
    )
    inspections.add_checklist_item(
        maintainer,
        checklist,
        version=checklist.version,
        label="机房温度",
        kind="reading",
        unit="℃",
        min_value=Decimal(18),
        max_value=Decimal(27),
    )
    checklist.refresh_from_db()
    record = inspections.start_round(maintainer, checklist=checklist)
    page = logged_in(browser, live_server.url, maintainer, phone=True)
    page.goto(live_server.url + reverse("machineroom:round", args=[record.pk]))
    reading = page.locator("input[data-reading-warning]")
    warning = page.get_by_test_id("reading-warning")
    expect(warning).to_be_hidden()
    reading.press_sequentially("31")
    expect(warning).to_be_visible()
    expect(warning).to_have_text("超出范围 18–27 ℃，保存后将生成工单")
    reading.fill("")
    reading.press_sequentially("22.5")
    expect(warning).to_be_hidden()
    reading.fill("")
    reading.press_sequentially("9")
    expect(warning).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_ux9_power_permit_approved_with_buttons(browser, live_server, people, room):
    now = timezone.now()
    permit = safety.request_power(
        people[Role.DEPT_HEAD],
        room=room,
        equipment="工业热风机",
        watts=2000,
        supply="检修电源箱",
        reason="除湿",
        lines_checked=True,
        starts_at=now + dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=5),
    )
    page = logged_in(browser, live_server.url, people[Role.IC_HEAD])
    page.goto(live_server.url + reverse("machineroom:permit", args=["power", permit.pk]))
    assert page.locator("details").count() == 0
    approve = page.locator('form[data-step="approve"]')
    expect(approve.get_by_role("button", name="批准")).to_be_visible()
    expect(page.locator('form[data-step="refuse"]').get_by_role("button")).to_be_visible()
    with page.expect_navigation():
        approve.get_by_role("button", name="批准").click()
    expect(page.locator("h1 + .badge")).to_have_text("已批准")
    expect(page.get_by_test_id("timeline")).to_contain_text("批准")


def test_ux8_permits_opened_from_the_inbox_lead_to_the_next_item(
    browser, live_server, people, room, org
):
    """The head works through the approvals inbox: approving a power permit opens the next
    permit, refusing that one opens the security report after it, acknowledged the same way;
    the last item stays on its own page."""
    from infocenter.machineroom.services import security

    now = timezone.now()
    first, second = (
        safety.request_power(
            people[Role.DEPT_HEAD],
            room=room,
            equipment=name,
            watts=2000,
            supply="检修电源箱",
            reason="除湿",
            lines_checked=True,
            starts_at=now + dt.timedelta(hours=n),
            ends_at=now + dt.timedelta(hours=n + 4),
        )
        for n, name in ((1, "工业热风机"), (2, "临时照明"))
    )
    report = security.report_security(
        people[Role.MR_MAINTAINER],
        site=org["a"],
        kind="weakness",
        description="机柜门锁损坏",
        remedy="更换门锁",
    )
    page = logged_in(browser, live_server.url, people[Role.IC_HEAD])
    page.goto(live_server.url + reverse("machineroom:approvals"))
    page.get_by_test_id("queue-row").first.get_by_role(
        "link", name=first.serial, exact=False
    ).click()
    page.wait_for_url(f"**/permits/power/{first.pk}/?queue=approvals")
    expect(page.get_by_test_id("next-item")).to_be_visible()
    with page.expect_navigation():
        page.locator('form[data-step="approve"]').get_by_role("button", name="批准").click()
    page.wait_for_url(f"**/permits/power/{second.pk}/?queue=approvals")
    expect(page.locator(".alert")).to_contain_text("批准")
    refuse = page.locator('form[data-step="refuse"]')
    refuse.locator("textarea").fill("功率过大")
    with page.expect_navigation():
        refuse.get_by_role("button").click()
    page.wait_for_url(f"**/security/{report.pk}/?queue=approvals")
    acknowledge = page.locator('form[data-step="acknowledge"]')
    acknowledge.locator("textarea").fill("已安排更换")
    with page.expect_navigation():
        acknowledge.get_by_role("button", name="签收").click()
    assert page.url.endswith(reverse("machineroom:report", args=[report.pk]))
    expect(page.locator("h1 + .badge")).to_have_text("已签收")
    first.refresh_from_db(), second.refresh_from_db(), report.refresh_from_db()
    assert (first.state, second.state) == ("approved", "refused")
    assert report.response == "已安排更换"
