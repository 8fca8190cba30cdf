"""X-9: the service desk's section of the reports, proved against a hand-counted week that
crosses the turn of June 2026 into July, at two sites of a branch. Site A works the Saturday
of that week (a make-up workday entered as a calendar override), site B does not, so the same
order's 2-working-day clock falls due a day earlier at A. Every figure opens the list of exactly
what it counts; the cost is the same for one site and three; a person without the dashboard at
one of the scope's sites does not get the section.

The week, in Shanghai time (A unless said):
- Sun 28/6 20:00  B: an inquiry, handled directly (the week before)
- Tue 30/6 10:00  a repair (phone), dispatched 10:05, arranged 10:30, returned 11:00 (缺少配件)
- Tue 30/6 11:00  a complaint from flat 102, handled directly; called back at 15:00
                  unsatisfied, which reopens it as a new form (left undispatched: its 24-hour
                  dispatch clock breaches)
- Thu 2/7 09:00   a second complaint from flat 102 (visit), never dispatched: breached
- Fri 3/7 10:00   a major repair, dispatched and arranged at once; 2 working days are Sat 4/7
                  (made a workday) and Mon 6/7, so it is late at 10:00 on Monday and re-issued
                  to the department's head when the worker runs at 12:00
- Fri 3/7 10:00   B: a repair dispatched and arranged at once; due Tue 7/7, not late on Monday
- a year earlier, Mon 30/6/2025: a suggestion, handled directly
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from infocenter.core import reports as core_reports
from infocenter.core import services as core_services
from infocenter.core import worker
from infocenter.core.choices import DeadlineState, OverrideKind, Role
from infocenter.core.models import Deadline, Department, Room
from infocenter.core.reports import Period, ReportScope
from infocenter.servicedesk import report, services
from infocenter.servicedesk.choices import Category, ReporterKind, Source
from infocenter.servicedesk.models import WorkOrder
from tests.conftest import make_person

TZ = ZoneInfo("Asia/Shanghai")
WEEK = Period.parse("2026-W27")  # Mon 29/6 – Sun 5/7/2026


def at(year, month, day, hour=0, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def _staff(root, people, site, tag):
    if tag == "a":
        return {r: people[r] for r in (Role.PROCESSOR, Role.CS_ASSISTANT, Role.DEPT_HEAD)}
    gc = Department.objects.get(site=site, code="gc")
    return {
        Role.PROCESSOR: make_person(root, f"p_{tag}", Role.PROCESSOR, site=site),
        Role.CS_ASSISTANT: make_person(root, f"a_{tag}", Role.CS_ASSISTANT, site=site),
        Role.DEPT_HEAD: make_person(root, f"h_{tag}", Role.DEPT_HEAD, site=site, department=gc),
    }


def _log(staff, site, category, room, moment, *, source=Source.PHONE, major=False):
    with time_machine.travel(moment, tick=False):
        return services.log_form(
            staff[Role.PROCESSOR],
            site=site,
            source=source,
            reporter_kind=ReporterKind.OWNER,
            reporter_name="张三",
            reporter_phone="13800138000",
            category=category,
            content="测试",
            room=room,
            major=major,
        )


def _dispatch(staff, form, moment, *, arranged=None):
    with time_machine.travel(moment, tick=False):
        order = services.dispatch_order(
            staff[Role.PROCESSOR],
            form,
            version=form.version,
            department=Department.objects.get(site=form.site, code="gc"),
            assistant=staff[Role.CS_ASSISTANT],
        )
    with time_machine.travel(arranged or moment, tick=False):
        head = staff[Role.DEPT_HEAD]
        return services.assign_order(head, order, version=order.version, assignee=head)


def _resolve(staff, form, moment):
    with time_machine.travel(moment, tick=False):
        return services.resolve_form(
            staff[Role.PROCESSOR], form, version=form.version, resolution="已答复"
        )


def _rooms(site):
    return list(Room.objects.filter(unit__building__site=site).order_by("floor", "number"))


@pytest.fixture(autouse=True)
def _chinese():
    """What the report's pages show: the names in the installation's language."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def branch_gm(root, org):
    return make_person(root, "gm", Role.BRANCH_GM, branch=org["branch"])


@pytest.fixture
def world(root, org, people):
    a, b = org["a"], org["b"]
    core_services.add_calendar_override(
        root, site=a, date=dt.date(2026, 7, 4), kind=OverrideKind.WORKDAY
    )
    sa, sb = _staff(root, people, a, "a"), _staff(root, people, b, "b")
    ra, rb = _rooms(a), _rooms(b)
    _resolve(sa, _log(sa, a, Category.SUGGESTION, ra[3], at(2025, 6, 30, 10)), at(2025, 6, 30, 11))
    _resolve(sb, _log(sb, b, Category.INQUIRY, rb[1], at(2026, 6, 28, 20)), at(2026, 6, 28, 20, 5))

    repair = _log(sa, a, Category.REPAIR, ra[0], at(2026, 6, 30, 10))
    returned = _dispatch(sa, repair, at(2026, 6, 30, 10, 5), arranged=at(2026, 6, 30, 10, 30))
    with time_machine.travel(at(2026, 6, 30, 11), tick=False):
        returned = services.return_order(
            sa[Role.DEPT_HEAD], returned, version=returned.version, reason="缺少配件"
        )
    complaint = _resolve(
        sa, _log(sa, a, Category.COMPLAINT, ra[1], at(2026, 6, 30, 11)), at(2026, 6, 30, 11, 30)
    )
    with time_machine.travel(at(2026, 6, 30, 15), tick=False):
        services.record_callback(
            sa[Role.CS_ASSISTANT],
            complaint,
            version=complaint.version,
            outcome="unsatisfied",
            satisfaction=1,
            notes="仍然很吵",
        )
    _log(sa, a, Category.COMPLAINT, ra[1], at(2026, 7, 2, 9), source=Source.VISIT)
    late = _dispatch(
        sa, _log(sa, a, Category.REPAIR, ra[2], at(2026, 7, 3, 10), major=True), at(2026, 7, 3, 10)
    )
    in_time = _dispatch(
        sb, _log(sb, b, Category.REPAIR, rb[0], at(2026, 7, 3, 10)), at(2026, 7, 3, 10)
    )
    moment = at(2026, 7, 6, 12)
    with time_machine.travel(moment, tick=False):
        worker.run_once(at=moment, echo=lambda _: None)
    return {
        "org": org,
        "staff": {"a": sa, "b": sb},
        "returned": returned,
        "late": late,
        "in_time": in_time,
        "branch": ReportScope(
            "branch",
            org["branch"].pk,
            org["branch"].name,
            (a.pk, b.pk),
            {a.pk: a.name, b.pk: b.name},
        ),
        "a": ReportScope("site", a.pk, a.name, (a.pk,), {a.pk: a.name}),
        "b": ReportScope("site", b.pk, b.name, (b.pk,), {b.pk: b.name}),
    }


def _figures(data) -> dict:
    return {f.key: f for f in data.figures}


def _values(data) -> dict:
    return {f.key: f.value for f in data.figures}


def _table(data, key):
    return next(t for t in data.tables if t.key == key)


def _count(client, url) -> int:
    body = client.get(url).content.decode()
    return int(re.search(r'data-testid="count">\D*(\d+)', body).group(1))


def test_x9_the_section_is_registered_for_the_dashboard_readers():
    section = core_reports.SECTIONS["servicedesk"]
    assert section.action == "sd.dashboard"
    assert section.collect is report.collect


def test_x9_week_across_the_month_boundary_matches_the_hand_count(world):
    data = report.collect(world["branch"], WEEK)
    v = _values(data)
    assert (v["forms"], v["orders"]) == (6, 3)
    assert (v["sd.dispatch.rate"], v["sd.dispatch.breached"]) == (66.7, 2)
    assert (v["sd.arrange.rate"], v["sd.arrange.breached"]) == (100.0, 0)
    assert (v["sd.report.rate"], v["sd.report.breached"]) == (None, 0)
    assert (v["sd.finish.rate"], v["sd.finish.breached"]) == (50.0, 1)
    assert (v["returns"], v["escalations"]) == (1, 0)
    assert (v["callback_rate"], v["satisfaction"], v["unsatisfied"]) == (16.7, 0.0, 1)
    assert (v["repeat_complaints"], v["major_events"]) == (2, 1)

    a, b = world["org"]["a"].name, world["org"]["b"].name
    rows = lambda key: dict(map(tuple, _table(data, key).rows))  # noqa: E731
    assert rows("by_category") == {"投诉": 3, "报修": 3}
    assert rows("by_source") == {"来访": 1, "电话": 5}
    assert rows("by_department") == {f"{b} · 工程部": 1, f"{a} · 工程部": 2}
    assert rows("by_building") == {f"{b} · 1栋": 1, f"{a} · 1栋": 5}
    sla = _table(data, "sla")
    assert sla.rows == [
        ["派工时限", 4, 2, 66.7],
        ["安排时限", 3, 0, 100.0],
        ["反馈时限", 0, 0, None],
        ["完成时限", 1, 1, 50.0],
    ]
    returns = _table(data, "returns")
    assert [(r[0], r[4]) for r in returns.rows] == [(world["returned"].serial, "缺少配件")]
    assert [r[:2] for r in _table(data, "repeat_complaints").rows] == [["1栋1单元102", a]]
    assert [r[3] for r in _table(data, "unsatisfied").rows] == ["2026-06-30 15:00"]
    assert [r[4] for r in _table(data, "unsatisfied").rows] == ["仍然很吵"]
    assert [r[1] for r in _table(data, "major_events").rows] == [a]
    sites = _table(data, "sites")
    assert [r[:3] for r in sites.rows] == [[b, 1, 1], [a, 5, 2]]


def test_x9_the_comparisons_read_the_same_figures_without_the_tables(world):
    full = report.collect(world["branch"], WEEK)
    figures_only = report.collect(world["branch"], WEEK, detail=False)
    assert _values(figures_only) == _values(full) and full.tables and full.charts
    assert figures_only.tables == [] and figures_only.charts == []


def test_x9_each_month_counts_its_own_days_of_the_week(world):
    june = _values(report.collect(world["branch"], Period.parse("2026-06")))
    july = _values(report.collect(world["branch"], Period.parse("2026-07")))
    assert (june["forms"], july["forms"]) == (4, 3)  # the inquiry of Sun 28/6 is June's too
    assert (june["orders"], july["orders"]) == (1, 2)  # a re-issue is not a new order
    assert (june["returns"], july["returns"]) == (1, 0)
    assert (june["escalations"], july["escalations"]) == (0, 1)
    assert (june["major_events"], july["major_events"]) == (0, 1)
    # each complaint of flat 102 falls in another month: no repeat within either
    assert (june["repeat_complaints"], july["repeat_complaints"]) == (0, 0)
    # a breach is counted with the form or order it belongs to, in the period it came in
    assert (june["sd.dispatch.breached"], july["sd.dispatch.breached"]) == (1, 1)
    assert (june["sd.finish.breached"], july["sd.finish.breached"]) == (0, 1)
    following = _values(report.collect(world["branch"], WEEK.following()))
    assert (following["escalations"], following["sd.finish.breached"], following["forms"]) == (
        1,
        0,
        0,
    )


def test_x9_a_made_up_workday_brings_the_two_working_day_clock_forward(world):
    due = {
        key: Deadline.objects.get(
            subject_type="servicedesk.workorder",
            subject_id=str(world[key].pk),
            kind="sd.finish",
        )
        for key in ("late", "in_time")
    }
    assert due["late"].due_at == at(2026, 7, 6, 10)  # Sat 4/7 worked at A
    assert due["in_time"].due_at == at(2026, 7, 7, 10)  # B: Mon 6/7 and Tue 7/7
    assert due["late"].state == DeadlineState.BREACHED
    assert due["in_time"].state != DeadlineState.BREACHED
    assert _values(report.collect(world["a"], WEEK))["sd.finish.breached"] == 1
    assert _values(report.collect(world["b"], WEEK))["sd.finish.breached"] == 0
    breached = _table(report.collect(world["branch"], WEEK), "breached")
    assert [(r[2], r[3]) for r in breached.rows] == [
        ("派工时限", "2026-07-01 15:00"),  # the reopened complaint
        ("派工时限", "2026-07-03 09:00"),  # the second complaint
        ("完成时限", "2026-07-06 10:00"),
    ]
    assert breached.rows[2][0] == world["late"].serial
    assert breached.links[2] == world["late"].get_absolute_url()
    escalated = _table(report.collect(world["branch"], Period.parse("2026-07")), "escalations")
    reissue = WorkOrder.objects.get(reissue_of=world["late"])
    assert escalated.rows == [
        [
            reissue.serial,
            world["late"].serial,
            world["org"]["a"].name,
            "工程部",
            "2026-07-06 12:00",
            world["staff"]["a"][Role.DEPT_HEAD].full_name,
        ]
    ]


def test_x9_every_figure_and_row_opens_the_list_of_what_it_counts(world, branch_gm, client_for):
    client = client_for(branch_gm)
    checked = 0
    for scope, period in ((world["branch"], WEEK), (world["a"], Period.parse("2026-07"))):
        data = report.collect(scope, period)
        for figure in data.figures:
            if figure.unit != "%":
                assert _count(client, figure.link) == figure.value, figure.key
                checked += 1
        for key in ("by_category", "by_source", "by_department", "by_building"):
            table = _table(data, key)
            for row, link in zip(table.rows, table.links, strict=True):
                assert _count(client, link) == row[-1], (key, row)
                checked += 1
        repeat = _table(data, "repeat_complaints")
        for row, link in zip(repeat.rows, repeat.links, strict=True):
            assert _count(client, link) == row[-1]
    assert checked > 30
    rates = _figures(report.collect(world["branch"], WEEK))
    assert _count(client, rates["callback_rate"].link) == 1  # called back, of the 6 due
    assert _count(client, rates["sd.dispatch.rate"].link) == 4  # met, of the 6 decided


def test_x9_the_volume_chart_is_daily_for_a_week_and_monthly_for_a_year(world):
    chart = next(c for c in report.collect(world["branch"], WEEK).charts if c.key == "volume")
    assert chart.categories == ["06-29", "06-30", "07-01", "07-02", "07-03", "07-04", "07-05"]
    assert [s["data"] for s in chart.series] == [[0, 3, 0, 1, 2, 0, 0], [0, 1, 0, 0, 2, 0, 0]]
    year = next(
        c for c in report.collect(world["branch"], Period.parse("2026")).charts if c.key == "volume"
    )
    assert len(year.categories) == 12
    assert year.series[0]["data"][5:7] == [4, 3] and sum(year.series[0]["data"]) == 7
    quarter = next(
        c
        for c in report.collect(world["branch"], Period.parse("2026-Q3")).charts
        if c.key == "volume"
    )
    assert quarter.categories[:2] == ["第27周", "第28周"]  # 1–5/7, then 6–12/7
    assert [s["data"][:2] for s in quarter.series] == [[3, 0], [2, 0]]


def test_x9_previous_period_and_last_year_come_with_each_figure(world, branch_gm):
    built = dict((s.key, data) for s, data in core_reports.build(branch_gm, world["branch"], WEEK))
    forms = _figures(built["servicedesk"])["forms"]
    assert (forms.value, forms.previous, forms.last_year) == (6, 1, 1)
    returns = _figures(built["servicedesk"])["returns"]
    assert (returns.value, returns.previous, returns.last_year) == (1, 0, 0)


def test_x9_without_the_dashboard_at_one_site_of_the_scope_there_is_no_section(world, people):
    manager = people[Role.CS_MANAGER]  # site A only
    keys = lambda scope: [s.key for s in core_reports.sections_for(manager, scope)]  # noqa: E731
    assert "servicedesk" in keys(world["a"])
    assert "servicedesk" not in keys(world["branch"])
    assert "servicedesk" not in keys(world["b"])
    processor = people[Role.PROCESSOR]
    assert "servicedesk" not in [s.key for s in core_reports.sections_for(processor, world["a"])]
    assert "servicedesk" not in [
        s.key for s, _d in core_reports.build(manager, world["branch"], WEEK)
    ]


def _queries(scope, period) -> int:
    with CaptureQueriesContext(connection) as queries:
        report.collect(scope, period)
    return len(queries)


def test_x9_the_section_costs_the_same_queries_for_one_site_and_for_three(world, root, people):
    org = world["org"]
    site = core_services.create_site(root, branch=org["branch"], name="新项目", code="sc")
    core_services.create_department(root, site=site, name="工程部", code="gc")
    core_services.create_building(
        root, site=site, name="1栋", floors=1, units=["1单元"], rooms_per_floor=2
    )
    sc = _staff(root, people, site, "c")
    for hour in (9, 10):
        form = _log(sc, site, Category.COMPLAINT, _rooms(site)[0], at(2026, 7, 1, hour))
        _dispatch(sc, form, at(2026, 7, 1, hour, 5))
    three = ReportScope("branch", org["branch"].pk, "", (org["a"].pk, org["b"].pk, site.pk))
    one = world["a"]
    assert _queries(one, WEEK) == _queries(three, WEEK)
    assert _queries(one, Period.parse("2026")) == _queries(three, Period.parse("2026"))
    assert _values(report.collect(three, WEEK))["repeat_complaints"] == 4


def test_x9_a_resident_complaining_twice_away_from_a_flat_is_a_repeat_too(
    world, branch_gm, client_for
):
    b, staff = world["org"]["b"], world["staff"]["b"]
    resident = services.add_resident(
        staff[Role.PROCESSOR], site=b, name="李四", phone="13900001111", kind=ReporterKind.TENANT
    )
    for day in (1, 6):  # Wednesday of the week, Monday of the next
        with time_machine.travel(at(2026, 7, day, 9), tick=False):
            services.log_form(
                staff[Role.PROCESSOR],
                site=b,
                source=Source.PHONE,
                reporter_kind=ReporterKind.TENANT,
                reporter_name="李四",
                reporter_phone="13900001111",
                category=Category.COMPLAINT,
                content="车库噪音",
                location="地下车库",
                resident=resident,
            )
    july = Period.parse("2026-07")
    data = report.collect(world["b"], july)
    assert _values(data)["repeat_complaints"] == 2
    repeat = _table(data, "repeat_complaints")
    assert repeat.rows == [["李四", b.name, 2]]
    elsewhere = _table(data, "by_building").rows[-1]
    assert elsewhere == ["非房屋（公共区域等）", 2]
    client = client_for(branch_gm)
    assert _count(client, repeat.links[0]) == 2
    assert _count(client, _table(data, "by_building").links[-1]) == 2
    # each week holds one of them: no repeat within either
    for week in (WEEK, WEEK.following()):
        assert _values(report.collect(world["b"], week))["repeat_complaints"] == 0
