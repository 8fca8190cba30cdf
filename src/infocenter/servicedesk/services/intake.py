"""Intake (SD-1, SD-3, SD-4, SD-15, SD-17): every item received by phone, letter, visit,
intercom or staff form is logged on a Customer Service Form with its 24-hour clock, and handled
directly or dispatched."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import audit, deadlines, outbox, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import Department, Room, Site, User
from infocenter.core.numbering import allocate_serial, allocate_serials
from infocenter.core.selectors import holders
from infocenter.core.services import save_new_version
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors, clean_phone
from infocenter.core.workflows import require, take_step

from .. import rollup, workflows
from ..choices import Category, FormState, Priority, ReporterKind, Source
from ..models import Resident, ServiceForm, WorkOrder
from .filer import tell_filer_result
from .orders import issue_order, not_an_assistant, receivers_and_assistant
from .policy import (
    FORM_SERIES,
    K_ARRANGE,
    K_DISPATCH,
    K_FINISH,
    ORDER_SERIES,
    policy_of_department,
    read_calendar_ahead,
    start_clocks,
)
from .residents import new_resident


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
    sla=None,
    dispatched=False,
    serial=None,
) -> ServiceForm:
    """The form, its serial (``serial`` when the caller took it) and register row; its 24-hour
    clock started, unless ``dispatched`` (logged and dispatched at once: the caller records the
    clock met)."""
    now = timezone.now()
    errors = intake_errors(
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
        errors.add("reporter_phone", _("Enter the caller's phone number."))
    errors.raise_any()
    if resident is None and phone and reporter_kind in (ReporterKind.OWNER, ReporterKind.TENANT):
        resident = Resident.objects.filter(
            site=site, phone=phone, name=reporter_name.strip()
        ).first() or new_resident(
            actor, site=site, name=reporter_name.strip(), phone=phone, kind=reporter_kind, room=room
        )
    received = received_at or now
    form = ServiceForm.objects.create(
        site=site,
        serial=serial or allocate_serial(site=site, series=FORM_SERIES, at=received),
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
        receipt_confirmed_at=received,
        receipt_confirmed_by=actor,
        **({"state": FormState.DISPATCHED} if dispatched else {}),
    )
    if not dispatched:
        start_clocks(form, received, K_DISPATCH, sla=sla)
    rollup.reopen(site.pk, received)
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
        outbox.tell(
            holders(site.pk, Role.CS_MANAGER, Role.BRANCH_GM),
            form,
            Text(N_("Major event: %(serial)s"), {"serial": form.serial}),
            form.content,
        )
    return form


def log_and_dispatch(
    actor,
    *,
    site: Site,
    source: str,
    reporter_kind: str,
    reporter_name: str,
    reporter_phone: str,
    category: str,
    content: str,
    department: Department,
    assistant: User,
    instructions: str = "",
    priority: str = Priority.NORMAL,
    major: bool = False,
    room: Room | None = None,
    location: str = "",
    resident: Resident | None = None,
    received_at: dt.datetime | None = None,
) -> WorkOrder:
    """SD-1 and SD-5 in one step (登记并派工): log the call and dispatch its work order in one
    transaction, so both happen or neither does. The processor's intake and dispatch rights,
    the form's fields, the department and the follow-up assistant (one holding the assistant
    role at the site) are checked as in ``log_form`` and ``dispatch_order``; the audit events
    and the clocks are written together (the 24-hour clock recorded met at the dispatch)."""
    permissions.check(actor, "sd.intake", site=site)
    heads, assistant = check_follow_up(site, department=department, assistant=assistant)
    sla = policy_of_department(department)
    read_calendar_ahead(site, sla, K_DISPATCH, K_ARRANGE, K_FINISH)
    with (
        transaction.atomic(durable=True),
        audit.appended_together(),
        deadlines.started_together(),
        outbox.sent_together(),
    ):
        now = timezone.now()
        serials = allocate_serials(
            site=site, series={FORM_SERIES: received_at or now, ORDER_SERIES: now}
        )
        form = _log_form(
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
            sla=sla,
            dispatched=True,
            serial=serials[FORM_SERIES],
        )
        order = issue_order(
            actor,
            form,
            department=department,
            assistant=assistant,
            instructions=instructions,
            sla=sla,
            heads=heads,
            serial=serials[ORDER_SERIES],
            now=now,
        )
        start_clocks(form, form.received_at, K_DISPATCH, sla=sla, met_at=order.dispatched_at)
        return order


def check_follow_up(
    site: Site, *, department: Department, assistant: User
) -> tuple[list[User], User]:
    """Refuse a department of another site, or a follow-up assistant who does not hold the
    assistant role at the site (managers are not assistants), both named next to the field;
    the department's heads and receivers, to be told of the order, and the assistant as read
    with them."""
    errors = FieldErrors()
    if department.site_id != site.pk:
        errors.add("department", _("The department belongs to another site."))
        errors.raise_any()
    heads, follower = receivers_and_assistant(department, assistant)
    if follower is None:
        errors.add("assistant", not_an_assistant(site.pk, assistant))
    errors.raise_any()
    return heads, follower


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
    order = issue_order(
        actor,
        form,
        department=department,
        assistant=assistants[0],
        instructions=instructions.strip(),
    )
    form.state = FormState.DISPATCHED
    save_new_version(form, "state")
    deadlines.complete(form, K_DISPATCH, at=order.dispatched_at)
    return form


def intake_errors(
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
) -> FieldErrors:
    """The checks of a form's fields, at intake and when a form is corrected (SD-1, SD-3)."""
    errors = FieldErrors()
    errors.choice("source", source, Source)
    errors.choice("reporter_kind", reporter_kind, ReporterKind)
    errors.choice("category", category, Category)
    errors.choice("priority", priority, Priority)
    if not reporter_name.strip():
        errors.add("reporter_name", _("Enter who reported it."))
    if not content.strip():
        errors.add("content", _("Enter what was reported."))
    if room is not None and room.unit.building.site_id != site.pk:
        errors.add("room", _("The room belongs to another site."))
    if resident is not None and resident.site_id != site.pk:
        errors.add("resident", _("The resident belongs to another site."))
    if received_at is not None and received_at > now + dt.timedelta(minutes=5):
        errors.add("received_at", _("The receipt time cannot be in the future."))
    return errors


def resolve_form(actor, form: ServiceForm, *, version: int, resolution: str) -> ServiceForm:
    """SD-4: the processor handled it within their own remit and replied to the informant."""
    step = workflows.FORM_STEPS["resolve"]
    require(actor, form, step)
    if not resolution.strip():
        raise ValidationFailed(
            field_errors={"resolution": [_("Write how it was handled and the reply given.")]}
        )
    return take_step(
        actor,
        form,
        step,
        version=version,
        event="form.resolved",
        values=lambda row, now: {
            "resolution": resolution.strip(),
            "resolved_at": now,
            "resolved_by": actor,
        },
        data=lambda row, before: {"resolution": row.resolution},
        then=_handled,
    )


def _handled(form: ServiceForm, now, before) -> None:
    """The 24-hour clock is met and a staff form's filer told the result (SD-6, SD-10)."""
    deadlines.complete(form, K_DISPATCH, at=now)
    tell_filer_result(form)


def record_form_within(actor, **fields) -> ServiceForm:
    """The body of ``log_form`` for another service of the desk that has checked the actor's
    own permission (a staff submission, SD-17), inside its transaction: the form, its serial,
    register row and 24-hour clock."""
    return _log_form(actor, **fields)
