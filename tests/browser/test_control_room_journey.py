"""Browser journey of issue 12's control room, through the pages only, each role as itself: a
staff member files a form from a 375 px phone (SD-17); the processor confirms its receipt,
corrects its category with a reason (SD-3) and dispatches it; the department returns the order
for missing parts and the matter stays open (SD-12, SD-13); the processor re-dispatches it; the
technician finishes it with no customer to sign (SD-8); the assistant verifies; the order is
struck in the register (消档); the callback is recorded (SD-10); the week is handed over; the
data manager returns it naming a problem, the responsible person fixes it from the corrections
queue, and the next hand-over is archived (SD-12, SD-16). Chinese UI, Debian's Chromium."""

import pytest
import time_machine
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.core.models import AuditEvent, Department
from infocenter.servicedesk.models import ServiceForm
from tests.conftest import make_person

from .test_servicedesk_journey import SATURDAY, session, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(org, root):
    site = org["a"]
    gc = Department.objects.get(site=site, code="gc")
    hj = Department.objects.get(site=site, code="hj")
    return {
        "filer": make_person(root, "luofang", Role.DEPT_STAFF, site=site, department=hj),
        "processor": make_person(root, "wangfang", Role.PROCESSOR, site=site),
        "head": make_person(root, "zhangwei", Role.DEPT_HEAD, site=site, department=gc),
        "tech": make_person(root, "zhaoqiang", Role.DEPT_STAFF, site=site, department=gc),
        "assistant": make_person(root, "lina", Role.CS_ASSISTANT, site=site),
        "archivist": make_person(root, "sunli", Role.DATA_MANAGER, site=site),
    }


def dispatch(page, name, assistant):
    """Fill the (re-)dispatch step ``name`` of the form page and send it."""
    form = step(page, name)
    form.locator("select[name=department]").select_option(label="工程部")
    form.locator("select[name=assistant]").select_option(label=assistant.full_name)
    form.get_by_role("button").click()
    page.wait_for_load_state()


def test_sd3_sd8_sd12_sd17_control_room_journey(browser, live_server, staff):
    base = live_server.url
    with time_machine.travel(SATURDAY, tick=True):
        # 环境部保洁 on a 375 px phone files a 客户服务单 (SD-17), as a suggestion.
        phone = session(browser, base, "luofang", phone=True)
        phone.goto(f"{base}/servicedesk/submit/")
        phone.locator("#id_category").select_option("suggestion")
        phone.locator("#id_content").fill("地下车库照明灯有三盏不亮，夜间行人看不清")
        phone.locator("#id_location").fill("地下车库")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        phone.get_by_role("button", name="提交中控室").click()
        expect(phone).to_have_url(f"{base}/servicedesk/mine/")
        record = ServiceForm.objects.get(filed_by__username="luofang")
        serial, form_url = record.serial, f"{base}/servicedesk/forms/{record.pk}/"
        expect(phone.get_by_test_id("mine")).to_contain_text("待签收")

        # 信息处理员: confirms receipt, corrects the category (SD-3), dispatches.
        p = session(browser, base, "wangfang")
        p.get_by_role("link", name=serial, exact=False).first.click()
        step(p, "confirm_receipt").get_by_role("button").click()
        expect(p.get_by_test_id("filer")).to_contain_text("签收人")
        p.get_by_test_id("correct").click()
        p.locator("#id_category").select_option("repair")
        p.locator("#id_reason").fill("实为报修，类别选错")
        p.get_by_role("button", name="保存更正").click()
        expect(p).to_have_url(form_url)
        expect(p.locator("body")).to_contain_text("实为报修，类别选错")
        dispatch(p, "dispatch", staff["assistant"])
        first = p.locator("a", has_text="-PG-").first.inner_text()
        first_url = p.locator("a", has_text="-PG-").first.get_attribute("href")

        # 工程部主管: acknowledges, then returns it for missing parts (SD-13).
        h = session(browser, base, "zhangwei")
        h.goto(f"{base}{first_url}")
        step(h, "acknowledge").get_by_role("button").click()
        expect(h.get_by_test_id("state")).to_have_text("已签收")
        step(h, "return").locator("[name=reason]").fill("缺配件：LED灯管需采购")
        step(h, "return").get_by_role("button").click()
        expect(h.get_by_test_id("state")).to_have_text("已退回")

        # The matter stays open (SD-12): not struck in the register, shown returned.
        p.goto(f"{base}/servicedesk/register/")
        row = p.locator("tr", has_text=serial)
        expect(row.get_by_test_id("returned")).to_be_visible()
        expect(row.locator("a.struck")).to_have_count(0)
        expect(row).to_contain_text("退单未完成")
        p.goto(form_url)
        expect(p.get_by_test_id("unfinished")).to_be_visible()
        expect(p.locator('form[data-step="callback"]')).to_have_count(0)
        dispatch(p, "redispatch", staff["assistant"])
        second = p.locator("a", has_text="-PG-").filter(has_not_text=first).first
        second_serial, order_url = second.inner_text(), f"{base}{second.get_attribute('href')}"
        expect(p.get_by_test_id("unfinished")).to_have_count(0)

        # 主管 staffs the new order; the technician finishes it on his phone: nobody to sign.
        h.goto(order_url)
        step(h, "acknowledge").get_by_role("button").click()
        assign = step(h, "assign")
        assign.locator("select[name=assignee]").select_option(label=staff["tech"].full_name)
        assign.get_by_role("button").click()
        expect(h.get_by_test_id("state")).to_have_text("已安排人员")
        t = session(browser, base, "zhaoqiang", phone=True)
        t.goto(order_url)
        step(t, "start").get_by_role("button").click()
        report = step(t, "report")
        report.locator("textarea[name=result]").fill("已更换三支LED灯管，照明恢复")
        report.locator("select[name=unsigned]").select_option("public_area")
        report.locator("[name=unsigned_note]").fill("地下车库公共区域，无业主")
        report.get_by_role("button", name="反馈结果").click()
        expect(t.get_by_test_id("state")).to_have_text("已反馈结果")
        assert t.evaluate("document.documentElement.scrollWidth") <= 375

        # 客服助理 verifies; the processor strikes it in the register (消档).
        a = session(browser, base, "lina")
        a.goto(order_url)
        step(a, "verify").get_by_role("button").click()
        expect(a.get_by_test_id("state")).to_have_text("已核实")
        p.goto(order_url)
        step(p, "close").get_by_role("button").click()
        expect(p.get_by_test_id("state")).to_have_text("已消档")
        p.goto(f"{base}/servicedesk/register/")
        row = p.locator("tr", has_text=serial)
        expect(row.locator("a.struck", has_text=second_serial)).to_be_visible()
        expect(row.locator("a.struck", has_text=first)).to_have_count(0)

        # 客服助理: the callback, customer and filer told.
        a.goto(form_url)
        callback = step(a, "callback")
        callback.locator("select[name=outcome]").select_option("satisfied")
        callback.locator("select[name=satisfaction]").select_option("5")
        callback.locator("[name=filer_told]").check()
        callback.get_by_role("button").click()
        expect(a.get_by_test_id("state")).to_have_text("已回访")

        # The week handed over; the data manager returns it naming a problem on the form.
        p.goto(f"{base}/servicedesk/archive/")
        p.get_by_role("button", name="移交").click()
        p.wait_for_url("**/servicedesk/archive/*/")
        batch_url = p.url
        d = session(browser, base, "sunli")
        d.goto(batch_url)
        returning = d.get_by_test_id("return-form")
        returning.locator(f'input[name="problem_f{record.pk}"]').fill("地点不具体：未写明楼栋")
        returning.get_by_role("button", name="退回更正").click()
        expect(d.get_by_test_id("batch-problems")).to_contain_text("未写明楼栋")

        # The person responsible (who confirmed its receipt) fixes it from the queue.
        p.goto(f"{base}/servicedesk/corrections/?mine=true")
        problem = p.get_by_test_id("problem").filter(has_text="未写明楼栋")
        problem.get_by_role("link", name="去更正").click()
        p.locator("#id_location").fill("2栋地下车库B区")
        p.locator("#id_reason").fill("资料员退回：补写楼栋")
        p.get_by_role("button", name="保存更正").click()
        expect(p).to_have_url(form_url)
        p.goto(f"{base}/servicedesk/corrections/?mine=true")
        problem = p.get_by_test_id("problem").filter(has_text="未写明楼栋")
        problem.locator('input[name="note"]').fill("已补写楼栋")
        problem.get_by_role("button", name="标记已改正").click()
        expect(p.locator(".alert-success")).to_contain_text("未写明楼栋")

        # The next hand-over carries it again, and the data manager archives it.
        p.goto(f"{base}/servicedesk/archive/")
        p.get_by_role("button", name="移交").click()
        p.wait_for_url("**/servicedesk/archive/*/")
        assert p.url != batch_url
        expect(p.locator("main")).to_contain_text(serial)
        d.goto(p.url)
        d.get_by_role("button", name="审核通过并归档").click()
        expect(d.get_by_test_id("state")).to_have_text("已审核归档")
        d.goto(form_url)
        expect(d.get_by_test_id("state")).to_have_text("已归档")
        expect(d.locator("body")).to_contain_text("2栋地下车库B区")

    # Each role acted as itself, through the pages.
    actors = dict(
        AuditEvent.objects.filter(kind__in=("order.return", "order.report")).values_list(
            "kind", "actor__username"
        )
    )
    assert actors == {"order.return": "zhangwei", "order.report": "zhaoqiang"}
