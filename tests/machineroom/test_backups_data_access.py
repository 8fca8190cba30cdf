"""MR-11: an outsider who needs to consult documents or data applies; the information-center head
approves; staff look it up on their behalf, giving only what was approved, and record exactly
what was provided."""

import datetime as dt

import pytest
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.core.exceptions import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    StaleEdit,
    ValidationFailed,
)
from infocenter.core.models import AuditEvent, OutboxMessage
from infocenter.machineroom import approvals
from infocenter.machineroom.choices import DataRequestState as DS
from infocenter.machineroom.services import data_access

ITEMS = ["11 月 3 日 8:00-10:00 3 栋单元门监控录像", "11 月 3 日 3 栋门禁刷卡记录", "3 栋业主名册"]


@pytest.fixture
def ask(people, site):
    def _ask(by=None, **extra):
        values = {
            "organisation": "区公安分局",
            "applicant": "李警官",
            "phone": "023-67700110",
            "purpose": "调查 3 栋电动车被盗案",
            "items": ITEMS,
        } | extra
        return data_access.request_data_access(by or people[Role.PROCESSOR], site=site, **values)

    return _ask


@pytest.fixture
def approved(ask, head):
    record = ask()
    return data_access.approve_data_request(
        head, record, version=record.version, note="只提供与案件有关的资料", approved_items=[1, 2]
    )


def provide(record, actor, provided=None, **extra):
    return data_access.fulfil_data_request(
        actor,
        record,
        version=record.version,
        **{
            "handed_to": "李警官",
            "provided": provided
            if provided is not None
            else [
                {"position": 1, "form": "electronic", "extent": "1 段视频，2 小时"},
                {"position": 2, "form": "printout", "extent": "2 页，36 条记录"},
            ],
        }
        | extra,
    )


def test_mr11_request_gets_a_serial_and_waits_for_the_head(ask, head):
    record = ask()
    assert "-ZL-" in record.serial and record.state == DS.REQUESTED
    assert [i.description for i in record.items.all()] == ITEMS
    waiting = approvals.waiting_for(head)
    assert [w.kind for w in waiting] == ["Data-access request"] and record.serial in waiting[
        0
    ].title
    assert OutboxMessage.objects.filter(recipient=head, subject__contains=record.serial).exists()


def test_mr11_request_names_every_missing_field(ask):
    with pytest.raises(ValidationFailed) as bad:
        ask(
            organisation="",
            applicant="",
            phone="",
            purpose="",
            items=[" "],
            received_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert {"organisation", "applicant", "phone", "purpose", "items", "received_on"} <= set(
        bad.value.field_errors
    )


def test_mr11_the_auditor_records_no_request(ask, people):
    with pytest.raises(PermissionDenied):
        ask(by=people[Role.AUDITOR])


def test_mr11_only_the_head_decides(ask, people, maintainer):
    record = ask()
    for role in (Role.MR_MAINTAINER, Role.PROCESSOR, Role.IT_STAFF):
        with pytest.raises(PermissionDenied):
            data_access.approve_data_request(people[role], record, version=record.version)


def test_mr11_head_approves_only_what_the_work_needs(approved, head, maintainer):
    assert approved.state == DS.APPROVED and approved.decided_by == head
    assert [i.approved for i in approved.items.all()] == [True, True, False]
    assert OutboxMessage.objects.filter(
        recipient=maintainer, subject__contains=approved.serial
    ).exists()


def test_mr11_approving_nothing_or_an_item_not_asked_for_is_refused(ask, head):
    record = ask()
    for chosen in ([], [4]):
        with pytest.raises(ValidationFailed):
            data_access.approve_data_request(
                head, record, version=record.version, approved_items=chosen
            )


def test_mr11_refusal_needs_its_reason_and_ends_the_request(ask, head, maintainer):
    record = ask()
    with pytest.raises(ValidationFailed):
        data_access.refuse_data_request(head, record, version=record.version, note="")
    record = data_access.refuse_data_request(
        head, record, version=record.version, note="须持协查函"
    )
    assert record.state == DS.REFUSED
    with pytest.raises(InvalidTransition):
        provide(record, maintainer)


def test_mr11_fulfilment_before_approval_is_refused(ask, maintainer):
    record = ask()
    with pytest.raises(InvalidTransition, match="is not possible now"):
        provide(record, maintainer)


def test_mr11_staff_record_exactly_what_was_provided_and_the_request_closes(
    approved, maintainer, head
):
    record = provide(approved, maintainer, note="在信息中心当面交付")
    assert (
        record.state == DS.FULFILLED
        and record.fulfilled_by == maintainer
        and record.handed_to == "李警官"
    )
    items = list(record.items.all())
    assert [(i.provided_form, i.provided_extent) for i in items] == [
        ("electronic", "1 段视频，2 小时"),
        ("printout", "2 页，36 条记录"),
        ("", ""),
    ]
    event = AuditEvent.objects.get(kind="data.fulfilled")
    assert [p["item"] for p in event.data["provided"]] == ITEMS[:2]
    assert OutboxMessage.objects.filter(recipient=head, subject__contains="provided").exists()
    with pytest.raises(InvalidTransition):
        provide(record, maintainer)


def test_mr11_nothing_beyond_the_approval_can_be_recorded(approved, maintainer):
    with pytest.raises(ValidationFailed) as beyond:
        provide(approved, maintainer, [{"position": 3, "form": "copy", "extent": "5 页"}])
    assert "not approved" in str(beyond.value.field_errors["provided"])
    with pytest.raises(ValidationFailed) as stranger:
        provide(approved, maintainer, [{"position": 9, "form": "copy", "extent": "5 页"}])
    assert "not on" in str(stranger.value.field_errors["provided"])
    with pytest.raises(ValidationFailed) as twice:
        provide(
            approved,
            maintainer,
            [
                {"position": 1, "form": "copy", "extent": "1 页"},
                {"position": 1, "form": "view", "extent": "1 页"},
            ],
        )
    assert "twice" in str(twice.value.field_errors["provided"])
    with pytest.raises(ValidationFailed) as empty:
        provide(approved, maintainer, [], handed_to="")
    assert {"provided", "handed_to"} <= set(empty.value.field_errors)
    with pytest.raises(ValidationFailed) as vague:
        provide(approved, maintainer, [{"position": 1, "form": "copy", "extent": ""}])
    assert "pages or records" in str(vague.value.field_errors["provided"])
    approved.refresh_from_db()
    assert approved.state == DS.APPROVED


def test_mr11_outsiders_and_the_head_alone_do_not_fulfil(approved, people):
    for role in (Role.PROCESSOR, Role.DEPT_HEAD, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            provide(approved, people[role])


def test_mr11_a_stale_decision_is_refused(ask, head):
    record = ask()
    data_access.approve_data_request(head, record, version=record.version)
    with pytest.raises((StaleEdit, Conflict)):
        data_access.refuse_data_request(head, record, version=record.version, note="重复")


def test_mr11_hand_over_before_the_approval_is_refused(approved, maintainer):
    with pytest.raises(ValidationFailed) as early:
        provide(approved, maintainer, handed_at=approved.decided_at - dt.timedelta(hours=1))
    assert "handed_at" in early.value.field_errors


def test_mr11_cancel_by_whoever_recorded_it_or_the_information_center(ask, people, maintainer):
    record = ask()
    with pytest.raises(PermissionDenied):
        data_access.cancel_data_request(people[Role.DEPT_HEAD], record, version=record.version)
    record = data_access.cancel_data_request(
        people[Role.PROCESSOR], record, version=record.version, note="不需要了"
    )
    assert record.state == DS.CANCELLED
