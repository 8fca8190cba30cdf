"""Browser journey of a change (MR-7, MR-8): the maintainer writes a major central-data change, the
IT staff member comments from a phone, the information-center head approves it from his approvals
inbox, and the maintainer, on a phone, records the backup, starts, records what he did and the
outcome; the page then offers the confirmation of correct running. Chinese UI, Debian's Chromium.
Steps are found by their ``data-step`` (their wording is the translators')."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.machineroom.choices import ChangeState
from infocenter.machineroom.models import ChangeRequest
from tests.conftest import make_person

from .test_servicedesk_journey import session, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(org, root):
    site = org["a"]
    return {
        "head": make_person(root, "zhouming", Role.IC_HEAD, site=site),
        "maintainer": make_person(root, "wulei", Role.MR_MAINTAINER, site=site),
        "it": make_person(root, "zhenghao", Role.IT_STAFF, site=site),
    }


def _do(page, name, **fields):
    form = step(page, name)
    for field, value in fields.items():
        form.locator(f"[name={field}]").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_mr7_mr8_major_central_data_change_from_request_to_outcome(browser, live_server, staff):
    base = live_server.url
    start = timezone.localtime() + timezone.timedelta(hours=1)

    writer = session(browser, base, "wulei")
    writer.goto(f"{base}/machineroom/changes/new/")
    writer.locator("#id_kind").select_option("major")
    writer.locator("#id_title").fill("收费系统数据库字段扩容")
    writer.locator("#id_system").fill("物业收费系统数据库")
    writer.locator("#id_planned_start").fill(start.strftime("%Y-%m-%dT%H:%M"))
    writer.locator("#id_planned_end").fill(
        (start + timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    writer.locator("#id_implementer").select_option(label=str(staff["maintainer"]))
    writer.locator("#id_plan").fill("停服务，执行扩容脚本，校验账单")
    writer.locator("#id_central_data").check()
    writer.locator("#id_not_experimental").check()
    writer.locator("button[name=submit]").click()
    # Refused: a major change has its rollback plan and spare parts; the input is kept.
    expect(writer.locator("#id_title")).to_have_value("收费系统数据库字段扩容")
    expect(writer.locator(".invalid-feedback", has_text="回退方案").first).to_be_visible()
    writer.locator("#id_rollback_plan").fill("用变更前全库备份恢复")
    writer.locator("#id_spare_parts").fill("无需")
    writer.locator("#id_not_experimental").check()
    writer.locator("button[name=submit]").click()
    expect(step(writer, "comment")).to_be_visible()
    expect(step(writer, "approve")).to_have_count(0)
    change = ChangeRequest.objects.get()
    assert change.state == ChangeState.DISCUSSION
    writer.context.close()

    colleague = session(browser, base, "zhenghao", phone=True)
    colleague.goto(f"{base}/machineroom/changes/{change.pk}/")
    _do(colleague, "comment", text="建议收费系统停用前在业主群发通知")
    expect(colleague.get_by_test_id("discussion")).to_contain_text("业主群")
    colleague.context.close()

    head = session(browser, base, "zhouming")
    head.goto(f"{base}/machineroom/approvals/")
    head.get_by_test_id("approvals").get_by_text("收费系统数据库字段扩容").click()
    _do(head, "approve", note="同意，务必先备份")
    expect(step(head, "approve")).to_have_count(0)
    head.context.close()

    doer = session(browser, base, "wulei", phone=True)
    doer.goto(f"{base}/machineroom/changes/{change.pk}/")
    _do(doer, "start")
    expect(step(doer, "start").locator(".alert-danger")).to_contain_text(
        "须先备份"
    )  # refused: no backup yet
    _do(doer, "backup", reference="全库导出 fee.dmp，存 NAS /backup/fee/")
    expect(doer.get_by_test_id("central-data")).to_contain_text("fee.dmp")
    _do(doer, "start")
    _do(doer, "operation", text="执行扩容脚本 alter_fee.sql，抽查账单一致")
    expect(doer.get_by_test_id("timeline")).to_contain_text("alter_fee.sql")
    step(doer, "finish").locator("[name=outcome]").select_option("success")
    _do(doer, "finish")
    expect(doer.get_by_test_id("outcome")).to_be_visible()
    expect(step(doer, "confirm")).to_be_visible()
    doer.context.close()
    change.refresh_from_db()
    assert change.state == ChangeState.DONE and change.operations.count() == 1
