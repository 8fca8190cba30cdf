"""SD-1…SD-15 through the services: intake, dispatch, the department's steps, verification,
消档, callback, escalation, and every refusal with its reason."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from infocenter.core import worker
from infocenter.core.choices import DeadlineState, Role
from infocenter.core.exceptions import (
    InvalidTransition,
    PermissionDenied,
    StaleEdit,
    ValidationFailed,
)
from infocenter.core.models import AuditEvent, Deadline, OutboxMessage
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import (
    CallbackOutcome,
    Category,
    FormState,
    OrderState,
    ReporterKind,
    Source,
)
from infocenter.servicedesk.models import Resident, ServiceForm, WorkOrder

from .conftest import PNG


def clocks(subject):
    return {
        d.kind: d
        for d in Deadline.objects.filter(
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
        )
    }


def told(user, text):
    return OutboxMessage.objects.filter(
        recipient=user, channel="in_app", subject__contains=text
    ).exists()


def test_sd1_form_logged_with_serial_receipt_register_and_24h_clock(form, people, org):
    assert form.serial.startswith("SA-KF-") and form.serial.endswith("-00001")
    assert form.received_by == people[Role.PROCESSOR] and form.state == FormState.LOGGED
    assert Resident.objects.get(site=org["a"], phone="13800138000").name_initials == "zs"
    dispatch = clocks(form)["sd.dispatch"]
    assert dispatch.due_at - form.received_at == dt.timedelta(hours=24)
    assert AuditEvent.objects.filter(kind="form.logged", subject_id=str(form.pk)).exists()


def test_sd1_known_caller_is_not_added_twice(form, people, org):
    services.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="张三",
        reporter_phone="138 0013 8000",
        category=Category.INQUIRY,
        content="物业费",
    )
    assert Resident.objects.filter(phone="13800138000").count() == 1


def test_sd1_bad_intake_names_every_field(people, org):
    with pytest.raises(ValidationFailed) as exc:
        services.log_form(
            people[Role.PROCESSOR],
            site=org["a"],
            source="fax",
            reporter_kind=ReporterKind.OWNER,
            reporter_name="",
            reporter_phone="12345",
            category="gossip",
            content=" ",
        )
    assert set(exc.value.field_errors) == {
        "source",
        "reporter_name",
        "reporter_phone",
        "category",
        "content",
    }
    assert not ServiceForm.objects.exists()


@pytest.mark.parametrize("role", [Role.DEPT_STAFF, Role.AUDITOR, Role.DATA_MANAGER])
def test_sd17_only_the_control_room_logs_forms(people, org, role):
    with pytest.raises(PermissionDenied):
        services.log_form(
            people[role],
            site=org["a"],
            source=Source.INTERCOM,
            reporter_kind=ReporterKind.STAFF,
            reporter_name="保安",
            reporter_phone="",
            category=Category.INTERNAL,
            content="门禁坏了",
        )


def test_sd15_major_event_is_reported_to_managers_at_once(people, org):
    form = services.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="李四",
        reporter_phone="13900001111",
        category=Category.COMPLAINT,
        content="电梯困人",
        major=True,
    )
    assert told(people[Role.CS_MANAGER], form.serial) and told(people[Role.BRANCH_GM], form.serial)
    assert not told(people[Role.DEPT_STAFF], form.serial)


def test_sd4_processor_handles_it_directly(form, people):
    with pytest.raises(ValidationFailed):
        services.resolve_form(people[Role.PROCESSOR], form, version=form.version, resolution="")
    form = services.resolve_form(
        people[Role.PROCESSOR], form, version=form.version, resolution="已电话答复"
    )
    assert form.state == FormState.RESOLVED
    assert clocks(form)["sd.dispatch"].state == DeadlineState.MET


def test_sd5_dispatch_starts_the_department_clocks_and_notifies(order, people, form):
    form.refresh_from_db()
    assert form.state == FormState.DISPATCHED and order.serial.startswith("SA-PG-")
    c = clocks(order)
    assert c["sd.arrange"].due_at - order.dispatched_at == dt.timedelta(hours=2)
    assert c["sd.finish"].due_at > order.dispatched_at + dt.timedelta(days=1)
    assert clocks(form)["sd.dispatch"].state == DeadlineState.MET
    assert told(people[Role.DEPT_HEAD], order.serial) and told(
        people[Role.CS_ASSISTANT], order.serial
    )


def test_sd5_dispatch_refusals(form, people, org):
    from infocenter.core.models import Department

    other = Department.objects.get(site=org["b"], code="gc")
    with pytest.raises(ValidationFailed) as exc:
        services.dispatch_order(
            people[Role.PROCESSOR],
            form,
            version=form.version,
            department=other,
            assistant=people[Role.AUDITOR],
        )
    assert set(exc.value.field_errors) == {"department", "assistant"}


def test_sd7_sd8_sd9_full_flow_to_the_register(order, people, form):
    head, tech, assistant, processor = (
        people[r] for r in (Role.DEPT_HEAD, Role.DEPT_STAFF, Role.CS_ASSISTANT, Role.PROCESSOR)
    )
    order = services.acknowledge_order(head, order, version=order.version)
    order = services.assign_order(head, order, version=order.version, assignee=tech)
    assert clocks(order)["sd.arrange"].state == DeadlineState.MET and told(tech, order.serial)
    order = services.start_order(tech, order, version=order.version)
    assert "sd.report" not in clocks(order)  # SD-8: the 4-hour clock starts when it is finished
    with pytest.raises(ValidationFailed) as exc:
        services.report_result(tech, order, version=order.version, result="已更换阀门")
    assert "signature" in exc.value.field_errors
    order = services.report_result(
        tech, order, version=order.version, result="已更换阀门", signature_png=PNG
    )
    assert order.signature.name.endswith(".png")
    assert clocks(order)["sd.report"].due_at - order.reported_at == dt.timedelta(hours=4)
    assert {k: d.state for k, d in clocks(order).items()} == {
        "sd.arrange": DeadlineState.MET,
        "sd.report": DeadlineState.SCHEDULED,
        "sd.finish": DeadlineState.MET,
    }
    order = services.verify_order(assistant, order, version=order.version)
    assert clocks(order)["sd.report"].state == DeadlineState.MET
    order = services.close_in_register(processor, order, version=order.version)
    assert order.state == OrderState.CLOSED and order.closed_by == processor
    form.refresh_from_db()
    assert form.state == FormState.RESOLVED and "已更换阀门" in form.resolution
    services.record_callback(
        assistant,
        form,
        version=form.version,
        outcome=CallbackOutcome.SATISFIED,
        satisfaction=5,
        notes="满意",
    )
    form.refresh_from_db()
    assert form.state == FormState.CALLED_BACK


def test_sd13_return_needs_a_reason(order, people):
    head = people[Role.DEPT_HEAD]
    with pytest.raises(ValidationFailed) as exc:
        services.return_order(head, order, version=order.version, reason=" ")
    assert "reason" in exc.value.field_errors
    order = services.return_order(head, order, version=order.version, reason="需厂家配件，预计一周")
    assert order.state == OrderState.RETURNED
    assert clocks(order)["sd.finish"].state == DeadlineState.MET
    with pytest.raises(InvalidTransition):  # SD-12: a returned order is not verified and struck
        services.verify_order(people[Role.CS_ASSISTANT], order, version=order.version)


def test_sd_illegal_steps_are_refused_with_the_reason(order, people):
    with pytest.raises(InvalidTransition) as exc:
        services.verify_order(people[Role.CS_ASSISTANT], order, version=order.version)
    assert order.serial in str(exc.value.message) and exc.value.rule == "SD-8"
    with pytest.raises(InvalidTransition):
        services.close_in_register(people[Role.PROCESSOR], order, version=order.version)
    with pytest.raises(PermissionDenied):  # an assistant cannot acknowledge for the department
        services.acknowledge_order(people[Role.CS_ASSISTANT], order, version=order.version)


def test_sd_other_departments_staff_cannot_touch_the_order(order, people, root, org):
    from infocenter.core.models import Department
    from tests.conftest import make_person

    kf = Department.objects.get(site=org["a"], code="kf")
    other_head = make_person(root, "kf_head", Role.DEPT_HEAD, site=org["a"], department=kf)
    with pytest.raises(PermissionDenied):
        services.acknowledge_order(other_head, order, version=order.version)


def test_dr9_stale_step_is_refused(order, people):
    head = people[Role.DEPT_HEAD]
    services.acknowledge_order(head, order, version=order.version)
    with pytest.raises(StaleEdit):
        services.assign_order(head, order, version=order.version, assignee=people[Role.DEPT_STAFF])


def test_sd7_assignee_must_belong_to_the_department(order, people):
    with pytest.raises(ValidationFailed) as exc:
        services.assign_order(
            people[Role.DEPT_HEAD], order, version=order.version, assignee=people[Role.AUDITOR]
        )
    assert "assignee" in exc.value.field_errors


def test_sd14_unreturned_order_is_reissued_to_head_then_to_the_general_manager(order, people):
    finish = clocks(order)["sd.finish"]
    lines = []
    worker.run_once(at=finish.due_at + dt.timedelta(minutes=1), echo=lines.append)
    order.refresh_from_db()
    assert order.state == OrderState.ESCALATED
    first = order.reissue
    assert first.receiver == people[Role.DEPT_HEAD] and first.form_id == order.form_id
    assert told(people[Role.DEPT_HEAD], first.serial)
    assert any("breach" in line and "sd.finish" in line for line in lines)
    assert not any("retry" in line for line in lines), lines
    # The head also lets it lapse: the branch general manager gets it.
    again = clocks(first)["sd.finish"]
    worker.run_once(at=again.due_at + dt.timedelta(minutes=1), echo=lambda _: None)
    first.refresh_from_db()
    assert first.state == OrderState.ESCALATED
    assert first.reissue.receiver == people[Role.BRANCH_GM]
    assert told(people[Role.BRANCH_GM], first.reissue.serial)
    # The general manager's order is handled by the GM directly.
    gm_order = first.reissue
    services.assign_order(
        people[Role.BRANCH_GM], gm_order, version=gm_order.version, assignee=people[Role.DEPT_STAFF]
    )


def test_sd14_escalation_is_idempotent(order):
    finish = clocks(order)["sd.finish"]
    with transaction.atomic():
        first = services.escalate_order(order, now=finish.due_at)
        assert services.escalate_order(order, now=finish.due_at) is None
    assert WorkOrder.objects.filter(reissue_of=order).count() == 1 and first is not None


def test_sd14_finished_in_time_is_not_escalated(order, people):
    services.return_order(people[Role.DEPT_HEAD], order, version=order.version, reason="无法处理")
    worker.run_once(at=timezone.now() + dt.timedelta(days=30), echo=lambda _: None)
    order.refresh_from_db()
    assert (
        order.state == OrderState.RETURNED
        and not WorkOrder.objects.filter(reissue_of=order).exists()
    )


def test_sd6_unhandled_form_alerts_processor_and_manager(form, people):
    due = clocks(form)["sd.dispatch"].due_at
    worker.run_once(at=due, echo=lambda _: None)
    assert clocks(form)["sd.dispatch"].state == DeadlineState.BREACHED
    assert told(people[Role.CS_MANAGER], form.serial)


def test_sd10_unsatisfied_customer_reopens_a_linked_form(form, people):
    form = services.resolve_form(
        people[Role.PROCESSOR], form, version=form.version, resolution="已答复"
    )
    with pytest.raises(ValidationFailed):
        services.record_callback(
            people[Role.CS_ASSISTANT],
            form,
            version=form.version,
            outcome=CallbackOutcome.UNSATISFIED,
            satisfaction=9,
        )
    services.record_callback(
        people[Role.CS_ASSISTANT],
        form,
        version=form.version,
        outcome=CallbackOutcome.UNSATISFIED,
        satisfaction=1,
        notes="还在漏",
    )
    again = ServiceForm.objects.get(reopened_from=form)
    assert again.state == FormState.LOGGED and again.reporter_phone == form.reporter_phone
    assert "还在漏" in again.content


def test_sd10_unreachable_customer_stays_waiting_for_a_callback(form, people):
    form = services.resolve_form(
        people[Role.PROCESSOR], form, version=form.version, resolution="已答复"
    )
    services.record_callback(
        people[Role.CS_ASSISTANT],
        form,
        version=form.version,
        outcome=CallbackOutcome.UNREACHABLE,
        satisfaction=None,
    )
    form.refresh_from_db()
    assert form.state == FormState.RESOLVED and form.callbacks.count() == 1


def test_sd15_written_report_then_instructions_from_the_leaders(people, org, client_for):
    form = services.log_form(
        people[Role.PROCESSOR],
        site=org["a"],
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="李四",
        reporter_phone="13900001111",
        category=Category.COMPLAINT,
        content="地下车库进水",
        major=True,
    )
    with pytest.raises(InvalidTransition):  # instructions need the written report first
        services.give_instructions(
            people[Role.BRANCH_GM], form, version=form.version, instructions="马上抽水"
        )
    client = client_for(people[Role.PROCESSOR])
    page = client.get(f"/servicedesk/forms/{form.pk}/").content.decode()
    assert 'data-step="major_report"' in page
    client.post(
        f"/servicedesk/forms/{form.pk}/major_report/",
        {"version": form.version, "report": "车库B2进水约10厘米"},
    )
    form.refresh_from_db()
    assert form.major_report == "车库B2进水约10厘米" and told(people[Role.BRANCH_GM], form.serial)
    gm_home = client_for(people[Role.BRANCH_GM]).get("/").content.decode()
    assert form.serial in gm_home.split('data-panel="sd_major"')[1]
    with pytest.raises(PermissionDenied):
        services.give_instructions(
            people[Role.DEPT_HEAD], form, version=form.version, instructions="x"
        )
    form = services.give_instructions(
        people[Role.BRANCH_GM], form, version=form.version, instructions="启动防汛预案，工程部抽水"
    )
    assert (
        told(people[Role.PROCESSOR], form.serial) and form.instructed_by == people[Role.BRANCH_GM]
    )


def test_sd15_only_major_events_take_a_written_report(form, people):
    with pytest.raises(InvalidTransition):
        services.report_major_event(people[Role.PROCESSOR], form, version=form.version, report="…")
