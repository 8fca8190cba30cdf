"""The rules of inspections (MR-9, MR-10): what a checklist, its items and a schedule must be,
how a recurrence rule is read, what was entered on a round and what it still lacks, and how a
failed item reads on its work order. The services refuse with these reasons."""

import datetime as dt

from dateutil.rrule import rrulestr
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core.exceptions import ValidationFailed
from infocenter.core.models import Department
from infocenter.core.validators import FieldErrors

from ..choices import ChecklistTarget, ItemKind, ResultOutcome
from ..models import Checklist, InspectionResult, InspectionRound
from ..models.inspections import number

MAX_DUE_HOURS = 24 * 31


def check_checklist(
    errors: FieldErrors, *, site, name, target, room, device, department, exclude=None
) -> None:
    """MR-9: what a checklist must be: named once per site, covering a room or a device of the site."""
    errors.required(name=name)
    if target not in ChecklistTarget.values:
        errors.add("target", _("Choose one of the listed values."))
    elif target == ChecklistTarget.AREA and room is None:
        errors.add("room", _("Choose the machine room this checklist covers."))
    elif target == ChecklistTarget.DEVICE and not (device or "").strip():
        errors.add("device", _("Name the device this checklist covers."))
    if room is not None and room.site_id != site.pk:
        errors.add("room", _("Choose a machine room of this site."))
    if department is not None and department.site_id != site.pk:
        errors.add("department", _("The department belongs to another site."))
    same = Checklist.objects.filter(site=site, name=(name or "").strip()).exclude(
        pk=getattr(exclude, "pk", None)
    )
    if (name or "").strip() and same.exists():
        errors.add("name", _("This site already has a checklist of that name."))


def checklist_fields(*, name, target, room, device, department) -> dict:
    """A checklist's fields as saved: the name trimmed, the room only for an area, the device
    only for a device."""
    return {
        "name": name.strip(),
        "target": target,
        "room": room if target == ChecklistTarget.AREA else None,
        "device": device.strip() if target == ChecklistTarget.DEVICE else "",
        "department": department,
    }


def check_item(errors: FieldErrors, *, label, kind, unit, min_value, max_value) -> None:
    """MR-9: what a checklist item must be: a check, or a reading with its unit and a sound range."""
    errors.required(label=label)
    if kind not in ItemKind.values:
        errors.add("kind", _("Choose one of the listed values."))
    if kind == ItemKind.READING:
        if min_value is None and max_value is None:
            errors.add(
                "min_value",
                _("A reading needs its normal range: a lowest or a highest value, or both."),
            )
        if not (unit or "").strip():
            errors.add("unit", _("Give the reading's unit (°C, %, V …)."))
    if min_value is not None and max_value is not None and min_value > max_value:
        errors.add("max_value", _("The highest normal value is below the lowest."))


def clean_rule(raw: str) -> str:
    """An RFC 5545 RRULE as typed ("RRULE:" prefix optional), refused unless it parses and
    recurs at most hourly within the next two years."""
    rule = (raw or "").strip().removeprefix("RRULE:").strip()
    if not rule:
        raise ValidationFailed(field_errors={"rule": [_("This field is required.")]})
    try:
        start = timezone.localtime().replace(tzinfo=None)
        upcoming = rrulestr(
            rule, dtstart=start.replace(hour=0, minute=0, second=0, microsecond=0)
        ).xafter(start, count=2)
        first, second = list(upcoming)
    except (ValueError, TypeError):
        raise ValidationFailed(
            field_errors={
                "rule": [
                    _(
                        "Not a recurrence rule this system understands, e.g. FREQ=DAILY;BYHOUR=8;BYMINUTE=0."
                    )
                ]
            }
        ) from None
    if second - first < dt.timedelta(hours=1) or first - start > dt.timedelta(days=731):
        raise ValidationFailed(
            field_errors={"rule": [_("Rounds recur at most hourly and at least every two years.")]}
        )
    return rule


def check_schedule(errors: FieldErrors, *, name, rule, due_hours) -> str:
    """MR-9: what a schedule must be; the recurrence rule as cleaned (``clean_rule``)."""
    errors.required(name=name)
    try:
        rule = clean_rule(rule)
    except ValidationFailed as exc:
        errors.update(exc.field_errors)
    if not due_hours or not 1 <= int(due_hours) <= MAX_DUE_HOURS:
        errors.add("due_hours", _("Between 1 hour and 31 days (744 hours)."))
    return rule


MAX_PHOTOS = 10  # of one item in one save: the item's shots, not a gallery dump


def parse_entry(errors: FieldErrors, result: InspectionResult, entry: dict) -> dict:
    """The outcome of one item from what was entered (a key left out keeps its value): a
    reading decides the outcome by its range."""
    key = f"r{result.pk}"
    if len(entry.get("photos") or ()) > MAX_PHOTOS:
        errors.add(f"{key}_photo", _("At most %(n)d photos at once.") % {"n": MAX_PHOTOS})
    if result.kind == ItemKind.READING:
        reading = entry.get("reading", result.reading)
        if reading is None:
            return {"outcome": ResultOutcome.PENDING, "reading": None}
        return {
            "outcome": ResultOutcome.FAIL if result.out_of_range(reading) else ResultOutcome.PASS,
            "reading": reading,
        }
    outcome = entry.get("outcome", result.outcome) or ResultOutcome.PENDING
    if outcome not in ResultOutcome.values:
        errors.add(f"{key}_outcome", _("Choose one of the listed values."))
    return {"outcome": outcome, "reading": None}


def what_is_missing(result: InspectionResult, has_photo: bool) -> tuple[str, str] | None:
    """What a submitted round still lacks on ``result`` (its field and message), or None."""
    key = f"r{result.pk}"
    if result.outcome == ResultOutcome.PENDING:
        field = "reading" if result.kind == ItemKind.READING else "outcome"
        return f"{key}_{field}", (
            _("Enter the reading.") if field == "reading" else _("Choose normal or fault.")
        )
    if result.photo_required and not has_photo:
        return f"{key}_photo", _("This item needs a photo.")
    if result.outcome == ResultOutcome.FAIL and result.kind == ItemKind.CHECK and not result.note:
        return f"{key}_note", _("Describe the fault: it goes on the work order.")
    return None


def unfinished(missing: list[tuple[str, str]]) -> ValidationFailed:
    """The refusal of a round submitted while items still lack something (``what_is_missing``
    of each); what was entered is kept."""
    return ValidationFailed(
        _(
            "The round cannot be finished: items still lack a result, photo or description "
            "(%(count)s). What you entered is saved."
        )
        % {"count": len(missing)},
        field_errors={k: [v] for k, v in missing},
        rule="MR-9",
    )


def order_content(record: InspectionRound, result: InspectionResult) -> str:
    """What the work order of a failed item says (MR-9)."""
    content = _("Inspection %(serial)s %(checklist)s: %(item)s — %(finding)s. %(note)s") % {
        "serial": record.serial,
        "checklist": record.title,
        "item": result.label,
        "finding": finding(result),
        "note": result.note,
    }
    return content.strip()


def finding(result: InspectionResult) -> str:
    """What was found on a failed item, as the work order says it."""
    if result.kind == ItemKind.READING:
        return _("reading %(value)s %(unit)s, normal %(range)s") % {
            "value": number(result.reading),
            "unit": result.unit,
            "range": result.normal_range,
        }
    return _("fault")


def default_department(site_id: int) -> Department | None:
    """Where a failed check's work order goes when the checklist names no department: the
    site's engineering department (工程部, code gc), else the information center (xx)."""
    found = {d.code: d for d in Department.objects.filter(site_id=site_id, code__in=("gc", "xx"))}
    return found.get("gc") or found.get("xx")
