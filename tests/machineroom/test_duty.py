"""MR-1: the duty roster, the day's duty checklist by the duty person, the last person out's
closing checklist, and the evening alert of a rostered day without them (through the worker).
MR-5/MR-6: serious events call the on-call staff out; power-use permits and fire-system changes
wait for the head."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from infocenter.core import recurring, worker
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, StaleEdit, ValidationFailed
from infocenter.core.models import AuditEvent, Deadline, OutboxMessage
from infocenter.machineroom import approvals
from infocenter.machineroom.choices import ClosingItem, DutyItem
from infocenter.machineroom.models import Callout, DutyAlert, RosterDay
from infocenter.machineroom.services import access as services
from infocenter.machineroom.services import duty, safety

ALL_OK = {code: (True, "") for code in DutyItem.values}
CLOSED_OK = {code: (True, "") for code in ClosingItem.values}


@pytest.fixture
def it(people):
    return people[Role.IT_STAFF]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def rostered(head, room, maintainer, it, today):
    """Today's duty: the maintainer, with the IT staff on call."""
    return duty.plan_roster(
        head, room=room, start=today, end=today, people=[maintainer], on_call=[it]
    )[0]


# -- the roster ---------------------------------------------------------------------------------


def test_mr1_head_plans_a_fortnight_in_turn_and_each_person_is_told(
    head, room, maintainer, it, today
):
    rows = duty.plan_roster(
        head,
        room=room,
        start=today,
        end=today + dt.timedelta(days=13),
        people=[maintainer, it],
        on_call=[head],
    )
    assert len(rows) == 14
    assert [r.person for r in rows[:4]] == [maintainer, it, maintainer, it]
    assert all(list(r.on_call.all()) == [head] for r in rows)
    assert (
        OutboxMessage.objects.filter(recipient=maintainer, subject__contains="on duty").count() == 1
    )
    again = duty.plan_roster(
        head, room=room, start=today, end=today + dt.timedelta(days=13), people=[it]
    )
    assert again == [] and RosterDay.objects.get(room=room, day=today).person == maintainer
    replaced = duty.plan_roster(
        head, room=room, start=today, end=today + dt.timedelta(days=1), people=[it], replace=True
    )
    assert [r.person for r in replaced] == [it, it]


def test_mr1_roster_refusals(head, room, maintainer, people, today):
    with pytest.raises(PermissionDenied):
        duty.plan_roster(maintainer, room=room, start=today, end=today, people=[maintainer])
    with pytest.raises(ValidationFailed) as refused:
        duty.plan_roster(
            head,
            room=room,
            start=today - dt.timedelta(days=1),
            end=today,
            people=[people[Role.PROCESSOR]],
            on_call=[people[Role.DEPT_HEAD]],
        )
    assert {"start", "people", "on_call"} <= set(refused.value.field_errors)
    assert "information-center staff" in str(refused.value.field_errors["people"])
    with pytest.raises(ValidationFailed) as too_long:
        duty.plan_roster(
            head, room=room, start=today, end=today + dt.timedelta(days=90), people=[maintainer]
        )
    assert "at most" in str(too_long.value.field_errors["end"])
    with pytest.raises(ValidationFailed) as nobody:
        duty.plan_roster(head, room=room, start=today + dt.timedelta(days=2), end=today, people=[])
    assert {"end", "people"} <= set(nobody.value.field_errors)


def test_mr1_change_a_day_until_its_checklist_is_done(head, rostered, maintainer, it):
    changed = duty.change_roster_day(
        head, rostered, version=rostered.version, person=it, on_call=[maintainer], note="吴磊调休"
    )
    assert changed.person == it and list(changed.on_call.all()) == [maintainer]
    assert OutboxMessage.objects.filter(recipient=maintainer, subject__contains="→").exists()
    with pytest.raises(StaleEdit):
        duty.change_roster_day(head, changed, version=rostered.version, person=maintainer)
    duty.record_duty_check(it, changed, version=changed.version, results=ALL_OK)
    with pytest.raises(Conflict, match="is done"):
        duty.change_roster_day(head, changed, version=changed.version, person=maintainer)
    with pytest.raises(PermissionDenied):
        duty.change_roster_day(maintainer, changed, version=changed.version, person=maintainer)


def test_mr1_head_swaps_two_days_until_a_checklist_is_done(head, room, maintainer, it, today, site):
    first, second, third = duty.plan_roster(
        head, room=room, start=today, end=today + dt.timedelta(days=2), people=[maintainer, it]
    )
    with pytest.raises(ValidationFailed):
        duty.swap_roster_days(
            head, first, version=first.version, other=first, other_version=first.version
        )
    other_room = services.add_room(head, site=site, name="弱电间")
    elsewhere = duty.plan_roster(head, room=other_room, start=today, end=today, people=[it])[0]
    with pytest.raises(ValidationFailed):
        duty.swap_roster_days(
            head, first, version=first.version, other=elsewhere, other_version=elsewhere.version
        )
    with pytest.raises(PermissionDenied):
        duty.swap_roster_days(
            maintainer, first, version=first.version, other=second, other_version=second.version
        )
    swapped = duty.swap_roster_days(
        head, first, version=first.version, other=second, other_version=second.version
    )
    second.refresh_from_db()
    assert swapped.person == it and second.person == maintainer
    assert OutboxMessage.objects.filter(recipient=it, subject__contains="swapped").exists()
    with pytest.raises(StaleEdit):
        duty.swap_roster_days(
            head, swapped, version=first.version, other=third, other_version=third.version
        )
    duty.record_duty_check(it, swapped, version=swapped.version, results=ALL_OK)
    with pytest.raises(Conflict, match="is done"):
        duty.swap_roster_days(
            head, third, version=third.version, other=swapped, other_version=swapped.version
        )


# -- the duty checklist -------------------------------------------------------------------------


def test_mr1_duty_person_fills_the_checklist_and_a_problem_tells_the_head(
    rostered, maintainer, head
):
    results = ALL_OK | {"hygiene": (False, "地面有积灰")}
    check = duty.record_duty_check(maintainer, rostered, version=rostered.version, results=results)
    assert check.problems == 1 and check.on_behalf_of is None
    assert [r["item"] for r in check.results] == DutyItem.values
    assert OutboxMessage.objects.filter(
        recipient=head, subject__contains="1 problem", body__contains="积灰"
    ).exists()
    with pytest.raises(Conflict, match="was done by"):
        duty.record_duty_check(maintainer, rostered, version=rostered.version, results=ALL_OK)


def test_mr1_only_the_duty_person_or_the_head_on_their_behalf(
    rostered, it, head, maintainer, people
):
    with pytest.raises(PermissionDenied, match="only they"):
        duty.record_duty_check(it, rostered, version=rostered.version, results=ALL_OK)
    with pytest.raises(PermissionDenied):
        duty.record_duty_check(
            people[Role.AUDITOR], rostered, version=rostered.version, results=ALL_OK
        )
    check = duty.record_duty_check(head, rostered, version=rostered.version, results=ALL_OK)
    assert check.done_by == head and check.on_behalf_of == maintainer


def test_mr1_every_item_answered_and_a_problem_explained(rostered, maintainer):
    with pytest.raises(ValidationFailed) as refused:
        duty.record_duty_check(
            maintainer,
            rostered,
            version=rostered.version,
            results={"tidy": (True, ""), "hygiene": (False, " ")},
        )
    errors = refused.value.field_errors
    assert "note_hygiene" in errors and {"ok_doors_windows", "ok_conduct", "ok_secured"} <= set(
        errors
    )
    assert not hasattr(RosterDay.objects.get(pk=rostered.pk), "duty_check")


def test_mr1_checklist_only_on_its_day_and_not_on_a_stale_roster(head, room, maintainer, today):
    tomorrow = duty.plan_roster(
        head,
        room=room,
        start=today + dt.timedelta(days=1),
        end=today + dt.timedelta(days=1),
        people=[maintainer],
    )[0]
    with pytest.raises(Conflict, match="on its day"):
        duty.record_duty_check(maintainer, tomorrow, version=tomorrow.version, results=ALL_OK)
    row = duty.plan_roster(head, room=room, start=today, end=today, people=[maintainer])[0]
    with pytest.raises(StaleEdit):
        duty.record_duty_check(maintainer, row, version=row.version + 1, results=ALL_OK)


# -- the closing checklist ----------------------------------------------------------------------


def test_mr1_mr6_last_person_out_closes_and_a_problem_alerts_head_and_maintainers(
    room, it, head, maintainer
):
    check = duty.record_closing(
        it, room=room, results=CLOSED_OK | {"fire": (False, "灭火器压力不足")}
    )
    assert check.problems == 1 and check.day == timezone.localdate()
    for person in (head, maintainer):
        assert OutboxMessage.objects.filter(
            recipient=person, subject__contains="Closing checklist"
        ).exists()
    with pytest.raises(Conflict, match="was closed by"):
        duty.record_closing(maintainer, room=room, results=CLOSED_OK)
    with pytest.raises(ValidationFailed) as missing:
        duty.record_closing(
            maintainer,
            room=services.add_room(head, site=room.site, name="弱电间"),
            results={"doors": (False, "")},
        )
    assert {"note_doors", "ok_windows", "ok_power", "ok_fire"} <= set(missing.value.field_errors)


def test_mr1_closing_refused_while_visitors_are_inside_and_staff_named(
    approved, room, maintainer, it, people
):
    services.sign_in_staff(maintainer, room=room)
    visit = services.sign_in_visitor(maintainer, request=approved(), name="王师傅")
    with pytest.raises(Conflict, match="王师傅"):
        duty.record_closing(it, room=room, results=CLOSED_OK)
    services.sign_out(maintainer, visit, version=visit.version)
    with pytest.raises(PermissionDenied):
        duty.record_closing(people[Role.PROCESSOR], room=room, results=CLOSED_OK)
    check = duty.record_closing(it, room=room, results=CLOSED_OK)
    assert check.still_inside == [maintainer.full_name]


# -- the evening check (the worker) -------------------------------------------------------------


def test_mr1_a_day_without_its_checklists_raises_an_alert_once(
    rostered, site, room, maintainer, head, today
):
    evening = timezone.make_aware(dt.datetime.combine(today, dt.time(22, 1)))
    with time_machine.travel(evening - dt.timedelta(hours=12), tick=False):
        recurring.ensure_all()
    clock = Deadline.objects.get(kind=duty.K_DAY_CHECK, site_id=site.pk, state="scheduled")
    assert timezone.localtime(clock.due_at).time() == dt.time(22, 0)
    duty.record_closing(maintainer, room=room, results=CLOSED_OK)
    with time_machine.travel(evening, tick=False):
        worker.run_once(at=evening, echo=lambda _line: None)
    alert = DutyAlert.objects.get()
    assert alert.kind == "duty_missing" and alert.day == today and alert.resolved_at is None
    for person in (maintainer, head):
        assert OutboxMessage.objects.filter(
            recipient=person, subject__contains="Duty checklist not done"
        ).exists()
    assert (
        Deadline.objects.filter(kind=duty.K_DAY_CHECK, site_id=site.pk, state="scheduled").count()
        == 1
    )
    assert duty.check_day(site, evening) == 0  # idempotent
    assert (
        DutyAlert.objects.count() == 1 and AuditEvent.objects.filter(kind="duty.alert").count() == 1
    )


def test_mr1_alert_resolved_when_the_checklist_is_done_late(rostered, site, maintainer, today):
    with time_machine.travel(
        timezone.make_aware(dt.datetime.combine(today, dt.time(22, 5))), tick=False
    ):
        assert duty.check_day(site, timezone.now()) == 2
        duty.record_duty_check(maintainer, rostered, version=rostered.version, results=ALL_OK)
    kinds = dict(DutyAlert.objects.values_list("kind", "resolved_at"))
    assert kinds["duty_missing"] is not None and kinds["closing_missing"] is None


def test_mr1_a_late_worker_still_checks_the_right_evening(rostered, site, today):
    next_morning = timezone.make_aware(
        dt.datetime.combine(today + dt.timedelta(days=1), dt.time(8))
    )
    assert duty.evening_of(next_morning) == today
    assert duty.evening_of(timezone.make_aware(dt.datetime.combine(today, dt.time(22)))) == today
    with time_machine.travel(next_morning, tick=False):
        recurring.ensure_all(next_morning - dt.timedelta(days=1))
        worker.run_once(at=next_morning, echo=lambda _line: None)
    assert set(DutyAlert.objects.values_list("day", flat=True)) == {today}


def test_mr1_no_alert_for_a_room_without_a_roster(room, site, today):
    assert duty.check_day(site, timezone.make_aware(dt.datetime.combine(today, dt.time(22)))) == 0


# -- serious events (MR-1, MR-5, MR-6) ----------------------------------------------------------


def test_mr1_serious_event_calls_out_the_on_call_staff_at_once(
    rostered, room, people, it, maintainer, head
):
    event = safety.report_event(
        people[Role.PROCESSOR], room=room, kind="break_in", description="机房后门被撬"
    )
    callouts = {c.person: c for c in event.callouts.all()}
    assert set(callouts) == {it, maintainer, head} and callouts[it].on_call
    assert OutboxMessage.objects.filter(recipient=it, subject__startswith="URGENT").exists()
    callout = safety.acknowledge_callout(it, event)
    assert callout.acknowledged_at is not None
    with pytest.raises(Conflict, match="acknowledged"):
        safety.acknowledge_callout(it, event)
    with pytest.raises(PermissionDenied):
        safety.acknowledge_callout(people[Role.PROCESSOR], event)
    safety.record_arrival(maintainer, event, person=it)
    assert Callout.objects.get(event=event, person=it).arrived_at is not None
    with pytest.raises(PermissionDenied):
        safety.record_arrival(people[Role.PROCESSOR], event, person=head)
    with pytest.raises(ValidationFailed):
        safety.close_event(maintainer, event, version=event.version, outcome=" ")
    closed = safety.close_event(
        maintainer, event, version=event.version, outcome="已报警，派出所出警，无设备丢失"
    )
    assert closed.state == "closed"
    with pytest.raises(Conflict, match="closed"):
        safety.record_arrival(head, closed)


def test_mr1_without_a_roster_everyone_of_the_information_center_is_called(room, people):
    event = safety.report_event(
        people[Role.MR_MAINTAINER], room=room, kind="flooding", description="空调漏水"
    )
    assert {c.person.pk for c in event.callouts.all()} == {
        people[r].pk for r in (Role.IC_HEAD, Role.MR_MAINTAINER, Role.IT_STAFF)
    }


def test_mr5_mr6_event_refusals_and_hazards(room, people, head, maintainer):
    with pytest.raises(PermissionDenied):
        safety.report_event(people[Role.DEPT_STAFF], room=room, kind="fire", description="冒烟")
    with pytest.raises(ValidationFailed) as refused:
        safety.report_event(
            maintainer,
            room=room,
            kind="fire_hazard",
            description="插线板过载",
            measures="",
            occurred_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert {"measures", "occurred_at"} <= set(refused.value.field_errors)
    hazard = safety.report_event(
        maintainer,
        room=room,
        kind="electrical_hazard",
        description="插线板过载发热",
        measures="已断开插线板，待电工更换",
    )
    assert not hazard.callouts.exists()
    with pytest.raises(Conflict, match="not called out"):
        safety.acknowledge_callout(maintainer, hazard)
    assert OutboxMessage.objects.filter(
        recipient=head, subject__contains="Electrical hazard"
    ).exists()
    with pytest.raises(Conflict, match="power outage"):
        safety.record_outage(maintainer, hazard, version=hazard.version, ups_on_battery=True)


def test_mr5_power_outage_closes_only_with_the_ups_and_generator_procedure(room, maintainer):
    event = safety.report_event(maintainer, room=room, kind="power_outage", description="市电中断")
    with pytest.raises(Conflict, match="UPS"):
        safety.close_event(maintainer, event, version=event.version, outcome="恢复")
    now = timezone.now()
    with pytest.raises(ValidationFailed) as bad:
        safety.record_outage(
            maintainer,
            event,
            version=event.version,
            ups_on_battery=None,
            generator_running_at=now - dt.timedelta(minutes=30),
        )
    assert {"ups_on_battery", "generator_running_at"} <= set(bad.value.field_errors)
    event = safety.record_outage(
        maintainer,
        event,
        version=event.version,
        ups_on_battery=True,
        generator_called_at=now - dt.timedelta(minutes=50),
        generator_running_at=now - dt.timedelta(minutes=20),
        power_restored_at=now,
    )
    with pytest.raises(StaleEdit):
        safety.close_event(maintainer, event, version=event.version - 1, outcome="x")
    event = safety.close_event(
        maintainer, event, version=event.version, outcome="UPS 供电 30 分钟，发电机接续，市电恢复"
    )
    assert event.state == "closed" and event.ups_on_battery is True


# -- power-use permits (MR-5) and fire-system changes (MR-6) -------------------------------------


@pytest.fixture
def period():
    now = timezone.now()
    return {"starts_at": now + dt.timedelta(hours=1), "ends_at": now + dt.timedelta(hours=5)}


def test_mr5_power_permit_above_the_threshold_approved_by_the_head(
    room, people, head, period, maintainer
):
    asker = people[Role.DEPT_HEAD]
    with pytest.raises(ValidationFailed) as small:
        safety.request_power(
            asker, room=room, equipment="笔记本", watts=90, supply="墙插", reason="调试", **period
        )
    assert "needs no permit" in str(small.value.field_errors["watts"])
    assert "lines_checked" in small.value.field_errors
    outsider = safety.request_power(
        asker,
        room=room,
        equipment="熔接机",
        watts=200,
        supply="检修电源箱",
        reason="光缆熔接",
        organisation="重庆电信",
        lines_checked=True,
        **period,
    )
    permit = safety.request_power(
        asker,
        room=room,
        equipment="工业热风机",
        watts=2000,
        supply="检修电源箱",
        reason="除湿",
        lines_checked=True,
        **period,
    )
    assert "-YD-" in permit.serial and outsider.state == "requested"
    assert OutboxMessage.objects.filter(recipient=head, subject__contains=permit.serial).exists()
    assert [
        w.title.split()[0] for w in approvals.waiting_for(head) if w.kind == "Power-use permit"
    ] == [outsider.serial, permit.serial]
    with pytest.raises(PermissionDenied):
        safety.approve_permit(maintainer, permit, version=permit.version)
    with pytest.raises(ValidationFailed):
        safety.refuse_permit(head, permit, version=permit.version, note="")
    permit = safety.approve_permit(head, permit, version=permit.version, note="注意线路负载")
    assert OutboxMessage.objects.filter(recipient=asker, subject__contains="Approved").exists()
    assert Deadline.objects.filter(
        kind=safety.K_POWER_END, subject_id=str(permit.pk), state="scheduled"
    ).exists()
    with pytest.raises(Conflict):
        safety.refuse_permit(head, permit, version=permit.version, note="重复")
    with pytest.raises(ValidationFailed):
        safety.finish_permit(maintainer, permit, version=permit.version, note="")
    permit = safety.finish_permit(maintainer, permit, version=permit.version, note="已断电拔除")
    assert permit.state == "done"
    assert not Deadline.objects.filter(
        kind=safety.K_POWER_END, subject_id=str(permit.pk), state="scheduled"
    ).exists()


def test_mr5_site_threshold_is_configurable(head, site, room, people, period, maintainer):
    with pytest.raises(PermissionDenied):
        safety.update_policy(maintainer, site=site, version=1, power_threshold_watts=500)
    with pytest.raises(ValidationFailed):
        safety.update_policy(head, site=site, version=1, power_threshold_watts=10)
    safety.update_policy(head, site=site, version=1, power_threshold_watts=500)
    with pytest.raises(StaleEdit):
        safety.update_policy(head, site=site, version=1, power_threshold_watts=800)
    permit = safety.request_power(
        people[Role.IT_STAFF],
        room=room,
        equipment="电烙铁",
        watts=800,
        supply="工作台",
        reason="焊接",
        lines_checked=True,
        **period,
    )
    assert permit.watts == 800


def test_mr5_permit_end_reminds_when_not_finished(room, people, head, period, maintainer):
    permit = safety.request_power(
        people[Role.IT_STAFF],
        room=room,
        equipment="热风机",
        watts=2000,
        supply="检修箱",
        reason="除湿",
        lines_checked=True,
        **period,
    )
    permit = safety.approve_permit(head, permit, version=permit.version)
    worker.run_once(at=permit.ends_at + dt.timedelta(minutes=1), echo=lambda _line: None)
    assert OutboxMessage.objects.filter(recipient=maintainer, subject__contains="ended at").exists()


def test_mr6_fire_system_change_needs_the_heads_approval(room, maintainer, head, people, period):
    with pytest.raises(ValidationFailed) as refused:
        safety.request_fire_change(
            maintainer,
            room=room,
            kind="move",
            equipment="",
            current="",
            proposed="",
            reason="",
            safeguards="",
            starts_at=period["ends_at"],
            ends_at=period["starts_at"],
        )
    assert {"kind", "equipment", "current", "proposed", "reason", "safeguards", "ends_at"} <= set(
        refused.value.field_errors
    )
    change = safety.request_fire_change(
        maintainer,
        room=room,
        kind="state",
        equipment="气体灭火控制器",
        current="自动",
        proposed="手动",
        reason="机柜施工防误喷",
        safeguards="施工期间专人值守，手提灭火器到位",
        **period,
    )
    assert "-XF-" in change.serial
    assert any(w.kind == "Fire-system change" for w in approvals.waiting_for(head))
    with pytest.raises(PermissionDenied):
        safety.cancel_permit(people[Role.DEPT_HEAD], change, version=change.version)
    change = safety.refuse_permit(head, change, version=change.version, note="施工改期，届时再申请")
    assert change.state == "refused" and change.decided_by == head
    assert OutboxMessage.objects.filter(recipient=maintainer, subject__contains="Refused").exists()
    assert not [w for w in approvals.waiting_for(head) if w.kind == "Fire-system change"]
    with pytest.raises(Conflict):
        safety.approve_permit(head, change, version=change.version)


def test_mr1_silent_callouts_are_called_again_and_the_head_told(
    rostered, room, it, head, maintainer
):
    event = safety.report_event(maintainer, room=room, kind="theft", description="机柜内硬盘丢失")
    safety.acknowledge_callout(it, event)
    clock = Deadline.objects.get(kind=safety.K_CALLOUT, subject_id=str(event.pk))
    assert clock.due_at == event.reported_at + safety.CALLOUT_CHASE
    worker.run_once(at=clock.due_at + dt.timedelta(seconds=1), echo=lambda _line: None)
    assert OutboxMessage.objects.filter(
        recipient=maintainer, subject__contains="second call"
    ).exists()
    assert not OutboxMessage.objects.filter(recipient=it, subject__contains="second call").exists()
    told = OutboxMessage.objects.get(
        recipient=head, subject__contains="have not acknowledged", channel="in_app"
    )
    assert maintainer.full_name in told.subject and it.full_name not in told.subject


def test_mr1_open_events_are_carried_in_the_shift_handover(room, maintainer, site):
    from infocenter.core import handover

    event = safety.report_event(maintainer, room=room, kind="fire", description="烟感报警")
    rows = {s["key"]: s["rows"] for s in handover.snapshot(site)}["mr_events"]
    assert [r["serial"] for r in rows] == [event.serial]
    safety.close_event(maintainer, event, version=event.version, outcome="误报")
    assert not {s["key"]: s["rows"] for s in handover.snapshot(site)}["mr_events"]
    assert (
        Deadline.objects.get(kind=safety.K_CALLOUT, subject_id=str(event.pk)).state == "cancelled"
    )
