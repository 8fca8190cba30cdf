"""Browser journey of IT-1: 郑浩 checked two nights' backups in the machine room; his work log
proposes both, he confirms them with the hours he spent, and sees them in this week's view.
Chinese UI, Debian's Chromium; rows are found by their proposal key and test ids."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from infocenter.core.choices import Role
from infocenter.machineroom.services import backups
from infocenter.staffwork.models import WorkEntry
from tests.conftest import make_person

from .test_servicedesk_journey import session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def checked(org, root):
    site = org["a"]
    head = make_person(root, "zhouming", Role.IC_HEAD, site=site)
    it = make_person(root, "zhenghao", Role.IT_STAFF, site=site)
    job = backups.add_backup_job(
        head,
        site=site,
        name="门禁数据库每日备份",
        system="门禁系统",
        content="全库备份",
        location="机房 NAS-01",
        custodian=it,
        started_on=timezone.localdate() - dt.timedelta(days=5),
    )
    return [
        backups.record_backup_result(
            it, job=job, day=timezone.localdate() - dt.timedelta(days=n), outcome="failed"
        )
        for n in (1, 2)
    ]


def test_it1_two_proposed_entries_confirmed_and_seen_in_the_week(browser, live_server, checked):
    base = live_server.url
    page = session(browser, base, "zhenghao")
    page.goto(f"{base}/staffwork/worklog/proposals/")
    for result, hours in zip(checked, ("1", "0.5"), strict=True):
        row = page.locator(f'tr[data-key="machineroom.backupresult:{result.pk}"]')
        row.locator('input[name="hours"]').fill(hours)
        row.get_by_role("button", name="确认").click()
        expect(page.locator(".alert-success")).to_contain_text("已按建议添加日志")
        expect(row).to_have_count(0)
    expect(page.get_by_test_id("proposals")).to_contain_text("这段时间没有可建议的工作")
    assert WorkEntry.objects.count() == 2

    page.goto(f"{base}/staffwork/worklog/week/")
    week = page.get_by_test_id("week")
    expect(week).to_contain_text("门禁数据库每日备份", timeout=5000)
    expect(page.get_by_test_id("week-total")).to_have_text("1.5")
    expect(page.get_by_test_id("by-kind")).to_contain_text("电脑与网络维护")
