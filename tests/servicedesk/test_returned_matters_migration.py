"""SD-12 for data kept under the old rules: the data migration reopens a form left `dispatched`
whose latest order was returned unfinished, and writes its follow-up clock so that the worker
reminds at once and then every period of the site's policy."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from infocenter.core import worker
from infocenter.core.choices import DeadlineState, Role
from infocenter.core.models import Deadline, OutboxMessage
from infocenter.servicedesk import services
from infocenter.servicedesk.choices import FormState, OrderState
from infocenter.servicedesk.models import ServiceForm, WorkOrder

migration = importlib.import_module(
    "infocenter.servicedesk.migrations.0009_reopen_returned_matters"
)


def follow_ups(form):
    return Deadline.objects.filter(
        kind="sd.follow_up", subject_type="servicedesk.serviceform", subject_id=str(form.pk)
    )


def as_under_the_old_rules(form):
    """The form stayed `dispatched` and no follow-up clock ran."""
    ServiceForm.objects.filter(pk=form.pk).update(state=FormState.DISPATCHED)
    follow_ups(form).delete()
    form.refresh_from_db()
    return form


@pytest.fixture
def old_returned(order, form, people):
    services.return_order(people[Role.DEPT_HEAD], order, version=order.version, reason="缺配件")
    return as_under_the_old_rules(form)


def test_sd12_migration_reopens_a_form_whose_latest_order_was_returned(old_returned, people):
    form, version = old_returned, old_returned.version
    migration.reopen_returned_matters(apps, None)
    form.refresh_from_db()
    assert form.state == FormState.RETURNED and form.version == version + 1
    (clock,) = follow_ups(form)
    assert clock.state == DeadlineState.SCHEDULED and clock.data["every"] == [1, "working_days"]
    assert clock.started_at == form.orders.get().returned_at
    # run again: nothing more is changed or added
    migration.reopen_returned_matters(apps, None)
    form.refresh_from_db()
    assert form.version == version + 1 and follow_ups(form).count() == 1

    # the worker's next pass reminds the assistant and the processor, and re-arms the clock
    now = timezone.now() + dt.timedelta(minutes=1)
    worker.run_once(at=now, echo=lambda _: None)
    for role in (Role.CS_ASSISTANT, Role.PROCESSOR):
        assert OutboxMessage.objects.filter(
            recipient=people[role], subject__contains=form.serial
        ).exists()
    clock.refresh_from_db()
    assert clock.state == DeadlineState.SCHEDULED and clock.due_at > now
    assert clock.data["reminders"] == 1

    # the processor can now re-dispatch it (SD-12)
    new = services.redispatch_order(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        department=form.orders.get().department,
        assistant=people[Role.CS_ASSISTANT],
    )
    assert new.state == OrderState.DISPATCHED
    assert WorkOrder.objects.get(pk=new.redispatch_of_id).state == OrderState.REDISPATCHED


def test_sd12_migration_leaves_forms_whose_latest_order_is_not_returned(
    old_returned, order, people
):
    form = old_returned
    ServiceForm.objects.filter(pk=form.pk).update(state=FormState.RETURNED)
    form.refresh_from_db()
    services.redispatch_order(
        people[Role.PROCESSOR],
        form,
        version=form.version,
        department=order.department,
        assistant=people[Role.CS_ASSISTANT],
    )
    # an older order returned, the latest one still open: the form stays dispatched
    WorkOrder.objects.filter(pk=order.pk).update(state=OrderState.RETURNED)
    form = as_under_the_old_rules(form)
    version = form.version
    migration.reopen_returned_matters(apps, None)
    form.refresh_from_db()
    assert form.state == FormState.DISPATCHED and form.version == version
    assert not follow_ups(form).exists()


def test_sd12_migration_keeps_a_site_policy_and_a_running_clock(old_returned, people, org):
    form = old_returned
    services.update_sla_policy(
        people[Role.CS_MANAGER],
        org["a"],
        version=services.policy(org["a"]).version,
        follow_up_amount=4,
        follow_up_unit="wall_hours",
    )
    migration.reopen_returned_matters(apps, None)
    assert follow_ups(form).get().data["every"] == [4, "wall_hours"]
