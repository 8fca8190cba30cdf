"""MR-11 pages in Chinese: the backup register with its 14-day strip, alerts and restore tests due,
a day's result in one form, corrections, the month's register on A4 and in Excel; data-access
requests with only the allowed steps, what was provided item by item, and the printed form."""

import datetime as dt
import io
from dataclasses import replace

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from infocenter.core.choices import Role
from infocenter.machineroom.models import BackupJob, BackupResult, DataRequest
from infocenter.machineroom.rules.backups import JobContent
from infocenter.machineroom.services import backups, data_access

from .conftest import page_budget


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def days_ago(n):
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def job(head, maintainer, site):
    return backups.add_backup_job(
        head,
        site=site,
        name="收费系统数据库每日备份",
        system="收费系统数据库",
        content="全库备份",
        location="机房 NAS-01",
        custodian=maintainer,
        offsite=True,
        offsite_location="档案室",
        started_on=days_ago(20),
    )


@pytest.fixture
def register_data(job, maintainer, site):
    for n in range(2, 15):
        backups.record_backup_result(
            maintainer,
            job=job,
            day=days_ago(n),
            outcome="failed" if n == 5 else "success",
            size="12.5 GB",
        )
    backups.check_missed_backups(site, timezone.now())
    return job


def test_mr11_register_shows_the_strip_the_alert_and_the_restore_test_due(
    register_data, maintainer, client_for
):
    page = client_for(maintainer).get(reverse("machineroom:backups")).content.decode()
    strip = page.split('data-testid="strip"')[1].split("</div>")[0]
    assert strip.count("✓") == 12 and strip.count("✗") == 1 and strip.count("?") == 1
    alerts = page.split('data-testid="alerts"')[1].split("</div>")[0]
    assert (
        "收费系统数据库每日备份" in alerts
        and days_ago(1).isoformat() in alerts
        and days_ago(5).isoformat() in alerts
    )
    assert (days_ago(20) + dt.timedelta(days=90)).isoformat() in page
    assert "12.5 GB" in page


def test_mr11_a_days_result_in_one_form_and_a_duplicate_is_refused_with_the_input_kept(
    job, maintainer, client_for
):
    client = client_for(maintainer)
    url = reverse("machineroom:backup_result_new", args=[job.pk])
    data = {
        "day": days_ago(1).isoformat(),
        "outcome": "success",
        "size": "11.2 GB",
        "encrypted": "on",
        "offsite": "on",
        "note": "正常",
    }
    assert client.post(url, data).status_code == 302
    assert BackupResult.objects.get().size_bytes == int(11.2 * 1024**3)
    again = client.post(url, data | {"size": "9.9 GB"})
    assert again.status_code == 409 and "9.9 GB" in again.content.decode()
    bad = client.post(url, data | {"day": days_ago(2).isoformat(), "size": "-3 GB"})
    assert bad.status_code == 400 and "-3 GB" in bad.content.decode()
    assert BackupResult.objects.count() == 1


def test_mr11_unencrypted_important_job_refused_on_the_page_with_the_input_kept(
    head, maintainer, client_for, site
):
    response = client_for(head).post(
        reverse("machineroom:backup_job_new"),
        {
            "site": site.pk,
            "name": "门禁系统每日备份",
            "system": "门禁系统",
            "content": "刷卡记录",
            "frequency": "daily",
            "location": "NAS-01",
            "important": "on",
            "custodian": maintainer.pk,
            "restore_every_days": 90,
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "加密" in body and "门禁系统每日备份" in body
    assert not BackupJob.objects.exists()


def test_mr11_job_page_corrects_a_line_and_refuses_a_stale_correction(job, maintainer, client_for):
    result = backups.record_backup_result(
        maintainer, job=job, day=days_ago(1), outcome="success", size="10 GB"
    )
    client = client_for(maintainer)
    page = client.get(reverse("machineroom:backup_job", args=[job.pk])).content.decode()
    assert (
        "10 GB" in page and reverse("machineroom:backup_result_correct", args=[result.pk]) in page
    )
    url = reverse("machineroom:backup_result_correct", args=[result.pk])
    data = {
        "version": result.version,
        "reason": "日志显示部分表失败",
        "outcome": "partial",
        "size": "6 GB",
        "encrypted": "on",
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, data | {"reason": "再次修改"})
    assert stale.status_code == 409 and "再次修改" in stale.content.decode()
    page = client.get(reverse("machineroom:backup_job", args=[job.pk])).content.decode()
    assert "日志显示部分表失败" in page and "text-decoration-line-through" in page


def test_mr11_job_page_records_a_restore_test_and_deals_with_an_alert(job, maintainer, client_for):
    backups.record_backup_result(maintainer, job=job, day=days_ago(1), outcome="failed")
    alert = job.alerts.get()
    client = client_for(maintainer)
    response = client.post(
        reverse("machineroom:restore_test_new", args=[job.pk]),
        {
            "tested_on": timezone.localdate().isoformat(),
            "restored": "昨日全库备份",
            "target": "TEST-01",
            "outcome": "passed",
            "verification": "核对记录数",
            "duration_minutes": 30,
        },
    )
    assert response.status_code == 302 and job.restore_tests.count() == 1
    refused = client.post(
        reverse("machineroom:backup_alert_handle", args=[alert.pk]),
        {"version": alert.version, "handling": ""},
    )
    assert refused.status_code == 400
    ok = client.post(
        reverse("machineroom:backup_alert_handle", args=[alert.pk]),
        {"version": alert.version, "handling": "已补做备份"},
    )
    assert ok.status_code == 302
    alert.refresh_from_db()
    assert alert.handling == "已补做备份"


def test_mr11_only_the_head_sees_the_job_forms_and_the_auditor_only_reads(
    job, head, people, client_for
):
    url = reverse("machineroom:backup_job", args=[job.pk])
    head_page = client_for(head).get(url).content.decode()
    assert 'data-step="edit"' in head_page and 'data-step="retire"' in head_page
    auditor_page = client_for(people[Role.AUDITOR]).get(url).content.decode()
    assert "收费系统数据库每日备份" in auditor_page and "data-step=" not in auditor_page
    assert client_for(people[Role.PROCESSOR]).get(url).status_code == 404


def test_mr11_month_register_prints_missing_days_and_exports_every_revision(
    register_data, maintainer, client_for
):
    from openpyxl import load_workbook

    client = client_for(maintainer)
    month = days_ago(1).strftime("%Y-%m")
    printed = client.get(reverse("machineroom:backups_print") + f"?month={month}").content.decode()
    assert "收费系统数据库每日备份" in printed and "<strong>" in printed
    start = days_ago(14).isoformat()
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("machineroom:backups_export") + f"?start={start}").content)
    )
    rows = list(sheet.active.iter_rows(values_only=True))
    assert (
        len(rows) == 1 + 13 and rows[1][1] == "收费系统数据库每日备份" and rows[1][5] == 13421772800
    )


@pytest.fixture
def data_request(people, site):
    return data_access.request_data_access(
        people[Role.PROCESSOR],
        site=site,
        organisation="区公安分局",
        applicant="李警官",
        phone="023-67700110",
        purpose="调查电动车被盗案",
        items=["3 栋监控录像", "3 栋业主名册"],
    )


def test_mr11_data_request_form_keeps_what_was_typed(people, client_for):
    response = client_for(people[Role.PROCESSOR]).post(
        reverse("machineroom:data_request_new"),
        {
            "organisation": "区公安分局",
            "applicant": "",
            "phone": "023-67700110",
            "purpose": "调查",
            "items": "",
        },
    )
    assert response.status_code == 400 and "区公安分局" in response.content.decode()
    ok = client_for(people[Role.PROCESSOR]).post(
        reverse("machineroom:data_request_new"),
        {
            "organisation": "区公安分局",
            "applicant": "李警官",
            "phone": "023-67700110",
            "purpose": "调查",
            "items": "3 栋监控录像\n3 栋门禁记录",
        },
    )
    record = DataRequest.objects.get()
    assert ok.status_code == 302 and record.items.count() == 2


def test_mr11_data_request_shows_only_the_steps_allowed_now(
    data_request, head, maintainer, people, client_for
):
    url = reverse("machineroom:data_request", args=[data_request.pk])
    head_page = client_for(head).get(url).content.decode()
    assert 'data-step="approve"' in head_page and 'data-step="refuse"' in head_page
    assert 'data-step="fulfil"' not in head_page
    desk_page = client_for(maintainer).get(url).content.decode()
    assert 'data-step="approve"' not in desk_page and 'data-step="fulfil"' not in desk_page
    early = client_for(maintainer).post(
        reverse("machineroom:data_request_step", args=[data_request.pk, "fulfil"]),
        {"version": data_request.version, "handed_to": "李警官"},
    )
    assert early.status_code == 409
    approve = client_for(head).post(
        reverse("machineroom:data_request_step", args=[data_request.pk, "approve"]),
        {"version": data_request.version, "approved_items": ["1"], "note": "仅录像"},
    )
    assert approve.status_code == 302
    desk_page = client_for(maintainer).get(url).content.decode()
    assert (
        'data-step="fulfil"' in desk_page
        and 'name="form_1"' in desk_page
        and 'name="form_2"' not in desk_page
    )


def test_mr11_fulfilment_on_the_page_records_each_item_and_prints(
    data_request, head, maintainer, client_for
):
    record = data_access.approve_data_request(head, data_request, version=data_request.version)
    client = client_for(maintainer)
    url = reverse("machineroom:data_request_step", args=[record.pk, "fulfil"])
    vague = client.post(
        url, {"version": record.version, "handed_to": "李警官", "form_1": "copy", "extent_1": ""}
    )
    assert vague.status_code == 400
    ok = client.post(
        url,
        {
            "version": record.version,
            "handed_to": "李警官",
            "form_1": "electronic",
            "extent_1": "1 段视频",
        },
    )
    assert ok.status_code == 302
    record.refresh_from_db()
    assert record.state == "fulfilled"
    printed = client.get(
        reverse("machineroom:data_request_print", args=[record.pk])
    ).content.decode()
    assert record.serial in printed and "1 段视频" in printed and "3 栋业主名册" in printed
    from openpyxl import load_workbook

    sheet = load_workbook(
        io.BytesIO(client.get(reverse("machineroom:data_requests_export")).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == record.serial and "1 段视频" in rows[1][11]


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("machineroom:backups", 16),
        ("machineroom:data_requests", 10),
        ("machineroom:approvals", "inbox"),
    ],
)
def test_mr11_page_query_budgets(
    register_data,
    head,
    maintainer,
    site,
    people,
    client_for,
    django_assert_max_num_queries,
    name,
    budget,
):
    for n in range(3):
        backups.add_backup_job(
            head,
            site=site,
            name=f"备份{n}",
            system="文件服务器",
            content="共享盘",
            location="NAS",
            custodian=maintainer,
            frequency="weekly",
        )
        data_access.request_data_access(
            people[Role.PROCESSOR],
            site=site,
            organisation=f"单位{n}",
            applicant="张",
            phone="10000",
            purpose="查阅",
            items=["资料"],
        )
    client = client_for(head)
    client.get(reverse(name))
    with django_assert_max_num_queries(page_budget(budget)):
        assert client.get(reverse(name)).status_code == 200


def test_mr11_job_page_query_budget(
    register_data, maintainer, client_for, django_assert_max_num_queries
):
    client = client_for(maintainer)
    url = reverse("machineroom:backup_job", args=[register_data.pk])
    client.get(url)
    with django_assert_max_num_queries(22):
        assert client.get(url).status_code == 200


def test_mr11_demo_shows_yesterdays_missing_backup_and_the_request_waiting_for_the_head(
    db, settings, client_for
):
    from infocenter import cli
    from infocenter.core.models import User

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert cli.main(["demo"]) == 0
    page = (
        client_for(User.objects.get(username="wulei"))
        .get(reverse("machineroom:backups"))
        .content.decode()
    )
    alerts = page.split('data-testid="alerts"')[1].split("</div>")[0]
    assert "门禁系统每日备份" in alerts and days_ago(1).isoformat() in alerts
    assert "收费系统数据库每日备份" not in alerts  # the failed night was dealt with
    inbox = (
        client_for(User.objects.get(username="zhouming"))
        .get(reverse("machineroom:approvals"))
        .content.decode()
    )
    assert "区公安分局" in inbox
    assert DataRequest.objects.filter(state="fulfilled", organisation="江岸街道办事处").exists()


def test_mr11_home_shows_the_custodians_alerts_and_restore_tests_due(
    job, maintainer, head, people, client_for
):
    backups.record_backup_result(maintainer, job=job, day=days_ago(1), outcome="failed")
    backups.update_backup_job(
        head, job, version=job.version, content=replace(JobContent.of(job), restore_every_days=25)
    )  # due in 5 days
    job_url = reverse("machineroom:backup_job", args=[job.pk])
    for person in (maintainer, head):
        home = client_for(person).get(reverse("home")).content.decode()
        assert home.count(job_url) >= 2 and days_ago(1).isoformat() in home, person
    other = client_for(people[Role.IT_STAFF]).get(reverse("home")).content.decode()
    assert job_url not in other


def test_mr11_an_overdue_restore_test_stays_on_the_register_in_red(
    head, maintainer, site, client_for
):
    from infocenter.core import worker

    backups.add_backup_job(
        head,
        site=site,
        name="门禁系统每日备份",
        system="门禁系统",
        content="刷卡记录",
        location="NAS",
        custodian=maintainer,
        started_on=days_ago(100),
    )
    worker.run_once(at=timezone.now(), echo=lambda _line: None)  # the clock breaches
    page = client_for(maintainer).get(reverse("machineroom:backups")).content.decode()
    due = days_ago(10).isoformat()
    assert f'<span class="text-danger fw-bold">{due}' in page
