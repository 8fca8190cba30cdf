"""SD-5 designated receivers (指定的接单人) and SD-14 escalation that only goes up: the
department's order to its head, the head's to the branch general manager, and an order the
general manager holds stays there, alerted again with the customer-service manager each period."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from infocenter.core import services as core_services
from infocenter.core import worker
from infocenter.core.choices import DeadlineState, Role
from infocenter.core.exceptions import PermissionDenied, StaleEdit, ValidationFailed
from infocenter.core.models import AuditEvent, Deadline, Department, OutboxMessage
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import OrderState
from infocenter.servicedesk.models import WorkOrder
from infocenter.servicedesk.services.escalation import next_up
from tests.conftest import make_person


def open_clock(order, kind):
    return Deadline.objects.get(
        subject_type="servicedesk.workorder",
        subject_id=str(order.pk),
        kind=kind,
        state__in=[DeadlineState.SCHEDULED, DeadlineState.WARNED],
    )


def run_at(moment):
    """The worker at ``moment``, with the wall clock there too."""
    with time_machine.travel(moment, tick=False):
        worker.run_once(at=moment, echo=lambda _: None)


def told(user, text) -> int:
    return OutboxMessage.objects.filter(
        recipient=user, channel="in_app", subject__contains=text
    ).count()


def lapse(order):
    """Let ``order``'s 2-working-day clock run out; the re-issue it made, if any."""
    run_at(open_clock(order, "sd.finish").due_at + dt.timedelta(minutes=1))
    order.refresh_from_db()
    return getattr(order, "reissue", None)


@pytest.fixture
def receiver(root, org, gc, people):
    """A technician of 工程部 named as its designated receiver by the head."""
    person = make_person(root, "recv", Role.DEPT_STAFF, site=org["a"], department=gc)
    gc = Department.objects.get(pk=gc.pk)
    core_services.set_department_receivers(
        people[Role.DEPT_HEAD], gc, version=gc.version, receivers=[person]
    )
    return person


# -- SD-5: designated receivers -----------------------------------------------------------------


def test_sd5_designated_receiver_is_told_of_each_dispatch_and_acknowledges(receiver, order):
    assert told(receiver, order.serial) == 1
    order = services.acknowledge_order(receiver, order, version=order.version)
    assert order.state == OrderState.ACKNOWLEDGED
    assert order.acknowledged_by == receiver and order.acknowledged_at is not None


def test_sd5_other_staff_cannot_acknowledge(receiver, order, people):
    with pytest.raises(PermissionDenied):
        services.acknowledge_order(people[Role.DEPT_STAFF], order, version=order.version)


def test_sd5_receivers_are_named_by_the_head_audited_and_versioned(receiver, gc, people):
    gc = Department.objects.get(pk=gc.pk)
    assert list(gc.receivers.all()) == [receiver]
    event = AuditEvent.objects.filter(kind="department.receivers_set").last()
    assert event.actor == people[Role.DEPT_HEAD]
    assert event.data["changes"]["receivers"] == ["", str(receiver)]
    with pytest.raises(StaleEdit):
        core_services.set_department_receivers(
            people[Role.DEPT_HEAD], gc, version=gc.version - 1, receivers=[]
        )


@pytest.mark.parametrize("role", [Role.DEPT_STAFF, Role.PROCESSOR, Role.AUDITOR])
def test_sd5_only_heads_and_managers_name_receivers(role, gc, people):
    with pytest.raises(PermissionDenied):
        core_services.set_department_receivers(
            people[role], gc, version=gc.version, receivers=[people[Role.DEPT_STAFF]]
        )


def test_sd5_another_departments_head_cannot_name_receivers(root, org, gc, people):
    zx = Department.objects.get(site=org["a"], code="zx")
    other_head = make_person(root, "zxhead", Role.DEPT_HEAD, site=org["a"], department=zx)
    with pytest.raises(PermissionDenied):
        core_services.set_department_receivers(
            other_head, gc, version=gc.version, receivers=[people[Role.DEPT_STAFF]]
        )


def test_sd5_a_receiver_works_in_the_department(gc, people):
    with pytest.raises(ValidationFailed) as exc:
        core_services.set_department_receivers(
            people[Role.CS_MANAGER], gc, version=gc.version, receivers=[people[Role.AUDITOR]]
        )
    assert exc.value.field_errors["receivers"] == [f"{people[Role.AUDITOR]} 不在工程部任职。"]


def test_sd5_receivers_page_and_api(gc, people, client_for, api_for):
    url = reverse("core:department", kwargs={"pk": gc.pk})
    head = client_for(people[Role.DEPT_HEAD])
    page = head.get(url).content.decode()
    assert 'name="receivers"' in page
    tech = people[Role.DEPT_STAFF]
    response = head.post(url, {"version": gc.version, "receivers": [tech.pk]})
    assert response.status_code == 302
    gc.refresh_from_db()
    assert list(gc.receivers.all()) == [tech]
    # read-only for staff
    assert 'name="receivers"' not in client_for(tech).get(url).content.decode()
    api = api_for(people[Role.CS_MANAGER])
    detail = api.get(reverse("department-detail", kwargs={"pk": gc.pk})).json()
    assert detail["receivers"] == [tech.pk]
    response = api.put(
        reverse("department-receivers", kwargs={"pk": gc.pk}),
        {"version": gc.version, "receivers": []},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["receivers"] == []
    refused = api_for(tech).put(
        reverse("department-receivers", kwargs={"pk": gc.pk}),
        {"version": gc.version + 1, "receivers": [tech.pk]},
        format="json",
    )
    assert refused.status_code == 403


def test_sd5_who_acknowledged_is_shown_on_the_order_page_and_in_the_api(
    receiver, order, client_for, api_for, people
):
    order = services.acknowledge_order(receiver, order, version=order.version)
    page = client_for(people[Role.PROCESSOR]).get(order.get_absolute_url()).content.decode()
    assert 'data-testid="acknowledged"' in page and str(receiver) in page
    data = api_for(people[Role.PROCESSOR]).get(reverse("sd-order-detail", kwargs={"pk": order.pk}))
    body = data.json()
    assert body["acknowledged_by"] == receiver.pk
    assert body["acknowledged_by_name"] == str(receiver) and body["acknowledged_at"]


# -- SD-14: escalation only goes up ---------------------------------------------------------


def test_sd14_no_cycle_the_general_manager_keeps_the_order_over_several_periods(order, people):
    head, gm, manager = people[Role.DEPT_HEAD], people[Role.BRANCH_GM], people[Role.CS_MANAGER]
    to_head = lapse(order)
    assert to_head.receiver == head
    to_gm = lapse(to_head)
    assert to_gm.receiver == gm and to_gm.reissue_of == to_head
    assert lapse(to_gm) is None  # nobody above: it stays with the general manager
    to_gm.refresh_from_db()
    assert to_gm.state == OrderState.DISPATCHED and to_gm.receiver == gm
    text = f"派工单 {to_gm.serial} 仍未完成也未退回"
    assert told(gm, text) == 1 and told(manager, text) == 1
    for period in range(2, 6):
        reminder = open_clock(to_gm, "sd.escalated")
        run_at(reminder.due_at + dt.timedelta(minutes=1))
        assert told(gm, text) == period and told(manager, text) == period
        assert WorkOrder.objects.filter(form=order.form).count() == 3
        assert told(head, text) == 0
    to_gm.refresh_from_db()
    assert to_gm.state == OrderState.DISPATCHED and to_gm.receiver == gm
    assert not hasattr(to_gm, "reissue")
    # one reminder clock, re-armed each period
    assert Deadline.objects.filter(subject_id=str(to_gm.pk), kind="sd.escalated").count() == 1


def test_sd14_the_reminder_stops_when_the_general_manager_returns_the_order(order, people):
    gm = people[Role.BRANCH_GM]
    to_gm = lapse(lapse(order))
    lapse(to_gm)
    to_gm.refresh_from_db()
    reminder = open_clock(to_gm, "sd.escalated")
    services.return_order(gm, to_gm, version=to_gm.version, reason="需业主配合")
    reminder.refresh_from_db()
    assert reminder.state == DeadlineState.MET
    before = told(gm, "仍未完成也未退回")
    assert before == 1
    run_at(reminder.due_at + dt.timedelta(days=10))
    assert told(gm, "仍未完成也未退回") == before


def test_sd14_a_department_without_a_head_goes_straight_to_the_general_manager(org, people, form):
    hj = Department.objects.get(site=org["a"], code="hj")
    order = services.dispatch_order(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        department=hj,
        assistant=people[Role.CS_ASSISTANT],
    )
    assert lapse(order).receiver == people[Role.BRANCH_GM]


def test_sd14_a_designated_receivers_order_goes_up_to_the_general_manager(order, people):
    gm, tech, head = people[Role.BRANCH_GM], people[Role.DEPT_STAFF], people[Role.DEPT_HEAD]
    order.receiver = tech
    assert next_up(order, heads=[head], managers=[gm]) == gm
    order.receiver = gm
    assert next_up(order, heads=[head], managers=[gm]) is None
    order.receiver = None
    assert next_up(order, heads=[], managers=[gm]) == gm
    assert next_up(order, heads=[head], managers=[gm]) == head


def test_sd14_without_a_general_manager_the_head_is_alerted_each_period(root, org, people, order):
    from infocenter.core.models import RoleAssignment

    RoleAssignment.objects.filter(role=Role.BRANCH_GM).delete()
    head, manager = people[Role.DEPT_HEAD], people[Role.CS_MANAGER]
    to_head = lapse(order)
    assert to_head.receiver == head
    assert lapse(to_head) is None
    text = f"派工单 {to_head.serial} 仍未完成也未退回"
    assert told(head, text) == 1 and told(manager, text) == 1
    run_at(open_clock(to_head, "sd.escalated").due_at + dt.timedelta(minutes=1))
    assert told(head, text) == 2
    assert WorkOrder.objects.filter(form=order.form).count() == 2


def test_sd5_receivers_page_refusals(gc, people, client_for):
    url = reverse("core:department", kwargs={"pk": gc.pk})
    head = client_for(people[Role.DEPT_HEAD])
    outsider = head.post(url, {"version": gc.version, "receivers": [people[Role.AUDITOR].pk]})
    assert outsider.status_code == 400
    stale = head.post(url, {"version": gc.version + 3, "receivers": []})
    assert stale.status_code == 409
    gc.refresh_from_db()
    assert gc.version == 1 and not gc.receivers.exists()
    refused = client_for(people[Role.DEPT_STAFF]).post(url, {"version": gc.version})
    assert refused.status_code == 403
