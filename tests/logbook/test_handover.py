"""LOG-1: shift handover drafted from the live state, accepted by the incoming processor,
with an alert when nobody accepts it in time."""

import datetime as dt

import pytest

from infocenter.core import worker
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.core.models import OutboxMessage
from infocenter.logbook import services
from infocenter.logbook.choices import EntryKind, HandoverState, ReportChannel
from infocenter.servicedesk import services as sd
from infocenter.servicedesk.choices import Category, ReporterKind, Source

from .conftest import hours


@pytest.fixture
def live(site, people, gc, building, now):
    """An open form, an open order, an outage in force and a missed call."""
    p = people[Role.PROCESSOR]
    form = sd.log_form(
        p,
        site=site,
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="张三",
        reporter_phone="13800138000",
        category=Category.REPAIR,
        content="楼道灯不亮",
    )
    other = sd.log_form(
        p,
        site=site,
        source=Source.PHONE,
        reporter_kind=ReporterKind.OWNER,
        reporter_name="李四",
        reporter_phone="13800138001",
        category=Category.REPAIR,
        content="水管漏水",
    )
    order = sd.dispatch_order(
        p, other, version=other.version, department=gc, assistant=people[Role.CS_ASSISTANT]
    )
    entry = services.record_entry(
        p,
        site=site,
        department=gc,
        kind=EntryKind.POWER_OUTAGE,
        title="1栋检修停电",
        starts_at=now - hours(1),
        ends_at=now + hours(3),
        changed_at=now - hours(2),
        channel=ReportChannel.PHONE,
        reported_by="王工",
        buildings=[building],
    )
    missed = services.log_missed_call(p, site=site, number="13800138002")
    return {"form": form, "order": order, "entry": entry, "missed": missed}


def told(user, text) -> bool:
    return OutboxMessage.objects.filter(
        recipient=user, channel="in_app", subject__contains=text
    ).exists()


def _serials(record, key):
    return [r["serial"] for s in record.carried_over if s["key"] == key for r in s["rows"]]


def test_log1_handover_freezes_the_open_items_of_the_moment(site, people, processor2, live):
    record = services.hand_over(
        people[Role.PROCESSOR],
        site=site,
        incoming=processor2,
        shift="白班",
        equipment_state="电话、对讲正常",
        remarks="3栋电梯待厂家",
    )
    assert record.state == HandoverState.HANDED_OVER
    assert _serials(record, "forms") == [live["form"].serial]
    assert _serials(record, "orders") == [live["order"].serial]
    assert _serials(record, "entries") == [live["entry"].serial]
    assert _serials(record, "missed_calls") == [live["missed"].serial]
    assert all(
        r["due"] for r in next(s for s in record.carried_over if s["key"] == "orders")["rows"]
    )
    assert told(processor2, record.serial)


def test_log1_only_the_named_incoming_processor_accepts(site, people, processor2):
    record = services.hand_over(
        people[Role.PROCESSOR], site=site, incoming=processor2, shift="夜班", equipment_state="正常"
    )
    with pytest.raises(PermissionDenied, match="LOG-1|u_processor2"):
        services.accept_handover(people[Role.PROCESSOR], record, version=record.version)
    accepted = services.accept_handover(
        processor2, record, version=record.version, note="已清点钥匙"
    )
    assert (
        accepted.state == HandoverState.ACCEPTED
        and accepted.accepted_at
        and accepted.accept_note == "已清点钥匙"
    )
    with pytest.raises(Conflict):
        services.accept_handover(processor2, accepted, version=accepted.version)


def test_log1_refusals_explain(site, people, processor2):
    p = people[Role.PROCESSOR]
    with pytest.raises(ValidationFailed) as exc:
        services.hand_over(p, site=site, incoming=p, shift="", equipment_state="")
    assert set(exc.value.field_errors) == {"incoming", "shift", "equipment_state"}
    with pytest.raises(ValidationFailed) as exc:
        services.hand_over(
            p, site=site, incoming=people[Role.CS_ASSISTANT], shift="白班", equipment_state="正常"
        )
    assert exc.value.field_errors["incoming"] == ["Choose a processor of this site."]
    with pytest.raises(PermissionDenied):
        services.hand_over(
            people[Role.CS_ASSISTANT],
            site=site,
            incoming=processor2,
            shift="白班",
            equipment_state="正常",
        )
    services.hand_over(p, site=site, incoming=processor2, shift="白班", equipment_state="正常")
    with pytest.raises(Conflict, match="still waiting"):
        services.hand_over(p, site=site, incoming=processor2, shift="白班", equipment_state="正常")


def test_log1_stale_acceptance_is_refused(site, people, processor2):
    record = services.hand_over(
        people[Role.PROCESSOR], site=site, incoming=processor2, shift="白班", equipment_state="正常"
    )
    with pytest.raises(Conflict):
        services.accept_handover(processor2, record, version=record.version + 1)


def test_log1_unaccepted_handover_alerts_the_customer_service_manager(site, people, processor2):
    record = services.hand_over(
        people[Role.PROCESSOR], site=site, incoming=processor2, shift="白班", equipment_state="正常"
    )
    lines = []
    worker.run_once(at=record.handed_over_at + dt.timedelta(minutes=29), echo=lines.append)
    assert not told(people[Role.CS_MANAGER], "has not been accepted")
    worker.run_once(at=record.handed_over_at + dt.timedelta(minutes=31), echo=lines.append)
    assert told(people[Role.CS_MANAGER], f"{record.serial}")
    assert told(people[Role.CS_MANAGER], "has not been accepted")
    assert any("lb.accept" in line for line in lines)


def test_log1_accepted_in_time_raises_no_alert(site, people, processor2):
    record = services.hand_over(
        people[Role.PROCESSOR], site=site, incoming=processor2, shift="白班", equipment_state="正常"
    )
    services.accept_handover(processor2, record, version=record.version)
    worker.run_once(at=record.handed_over_at + dt.timedelta(hours=2), echo=lambda _: None)
    assert not told(people[Role.CS_MANAGER], "has not been accepted")


def test_log1_sd12_sd17_unfinished_matters_and_staff_forms_are_handed_over(
    site, people, processor2, live, gc
):
    """A matter returned unfinished and a staff form waiting for receipt are the next shift's
    too, beside the forms not yet dispatched."""
    order = live["order"]
    sd.return_order(people[Role.DEPT_HEAD], order, version=order.version, reason="缺配件")
    filed = sd.submit_form(
        people[Role.DEPT_STAFF], site=site, category=Category.REPAIR, content="电梯按键失灵"
    )
    record = services.hand_over(
        people[Role.PROCESSOR], site=site, incoming=processor2, shift="白班", equipment_state="正常"
    )
    serials = _serials(record, "forms")
    assert set(serials) == {live["form"].serial, order.form.serial, filed.serial}
    assert _serials(record, "orders") == []
