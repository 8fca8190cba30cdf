"""Every write of serious events (MR-1: theft, break-in, fire, flooding, a 110 alarm, a power
outage, with the UPS and generator procedure of MR-5; electrical and fire hazards of MR-5/MR-6)
and of the information-center head's approvals of power use (MR-5) and fire-system changes
(MR-6). A serious event calls the on-call staff out at once and records who was called, who
acknowledged and who arrived; permits wait for the head in the approvals inbox, and a clock
reminds at the end of the approved period."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from infocenter.core.models import Site, User
from infocenter.core.numbering import allocate_serial
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.services import save_new_version, stale_edit
from infocenter.core.texts import Text, choice_code
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import require, take_step

from ..choices import EventKind, EventState, FireChangeKind
from ..models import (
    Callout,
    DutyPolicy,
    FireChange,
    MachineRoom,
    PowerPermit,
    SeriousEvent,
)
from ..rules import safety as rules
from ..rules.common import may_withdraw, reason_of_refusal
from ..workflows import EVENT_CLOSE, EVENT_OUTAGE
from .common import decision, new_request, requested
from .duty import local_time

EVENT_SERIES, POWER_SERIES, FIRE_SERIES = "SJ", "YD", "XF"
K_POWER_END, K_FIRE_END = "mr.power_end", "mr.fire_end"
K_CALLOUT = "mr.callout"
Permit = PowerPermit | FireChange  # the head's approvals share their steps (MR-5, MR-6)
CALLOUT_CHASE = dt.timedelta(
    minutes=10
)  # who has not acknowledged a callout by then is called again


def policy(site: Site) -> DutyPolicy:
    """The site's duty settings, or the defaults when none were saved."""
    return DutyPolicy.objects.filter(site=site).first() or DutyPolicy(site=site)


def update_policy(actor, *, site: Site, version: int, power_threshold_watts: int) -> DutyPolicy:
    """MR-5: the wattage above which equipment needs the head's permit at this site."""
    permissions.check(actor, "mr.manage", site=site)
    if not 100 <= (power_threshold_watts or 0) <= 100000:
        raise ValidationFailed(
            field_errors={
                "power_threshold_watts": [
                    _("Enter a number from %(low)s to %(high)s.") % {"low": 100, "high": 100000}
                ]
            }
        )
    with transaction.atomic(durable=True):
        row = DutyPolicy.objects.select_for_update().filter(
            site=site
        ).first() or DutyPolicy.objects.create(site=site)
        if row.version != version:
            raise stale_edit(row)
        before, row.power_threshold_watts = row.power_threshold_watts, power_threshold_watts
        save_new_version(row, "power_threshold_watts")
        record_event(
            actor=actor,
            subject=site,
            kind="duty.policy_changed",
            data={"changes": {"power_threshold_watts": [before, power_threshold_watts]}},
        )
        return row


# -- serious events (MR-1, MR-5, MR-6) ----------------------------------------------------------


def report_event(
    actor,
    *,
    room: MachineRoom,
    kind: str,
    description: str,
    occurred_at: dt.datetime | None = None,
    measures: str = "",
) -> SeriousEvent:
    """MR-1: a serious event (theft, break-in, fire, flooding, 110 alarm, power outage) calls the
    on-call staff, the head and the maintainers to the site at once; each callout is recorded.
    MR-5/MR-6: a hazard is reported to the head and the maintainers with the measures taken."""
    site = room.site
    permissions.check(actor, "mr.event", site=site)
    now = timezone.now()
    occurred_at, errors = occurred_at or now, FieldErrors()
    errors.required(description=description)
    if kind not in EventKind.values:
        errors.add("kind", _("Choose one of the listed values."))
    elif kind in rules.HAZARD_KINDS and not measures.strip():
        errors.add(
            "measures",
            _("Say what was done about the hazard at once, and what is left for the head."),
        )
    if occurred_at > now + dt.timedelta(minutes=5):
        errors.add("occurred_at", _("The event cannot be in the future."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        event = SeriousEvent.objects.create(
            site=site,
            room=room,
            serial=allocate_serial(site=site, series=EVENT_SERIES, at=now),
            kind=kind,
            description=description.strip(),
            measures=measures.strip(),
            occurred_at=occurred_at,
            reported_by=actor,
            reported_at=now,
        )
        record_event(
            actor=actor,
            subject=event,
            kind="event.reported",
            data={
                "kind": kind,
                "room": room.name,
                "description": event.description,
                "measures": event.measures,
            },
        )
        if kind in rules.CALLOUT_KINDS:
            _call_out(event)
        else:
            tell(
                holders(site.pk, Role.IC_HEAD, Role.MR_MAINTAINER),
                event,
                Text(
                    N_("%(kind)s reported in %(room)s: %(serial)s"),
                    {"kind": choice_code(event, "kind"), "room": room, "serial": event.serial},
                ),
                event.description,
            )
        return event


def _call_out(event: SeriousEvent) -> None:
    now = event.reported_at
    callees = rules.callees(event.room, timezone.localdate(now))
    Callout.objects.bulk_create(
        Callout(site_id=event.site_id, event=event, person=p, on_call=on_call, called_at=now)
        for p, on_call in callees
    )
    record_event(
        actor=None,
        subject=event,
        kind="event.called_out",
        data={"people": [str(p) for p, _on_call in callees]},
    )
    tell(
        [p for p, _on_call in callees],
        event,
        Text(
            N_("URGENT %(kind)s in %(room)s: come to the site at once (%(serial)s)"),
            {"kind": choice_code(event, "kind"), "room": event.room, "serial": event.serial},
        ),
        event.description,
    )
    deadlines.schedule_at(
        subject=event, kind=K_CALLOUT, site=event.site, due_at=now + CALLOUT_CHASE
    )


def _open(event: SeriousEvent) -> None:
    if event.state != EventState.OPEN:
        raise Conflict(_("%(serial)s is closed.") % {"serial": event.serial}, rule="MR-1")


def _callout(event: SeriousEvent, person: User) -> Callout:
    """``person``'s callout for the open ``event``, locked with the event (MR-1)."""
    event = SeriousEvent.objects.select_for_update().get(pk=event.pk)
    _open(event)
    callout = Callout.objects.select_for_update().filter(event=event, person=person).first()
    if callout is None:
        raise Conflict(
            _("%(person)s was not called out for %(serial)s.")
            % {"person": person, "serial": event.serial},
            rule="MR-1",
        )
    return callout


def acknowledge_callout(actor, event: SeriousEvent) -> Callout:
    """MR-1: a person called out confirms they received the call and are on their way."""
    permissions.check(actor, "mr.desk", site=event.site)
    with transaction.atomic(durable=True):
        callout = _callout(event, actor)
        if callout.acknowledged_at is not None:
            raise Conflict(
                _("You acknowledged at %(time)s.") % {"time": local_time(callout.acknowledged_at)},
                rule="MR-1",
            )
        callout.acknowledged_at = timezone.now()
        callout.save(update_fields=["acknowledged_at"])
        record_event(
            actor=actor, subject=event, kind="event.acknowledged", data={"person": str(actor)}
        )
        return callout


def record_arrival(actor, event: SeriousEvent, *, person: User | None = None) -> Callout:
    """MR-1: a person called out arrived at the site (recorded by themselves, or by another
    member of the information center for them)."""
    person = person or actor
    permissions.check(actor, "mr.desk", site=event.site)
    with transaction.atomic(durable=True):
        callout = _callout(event, person)
        if callout.arrived_at is not None:
            raise Conflict(
                _("%(person)s arrived at %(time)s.")
                % {"person": person, "time": local_time(callout.arrived_at)},
                rule="MR-1",
            )
        callout.arrived_at = timezone.now()
        callout.acknowledged_at = callout.acknowledged_at or callout.arrived_at
        callout.save(update_fields=["arrived_at", "acknowledged_at"])
        record_event(actor=actor, subject=event, kind="event.arrived", data={"person": str(person)})
        return callout


def record_outage(
    actor,
    event: SeriousEvent,
    *,
    version: int,
    ups_on_battery: bool | None,
    generator_called_at: dt.datetime | None = None,
    generator_running_at: dt.datetime | None = None,
    power_restored_at: dt.datetime | None = None,
) -> SeriousEvent:
    """MR-5: the power-outage procedure as it was followed: did the UPS take over, when the
    generator was requested and running, when mains power came back."""

    def at_desk(who, row):
        permissions.check(who, "mr.desk", site=row.site)

    at_desk(actor, event)
    if event.kind != EventKind.POWER_OUTAGE:
        raise Conflict(
            _("Only a power outage records the UPS and generator procedure."), rule="MR-5"
        )
    errors = FieldErrors()
    if ups_on_battery is None:
        errors.add("ups_on_battery", _("Say whether the UPS took over."))
    rules.check_outage(
        errors, timezone.now(), generator_called_at, generator_running_at, power_restored_at
    )
    errors.raise_any()
    fields = {
        "ups_on_battery": ups_on_battery,
        "generator_called_at": generator_called_at,
        "generator_running_at": generator_running_at,
        "power_restored_at": power_restored_at,
    }

    def recorded(row, now):
        _open(row)
        return fields

    return take_step(
        actor,
        event,
        EVENT_OUTAGE,
        version=version,
        check=at_desk,
        values=recorded,
        event="event.outage_recorded",
        data=lambda row, before: {
            "changes": {
                k: [rules.shown(before[k]), rules.shown(v)]
                for k, v in fields.items()
                if before[k] != v
            }
        },
    )


def close_event(actor, event: SeriousEvent, *, version: int, outcome: str) -> SeriousEvent:
    """MR-1: the event is over; the outcome is recorded and everyone called out is told. A power
    outage closes only with its UPS answer and the time power came back (MR-5)."""
    require(actor, event, EVENT_CLOSE)
    if not outcome.strip():
        raise ValidationFailed(field_errors={"outcome": [_("Say how it ended and what was done.")]})

    def closed(row, now):
        rules.refuse_close_before_outage_recorded(row)
        return {"outcome": outcome.strip(), "closed_by": actor, "closed_at": now}

    def told(row, now, before):
        deadlines.cancel(row, K_CALLOUT)
        people = [c.person for c in row.callouts.select_related("person")]
        tell(
            [*people, row.reported_by],
            row,
            Text(N_("%(serial)s closed by %(person)s"), {"serial": row.serial, "person": actor}),
            row.outcome,
        )

    return take_step(
        actor,
        event,
        EVENT_CLOSE,
        version=version,
        values=closed,
        event="event.closed",
        data={"outcome": outcome.strip()},
        then=told,
    )


# -- power-use permits (MR-5) and fire-system changes (MR-6) -------------------------------------


def request_power(
    actor,
    *,
    room: MachineRoom,
    equipment: str,
    watts: int,
    supply: str,
    reason: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    organisation: str = "",
    lines_checked: bool = False,
) -> PowerPermit:
    """MR-5: ask the head's approval before using equipment above the site's wattage, or for an
    outside unit to use the machine room's power."""
    site = room.site
    permissions.check(actor, "mr.request", site=site)
    threshold, errors = policy(site).power_threshold_watts, FieldErrors()
    errors.required(equipment=equipment, supply=supply, reason=reason)
    if not watts or watts < 1:
        errors.add("watts", _("Give the equipment's power in watts."))
    elif watts <= threshold and not organisation.strip():
        errors.add(
            "watts",
            _(
                "Our own equipment up to %(watts)s W needs no permit; a permit is "
                "for more, or for an outside unit."
            )
            % {"watts": threshold},
        )
    if not lines_checked:
        errors.add(
            "lines_checked",
            _("Confirm that lines, connectors and protection are checked before switching on."),
        )
    rules.check_period(errors, starts_at, ends_at)
    errors.raise_any()
    with transaction.atomic(durable=True):
        record = new_request(
            PowerPermit,
            actor,
            site=site,
            series=POWER_SERIES,
            room=room,
            equipment=equipment.strip(),
            watts=watts,
            supply=supply.strip(),
            organisation=organisation.strip(),
            lines_checked=True,
            reason=reason.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
        )
        requested(
            actor,
            record,
            kind="power.requested",
            data={
                "equipment": record.equipment,
                "watts": watts,
                "organisation": record.organisation,
            },
            message=Text(
                N_(
                    "%(serial)s: %(equipment)s (%(watts)s W) in %(room)s, waiting for your approval"
                ),
                {
                    "serial": record.serial,
                    "equipment": record.equipment,
                    "watts": watts,
                    "room": room,
                },
            ),
            text=record.reason,
        )
        return record


def request_fire_change(
    actor,
    *,
    room: MachineRoom,
    kind: str,
    equipment: str,
    current: str,
    proposed: str,
    reason: str,
    safeguards: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
) -> FireChange:
    """MR-6: ask the head's approval before changing the fire system's working state or moving
    its equipment, with how fire safety is kept meanwhile."""
    site = room.site
    permissions.check(actor, "mr.request", site=site)
    errors = FieldErrors()
    errors.required(
        equipment=equipment,
        current=current,
        proposed=proposed,
        reason=reason,
        safeguards=safeguards,
    )
    if kind not in FireChangeKind.values:
        errors.add("kind", _("Choose one of the listed values."))
    rules.check_period(errors, starts_at, ends_at)
    errors.raise_any()
    with transaction.atomic(durable=True):
        record = new_request(
            FireChange,
            actor,
            site=site,
            series=FIRE_SERIES,
            room=room,
            kind=kind,
            equipment=equipment.strip(),
            current=current.strip(),
            proposed=proposed.strip(),
            reason=reason.strip(),
            safeguards=safeguards.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
        )
        requested(
            actor,
            record,
            kind="fire.requested",
            data={
                "kind": kind,
                "equipment": record.equipment,
                "current": record.current,
                "proposed": record.proposed,
            },
            message=Text(
                N_(
                    "%(serial)s: fire-system change of %(equipment)s in %(room)s, "
                    "waiting for your approval"
                ),
                {"serial": record.serial, "equipment": record.equipment, "room": room},
            ),
            text=record.reason,
        )
        return record


def _prefix(record) -> str:
    return "power" if isinstance(record, PowerPermit) else "fire"


def _end_kind(record) -> str:
    return K_POWER_END if isinstance(record, PowerPermit) else K_FIRE_END


def _permit_step(actor, record: Permit, name: str, *, version: int, note: str, values) -> Permit:
    """Step ``name`` of a permit (``take_step``), audited as ``power.<step>`` or
    ``fire.<step>``; then its clock and the requester (``_after_step``)."""
    return take_step(
        actor,
        record,
        rules.steps_of(record)[name],
        version=version,
        event=f"{_prefix(record)}.{name}",
        values=values,
        data={"note": note},
        then=lambda row, now, before: _after_step(row, name, note),
    )


def _after_step(record, name: str, note: str) -> None:
    if name == "approve":
        deadlines.schedule_at(
            subject=record, kind=_end_kind(record), site=record.site, due_at=record.ends_at
        )
    elif name in ("finish", "cancel"):
        deadlines.cancel(record, _end_kind(record))
    if name in ("approve", "refuse"):
        tell(
            [record.requested_by],
            record,
            Text(
                N_("%(serial)s (%(equipment)s): %(state)s"),
                {
                    "serial": record.serial,
                    "equipment": record.equipment,
                    "state": choice_code(record, "state"),
                },
            ),
            note,
        )


def _ending(note: str):
    return lambda row, now: {"finished_at": now, "finish_note": note}


def approve_permit(actor, record: Permit, *, version: int, note: str = "") -> Permit:
    """MR-5/MR-6: the information-center head approves; the requester is told."""
    note = note.strip()
    return _permit_step(
        actor, record, "approve", version=version, note=note, values=decision(actor, note)
    )


def refuse_permit(actor, record: Permit, *, version: int, note: str = "") -> Permit:
    """MR-5/MR-6: the head refuses, with the reason the requester is told."""
    note = reason_of_refusal(note)
    return _permit_step(
        actor, record, "refuse", version=version, note=note, values=decision(actor, note)
    )


def finish_permit(actor, record: Permit, *, version: int, note: str = "") -> Permit:
    """MR-5/MR-6: the work is over: the equipment is disconnected, or the fire system is back in
    its working state (or its equipment in the approved place), said in the note."""
    if not note.strip():
        raise ValidationFailed(
            field_errors={
                "note": [_("Say how it was left: equipment disconnected, fire system restored.")]
            }
        )
    note = note.strip()
    return _permit_step(actor, record, "finish", version=version, note=note, values=_ending(note))


def cancel_permit(actor, record: Permit, *, version: int, note: str = "") -> Permit:
    """Whoever asked, or the information center, withdraws a permit no longer needed."""
    if not may_withdraw(actor, record):
        raise PermissionDenied(
            _("Only the person who asked, or the information center, can cancel %(serial)s.")
            % {"serial": record.serial},
            rule=rules.steps_of(record)["cancel"].rule,
        )
    note = note.strip()
    return _permit_step(actor, record, "cancel", version=version, note=note, values=_ending(note))
