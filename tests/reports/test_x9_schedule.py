"""X-9, sent on schedule: last week's report on Monday at 09:00 and last month's on the 1st at
09:00, to the managers of each scope (in the app and by e-mail) and to the department robots
marked for report summaries, through the recurring reminders and the outbox."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from infocenter.core import recurring, reports, worker
from infocenter.core import services as core_services
from infocenter.core.choices import DepartmentLevel, OverrideKind, Role
from infocenter.core.models import (
    CalendarOverride,
    Deadline,
    Department,
    Notification,
    OutboxMessage,
    Site,
)
from infocenter.core.reports import Figure, Period, SectionData
from infocenter.core.texts import Text
from infocenter.reports import schedule
from tests.conftest import make_person

TZ = ZoneInfo("Asia/Shanghai")
TUESDAY = dt.datetime(2026, 12, 8, 10, 0, tzinfo=TZ)
MONDAY_NINE = dt.datetime(2026, 12, 14, 9, 0, tzinfo=TZ)
NEW_YEAR_NINE = dt.datetime(2027, 1, 1, 9, 0, tzinfo=TZ)
SUBJECT = "%(scope)s: %(report)s for %(period)s"


def quiet(_line):
    pass


def reports_to(person):
    return OutboxMessage.objects.filter(recipient=person, source__subject__id=SUBJECT)


def scope_of(message) -> str:
    return message.link.split("scope=")[1].replace("%3A", ":")


def test_x9_weekly_and_monthly_reports_are_scheduled_per_site(org):
    recurring.ensure_all(TUESDAY)
    for kind, due in ((schedule.K_WEEKLY, MONDAY_NINE), (schedule.K_MONTHLY, NEW_YEAR_NINE)):
        rows = Deadline.objects.filter(kind=kind)
        assert {r.site_id for r in rows} == {org["a"].pk, org["b"].pk}
        assert {r.due_at for r in rows} == {due}


def test_x9_monday_brings_last_week_to_the_managers_of_each_scope(root, org, people):
    branch_gm = make_person(root, "gm_branch", Role.BRANCH_GM, branch=org["branch"])
    manager_b = make_person(root, "kf_b", Role.CS_MANAGER, site=org["b"])
    recurring.ensure_all(TUESDAY)
    worker.run_once(at=MONDAY_NINE + dt.timedelta(minutes=1), echo=quiet)

    week = Period.containing(reports.WEEK, dt.date(2026, 12, 7))
    site_a, site_b, branch = (
        f"site:{org['a'].pk}",
        f"site:{org['b'].pk}",
        f"branch:{org['branch'].pk}",
    )
    # the site's managers, the general manager assigned at the site included, get the site's
    for role in (Role.CS_MANAGER, Role.IC_HEAD, Role.BRANCH_GM):
        (message,) = reports_to(people[role]).filter(channel="in_app")
        assert scope_of(message) == site_a
        assert f"kind=week&period={week.key}" in message.link
    assert [scope_of(m) for m in reports_to(manager_b)] == [site_b]
    # the branch's general manager gets the branch's report once, not once per site
    assert [scope_of(m) for m in reports_to(branch_gm)] == [branch]
    # readers who are not managers, and staff, are not sent reports
    for role in (Role.AUDITOR, Role.SYSADMIN, Role.PROCESSOR, Role.DEPT_HEAD):
        assert not reports_to(people[role]).exists()
    # each is rescheduled for the next Monday
    upcoming = Deadline.objects.filter(kind=schedule.K_WEEKLY, state="scheduled")
    assert {r.due_at for r in upcoming} == {MONDAY_NINE + dt.timedelta(days=7)}
    # delivered into the bell, titled in the reader's language
    note = Notification.objects.get(
        recipient=people[Role.CS_MANAGER], message__source__subject__id=SUBJECT
    )
    with translation.override("zh-hans"):
        assert note.subject_text == f"{org['a'].name} 2026年第{week.start.isocalendar()[1]}周周报"
    with translation.override("en"):
        assert note.subject_text == (
            f"{org['a'].name}: Weekly report for week {week.start.isocalendar()[1]} of 2026"
        )


def test_x9_the_first_of_the_month_brings_last_month(org, people):
    recurring.ensure_all(TUESDAY)
    worker.run_once(at=NEW_YEAR_NINE + dt.timedelta(minutes=5), echo=quiet)
    links = [m.link for m in reports_to(people[Role.CS_MANAGER]).filter(channel="in_app")]
    assert any("kind=month&period=2026-12" in link for link in links)


def test_x9_the_summary_holds_the_figures_each_reader_may_read(org, people):
    CalendarOverride.objects.create(
        site=org["a"], date=dt.date(2026, 12, 9), kind=OverrideKind.HOLIDAY
    )
    CalendarOverride.objects.create(
        site=org["a"], date=dt.date(2026, 12, 2), kind=OverrideKind.HOLIDAY
    )
    schedule.send_site_reports(org["a"], reports.WEEK, MONDAY_NINE)
    manager = reports_to(people[Role.CS_MANAGER]).get(channel="in_app")
    head = reports_to(people[Role.IC_HEAD]).get(channel="in_app")
    with translation.override("zh-hans"):
        body = manager.body_text
        assert "【工作日历】" in body and "假日：1（上期 1，去年同期 0）" in body
        assert "上班日占比：0%（上期 0，去年同期 —）" in body
        # the period's section is for the service-desk dashboard's readers only
        assert "【期间】" in body and "天数：7（上期 7，去年同期 7）" in body
        assert "【工作日历】" in head.body_text and "【期间】" not in head.body_text
        assert "完整报表（含表格和图表）请在报表页面查看。" in body


def test_x9_the_summary_is_read_in_the_readers_language(org, people, monkeypatch):
    def desk(scope, period, *, detail=True):
        return SectionData(
            figures=[
                Figure("forms", translation.gettext("Forms received"), 12),
                Figure(
                    "dispatch.rate",
                    Text(N_("%(clock)s: compliance"), clock=gettext_lazy("dispatch time limit")),
                    87.5,
                    "%",
                ),
            ]
        )

    reports.register_section("desk", gettext_lazy("Service desk"), "reports.view", desk, order=0)
    schedule.send_site_reports(org["a"], reports.WEEK, MONDAY_NINE)
    message = reports_to(people[Role.CS_MANAGER]).get(channel="in_app")
    with translation.override("en"):
        body = message.body_text
    assert "[Service desk]" in body
    assert "Forms received: 12 (previous period 12, same period last year 12)" in body
    assert "dispatch time limit: compliance: 87.5% (previous period 87.5" in body
    with translation.override("zh-hans"):
        body = message.body_text
        expected = translation.gettext("Forms received") + "：12（上期 12，去年同期 12）"
        rate = translation.gettext("%(clock)s: compliance") % {
            "clock": translation.gettext("dispatch time limit")
        }
    assert expected in body and f"{rate}：87.5%" in body and "Forms received" not in body


def test_x9_robots_marked_for_reports_post_the_summaries(root, org, robot):
    url, server = robot
    admin = root
    xx = Department.objects.get(site=org["a"], code="xx")
    kf = Department.objects.get(site=org["a"], code="kf")
    office = Department.objects.get(site=org["b"], code="xx")
    Department.objects.filter(pk=office.pk).update(level=DepartmentLevel.BRANCH)
    core_services.add_department_webhook(
        admin, department=xx, channel="wecom", url=url, reports=True
    )
    core_services.add_department_webhook(admin, department=kf, channel="wecom", url=url)
    OutboxMessage.objects.all().delete()

    schedule.send_site_reports(org["a"], reports.WEEK, MONDAY_NINE)
    schedule.send_site_reports(org["b"], reports.WEEK, MONDAY_NINE)
    robots = OutboxMessage.objects.filter(channel="wecom")
    assert [m.link.split("scope=")[1] for m in robots] == [f"site%3A{org['a'].pk}"]

    hook = core_services.add_department_webhook(
        admin, department=office, channel="dingtalk", url=url, reports=True
    )
    assert hook.reports
    OutboxMessage.objects.all().delete()
    schedule.send_site_reports(org["a"], reports.WEEK, MONDAY_NINE)
    # the branch department's robot gets the branch's report (sent from its first site)
    to_robot = [m for m in OutboxMessage.objects.all() if m.address == url]  # stored encrypted
    assert sorted(scope_of(m) for m in to_robot) == sorted(
        [f"site:{org['a'].pk}", f"branch:{org['branch'].pk}"]
    )
    worker.run_once(at=MONDAY_NINE + dt.timedelta(minutes=1), echo=quiet)
    texts = [r.get("text", {}).get("content", "") for r in server.received]
    assert any("【工作日历】" in t and "/reports/?kind=week" in t for t in texts)
    assert any(org["branch"].name in t and "周报" in t for t in texts)


def test_x9_a_branch_of_one_site_sends_its_managers_that_sites_report(root, org):
    branch = core_services.create_branch(root, company=org["company"], name="成都分公司", code="cd")
    site = core_services.create_site(root, branch=branch, name="锦江府", code="jjf")
    gm = make_person(root, "gm_cd", Role.BRANCH_GM, branch=branch)
    schedule.send_site_reports(site, reports.WEEK, MONDAY_NINE)
    assert [scope_of(m) for m in reports_to(gm)] == [f"site:{site.pk}"]
    assert Site.objects.filter(branch=branch).count() == 1


def test_x9_no_report_for_a_manager_who_has_left(org, people):
    type(people[Role.IC_HEAD]).objects.filter(pk=people[Role.IC_HEAD].pk).update(is_active=False)
    schedule.send_site_reports(org["a"], reports.WEEK, MONDAY_NINE)
    assert not reports_to(people[Role.IC_HEAD]).exists()
    assert reports_to(people[Role.CS_MANAGER]).exists()


def test_x9_the_site_page_connects_a_robot_for_report_summaries(org, people, client_for):
    xx = Department.objects.get(site=org["a"], code="xx")
    client = client_for(people[Role.SYSADMIN])
    client.post(
        reverse("core:webhook_add", args=[org["a"].pk]),
        {
            "department": xx.pk,
            "channel": "wecom",
            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            "reports": "on",
        },
    )
    page = client.get(reverse("core:site", args=[org["a"].pk])).content.decode()
    assert xx.webhooks.get().reports
    with translation.override("zh-hans"):
        assert "报表摘要" in page
