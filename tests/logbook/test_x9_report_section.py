"""X-9: the control room's section of the reports, against records made through the services
in ISO week 49 of 2026 (Monday 30 November to Sunday 6 December: across a month's end), the
week before it and the same week a year earlier."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from infocenter.core import reports, worker
from infocenter.core import services as core_services
from infocenter.core.choices import Role
from infocenter.core.models import Department
from infocenter.core.reports import Period, ReportScope
from infocenter.logbook import services
from infocenter.logbook.choices import EntryKind, ReportChannel
from infocenter.logbook.report import collect
from tests.conftest import make_person

LOCAL = timezone.get_default_timezone()
WEEK = Period.parse("2026-W49")


def at(day, hour, minute=0):
    return dt.datetime(*day, hour, minute, tzinfo=LOCAL)


def run_worker(when):
    with time_machine.travel(when, tick=False):
        worker.run_once(at=when, echo=lambda _: None)


def scope_of(*sites, kind="site"):
    return ReportScope(
        kind,
        sites[0].pk if kind == "site" else None,
        sites[0].name,
        tuple(s.pk for s in sites),
        {s.pk: s.name for s in sites},
    )


def entry(p, site, department, when, *, known_hours_before):
    with time_machine.travel(when, tick=False):
        return services.record_entry(
            p,
            site=site,
            department=department,
            kind=EntryKind.INTERNAL_NOTICE,
            title="通知",
            starts_at=when,
            changed_at=when - dt.timedelta(hours=known_hours_before),
            channel=ReportChannel.PHONE,
            reported_by="王工",
        )


def missed_call(p, site, when, number="13800138000"):
    with time_machine.travel(when, tick=False):
        return services.log_missed_call(p, site=site, number=number)


def call_back(p, call, when):
    call.refresh_from_db()
    with time_machine.travel(when, tick=False):
        return services.call_back(p, call, version=call.version, subject="回电")


@pytest.fixture
def week(org, people, root):
    """Site A in week 49: entries 3 (one 2 hours late, 工程部), calls: one answered, three
    missed (one returned after 10 minutes, one after 45, one never), handovers 3 (one taken
    over in 10 minutes, one after 40, one never). Site B: one entry on time. The week before:
    one late entry at A on Sunday 29 November; a year before: one missed call at A."""
    a, b = org["a"], org["b"]
    p = people[Role.PROCESSOR]
    gc = Department.objects.get(site=a, code="gc")
    kf = Department.objects.get(site=a, code="kf")
    entry(p, a, gc, at((2026, 11, 30), 9), known_hours_before=1)
    entry(p, a, gc, at((2026, 12, 1), 10), known_hours_before=6)  # 2 hours late (limit 4)
    entry(p, a, kf, at((2026, 12, 6), 23, 30), known_hours_before=0)
    entry(p, a, gc, at((2026, 11, 29), 23, 30), known_hours_before=5)  # the week before
    entry(people[Role.PROCESSOR], a, kf, at((2026, 12, 7), 0, 10), known_hours_before=9)  # after
    b_processor = make_person(root, "b_processor", Role.PROCESSOR, site=b)
    entry(
        b_processor,
        b,
        Department.objects.get(site=b, code="kf"),
        at((2026, 12, 2), 8),
        known_hours_before=0,
    )

    with time_machine.travel(at((2026, 12, 1), 8), tick=False):
        services.log_call(p, site=a, number="13800138009", subject="咨询")
    quick = missed_call(p, a, at((2026, 12, 1), 9))
    call_back(p, quick, at((2026, 12, 1), 9, 10))
    slow = missed_call(p, a, at((2026, 12, 3), 14))
    run_worker(at((2026, 12, 3), 14, 31))
    call_back(p, slow, at((2026, 12, 3), 14, 45))
    missed_call(p, a, at((2026, 12, 5), 20))
    run_worker(at((2026, 12, 5), 20, 31))
    missed_call(p, a, at((2025, 12, 2), 9))  # the same week a year ago

    incoming = make_person(root, "u_processor2", Role.PROCESSOR, site=a)
    for start, accept_after in ((at((2026, 11, 30), 8), 10), (at((2026, 12, 2), 20), 40)):
        with time_machine.travel(start, tick=False):
            record = services.hand_over(
                p, site=a, incoming=incoming, shift="白班", equipment_state="正常"
            )
        if accept_after > 30:
            run_worker(start + dt.timedelta(minutes=31))
        with time_machine.travel(start + dt.timedelta(minutes=accept_after), tick=False):
            services.accept_handover(incoming, record, version=record.version)
    with time_machine.travel(at((2026, 12, 4), 8), tick=False):
        services.hand_over(p, site=a, incoming=incoming, shift="白班", equipment_state="正常")
    run_worker(at((2026, 12, 4), 8, 31))
    return {"a": a, "b": b, "gc": gc, "kf": kf}


def figures(data):
    return {f.key: f.value for f in data.figures}


def test_x9_control_room_figures_of_a_week_across_a_month_boundary(week):
    data = collect(scope_of(week["a"]), WEEK)
    assert figures(data) == {
        "entries": 3,
        "late_entries": 1,
        "late_entry_rate": 33.3,
        "calls": 4,
        "missed_calls": 3,
        "called_back": 2,
        "call_back_rate": 66.7,
        "call_back_late": 2,
        "call_back_minutes": 27.5,  # 10 and 45 minutes
        "handovers": 3,
        "handovers_late": 2,
        "handovers_waiting": 1,
    }
    by_department = {t.key: t for t in data.tables}["entries_by_department"]
    assert by_department.rows == [["工程部", 2, 1, 50.0], ["客服部", 1, 0, 0.0]]
    late = {t.key: t for t in data.tables}["late_entries"]
    assert [row[2] for row in late.rows] == ["工程部"] and late.rows[0][5] == 120
    chart = data.charts[0]
    assert chart.categories[0] == "11-30" and chart.categories[-1] == "12-06"
    assert chart.series[0]["data"] == [1, 1, 0, 0, 0, 0, 1]
    assert chart.series[1]["data"] == [0, 1, 0, 1, 0, 1, 0]
    assert "control_room_sites" not in {t.key for t in data.tables}  # one site: no comparison


def test_x9_control_room_comparisons_read_the_same_figures_without_the_tables(week):
    scope = scope_of(week["a"], week["b"], kind="branch")
    full, figures_only = collect(scope, WEEK), collect(scope, WEEK, detail=False)
    assert figures(figures_only) == figures(full) and full.tables and full.charts
    assert figures_only.tables == [] and figures_only.charts == []


def test_x9_control_room_each_figure_links_to_the_records_it_counts(week, people, client_for):
    data = collect(scope_of(week["a"]), WEEK)
    client = client_for(people[Role.PROCESSOR])
    counted = {
        "entries": "logbook/registry.html",
        "late_entries": "logbook/registry.html",
        "calls": "logbook/calls.html",
        "missed_calls": "logbook/calls.html",
        "called_back": "logbook/calls.html",
        "call_back_late": "logbook/calls.html",
        "handovers": "logbook/handovers.html",
        "handovers_late": "logbook/handovers.html",
        "handovers_waiting": "logbook/handovers.html",
    }
    for figure in data.figures:
        if figure.key not in counted:
            assert figure.unit in ("%", "min")
            continue
        response = client.get(figure.link)
        assert response.status_code == 200, figure.link
        assert len(response.context["page"].object_list) == figure.value, figure.key


def test_x9_control_room_compared_with_the_week_before_and_last_year(week, people):
    built = reports.build(people[Role.CS_MANAGER], scope_of(week["a"]), WEEK)
    section, data = next((s, d) for s, d in built if s.key == "control_room")
    by_key = {f.key: f for f in data.figures}
    assert (by_key["late_entries"].value, by_key["late_entries"].previous) == (1, 1)
    assert by_key["entries"].previous == 1 and by_key["entries"].last_year == 0
    assert (by_key["missed_calls"].previous, by_key["missed_calls"].last_year) == (0, 1)
    assert by_key["call_back_rate"].last_year == 0.0
    assert by_key["call_back_minutes"].previous is None


def test_x9_control_room_branch_compares_its_sites(week):
    data = collect(scope_of(week["a"], week["b"], kind="branch"), WEEK)
    assert figures(data)["entries"] == 4
    assert data.figures[0].link == ""  # no register page shows two sites at once
    sites = {t.key: t for t in data.tables}["control_room_sites"]
    assert sites.rows == [
        ["嘉陵商务中心", 1, 0, 0.0, 0, None, 0, 0],
        ["江岸花园", 3, 1, 33.3, 3, 66.7, 3, 2],
    ]
    assert (
        sites.links[1].endswith(f"site={week['a'].pk}") is False
        and f"site={week['a'].pk}" in sites.links[1]
    )
    departments = {t.key: t for t in data.tables}["entries_by_department"]
    assert len(departments.rows) == 3  # 客服部 of each site apart


def test_x9_control_room_queries_do_not_grow_with_the_sites(week, root, org):
    c = core_services.create_site(root, branch=org["branch"], name="南岸", code="sc")
    counts = []
    for scope in (scope_of(week["a"]), scope_of(week["a"], week["b"], c, kind="branch")):
        with CaptureQueriesContext(connection) as queries:
            collect(scope, WEEK)
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 10


def test_x9_control_room_section_only_for_those_who_may_see_it(week, people, root):
    outsider = make_person(root, "b_only", Role.PROCESSOR, site=week["b"])
    assert "control_room" not in {
        s.key for s, _d in reports.build(outsider, scope_of(week["a"]), WEEK)
    }
    assert "control_room" in {
        s.key for s, _d in reports.build(people[Role.PROCESSOR], scope_of(week["a"]), WEEK)
    }


def test_x9_control_room_api_lists_take_the_report_filters(week, people, api_for):
    api = "/api/v1/logbook"
    client = api_for(people[Role.PROCESSOR])
    site = week["a"].pk

    def listed(path):
        response = client.get(f"{api}/{path}")
        assert response.status_code == 200, response.content
        body = response.json()
        return body["results"] if isinstance(body, dict) else body

    assert len(listed(f"calls/?site={site}&missed=true")) == 4  # a year ago's too
    assert len(listed(f"calls/?site={site}&call_back_late=true")) == 3  # a year ago too
    assert len(listed(f"handovers/?site={site}&late=true")) == 2
    assert len(listed(f"handovers/?site={site}&late=false")) == 1
