"""Browser journey of MR-11: the maintainer, on a phone, records last night's backup on the register
and sees it in the 14-day strip; a request from 区公安分局 is approved in part by the head from his
approvals inbox and fulfilled by the maintainer, who can only record the approved item. Chinese
UI, Debian's Chromium; elements are found by id and test id."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.machineroom.models import BackupResult, DataRequest
from infocenter.machineroom.services import backups, data_access
from tests.conftest import make_person

from .test_servicedesk_journey import session, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(org, root):
    site = org["a"]
    people = {
        "head": make_person(root, "zhouming", Role.IC_HEAD, site=site),
        "maintainer": make_person(root, "wulei", Role.MR_MAINTAINER, site=site),
    }
    people["job"] = backups.add_backup_job(
        people["head"],
        site=site,
        name="收费系统数据库每日备份",
        system="收费系统数据库",
        content="全库备份",
        location="机房 NAS-01",
        custodian=people["maintainer"],
        started_on=timezone.localdate() - dt.timedelta(days=5),
    )
    people["request"] = data_access.request_data_access(
        people["maintainer"],
        site=site,
        organisation="区公安分局",
        applicant="李警官",
        phone="023-67700110",
        purpose="调查电动车被盗案",
        items=["3 栋车库监控录像", "3 栋业主名册"],
    )
    return people


def test_mr11_backup_recorded_on_a_phone_and_data_provided_only_as_approved(
    browser, live_server, staff, tmp_path
):
    base = live_server.url
    job = staff["job"]
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()

    desk = session(browser, base, "wulei", phone=True)
    desk.goto(f"{base}/machineroom/backups/")
    desk.locator(f"#j{job.pk}_day").locator("xpath=ancestor::details").locator("summary").click()
    desk.locator(f"#j{job.pk}_day").fill(yesterday)
    desk.locator(f"#j{job.pk}_outcome").select_option("success")
    desk.locator(f"#j{job.pk}_size").fill("12.5 GB")
    desk.locator(f"#j{job.pk}_size").press("Enter")
    expect(desk.get_by_test_id("strip").first).to_contain_text("✓")
    assert BackupResult.objects.get(job=job).size_bytes == 13421772800
    assert (
        desk.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    )  # nothing wider than the phone
    desk.screenshot(path=tmp_path / "backups-375.png", full_page=True)

    head = session(browser, base, "zhouming")
    head.goto(f"{base}/machineroom/approvals/")
    head.get_by_test_id("approvals").get_by_text("区公安分局").click()
    approve = step(head, "approve")
    approve.locator('input[name="approved_items"][value="2"]').uncheck()
    approve.locator('button[type="submit"]').click()
    expect(head.get_by_test_id("state")).to_have_text(DataRequest.objects.get().get_state_display())
    head.context.close()

    desk.goto(f"{base}/machineroom/data-requests/{staff['request'].pk}/")
    fulfil = step(desk, "fulfil")
    expect(fulfil.locator('select[name="form_2"]')).to_have_count(0)  # not approved: not offered
    fulfil.locator('select[name="form_1"]').select_option("electronic")
    fulfil.locator('input[name="extent_1"]').fill("1 段视频，2 小时")
    fulfil.locator('button[type="submit"]').click()
    expect(desk.get_by_test_id("items")).to_contain_text("1 段视频，2 小时")
    record = DataRequest.objects.get()
    assert record.state == "fulfilled" and record.handed_to == "李警官"
    desk.goto(f"{base}/machineroom/data-requests/{record.pk}/print/")
    expect(desk.locator("h1")).to_be_visible()
    desk.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    desk.screenshot(path=tmp_path / "data-request-a4.png", full_page=True)
    desk.goto(f"{base}/machineroom/backups/print/")
    desk.screenshot(path=tmp_path / "register-a4.png", full_page=True)
    desk.context.close()
