"""Browser journey of the control room (issue: registers): a department's outage recorded and
found in one search on the "now" board, a caller's question answered from it, and the shift
handed over to the night processor, who accepts it on a phone. Chinese UI, Debian's Chromium."""

import pytest
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import Department
from tests.conftest import make_person

from .test_servicedesk_journey import session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(org, root):
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    return {
        "day": make_person(root, "wangfang", Role.PROCESSOR, site=site),
        "night": make_person(root, "zhaomin", Role.PROCESSOR, site=site),
        "head": make_person(root, "zhangwei", Role.DEPT_HEAD, site=site, department=gc),
        "manager": make_person(root, "liuting", Role.CS_MANAGER, site=site),
    }


def test_log_control_room_journey(browser, live_server, staff):
    base = live_server.url
    # 工程部主管 reports a power cut in building 1 himself (in the system).
    head = session(browser, base, "zhangwei")
    head.goto(f"{base}/logbook/registry/new/")
    head.get_by_label("类型").select_option("power_outage")
    head.get_by_label("标题").fill("1栋配电柜检修停电")
    head.get_by_label("1栋").check()
    head.get_by_role("button", name="登记").click()
    expect(head.locator('[data-testid="in-force"]')).to_be_visible()
    head.context.close()

    # 信息处理员: a caller asks whether building 1 has power; one search answers.
    day = session(browser, base, "wangfang")
    day.goto(f"{base}/logbook/registry/")
    day.locator("#now-q").fill("1栋停电")
    day.keyboard.press("Enter")
    board = day.locator('[data-testid="now-board"]')
    expect(board).to_contain_text("1栋配电柜检修停电")
    day.locator("#now-q").fill("1栋停水")
    day.keyboard.press("Enter")
    expect(board).to_contain_text("当前没有与“1栋停水”相符的生效信息")
    # The call goes into the phone log in one line.
    day.goto(f"{base}/logbook/calls/")
    expect(day.locator("#id_number")).to_be_focused()
    day.keyboard.type("13800138000")
    call_form = day.get_by_test_id("call-form")
    call_form.get_by_label("来电人").fill("张三")
    call_form.get_by_label("事由").fill("询问1栋何时恢复供电")
    call_form.get_by_label("处理情况").fill("已告知检修至下午")
    call_form.get_by_role("button", name="登记电话").click()
    expect(day.locator("table")).to_contain_text("询问1栋何时恢复供电")

    # The day processor hands over to the night processor; the open outage is carried over.
    day.goto(f"{base}/logbook/handovers/")
    expect(day.locator('[data-section="entries"]')).to_contain_text("1栋配电柜检修停电")
    day.get_by_label("交给").select_option(label="测试zhaomin")
    day.get_by_label("班次").fill("白班 08:00–20:00")
    day.get_by_role("button", name="交班").click()
    expect(day.locator('[data-testid="state"]')).to_have_text("已交班，待接班")
    day.context.close()

    # The night processor accepts it on a phone.
    night = session(browser, base, "zhaomin", phone=True)
    night.get_by_role("link", name="待我接班的交接班记录").or_(
        night.locator("a", has_text="-JB-")
    ).first.click()
    expect(night.locator('[data-section="entries"]')).to_contain_text("1栋配电柜检修停电")
    night.get_by_label("接班意见").fill("已清点钥匙、对讲机")
    night.get_by_role("button", name="确认接班").click()
    expect(night.locator('[data-testid="state"]')).to_have_text("已接班")
    night.get_by_role("link", name="打印 F1").click()
    night.context.close()
