"""The residents register (业户): owners and residents the control room finds by phone, name,
pinyin or initials."""

from django.db import transaction
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.audit import record_event
from infocenter.core.models import Room, Site
from infocenter.core.pinyin import initials, spelled
from infocenter.core.validators import FieldErrors, clean_phone

from ..choices import ReporterKind
from ..models import Resident


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
    errors = FieldErrors()
    phone = clean_phone(phone, "phone", errors)
    phone2 = clean_phone(phone2, "phone2", errors) if phone2 else ""
    if not name.strip():
        errors.add("name", _("Enter the name."))
    if room is not None and room.unit.building.site_id != site.pk:
        errors.add("room", _("The room belongs to another site."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        return new_resident(
            actor,
            site=site,
            name=name.strip(),
            phone=phone,
            kind=kind,
            room=room,
            phone2=phone2,
            note=note,
        )
