"""Matters returned unfinished (SD-12, SD-13; source 4.3.10): a returned order leaves its form
open; the processor re-dispatches it, to the same department or another, or sets it pending
with an expected date and a reason, while the assistant's follow-up clock runs."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import outbox
from infocenter.core.audit import record_event
from infocenter.core.models import Department, User
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import require, take_step

from .. import workflows
from ..choices import FormState, OrderState
from ..models import ServiceForm, WorkOrder
from .orders import check_dispatch, issue_order

MAX_PENDING_DAYS = 366


def redispatch_order(
    actor,
    form: ServiceForm,
    *,
    version: int,
    department: Department,
    assistant: User,
    instructions: str = "",
) -> WorkOrder:
    """SD-12: the processor sends a matter returned unfinished out again, to the same
    department or another: a new order of the same form, linked to the returned one, which is
    marked re-dispatched. The follow-up clock keeps running until the matter is finished."""
    step = workflows.FORM_STEPS["redispatch"]
    require(actor, form, step)
    heads, assistant = check_dispatch(form, department=department, assistant=assistant)
    with transaction.atomic(durable=True):
        form = lock_for_change(ServiceForm, form, version, related=("site", "room__unit__building"))
        require(actor, form, step)
        returned = list(
            form.orders.select_for_update()
            .filter(state=OrderState.RETURNED)
            .order_by("returned_at", "pk")
        )
        order = issue_order(
            actor,
            form,
            department=department,
            assistant=assistant,
            instructions=instructions.strip(),
            redispatch_of=returned[-1] if returned else None,
            heads=heads,
        )
        for old in returned:
            old.state = OrderState.REDISPATCHED
            save_new_version(old, "state")
            record_event(
                actor=actor, subject=old, kind="order.redispatched", data={"as": order.serial}
            )
        form.state, form.pending_until, form.pending_reason = FormState.DISPATCHED, None, ""
        save_new_version(form, "state", "pending_until", "pending_reason")
        record_event(
            actor=actor,
            subject=form,
            kind="form.redispatched",
            data={"order": order.serial, "department": department.name},
        )
        return order


def set_pending(
    actor, form: ServiceForm, *, version: int, until: dt.date | None, reason: str
) -> ServiceForm:
    """SD-12: the processor sets a matter returned unfinished pending (e.g. parts on order)
    with the date it is expected to go on and the reason; the assistant is told and the
    follow-up clock keeps reminding. Taken again, it moves the date."""
    step = workflows.FORM_STEPS["pending"]
    require(actor, form, step)
    reason, today = reason.strip(), timezone.localdate()
    errors = FieldErrors()
    if until is None:
        errors.add("until", _("Enter the date it is expected to go on."))
    elif not today <= until <= today + dt.timedelta(days=MAX_PENDING_DAYS):
        errors.add("until", _("Enter a date from today to a year ahead."))
    if not reason:
        errors.add("reason", _("Write why the matter waits."))
    elif len(reason) > 200:
        errors.add("reason", _("Keep the reason under 200 characters."))
    errors.raise_any(rule="SD-12")

    def then(row, now, before):
        assistants = {o.assistant for o in row.orders.select_related("assistant")}
        outbox.tell(
            list(assistants),
            row,
            Text(
                N_("%(serial)s waits until %(date)s: follow it up"),
                {"serial": row.serial, "date": until.isoformat()},
            ),
            reason,
        )

    return take_step(
        actor,
        form,
        step,
        version=version,
        event="form.pending",
        values={"pending_until": until, "pending_reason": reason},
        data={"until": until.isoformat(), "reason": reason},
        then=then,
    )
