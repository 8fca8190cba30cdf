"""The residents register (业户, LOG-4): owners and residents the control room finds by phone,
name, pinyin, initials or address; corrected with versions, moved out with their dates (the flat
keeps its past residents), duplicates merged, and loaded from Excel all or nothing."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.audit import record_event
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Room, Site
from infocenter.core.pinyin import initials, spelled
from infocenter.core.services.records import lock_for_change, save_new_version
from infocenter.core.validators import FieldErrors, clean_phone

from ..addresses import key
from ..choices import ReporterKind, ResidentState
from ..models import Resident, ServiceForm

EDITABLE = ("name", "phone", "phone2", "kind", "room", "note", "moved_in_on")
IMPORT_CHUNK = 500


def new_resident(
    actor,
    *,
    site: Site,
    name: str,
    phone: str,
    kind: str,
    room: Room | None,
    phone2: str = "",
    note: str = "",
    moved_in_on: dt.date | None = None,
) -> Resident:
    """A resident added to the register inside the caller's transaction, input already checked
    (intake adds a caller not yet in the register)."""
    resident = Resident.objects.create(
        site=site,
        name=name,
        phone=phone,
        phone2=phone2,
        kind=kind,
        room=room,
        note=note,
        moved_in_on=moved_in_on,
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


def _resident_errors(*, site, name, phone, phone2, kind, room, note) -> tuple:
    errors = FieldErrors()
    phone = clean_phone(phone, "phone", errors)
    phone2 = clean_phone(phone2, "phone2", errors) if phone2 else ""
    if not name.strip():
        errors.add("name", _("Enter the name."))
    elif len(name.strip()) > 50:
        errors.add("name", _("At most 50 characters."))
    if len(note) > 200:
        errors.add("note", _("At most 200 characters."))
    errors.choice("kind", kind, ReporterKind)
    if room is not None and room.unit.building.site_id != site.pk:
        errors.add("room", _("The room belongs to another site."))
    return errors, phone, phone2


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
    moved_in_on: dt.date | None = None,
) -> Resident:
    """Add an owner or resident to the register (业户)."""
    permissions.check(actor, "sd.residents", site=site)
    errors, phone, phone2 = _resident_errors(
        site=site, name=name, phone=phone, phone2=phone2, kind=kind, room=room, note=note
    )
    errors.raise_any(rule="LOG-4")
    with transaction.atomic(durable=True):
        return new_resident(
            actor,
            site=site,
            name=name.strip(),
            phone=phone,
            kind=kind,
            room=room,
            phone2=phone2,
            note=note.strip(),
            moved_in_on=moved_in_on,
        )


def update_resident(
    actor,
    resident: Resident,
    *,
    version: int,
    name: str,
    phone: str,
    kind: str,
    room: Room | None,
    phone2: str = "",
    note: str = "",
    moved_in_on: dt.date | None = None,
) -> Resident:
    """LOG-4: correct a resident; a stale edit is refused and nothing is overwritten; a merged
    duplicate is read-only (its kept resident is edited instead)."""
    permissions.check(actor, "sd.residents", site=resident.site_id)
    errors, phone, phone2 = _resident_errors(
        site=resident.site, name=name, phone=phone, phone2=phone2, kind=kind, room=room, note=note
    )
    if moved_in_on and resident.moved_out_on and moved_in_on > resident.moved_out_on:
        errors.add("moved_in_on", _("The move-in date is after the move-out date."))
    errors.raise_any(rule="LOG-4")
    with transaction.atomic(durable=True):
        resident = lock_for_change(Resident, resident, version)
        _refuse_merged(resident)
        new = {
            "name": name.strip(),
            "phone": phone,
            "phone2": phone2,
            "kind": kind,
            "room": room,
            "note": note.strip(),
            "moved_in_on": moved_in_on,
        }
        changes = {
            k: [str(getattr(resident, k) or ""), str(v or "")]
            for k, v in new.items()
            if getattr(resident, k) != v
        }
        for field, value in new.items():
            setattr(resident, field, value)
        resident.name_pinyin, resident.name_initials = spelled(new["name"]), initials(new["name"])
        save_new_version(resident, *EDITABLE, "name_pinyin", "name_initials")
        record_event(
            actor=actor, subject=resident, kind="resident.changed", data={"changes": changes}
        )
        return resident


def move_out_resident(
    actor, resident: Resident, *, version: int, moved_out_on: dt.date | None = None
) -> Resident:
    """LOG-4: a resident leaves the flat; the register keeps them as the flat's history with
    their dates. Only a current resident moves out, not before moving in nor in the future."""
    permissions.check(actor, "sd.residents", site=resident.site_id)
    moved_out_on = moved_out_on or timezone.localdate()
    with transaction.atomic(durable=True):
        resident = lock_for_change(Resident, resident, version)
        if resident.state != ResidentState.CURRENT:
            raise Conflict(
                _("%(resident)s is not a current resident (%(state)s).")
                % {"resident": resident.name, "state": resident.get_state_display()},
                rule="LOG-4",
            )
        errors = FieldErrors()
        if moved_out_on > timezone.localdate():
            errors.add("moved_out_on", _("The move-out date is in the future."))
        if resident.moved_in_on and moved_out_on < resident.moved_in_on:
            errors.add("moved_out_on", _("The move-out date is before the move-in date."))
        errors.raise_any(rule="LOG-4")
        resident.state, resident.moved_out_on = ResidentState.MOVED_OUT, moved_out_on
        save_new_version(resident, "state", "moved_out_on")
        record_event(
            actor=actor,
            subject=resident,
            kind="resident.moved_out",
            data={"room": str(resident.room or ""), "moved_out_on": moved_out_on.isoformat()},
        )
        return resident


def merge_residents(
    actor, duplicate: Resident, *, version: int, into: Resident, into_version: int
) -> Resident:
    """LOG-4: two entries of one person become one: ``duplicate`` is marked merged into
    ``into`` (kept), its open forms re-pointed to the kept one; archived forms stay read-only
    and reach the kept resident through the merge. Returns the kept resident."""
    permissions.check(actor, "sd.residents", site=duplicate.site_id)
    if duplicate.pk == into.pk:
        raise ValidationFailed(
            field_errors={"into": [_("A resident cannot be merged into themselves.")]},
            rule="LOG-4",
        )
    if duplicate.site_id != into.site_id:
        raise ValidationFailed(
            field_errors={"into": [_("The residents belong to different sites.")]}, rule="LOG-4"
        )
    with transaction.atomic(durable=True):
        first, second = sorted([(duplicate, version), (into, into_version)], key=lambda p: p[0].pk)
        locked = {r.pk: lock_for_change(Resident, r, v) for r, v in (first, second)}
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        for resident in (duplicate, into):
            _refuse_merged(resident)
        moved = ServiceForm.objects.filter(resident=duplicate, archived_at__isnull=True).update(
            resident=into
        )
        duplicate.state, duplicate.merged_into = ResidentState.MERGED, into
        save_new_version(duplicate, "state", "merged_into")
        save_new_version(into)
        for subject, kind in ((duplicate, "resident.merged"), (into, "resident.kept")):
            record_event(
                actor=actor,
                subject=subject,
                kind=kind,
                data={
                    "duplicate": duplicate.pk,
                    "kept": into.pk,
                    "name": duplicate.name,
                    "phone": duplicate.phone,
                    "forms_moved": moved,
                },
            )
        return into


def _refuse_merged(resident: Resident) -> None:
    if resident.state == ResidentState.MERGED:
        raise Conflict(
            _("%(resident)s was merged into another entry and is read-only.")
            % {"resident": resident.name},
            rule="LOG-4",
        )


def kind_labels() -> dict[str, str]:
    """Kind label → value, in every language of the interface (a sheet may use any), and the
    values themselves."""
    found = {value: value for value in ReporterKind.values}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found |= {str(label): value for value, label in ReporterKind.choices}
    return found


def check_resident_rows(site: Site, rows: list[dict]) -> dict:
    """The rows of a residents sheet checked against ``site``: ``problems`` (row, field,
    messages), ``new`` (clean rows to add) and ``present`` (rows already in the register,
    left as they are, so an export imports again)."""
    rooms = {
        (key(b), key(u), n): pk
        for pk, b, u, n in Room.objects.filter(unit__building__site=site).values_list(
            "pk", "unit__building__name", "unit__name", "number"
        )
    }
    existing = set(
        Resident.objects.filter(site=site, state=ResidentState.CURRENT).values_list(
            "name", "phone", "room_id"
        )
    )
    kinds, seen = kind_labels(), {}
    problems, new, present = [], [], 0
    for row in rows:
        errors, clean = _check_row(site, row, rooms=rooms, kinds=kinds)
        if not errors:
            mark = (clean["name"], clean["phone"], clean["room_id"])
            if mark in seen:
                errors.add("name", _("Same as row %(row)s.") % {"row": seen[mark]})
            seen.setdefault(mark, row["row"])
        if errors:
            problems.append({"row": row["row"], "errors": dict(errors)})
        elif mark in existing:
            present += 1
        else:
            new.append(clean)
    return {"problems": problems, "new": new, "present": present, "rows": len(rows)}


def _check_row(site, row, *, rooms, kinds) -> tuple:
    errors = FieldErrors()
    name, note = row.get("name", "").strip(), row.get("note", "").strip()
    kind = kinds.get(row.get("kind", "").strip() or ReporterKind.OWNER)
    if kind is None:
        errors.add("kind", _("Choose one of the listed values."))
    room_id = None
    place = [row.get(f, "").strip() for f in ("building", "unit", "room")]
    if any(place):
        room_id = rooms.get((key(place[0]), key(place[1]), place[2]))
        if room_id is None:
            errors.add("room", _("No such room at this site: %(room)s") % {"room": "-".join(place)})
    phone_errors = FieldErrors()
    phone = clean_phone(row.get("phone", ""), "phone", phone_errors)
    phone2 = clean_phone(row["phone2"], "phone2", phone_errors) if row.get("phone2") else ""
    errors.update(phone_errors)
    if not name:
        errors.add("name", _("Enter the name."))
    elif len(name) > 50:
        errors.add("name", _("At most 50 characters."))
    if len(note) > 200:
        errors.add("note", _("At most 200 characters."))
    moved_in_on = _date(row.get("moved_in_on", ""), errors)
    return errors, {
        "name": name,
        "phone": phone,
        "phone2": phone2,
        "kind": kind,
        "room_id": room_id,
        "note": note,
        "moved_in_on": moved_in_on,
    }


def _date(raw: str, errors: FieldErrors) -> dt.date | None:
    raw = (raw or "").strip()[:10].replace("/", "-")
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors.add("moved_in_on", _("Enter a date as YYYY-MM-DD."))
        return None


def import_residents(
    actor, *, site: Site, rows: list[dict], dry_run: bool = False, progress=None
) -> dict:
    """LOG-4: residents from a spreadsheet, all or nothing. Every bad row is reported (row
    number, column, reason) and nothing is imported; rows already in the register are left as
    they are. ``dry_run`` checks and previews without writing. Returns the check's summary."""
    permissions.check(actor, "sd.residents", site=site)
    checked = check_resident_rows(site, rows)
    if checked["problems"]:
        raise ValidationFailed(
            _("Nothing was imported: %(n)s rows have errors.") % {"n": len(checked["problems"])},
            field_errors={"rows": checked["problems"]},
            rule="LOG-4",
        )
    if not rows:
        raise ValidationFailed(field_errors={"file": [_("The file holds no residents.")]})
    if dry_run:
        return checked
    with transaction.atomic(durable=True):
        total, batch = len(checked["new"]), []
        for n, values in enumerate(checked["new"], 1):
            batch.append(
                Resident(
                    site=site,
                    name_pinyin=spelled(values["name"]),
                    name_initials=initials(values["name"]),
                    **values,
                )
            )
            if len(batch) == IMPORT_CHUNK or n == total:
                Resident.objects.bulk_create(batch)
                batch = []
            if progress:
                progress(n, total)
        created = total
        record_event(
            actor=actor,
            subject=site,
            kind="resident.imported",
            data={"residents": created, "already_present": checked["present"]},
        )
    return checked
