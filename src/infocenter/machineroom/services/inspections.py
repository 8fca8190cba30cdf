"""Every write of checklists, schedules and inspection rounds (MR-9, MR-10).

Checklists (巡检表) are kept by the head and the maintainers; a schedule's recurrence rule makes
one round per occurrence (the worker, idempotently), due some hours later, the head told when
it is late. A round copies its checklist's items, so later edits never change it. A fault or a
reading out of range opens a service-desk work order for that item, linked both ways, once.
Core-device alarms and network faults are in ``incidents``."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, permissions, recurring
from infocenter.core.attachments import store_images
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Department, Site
from infocenter.core.numbering import allocate_serial
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.services import add_audited, lock_for_change, save_new_version
from infocenter.core.texts import Text
from infocenter.core.validators import FieldErrors
from infocenter.core.workflows import require, take_step
from infocenter.servicedesk.services import open_order_for_rule_within

from ..choices import ItemKind, ResultOutcome
from ..choices import RoundState as RS
from ..models import (
    Checklist,
    ChecklistItem,
    InspectionResult,
    InspectionRound,
    InspectionSchedule,
    MachineRoom,
)
from ..rules import inspections as rules
from ..workflows import ROUND_STEPS
from .common import ask_the_head, schedule_with_warning

ROUND_SERIES = "XJ"
K_NEXT = "mr.round_next"
K_DUE = "mr.round_due"


# -- checklists ---------------------------------------------------------------------------------


def add_checklist(
    actor,
    *,
    site: Site,
    name: str,
    target: str,
    room: MachineRoom | None = None,
    device: str = "",
    department: Department | None = None,
) -> Checklist:
    """MR-9: a new checklist for a machine room or a device; items are added next."""
    permissions.check(actor, "mr.checklists", site=site)
    errors = FieldErrors()
    rules.check_checklist(
        errors, site=site, name=name, target=target, room=room, device=device, department=department
    )
    errors.raise_any()
    fields = rules.checklist_fields(
        name=name, target=target, room=room, device=device, department=department
    )
    return add_audited(
        actor,
        Checklist,
        event="checklist.added",
        data=lambda checklist: {"name": checklist.name, "covers": checklist.covers},
        site=site,
        **fields,
    )


def update_checklist(
    actor,
    checklist: Checklist,
    *,
    version: int,
    name: str,
    target: str,
    room: MachineRoom | None = None,
    device: str = "",
    department: Department | None = None,
    active: bool = True,
) -> Checklist:
    """MR-9: rename, retarget or retire a checklist. Rounds already made keep what they had."""
    permissions.check(actor, "mr.checklists", site=checklist.site)
    errors = FieldErrors()
    rules.check_checklist(
        errors,
        site=checklist.site,
        name=name,
        target=target,
        room=room,
        device=device,
        department=department,
        exclude=checklist,
    )
    errors.raise_any()
    fields = rules.checklist_fields(
        name=name, target=target, room=room, device=device, department=department
    ) | {"active": bool(active)}
    with transaction.atomic(durable=True):
        checklist = lock_for_change(Checklist, checklist, version)
        before = {"name": checklist.name, "covers": checklist.covers, "active": checklist.active}
        for field, value in fields.items():
            setattr(checklist, field, value)
        save_new_version(checklist, *fields)
        record_event(
            actor=actor,
            subject=checklist,
            kind="checklist.changed",
            data={
                "before": before,
                "after": {
                    "name": checklist.name,
                    "covers": checklist.covers,
                    "active": checklist.active,
                },
            },
        )
        return checklist


def add_checklist_item(
    actor,
    checklist: Checklist,
    *,
    version: int,
    label: str,
    kind: str,
    unit: str = "",
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    photo_required: bool = False,
    guidance: str = "",
) -> ChecklistItem:
    """MR-9: a check or a reading at the end of the checklist."""
    permissions.check(actor, "mr.checklists", site=checklist.site)
    errors = FieldErrors()
    rules.check_item(
        errors, label=label, kind=kind, unit=unit, min_value=min_value, max_value=max_value
    )
    errors.raise_any()
    reading = kind == ItemKind.READING
    min_value, max_value = (None if v is None else Decimal(str(v)) for v in (min_value, max_value))
    with transaction.atomic(durable=True):
        checklist = lock_for_change(Checklist, checklist, version)
        last = checklist.items.order_by("-position").values_list("position", flat=True).first() or 0
        item = ChecklistItem.objects.create(
            site_id=checklist.site_id,
            checklist=checklist,
            position=last + 1,
            label=label.strip(),
            kind=kind,
            unit=unit.strip() if reading else "",
            min_value=min_value if reading else None,
            max_value=max_value if reading else None,
            photo_required=bool(photo_required),
            guidance=guidance.strip(),
        )
        save_new_version(checklist)
        record_event(
            actor=actor,
            subject=checklist,
            kind="checklist.item_added",
            data={
                "item": item.label,
                "kind": kind,
                "range": item.normal_range,
                "photo": item.photo_required,
            },
        )
        return item


def remove_checklist_item(actor, item: ChecklistItem, *, version: int) -> Checklist:
    """MR-9: take an item off the checklist (rounds already made keep it)."""
    checklist = item.checklist
    permissions.check(actor, "mr.checklists", site=checklist.site)
    with transaction.atomic(durable=True):
        checklist = lock_for_change(Checklist, checklist, version)
        label = item.label
        ChecklistItem.objects.filter(pk=item.pk, checklist=checklist).delete()
        save_new_version(checklist)
        record_event(
            actor=actor, subject=checklist, kind="checklist.item_removed", data={"item": label}
        )
        return checklist


def move_checklist_item(actor, item: ChecklistItem, *, version: int, up: bool) -> Checklist:
    """MR-9: move an item one place up or down the checklist (the order rounds are done in)."""
    checklist = item.checklist
    permissions.check(actor, "mr.checklists", site=checklist.site)
    with transaction.atomic(durable=True):
        checklist = lock_for_change(Checklist, checklist, version)
        items = list(checklist.items.order_by("position"))
        at = next((i for i, found in enumerate(items) if found.pk == item.pk), None)
        other = None if at is None else at - 1 if up else at + 1
        if other is None or not 0 <= other < len(items):
            raise Conflict(_("The item cannot move further."), rule="MR-9")
        first, second = items[at], items[other]
        first.position, second.position = second.position, first.position
        ChecklistItem.objects.bulk_update([first, second], ["position"])
        save_new_version(checklist)
        record_event(
            actor=actor,
            subject=checklist,
            kind="checklist.item_moved",
            data={"item": first.label, "position": first.position},
        )
        return checklist


# -- schedules ----------------------------------------------------------------------------------


def _schedule_next(schedule: InspectionSchedule, *, after: dt.datetime) -> None:
    deadlines.cancel(schedule, K_NEXT)
    schedule.next_at = recurring.next_occurrence(schedule.rule, after) if schedule.active else None
    schedule.save(update_fields=["next_at"])
    if schedule.next_at is not None:
        deadlines.schedule_at(
            subject=schedule, kind=K_NEXT, site=schedule.site, due_at=schedule.next_at
        )


def add_schedule(
    actor, *, checklist: Checklist, name: str, rule: str, due_hours: int = 10
) -> InspectionSchedule:
    """MR-9: rounds of ``checklist`` at each occurrence of ``rule`` (local time), each due
    ``due_hours`` later. The worker makes them."""
    permissions.check(actor, "mr.checklists", site=checklist.site)
    errors = FieldErrors()
    rule = rules.check_schedule(errors, name=name, rule=rule, due_hours=due_hours)
    if not checklist.active:
        errors.add("checklist", _("The checklist is no longer in use."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        schedule = InspectionSchedule.objects.create(
            site=checklist.site,
            checklist=checklist,
            name=name.strip(),
            rule=rule,
            due_hours=int(due_hours),
        )
        _schedule_next(schedule, after=timezone.now())
        record_event(
            actor=actor,
            subject=schedule,
            kind="schedule.added",
            data={"checklist": checklist.name, "rule": rule, "due_hours": schedule.due_hours},
        )
        return schedule


def update_schedule(
    actor, schedule: InspectionSchedule, *, version: int, name: str, rule: str, due_hours: int
) -> InspectionSchedule:
    """MR-9: a new rule or time allowed; the next round follows the new rule, rounds already
    made keep their due time."""
    permissions.check(actor, "mr.checklists", site=schedule.site)
    errors = FieldErrors()
    rule = rules.check_schedule(errors, name=name, rule=rule, due_hours=due_hours)
    errors.raise_any()
    with transaction.atomic(durable=True):
        schedule = lock_for_change(InspectionSchedule, schedule, version)
        before = {"name": schedule.name, "rule": schedule.rule, "due_hours": schedule.due_hours}
        schedule.name, schedule.rule, schedule.due_hours = name.strip(), rule, int(due_hours)
        save_new_version(schedule, "name", "rule", "due_hours")
        _schedule_next(schedule, after=timezone.now())
        record_event(
            actor=actor,
            subject=schedule,
            kind="schedule.changed",
            data={
                "before": before,
                "after": {"name": schedule.name, "rule": rule, "due_hours": schedule.due_hours},
            },
        )
        return schedule


def set_schedule_active(
    actor, schedule: InspectionSchedule, *, version: int, active: bool
) -> InspectionSchedule:
    """MR-9: pause a schedule (no more rounds) or resume it from the next occurrence."""
    permissions.check(actor, "mr.checklists", site=schedule.site)
    with transaction.atomic(durable=True):
        schedule = lock_for_change(InspectionSchedule, schedule, version)
        if schedule.active == bool(active):
            raise Conflict(
                _("%(schedule)s is already %(state)s.")
                % {"schedule": schedule, "state": _("in use") if active else _("paused")},
                rule="MR-9",
            )
        schedule.active = bool(active)
        save_new_version(schedule, "active")
        _schedule_next(schedule, after=timezone.now())
        record_event(
            actor=actor,
            subject=schedule,
            kind="schedule.resumed" if active else "schedule.paused",
            data={"next_at": schedule.next_at},
        )
        return schedule


# -- rounds -------------------------------------------------------------------------------------


def _make_round(
    checklist: Checklist,
    *,
    occurs_at: dt.datetime,
    due_at: dt.datetime,
    schedule: InspectionSchedule | None,
    now: dt.datetime,
) -> InspectionRound:
    record = InspectionRound.objects.create(
        site=checklist.site,
        serial=allocate_serial(site=checklist.site, series=ROUND_SERIES, at=occurs_at),
        checklist=checklist,
        schedule=schedule,
        title=checklist.name,
        covers=checklist.covers[:120],
        department=checklist.department or rules.default_department(checklist.site_id),
        occurs_at=occurs_at,
        due_at=due_at,
    )
    InspectionResult.objects.bulk_create(
        [
            InspectionResult(
                site=record.site,
                round=record,
                position=i.position,
                label=i.label,
                kind=i.kind,
                unit=i.unit,
                min_value=i.min_value,
                max_value=i.max_value,
                photo_required=i.photo_required,
                guidance=i.guidance,
            )
            for i in checklist.items.all()
        ]
    )
    schedule_with_warning(record, K_DUE, due_at=due_at, warn_before=dt.timedelta(hours=1), now=now)
    tell(
        holders(record.site_id, Role.MR_MAINTAINER),
        record,
        Text(
            N_("Inspection round %(serial)s %(checklist)s: due by %(time)s"),
            {
                "serial": record.serial,
                "checklist": record.title,
                "time": f"{timezone.localtime(due_at):%m-%d %H:%M}",
            },
        ),
    )
    return record


def start_round(
    actor, *, checklist: Checklist, due_at: dt.datetime | None = None
) -> InspectionRound:
    """MR-9: a round outside the schedule (after a repair, before an inspection visit)."""
    permissions.check(actor, "mr.inspect", site=checklist.site)
    now = timezone.now()
    due_at = due_at or now + dt.timedelta(hours=4)
    errors = FieldErrors()
    if not checklist.active:
        errors.add("checklist", _("The checklist is no longer in use."))
    elif not checklist.items.exists():
        errors.add("checklist", _("The checklist has no items yet."))
    if due_at <= now:
        errors.add("due_at", _("Choose a time in the future."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        record = _make_round(checklist, occurs_at=now, due_at=due_at, schedule=None, now=now)
        record_event(
            actor=actor, subject=record, kind="round.started", data={"checklist": checklist.name}
        )
        return record


def generate_round(
    schedule: InspectionSchedule, *, occurs_at: dt.datetime, now: dt.datetime
) -> InspectionRound | None:
    """The worker's step (inside its transaction): the round of ``schedule`` for the occurrence
    at ``occurs_at``, made once; None when it exists, the schedule or checklist is retired or
    the checklist has no items."""
    schedule = (
        InspectionSchedule.objects.select_for_update()
        .select_related("checklist__site")
        .get(pk=schedule.pk)
    )
    if (
        not schedule.active
        or not schedule.checklist.active
        or not schedule.checklist.items.exists()
    ):
        return None
    if InspectionRound.objects.filter(schedule=schedule, occurs_at=occurs_at).exists():
        return None
    record = _make_round(
        schedule.checklist,
        occurs_at=occurs_at,
        schedule=schedule,
        now=now,
        due_at=occurs_at + dt.timedelta(hours=schedule.due_hours),
    )
    record_event(
        actor=None,
        subject=record,
        kind="round.generated",
        data={"schedule": schedule.name, "occurs_at": occurs_at, "due_at": record.due_at},
    )
    return record


def next_round_due(schedule_id: int, *, occurs_at: dt.datetime, now: dt.datetime) -> None:
    """The worker at an occurrence of a schedule: make its round, then set the next occurrence."""
    schedule = InspectionSchedule.objects.select_for_update().get(pk=schedule_id)
    if (
        schedule.next_at != occurs_at
    ):  # edited or paused since this clock was set: its new clock rules
        return
    generate_round(schedule, occurs_at=occurs_at, now=now)
    _schedule_next(schedule, after=max(now, occurs_at))


def _store(
    actor, record: InspectionRound, result: InspectionResult, entry: dict, parsed: dict, now
) -> None:
    result.outcome, result.reading = parsed["outcome"], parsed["reading"]
    result.note = (entry.get("note", result.note) or "").strip()[:300]
    uploads = entry.get("photos") or ([entry["photo"]] if entry.get("photo") else [])
    if uploads:  # all kept or none, the refused file named; the item shows the latest
        result.photo = store_images(
            actor=actor,
            subject=result,
            site=record.site,
            uploads=uploads,
            field=f"r{result.pk}_photo",
        )[-1]
    result.recorded_by, result.recorded_at = actor, now
    result.save(update_fields=["outcome", "reading", "note", "photo", "recorded_by", "recorded_at"])


def record_results(
    actor,
    record: InspectionRound,
    *,
    version: int,
    entries: dict,
    submit: bool = False,
    note: str = "",
) -> InspectionRound:
    """MR-9: save what was found on each item (``entries``: result id → outcome, reading, note,
    ``photos`` (or one ``photo``)); with ``submit`` the round is finished, refused while any item lacks its result, its
    photo or a fault's description. Each fault then opens its work order, and the round is final."""
    require(actor, record, ROUND_STEPS["record"])
    with transaction.atomic(durable=True):
        record = lock_for_change(InspectionRound, record, version)
        require(actor, record, ROUND_STEPS["record"])
        results = list(record.results.select_for_update().order_by("position"))
        errors = FieldErrors()
        parsed = {
            r.pk: rules.parse_entry(errors, r, entries[r.pk]) for r in results if r.pk in entries
        }
        unknown = set(entries) - {r.pk for r in results}
        if unknown:
            errors.add("entries", _("Some items are not on this round."))
        errors.raise_any()
        now = timezone.now()
        for result in results:
            if result.pk in entries:
                _store(actor, record, result, entries[result.pk], parsed[result.pk], now)
        missing = (
            [m for m in (rules.what_is_missing(r, r.photo_id is not None) for r in results) if m]
            if submit
            else []
        )
        if submit and not missing:
            _submit(actor, record, results, note=note, now=now)
        else:
            save_new_version(record)
            record_event(
                actor=actor, subject=record, kind="round.saved", data={"items": len(parsed)}
            )
    if missing:  # what was entered is kept; the refusal names what is still missing
        raise rules.unfinished(missing)
    return record


def _submit(actor, record: InspectionRound, results: list, *, note: str, now) -> None:
    record.state, record.submitted_by, record.submitted_at, record.note = (
        RS.DONE,
        actor,
        now,
        note.strip(),
    )
    save_new_version(record, "state", "submitted_by", "submitted_at", "note")
    deadlines.complete(record, K_DUE, at=now)
    failed = [r for r in results if r.outcome == ResultOutcome.FAIL]
    for result in failed:
        _open_order(actor, record, result)
    record_event(
        actor=actor,
        subject=record,
        kind="round.done",
        data={"items": len(results), "faults": [r.label for r in failed]},
    )
    if failed:
        ask_the_head(
            record,
            Text(
                N_("Inspection round %(serial)s found faults; work orders opened: %(count)s"),
                {"serial": record.serial, "count": len(failed)},
            ),
            "、".join(r.label for r in failed),
        )


def _open_order(actor, record: InspectionRound, result: InspectionResult) -> None:
    """One work order per failed item (MR-9), never a second one for the same item."""
    if result.form_id is not None:
        return
    form = open_order_for_rule_within(
        actor,
        site=record.site,
        rule="MR-9",
        reporter_name=str(actor),
        content=rules.order_content(record, result),
        location=record.covers[:100],
        department=record.department,
        instructions=_("Raised by inspection round %(serial)s.") % {"serial": record.serial},
    )
    result.form, result.order = form, form.orders.order_by("pk").first()
    result.save(update_fields=["form", "order"])
    record_event(
        actor=actor,
        subject=record,
        kind="round.order_opened",
        data={
            "item": result.label,
            "form": form.serial,
            "order": getattr(result.order, "serial", ""),
        },
    )


def cancel_round(actor, record: InspectionRound, *, version: int, note: str) -> InspectionRound:
    """MR-9: the head (or a maintainer keeping checklists) calls a round off, with the reason."""
    step = ROUND_STEPS["cancel"]
    require(actor, record, step)
    if not (note or "").strip():
        raise ValidationFailed(field_errors={"note": [_("Give the reason.")]})
    return take_step(
        actor,
        record,
        step,
        version=version,
        event="round.cancelled",
        values={"note": note.strip()},
        data={"note": note.strip()},
        then=lambda row, now, before: deadlines.cancel(row, K_DUE),
    )
