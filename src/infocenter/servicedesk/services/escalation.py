"""Escalation (SD-14), run by the worker: an order neither finished nor returned within 2
working days is re-issued over the department's head."""

import datetime as dt

from django.utils.translation import gettext as _

from infocenter.core import deadlines, outbox
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.selectors import holders
from infocenter.core.services import save_new_version

from .. import workflows
from ..choices import OrderState
from ..models import WorkOrder
from .orders import issue_order
from .policy import K_ARRANGE, K_REPORT


def escalate_order(order: WorkOrder, *, now: dt.datetime) -> WorkOrder | None:
    """SD-14: neither finished nor returned within 2 working days. Re-issue the order directly
    to the department head, or to the branch general manager when the head already held it;
    link it to the original and notify both. Idempotent: an order already re-issued or no
    longer open is left alone. Runs inside the worker's transaction."""
    row = (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("form", "department", "receiver")
        .get(pk=order.pk)
    )
    if row.state not in workflows.OPEN_ORDER_STATES or hasattr(row, "reissue"):
        return None
    heads = holders(row.site_id, Role.DEPT_HEAD, department_id=row.department_id)
    head_held = row.receiver is not None and (row.receiver in heads or not heads)
    managers = holders(row.site_id, Role.BRANCH_GM)
    receiver = (managers[0] if managers else None) if head_held else (heads[0] if heads else None)
    if receiver is None or receiver == row.receiver:
        outbox.tell(
            [*heads, *managers, row.assistant],
            row,
            _("Work order %(serial)s is overdue and nobody else can take it")
            % {"serial": row.serial},
        )
        return None
    row.state = OrderState.ESCALATED
    save_new_version(row, "state")
    deadlines.cancel(row, K_ARRANGE, K_REPORT, at=now)
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
        _("Work order %(serial)s re-issued to %(name)s") % {"serial": row.serial, "name": receiver},
    )
    return new
