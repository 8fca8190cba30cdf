"""Browser journey of one complaint across the roles (issue: service desk): a call logged,
dispatched, acknowledged, finished with a drawn signature, verified, struck in the register,
called back, archived in the weekly batch. Chinese UI, Debian's Chromium."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department, User
from tests.conftest import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SATURDAY = dt.datetime(2026, 11, 28, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def staff(org, root):
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    return {
        "processor": make_person(root, "wangfang", Role.PROCESSOR, site=site),
        "head": make_person(root, "zhangwei", Role.DEPT_HEAD, site=site, department=gc),
        "tech": make_person(root, "zhaoqiang", Role.DEPT_STAFF, site=site, department=gc),
        "assistant": make_person(root, "lina", Role.CS_ASSISTANT, site=site),
        "archivist": make_person(root, "sunli", Role.DATA_MANAGER, site=site),
    }


def session(browser, base, username, *, phone=False):
    """A browser logged in as ``username``, on the home page. The session is made on the server
    and handed to the browser as its cookie: the log-in form itself is tested in test_shell, and
    filling it in for every person of every journey cost two page loads each."""
    size = {"width": 375, "height": 800} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(locale="zh-CN", viewport=size, is_mobile=phone, has_touch=phone)
    client = Client()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/")
    expect(page.get_by_test_id("user-menu")).to_contain_text(username)
    return page


def step(page, name):
    return page.locator(f'form[data-step="{name}"]')


def test_sd_complaint_journey_across_the_roles(browser, live_server, staff):
    base = live_server.url
    with time_machine.travel(SATURDAY, tick=True):
        # 信息处理员: the call, logged from the keyboard.
        p = session(browser, base, "wangfang")
        p.goto(f"{base}/servicedesk/intake/")
        expect(p.locator("#id_reporter_phone")).to_be_focused()
        p.keyboard.type("13800138000")
        p.keyboard.press("Enter")
        p.keyboard.type("张三")
        p.select_option("#id_category", "complaint")
        p.fill("#id_content", "楼上装修噪音，晚上十点后仍在施工")
        p.locator("#id_content").press("Control+s")
        p.wait_for_url("**/servicedesk/forms/*/")
        serial = p.locator("h1").inner_text().split()[-1]
        dispatch = step(p, "dispatch")
        dispatch.locator("select[name=department]").select_option(label="工程部")
        dispatch.locator("select[name=assistant]").select_option(label=staff["assistant"].full_name)
        dispatch.get_by_role("button", name="派工").click()
        p.wait_for_load_state()
        order_link = p.locator("a", has_text="-PG-").first
        order_serial = order_link.inner_text()
        order_link.click()
        order_url = p.url

        # 部门主管: acknowledge and arrange the technician.
        h = session(browser, base, "zhangwei")
        h.goto(f"{base}/servicedesk/inbox/")
        h.get_by_text(order_serial).click()
        step(h, "acknowledge").get_by_role("button").click()
        expect(h.get_by_test_id("state")).to_have_text("已签收")
        step(h, "assign").locator("select[name=assignee]").select_option(
            label=staff["tech"].full_name
        )
        step(h, "assign").get_by_role("button").click()
        expect(h.get_by_test_id("state")).to_have_text("已安排人员")

        # 维修人员 on a phone: start, write the result, the customer signs on screen.
        t = session(browser, base, "zhaoqiang", phone=True)
        t.goto(order_url)
        step(t, "start").get_by_role("button").click()
        report = step(t, "report")
        report.locator("textarea[name=result]").fill("已与业主沟通，装修方承诺晚八点后停工")
        report.locator("canvas").scroll_into_view_if_needed()
        box = report.locator("canvas").bounding_box()
        t.mouse.move(box["x"] + 20, box["y"] + 40)
        t.mouse.down()
        for i in range(1, 12):
            t.mouse.move(box["x"] + 20 + i * 20, box["y"] + 40 + (i % 3) * 25)
        t.mouse.up()
        report.get_by_role("button", name="反馈结果").click()
        expect(t.get_by_test_id("state")).to_have_text("已反馈结果")
        assert t.evaluate("document.documentElement.scrollWidth") <= 375
        signature = t.request.get(f"{order_url}signature.png")
        assert signature.ok and signature.body()[:4] == b"\x89PNG"

        # 客服助理: verify.
        a = session(browser, base, "lina")
        a.goto(order_url)
        step(a, "verify").get_by_role("button").click()
        expect(a.get_by_test_id("state")).to_have_text("已核实")

        # 信息处理员: strike it in the register (消档).
        p.goto(order_url)
        step(p, "close").get_by_role("button").click()
        expect(p.get_by_test_id("state")).to_have_text("已消档")
        p.goto(f"{base}/servicedesk/register/")
        struck = p.locator("a.struck", has_text=order_serial)
        expect(struck).to_be_visible()
        assert "line-through" in struck.evaluate("e => getComputedStyle(e).textDecorationLine")

        # 客服助理: callback, satisfied.
        a.goto(f"{base}/")
        a.locator('[data-panel="sd_call_back"]').get_by_text(serial).click()
        callback = step(a, "callback")
        callback.locator("select[name=outcome]").select_option("satisfied")
        callback.locator("select[name=satisfaction]").select_option("5")
        callback.get_by_role("button").click()
        expect(a.get_by_test_id("state")).to_have_text("已回访")

        # Weekend: the processor hands the week over, the data manager archives it.
        p.goto(f"{base}/servicedesk/archive/")
        p.get_by_role("button", name="移交").click()
        p.wait_for_url("**/servicedesk/archive/*/")
        expect(p.get_by_text(serial)).to_be_visible()
        d = session(browser, base, "sunli")
        d.goto(p.url)
        d.get_by_role("button", name="审核通过并归档").click()
        expect(d.get_by_test_id("state")).to_have_text("已审核归档")
        d.goto(order_url)
        expect(d.locator("form[data-step]")).to_have_count(0)  # archived: read-only
