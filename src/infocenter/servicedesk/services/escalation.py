"""Escalation (SD-14), run by the worker: an order neither finished nor returned within 2
working days is re-issued one level up, and only up: the department's order to its head (or,
without a head, straight to the branch general manager), the head's (or a designated
receiver's) to the general manager. An order the general manager holds is never sent back
down: it stays with the general manager, who is alerted again, together with the
customer-service managers, once per period by a reminder clock attached to the order."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, outbox
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.models import User
from infocenter.core.selectors import holders
from infocenter.core.services import save_new_version
from infocenter.core.texts import Text

from .. import workflows
from ..choices import OrderState
from ..models import WorkOrder
from .orders import issue_order
from .policy import K_ALERT, K_ARRANGE, K_REPORT, remind_every


def escalate_order(order: WorkOrder, *, now: dt.datetime) -> WorkOrder | None:
    """SD-14: neither finished nor returned within 2 working days. Re-issue the order one level
    up (``next_up``), link it to the original and notify; when nobody is above (the general
    manager holds it), alert the general manager and the customer-service managers and start
    the order's reminder clock instead. Idempotent: an order already re-issued, no longer open
    or already being reminded is left alone. Runs inside the worker's transaction."""
    row = (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("form", "department", "receiver")
        .get(pk=order.pk)
    )
    if row.state not in workflows.OPEN_ORDER_STATES or hasattr(row, "reissue"):
        return None
    heads = holders(row.site_id, Role.DEPT_HEAD, department_id=row.department_id)
    managers = holders(row.site_id, Role.BRANCH_GM)
    receiver = next_up(row, heads=heads, managers=managers)
    if receiver is None:
        if not deadlines.open_for(row).filter(kind=K_ALERT).exists():
            alert_held_order(row, now=now)
            remind_every(row, K_ALERT, "finish", now)
        return None
    row.state = OrderState.ESCALATED
    save_new_version(row, "state")
    deadlines.cancel(row, K_ARRANGE, K_REPORT, K_ALERT, at=now)
    record_event(
        actor=None, subject=row, kind="order.escalated", data={"to": str(receiver), "rule": "SD-14"}
    )
    new = issue_order(
        None,
        row.form,
        department=row.department,
        assistant=row.assistant,
        instructions=_(
            "Re-issued: %(serial)s was neither finished nor returned within the time limit."
        )
        % {"serial": row.serial},
        receiver=receiver,
        reissue_of=row,
        now=now,
    )
    outbox.tell(
        [row.receiver or (heads[0] if heads else None), *([row.assignee] if row.assignee else [])],
        row,
        Text(
            N_("Work order %(serial)s re-issued to %(name)s"),
            {"serial": row.serial, "name": receiver},
        ),
    )
    return new


def next_up(order: WorkOrder, *, heads: list[User], managers: list[User]) -> User | None:
    """Who an overdue order goes to (SD-14): the department's own order to its head, or to the
    general manager when the department has no head; the order of a head or of anyone else it
    was addressed to, to the general manager; nobody above the general manager."""
    manager = managers[0] if managers else None
    if order.receiver_id is None:
        return heads[0] if heads else manager
    if any(m.pk == order.receiver_id for m in managers):
        return None
    return manager


def alert_held_order(order: WorkOrder, *, now: dt.datetime) -> None:
    """Tell the general manager (or, without one, the department's heads) and the
    customer-service managers that the order is still neither finished nor returned."""
    above = holders(order.site_id, Role.BRANCH_GM) or holders(
        order.site_id, Role.DEPT_HEAD, department_id=order.department_id
    )
    outbox.tell(
        [order.receiver, *above, *holders(order.site_id, Role.CS_MANAGER), order.assistant],
        order,
        Text(
            N_("Work order %(serial)s is still neither finished nor returned"),
            {"serial": order.serial},
        ),
    )


def remind_held_order(order: WorkOrder, *, now: dt.datetime) -> None:
    """The reminder clock's due instant (SD-14): while the order is still open, alert again (the
    engine re-arms the clock for the next period); otherwise end the clock."""
    row = WorkOrder.objects.select_related("site", "receiver", "assistant").get(pk=order.pk)
    if row.state not in workflows.OPEN_ORDER_STATES:
        deadlines.complete(row, K_ALERT, at=now)
        return
    alert_held_order(row, now=now)
