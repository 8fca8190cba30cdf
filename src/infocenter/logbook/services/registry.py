"""The information registry (LOG-3, F5): the departments' changes (outages, repairs, events,
notices), on the "now" board while in force; late reports flagged and counted."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, outbox, permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import Building, Department, Site
from infocenter.core.numbering import allocate_serial
from infocenter.core.selectors import holders
from infocenter.core.services import save_new_version
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import require, take_step

from .. import workflows
from ..choices import EntryKind, EntryState, ReportChannel
from ..models import AffectedBuilding, RegistryEntry
from .policy import policy

ENTRY_SERIES = "DJ"
K_ENTRY_END = "lb.entry_end"


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
    errors = FieldErrors()
    errors.choice("kind", kind, EntryKind)
    errors.choice("channel", channel, ReportChannel)
    errors.required(title=title, reported_by=reported_by)
    if department.site_id != site.pk:
        errors.add("department", _("The department belongs to another site."))
    if any(b.site_id != site.pk for b in buildings):
        errors.add("buildings", _("A building belongs to another site."))
    if changed_at > now + dt.timedelta(minutes=5):
        errors.add("changed_at", _("The time cannot be in the future."))
    if ends_at is not None and ends_at <= starts_at:
        errors.add("ends_at", _("The end must come after the start."))
    errors.raise_any()
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
        AffectedBuilding.objects.bulk_create(
            AffectedBuilding(site=site, registryentry=entry, building=b) for b in buildings
        )
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
            outbox.tell(
                holders(site.pk, Role.PROCESSOR),
                entry,
                Text(
                    N_("%(department)s reported: %(title)s"),
                    {"department": department.name, "title": entry.title},
                ),
                entry.details,
            )
        if entry.late:
            outbox.tell(
                holders(site.pk, Role.CS_MANAGER),
                entry,
                Text(
                    N_("%(department)s reported %(serial)s %(minutes)s minutes late"),
                    {
                        "department": department.name,
                        "serial": entry.serial,
                        "minutes": late_minutes,
                    },
                ),
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

    def then(row, now, before):
        deadlines.cancel(row, K_ENTRY_END)
        _schedule_end(row)

    return take_step(
        actor,
        entry,
        step,
        version=version,
        event="entry.rescheduled",
        values={"starts_at": starts_at, "ends_at": ends_at},
        data=lambda row, before: {
            "changes": {
                "starts_at": [before["starts_at"], starts_at],
                "ends_at": [before["ends_at"], ends_at],
            }
        },
        then=then,
    )


def end_entry(actor, entry: RegistryEntry, *, version: int, note: str = "") -> RegistryEntry:
    """LOG-3: the change is over now (water back on); the entry leaves the "now" board."""
    return _close_entry(actor, entry, version=version, step="end", note=note)


def withdraw_entry(actor, entry: RegistryEntry, *, version: int, note: str) -> RegistryEntry:
    """LOG-3: the change will not happen (the outage was called off), with the reason."""
    if not note.strip():
        raise ValidationFailed(field_errors={"note": [_("Give the reason.")]})
    return _close_entry(actor, entry, version=version, step="withdraw", note=note)


def _close_entry(actor, entry, *, version, step, note):
    step = workflows.ENTRY_STEPS[step]

    def values(row, now):
        closed = {"ended_at": now, "end_note": note.strip()}
        if step.target == EntryState.ENDED and (row.ends_at is None or row.ends_at > now):
            closed["ends_at"] = max(now, row.starts_at + dt.timedelta(seconds=1))
        return closed

    return take_step(
        actor,
        entry,
        step,
        version=version,
        event=f"entry.{step.target}",
        values=values,
        data=lambda row, before: {"note": row.end_note},
        then=lambda row, now, before: deadlines.cancel(row, K_ENTRY_END),
    )


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
