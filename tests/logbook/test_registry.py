"""LOG-3: the information registry: departments' changes with period and buildings, late reports
flagged and counted, and a "now" board that answers in one search."""

import datetime as dt

import pytest
from django.utils import timezone

from infocenter.core import services as core
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.core.models import Building, Department
from infocenter.logbook import selectors, services
from infocenter.logbook.choices import EntryKind, EntryState, ReportChannel

from .conftest import hours


@pytest.fixture
def building3(root, site):
    core.create_building(root, site=site, name="3栋", floors=2, units=["1单元"], rooms_per_floor=1)
    return Building.objects.get(site=site, name="3栋")


def record(actor, site, department, **kw):
    now = timezone.now()
    values = {
        "kind": EntryKind.POWER_OUTAGE,
        "title": "检修停电",
        "starts_at": now - hours(1),
        "ends_at": now + hours(2),
        "changed_at": now - hours(1),
        "channel": ReportChannel.PHONE,
        "reported_by": "王工",
        **kw,
    }
    return services.record_entry(actor, site=site, department=department, **values)


def test_log3_now_board_answers_power_cut_in_building_3(site, people, gc, building, building3):
    p = people[Role.PROCESSOR]
    cut3 = record(p, site, gc, title="3栋配电柜检修", buildings=[building3])
    cut1 = record(p, site, gc, title="1栋配电柜检修", buildings=[building])
    water = record(p, site, gc, kind=EntryKind.WATER_OUTAGE, title="全区停水")  # whole site
    assert [e.pk for e in selectors.now_board(p, site=site, q="3栋停电")] == [cut3.pk]
    assert [e.pk for e in selectors.now_board(p, site=site, q="3号楼 停电")] == [cut3.pk]
    assert [e.pk for e in selectors.now_board(p, site=site, q="3栋停水")] == [
        water.pk
    ]  # the whole site counts
    assert {e.pk for e in selectors.now_board(p, site=site, q="停电")} == {cut3.pk, cut1.pk}
    assert selectors.now_board(p, site=site, q="停气").count() == 0


def test_log3_entries_leave_the_board_when_they_end(site, people, gc):
    p = people[Role.PROCESSOR]
    now = timezone.now()
    ending = record(p, site, gc, ends_at=now + hours(1))
    later = record(
        p, site, gc, title="明天停电", starts_at=now + hours(20), ends_at=now + hours(22)
    )
    open_ended = record(p, site, gc, title="无限期", ends_at=None)
    assert {e.pk for e in selectors.now_board(p, site=site)} == {ending.pk, open_ended.pk}
    assert {e.pk for e in selectors.now_board(p, site=site, at=now + hours(21))} == {
        later.pk,
        open_ended.pk,
    }
    assert later in selectors.upcoming_entries(p, site=site)
    ended = services.end_entry(p, open_ended, version=open_ended.version, note="已恢复供电")
    assert ended.state == EntryState.ENDED and ended.ends_at <= timezone.now()
    assert open_ended.pk not in {e.pk for e in selectors.now_board(p, site=site)}


def test_log3_late_reports_are_flagged_and_counted_per_department(site, people, gc):
    p = people[Role.PROCESSOR]
    now = timezone.now()
    on_time = record(p, site, gc, changed_at=now - hours(3.9))
    late = record(p, site, gc, changed_at=now - hours(6))
    zx = Department.objects.get(site=site, code="zx")
    record(
        p, site, zx, kind=EntryKind.COMMUNITY_EVENT, title="中秋游园", changed_at=now - hours(30)
    )
    assert not on_time.late and late.late and 115 <= late.late_minutes <= 121
    rows = selectors.late_reports(p, site=site, start=now - hours(1), end=now + hours(1))
    assert {r["department"]: (r["total"], r["late"]) for r in rows} == {
        "工程部": (2, 1),
        "秩序部": (1, 1),
    }


def test_log3_the_limit_is_a_site_policy(site, people, gc):
    policy = services.update_policy(
        people[Role.CS_MANAGER],
        site=site,
        version=1,
        report_within_hours=8,
        accept_within_minutes=30,
        call_back_within_minutes=30,
    )
    assert policy.report_within_hours == 8
    assert not record(people[Role.PROCESSOR], site, gc, changed_at=timezone.now() - hours(6)).late
    with pytest.raises(ValidationFailed) as exc:
        services.update_policy(
            people[Role.CS_MANAGER],
            site=site,
            version=policy.version,
            report_within_hours=0,
            accept_within_minutes=30,
            call_back_within_minutes=30,
        )
    assert "report_within_hours" in exc.value.field_errors
    with pytest.raises(Conflict):  # stale
        services.update_policy(
            people[Role.CS_MANAGER],
            site=site,
            version=1,
            report_within_hours=6,
            accept_within_minutes=30,
            call_back_within_minutes=30,
        )


def test_log3_a_department_reports_for_itself_only(site, people, gc):
    head = people[Role.DEPT_HEAD]  # head of 工程部
    entry = record(head, site, gc, channel=ReportChannel.PHONE, reported_by="")
    assert entry.channel == ReportChannel.SYSTEM and entry.reported_by == str(head)
    with pytest.raises(PermissionDenied):
        record(head, site, Department.objects.get(site=site, code="zx"))
    with pytest.raises(PermissionDenied):
        record(people[Role.CS_ASSISTANT], site, gc)


def test_log3_refusals_explain(site, people, gc, org):
    p = people[Role.PROCESSOR]
    now = timezone.now()
    other_building = Building.objects.get(site=org["b"])
    with pytest.raises(ValidationFailed) as exc:
        record(
            p,
            site,
            gc,
            kind="flood",
            title="",
            reported_by="",
            ends_at=now - hours(2),
            changed_at=now + hours(1),
            buildings=[other_building],
        )
    assert set(exc.value.field_errors) == {
        "kind",
        "title",
        "reported_by",
        "ends_at",
        "changed_at",
        "buildings",
    }
    entry = record(p, site, gc)
    with pytest.raises(ValidationFailed):
        services.withdraw_entry(p, entry, version=entry.version, note="")
    withdrawn = services.withdraw_entry(p, entry, version=entry.version, note="停电取消")
    with pytest.raises(Conflict):
        services.end_entry(p, withdrawn, version=withdrawn.version)


def test_log3_reschedule_extends_an_outage(site, people, gc):
    p = people[Role.PROCESSOR]
    entry = record(p, site, gc)
    later = entry.ends_at + dt.timedelta(hours=3)
    moved = services.reschedule_entry(
        p, entry, version=entry.version, starts_at=entry.starts_at, ends_at=later
    )
    assert moved.ends_at == later
    with pytest.raises(Conflict):
        services.reschedule_entry(
            p, entry, version=entry.version, starts_at=entry.starts_at, ends_at=later
        )


def test_log3_the_worker_ends_an_entry_at_its_end_time(site, people, gc):
    from infocenter.core import worker
    from infocenter.core.models import Deadline

    p = people[Role.PROCESSOR]
    entry = record(p, site, gc)
    worker.run_once(at=entry.ends_at - dt.timedelta(minutes=1), echo=lambda _: None)
    entry.refresh_from_db()
    assert entry.state == EntryState.ACTIVE
    worker.run_once(at=entry.ends_at + dt.timedelta(minutes=1), echo=lambda _: None)
    entry.refresh_from_db()
    assert entry.state == EntryState.ENDED and entry.ended_at == entry.ends_at
    # moved before it ends: the clock moves with it; ended by hand: the clock is cancelled
    other = record(p, site, gc)
    later = other.ends_at + dt.timedelta(hours=5)
    other = services.reschedule_entry(
        p, other, version=other.version, starts_at=other.starts_at, ends_at=later
    )
    clocks = Deadline.objects.filter(subject_id=str(other.pk), kind="lb.entry_end")
    assert sorted(c.state for c in clocks) == ["cancelled", "scheduled"]
    services.end_entry(p, other, version=other.version)
    assert not clocks.filter(state="scheduled").exists()
