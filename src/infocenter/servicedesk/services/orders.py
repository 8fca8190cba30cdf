"""Work orders (SD-5 … SD-9, SD-13): dispatched to a department, acknowledged, staffed, handled,
reported with the customer's signature or returned, verified by the assistant and struck in the
register (消档)."""

import copy
import datetime as dt

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import audit, deadlines, outbox, permissions
from infocenter.core.attachments import is_png
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import Department, RoleAssignment, Site, User
from infocenter.core.numbering import allocate_serial
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_if_current, save_new_version
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import require, take_step

from .. import workflows
from ..choices import FormState, OrderState, ReporterKind, ReportOutcome, Unsigned
from ..models import ServiceForm, SlaPolicy, WorkOrder
from .filer import tell_filer_result
from .policy import (
    K_ALERT,
    K_ARRANGE,
    K_DISPATCH,
    K_FINISH,
    K_FOLLOW_UP,
    K_REPORT,
    ORDER_SERIES,
    policy_of_department,
    read_calendar_ahead,
    start_clocks,
    start_follow_up,
)

OS = OrderState
# Orders taken over by another: re-issued over the head (SD-14) or re-dispatched (SD-12).
SUPERSEDED = {OS.ESCALATED, OS.REDISPATCHED}


def dispatch_order(
    actor,
    form: ServiceForm,
    *,
    version: int,
    department: Department,
    assistant: User,
    instructions: str = "",
) -> WorkOrder:
    """SD-5: issue a Work Order to the responsible department, with an assistant to follow it
    up; the 24-hour clock is met, the 2-hour and 2-working-day clocks start (SD-7, SD-14).
    The form, read and checked before the transaction, is saved only if nobody changed it
    since (``save_if_current``); the order's clocks, messages and audit event are written
    together."""
    step = workflows.FORM_STEPS["dispatch"]
    require(actor, form, step)
    heads, assistant = check_dispatch(form, department=department, assistant=assistant)
    sla = policy_of_department(department)
    read_calendar_ahead(form.site, sla, K_ARRANGE, K_FINISH)
    with (
        transaction.atomic(durable=True),
        audit.appended_together(),
        deadlines.started_together(),
        outbox.sent_together(),
    ):
        form = copy.copy(form)
        if version != form.version:  # read before the version the person saw: read it again
            form = lock_for_change(
                ServiceForm, form, version, related=("site", "room__unit__building")
            )
            require(actor, form, step)
        form.state = FormState.DISPATCHED
        save_if_current(form, version, "state")
        order = issue_order(
            actor,
            form,
            department=department,
            assistant=assistant,
            instructions=instructions,
            sla=sla,
            heads=heads,
        )
        deadlines.complete(form, K_DISPATCH, at=order.dispatched_at)
        return order


def check_dispatch(
    form: ServiceForm, *, department: Department, assistant: User
) -> tuple[list[User], User]:
    """Refuse a department of another site or a follow-up assistant who does not hold the
    customer-service assistant role at the form's site, a manager included: the pages offer
    assistants only, and the API is held to the same (400, both named). Returns the
    department's heads and receivers, to be told of the order, and the assistant as read with
    them (one query)."""
    errors = FieldErrors()
    if department.site_id != form.site_id:
        errors.add("department", _("The department belongs to another site."))
        if not any(u.pk == assistant.pk for u in holders(form.site_id, Role.CS_ASSISTANT)):
            errors.add("assistant", not_an_assistant(form.site_id, assistant))
        errors.raise_any()
    heads, follower = receivers_and_assistant(department, assistant)
    if follower is None:
        errors.add("assistant", not_an_assistant(form.site_id, assistant))
    errors.raise_any()
    return heads, follower


def not_an_assistant(site_id: int, person: User) -> str:
    """Why ``person`` may not follow up an order of the site, in words: a manager is told
    that a manager is not an assistant (the pages offer assistants only), named as read here
    (the API passes only the id)."""
    manager = next((u for u in holders(site_id, Role.CS_MANAGER) if u.pk == person.pk), None)
    if manager is not None:
        return _(
            "%(name)s is a customer-service manager, not an assistant: choose a "
            "customer-service assistant of this site to follow the order up."
        ) % {"name": manager}
    return _("Choose a customer-service assistant of this site.")


def issue_order(
    actor,
    form: ServiceForm,
    *,
    department: Department,
    assistant: User,
    instructions: str,
    receiver: User | None = None,
    reissue_of: WorkOrder | None = None,
    redispatch_of: WorkOrder | None = None,
    now: dt.datetime | None = None,
    sla: SlaPolicy | None = None,
    heads: list[User] | None = None,
    serial: str = "",
) -> WorkOrder:
    """A new order of ``form`` inside the caller's transaction, its clocks started and its
    department told (a dispatch, a rule's order, or a re-issue to ``receiver``, SD-14);
    ``sla`` (the site's policy), ``heads`` (``department_receivers``) and ``serial`` when the
    caller has them already."""
    now = now or timezone.now()
    order = WorkOrder.objects.create(
        site=form.site,
        serial=serial or allocate_serial(site=form.site, series=ORDER_SERIES, at=now),
        form=form,
        department=department,
        instructions=instructions,
        dispatched_at=now,
        dispatched_by=actor or form.received_by,
        assistant=assistant,
        receiver=receiver,
        reissue_of=reissue_of,
        redispatch_of=redispatch_of,
    )
    start_clocks(order, now, K_ARRANGE, K_FINISH, sla=sla)
    record_event(
        actor=actor,
        subject=order,
        kind="order.dispatched" if reissue_of is None else "order.reissued",
        data={
            "form": form.serial,
            "department": department.name,
            "assistant": str(assistant),
            "receiver": str(receiver or ""),
            "reissue_of": getattr(reissue_of, "serial", None),
            "redispatch_of": getattr(redispatch_of, "serial", None),
        },
    )
    if heads is None:
        heads = [receiver] if receiver else department_receivers(department)
    subject = Text(
        N_("New work order %(serial)s: %(content)s"),
        {"serial": order.serial, "content": form.content[:40]},
    )
    outbox.tell([*heads, assistant], order, subject, instructions)
    if getattr(department, "has_robots", True):  # read with the department (dispatch_departments)
        outbox.tell_department(department, order, subject, f"{form.address} {instructions}".strip())
    return order


def _told_of_orders(department: Department) -> Q:
    return Q(role_assignments__role=Role.DEPT_HEAD, role_assignments__department=department) | Q(
        receiving_departments=department
    )


def department_receivers(department: Department) -> list[User]:
    """The department's heads and designated receivers, who are told of each new order (SD-5),
    in one query."""
    return list(User.objects.filter(_told_of_orders(department), is_active=True).distinct())


def receivers_and_assistant(
    department: Department, assistant: User, *, roles: tuple[str, ...] = (Role.CS_ASSISTANT,)
) -> tuple[list[User], User | None]:
    """``department_receivers``, and ``assistant`` as read from the database when they hold
    one of ``roles`` (by default the customer-service assistant's: managers do not) at the
    department's site (or its branch), else None; in one query. Every dispatch asks it, so
    the statement is written out once rather than built by the ORM on each call (the
    building cost several times the query's own time)."""
    people = list(
        User.objects.raw(
            _RECEIVERS_SQL.format(roles=", ".join(["%s"] * len(roles))),
            [
                *roles,
                department.site_id,
                department.site_id,
                department.pk,
                Role.DEPT_HEAD,
                department.pk,
                assistant.pk,
                department.pk,
                Role.DEPT_HEAD,
                department.pk,
            ],
        )
    )
    follower = next((u for u in people if u.pk == assistant.pk and u.follows), None)
    return [u for u in people if u.told], follower


def _receivers_sql() -> str:
    """``receivers_and_assistant``'s statement, the names from the models' own meta."""
    q = connection.ops.quote_name
    user, ra = User._meta.db_table, RoleAssignment._meta.db_table
    site = Site._meta.db_table
    receivers = Department.receivers.through._meta.db_table
    return (
        f"SELECT u.*, "  # noqa: S608  (names from the models' own meta)
        f"EXISTS (SELECT 1 FROM {q(ra)} r LEFT JOIN {q(site)} s ON s.branch_id = r.branch_id "
        f"WHERE r.user_id = u.id AND r.role IN ({{roles}}) AND (r.site_id = %s OR s.id = %s)) "
        f"AS follows, "
        f"(EXISTS (SELECT 1 FROM {q(ra)} r WHERE r.user_id = u.id AND r.department_id = %s "
        f"AND r.role = %s) OR EXISTS (SELECT 1 FROM {q(receivers)} d WHERE d.user_id = u.id "
        f"AND d.department_id = %s)) AS told "
        f"FROM {q(user)} u WHERE u.is_active AND (u.id = %s "
        f"OR u.id IN (SELECT user_id FROM {q(ra)} WHERE department_id = %s AND role = %s) "
        f"OR u.id IN (SELECT user_id FROM {q(receivers)} WHERE department_id = %s)) "
        f"ORDER BY u.full_name, u.username"
    )


_RECEIVERS_SQL = _receivers_sql()


def _step(actor, order: WorkOrder, name: str, *, version: int, data: dict | None = None, **step):
    """Step ``name`` of an order (``take_step``); its audit event names the state reached."""
    target = workflows.ORDER_STEPS[name]
    return take_step(
        actor,
        order,
        target,
        version=version,
        event=f"order.{name}",
        data={"state": target.target, **(data or {})},
        **step,
    )


def acknowledge_order(actor, order: WorkOrder, *, version: int) -> WorkOrder:
    """SD-5: the department head or designated receiver confirms receipt (签字确认)."""
    return _step(
        actor,
        order,
        "acknowledge",
        version=version,
        values=lambda o, now: {"acknowledged_at": now, "acknowledged_by": actor},
    )


def assign_order(actor, order: WorkOrder, *, version: int, assignee: User) -> WorkOrder:
    """SD-7: the department arranges staff; meets the 2-hour clock."""
    staff = holders(
        order.site_id, Role.DEPT_STAFF, Role.DEPT_HEAD, department_id=order.department_id
    )
    # the technician as read with the staff (the API passes only the id)
    member = next((u for u in staff if u.pk == assignee.pk), None)
    if member is None and order.receiver_id is not None and assignee.pk == order.receiver_id:
        member = order.receiver
    assignee = member
    if assignee is None:
        raise ValidationFailed(
            field_errors={
                "assignee": [
                    _("Choose a member of %(department)s.") % {"department": order.department.name}
                ]
            }
        )

    def values(o, now):
        acknowledged = {"acknowledged_at": now, "acknowledged_by": actor}
        return {"assignee": assignee, "assigned_at": now} | (
            acknowledged if o.acknowledged_at is None else {}
        )

    def then(o, now, before):
        deadlines.complete(o, K_ARRANGE, at=now)
        outbox.tell(
            [assignee],
            o,
            Text(N_("Work order %(serial)s is yours"), {"serial": o.serial}),
            o.form.content,
        )

    return _step(
        actor,
        order,
        "assign",
        version=version,
        values=values,
        then=then,
        data={"assignee": str(assignee)},
    )


def start_order(actor, order: WorkOrder, *, version: int) -> WorkOrder:
    """SD-8: handling begins (the 4-hour clock starts only when the work is finished)."""
    only_assignee(actor, order)
    return _step(actor, order, "start", version=version, values=lambda o, now: {"started_at": now})


def report_result(
    actor,
    order: WorkOrder,
    *,
    version: int,
    result: str,
    outcome: str = ReportOutcome.DONE,
    signed_by_customer: str = "",
    signature_png: bytes | None = None,
    unsigned: str = "",
    unsigned_note: str = "",
) -> WorkOrder:
    """SD-8: the work is finished, or it cannot be handled soon and the reason is written: the
    result with the customer's signature (or why nobody signed) goes to the assistant. Meets
    the 2-working-day clock; the 4-hour clock of the feedback starts now and runs until the
    assistant verifies it."""
    only_assignee(actor, order)
    signature_errors(
        order.form,
        result=result,
        outcome=outcome,
        signed=bool(signature_png) or bool(signed_by_customer.strip()),
        unsigned=unsigned,
    ).raise_any(rule="SD-8")
    if signature_png and not is_png(signature_png):
        raise ValidationFailed(
            field_errors={"signature": [_("The signature must be a PNG image.")]}, rule="SD-8"
        )

    def values(o, now):
        found = {
            "result": result.strip(),
            "outcome": outcome,
            "signed_by_customer": signed_by_customer.strip(),
            "unsigned": unsigned,
            "unsigned_note": unsigned_note.strip(),
            "reported_at": now,
        }
        if signature_png:
            o.signature.save(f"{o.serial}.png", ContentFile(signature_png), save=False)
            found["signature"] = o.signature
        return found

    def then(o, now, before):
        deadlines.complete(o, K_FINISH, K_ALERT, at=now)
        start_clocks(o, now, K_REPORT)
        subject = (
            N_("%(serial)s cannot be handled soon, please verify")
            if outcome == ReportOutcome.NOT_SOON
            else N_("Result reported on %(serial)s, please verify")
        )
        outbox.tell([o.assistant], o, Text(subject, {"serial": o.serial}), o.result)

    return _step(
        actor,
        order,
        "report",
        version=version,
        values=values,
        then=then,
        data={"outcome": outcome, "unsigned": unsigned},
    )


def signature_errors(
    form: ServiceForm, *, result: str, outcome: str, signed: bool, unsigned: str
) -> FieldErrors:
    """SD-8: the result (or why it cannot be handled soon) and the customer's signature; a
    matter with a customer (a resident's flat) is signed or the refusal recorded, one without
    names why nobody signs (public area, internal matter, machine-room order)."""
    errors = FieldErrors()
    errors.choice("outcome", outcome, ReportOutcome)
    if not result.strip():
        errors.add("result", _("Write the result, or why it cannot be handled soon."))
    if unsigned:
        errors.choice("unsigned", unsigned, Unsigned)
    if signed and unsigned:
        errors.add("unsigned", _("The customer signed: leave “no signature” empty."))
    elif not signed and not unsigned:
        errors.add(
            "signature",
            _(
                "The customer signs the work order: draw the signature or enter the name, or "
                "record that there is no customer to sign or that the customer refused."
            ),
        )
    elif unsigned in NO_CUSTOMER and has_customer(form):
        errors.add(
            "unsigned",
            _("%(name)s of %(address)s is the customer: they sign, or record that they refused.")
            % {"name": form.reporter_name, "address": form.address},
        )
    return errors


NO_CUSTOMER = {Unsigned.PUBLIC_AREA, Unsigned.INTERNAL, Unsigned.MACHINE_ROOM}


def has_customer(form: ServiceForm) -> bool:
    """SD-8: an owner's or resident's matter at their flat has a customer who signs."""
    return form.room_id is not None and form.reporter_kind in {
        ReporterKind.OWNER,
        ReporterKind.TENANT,
    }


def return_order(actor, order: WorkOrder, *, version: int, reason: str) -> WorkOrder:
    """SD-13: an order that cannot be handled in time goes back with the reason. Its matter
    stays open (SD-12): the form waits for the processor to re-dispatch it or set it pending,
    and the assistant's follow-up clock starts."""
    if not reason.strip():
        raise ValidationFailed(
            field_errors={"reason": [_("Write why the order is returned.")]}, rule="SD-13"
        )

    def then(o, now, before):
        deadlines.complete(o, K_FINISH, K_ALERT, at=now)
        deadlines.cancel(o, K_ARRANGE, K_REPORT, at=now)
        hold_form(actor, o, now)
        outbox.tell(
            [o.assistant, *holders(o.site_id, Role.PROCESSOR)],
            o,
            Text(N_("Work order %(serial)s returned"), {"serial": o.serial}),
            reason,
        )

    return _step(
        actor,
        order,
        "return",
        version=version,
        values=lambda o, now: {"return_reason": reason.strip(), "returned_at": now},
        then=then,
        data={"reason": reason.strip()},
    )


def verify_order(actor, order: WorkOrder, *, version: int) -> WorkOrder:
    """SD-8: the assistant verifies the result and returns the order to the information center,
    meeting the 4-hour clock. An order that could not be handled soon comes back as returned:
    its matter stays open (SD-12)."""
    step = workflows.ORDER_STEPS["verify"]

    def values(o, now):
        found = {"verified_at": now, "verified_by": actor}
        if o.outcome == ReportOutcome.NOT_SOON:
            found |= {"state": OrderState.RETURNED, "return_reason": o.result, "returned_at": now}
        return found

    def then(o, now, before):
        deadlines.complete(o, K_REPORT, at=now)
        if o.state == OrderState.RETURNED:
            hold_form(actor, o, now)
            subject = N_("Work order %(serial)s returned")
        else:
            subject = N_("Work order %(serial)s verified, ready to close")
        outbox.tell(holders(o.site_id, Role.PROCESSOR), o, Text(subject, {"serial": o.serial}))

    return take_step(
        actor,
        order,
        step,
        version=version,
        event="order.verify",
        values=values,
        data=lambda o, before: {"state": o.state},
        then=then,
    )


def hold_form(actor, order: WorkOrder, now: dt.datetime) -> None:
    """SD-12: the matter of a returned order is not finished. Its form waits for the processor
    (re-dispatch or pending), and the assistant's follow-up clock runs until it is finished."""
    form = ServiceForm.objects.select_for_update().select_related("site").get(pk=order.form_id)
    if form.state in {FormState.DISPATCHED, FormState.PENDING}:
        form.state = FormState.RETURNED
        save_new_version(form, "state")
        record_event(
            actor=actor,
            subject=form,
            kind="form.returned",
            data={"order": order.serial, "reason": order.return_reason},
        )
    start_follow_up(form, now)


def close_in_register(actor, order: WorkOrder, *, version: int) -> WorkOrder:
    """SD-2, SD-9: the processor strikes the verified order in the register (消档). When every
    order of the form is closed, the form is resolved and waits for its callback, and an
    unfinished matter's follow-up ends (SD-12)."""
    return _step(
        actor,
        order,
        "close",
        version=version,
        values=lambda o, now: {"closed_at": now, "closed_by": actor},
        then=lambda o, now, before: _resolve_when_all_closed(actor, o, now),
    )


def _resolve_when_all_closed(actor, order: WorkOrder, now: dt.datetime) -> None:
    form = ServiceForm.objects.select_for_update().get(pk=order.form_id, site_id=order.site_id)
    if form.state != FormState.DISPATCHED:
        return
    # The form's orders but those taken over by another, in one query: any still open keeps
    # the form dispatched; otherwise their results are its resolution.
    orders = list(
        form.orders.filter(site_id=form.site_id)
        .exclude(state__in=SUPERSEDED)
        .order_by("pk")
        .values_list("state", "result")
    )
    if any(state != OS.CLOSED for state, result in orders):
        return
    # Only real results (SD-12): a returned order's reason is no result.
    results = [result for state, result in orders]
    form.state, form.resolved_at, form.resolved_by = FormState.RESOLVED, now, actor
    form.resolution = "；".join(filter(None, results))
    save_new_version(form, "state", "resolved_at", "resolved_by", "resolution")
    deadlines.complete(form, K_FOLLOW_UP, at=now)
    record_event(actor=actor, subject=form, kind="form.resolved", data={"by_order": order.serial})
    tell_filer_result(form)


def only_assignee(actor, order: WorkOrder) -> None:
    """Refuse anyone but the order's technician or a department head (SD-8)."""
    if (
        order.assignee_id
        and actor.pk != order.assignee_id
        and not permissions.has_role(actor, Role.DEPT_HEAD)
    ):
        raise permissions.PermissionDenied(
            _("Only %(name)s, who holds the order, or a department head can do this.")
            % {"name": order.assignee}
        )
