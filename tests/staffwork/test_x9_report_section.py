"""X-9, the staff-work section of the reports: the endpoint registry's registration and
real-name rates (IT-2) of the scope's sites as they stood at the end of the period, from the
registry's daily snapshots; shown to who reads the IT staff's records."""

import datetime as dt

import pytest
import time_machine

from infocenter.core import reports
from infocenter.core.choices import Role
from infocenter.core.reports import Period, ReportScope
from infocenter.staffwork import report
from infocenter.staffwork.models import EndpointSnapshot

WEEK = Period.parse("2026-W49")  # Monday 30 November to Sunday 6 December 2026


@pytest.fixture(autouse=True)
def read_on_thursday_after():
    with time_machine.travel(dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def snap(site, day, total, registered, real_name):
    EndpointSnapshot.objects.create(
        site=site, day=day, total=total, registered=registered, real_name=real_name
    )


def scope_of(*sites, kind="site"):
    names = {s.pk: s.name for s in sites}
    return ReportScope(kind, sites[0].pk, "scope", tuple(names), names)


def values(data):
    return {f.key: f.value for f in data.figures}


def test_x9_staff_work_rates_as_they_stood_at_the_end_of_the_period(org):
    a, b = org["a"], org["b"]
    snap(a, dt.date(2026, 11, 20), 10, 8, 5)  # before the week: the week before's figures
    snap(a, dt.date(2026, 12, 2), 12, 11, 6)  # in the week: its latest
    snap(a, dt.date(2026, 12, 9), 20, 20, 20)  # after the week: not read
    snap(b, dt.date(2026, 12, 5), 4, 2, 1)
    data = report.collect(scope_of(a, b, kind="branch"), WEEK)
    assert values(data) == {
        "endpoints": 16,
        "registered": 13,
        "registration_rate": 81.2,
        "real_name": 7,
        "real_name_rate": 43.8,
    }
    (table,) = data.tables
    assert [row[:2] + row[4:] for row in table.rows] == sorted(
        [[a.name, 12, "2026-12-02"], [b.name, 4, "2026-12-05"]]
    )
    assert report.collect(scope_of(a, b, kind="branch"), WEEK, detail=False).tables == []
    # a site with no snapshot yet counts nothing; its rates are not a number
    empty = report.collect(scope_of(a), Period.parse("2026-W40"))
    assert values(empty)["endpoints"] == 0 and values(empty)["registration_rate"] is None


def test_x9_staff_work_compared_and_linked_to_the_registry(org, people):
    a = org["a"]
    snap(a, dt.date(2026, 11, 25), 10, 5, 5)
    snap(a, dt.date(2026, 12, 6), 10, 8, 6)
    built = reports.build(people[Role.IC_HEAD], scope_of(a), WEEK)
    section, data = next((s, d) for s, d in built if s.key == "staff_work")
    figures = {f.key: f for f in data.figures}
    assert (figures["registered"].value, figures["registered"].previous) == (8, 5)
    assert figures["registered"].link == f"/staffwork/endpoints/?site={a.pk}&registered=true"
    assert figures["real_name"].link.endswith("real_name_bound=true")
    # over the branch the registry, one site at a time, is offered site by site
    branch = report.collect(scope_of(a, org["b"], kind="branch"), WEEK, detail=False)
    by_site = {f.key for f in branch.figures if f.by_site}
    assert by_site == {"endpoints", "registered", "real_name"}
    assert not any(f.link for f in branch.figures)


def test_x9_staff_work_section_is_for_who_reads_the_it_staffs_records(org, people):
    scope = scope_of(org["a"])
    assert "staff_work" in [s.key for s in reports.sections_for(people[Role.IC_HEAD], scope)]
    assert "staff_work" in [s.key for s in reports.sections_for(people[Role.BRANCH_GM], scope)]
    assert "staff_work" not in [s.key for s in reports.sections_for(people[Role.CS_MANAGER], scope)]
