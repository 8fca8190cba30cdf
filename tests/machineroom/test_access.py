"""MR-2: access to the machine room. Staff sign in and out in one tap; outsiders come in only on
a request the information-center head approved, under a listed name, with a named escort;
construction crews leave only after the duty staff release them after clean-up; emergency
technicians after the head's approval by phone; refusals and forced entries are logged."""

import pytest
from django.utils import timezone

from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, StaleEdit, ValidationFailed
from infocenter.core.models import AuditEvent, Deadline, Notification, OutboxMessage
from infocenter.machineroom import selectors
from infocenter.machineroom.choices import RequestState, VisitOutcome
from infocenter.machineroom.services import access as services

from .conftest import hours


def test_mr2_staff_sign_in_and_out_in_one_tap(room, maintainer, site):
    visit = services.sign_in_staff(maintainer, room=room)
    assert visit.inside and visit.person == maintainer
    assert [v.name for v in selectors.inside_now(maintainer, site=site)] == [maintainer.full_name]
    with pytest.raises(Conflict, match="signed in"):
        services.sign_in_staff(maintainer, room=room)
    services.sign_out(maintainer, visit, version=visit.version)
    assert selectors.inside_now(maintainer, site=site) == []
    assert AuditEvent.objects.filter(kind__in=["visit.signed_in", "visit.signed_out"]).count() == 2


def test_mr2_only_information_center_staff_use_the_desk(room, people):
    for role in (Role.PROCESSOR, Role.DEPT_HEAD, Role.AUDITOR, Role.SYSADMIN):
        with pytest.raises(PermissionDenied):
            services.sign_in_staff(people[role], room=room)


def test_mr2_request_waits_for_the_head_and_the_head_is_told(ask, head):
    from infocenter.machineroom import approvals

    record = ask()
    assert record.state == RequestState.REQUESTED and "-JF-" in record.serial
    assert OutboxMessage.objects.filter(recipient=head, subject__contains=record.serial).exists()
    assert [w.title.split()[0] for w in approvals.waiting_for(head)] == [record.serial]


def test_mr2_nobody_external_signs_in_without_approval(ask, maintainer):
    record = ask()
    with pytest.raises(Conflict, match="approval") as refused:
        services.sign_in_visitor(maintainer, request=record, name="王师傅")
    assert refused.value.rule == "MR-2"


def test_mr2_approved_visitor_signs_in_with_the_named_escort(approved, maintainer, site, head):
    record = approved()
    assert Deadline.objects.filter(subject_id=str(record.pk), kind=services.K_ACCESS_END).exists()
    visit = services.sign_in_visitor(maintainer, request=record, name="王师傅")
    assert (
        visit.escort == maintainer and visit.organisation == "重庆电信" and visit.request == record
    )
    assert {v.name for v in selectors.inside_now(head, site=site)} == {"王师傅"}
    with pytest.raises(Conflict, match="already signed in"):
        services.sign_in_visitor(maintainer, request=record, name="王师傅")


def test_mr2_refuses_a_name_not_on_the_request(approved, maintainer):
    with pytest.raises(ValidationFailed) as refused:
        services.sign_in_visitor(maintainer, request=approved(), name="李四")
    assert "not on" in str(refused.value.field_errors["name"][0])


def test_mr2_refuses_an_escort_who_is_not_our_staff(approved, maintainer, root, org):
    from tests.conftest import make_person

    outsider = make_person(root, "u_other_site", Role.MR_MAINTAINER, site=org["b"])
    with pytest.raises(ValidationFailed) as refused:
        services.sign_in_visitor(maintainer, request=approved(), name="王师傅", escort=outsider)
    assert "escort" in refused.value.field_errors


def test_mr2_request_needs_an_escort_people_and_a_sensible_period(people, room, now, root, org):
    from tests.conftest import make_person

    stranger = make_person(root, "u_b", Role.PROCESSOR, site=org["b"])
    with pytest.raises(ValidationFailed) as refused:
        services.request_access(
            people[Role.DEPT_HEAD],
            room=room,
            kind="construction",
            organisation="",
            applicant="王",
            phone="1",
            people=[],
            purpose="布线",
            starts_at=now,
            ends_at=now - hours(1),
            escort=stranger,
        )
    assert {"organisation", "people", "scope", "ends_at", "escort"} <= set(
        refused.value.field_errors
    )


def test_mr2_outside_the_approved_period_is_refused(approved, maintainer, now):
    later = approved(starts_at=now + hours(48), ends_at=now + hours(52))
    with pytest.raises(Conflict, match="not now"):
        services.sign_in_visitor(maintainer, request=later, name="王师傅")


def test_mr2_only_the_head_approves_and_a_refusal_needs_a_reason(ask, maintainer, head):
    record = ask()
    with pytest.raises(PermissionDenied):
        services.approve_request(maintainer, record, version=record.version)
    with pytest.raises(ValidationFailed):
        services.refuse_request(head, record, version=record.version, note=" ")
    refused = services.refuse_request(head, record, version=record.version, note="无施工资质")
    assert refused.state == RequestState.REFUSED
    with pytest.raises(Conflict, match="approval"):
        services.sign_in_visitor(maintainer, request=refused, name="王师傅")


def test_mr2_a_stale_decision_is_refused(ask, head):
    record = ask()
    services.approve_request(head, record, version=record.version)
    with pytest.raises((StaleEdit, Conflict)):
        services.refuse_request(head, record, version=record.version, note="重复")


def test_mr2_construction_crew_leaves_only_after_the_daily_release(approved, maintainer, head):
    record = approved("construction", people_coming=("张工", "李工"))
    crew = [services.sign_in_visitor(maintainer, request=record, name=n) for n in ("张工", "李工")]
    with pytest.raises(Conflict, match="clean-up"):
        services.sign_out(maintainer, crew[0], version=crew[0].version)
    with pytest.raises(ValidationFailed):
        services.release_for_today(maintainer, record, note="")
    services.release_for_today(maintainer, record, note="现场已清理")
    with pytest.raises(Conflict, match="already released"):
        services.release_for_today(maintainer, record, note="再次")
    for visit in crew:
        services.sign_out(maintainer, visit, version=visit.version)
    record.refresh_from_db()
    closed = services.close_request(maintainer, record, version=record.version)
    assert closed.state == RequestState.CLOSED


def test_mr2_a_request_with_people_inside_cannot_be_closed(approved, maintainer):
    record = approved()
    services.sign_in_visitor(maintainer, request=record, name="王师傅")
    record.refresh_from_db()
    with pytest.raises(Conflict, match="still inside"):
        services.close_request(maintainer, record, version=record.version)


def test_mr2_visitors_are_not_released_they_leave_with_their_escort(approved, maintainer):
    record = approved()
    visit = services.sign_in_visitor(maintainer, request=record, name="王师傅")
    with pytest.raises(Conflict, match="escort"):
        services.release_for_today(maintainer, record, note="好")
    assert not services.sign_out(maintainer, visit, version=visit.version).inside


def test_mr2_emergency_technician_after_the_heads_phone_approval(
    room, maintainer, head, now, people
):
    with pytest.raises(ValidationFailed) as refused:
        services.request_access(
            people[Role.DEPT_HEAD],
            room=room,
            kind="emergency",
            organisation="电信",
            applicant="赵",
            phone="10000",
            people=["赵工"],
            purpose="光缆中断",
            starts_at=now,
            ends_at=now + hours(2),
            escort=maintainer,
        )
    assert "kind" in refused.value.field_errors
    with pytest.raises(ValidationFailed) as not_head:
        services.record_phone_approval(
            maintainer,
            room=room,
            organisation="电信",
            applicant="赵",
            phone="10000",
            people=["赵工"],
            purpose="光缆中断",
            head=maintainer,
            approved_at=None,
            ends_at=now + hours(2),
            escort=maintainer,
        )
    assert "head" in not_head.value.field_errors
    record = services.record_phone_approval(
        maintainer,
        room=room,
        organisation="电信",
        applicant="赵",
        phone="10000",
        people=["赵工"],
        purpose="光缆中断",
        head=head,
        approved_at=None,
        ends_at=now + hours(2),
        escort=maintainer,
    )
    assert record.state == RequestState.APPROVED and record.by_phone and record.decided_by == head
    assert OutboxMessage.objects.filter(recipient=head, subject__contains=record.serial).exists()
    visit = services.sign_in_visitor(maintainer, request=record, name="赵工")
    with pytest.raises(Conflict, match="clean-up"):
        services.sign_out(maintainer, visit, version=visit.version)


def test_mr2_refused_and_forced_entries_are_logged_and_forced_alerts(room, maintainer, head, site):
    refused = services.record_refusal(
        maintainer, room=room, name="陌生人", reason="无审批，拒绝进入"
    )
    assert refused.outcome == VisitOutcome.REFUSED and not refused.inside
    forced = services.record_refusal(
        maintainer, room=room, name="某人", reason="强行闯入", forced=True
    )
    assert forced.outcome == VisitOutcome.FORCED
    assert OutboxMessage.objects.filter(recipient=head, subject__contains="Forced entry").exists()
    assert selectors.inside_now(head, site=site) == []
    with pytest.raises(ValidationFailed):
        services.record_refusal(maintainer, room=room, name="", reason="")


def test_mr2_overstay_after_the_approved_time_alerts_the_head(approved, maintainer, head, now):
    from infocenter.core import worker

    record = approved(ends_at=now + hours(1))
    services.sign_in_visitor(maintainer, request=record, name="王师傅")
    worker.run_once(at=now + hours(2), echo=lambda _line: None)
    assert OutboxMessage.objects.filter(recipient=head, subject__contains="still in").exists()
    worker.run_once(at=now + hours(2), echo=lambda _line: None)  # delivers it in the app
    assert Notification.objects.filter(recipient=head, subject__contains="still in").exists()


def test_mr2_cancel_by_the_requester_or_the_desk_only(ask, people, maintainer):
    record = ask()
    with pytest.raises(PermissionDenied):
        services.cancel_request(people[Role.PROCESSOR], record, version=record.version)
    cancelled = services.cancel_request(
        people[Role.DEPT_HEAD], record, version=record.version, note="改期"
    )
    assert cancelled.state == RequestState.CANCELLED


def test_mr2_requesters_see_their_own_requests_only(ask, people, head):
    record = ask()
    assert list(selectors.requests_for(people[Role.DEPT_HEAD])) == [record]
    assert list(selectors.requests_for(people[Role.PROCESSOR])) == []
    assert list(selectors.requests_for(people[Role.AUDITOR])) == [record]
    assert timezone.localtime(record.requested_at).date() == timezone.localdate()
