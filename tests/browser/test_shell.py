"""Browser journey of the shell: the information processor logs in and sees the Chinese home
page (X-6), on a desktop and on a 375-px phone, with local assets only."""

import re

import pytest
from playwright.sync_api import expect

from infocenter.core import services
from infocenter.core.choices import Role
from tests.conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def processor(org, root):
    person = make_person(root, "wangfang", Role.PROCESSOR, site=org["a"])
    services.send_message(root, recipients=[person], subject="欢迎使用信息中心综合管理平台")
    from infocenter.core import worker

    worker.run_once(echo=lambda _: None)
    return person


def log_in(page, base_url, username):
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_x6_processor_logs_in_and_sees_the_chinese_home_page(page, live_server, processor):
    log_in(page, live_server.url, "wangfang")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "您好" in page.locator("h1").inner_text()
    assert "信息处理员" in page.locator("main").inner_text()
    panel = page.locator('[data-panel="notifications"]')
    assert "欢迎使用信息中心综合管理平台" in panel.inner_text()
    # Bootstrap's script is loaded locally: the user menu opens.
    page.get_by_test_id("user-menu").click()
    assert page.get_by_role("button", name="退出登录").is_visible()


def test_x8_wrong_password_shows_the_reason(page, live_server, processor):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("wangfang")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert "请输入一个正确的" in page.locator(".alert-danger").inner_text()


def test_ux_home_fits_a_375px_phone(browser, live_server, processor):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    log_in(page, live_server.url, "wangfang")
    page.wait_for_url(f"{live_server.url}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="菜单").click()
    # The menu slides open; its entries move until it is open, and a click whose press and
    # release land on different entries opens nothing.
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_role("button", name="系统设置").click()
    page.get_by_role("link", name="工作日历").wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_x6_language_switch_to_english(page, live_server, processor):
    log_in(page, live_server.url, "wangfang")
    page.wait_for_url(f"{live_server.url}/")
    with page.expect_navigation():
        page.get_by_label("语言").select_option("en")
    expect(page.locator("h1")).to_contain_text("Hello")
    expect(page.get_by_label("Language")).to_have_value("en")
