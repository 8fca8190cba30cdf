"""Every write of the control-room registers (LOG-1…LOG-5, IT-5).

Each public service checks the actor's roles (and the workflow table for handovers, calls and
registry entries), locks and version-checks the record, changes it in one durable transaction,
appends the audit event, moves the clocks and queues the notifications."""

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import attachments, deadlines, handover, outbox, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.core.models import Building, Department, Site, User
from infocenter.core.numbering import allocate_serial
from infocenter.core.pinyin import initials, spelled
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version, stale_edit
from infocenter.core.validators import clean_phone
from infocenter.core.workflows import require
from infocenter.servicedesk import services as sd_services
from infocenter.servicedesk.choices import Category, Priority, ReporterKind, Source
from infocenter.servicedesk.models import Resident

from . import workflows
from .choices import (
    CallDirection,
    CallState,
    ContactCategory,
    DocumentCategory,
    EntryKind,
    EntryState,
    HandoverState,
    ReportChannel,
    WhereaboutsStatus,
)
from .models import (
    Contact,
    Document,
    DocumentVersion,
    Handover,
    LogbookPolicy,
    PhoneCall,
    RegistryEntry,
    Whereabouts,
)

HANDOVER_SERIES, CALL_SERIES, ENTRY_SERIES = "JB", "DH", "DJ"
K_ACCEPT, K_CALL_BACK, K_ENTRY_END = "lb.accept", "lb.call_back", "lb.entry_end"


def policy(site: Site) -> LogbookPolicy:
    """The site's register time limits, or the source's defaults when none was saved."""
    return LogbookPolicy.objects.filter(site=site).first() or LogbookPolicy(site=site)


def link(record) -> str:
    kind = {
        Handover: "handovers",
        PhoneCall: "calls",
        RegistryEntry: "registry",
        Document: "library",
    }[type(record)]
    return f"/logbook/{kind}/{record.pk}/"


def _tell(users, record, subject: str, body: str = "") -> None:
    outbox.notify(users, subject=subject, body=body, link=link(record), site=record.site)


def _required(errors: dict, **values) -> None:
    for field, value in values.items():
        if not str(value or "").strip():
            errors.setdefault(field, []).append(_("This field is required."))


def _choice(errors: dict, field: str, value: str, choices) -> None:
    if value not in choices.values:
        errors.setdefault(field, []).append(_("Choose one of the listed values."))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationFailed(field_errors=errors)


# -- shift handover (LOG-1, F1) ---------------------------------------------------------------


def hand_over(
    actor, *, site: Site, incoming: User, shift: str, equipment_state: str, remarks: str = ""
) -> Handover:
    """LOG-1: the outgoing processor hands the shift over. The open items of the moment are
    frozen into the record (``handover.snapshot``); the incoming processor is told and has the
    policy's minutes to accept before the customer-service manager is alerted."""
    permissions.check(actor, "lb.handover", site=site)
    errors: dict = {}
    _required(errors, shift=shift, equipment_state=equipment_state)
    if incoming.pk == actor.pk:
        errors.setdefault("incoming", []).append(_("Hand over to another processor."))
    elif not permissions.can(incoming, "lb.handover", site_id=site.pk):
        errors.setdefault("incoming", []).append(_("Choose a processor of this site."))
    _raise(errors)
    with transaction.atomic(durable=True):
        pending = (
            Handover.objects.select_for_update()
            .filter(site=site, state=HandoverState.HANDED_OVER)
            .first()
        )
        if pending is not None:
            raise Conflict(
                _("%(serial)s is still waiting to be accepted by %(person)s (LOG-1).")
                % {"serial": pending.serial, "person": pending.incoming},
                rule="LOG-1",
            )
        now = timezone.now()
        record = Handover.objects.create(
            site=site,
            serial=allocate_serial(site=site, series=HANDOVER_SERIES, at=now),
            shift=shift.strip(),
            outgoing=actor,
            incoming=incoming,
            handed_over_at=now,
            carried_over=handover.snapshot(site, now),
            equipment_state=equipment_state.strip(),
            remarks=remarks.strip(),
        )
        minutes = policy(site).accept_within_minutes
        deadlines.schedule_at(
            subject=record,
            kind=K_ACCEPT,
            site=site,
            due_at=now + dt.timedelta(minutes=minutes),
            warn_at=None,
        )
        record_event(
            actor=actor,
            subject=record,
            kind="handover.handed_over",
            data={
                "incoming": str(incoming),
                "shift": record.shift,
                "items": sum(len(s["rows"]) for s in record.carried_over),
            },
        )
        _tell(
            [incoming],
            record,
            _("%(person)s handed the shift over to you: %(serial)s")
            % {"person": actor, "serial": record.serial},
            record.remarks,
        )
        return record


def accept_handover(actor, record: Handover, *, version: int, note: str = "") -> Handover:
    """LOG-1: the incoming processor takes the shift over and signs; the clock stops."""
    step = workflows.HANDOVER_STEPS["accept"]
    require(actor, record, step)
    if record.incoming_id != actor.pk:
        raise PermissionDenied(
            _("Only %(person)s, to whom the shift was handed over, can accept it (LOG-1).")
            % {"person": record.incoming},
            rule="LOG-1",
        )
    with transaction.atomic(durable=True):
        record = lock_for_change(Handover, record, version)
        require(actor, record, step)
        now = timezone.now()
        record.state, record.accepted_at, record.accept_note = (
            HandoverState.ACCEPTED,
            now,
            note.strip(),
        )
        save_new_version(record, "state", "accepted_at", "accept_note")
        deadlines.complete(record, K_ACCEPT, at=now)
        record_event(
            actor=actor, subject=record, kind="handover.accepted", data={"note": record.accept_note}
        )
        return record


# -- phone log (LOG-2, F4) ---------------------------------------------------------------------


def _call_errors(*, site, direction, number, occurred_at, resident, now) -> tuple[dict, str]:
    errors: dict = {}
    _choice(errors, "direction", direction, CallDirection)
    number = clean_phone(number, "number", errors)
    if occurred_at is not None and occurred_at > now + dt.timedelta(minutes=5):
        errors.setdefault("occurred_at", []).append(_("The time cannot be in the future."))
    if resident is not None and resident.site_id != site.pk:
        errors.setdefault("resident", []).append(_("The resident belongs to another site."))
    return errors, number


def log_call(
    actor,
    *,
    site: Site,
    direction: str = CallDirection.INCOMING,
    number: str,
    caller: str = "",
    subject: str = "",
    outcome: str = "",
    occurred_at: dt.datetime | None = None,
    resident: Resident | None = None,
    form_category: str = "",
) -> PhoneCall:
    """LOG-2: one line of the phone log. With ``form_category``, the call becomes a customer
    service form in the same step, linked both ways (SD-1)."""
    permissions.check(actor, "lb.phone", site=site)
    now = timezone.now()
    errors, number = _call_errors(
        site=site,
        direction=direction,
        number=number,
        occurred_at=occurred_at,
        resident=resident,
        now=now,
    )
    _required(errors, subject=subject)
    if form_category:
        _choice(errors, "form_category", form_category, Category)
        _required(errors, caller=caller)
    _raise(errors)
    with transaction.atomic(durable=True):
        call = _new_call(
            actor,
            site=site,
            direction=direction,
            state=CallState.ANSWERED,
            number=number,
            caller=caller,
            subject=subject,
            outcome=outcome,
            occurred_at=occurred_at or now,
            resident=resident,
        )
        if form_category:
            _call_to_form(actor, call, category=form_category, content=subject)
        return call


def log_missed_call(
    actor, *, site: Site, number: str, caller: str = "", occurred_at: dt.datetime | None = None
) -> PhoneCall:
    """LOG-2: a call nobody answered; it must be returned within the policy's minutes."""
    permissions.check(actor, "lb.phone", site=site)
    now = timezone.now()
    errors, number = _call_errors(
        site=site,
        direction=CallDirection.INCOMING,
        number=number,
        occurred_at=occurred_at,
        resident=None,
        now=now,
    )
    _raise(errors)
    with transaction.atomic(durable=True):
        at = occurred_at or now
        call = _new_call(
            actor,
            site=site,
            direction=CallDirection.INCOMING,
            state=CallState.MISSED,
            number=number,
            caller=caller,
            subject="",
            outcome="",
            occurred_at=at,
            resident=None,
        )
        minutes = policy(site).call_back_within_minutes
        deadlines.schedule_at(
            subject=call,
            kind=K_CALL_BACK,
            site=site,
            due_at=max(at + dt.timedelta(minutes=minutes), now + dt.timedelta(minutes=1)),
        )
        return call


def _new_call(
    actor, *, site, direction, state, number, caller, subject, outcome, occurred_at, resident
):
    if resident is None and number:
        resident = Resident.objects.filter(site=site, phone=number).first()
    call = PhoneCall.objects.create(
        site=site,
        serial=allocate_serial(site=site, series=CALL_SERIES, at=occurred_at),
        direction=direction,
        state=state,
        occurred_at=occurred_at,
        number=number,
        caller=caller.strip() or getattr(resident, "name", ""),
        subject=subject.strip(),
        outcome=outcome.strip(),
        taken_by=actor,
        resident=resident,
    )
    record_event(
        actor=actor,
        subject=call,
        kind="call.missed" if state == CallState.MISSED else "call.logged",
        data={
            "direction": direction,
            "number": number,
            "caller": call.caller,
            "subject": call.subject,
        },
    )
    return call


def call_back(
    actor, missed: PhoneCall, *, version: int, subject: str, outcome: str = ""
) -> PhoneCall:
    """LOG-2: the missed call was returned; the outgoing call is logged and linked to it."""
    step = workflows.CALL_STEPS["call_back"]
    require(actor, missed, step)
    errors: dict = {}
    _required(errors, subject=subject)
    _raise(errors)
    with transaction.atomic(durable=True):
        missed = lock_for_change(PhoneCall, missed, version)
        require(actor, missed, step)
        now = timezone.now()
        returned = _new_call(
            actor,
            site=missed.site,
            direction=CallDirection.OUTGOING,
            state=CallState.ANSWERED,
            number=missed.number,
            caller=missed.caller,
            subject=subject,
            outcome=outcome,
            occurred_at=now,
            resident=missed.resident,
        )
        returned.callback_of = missed
        returned.save(update_fields=["callback_of"])
        missed.state = CallState.CALLED_BACK
        save_new_version(missed, "state")
        deadlines.complete(missed, K_CALL_BACK, at=now)
        record_event(
            actor=actor, subject=missed, kind="call.called_back", data={"by": returned.serial}
        )
        return returned


def call_to_form(
    actor,
    call: PhoneCall,
    *,
    version: int,
    category: str,
    content: str = "",
    priority: str = Priority.NORMAL,
) -> PhoneCall:
    """LOG-2 → SD-1: turn a logged call into a customer service form in one step, linked both
    ways; the form's reporter, number and time come from the call."""
    step = workflows.CALL_STEPS["make_form"]
    require(actor, call, step)
    errors: dict = {}
    _choice(errors, "category", category, Category)
    if not call.caller:
        errors.setdefault("caller", []).append(
            _("The call has no caller's name to put on the form.")
        )
    _raise(errors)
    with transaction.atomic(durable=True):
        call = lock_for_change(PhoneCall, call, version)
        require(actor, call, step)
        if call.form_id is not None:
            raise Conflict(
                _("%(call)s already became %(form)s (LOG-2).") % {"call": call, "form": call.form},
                rule="LOG-2",
            )
        _call_to_form(
            actor, call, category=category, content=content or call.subject, priority=priority
        )
        return call


def _call_to_form(
    actor, call: PhoneCall, *, category: str, content: str, priority: str = Priority.NORMAL
):
    resident = call.resident
    form = sd_services.log_form_within(
        actor,
        site=call.site,
        source=Source.PHONE,
        reporter_kind=resident.kind if resident else ReporterKind.OTHER,
        reporter_name=call.caller,
        reporter_phone=call.number,
        category=category,
        content=content,
        priority=priority,
        room=resident.room if resident else None,
        resident=resident,
        received_at=call.occurred_at,
    )
    call.form = form
    save_new_version(call, "form")
    record_event(actor=actor, subject=call, kind="call.form_made", data={"form": form.serial})
    return form


# -- whereabouts (IT-5) ------------------------------------------------------------------------


def set_whereabouts(
    actor,
    *,
    person: User,
    status: str,
    place: str = "",
    until: dt.datetime | None = None,
    substitute: User | None = None,
    version: int | None = None,
) -> Whereabouts:
    """IT-5: where ``person`` is now, until when, and whom to call instead. Everyone sets their
    own; processors, the customer-service manager and department heads set others' at their sites."""
    if person.pk != actor.pk and not any(
        permissions.can(actor, "lb.whereabouts", site_id=s) for s in permissions.sites_of(person)
    ):
        raise PermissionDenied(_("You can set only your own whereabouts."), rule="IT-5")
    errors: dict = {}
    _choice(errors, "status", status, WhereaboutsStatus)
    now = timezone.now()
    if until is not None and until <= now:
        errors.setdefault("until", []).append(_("Choose a time in the future."))
    if substitute is not None and substitute.pk == person.pk:
        errors.setdefault("substitute", []).append(_("Choose someone else to call instead."))
    _raise(errors)
    with transaction.atomic(durable=True):
        row = Whereabouts.objects.select_for_update().filter(user=person).first()
        if row is not None and version is not None and row.version != version:
            raise stale_edit(row)
        before = {"status": row.status, "place": row.place} if row else {}
        row = row or Whereabouts(user=person, version=0)
        row.status, row.place, row.until, row.substitute = status, place.strip(), until, substitute
        row.updated_at, row.updated_by = now, actor
        row.version += 1
        row.save()
        record_event(
            actor=actor,
            subject=person,
            kind="whereabouts.set",
            data={
                "status": status,
                "place": row.place,
                "until": until,
                "substitute": str(substitute or ""),
                "before": before,
            },
        )
        return row


# -- information registry (LOG-3, F5) ---------------------------------------------------------


def record_entry(
    actor,
    *,
    site: Site,
    department: Department,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    changed_at: dt.datetime,
    channel: str,
    reported_by: str = "",
    details: str = "",
    ends_at: dt.datetime | None = None,
    buildings: list[Building] | tuple = (),
) -> RegistryEntry:
    """LOG-3: a department's change recorded in the registry, by the processor (reported in
    writing, by phone or intercom) or by the department itself in the system. Recorded more than
    the policy's hours after the department knew of it, it is flagged late and counted."""
    by_department = not permissions.can(actor, "lb.registry", site_id=site.pk)
    if by_department:
        permissions.check(actor, "lb.report", site=site, department=department)
        channel, reported_by = ReportChannel.SYSTEM, reported_by or str(actor)
    now = timezone.now()
    errors: dict = {}
    _choice(errors, "kind", kind, EntryKind)
    _choice(errors, "channel", channel, ReportChannel)
    _required(errors, title=title, reported_by=reported_by)
    if department.site_id != site.pk:
        errors.setdefault("department", []).append(_("The department belongs to another site."))
    if any(b.site_id != site.pk for b in buildings):
        errors.setdefault("buildings", []).append(_("A building belongs to another site."))
    if changed_at > now + dt.timedelta(minutes=5):
        errors.setdefault("changed_at", []).append(_("The time cannot be in the future."))
    if ends_at is not None and ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("The end must come after the start."))
    _raise(errors)
    late_minutes = max(
        0, int((now - changed_at).total_seconds() // 60) - policy(site).report_within_hours * 60
    )
    with transaction.atomic(durable=True):
        entry = RegistryEntry.objects.create(
            site=site,
            serial=allocate_serial(site=site, series=ENTRY_SERIES, at=now),
            department=department,
            kind=kind,
            title=title.strip(),
            details=details.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            changed_at=changed_at,
            channel=channel,
            reported_by=reported_by.strip(),
            recorded_at=now,
            recorded_by=actor,
            late=late_minutes > 0,
            late_minutes=late_minutes,
        )
        entry.buildings.set(buildings)
        _schedule_end(entry)
        record_event(
            actor=actor,
            subject=entry,
            kind="entry.recorded",
            data={
                "kind": kind,
                "title": entry.title,
                "department": department.name,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "buildings": [b.name for b in buildings],
                "late_minutes": late_minutes,
            },
        )
        if by_department:
            _tell(
                holders(site.pk, Role.PROCESSOR),
                entry,
                _("%(department)s reported: %(title)s")
                % {"department": department.name, "title": entry.title},
                entry.details,
            )
        if entry.late:
            _tell(
                holders(site.pk, Role.CS_MANAGER),
                entry,
                _("%(department)s reported %(serial)s %(minutes)s minutes late (LOG-3)")
                % {"department": department.name, "serial": entry.serial, "minutes": late_minutes},
            )
        return entry


def reschedule_entry(
    actor,
    entry: RegistryEntry,
    *,
    version: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None,
) -> RegistryEntry:
    """LOG-3: the department moved or extended the period (an outage runs longer)."""
    step = workflows.ENTRY_STEPS["reschedule"]
    require(actor, entry, step)
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationFailed(field_errors={"ends_at": [_("The end must come after the start.")]})
    with transaction.atomic(durable=True):
        entry = lock_for_change(RegistryEntry, entry, version)
        require(actor, entry, step)
        changes = {"starts_at": [entry.starts_at, starts_at], "ends_at": [entry.ends_at, ends_at]}
        entry.starts_at, entry.ends_at = starts_at, ends_at
        save_new_version(entry, "starts_at", "ends_at")
        deadlines.cancel(entry, K_ENTRY_END)
        _schedule_end(entry)
        record_event(
            actor=actor, subject=entry, kind="entry.rescheduled", data={"changes": changes}
        )
        return entry


def end_entry(actor, entry: RegistryEntry, *, version: int, note: str = "") -> RegistryEntry:
    """LOG-3: the change is over now (water back on); the entry leaves the "now" board."""
    return _close_entry(
        actor, entry, version=version, step="end", state=EntryState.ENDED, note=note
    )


def withdraw_entry(actor, entry: RegistryEntry, *, version: int, note: str) -> RegistryEntry:
    """LOG-3: the change will not happen (the outage was called off), with the reason."""
    if not note.strip():
        raise ValidationFailed(field_errors={"note": [_("Give the reason.")]})
    return _close_entry(
        actor, entry, version=version, step="withdraw", state=EntryState.WITHDRAWN, note=note
    )


def _close_entry(actor, entry, *, version, step, state, note):
    step = workflows.ENTRY_STEPS[step]
    require(actor, entry, step)
    with transaction.atomic(durable=True):
        entry = lock_for_change(RegistryEntry, entry, version)
        require(actor, entry, step)
        now = timezone.now()
        fields = ["state", "ended_at", "end_note"]
        entry.state, entry.ended_at, entry.end_note = state, now, note.strip()
        if state == EntryState.ENDED and (entry.ends_at is None or entry.ends_at > now):
            entry.ends_at = max(now, entry.starts_at + dt.timedelta(seconds=1))
            fields.append("ends_at")
        save_new_version(entry, *fields)
        deadlines.cancel(entry, K_ENTRY_END)
        record_event(
            actor=actor, subject=entry, kind=f"entry.{state}", data={"note": entry.end_note}
        )
        return entry


def _schedule_end(entry: RegistryEntry) -> None:
    """The entry leaves the "now" board at its end: the worker marks it ended then, so the board
    reads only what is in force, whatever the history's size."""
    if entry.ends_at is not None:
        deadlines.schedule_at(
            subject=entry, kind=K_ENTRY_END, site=entry.site, due_at=entry.ends_at
        )


def end_entry_at_its_time(entry: RegistryEntry, *, now: dt.datetime) -> bool:
    """The worker's step (``deadlines``): an active entry whose end has come is ended. Runs in
    the worker's transaction; a second run finds it ended and does nothing."""
    entry = RegistryEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.state != EntryState.ACTIVE or entry.ends_at is None or entry.ends_at > now:
        return False
    entry.state, entry.ended_at = EntryState.ENDED, entry.ends_at
    save_new_version(entry, "state", "ended_at")
    record_event(actor=None, subject=entry, kind="entry.ended", data={"note": "at its end time"})
    return True


# -- contact directory (LOG-4) ----------------------------------------------------------------


CONTACT_FIELDS = ("category", "name", "organisation", "title", "phone", "phone2", "note")


def clean_contact_number(raw: str, field: str, errors: dict) -> str:
    """A directory number: a phone number (``clean_phone``), or a service or emergency number of
    3 to 8 digits (110, 119, 96968, 12345)."""
    digits = re.sub(r"[\s-]", "", raw or "")
    if re.fullmatch(r"\d{3,8}", digits):
        return digits
    return clean_phone(raw, field, errors)


def _contact_errors(*, category: str, name: str, phone: str, phone2: str) -> tuple[dict, str, str]:
    errors: dict = {}
    _choice(errors, "category", category, ContactCategory)
    _required(errors, name=name)
    phone = clean_contact_number(phone, "phone", errors)
    phone2 = clean_contact_number(phone2, "phone2", errors) if phone2 else ""
    return errors, phone, phone2


def _search_keys(*parts: str) -> dict:
    text = " ".join(p for p in parts if p)
    return (
        {
            "search_pinyin": " ".join(spelled(p) for p in parts if p)[:400],
            "search_initials": " ".join(initials(p) for p in parts if p)[:100],
        }
        if text
        else {}
    )


def add_contact(
    actor,
    *,
    site: Site,
    category: str,
    name: str,
    phone: str,
    organisation: str = "",
    title: str = "",
    phone2: str = "",
    note: str = "",
) -> Contact:
    """LOG-4: a number the control room must keep at hand."""
    permissions.check(actor, "lb.directory", site=site)
    errors, phone, phone2 = _contact_errors(
        category=category, name=name, phone=phone, phone2=phone2
    )
    _raise(errors)
    with transaction.atomic(durable=True):
        return _new_contact(
            actor,
            site=site,
            category=category,
            name=name,
            organisation=organisation,
            title=title,
            phone=phone,
            phone2=phone2,
            note=note,
        )


def _new_contact(
    actor, *, site, category, name, organisation, title, phone, phone2, note
) -> Contact:
    contact = Contact.objects.create(
        site=site,
        category=category,
        name=name.strip(),
        organisation=organisation.strip(),
        title=title.strip(),
        phone=phone,
        phone2=phone2,
        note=note.strip(),
        **_search_keys(name.strip(), organisation.strip()),
    )
    record_event(
        actor=actor,
        subject=contact,
        kind="contact.added",
        data={"category": category, "name": contact.name, "phone": phone},
    )
    return contact


def update_contact(
    actor,
    contact: Contact,
    *,
    version: int,
    category: str,
    name: str,
    phone: str,
    organisation: str = "",
    title: str = "",
    phone2: str = "",
    note: str = "",
) -> Contact:
    """LOG-4: correct a contact; a stale edit is refused and nothing is overwritten."""
    permissions.check(actor, "lb.directory", site=contact.site_id)
    errors, phone, phone2 = _contact_errors(
        category=category, name=name, phone=phone, phone2=phone2
    )
    _raise(errors)
    with transaction.atomic(durable=True):
        contact = lock_for_change(Contact, contact, version)
        new = {
            "category": category,
            "name": name.strip(),
            "organisation": organisation.strip(),
            "title": title.strip(),
            "phone": phone,
            "phone2": phone2,
            "note": note.strip(),
        }
        changes = {k: [getattr(contact, k), v] for k, v in new.items() if getattr(contact, k) != v}
        for key, value in {**new, **_search_keys(new["name"], new["organisation"])}.items():
            setattr(contact, key, value)
        save_new_version(contact, *new, "search_pinyin", "search_initials")
        record_event(
            actor=actor, subject=contact, kind="contact.changed", data={"changes": changes}
        )
        return contact


def remove_contact(actor, contact: Contact, *, version: int) -> Contact:
    """LOG-4: a number no longer valid leaves the directory (the audit log keeps it); returns
    the removed contact, unsaved."""
    permissions.check(actor, "lb.directory", site=contact.site_id)
    with transaction.atomic(durable=True):
        contact = lock_for_change(Contact, contact, version)
        record_event(
            actor=actor,
            subject=contact,
            kind="contact.removed",
            data={k: getattr(contact, k) for k in CONTACT_FIELDS},
        )
        contact.delete()
        return contact


def category_labels() -> dict[str, str]:
    """Category label → value, in every language of the interface (a sheet may use any)."""
    from django.conf import settings
    from django.utils import translation

    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found |= {str(label): value for value, label in ContactCategory.choices}
    return found


def import_contacts(actor, *, site: Site, rows: list[dict], progress=None) -> list[Contact]:
    """LOG-4: contacts from a spreadsheet, all or nothing. Every bad row is reported (its row
    number and field); when any row is bad, nothing is imported."""
    permissions.check(actor, "lb.directory", site=site)
    problems, clean = [], []
    labels = category_labels()
    for row in rows:
        category = labels.get(row.get("category", ""), row.get("category", ""))
        errors, phone, phone2 = _contact_errors(
            category=category,
            name=row.get("name", ""),
            phone=row.get("phone", ""),
            phone2=row.get("phone2", ""),
        )
        if errors:
            problems.append({"row": row["row"], "errors": errors})
        else:
            clean.append(
                {
                    **{k: row.get(k, "") for k in CONTACT_FIELDS},
                    "category": category,
                    "phone": phone,
                    "phone2": phone2,
                }
            )
    if problems:
        raise ValidationFailed(
            _("Nothing was imported: %(n)s rows have errors.") % {"n": len(problems)},
            field_errors={"rows": problems},
            rule="LOG-4",
        )
    if not clean:
        raise ValidationFailed(field_errors={"file": [_("The file holds no contacts.")]})
    with transaction.atomic(durable=True):
        created = []
        for n, values in enumerate(clean, 1):
            created.append(_new_contact(actor, site=site, **values))
            if progress:
                progress(n, len(clean))
        record_event(
            actor=actor, subject=site, kind="contact.imported", data={"contacts": len(created)}
        )
        return created


# -- reference library (LOG-5) ----------------------------------------------------------------


def add_document(
    actor,
    *,
    site: Site,
    category: str,
    title: str,
    issuer: str = "",
    reference: str = "",
    summary: str = "",
) -> Document:
    """LOG-5: a regulation or standard the control room keeps at hand; versions follow."""
    permissions.check(actor, "lb.library", site=site)
    errors: dict = {}
    _choice(errors, "category", category, DocumentCategory)
    _required(errors, title=title)
    _raise(errors)
    with transaction.atomic(durable=True):
        document = Document.objects.create(
            site=site,
            category=category,
            title=title.strip(),
            issuer=issuer.strip(),
            reference=reference.strip(),
            summary=summary.strip(),
            **_search_keys(title.strip(), issuer.strip()),
        )
        record_event(
            actor=actor,
            subject=document,
            kind="document.added",
            data={"category": category, "title": document.title},
        )
        return document


def add_document_version(
    actor, document: Document, *, label: str, effective_from: dt.date, note: str = "", upload=None
) -> DocumentVersion:
    """LOG-5: a new version of a document, with its effective date and file (X-10: PDF, Word or
    Excel, at most 20 MB, content checked)."""
    permissions.check(actor, "lb.library", site=document.site_id)
    errors: dict = {}
    _required(errors, label=label)
    if document.versions.filter(label=label.strip()).exists():
        errors.setdefault("label", []).append(_("This version is already in the library."))
    _raise(errors)
    with transaction.atomic(durable=True):
        version = DocumentVersion(
            document=document,
            label=label.strip(),
            effective_from=effective_from,
            note=note.strip(),
            added_at=timezone.now(),
            added_by=actor,
        )
        version.save()
        if upload is not None:
            version.attachment = attachments.store_document(
                actor=actor, subject=version, site=document.site, upload=upload, field="upload"
            )
            version.save(update_fields=["attachment"])
        record_event(
            actor=actor,
            subject=document,
            kind="document.versioned",
            data={
                "label": version.label,
                "effective_from": effective_from,
                "file": version.attachment.original_name if version.attachment else "",
            },
        )
        return version


# -- policy ------------------------------------------------------------------------------------


def update_policy(
    actor,
    *,
    site: Site,
    version: int,
    report_within_hours: int,
    accept_within_minutes: int,
    call_back_within_minutes: int,
) -> LogbookPolicy:
    """The site's register time limits (LOG-1, LOG-2, LOG-3)."""
    permissions.check(actor, "lb.policy", site=site)
    errors: dict = {}
    for field, value, low, high in (
        ("report_within_hours", report_within_hours, 1, 72),
        ("accept_within_minutes", accept_within_minutes, 5, 240),
        ("call_back_within_minutes", call_back_within_minutes, 5, 1440),
    ):
        if not low <= value <= high:
            errors[field] = [
                _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}
            ]
    _raise(errors)
    with transaction.atomic(durable=True):
        row = LogbookPolicy.objects.select_for_update().filter(
            site=site
        ).first() or LogbookPolicy.objects.create(site=site)
        if row.version != version:
            raise stale_edit(row)
        new = {
            "report_within_hours": report_within_hours,
            "accept_within_minutes": accept_within_minutes,
            "call_back_within_minutes": call_back_within_minutes,
        }
        changes = {k: [getattr(row, k), v] for k, v in new.items() if getattr(row, k) != v}
        for key, value in new.items():
            setattr(row, key, value)
        save_new_version(row, *new)
        record_event(
            actor=actor, subject=site, kind="logbook.policy_changed", data={"changes": changes}
        )
        return row
