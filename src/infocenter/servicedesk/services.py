"""Every write of the service desk, one function per step of document 2 (SD-1…SD-15).

Each public service checks the workflow table and the actor's roles, locks the record and
checks its version, changes it in one durable transaction, appends the audit event, moves
the clocks and queues the notifications."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import deadlines, outbox, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import InvalidTransition, ValidationFailed
from infocenter.core.models import Department, Room, Site, User
from infocenter.core.numbering import allocate_serial
from infocenter.core.pinyin import initials, spelled
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version, stale_edit
from infocenter.core.validators import clean_phone
from infocenter.core.workflows import may, require

from . import archive, workflows
from .choices import (
    BatchState,
    CallbackOutcome,
    Category,
    FormState,
    OrderState,
    Priority,
    ReporterKind,
    Source,
)
from .models import ArchiveBatch, Callback, Resident, ServiceForm, SlaPolicy, WorkOrder

FORM_SERIES, ORDER_SERIES = "KF", "PG"
K_DISPATCH, K_ARRANGE, K_REPORT, K_FINISH = "sd.dispatch", "sd.arrange", "sd.report", "sd.finish"


def policy(site: Site) -> SlaPolicy:
    """The site's SLA policy, or the source's defaults when none was saved."""
    return SlaPolicy.objects.filter(site=site).first() or SlaPolicy(site=site)


def _link(record) -> str:
    kind = {ServiceForm: "forms", WorkOrder: "orders", ArchiveBatch: "archive"}[type(record)]
    return f"/servicedesk/{kind}/{record.pk}/"


def _tell(users, record, subject: str, body: str = "") -> None:
    outbox.notify(users, subject=subject, body=body, link=_link(record), site=record.site)


# -- residents register -------------------------------------------------------------------


def _new_resident(
    actor,
    *,
    site: Site,
    name: str,
    phone: str,
    kind: str,
    room: Room | None,
    phone2: str = "",
    note: str = "",
) -> Resident:
    resident = Resident.objects.create(
        site=site,
        name=name,
        phone=phone,
        phone2=phone2,
        kind=kind,
        room=room,
        note=note,
        name_pinyin=spelled(name),
        name_initials=initials(name),
    )
    record_event(
        actor=actor,
        subject=resident,
        kind="resident.added",
        data={"name": name, "phone": phone, "room": str(room or "")},
    )
    return resident


def add_resident(
    actor,
    *,
    site: Site,
    name: str,
    phone: str,
    kind: str = ReporterKind.OWNER,
    room: Room | None = None,
    phone2: str = "",
    note: str = "",
) -> Resident:
    """Add an owner or resident to the register (业户)."""
    permissions.check(actor, "sd.residents", site=site)
    errors = {}
    phone = clean_phone(phone, "phone", errors)
    phone2 = clean_phone(phone2, "phone2", errors) if phone2 else ""
    if not name.strip():
        errors["name"] = [_("Enter the name.")]
    if room is not None and room.unit.building.site_id != site.pk:
        errors["room"] = [_("The room belongs to another site.")]
    if errors:
        raise ValidationFailed(field_errors=errors)
    with transaction.atomic(durable=True):
        return _new_resident(
            actor,
            site=site,
            name=name.strip(),
            phone=phone,
            kind=kind,
            room=room,
            phone2=phone2,
            note=note,
        )


# -- intake (SD-1, SD-3, SD-15, SD-17) ------------------------------------------------------


def log_form(
    actor,
    *,
    site: Site,
    source: str,
    reporter_kind: str,
    reporter_name: str,
    reporter_phone: str,
    category: str,
    content: str,
    priority: str = Priority.NORMAL,
    major: bool = False,
    room: Room | None = None,
    location: str = "",
    resident: Resident | None = None,
    received_at: dt.datetime | None = None,
) -> ServiceForm:
    """SD-1: record an item received by phone, letter, visit, intercom or staff form, with the
    processor's receipt confirmation; start the 24-hour clock (SD-6). A caller not yet in the
    register is added to it. A major event is reported to the managers at once (SD-15)."""
    with transaction.atomic(durable=True):
        return log_form_within(
            actor,
            site=site,
            source=source,
            reporter_kind=reporter_kind,
            reporter_name=reporter_name,
            reporter_phone=reporter_phone,
            category=category,
            content=content,
            priority=priority,
            major=major,
            room=room,
            location=location,
            resident=resident,
            received_at=received_at,
        )


def log_form_within(
    actor,
    *,
    site: Site,
    source: str,
    reporter_kind: str,
    reporter_name: str,
    reporter_phone: str,
    category: str,
    content: str,
    priority: str = Priority.NORMAL,
    major: bool = False,
    room: Room | None = None,
    location: str = "",
    resident: Resident | None = None,
    received_at: dt.datetime | None = None,
) -> ServiceForm:
    """``log_form`` inside a transaction the caller already holds (the phone log turns a call
    into a form and links both in one transaction)."""
    permissions.check(actor, "sd.intake", site=site)
    return _log_form(
        actor,
        site=site,
        source=source,
        reporter_kind=reporter_kind,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        category=category,
        content=content,
        priority=priority,
        major=major,
        room=room,
        location=location,
        resident=resident,
        received_at=received_at,
    )


def _log_form(
    actor,
    *,
    site,
    source,
    reporter_kind,
    reporter_name,
    reporter_phone,
    category,
    content,
    priority,
    major,
    room,
    location,
    resident,
    received_at,
) -> ServiceForm:
    now = timezone.now()
    errors = _intake_errors(
        site=site,
        source=source,
        reporter_kind=reporter_kind,
        category=category,
        priority=priority,
        reporter_name=reporter_name,
        content=content,
        room=room,
        location=location,
        resident=resident,
        received_at=received_at,
        now=now,
    )
    phone = clean_phone(reporter_phone, "reporter_phone", errors) if reporter_phone else ""
    if reporter_kind != ReporterKind.STAFF and not phone and source == Source.PHONE:
        errors.setdefault("reporter_phone", []).append(_("Enter the caller's phone number."))
    if errors:
        raise ValidationFailed(field_errors=errors)
    if resident is None and phone and reporter_kind in (ReporterKind.OWNER, ReporterKind.TENANT):
        resident = Resident.objects.filter(
            site=site, phone=phone, name=reporter_name.strip()
        ).first() or _new_resident(
            actor, site=site, name=reporter_name.strip(), phone=phone, kind=reporter_kind, room=room
        )
    received = received_at or now
    form = ServiceForm.objects.create(
        site=site,
        serial=allocate_serial(site=site, series=FORM_SERIES, at=received),
        source=source,
        reporter_kind=reporter_kind,
        resident=resident,
        reporter_name=reporter_name.strip(),
        reporter_phone=phone,
        room=room or (resident.room if resident else None),
        location=location,
        category=category,
        priority=priority,
        major=major,
        content=content.strip(),
        received_at=received,
        received_by=actor,
    )
    sla = policy(site)
    deadlines.schedule(
        subject=form,
        kind=K_DISPATCH,
        site=site,
        start=received,
        amount=sla.dispatch_amount,
        unit=sla.dispatch_unit,
    )
    record_event(
        actor=actor,
        subject=form,
        kind="form.logged",
        data={
            "source": source,
            "category": category,
            "reporter": form.reporter_name,
            "major": major,
        },
    )
    if major:
        _tell(
            holders(site.pk, Role.CS_MANAGER, Role.BRANCH_GM),
            form,
            _("Major event: %(serial)s") % {"serial": form.serial},
            form.content,
        )
    return form


def open_order_for_rule_within(
    actor,
    *,
    site: Site,
    rule: str,
    reporter_name: str,
    content: str,
    location: str,
    department: Department | None,
    instructions: str = "",
) -> ServiceForm:
    """Another register's rule opens a work order (MR-9: a failed check opens one), inside the
    caller's transaction; the caller has checked the actor's own permission, and the rule stands
    in for the intake's. A staff form is logged and, when the site has a follow-up assistant and
    the department is known, dispatched at once; otherwise the control room dispatches it."""
    form = _log_form(
        actor,
        site=site,
        source=Source.STAFF_FORM,
        reporter_kind=ReporterKind.STAFF,
        reporter_name=reporter_name,
        reporter_phone="",
        category=Category.REPAIR,
        content=content,
        priority=Priority.NORMAL,
        major=False,
        room=None,
        location=location,
        resident=None,
        received_at=None,
    )
    assistants = holders(site.pk, Role.CS_ASSISTANT, Role.CS_MANAGER)
    if department is None or department.site_id != site.pk or not assistants:
        return form
    order = _issue(
        actor,
        form,
        department=department,
        assistant=assistants[0],
        instructions=f"{instructions} ({rule})".strip(),
    )
    form.state = FormState.DISPATCHED
    save_new_version(form, "state")
    deadlines.complete(form, K_DISPATCH, at=order.dispatched_at)
    return form


def _intake_errors(
    *,
    site,
    source,
    reporter_kind,
    category,
    priority,
    reporter_name,
    content,
    room,
    location,
    resident,
    received_at,
    now,
) -> dict:
    errors: dict[str, list] = {}
    for field, value, choices in (
        ("source", source, Source),
        ("reporter_kind", reporter_kind, ReporterKind),
        ("category", category, Category),
        ("priority", priority, Priority),
    ):
        if value not in choices.values:
            errors[field] = [_("Choose one of the listed values.")]
    if not reporter_name.strip():
        errors["reporter_name"] = [_("Enter who reported it.")]
    if not content.strip():
        errors["content"] = [_("Enter what was reported.")]
    if room is not None and room.unit.building.site_id != site.pk:
        errors["room"] = [_("The room belongs to another site.")]
    if resident is not None and resident.site_id != site.pk:
        errors["resident"] = [_("The resident belongs to another site.")]
    if received_at is not None and received_at > now + dt.timedelta(minutes=5):
        errors["received_at"] = [_("The receipt time cannot be in the future.")]
    return errors


def resolve_form(actor, form: ServiceForm, *, version: int, resolution: str) -> ServiceForm:
    """SD-4: the processor handled it within their own remit and replied to the informant."""
    require(actor, form, workflows.FORM_STEPS["resolve"])
    if not resolution.strip():
        raise ValidationFailed(
            field_errors={"resolution": [_("Write how it was handled and the reply given.")]}
        )
    with transaction.atomic(durable=True):
        form = lock_for_change(ServiceForm, form, version)
        require(actor, form, workflows.FORM_STEPS["resolve"])
        now = timezone.now()
        form.state, form.resolution, form.resolved_at, form.resolved_by = (
            FormState.RESOLVED,
            resolution.strip(),
            now,
            actor,
        )
        save_new_version(form, "state", "resolution", "resolved_at", "resolved_by")
        deadlines.complete(form, K_DISPATCH, at=now)
        record_event(
            actor=actor, subject=form, kind="form.resolved", data={"resolution": form.resolution}
        )
        return form


# -- work orders (SD-5 … SD-9, SD-13) -----------------------------------------------------


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
    up; the 24-hour clock is met, the 2-hour and 2-working-day clocks start (SD-7, SD-14)."""
    step = workflows.FORM_STEPS["dispatch"]
    require(actor, form, step)
    errors = {}
    if department.site_id != form.site_id:
        errors["department"] = [_("The department belongs to another site.")]
    if not any(
        u.pk == assistant.pk for u in holders(form.site_id, Role.CS_ASSISTANT, Role.CS_MANAGER)
    ):
        errors["assistant"] = [_("Choose a customer-service assistant of this site.")]
    if errors:
        raise ValidationFailed(field_errors=errors)
    with transaction.atomic(durable=True):
        form = lock_for_change(ServiceForm, form, version, related=("site", "room__unit__building"))
        require(actor, form, step)
        order = _issue(
            actor, form, department=department, assistant=assistant, instructions=instructions
        )
        form.state = FormState.DISPATCHED
        save_new_version(form, "state")
        deadlines.complete(form, K_DISPATCH, at=order.dispatched_at)
        return order


def _issue(
    actor,
    form: ServiceForm,
    *,
    department: Department,
    assistant: User,
    instructions: str,
    receiver: User | None = None,
    reissue_of: WorkOrder | None = None,
    now: dt.datetime | None = None,
) -> WorkOrder:
    now = now or timezone.now()
    order = WorkOrder.objects.create(
        site=form.site,
        serial=allocate_serial(site=form.site, series=ORDER_SERIES, at=now),
        form=form,
        department=department,
        instructions=instructions,
        dispatched_at=now,
        dispatched_by=actor or form.received_by,
        assistant=assistant,
        receiver=receiver,
        reissue_of=reissue_of,
    )
    sla = policy(form.site)
    deadlines.schedule(
        subject=order,
        kind=K_ARRANGE,
        site=form.site,
        start=now,
        amount=sla.arrange_amount,
        unit=sla.arrange_unit,
    )
    deadlines.schedule(
        subject=order,
        kind=K_FINISH,
        site=form.site,
        start=now,
        amount=sla.finish_amount,
        unit=sla.finish_unit,
    )
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
        },
    )
    heads = (
        [receiver]
        if receiver
        else holders(form.site_id, Role.DEPT_HEAD, department_id=department.pk)
    )
    subject = _("New work order %(serial)s: %(content)s") % {
        "serial": order.serial,
        "content": form.content[:40],
    }
    _tell([*heads, assistant], order, subject, instructions)
    outbox.notify_department(
        department,
        subject=subject,
        body=f"{form.address} {instructions}".strip(),
        link=_link(order),
    )
    return order


def acknowledge_order(actor, order: WorkOrder, *, version: int) -> WorkOrder:
    """SD-5: the department head or designated receiver confirms receipt (签字确认)."""
    return _step(
        actor,
        order,
        version,
        "acknowledge",
        lambda o, now: _set(o, acknowledged_at=now, acknowledged_by=actor),
    )


def assign_order(actor, order: WorkOrder, *, version: int, assignee: User) -> WorkOrder:
    """SD-7: the department arranges staff; meets the 2-hour clock."""
    staff = holders(
        order.site_id, Role.DEPT_STAFF, Role.DEPT_HEAD, department_id=order.department_id
    )
    if assignee.pk not in {u.pk for u in staff} and assignee.pk != getattr(
        order.receiver, "pk", None
    ):
        raise ValidationFailed(
            field_errors={
                "assignee": [
                    _("Choose a member of %(department)s.") % {"department": order.department.name}
                ]
            }
        )

    def change(o, now):
        fields = _set(o, assignee=assignee, assigned_at=now)
        if o.acknowledged_at is None:
            fields += _set(o, acknowledged_at=now, acknowledged_by=actor)
        deadlines.complete(o, K_ARRANGE, at=now)
        _tell(
            [assignee],
            o,
            _("Work order %(serial)s is yours") % {"serial": o.serial},
            o.form.content,
        )
        return fields

    return _step(actor, order, version, "assign", change, data={"assignee": str(assignee)})


def start_order(actor, order: WorkOrder, *, version: int) -> WorkOrder:
    """SD-8: handling begins; the 4-hour clock to report the result starts."""
    _only_assignee(actor, order)

    def change(o, now):
        sla = policy(o.site)
        deadlines.schedule(
            subject=o,
            kind=K_REPORT,
            site=o.site,
            start=now,
            amount=sla.report_amount,
            unit=sla.report_unit,
        )
        return _set(o, started_at=now)

    return _step(actor, order, version, "start", change)


def report_result(
    actor,
    order: WorkOrder,
    *,
    version: int,
    result: str,
    signed_by_customer: str = "",
    signature_png: bytes | None = None,
) -> WorkOrder:
    """SD-8: the result (or why it cannot be handled soon) with the customer's signature, to the
    assistant; meets the 4-hour and 2-working-day clocks."""
    _only_assignee(actor, order)
    errors = {}
    if not result.strip():
        errors["result"] = [_("Write the result, or why it cannot be handled soon.")]
    if not signature_png and not signed_by_customer.strip():
        errors["signature"] = [
            _("The customer signs the work order (SD-8): draw the signature or enter the name.")
        ]
    if signature_png and not signature_png.startswith(b"\x89PNG"):
        errors["signature"] = [_("The signature must be a PNG image.")]
    if errors:
        raise ValidationFailed(field_errors=errors, rule="SD-8")

    def change(o, now):
        fields = _set(
            o, result=result.strip(), signed_by_customer=signed_by_customer.strip(), reported_at=now
        )
        if signature_png:
            o.signature.save(f"{o.serial}.png", ContentFile(signature_png), save=False)
            fields.append("signature")
        deadlines.complete(o, K_REPORT, K_FINISH, at=now)
        _tell(
            [o.assistant],
            o,
            _("Result reported on %(serial)s, please verify") % {"serial": o.serial},
            o.result,
        )
        return fields

    return _step(actor, order, version, "report", change)


def return_order(actor, order: WorkOrder, *, version: int, reason: str) -> WorkOrder:
    """SD-13: an order that cannot be handled in time goes back with the reason."""
    if not reason.strip():
        raise ValidationFailed(
            field_errors={"reason": [_("Write why the order is returned (SD-13).")]}, rule="SD-13"
        )

    def change(o, now):
        deadlines.complete(o, K_FINISH, at=now)
        deadlines.cancel(o, K_ARRANGE, K_REPORT, at=now)
        _tell(
            [o.assistant, *holders(o.site_id, Role.PROCESSOR)],
            o,
            _("Work order %(serial)s returned") % {"serial": o.serial},
            reason,
        )
        return _set(o, return_reason=reason.strip(), returned_at=now)

    return _step(actor, order, version, "return", change, data={"reason": reason.strip()})


def verify_order(actor, order: WorkOrder, *, version: int) -> WorkOrder:
    """SD-8: the assistant verifies the result and returns the order to the information center."""

    def change(o, now):
        _tell(
            holders(o.site_id, Role.PROCESSOR),
            o,
            _("Work order %(serial)s verified, ready to close") % {"serial": o.serial},
        )
        return _set(o, verified_at=now, verified_by=actor)

    return _step(actor, order, version, "verify", change)


def close_in_register(actor, order: WorkOrder, *, version: int) -> WorkOrder:
    """SD-2, SD-9: the processor strikes the verified order in the register (消档). When every
    order of the form is closed, the form is resolved and waits for its callback."""

    def change(o, now):
        fields = _set(o, closed_at=now, closed_by=actor)
        form = ServiceForm.objects.select_for_update().get(pk=o.form_id)
        others_open = form.orders.exclude(pk=o.pk).exclude(
            state__in=[OrderState.CLOSED, OrderState.ESCALATED]
        )
        if form.state == FormState.DISPATCHED and not others_open.exists():
            results = (
                "；".join(
                    x.result or x.return_reason
                    for x in form.orders.exclude(state=OrderState.ESCALATED).exclude(pk=o.pk)
                )
                or ""
            )
            form.state, form.resolved_at, form.resolved_by = FormState.RESOLVED, now, actor
            form.resolution = "；".join(filter(None, [results, o.result or o.return_reason]))
            save_new_version(form, "state", "resolved_at", "resolved_by", "resolution")
            record_event(
                actor=actor, subject=form, kind="form.resolved", data={"by_order": o.serial}
            )
        return fields

    return _step(actor, order, version, "close", change)


def _only_assignee(actor, order: WorkOrder) -> None:
    if (
        order.assignee_id
        and actor.pk != order.assignee_id
        and not permissions.has_role(actor, Role.DEPT_HEAD)
    ):
        raise permissions.PermissionDenied(
            _("Only %(name)s, who holds the order, or a department head can do this.")
            % {"name": order.assignee}
        )


def _set(order, **values) -> list[str]:
    for name, value in values.items():
        setattr(order, name, value)
    return list(values)


def _step(
    actor, order: WorkOrder, version: int, name: str, change, data: dict | None = None
) -> WorkOrder:
    step = workflows.ORDER_STEPS[name]
    require(actor, order, step)
    with transaction.atomic(durable=True):
        row = lock_for_change(WorkOrder, order, version)
        require(actor, row, step)
        now = timezone.now()
        fields = change(row, now)
        row.state = step.target
        save_new_version(row, "state", *fields)
        record_event(
            actor=actor,
            subject=row,
            kind=f"order.{name}",
            data={"state": row.state, **(data or {})},
        )
        return row


# -- escalation (SD-14), run by the worker ---------------------------------------------------


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
        _tell(
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
    new = _issue(
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
    _tell(
        [row.receiver or (heads[0] if heads else None), *([row.assignee] if row.assignee else [])],
        row,
        _("Work order %(serial)s re-issued to %(name)s") % {"serial": row.serial, "name": receiver},
    )
    return new


# -- callback (SD-10) ----------------------------------------------------------------------------


def record_callback(
    actor,
    form: ServiceForm,
    *,
    version: int,
    outcome: str,
    satisfaction: int | None,
    notes: str = "",
) -> Callback:
    """SD-10: tell the customer the result and record the outcome and satisfaction (1–5). An
    unsatisfied customer reopens the matter as a new form linked to the first."""
    step = workflows.FORM_STEPS["callback"]
    require(actor, form, step)
    errors = {}
    if outcome not in CallbackOutcome.values:
        errors["outcome"] = [_("Choose one of the listed values.")]
    if outcome != CallbackOutcome.UNREACHABLE and satisfaction not in (1, 2, 3, 4, 5):
        errors["satisfaction"] = [_("Rate satisfaction from 1 to 5.")]
    if errors:
        raise ValidationFailed(field_errors=errors, rule="SD-10")
    with transaction.atomic(durable=True):
        form = lock_for_change(ServiceForm, form, version)
        require(actor, form, step)
        callback = Callback.objects.create(
            form=form,
            called_at=timezone.now(),
            called_by=actor,
            outcome=outcome,
            satisfaction=satisfaction,
            notes=notes.strip(),
        )
        record_event(
            actor=actor,
            subject=form,
            kind="form.called_back",
            data={"outcome": outcome, "satisfaction": satisfaction, "notes": callback.notes},
        )
        if outcome == CallbackOutcome.UNREACHABLE:
            return callback  # stays resolved: call again
        form.state = FormState.CALLED_BACK
        save_new_version(form, "state")
        if outcome == CallbackOutcome.UNSATISFIED:
            _reopen(actor, form, notes)
        return callback


def _reopen(actor, form: ServiceForm, notes: str) -> ServiceForm:
    now = timezone.now()
    again = ServiceForm.objects.create(
        site=form.site,
        serial=allocate_serial(site=form.site, series=FORM_SERIES, at=now),
        source=form.source,
        reporter_kind=form.reporter_kind,
        resident=form.resident,
        reporter_name=form.reporter_name,
        reporter_phone=form.reporter_phone,
        room=form.room,
        location=form.location,
        category=form.category,
        priority=Priority.URGENT,
        major=form.major,
        received_at=now,
        received_by=actor,
        reopened_from=form,
        content=_("Reopened after an unsatisfied callback on %(serial)s: %(notes)s\n%(content)s")
        % {"serial": form.serial, "notes": notes, "content": form.content},
    )
    sla = policy(form.site)
    deadlines.schedule(
        subject=again,
        kind=K_DISPATCH,
        site=form.site,
        start=now,
        amount=sla.dispatch_amount,
        unit=sla.dispatch_unit,
    )
    record_event(actor=actor, subject=again, kind="form.reopened", data={"from": form.serial})
    _tell(
        holders(form.site_id, Role.PROCESSOR, Role.CS_MANAGER),
        again,
        _("Customer unsatisfied: %(serial)s reopened as %(new)s")
        % {"serial": form.serial, "new": again.serial},
    )
    return again


# -- weekly archive (SD-12, SD-16, LOG-6) ------------------------------------------------------


def submit_archive_batch(actor, *, site: Site, week_start: dt.date) -> ArchiveBatch:
    """SD-16: at the weekend the processor hands the week's organised records to the data
    manager. Forms of the week (and earlier ones still waiting) that pass the archive gate go
    into the batch; the others are listed as refused with exactly what they lack (SD-12)."""
    permissions.check(actor, "sd.intake", site=site)
    today = timezone.localdate()
    if week_start.weekday() != 0:
        raise ValidationFailed(field_errors={"week_start": [_("A week starts on Monday.")]})
    if today < week_start + dt.timedelta(days=5):
        raise ValidationFailed(
            field_errors={"week_start": [_("The week is handed over from its Saturday on.")]}
        )
    week_end = timezone.make_aware(
        dt.datetime.combine(week_start + dt.timedelta(days=7), dt.time())
    )
    with transaction.atomic(durable=True):
        candidates = list(
            ServiceForm.objects.select_for_update(of=("self",))
            .filter(
                site=site,
                received_at__lt=week_end,
                archived_at__isnull=True,
                archive_batch__isnull=True,
            )
            .prefetch_related("orders")
            .order_by("received_at")
        )
        others = {p.key: list(_waiting(p, site, week_end)) for p in archive.PARTICIPANTS.values()}
        if not candidates and not any(others.values()):
            raise ValidationFailed(
                field_errors={"week_start": [_("No records of this week are waiting.")]}
            )
        batch = ArchiveBatch.objects.create(
            site=site, week_start=week_start, submitted_at=timezone.now(), submitted_by=actor
        )
        accepted, refused = [], []
        for form in candidates:
            missing = archive.problems(form)
            (
                refused.append(
                    {"serial": form.serial, "id": form.pk, "missing": missing, "link": _link(form)}
                )
                if missing
                else accepted.append(form.pk)
            )
        ServiceForm.objects.filter(pk__in=accepted).update(archive_batch=batch)
        counts = {"forms": len(accepted)}
        for key, records in others.items():
            participant, taken = archive.PARTICIPANTS[key], []
            for record in records:
                missing = participant.problems(record)
                (
                    refused.append(
                        {
                            "serial": record.serial,
                            "id": record.pk,
                            "missing": missing,
                            "link": participant.link(record),
                        }
                    )
                    if missing
                    else taken.append(record.pk)
                )
            participant.model.objects.filter(pk__in=taken).update(archive_batch=batch)
            counts[key] = len(taken)
        batch.refused = refused
        batch.save(update_fields=["refused"])
        record_event(
            actor=actor,
            subject=batch,
            kind="archive.submitted",
            data={"week_start": week_start, **counts, "refused": len(refused)},
        )
        _tell(
            holders(site.pk, Role.DATA_MANAGER),
            batch,
            _("Records of the week from %(date)s are ready for review (%(n)s forms)")
            % {"date": week_start, "n": len(accepted)},
        )
        return batch


def approve_archive_batch(actor, batch: ArchiveBatch, *, version: int) -> ArchiveBatch:
    """SD-16: the data manager reviewed the batch; its forms and orders are archived and
    become read-only. Anything that no longer passes the gate stops the approval (SD-12)."""
    permissions.check(actor, "sd.archive", site=batch.site_id)
    with transaction.atomic(durable=True):
        batch = _locked_batch(batch, version)
        forms = list(batch.forms.select_for_update(of=("self",)).prefetch_related("orders"))
        failing = {f.serial: archive.problems(f) for f in forms if archive.problems(f)}
        if failing:
            raise ValidationFailed(
                _("Not archived: %(items)s")
                % {"items": "；".join(f"{k}: {', '.join(v)}" for k, v in failing.items())},
                rule="SD-12",
            )
        others = {
            p.key: list(p.model.objects.select_for_update().filter(archive_batch=batch))
            for p in archive.PARTICIPANTS.values()
        }
        failing = {
            r.serial: archive.PARTICIPANTS[key].problems(r)
            for key, rows in others.items()
            for r in rows
            if archive.PARTICIPANTS[key].problems(r)
        }
        if failing:
            raise ValidationFailed(
                _("Not archived: %(items)s")
                % {"items": "；".join(f"{k}: {', '.join(v)}" for k, v in failing.items())},
                rule="SD-12",
            )
        now = timezone.now()
        for key, rows in others.items():
            for record in rows:
                archive.PARTICIPANTS[key].model.objects.filter(pk=record.pk).update(
                    archived_at=now, version=record.version + 1
                )
                record_event(
                    actor=actor, subject=record, kind="record.archived", data={"batch": batch.pk}
                )
        for form in forms:
            ServiceForm.objects.filter(pk=form.pk).update(
                state=FormState.ARCHIVED, archived_at=now, version=form.version + 1
            )
            WorkOrder.objects.filter(form=form).update(archived_at=now)
            record_event(actor=actor, subject=form, kind="form.archived", data={"batch": batch.pk})
        batch.state, batch.reviewed_at, batch.reviewed_by = BatchState.APPROVED, now, actor
        save_new_version(batch, "state", "reviewed_at", "reviewed_by")
        record_event(
            actor=actor, subject=batch, kind="archive.approved", data={"forms": len(forms)}
        )
        return batch


def return_archive_batch(actor, batch: ArchiveBatch, *, version: int, note: str) -> ArchiveBatch:
    """SD-12: the data manager sends the batch back to be corrected; its forms are released."""
    permissions.check(actor, "sd.archive", site=batch.site_id)
    if not note.strip():
        raise ValidationFailed(
            field_errors={"note": [_("Say what must be corrected.")]}, rule="SD-12"
        )
    with transaction.atomic(durable=True):
        batch = _locked_batch(batch, version)
        batch.forms.update(archive_batch=None)
        for participant in archive.PARTICIPANTS.values():
            participant.model.objects.filter(archive_batch=batch).update(archive_batch=None)
        batch.state, batch.reviewed_at, batch.reviewed_by, batch.review_note = (
            BatchState.RETURNED,
            timezone.now(),
            actor,
            note.strip(),
        )
        save_new_version(batch, "state", "reviewed_at", "reviewed_by", "review_note")
        record_event(
            actor=actor, subject=batch, kind="archive.returned", data={"note": batch.review_note}
        )
        _tell(
            [batch.submitted_by],
            batch,
            _("Archive batch returned: %(note)s") % {"note": batch.review_note},
        )
        return batch


def _waiting(participant, site: Site, week_end: dt.datetime):
    """A participant's records of the site up to the week's end, not yet handed over (LOG-6)."""
    return (
        participant.model.objects.select_for_update()
        .filter(
            site=site,
            archived_at__isnull=True,
            archive_batch__isnull=True,
            **{f"{participant.time_field}__lt": week_end},
        )
        .order_by(participant.time_field)
    )


def _locked_batch(batch: ArchiveBatch, version: int) -> ArchiveBatch:
    row = ArchiveBatch.objects.select_for_update().get(pk=batch.pk)
    if row.version != version:
        raise stale_edit(row)
    if row.state != BatchState.SUBMITTED:
        raise InvalidTransition(
            _("The batch is %(state)s already.") % {"state": row.get_state_display()}, rule="SD-16"
        )
    return row


# -- SLA policy (SD-6, SD-7, SD-8, SD-14: configurable) --------------------------------------

POLICY_FIELDS = ("dispatch", "arrange", "report", "finish")


def update_sla_policy(actor, site: Site, *, version: int, **limits) -> SlaPolicy:
    """Change a site's time limits. Clocks already running keep their due times; new ones use
    the new limits. Customer-service managers and system administrators of the site."""
    from infocenter.core.choices import DurationUnit

    permissions.check(actor, "sd.policy", site=site)
    errors = {}
    for name in POLICY_FIELDS:
        amount, unit = limits.get(f"{name}_amount"), limits.get(f"{name}_unit")
        if not isinstance(amount, int) or not 1 <= amount <= 720:
            errors[f"{name}_amount"] = [_("Enter a whole number from 1 to 720.")]
        if unit not in DurationUnit.values:
            errors[f"{name}_unit"] = [_("Choose one of the listed values.")]
    if errors:
        raise ValidationFailed(field_errors=errors)
    with transaction.atomic(durable=True):
        current = SlaPolicy.objects.select_for_update().filter(site=site).first()
        if current is None:
            if version != 1:
                raise stale_edit(site)
            current = SlaPolicy.objects.create(site=site)
            version = current.version
        from infocenter.core.services import apply_edit

        return apply_edit(
            actor,
            current,
            version=version,
            kind="sla.updated",
            changes={k: limits[k] for k in limits if k.split("_")[0] in POLICY_FIELDS},
        )


# -- photos (X-10) -------------------------------------------------------------------------------

PHOTO_STAGES = ("before", "after")


def add_order_photo(actor, order: WorkOrder, *, upload, stage: str):
    """A photo before or after the work, by the technician or a department head (X-10)."""
    from infocenter.core.attachments import store_image

    if stage not in PHOTO_STAGES:
        raise ValidationFailed(field_errors={"stage": [_("Choose before or after.")]})
    if not may(actor, workflows.ORDER_STEPS["report"], order):
        raise permissions.PermissionDenied(_("Only the department handling the order adds photos."))
    with transaction.atomic(durable=True):
        row = lock_for_change(WorkOrder, order, None)
        if row.state not in (OrderState.ASSIGNED, OrderState.IN_PROGRESS, OrderState.REPORTED):
            raise InvalidTransition(
                _("Photos are added while the order is being handled."), rule="X-10"
            )
        photo = store_image(actor=actor, subject=row, site=row.site, upload=upload, stage=stage)
        record_event(
            actor=actor,
            subject=row,
            kind="order.photo_added",
            data={"stage": stage, "attachment": photo.pk, "size": photo.size},
        )
        return photo


# -- major events (SD-15) -------------------------------------------------------------------------


def report_major_event(actor, form: ServiceForm, *, version: int, report: str) -> ServiceForm:
    """SD-15: the processor's written report (书面汇报) on a major event, to the managers."""
    permissions.check(actor, "sd.intake", site=form.site_id)
    if not form.major:
        raise InvalidTransition(
            _("%(serial)s is not marked as a major event.") % {"serial": form.serial}, rule="SD-15"
        )
    if not report.strip():
        raise ValidationFailed(field_errors={"report": [_("Write the report.")]}, rule="SD-15")
    with transaction.atomic(durable=True):
        form = lock_for_change(ServiceForm, form, version)
        form.major_report, form.major_reported_at, form.major_reported_by = (
            report.strip(),
            timezone.now(),
            actor,
        )
        save_new_version(form, "major_report", "major_reported_at", "major_reported_by")
        record_event(
            actor=actor,
            subject=form,
            kind="form.major_reported",
            data={"report": form.major_report},
        )
        _tell(
            holders(form.site_id, Role.CS_MANAGER, Role.BRANCH_GM),
            form,
            _("Written report on major event %(serial)s") % {"serial": form.serial},
            form.major_report,
        )
        return form


def give_instructions(actor, form: ServiceForm, *, version: int, instructions: str) -> ServiceForm:
    """SD-15: beyond the remit, the leaders' instructions, followed up by the control room."""
    permissions.check(actor, "sd.instruct", site=form.site_id)
    if not form.major_report:
        raise InvalidTransition(
            _("%(serial)s has no written report yet.") % {"serial": form.serial}, rule="SD-15"
        )
    if not instructions.strip():
        raise ValidationFailed(
            field_errors={"instructions": [_("Write the instructions.")]}, rule="SD-15"
        )
    with transaction.atomic(durable=True):
        form = lock_for_change(ServiceForm, form, version)
        form.instructions, form.instructed_at, form.instructed_by = (
            instructions.strip(),
            timezone.now(),
            actor,
        )
        save_new_version(form, "instructions", "instructed_at", "instructed_by")
        record_event(
            actor=actor,
            subject=form,
            kind="form.instructed",
            data={"instructions": form.instructions},
        )
        _tell(
            [form.received_by, *holders(form.site_id, Role.PROCESSOR)],
            form,
            _("Instructions on %(serial)s") % {"serial": form.serial},
            form.instructions,
        )
        return form
