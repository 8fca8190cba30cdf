"""MR-7: change requests classed standard, normal, major or emergency, discussed and approved by
the head, announced in advance when their impact is global, carried out by a qualified
technician with a detailed record. MR-8: a central-data change is backed up first, confirmed
within a week, and its backup then deleted, each step reminded by the worker."""

import datetime as dt

import pytest

from infocenter.core import worker
from infocenter.core.choices import Role
from infocenter.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    StaleEdit,
    ValidationFailed,
)
from infocenter.core.models import Deadline, Department, OutboxMessage
from infocenter.machineroom.choices import ChangeState
from infocenter.machineroom.rules.changes import FIELDS, ChangeContent, steps_for
from infocenter.machineroom.services import changes

from .conftest import hours


@pytest.fixture
def propose(maintainer, site, now):
    """A change written by the maintainer, carried out by the maintainer."""

    def _propose(kind="normal", *, by=None, submit=True, **extra):
        fields = {
            "kind": kind,
            "title": "核心交换机升级固件",
            "system": "核心交换机 H3C S7506E",
            "plan": "1. 备份配置 2. 上传固件 3. 重启",
            "impact": "全网中断约 10 分钟",
            "rollback_plan": "回退旧固件",
            "spare_parts": "备用交换机 1 台",
            "planned_start": now + hours(48),
            "planned_end": now + hours(50),
            "implementer": maintainer,
            "not_experimental": True,
        } | extra
        return changes.create_change(
            by or maintainer, site=site, content=ChangeContent(**fields), submit=submit
        )

    return _propose


def run_worker(at):
    worker.run_once(at=at, echo=lambda _line: None)


def test_mr7_normal_change_from_request_to_done(propose, head, maintainer):
    change = propose()
    assert change.state == ChangeState.SUBMITTED and "-BG-" in change.serial
    assert OutboxMessage.objects.filter(recipient=head, subject__contains=change.serial).exists()
    change = changes.approve_change(head, change, version=change.version, note="同意")
    assert change.state == ChangeState.APPROVED and change.decided_by == head
    change = changes.start_change(maintainer, change, version=change.version)
    changes.record_operation(maintainer, change, text="上传固件 V7.1，校验通过")
    change = changes.finish_change(maintainer, change, version=change.version, outcome="success")
    assert change.state == ChangeState.DONE and change.finished_at and change.outcome == "success"
    assert [o.text for o in change.operations.all()] == ["上传固件 V7.1，校验通过"]
    assert not Deadline.objects.filter(subject_id=str(change.pk), kind=changes.K_CONFIRM).exists()


def test_mr7_standard_change_is_pre_approved_but_recorded(propose, head, maintainer):
    change = propose("standard", title="更换机柜风扇")
    assert (
        change.state == ChangeState.APPROVED
        and change.decided_by is None
        and "pre-approved" in change.decision_note
    )
    assert steps_for(head, change) and "approve" not in {s.name for s in steps_for(head, change)}
    with pytest.raises(InvalidTransition, match="not possible now"):
        changes.approve_change(head, change, version=change.version)


def test_mr7_major_change_needs_plan_rollback_spare_parts_and_discussion(
    propose, head, maintainer, people
):
    with pytest.raises(ValidationFailed) as refused:
        propose("major", plan="", rollback_plan="", spare_parts="")
    assert {"plan", "rollback_plan", "spare_parts"} <= set(refused.value.field_errors)
    assert "rolled back" in str(refused.value.field_errors["rollback_plan"])
    change = propose("major")
    assert change.state == ChangeState.DISCUSSION
    with pytest.raises(Conflict, match="discussed before"):
        changes.approve_change(head, change, version=change.version)
    with pytest.raises(PermissionDenied):
        changes.comment_on_change(people[Role.DEPT_HEAD], change, text="我也说一句")
    changes.comment_on_change(people[Role.IT_STAFF], change, text="建议夜间 22 点后进行")
    change = changes.approve_change(head, change, version=change.version)
    assert change.state == ChangeState.APPROVED


def test_mr7_refusals_experimental_unqualified_core_server(propose, people, head):
    with pytest.raises(ValidationFailed) as refused:
        propose(not_experimental=False)
    assert "experimental" in str(refused.value.field_errors["not_experimental"])
    with pytest.raises(ValidationFailed) as refused:
        propose(implementer=people[Role.PROCESSOR])
    assert "qualified technician" in str(refused.value.field_errors["implementer"])
    with pytest.raises(ValidationFailed) as refused:
        propose("standard", core_server=True, justification="")
    assert {"kind", "justification"} <= set(refused.value.field_errors)
    with pytest.raises(ValidationFailed) as refused:
        propose(global_impact=True, affected_parties="")
    assert {"affected_parties", "notify_people"} <= set(refused.value.field_errors)
    with pytest.raises(PermissionDenied):
        propose(by=people[Role.DEPT_HEAD])
    assert propose(
        implementer=people[Role.IT_STAFF], core_server=True, justification="漏洞修复"
    ).core_server


def test_mr7_refusal_needs_a_reason_and_only_the_head_decides(propose, head, maintainer):
    change = propose()
    with pytest.raises(PermissionDenied):
        changes.approve_change(maintainer, change, version=change.version)
    with pytest.raises(ValidationFailed):
        changes.refuse_change(head, change, version=change.version, note=" ")
    change = changes.refuse_change(head, change, version=change.version, note="时间与月底结账冲突")
    assert change.state == ChangeState.REFUSED
    with pytest.raises(InvalidTransition):
        changes.start_change(maintainer, change, version=change.version)


def test_mr7_global_impact_change_is_announced_before_it_starts(
    propose, head, maintainer, people, org, now
):
    gc = Department.objects.get(site=org["a"], code="gc")
    change = propose(
        global_impact=True,
        affected_parties="全体业主及各部门",
        notify_people=[people[Role.PROCESSOR]],
        notify_departments=[gc],
    )
    change = changes.approve_change(head, change, version=change.version)
    notice_clock = Deadline.objects.get(subject_id=str(change.pk), kind=changes.K_NOTICE)
    assert notice_clock.due_at == change.planned_start - hours(changes.NOTICE_HOURS)
    with pytest.raises(Conflict, match="advance notice"):
        changes.start_change(maintainer, change, version=change.version)
    change = changes.send_notice(maintainer, change, version=change.version)
    assert (
        change.state == ChangeState.NOTIFIED
        and change.notice_sent_at
        and "全体业主" in change.notice_text
    )
    assert OutboxMessage.objects.filter(
        recipient=people[Role.PROCESSOR], subject__contains=change.serial
    ).exists()
    assert OutboxMessage.objects.filter(
        recipient=people[Role.DEPT_STAFF], subject__contains=change.serial
    ).exists()
    with pytest.raises(Conflict, match="24 hours"):
        changes.start_change(maintainer, change, version=change.version)
    with pytest.raises(PermissionDenied, match="named implementer"):
        changes.start_change(people[Role.IT_STAFF], change, version=change.version)


def test_mr7_start_after_the_notice_period(propose, head, maintainer, people, time_machine, now):
    change = propose(
        global_impact=True, affected_parties="全体业主", notify_people=[people[Role.PROCESSOR]]
    )
    change = changes.approve_change(head, change, version=change.version)
    change = changes.send_notice(maintainer, change, version=change.version)
    time_machine.move_to(now + hours(changes.NOTICE_HOURS + 1))
    change = changes.start_change(maintainer, change, version=change.version)
    assert change.state == ChangeState.IN_PROGRESS


def test_mr7_notice_clock_reminds_when_the_notice_is_late(propose, head, maintainer, people):
    change = propose(
        global_impact=True, affected_parties="全体业主", notify_people=[people[Role.PROCESSOR]]
    )
    change = changes.approve_change(head, change, version=change.version)
    clock = Deadline.objects.get(subject_id=str(change.pk), kind=changes.K_NOTICE)
    run_worker(clock.due_at + dt.timedelta(minutes=1))
    assert OutboxMessage.objects.filter(
        recipient=maintainer, subject__contains="advance notice"
    ).exists()


def test_mr7_emergency_change_starts_at_once_and_is_approved_after(propose, head, maintainer, now):
    change = propose("emergency", planned_start=now, planned_end=now + hours(1))
    change = changes.start_change(maintainer, change, version=change.version)
    assert change.state == ChangeState.IN_PROGRESS and not change.ratified
    assert "ratify" in {s.name for s in steps_for(head, change)}
    clock = Deadline.objects.get(subject_id=str(change.pk), kind=changes.K_RATIFY)
    run_worker(clock.due_at + dt.timedelta(minutes=1))
    assert OutboxMessage.objects.filter(recipient=head, subject__contains="after the fact").exists()
    change = changes.ratify_change(head, change, version=change.version, note="事后同意")
    assert change.ratified and change.state == ChangeState.IN_PROGRESS
    with pytest.raises(Conflict):
        changes.ratify_change(head, change, version=change.version)


def test_mr7_finish_needs_an_operation_record_and_a_note_when_not_successful(
    propose, head, maintainer
):
    change = propose()
    change = changes.approve_change(head, change, version=change.version)
    change = changes.start_change(maintainer, change, version=change.version)
    with pytest.raises(Conflict, match="operation record is empty"):
        changes.finish_change(maintainer, change, version=change.version, outcome="success")
    changes.record_operation(maintainer, change, text="升级失败，设备无法启动")
    with pytest.raises(ValidationFailed) as refused:
        changes.finish_change(maintainer, change, version=change.version, outcome="rolled_back")
    assert "note" in refused.value.field_errors
    change = changes.finish_change(
        maintainer,
        change,
        version=change.version,
        outcome="rolled_back",
        note="已回退旧固件，运行正常",
    )
    assert change.state == ChangeState.ROLLED_BACK


def test_mr7_stale_edit_is_refused_and_edits_are_audited(propose, maintainer, head):
    from infocenter.core.models import AuditEvent

    change = propose(submit=False)
    assert change.state == ChangeState.DRAFT
    fields = {f: getattr(change, f) for f in FIELDS}
    edited = changes.edit_change(
        maintainer,
        change,
        version=change.version,
        content=ChangeContent(**(fields | {"title": "升级固件 V7.1"})),
    )
    assert edited.title == "升级固件 V7.1"
    event = AuditEvent.objects.filter(kind="change.edited").get()
    assert "title" in event.data["changes"]
    with pytest.raises(StaleEdit):
        changes.edit_change(
            maintainer, change, version=change.version, content=ChangeContent(**fields)
        )
    submitted = changes.submit_change(maintainer, edited, version=edited.version)
    with pytest.raises(InvalidTransition):
        changes.submit_change(maintainer, submitted, version=submitted.version)


def test_mr7_cancel_tells_those_already_notified(propose, head, maintainer, people):
    change = propose(
        global_impact=True, affected_parties="全体业主", notify_people=[people[Role.PROCESSOR]]
    )
    change = changes.approve_change(head, change, version=change.version)
    change = changes.send_notice(maintainer, change, version=change.version)
    with pytest.raises(PermissionDenied):
        changes.cancel_change(people[Role.IT_STAFF], change, version=change.version)
    change = changes.cancel_change(maintainer, change, version=change.version, note="厂家固件撤回")
    assert change.state == ChangeState.CANCELLED
    assert OutboxMessage.objects.filter(
        recipient=people[Role.PROCESSOR], subject__contains="Cancelled"
    ).exists()


def test_mr8_central_data_change_backup_then_week_then_delete(
    propose, head, maintainer, people, now
):
    change = propose(central_data=True, title="业主资料库结构调整", system="物业收费系统数据库")
    change = changes.approve_change(head, change, version=change.version)
    with pytest.raises(Conflict, match="backup"):
        changes.start_change(maintainer, change, version=change.version)
    with pytest.raises(ValidationFailed):
        changes.record_backup(maintainer, change, version=change.version, reference="")
    change = changes.record_backup(
        maintainer,
        change,
        version=change.version,
        reference="全库导出 → NAS /backup/bg.dmp",
        taken_at=now - hours(1),
    )
    change = changes.start_change(maintainer, change, version=change.version)
    changes.record_operation(maintainer, change, text="执行结构调整脚本")
    change = changes.finish_change(maintainer, change, version=change.version, outcome="success")
    clock = Deadline.objects.get(subject_id=str(change.pk), kind=changes.K_CONFIRM)
    assert clock.due_at - change.finished_at == dt.timedelta(days=7)
    assert clock.due_at - clock.warn_at == dt.timedelta(days=1)
    with pytest.raises(Conflict, match="after correct running"):
        changes.record_backup_deleted(maintainer, change, version=change.version)
    run_worker(clock.warn_at + dt.timedelta(minutes=1))
    assert OutboxMessage.objects.filter(
        recipient=maintainer, subject__contains="by tomorrow"
    ).exists()
    assert not OutboxMessage.objects.filter(recipient=head, subject__contains="overdue").exists()
    run_worker(clock.due_at + dt.timedelta(minutes=1))
    assert OutboxMessage.objects.filter(
        recipient=head, subject__contains="confirmation of correct running"
    ).exists()
    change = changes.confirm_running(
        people[Role.IT_STAFF], change, version=change.version, note="一周运行正常"
    )
    assert OutboxMessage.objects.filter(
        recipient=maintainer, subject__contains="delete its backup"
    ).exists()
    delete_clock = Deadline.objects.get(subject_id=str(change.pk), kind=changes.K_DELETE_BACKUP)
    run_worker(delete_clock.due_at + dt.timedelta(minutes=1))
    assert OutboxMessage.objects.filter(
        recipient=head, subject__contains="still not deleted"
    ).exists()
    change = changes.record_backup_deleted(
        maintainer, change, version=change.version, note="NAS 上已删除"
    )
    assert change.backup_deleted_by == maintainer and change.backup_deleted_at
    delete_clock.refresh_from_db()
    assert delete_clock.closed_at is not None
    with pytest.raises(Conflict):
        changes.record_backup_deleted(maintainer, change, version=change.version)


def test_mr8_confirmed_in_time_no_alert_to_the_head(propose, head, maintainer, now):
    change = propose(central_data=True)
    change = changes.approve_change(head, change, version=change.version)
    change = changes.record_backup(
        maintainer, change, version=change.version, reference="快照 snap-01"
    )
    change = changes.start_change(maintainer, change, version=change.version)
    changes.record_operation(maintainer, change, text="迁移数据")
    change = changes.finish_change(
        maintainer, change, version=change.version, outcome="partial", note="部分表未迁移"
    )
    change = changes.confirm_running(maintainer, change, version=change.version)
    clock = Deadline.objects.get(subject_id=str(change.pk), kind=changes.K_CONFIRM)
    run_worker(clock.due_at + dt.timedelta(minutes=1))
    assert not OutboxMessage.objects.filter(recipient=head, subject__contains="overdue").exists()


def test_mr8_backup_only_for_central_data_changes(propose, head, maintainer):
    change = propose()
    with pytest.raises(Conflict, match="central-data"):
        changes.record_backup(maintainer, change, version=change.version, reference="x")


def test_mr7_work_recorded_afterwards_keeps_its_real_times(propose, head, maintainer, now):
    change = propose(central_data=True)
    change = changes.approve_change(head, change, version=change.version)
    change = changes.record_backup(
        maintainer,
        change,
        version=change.version,
        reference="快照 snap-02",
        taken_at=now - hours(30),
    )
    with pytest.raises(ValidationFailed) as future:
        changes.start_change(maintainer, change, version=change.version, at=now + hours(2))
    assert "at" in future.value.field_errors
    change = changes.start_change(maintainer, change, version=change.version, at=now - hours(26))
    with pytest.raises(ValidationFailed):
        changes.record_operation(maintainer, change, text="太早", at=now - hours(27))
    changes.record_operation(maintainer, change, text="执行脚本", at=now - hours(25))
    change = changes.finish_change(
        maintainer, change, version=change.version, outcome="success", at=now - hours(24)
    )
    clock = Deadline.objects.get(subject_id=str(change.pk), kind=changes.K_CONFIRM)
    assert clock.due_at == now - hours(24) + dt.timedelta(days=changes.CONFIRM_DAYS)


def test_mr7_class_is_fixed_once_submitted(propose, maintainer):
    change = propose()
    fields = {f: getattr(change, f) for f in FIELDS}
    with pytest.raises(ValidationFailed) as refused:
        changes.edit_change(
            maintainer,
            change,
            version=change.version,
            content=ChangeContent(**(fields | {"kind": "standard"})),
        )
    assert "kind" in refused.value.field_errors
    edited = changes.edit_change(
        maintainer,
        change,
        version=change.version,
        content=ChangeContent(**(fields | {"plan": "新方案"})),
    )
    assert edited.plan == "新方案" and edited.state == ChangeState.SUBMITTED


def test_mr7_home_panel_lists_changes_waiting_for_a_step(propose, head, maintainer, people):
    from infocenter.machineroom.home import _changes

    change = propose(
        global_impact=True, affected_parties="全体业主", notify_people=[people[Role.PROCESSOR]]
    )
    changes.approve_change(head, change, version=change.version)
    assert [i.text.split()[0] for i in _changes(maintainer)] == [change.serial]
    assert _changes(people[Role.AUDITOR]) == []


def test_mr7_rescheduled_change_is_announced_again(propose, head, maintainer, people, now):
    change = propose(
        global_impact=True, affected_parties="全体业主", notify_people=[people[Role.PROCESSOR]]
    )
    change = changes.approve_change(head, change, version=change.version)
    change = changes.send_notice(maintainer, change, version=change.version)
    with pytest.raises(PermissionDenied):
        changes.reschedule_change(
            people[Role.IT_STAFF],
            change,
            version=change.version,
            planned_start=now + hours(72),
            planned_end=now + hours(73),
        )
    with pytest.raises(ValidationFailed):
        changes.reschedule_change(
            maintainer,
            change,
            version=change.version,
            planned_start=now + hours(72),
            planned_end=now + hours(71),
        )
    change = changes.reschedule_change(
        maintainer,
        change,
        version=change.version,
        planned_start=now + hours(72),
        planned_end=now + hours(73),
        note="厂家工程师改期",
    )
    assert change.state == ChangeState.APPROVED and change.notice_sent_at is None
    assert OutboxMessage.objects.filter(
        recipient=people[Role.PROCESSOR], subject__contains="Moved"
    ).exists()
    clock = Deadline.objects.get(
        subject_id=str(change.pk), kind=changes.K_NOTICE, state="scheduled"
    )
    assert clock.due_at == now + hours(72 - changes.NOTICE_HOURS)
    with pytest.raises(Conflict, match="advance notice"):
        changes.start_change(maintainer, change, version=change.version)
