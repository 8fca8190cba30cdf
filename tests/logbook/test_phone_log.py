"""LOG-2: the phone log, one line a call; a call becomes a customer service form in one step,
linked both ways; missed calls carry a call-back deadline."""

import datetime as dt

import pytest

from infocenter.core import worker
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.core.models import Deadline, OutboxMessage
from infocenter.logbook import services
from infocenter.logbook.choices import CallDirection, CallState
from infocenter.servicedesk import services as sd
from infocenter.servicedesk.choices import Category, ReporterKind


def test_log2_one_line_call_with_a_form_in_the_same_step(site, people):
    call = services.log_call(
        people[Role.PROCESSOR],
        site=site,
        number="138 0013 8000",
        caller="张三",
        subject="厨房水管漏水",
        form_category=Category.REPAIR,
    )
    call.refresh_from_db()
    assert call.state == CallState.ANSWERED and call.number == "13800138000"
    form = call.form
    assert form.phone_call == call  # linked both ways
    assert (form.reporter_name, form.reporter_phone, form.content, form.source) == (
        "张三",
        "13800138000",
        "厨房水管漏水",
        "phone",
    )
    assert form.received_at == call.occurred_at


def test_log2_known_caller_is_recognised_from_the_residents_register(site, people, building):
    room = building.units.first().rooms.first()
    resident = sd.add_resident(
        people[Role.PROCESSOR], site=site, name="王五", phone="13900001111", room=room
    )
    call = services.log_call(
        people[Role.PROCESSOR], site=site, number="13900001111", subject="咨询停水"
    )
    assert call.resident == resident and call.caller == "王五"
    made = services.call_to_form(
        people[Role.PROCESSOR], call, version=call.version, category=Category.INQUIRY
    )
    assert made.form.room == room and made.form.resident == resident
    assert made.form.reporter_kind == ReporterKind.OWNER


def test_log2_a_call_becomes_one_form_only(site, people):
    call = services.log_call(
        people[Role.PROCESSOR], site=site, number="13800138000", caller="张三", subject="投诉噪音"
    )
    call = services.call_to_form(
        people[Role.PROCESSOR], call, version=call.version, category=Category.COMPLAINT
    )
    with pytest.raises(Conflict, match="already became"):
        services.call_to_form(
            people[Role.PROCESSOR], call, version=call.version, category=Category.COMPLAINT
        )


def test_log2_refusals_explain(site, people):
    p = people[Role.PROCESSOR]
    with pytest.raises(ValidationFailed) as exc:
        services.log_call(p, site=site, direction="sideways", number="12", subject="")
    assert set(exc.value.field_errors) == {"direction", "number", "subject"}
    with pytest.raises(ValidationFailed) as exc:
        services.log_call(
            p, site=site, number="13800138000", subject="报修", form_category="repair"
        )
    assert "caller" in exc.value.field_errors  # a form needs the reporter's name
    with pytest.raises(PermissionDenied):
        services.log_call(people[Role.DEPT_STAFF], site=site, number="13800138000", subject="报修")
    assistant_call = services.log_call(
        people[Role.CS_ASSISTANT], site=site, number="13800138000", caller="张三", subject="回访"
    )
    with pytest.raises(PermissionDenied):  # assistants keep the log but do not log forms (SD-1)
        services.call_to_form(
            people[Role.CS_ASSISTANT],
            assistant_call,
            version=assistant_call.version,
            category=Category.REPAIR,
        )


def test_log2_missed_call_is_returned_and_linked(site, people):
    p = people[Role.PROCESSOR]
    missed = services.log_missed_call(p, site=site, number="13800138000")
    assert Deadline.objects.get(subject_id=str(missed.pk), kind="lb.call_back").state == "scheduled"
    returned = services.call_back(
        p, missed, version=missed.version, subject="询问快递柜位置", outcome="已告知"
    )
    missed.refresh_from_db()
    assert missed.state == CallState.CALLED_BACK and returned.callback_of == missed
    assert returned.direction == CallDirection.OUTGOING and returned.number == missed.number
    assert Deadline.objects.get(subject_id=str(missed.pk), kind="lb.call_back").state == "met"
    with pytest.raises(Conflict):
        services.call_back(p, missed, version=missed.version, subject="again")


def test_log2_missed_call_not_returned_in_time_alerts(site, people):
    missed = services.log_missed_call(people[Role.PROCESSOR], site=site, number="13800138000")
    worker.run_once(at=missed.occurred_at + dt.timedelta(minutes=31), echo=lambda _: None)
    assert OutboxMessage.objects.filter(
        recipient=people[Role.CS_MANAGER],
        source__subject__id="Missed call %(serial)s from %(number)s has not been returned",
    ).exists()
