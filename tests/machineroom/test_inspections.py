"""MR-9, MR-10: checklists, rounds made by the worker from recurrence rules, results, a failed
item's work order (linked both ways, never twice), refusals, core-device alarms and network faults."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from infocenter.core import worker
from infocenter.core.choices import Role
from infocenter.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    StaleEdit,
    ValidationFailed,
)
from infocenter.core.models import Deadline, OutboxMessage
from infocenter.machineroom.models import InspectionRound
from infocenter.machineroom.services import incidents, inspections
from infocenter.servicedesk.models import WorkOrder

from .conftest import photo

pytestmark = pytest.mark.django_db
LOCAL = timezone.get_default_timezone()


def entries_for(record, **by_label):
    """``{label: {...}}`` → entries keyed by result id."""
    results = {r.label: r.pk for r in record.results.all()}
    return {results[label]: value for label, value in by_label.items()}


def all_normal(record, temperature="22.5"):
    return entries_for(
        record,
        机房温度={"reading": Decimal(temperature)},
        机房湿度={"reading": Decimal(55)},
        **{"UPS 运行状态": {"outcome": "pass", "photo": photo()}},
        灭火器压力={"outcome": "pass"},
    )


def test_mr9_checklist_items_with_ranges(checklist):
    items = list(checklist.items.all())
    assert [i.label for i in items] == ["机房温度", "机房湿度", "UPS 运行状态", "灭火器压力"]
    assert items[0].normal_range == "18–27 °C"
    assert items[2].photo_required and items[2].unit == ""


def test_mr9_checklist_refusals(maintainer, site, room, checklist, people):
    with pytest.raises(ValidationFailed) as exc:
        inspections.add_checklist(
            maintainer, site=site, name="机房日常巡检", target="area", room=None
        )
    assert set(exc.value.field_errors) == {"name", "room"}
    with pytest.raises(ValidationFailed) as exc:
        inspections.add_checklist_item(
            maintainer, checklist, version=checklist.version, label="电压", kind="reading", unit=""
        )
    assert exc.value.field_errors["min_value"] == [
        "A reading needs its normal range: a lowest or a highest value, or both."
    ]
    assert "unit" in exc.value.field_errors
    with pytest.raises(ValidationFailed) as exc:
        inspections.add_checklist_item(
            maintainer,
            checklist,
            version=checklist.version,
            label="电压",
            kind="reading",
            unit="V",
            min_value=Decimal(240),
            max_value=Decimal(200),
        )
    assert exc.value.field_errors["max_value"] == ["The highest normal value is below the lowest."]
    with pytest.raises(StaleEdit):
        inspections.add_checklist_item(
            maintainer, checklist, version=checklist.version - 1, label="门窗", kind="check"
        )
    with pytest.raises(PermissionDenied):
        inspections.add_checklist(
            people[Role.IT_STAFF], site=site, name="新表", target="device", device="防火墙"
        )


def test_mr9_items_move_up_and_down(maintainer, checklist):
    ups = checklist.items.get(label="UPS 运行状态")
    checklist = inspections.move_checklist_item(maintainer, ups, version=checklist.version, up=True)
    assert [i.label for i in checklist.items.order_by("position")][:3] == [
        "机房温度",
        "UPS 运行状态",
        "机房湿度",
    ]
    first = checklist.items.get(label="机房温度")
    with pytest.raises(Conflict):
        inspections.move_checklist_item(maintainer, first, version=checklist.version, up=True)
    with pytest.raises(StaleEdit):
        inspections.move_checklist_item(maintainer, first, version=checklist.version - 1, up=False)


def test_mr9_round_copies_items_and_later_edits_do_not_change_it(maintainer, checklist, open_round):
    item = checklist.items.get(label="灭火器压力")
    inspections.remove_checklist_item(maintainer, item, version=checklist.version)
    assert open_round.results.count() == 4
    assert checklist.items.count() == 3


def test_mr9_submit_refused_while_something_required_is_missing(maintainer, open_round):
    entries = entries_for(
        open_round, 机房温度={"reading": Decimal("22")}, **{"UPS 运行状态": {"outcome": "pass"}}
    )
    with pytest.raises(ValidationFailed) as exc:
        inspections.record_results(
            maintainer, open_round, version=open_round.version, entries=entries, submit=True
        )
    ids = {r.label: r.pk for r in open_round.results.all()}
    assert exc.value.field_errors == {
        f"r{ids['机房湿度']}_reading": ["Enter the reading."],
        f"r{ids['UPS 运行状态']}_photo": ["This item needs a photo."],
        f"r{ids['灭火器压力']}_outcome": ["Choose normal or fault."],
    }
    assert exc.value.rule == "MR-9"
    open_round.refresh_from_db()
    assert open_round.state == "open"
    assert open_round.results.get(label="机房温度").reading == Decimal(
        "22.00"
    )  # what was entered is kept


def test_mr9_fault_needs_its_description(maintainer, open_round):
    entries = all_normal(open_round)
    entries[open_round.results.get(label="灭火器压力").pk] = {"outcome": "fail"}
    with pytest.raises(ValidationFailed) as exc:
        inspections.record_results(
            maintainer, open_round, version=open_round.version, entries=entries, submit=True
        )
    assert list(exc.value.field_errors.values()) == [
        ["Describe the fault: it goes on the work order."]
    ]


def test_mr9_all_normal_round_done_and_final(maintainer, open_round):
    record = inspections.record_results(
        maintainer,
        open_round,
        version=open_round.version,
        entries=all_normal(open_round),
        submit=True,
        note="一切正常",
    )
    assert (record.state, record.submitted_by, record.note) == ("done", maintainer, "一切正常")
    assert not WorkOrder.objects.exists()
    assert record.results.get(label="UPS 运行状态").photo.content_type == "image/jpeg"
    with pytest.raises(InvalidTransition):
        inspections.record_results(
            maintainer, record, version=record.version, entries={}, submit=True
        )


def test_mr9_out_of_range_reading_opens_one_linked_work_order(maintainer, open_round, people):
    entries = all_normal(open_round, temperature="31.5")
    record = inspections.record_results(
        maintainer, open_round, version=open_round.version, entries=entries, submit=True
    )
    result = record.results.get(label="机房温度")
    assert result.outcome == "fail"
    order = WorkOrder.objects.get()
    assert result.order == order and result.form == order.form
    assert order.form.inspection_result == result  # linked back
    assert order.department.code == "gc" and order.assistant == people[Role.CS_ASSISTANT]
    assert (
        "机房温度" in order.form.content
        and "31.5 °C" in order.form.content
        and "18–27 °C" in order.form.content
    )
    assert order.form.source == "staff_form" and order.form.state == "dispatched"
    with pytest.raises((InvalidTransition, Conflict)):
        inspections.record_results(
            maintainer, record, version=record.version, entries=entries, submit=True
        )
    assert WorkOrder.objects.count() == 1


def test_mr9_each_failed_item_opens_its_own_order(maintainer, open_round):
    entries = all_normal(open_round, temperature="10")
    entries[open_round.results.get(label="灭火器压力").pk] = {
        "outcome": "fail",
        "note": "压力表指针在红区",
    }
    inspections.record_results(
        maintainer, open_round, version=open_round.version, entries=entries, submit=True
    )
    assert WorkOrder.objects.count() == 2
    assert WorkOrder.objects.filter(form__content__contains="压力表指针在红区").exists()


def test_mr9_recording_refusals(people, maintainer, open_round):
    with pytest.raises(PermissionDenied):
        inspections.record_results(
            people[Role.AUDITOR], open_round, version=open_round.version, entries={}
        )
    with pytest.raises(StaleEdit):
        inspections.record_results(
            maintainer, open_round, version=open_round.version + 1, entries={}
        )
    with pytest.raises(ValidationFailed) as exc:
        inspections.record_results(
            maintainer, open_round, version=open_round.version, entries={999999: {}}
        )
    assert exc.value.field_errors == {"entries": ["Some items are not on this round."]}


def test_mr9_cancel_round(people, maintainer, open_round):
    head = people[Role.IC_HEAD]
    with pytest.raises(PermissionDenied):
        inspections.cancel_round(
            people[Role.IT_STAFF], open_round, version=open_round.version, note="停电"
        )
    with pytest.raises(ValidationFailed):
        inspections.cancel_round(head, open_round, version=open_round.version, note="")
    record = inspections.cancel_round(
        head, open_round, version=open_round.version, note="全楼停电检修"
    )
    assert record.state == "cancelled"
    assert not Deadline.objects.filter(
        kind=inspections.K_DUE, state__in=("scheduled", "warned")
    ).exists()


def test_mr9_schedule_rule_validated(maintainer, checklist):
    for bad in ("", "FREQ=NEVER", "FREQ=MINUTELY"):
        with pytest.raises(ValidationFailed) as exc:
            inspections.add_schedule(maintainer, checklist=checklist, name="x", rule=bad)
        assert "rule" in exc.value.field_errors
    with pytest.raises(ValidationFailed) as exc:
        inspections.add_schedule(
            maintainer, checklist=checklist, name="x", rule="FREQ=DAILY", due_hours=0
        )
    assert "due_hours" in exc.value.field_errors


def test_mr9_worker_makes_daily_rounds_once_per_occurrence(maintainer, checklist, site):
    start = dt.datetime(2026, 12, 1, 7, 0, tzinfo=LOCAL)
    with time_machine.travel(start, tick=False):
        schedule = inspections.add_schedule(
            maintainer,
            checklist=checklist,
            name="每日巡检",
            rule="RRULE:FREQ=DAILY;BYHOUR=8;BYMINUTE=0",
            due_hours=10,
        )
    assert timezone.localtime(schedule.next_at) == dt.datetime(2026, 12, 1, 8, 0, tzinfo=LOCAL)
    at = dt.datetime(2026, 12, 1, 8, 1, tzinfo=LOCAL)
    with time_machine.travel(at, tick=False):
        worker.run_once(at=at, echo=lambda _: None)
        worker.run_once(at=at, echo=lambda _: None)
    rounds = list(InspectionRound.objects.filter(schedule=schedule))
    assert len(rounds) == 1
    assert timezone.localtime(rounds[0].due_at) == dt.datetime(2026, 12, 1, 18, 0, tzinfo=LOCAL)
    assert rounds[0].results.count() == 4
    assert OutboxMessage.objects.filter(
        recipient=maintainer, subject__contains=rounds[0].serial
    ).exists()
    schedule.refresh_from_db()
    assert timezone.localtime(schedule.next_at) == dt.datetime(2026, 12, 2, 8, 0, tzinfo=LOCAL)
    # the next day's round, and the first one (not done) reported to the head when late
    nextday = dt.datetime(2026, 12, 2, 8, 0, tzinfo=LOCAL)
    with time_machine.travel(nextday, tick=False):
        worker.run_once(at=nextday, echo=lambda _: None)
    assert InspectionRound.objects.filter(schedule=schedule).count() == 2
    head_told = OutboxMessage.objects.filter(
        subject__contains=f"{rounds[0].serial}", recipient__username="u_ic_head"
    )
    assert head_told.filter(subject__contains="was not done").exists()


def test_mr9_quarterly_lan_test_schedule(maintainer, site):
    lan = inspections.add_checklist(
        maintainer, site=site, name="全网测试", target="device", device="局域网全网"
    )
    inspections.add_checklist_item(
        maintainer, lan, version=lan.version, label="核心交换机到各楼栋链路", kind="check"
    )
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, 0, tzinfo=LOCAL), tick=False):
        schedule = inspections.add_schedule(
            maintainer,
            checklist=lan,
            name="季度全网测试",
            due_hours=168,
            rule="FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=5;BYHOUR=9;BYMINUTE=0",
        )
    assert timezone.localtime(schedule.next_at) == dt.datetime(2027, 1, 5, 9, 0, tzinfo=LOCAL)
    at = dt.datetime(2027, 1, 5, 9, 0, tzinfo=LOCAL)
    with time_machine.travel(at, tick=False):
        worker.run_once(at=at, echo=lambda _: None)
    made = InspectionRound.objects.get(schedule=schedule)
    assert made.due_at - made.occurs_at == dt.timedelta(days=7)
    schedule.refresh_from_db()
    assert timezone.localtime(schedule.next_at) == dt.datetime(2027, 4, 5, 9, 0, tzinfo=LOCAL)


def test_mr9_schedule_changed_moves_the_next_round(maintainer, checklist, people):
    with time_machine.travel(dt.datetime(2026, 12, 1, 7, 0, tzinfo=LOCAL), tick=False):
        schedule = inspections.add_schedule(
            maintainer, checklist=checklist, name="每日", rule="FREQ=DAILY;BYHOUR=8"
        )
        with pytest.raises(ValidationFailed) as exc:
            inspections.update_schedule(
                maintainer, schedule, version=schedule.version, name="", rule="x", due_hours=0
            )
        assert set(exc.value.field_errors) == {"name", "rule", "due_hours"}
        with pytest.raises(PermissionDenied):
            inspections.update_schedule(
                people[Role.IT_STAFF],
                schedule,
                version=schedule.version,
                name="每日",
                rule="FREQ=DAILY;BYHOUR=9",
                due_hours=8,
            )
        schedule = inspections.update_schedule(
            maintainer,
            schedule,
            version=schedule.version,
            name="每日巡检",
            rule="FREQ=DAILY;BYHOUR=9;BYMINUTE=30",
            due_hours=8,
        )
    assert timezone.localtime(schedule.next_at) == dt.datetime(2026, 12, 1, 9, 30, tzinfo=LOCAL)
    assert Deadline.objects.filter(kind=inspections.K_NEXT, state="scheduled").count() == 1
    at = dt.datetime(2026, 12, 1, 9, 30, tzinfo=LOCAL)
    with time_machine.travel(at, tick=False):
        worker.run_once(at=at, echo=lambda _: None)
    made = InspectionRound.objects.get(schedule=schedule)
    assert timezone.localtime(made.due_at) == dt.datetime(2026, 12, 1, 17, 30, tzinfo=LOCAL)


def test_mr9_paused_schedule_makes_no_rounds(maintainer, checklist):
    schedule = inspections.add_schedule(
        maintainer, checklist=checklist, name="每日", rule="FREQ=DAILY;BYHOUR=8"
    )
    schedule = inspections.set_schedule_active(
        maintainer, schedule, version=schedule.version, active=False
    )
    assert schedule.next_at is None
    with pytest.raises(Conflict):
        inspections.set_schedule_active(
            maintainer, schedule, version=schedule.version, active=False
        )
    later = timezone.now() + dt.timedelta(days=2)
    worker.run_once(at=later, echo=lambda _: None)
    assert not InspectionRound.objects.filter(schedule=schedule).exists()


# -- core-device alarms ---------------------------------------------------------------------------


def test_mr9_alarm_reported_to_leaders_and_response_clock(maintainer, site, people):
    alarm = incidents.log_alarm(
        maintainer,
        site=site,
        device="核心交换机 S7506E",
        text="电源模块 2 故障",
        severity="critical",
    )
    assert alarm.reported_at is not None and "测试u_ic_head" in alarm.reported_to
    assert "测试u_branch_gm" in alarm.reported_to
    assert OutboxMessage.objects.filter(
        recipient=people[Role.BRANCH_GM], subject__contains=alarm.serial
    ).exists()
    worker.run_once(at=timezone.now() + dt.timedelta(minutes=16), echo=lambda _: None)
    assert OutboxMessage.objects.filter(
        recipient=people[Role.IC_HEAD], subject__contains="Nobody has responded"
    ).exists()


def test_mr9_alarm_response_then_close(maintainer, site, people):
    alarm = incidents.log_alarm(
        maintainer, site=site, device="核心交换机", text="CPU 100%", severity="major"
    )
    with pytest.raises(InvalidTransition):
        incidents.close_alarm(maintainer, alarm, version=alarm.version, outcome="已恢复")
    with pytest.raises(ValidationFailed):
        incidents.respond_to_alarm(maintainer, alarm, version=alarm.version, response=" ")
    with pytest.raises(PermissionDenied):
        incidents.respond_to_alarm(
            people[Role.AUDITOR], alarm, version=alarm.version, response="看看"
        )
    alarm = incidents.respond_to_alarm(
        maintainer, alarm, version=alarm.version, response="切换备用引擎，CPU 回落"
    )
    assert (alarm.state, alarm.responded_by) == ("responded", maintainer)
    worker.run_once(at=timezone.now() + dt.timedelta(minutes=16), echo=lambda _: None)
    assert not OutboxMessage.objects.filter(subject__contains="Nobody has responded").exists()
    alarm = incidents.close_alarm(
        maintainer, alarm, version=alarm.version, outcome="厂商更换引擎板后恢复"
    )
    assert alarm.state == "closed"
    with pytest.raises(InvalidTransition):
        incidents.respond_to_alarm(maintainer, alarm, version=alarm.version, response="再看看")


def test_mr9_alarm_refusals(maintainer, site, people):
    with pytest.raises(ValidationFailed) as exc:
        incidents.log_alarm(
            maintainer,
            site=site,
            device="",
            text="",
            severity="huge",
            occurred_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert set(exc.value.field_errors) == {"device", "text", "severity", "occurred_at"}
    with pytest.raises(PermissionDenied):
        incidents.log_alarm(
            people[Role.BRANCH_GM], site=site, device="x", text="y", severity="minor"
        )


# -- network and line faults ---------------------------------------------------------------------


def test_mr9_fault_local_findings_before_upstream(maintainer, site):
    fault = incidents.log_fault(
        maintainer, site=site, kind="line", description="电信专线中断，外网不通"
    )
    with pytest.raises(ValidationFailed) as exc:
        incidents.report_upstream(
            maintainer, fault, version=fault.version, upstream_unit="中国电信"
        )
    assert exc.value.message == (
        "Check locally first and record the findings: only then is the fault reported to "
        "the upstream unit."
    )
    fault = incidents.record_local_findings(
        maintainer, fault, version=fault.version, local_findings="光猫 LOS 红灯，本地设备与跳线正常"
    )
    with pytest.raises(ValidationFailed):
        incidents.report_upstream(maintainer, fault, version=fault.version, upstream_unit=" ")
    fault = incidents.report_upstream(
        maintainer,
        fault,
        version=fault.version,
        upstream_unit="中国电信 10000",
        upstream_reference="GD20261126001",
    )
    assert fault.state == "reported" and fault.reported_upstream_at
    with pytest.raises(InvalidTransition):
        incidents.close_fault(maintainer, fault, version=fault.version, resolution="好了")
    fault = incidents.record_feedback(
        maintainer, fault, version=fault.version, feedback="外线光缆被挖断，预计 16:00 恢复"
    )
    fault = incidents.close_fault(
        maintainer, fault, version=fault.version, resolution="16:10 恢复，测试正常"
    )
    assert fault.state == "closed" and fault.closed_by == maintainer


def test_mr9_fault_closed_locally(maintainer, site, people):
    fault = incidents.log_fault(
        maintainer,
        site=site,
        kind="network",
        description="3 栋监控掉线",
        local_findings="弱电间交换机电源松动，已重新插好",
    )
    assert fault.state == "checked"
    with pytest.raises(PermissionDenied):
        incidents.close_fault(people[Role.AUDITOR], fault, version=fault.version, resolution="x")
    fault = incidents.close_fault(
        maintainer, fault, version=fault.version, resolution="本地处理，恢复正常"
    )
    assert fault.state == "closed"


def test_mr9_shift_handover_carries_open_alarms_and_faults(maintainer, site):
    from infocenter.core.handover import snapshot

    alarm = incidents.log_alarm(
        maintainer, site=site, device="核心交换机", text="风扇故障", severity="major"
    )
    fault = incidents.log_fault(
        maintainer, site=site, kind="line", description="专线中断", local_findings="外线故障"
    )
    fixed = incidents.log_fault(
        maintainer, site=site, kind="network", description="掉线", local_findings="已插好"
    )
    closed = incidents.close_fault(maintainer, fixed, version=fixed.version, resolution="恢复")
    section = next(s for s in snapshot(site) if s["key"] == "mr_incidents")
    assert [r["serial"] for r in section["rows"]] == [alarm.serial, fault.serial]
    assert closed.serial not in str(section)


def test_mr9_cli_worker_at_makes_the_quarterly_lan_test_round(maintainer, site, capsys):
    from infocenter import cli

    lan = inspections.add_checklist(
        maintainer, site=site, name="全网测试", target="device", device="局域网全网"
    )
    inspections.add_checklist_item(
        maintainer, lan, version=lan.version, label="各楼栋链路", kind="check"
    )
    with time_machine.travel(dt.datetime(2026, 12, 20, 10, 0, tzinfo=LOCAL), tick=False):
        inspections.add_schedule(
            maintainer,
            checklist=lan,
            name="季度全网测试",
            due_hours=168,
            rule="FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=5;BYHOUR=9;BYMINUTE=0",
        )
    assert cli.main(["worker", "--once", "--at", "2027-01-04T09:00+08:00"]) == 0
    assert not InspectionRound.objects.exists()  # not yet
    assert cli.main(["worker", "--once", "--at", "2027-01-05T09:00+08:00"]) == 0
    assert cli.main(["worker", "--once", "--at", "2027-01-05T09:05+08:00"]) == 0
    made = InspectionRound.objects.get()
    assert timezone.localtime(made.occurs_at) == dt.datetime(2027, 1, 5, 9, 0, tzinfo=LOCAL)
    assert "mr.round_next" in capsys.readouterr().out


def test_mr10_device_manual_guidance_travels_with_the_round(maintainer, site):
    ups = inspections.add_checklist(
        maintainer, site=site, name="UPS 月度维护", target="device", device="山特 C10K"
    )
    inspections.add_checklist_item(
        maintainer,
        ups,
        version=ups.version,
        label="电池内阻",
        kind="reading",
        unit="mΩ",
        max_value=Decimal(8),
        guidance="按说明书第 5.3 节，断开负载后测量",
    )
    record = inspections.start_round(maintainer, checklist=ups)
    result = record.results.get()
    assert (result.guidance, result.normal_range) == ("按说明书第 5.3 节，断开负载后测量", "≤ 8 mΩ")
    assert record.covers == "山特 C10K"


def test_mr9_without_a_follow_up_assistant_the_form_waits_for_the_control_room(
    maintainer, open_round
):
    from infocenter.core.models import RoleAssignment
    from infocenter.servicedesk.models import ServiceForm

    RoleAssignment.objects.filter(role__in=[Role.CS_ASSISTANT, Role.CS_MANAGER]).delete()
    record = inspections.record_results(
        maintainer,
        open_round,
        version=open_round.version,
        entries=all_normal(open_round, temperature="35"),
        submit=True,
    )
    result = record.results.get(label="机房温度")
    form = ServiceForm.objects.get()
    assert result.form == form and result.order is None and form.state == "logged"
    assert not WorkOrder.objects.exists()
    assert Deadline.objects.filter(
        kind="sd.dispatch", subject_id=str(form.pk)
    ).exists()  # the 24-hour clock runs
