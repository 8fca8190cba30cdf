"""Corrections and voids (SD-3, SD-12). Until a record is archived, the processor corrects any
field of a form (the category included) and a work order's instructions (its department before
acknowledgement), with a reason and the before/after kept in the audit; a duplicate, prank or
mistaken form is voided (作废): it stays in the register, marked, its open orders withdrawn and
its clocks stopped. A batch the data manager returns names problems, each in the responsible
person's queue until it is fixed; a form goes back in the hand-over only then."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, outbox, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, InvalidTransition, ValidationFailed
from infocenter.core.models import Department, Room, User
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors, clean_phone
from infocenter.core.workflows import require, take_step

from .. import archive, rollup, workflows
from ..choices import FormState, OrderState, ProblemState, ReporterKind, Source, VoidReason
from ..models import ArchiveBatch, BatchProblem, Resident, ServiceForm, WorkOrder
from .intake import intake_errors
from .policy import K_DISPATCH, start_clocks


@dataclass(frozen=True)
class FormFields:
    """Every field of a form that a correction may change (SD-3), all given: a correction
    starts from ``FormFields.of(form)`` and replaces what it corrects."""

    source: str
    reporter_kind: str
    reporter_name: str
    reporter_phone: str
    category: str
    priority: str
    major: bool
    content: str
    received_at: dt.datetime
    room: Room | None = None
    location: str = ""
    resident: Resident | None = None

    @classmethod
    def of(cls, form: ServiceForm) -> "FormFields":
        return cls(**{f.name: getattr(form, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class OrderFields:
    """What a correction may change on a work order: its instructions, and its department
    while nobody has acknowledged it (SD-3, SD-5)."""

    instructions: str
    department: Department

    @classmethod
    def of(cls, order: WorkOrder) -> "OrderFields":
        return cls(instructions=order.instructions, department=order.department)


@dataclass(frozen=True)
class NamedProblem:
    """A problem the data manager names on a form, or on one of its orders, when returning a
    batch (SD-12). Without ``responsible``: the processor who logged the form, or the order's
    follow-up assistant."""

    form: ServiceForm
    problem: str
    order: WorkOrder | None = None
    responsible: User | None = None


def _shown(value):
    """A value as the audit keeps it for people: names, not ids; local times."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, Department):
        return value.name
    if isinstance(value, models.Model):
        return str(value)
    return value


def _changes(current, wanted) -> dict:
    """The fields of dataclass ``wanted`` that differ from ``current``."""
    return {
        f.name: getattr(wanted, f.name)
        for f in fields(wanted)
        if getattr(wanted, f.name) != getattr(current, f.name)
    }


def _reason_errors(reason: str) -> FieldErrors:
    errors = FieldErrors()
    if not reason.strip():
        errors.add("reason", _("Say why the record is corrected."))
    return errors


def correct_form(actor, form: ServiceForm, *, version: int, reason: str, values: FormFields):
    """SD-3: correct any field of a form that is not archived or voided, with a reason; the
    audit keeps each field's before and after. What depends on a corrected field follows it: a
    category that now calls for a callback is announced to the follow-up assistants, a form
    that became major is reported to the managers (SD-15), a corrected receipt time restarts
    the running 24-hour clock (SD-6). Processors and customer-service managers."""
    step = workflows.CORRECT_FORM
    require(actor, form, step)
    values = replace(
        values,
        reporter_name=values.reporter_name.strip(),
        content=values.content.strip(),
        location=values.location.strip(),
    )
    errors = _reason_errors(reason)
    errors.update(_form_errors(form, values))
    phone = values.reporter_phone.strip()
    if phone:
        phone = clean_phone(phone, "reporter_phone", errors)
    errors.raise_any(rule="SD-3")
    values = replace(values, reporter_phone=phone)
    shown = {}

    def corrected(row, now):
        current = FormFields.of(row)
        found = _changes(current, values)
        if not found:
            raise ValidationFailed(_("Nothing was changed."), rule="SD-3")
        shown.update({k: [_shown(getattr(current, k)), _shown(v)] for k, v in found.items()})
        return found

    return take_step(
        actor,
        form,
        step,
        version=version,
        event="form.corrected",
        values=corrected,
        data=lambda row, before: {"reason": reason.strip(), "changes": shown},
        then=lambda row, now, before: _follow_correction(row, before, now),
    )


def _form_errors(form: ServiceForm, values: FormFields) -> FieldErrors:
    errors = intake_errors(
        site=form.site,
        source=values.source,
        reporter_kind=values.reporter_kind,
        category=values.category,
        priority=values.priority,
        reporter_name=values.reporter_name,
        content=values.content,
        room=values.room,
        location=values.location,
        resident=values.resident,
        received_at=values.received_at,
        now=timezone.now(),
    )
    if (
        values.reporter_kind != ReporterKind.STAFF
        and values.source == Source.PHONE
        and not values.reporter_phone.strip()
    ):
        errors.add("reporter_phone", _("Enter the caller's phone number."))
    return errors


def _follow_correction(form: ServiceForm, before: dict, now: dt.datetime) -> None:
    """What depends on the corrected fields (inside the correction's transaction)."""
    if "category" in before and form.state == FormState.RESOLVED:
        was_due = before["category"] not in archive.NO_CALLBACK_NEEDED
        if archive.callback_due(form) and not was_due:
            outbox.tell(
                holders(form.site_id, Role.CS_ASSISTANT, Role.CS_MANAGER),
                form,
                Text(
                    N_("%(serial)s now needs a callback: its category was corrected"),
                    {"serial": form.serial},
                ),
            )
    if "major" in before and form.major and not before["major"]:
        outbox.tell(
            holders(form.site_id, Role.CS_MANAGER, Role.BRANCH_GM),
            form,
            Text(N_("Major event: %(serial)s"), {"serial": form.serial}),
            form.content,
        )
    if "received_at" in before:
        rollup.reopen(form.site_id, form.received_at)
    if "received_at" in before and deadlines.open_for(form).filter(kind=K_DISPATCH).exists():
        deadlines.cancel(form, K_DISPATCH, at=now)
        start_clocks(form, form.received_at, K_DISPATCH)


def correct_order(actor, order: WorkOrder, *, version: int, reason: str, values: OrderFields):
    """SD-3: correct a work order's instructions, and its department while the order waits for
    acknowledgement (the new department is told, as at dispatch), with a reason; the audit keeps
    before and after. Processors and customer-service managers."""
    step = workflows.CORRECT_ORDER
    require(actor, order, step)
    errors = _reason_errors(reason)
    if values.department.site_id != order.site_id:
        errors.add("department", _("The department belongs to another site."))
    errors.raise_any(rule="SD-3")
    values = replace(values, instructions=values.instructions.strip())
    shown, moved_from = {}, []

    def corrected(row, now):
        current = OrderFields.of(row)
        found = _changes(current, values)
        if "department" in found and (
            row.state != OrderState.DISPATCHED or row.acknowledged_at is not None
        ):
            message = _(
                "%(serial)s was acknowledged already: its department can no longer change."
            ) % {"serial": row.serial}
            raise Conflict(message, field_errors={"department": [message]}, rule="SD-3")
        if not found:
            raise ValidationFailed(_("Nothing was changed."), rule="SD-3")
        moved_from.append(current.department)
        shown.update({k: [_shown(getattr(current, k)), _shown(v)] for k, v in found.items()})
        return found

    def then(row, now, before):
        if "department" in before:
            subject = Text(
                N_("Work order %(serial)s moved to %(department)s: %(content)s"),
                {
                    "serial": row.serial,
                    "department": row.department.name,
                    "content": row.form.content[:40],
                },
            )
            heads = holders(row.site_id, Role.DEPT_HEAD, department_id=row.department_id)
            outbox.tell(heads, row, subject, row.instructions)
            outbox.tell_department(row.department, row, subject, row.instructions)
            outbox.tell_department(moved_from[0], row, subject)

    return take_step(
        actor,
        order,
        step,
        version=version,
        event="order.corrected",
        values=corrected,
        data=lambda row, before: {"reason": reason.strip(), "changes": shown},
        then=then,
        related=("form", "department"),
    )


def void_form(actor, form: ServiceForm, *, version: int, reason: str, note: str = ""):
    """SD-3: void (作废) a duplicate, prank or mistaken form with a reason. It stays in the
    register, marked voided, with its serial (never reused); its open work orders are
    withdrawn and every clock of the form and those orders stops. Nothing is deleted.
    Processors and customer-service managers, until the form is archived."""
    step = workflows.VOID_FORM
    require(actor, form, step)
    errors = FieldErrors()
    errors.choice("reason", reason, VoidReason)
    if reason == VoidReason.OTHER and not note.strip():
        errors.add("note", _("Say why the form is voided."))
    errors.raise_any(rule="SD-3")

    def then(row, now, before):
        deadlines.cancel(row, at=now)
        orders = row.orders.select_for_update().filter(
            state__in=workflows.WITHDRAWABLE_ORDER_STATES
        )
        for order in orders.select_related("department"):
            _withdraw(actor, order, row, now)

    return take_step(
        actor,
        form,
        step,
        version=version,
        event="form.voided",
        values=lambda row, now: {
            "void_reason": reason,
            "void_note": note.strip(),
            "voided_at": now,
            "voided_by": actor,
        },
        data=lambda row, before: {
            "changes": {
                "state": [before["state"], row.state],
                "void_reason": ["", reason],
                "void_note": ["", row.void_note],
            }
        },
        then=then,
    )


def _withdraw(actor, order: WorkOrder, form: ServiceForm, now: dt.datetime) -> None:
    before = order.state
    order.state = OrderState.WITHDRAWN
    save_new_version(order, "state")
    deadlines.cancel(order, at=now)
    record_event(
        actor=actor,
        subject=order,
        kind="order.withdrawn",
        data={"form": form.serial, "changes": {"state": [before, OrderState.WITHDRAWN]}},
    )
    people = [order.assistant, *(p for p in (order.assignee, order.receiver) if p)]
    people += holders(order.site_id, Role.DEPT_HEAD, department_id=order.department_id)
    subject = Text(
        N_("Work order %(serial)s withdrawn: its form %(form)s was voided"),
        {"serial": order.serial, "form": form.serial},
    )
    outbox.tell(people, order, subject)


# -- problems named by the data manager (SD-12) ----------------------------------------------------


def name_problems_within(
    actor, batch: ArchiveBatch, problems: Sequence[NamedProblem], now: dt.datetime
) -> list[BatchProblem]:
    """SD-12, inside ``return_archive_batch``'s transaction: each problem becomes a row in its
    responsible person's queue, is recorded on the form's history and told to that person."""
    errors, in_batch = FieldErrors(), set(batch.forms.values_list("pk", flat=True))
    for i, named in enumerate(problems):
        found = _problem_errors(batch, named, in_batch)
        errors.update({f"problems.{i}.{k}": v for k, v in found.items()})
    errors.raise_any(rule="SD-12")
    rows = []
    for named in problems:
        # A staff member's form (SD-17) is the control room's once its receipt is confirmed:
        # the filer cannot correct it.
        responsible = named.responsible or (
            named.order.assistant
            if named.order
            else named.form.receipt_confirmed_by or named.form.received_by
        )
        row = BatchProblem.objects.create(
            site=batch.site,
            batch=batch,
            form=named.form,
            order=named.order,
            problem=named.problem.strip(),
            responsible=responsible,
            created_at=now,
            created_by=actor,
        )
        record_event(
            actor=actor,
            subject=named.form,
            kind="form.returned_for_correction",
            data={
                "problem": row.problem,
                "order": getattr(named.order, "serial", ""),
                "responsible": str(responsible),
            },
        )
        outbox.tell(
            [responsible],
            row,
            Text(
                N_("To correct: %(record)s: %(problem)s"),
                {"record": row.record.serial, "problem": row.problem},
            ),
        )
        rows.append(row)
    return rows


def _problem_errors(batch: ArchiveBatch, named: NamedProblem, in_batch: set) -> FieldErrors:
    errors = FieldErrors()
    if named.form.pk not in in_batch:
        errors.add("form", _("%(serial)s is not in this batch.") % {"serial": named.form.serial})
    if named.order is not None and named.order.form_id != named.form.pk:
        errors.add(
            "order",
            _("%(order)s is not an order of %(form)s.")
            % {"order": named.order.serial, "form": named.form.serial},
        )
    if not named.problem.strip():
        errors.add("problem", _("Say what must be corrected."))
    elif len(named.problem.strip()) > 200:
        errors.add("problem", _("At most 200 characters."))
    if named.responsible is not None and batch.site_id not in permissions.sites_of(
        named.responsible
    ):
        errors.add("responsible", _("Choose a person of this site."))
    return errors


def fix_batch_problem(actor, problem: BatchProblem, *, version: int, note: str = ""):
    """SD-12: the responsible person (or a processor or customer-service manager of the site)
    marks a returned problem fixed; once a form has no unfixed problem it goes back in the next
    hand-over. The batch's submitter is told."""
    if actor.pk != problem.responsible_id and not permissions.can(
        actor, "sd.correct", site_id=problem.site_id
    ):
        raise permissions.PermissionDenied(
            _("Only %(name)s, who must fix it, or the control room marks this fixed.")
            % {"name": problem.responsible},
            rule="SD-12",
        )
    with transaction.atomic(durable=True):
        row = lock_for_change(BatchProblem, problem, version, related=("form", "order", "batch"))
        if row.state != ProblemState.OPEN:
            raise InvalidTransition(
                _("%(problem)s is fixed already.") % {"problem": row}, rule="SD-12"
            )
        row.state, row.fixed_at, row.fixed_by, row.fix_note = (
            ProblemState.FIXED,
            timezone.now(),
            actor,
            note.strip()[:200],
        )
        save_new_version(row, "state", "fixed_at", "fixed_by", "fix_note")
        data = {"problem": row.problem, "note": row.fix_note}
        record_event(actor=actor, subject=row, kind="problem.fixed", data=data)
        record_event(actor=actor, subject=row.form, kind="form.problem_fixed", data=data)
        if row.batch.submitted_by_id != actor.pk:
            outbox.tell(
                [row.batch.submitted_by],
                row,
                Text(
                    N_("Fixed: %(record)s: %(problem)s"),
                    {"record": row.record.serial, "problem": row.problem},
                ),
            )
        return row
