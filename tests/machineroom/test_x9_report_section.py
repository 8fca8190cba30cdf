"""X-9: the machine room's section of the reports, against records made through the services
in ISO week 49 of 2026 (Monday 30 November to Sunday 6 December: across a month's end), read
on 20 December; with the week before and the same week a year earlier for the comparisons."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from infocenter.core import reports, worker
from infocenter.core import services as core_services
from infocenter.core.choices import Role
from infocenter.core.reports import Period, ReportScope
from infocenter.machineroom.report import collect
from infocenter.machineroom.rules.changes import ChangeContent
from infocenter.machineroom.rules.equipment import LedgerLine
from infocenter.machineroom.services import (
    access,
    backups,
    changes,
    equipment,
    incidents,
    inspections,
    loans,
)

LOCAL = timezone.get_default_timezone()
WEEK = Period.parse("2026-W49")
READ_AT = dt.datetime(2026, 12, 20, 12, 0, tzinfo=LOCAL)


def at(month, day, hour, minute=0, year=2026):
    return dt.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


def travel(when):
    return time_machine.travel(when, tick=False)


def run_worker(when):
    with travel(when):
        worker.run_once(at=when, echo=lambda _: None)


def scope_of(*sites, kind="site"):
    return ReportScope(
        kind,
        sites[0].pk if kind == "site" else None,
        sites[0].name,
        tuple(s.pk for s in sites),
        {s.pk: s.name for s in sites},
    )


def read(scope, period=WEEK, *, detail=True):
    with travel(READ_AT):
        return collect(scope, period, detail=detail)


def a_round(maintainer, checklist, start, *, done_after=None, reading="22", hours=4):
    with travel(start):
        record = inspections.start_round(
            maintainer, checklist=checklist, due_at=start + dt.timedelta(hours=hours)
        )
    if done_after is None:
        return record
    result = record.results.get()
    entry = {"reading": Decimal(reading)} | ({} if reading == "22" else {"note": "温度过高"})
    with travel(start + done_after):
        return inspections.record_results(
            maintainer, record, version=record.version, entries={result.pk: entry}, submit=True
        )


def change(maintainer, head, site, start, *, outcome=None, kind="normal"):
    with travel(start - dt.timedelta(days=3)):
        record = changes.create_change(
            maintainer,
            site=site,
            content=ChangeContent(
                kind=kind,
                title="核心交换机升级固件",
                system="核心交换机",
                plan="备份配置，上传固件，重启",
                impact="中断 10 分钟",
                rollback_plan="回退旧固件",
                spare_parts="备用交换机",
                planned_start=start,
                planned_end=start + dt.timedelta(hours=2),
                implementer=maintainer,
                not_experimental=True,
            ),
            submit=True,
        )
        record = changes.approve_change(head, record, version=record.version, note="同意")
    if outcome is None:
        return record
    with travel(start + dt.timedelta(minutes=5)):
        record = changes.start_change(maintainer, record, version=record.version)
        changes.record_operation(maintainer, record, text="上传固件")
    with travel(start + dt.timedelta(hours=1)):
        record.refresh_from_db()
        return changes.finish_change(
            maintainer, record, version=record.version, outcome=outcome, note="回退"
        )


def loan(maintainer, head, site, item, *, due_on, returned_at=None):
    with travel(at(11, 20, 9)):
        record = loans.request_loan(
            maintainer,
            site=site,
            lines=[(item, 1)],
            purpose="调试",
            borrower_name="李工",
            organisation="重庆电信",
            phone="13800138000",
            due_on=due_on,
        )
        record = loans.approve_loan(head, record, version=record.version, note="同意")
        record = loans.hand_out_loan(maintainer, record, version=record.version)
    if returned_at is not None:
        with travel(returned_at):
            record = loans.return_loan(maintainer, record, version=record.version)
    return record


@pytest.fixture
def week(org, people, room, head, maintainer):
    """Site A in week 49 (hand-counted in each test)."""
    site = org["a"]
    checklist = inspections.add_checklist(
        maintainer, site=site, name="机房温度巡检", target="area", room=room
    )
    inspections.add_checklist_item(
        maintainer,
        checklist,
        version=checklist.version,
        label="机房温度",
        kind="reading",
        unit="°C",
        min_value=Decimal(18),
        max_value=Decimal(27),
    )
    checklist.refresh_from_db()
    # rounds: on time Mon 30 Nov; late Tue; failed (on time, one fault → one order) Thu;
    # not done Sat; one the Sunday before (late) and one after (on time, Mon 7 Dec)
    a_round(maintainer, checklist, at(11, 30, 8), done_after=dt.timedelta(hours=1))
    a_round(maintainer, checklist, at(12, 1, 8), done_after=dt.timedelta(hours=5))
    a_round(maintainer, checklist, at(12, 3, 8), done_after=dt.timedelta(hours=2), reading="31")
    a_round(maintainer, checklist, at(12, 5, 8))
    a_round(maintainer, checklist, at(11, 29, 8), done_after=dt.timedelta(hours=6))
    a_round(maintainer, checklist, at(12, 7, 8), done_after=dt.timedelta(hours=1))

    # alarms: answered in 5 and 25 minutes (late), one never answered; one last year
    for when, answer in ((at(12, 1, 10), 5), (at(12, 2, 10), 25), (at(12, 6, 23), None)):
        with travel(when):
            alarm = incidents.log_alarm(
                maintainer, site=site, device="核心交换机", text="端口异常", severity="major"
            )
        if answer is not None and answer > 15:
            run_worker(when + dt.timedelta(minutes=16))  # 15 minutes to respond
        if answer is not None:
            with travel(when + dt.timedelta(minutes=answer)):
                incidents.respond_to_alarm(
                    maintainer, alarm, version=alarm.version, response="已处理"
                )
        run_worker(when + dt.timedelta(minutes=30))
    with travel(at(12, 2, 10, year=2025)):
        incidents.log_alarm(maintainer, site=site, device="防火墙", text="CPU 高", severity="minor")

    # backups: 3 succeeded, 1 failed, 1 partly; one day missing; restore tests: 1 passed
    with travel(at(11, 1, 9)):
        job = backups.add_backup_job(
            head,
            site=site,
            name="收费系统每日备份",
            system="收费系统",
            content="全库",
            location="NAS-01",
            custodian=maintainer,
            started_on=dt.date(2026, 11, 1),
        )
    for day, outcome in ((30, "success"), (1, "success"), (2, "failed"), (3, "partial")):
        when = at(11 if day == 30 else 12, day, 23)
        with travel(when):
            backups.record_backup_result(
                maintainer, job=job, day=when.date(), outcome=outcome, size="1 GB", note=outcome
            )
    with travel(at(12, 6, 23)):
        backups.record_backup_result(
            maintainer, job=job, day=dt.date(2026, 12, 6), outcome="success", size="1 GB"
        )
        backups.raise_alert(job, "missed", dt.date(2026, 12, 4))
        backups.record_restore_test(
            maintainer,
            job=job,
            tested_on=dt.date(2026, 12, 6),
            restored="收费库",
            target="测试机",
            outcome="passed",
            verification="抽查账单",
            duration_minutes=30,
        )

    # changes planned in the week: succeeded, rolled back, approved and not yet done (major);
    # one cancelled (not counted)
    change(maintainer, head, site, at(12, 1, 22), outcome="success")
    change(maintainer, head, site, at(12, 2, 22), outcome="rolled_back")
    change(maintainer, head, site, at(12, 4, 22))
    cancelled = change(maintainer, head, site, at(12, 5, 22))
    with travel(at(12, 5, 9)):
        changes.cancel_change(head, cancelled, version=cancelled.version, note="取消")

    # loans due in the week: back in time, back after 18:00 of the due day, still out
    with travel(at(11, 20, 8)):
        item = equipment.add_equipment(
            maintainer,
            site=site,
            line=LedgerLine(
                category="consumable", name="跳线", quantity=10, unit="根", location="耗材柜"
            ),
        )
    loan(maintainer, head, site, item, due_on=dt.date(2026, 12, 1), returned_at=at(12, 1, 17))
    loan(maintainer, head, site, item, due_on=dt.date(2026, 12, 2), returned_at=at(12, 2, 19))
    loan(maintainer, head, site, item, due_on=dt.date(2026, 12, 3))

    # visits: staff in twice; an outsider on an approved request; one refused at the door
    for when in (at(12, 1, 9), at(12, 4, 9)):
        with travel(when):
            visit = access.sign_in_staff(maintainer, room=room)
            access.sign_out(maintainer, visit, version=visit.version)
    with travel(at(12, 2, 9)):
        request = access.request_access(
            people[Role.DEPT_HEAD],
            room=room,
            kind="visit",
            organisation="重庆电信",
            applicant="王师傅",
            phone="13800138000",
            people=["王师傅"],
            purpose="更换光猫",
            starts_at=at(12, 2, 9),
            ends_at=at(12, 2, 12),
            escort=maintainer,
        )
        request = access.approve_request(head, request, version=request.version, note="同意")
        access.sign_in_visitor(maintainer, request=request, name="王师傅")
        access.record_refusal(maintainer, room=room, name="张三", reason="无申请")
    return {"site": site, "job": job}


def figures(data):
    return {f.key: f.value for f in data.figures}


def test_x9_machine_room_figures_of_a_week_across_a_month_boundary(week):
    data = read(scope_of(week["site"]))
    assert figures(data) == {
        "rounds_on_time": 2,
        "rounds_late": 1,
        "rounds_missed": 1,
        "rounds_on_time_rate": 50.0,
        "rounds_failed": 1,
        "failed_checks": 1,
        "fault_orders": 1,
        "alarms": 3,
        "alarms_late": 2,
        "alarm_response_median": 15.0,  # 5 and 25 minutes
        "alarm_response_slowest": 25.0,
        "backups_succeeded": 3,
        "backups_failed": 2,
        "backups_missing": 1,
        "restore_tests_passed": 1,
        "restore_tests_failed": 0,
        "changes": 3,
        "changes_rolled_back": 1,
        "loans_overdue": 2,
        "staff_sign_ins": 2,
        "visitors": 1,
        "refused_at_the_door": 1,
    }
    tables = {t.key: t for t in data.tables}
    assert [row[3] for row in tables["failed_checks"].rows] == ["机房温度"]
    assert tables["failed_checks"].rows[0][5]  # the work order's serial
    assert tables["changes_by_kind"].rows == [["Normal", 3, 1, 0, 1, 1]]
    assert [row[3] for row in tables["failed_backups"].rows] == [
        "Failed",
        "Partly succeeded",
        "Backup missing",
    ]
    assert [row[3] for row in tables["overdue_loans"].rows] == ["2026-12-02", "2026-12-03"]
    chart = data.charts[0]
    assert chart.categories == ["11-30", "12-01", "12-02", "12-03", "12-04", "12-05", "12-06"]
    assert chart.series[0]["data"] == [1, 1, 0, 1, 0, 0, 0]  # rounds done
    assert chart.series[1]["data"] == [0, 1, 1, 0, 0, 0, 1]  # alarms
    assert chart.series[2]["data"] == [0, 1, 1, 0, 1, 0, 0]  # visits admitted


def test_x9_machine_room_comparisons_read_the_same_figures_without_the_tables(week):
    full, figures_only = read(scope_of(week["site"])), read(scope_of(week["site"]), detail=False)
    assert figures(figures_only) == figures(full) and full.tables and full.charts
    assert figures_only.tables == [] and figures_only.charts == []


def test_x9_machine_room_each_figure_links_to_the_records_it_counts(week, people, client_for):
    data = read(scope_of(week["site"]))
    linked = [f for f in data.figures if f.link]
    assert {f.key for f in linked} == {
        "rounds_on_time",
        "rounds_late",
        "rounds_missed",
        "rounds_failed",
        "failed_checks",
        "fault_orders",
        "alarms",
        "alarms_late",
        "backups_succeeded",
        "backups_failed",
        "backups_missing",
        "restore_tests_passed",
        "restore_tests_failed",
        "changes",
        "changes_rolled_back",
        "loans_overdue",
        "staff_sign_ins",
        "visitors",
        "refused_at_the_door",
    }
    with travel(READ_AT):
        client = client_for(people[Role.IC_HEAD])  # signed in on the day it is read
        for figure in linked:
            response = client.get(figure.link)
            assert response.status_code == 200, figure.link
            assert len(response.context["page"].object_list) == figure.value, figure.key


def test_x9_machine_room_compared_with_the_week_before_and_last_year(week, people):
    with travel(READ_AT):
        built = reports.build(people[Role.IC_HEAD], scope_of(week["site"]), WEEK)
    _section, data = next((s, d) for s, d in built if s.key == "machine_room")
    by_key = {f.key: f for f in data.figures}
    assert (by_key["rounds_late"].value, by_key["rounds_late"].previous) == (1, 1)
    assert by_key["rounds_on_time_rate"].previous == 0.0
    assert (by_key["alarms"].previous, by_key["alarms"].last_year) == (0, 1)
    assert by_key["alarm_response_median"].last_year is None  # never answered


def test_x9_machine_room_branch_compares_its_sites(week, org):
    data = read(scope_of(week["site"], org["b"], kind="branch"))
    assert figures(data)["alarms"] == 3 and data.figures[0].link == ""
    sites = {t.key: t for t in data.tables}["machine_room_sites"]
    assert sites.rows == [
        ["嘉陵商务中心", None, 0, 0, 0, 0, 0, 0, 0],
        ["江岸花园", 50.0, 1, 1, 3, 2, 2, 1, 2],
    ]
    assert f"site={week['site'].pk}" in sites.links[1] and "timing=missed" in sites.links[1]


def test_x9_machine_room_branch_figures_open_site_by_site(week, org, people, client_for):
    """Over a branch, a figure whose register shows one site at a time is offered site by site:
    the same figures as the site's own, each linked to that site's list."""
    branch = read(scope_of(week["site"], org["b"], kind="branch"))
    site = read(scope_of(week["site"]))
    assert not any(f.link for f in branch.figures)
    # and the comparison between sites links each site's figure to that site's list
    sites = {t.key: t for t in branch.tables}["machine_room_sites"]
    faults = sites.cell_links[1][3]  # checks that found a fault
    assert "/rounds/findings/?" in faults and f"site={week['site'].pk}" in faults
    assert sites.cell_links[1][1] == ""  # a rate has no list
    assert {f.key for f in branch.figures if f.by_site} == {f.key for f in site.figures if f.link}
    findings = {f.key: f for f in site.figures}["fault_orders"]
    assert "/rounds/findings/?" in findings.link and "ordered=true" in findings.link
    with travel(READ_AT):
        client = client_for(people[Role.IC_HEAD])
        response = client.get(findings.link)
    (found,) = response.context["page"].object_list
    assert found.label == "机房温度" and found.order_id and found.reading == Decimal("31")
    assert found.order.serial in response.content.decode()


def test_x9_machine_room_queries_do_not_grow_with_the_sites(week, root, org):
    c = core_services.create_site(root, branch=org["branch"], name="南岸", code="sc")
    counts = []
    for scope in (scope_of(week["site"]), scope_of(week["site"], org["b"], c, kind="branch")):
        with CaptureQueriesContext(connection) as queries:
            read(scope)
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 20


def test_x9_machine_room_section_only_for_those_who_may_see_it(week, people, root):
    scope = scope_of(week["site"])
    with travel(READ_AT):
        shown = {s.key for s, _d in reports.build(people[Role.PROCESSOR], scope, WEEK)}
        assert "machine_room" not in shown and "control_room" in shown
        shown = {s.key for s, _d in reports.build(people[Role.BRANCH_GM], scope, WEEK)}
        assert "machine_room" in shown


def test_x9_machine_room_api_lists_take_the_report_filters(week, people, api_for):
    """The filters the figures link with serve the API's lists too; a bad value is refused
    naming its field."""
    api = "/api/v1/machineroom"
    data = {f.key: f for f in read(scope_of(week["site"])).figures}
    site = week["site"].pk
    with travel(READ_AT):
        client = api_for(people[Role.IC_HEAD])

        def listed(path):
            response = client.get(f"{api}/{path}")
            assert response.status_code == 200, response.content
            body = response.json()
            return body["results"] if isinstance(body, dict) else body

        assert len(listed(f"rounds/?site={site}&timing=missed")) == 1
        assert len(listed(f"rounds/?site={site}&failed=true")) == data["rounds_failed"].value
        assert len(listed(f"alarms/?site={site}&late=true")) == data["alarms_late"].value
        due = "due_from=2026-11-30&due_to=2026-12-06"
        assert len(listed(f"loans/?site={site}&{due}&overdue=true")) == 2
        assert len(listed(f"loans/?site={site}&{due}&overdue=false")) == 1
        assert len(listed(f"changes/?site={site}&counted=true&outcome=rolled_back")) == 1
        assert len(listed(f"visits/?site={site}&outsider=true&outcome=admitted")) == 1
        for path, field in (
            ("rounds/?timing=whenever", "timing"),
            ("loans/?due_from=soon", "due_from"),
            ("alarms/?occurred_after=yesterday", "occurred_after"),
            ("changes/?outcome=maybe", "outcome"),
        ):
            refused = client.get(f"{api}/{path}")
            assert refused.status_code == 400 and field in refused.json(), path
