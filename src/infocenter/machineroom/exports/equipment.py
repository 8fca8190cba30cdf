"""The equipment ledger in Excel (MR-13): one set of columns for the export, the import template
and the import, so an exported sheet imports again. Headers and values (category, status, yes/no)
are accepted in every language of the interface."""

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from infocenter.core.excel import headers_in_every_language, read_rows, workbook
from infocenter.core.validators import FieldErrors

from ..choices import EquipmentCategory, EquipmentStatus

CHUNK = 2000


def columns() -> dict[str, str]:
    """Header text → field, in the interface language."""
    return {
        _("category"): "category",
        _("name"): "name",
        _("model"): "model",
        _("serial number"): "serial",
        _("quantity"): "quantity",
        _("unit of measure"): "unit",
        _("status"): "status",
        _("machine room"): "room",
        _("cabinet / position"): "location",
        _("in antistatic storage"): "antistatic",
        _("custodian"): "custodian",
        _("purchase date"): "purchased_on",
        _("supplier"): "supplier",
        _("warranty end"): "warranty_until",
        _("note"): "note",
    }


def _day(value) -> str:
    return value.isoformat() if value else ""


def ledger_workbook(rows, *, title: str) -> bytes:
    """The ledger lines of ``rows`` in the import's columns."""
    yes, no = _("yes"), _("no")
    return workbook(
        title=title,
        header=list(columns()),
        rows=(
            [
                e.get_category_display(),
                e.name,
                e.model,
                e.serial,
                e.quantity,
                e.unit,
                e.get_status_display(),
                e.room.name if e.room_id else "",
                e.location,
                yes if e.antistatic else no,
                (e.custodian.full_name or e.custodian.username) if e.custodian_id else "",
                _day(e.purchased_on),
                e.supplier,
                _day(e.warranty_until),
                e.note,
            ]
            for e in rows.iterator(chunk_size=CHUNK)
        ),
    )


def template() -> bytes:
    return workbook(title=_("Equipment ledger"), header=list(columns()), rows=())


def read_ledger(upload) -> list[dict]:
    """The rows of a ledger sheet, its header in any language of the interface."""
    return read_rows(upload, headers_in_every_language(columns))


def _labels(choices) -> dict[str, str]:
    """Label (in every language) or value → value."""
    found = {value: value for value in choices.values}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found |= {str(label): value for value, label in choices.choices}
    return found


def _yes_words() -> set[str]:
    words = {"1", "true", "y", "yes", "是", "√", "✓"}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.add(str(_("yes")))
    return {w.lower() for w in words}


def _date(errors: dict, field: str, text: str):
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10].replace("/", "-"))
    except ValueError:
        errors.add(field, _("A date as YYYY-MM-DD."))
        return None


def _quantity(errors: dict, text: str):
    try:
        return int(text or "1")
    except ValueError:
        errors.add("quantity", _("A whole number."))
        return None


def parse_row(row: dict, lookups: dict) -> tuple[dict, dict]:
    """``(errors, fields)`` of one sheet row, its texts turned into the fields of a ledger line
    as the services take them (``rules.equipment.LedgerLine``)."""
    errors = FieldErrors()
    category = _labels(EquipmentCategory).get(row["category"])
    if category is None:
        errors.add(
            "category",
            _("Choose one of: %(values)s.")
            % {"values": "、".join(str(label) for label in EquipmentCategory.labels)},
        )
    status = _labels(EquipmentStatus).get(row["status"] or EquipmentStatus.SPARE)
    if status not in (EquipmentStatus.IN_USE, EquipmentStatus.SPARE, EquipmentStatus.DAMAGED):
        errors.add(
            "status",
            _(
                "Import lines in use, spare or damaged: loans are approved and "
                "disposal decided in the ledger itself."
            ),
        )
    room = lookups["rooms"].get(row["room"]) if row["room"] else None
    if row["room"] and room is None:
        errors.add(
            "room", _("No machine room of this site is called %(name)s.") % {"name": row["room"]}
        )
    custodian = lookups["people"].get(row["custodian"]) if row["custodian"] else None
    if row["custodian"] and custodian is None:
        errors.add(
            "custodian",
            _("No member of staff of this site is called %(name)s.") % {"name": row["custodian"]},
        )
    fields = dict(
        category=category or "",
        name=row["name"],
        model=row["model"],
        serial=row["serial"],
        quantity=_quantity(errors, row["quantity"]),
        unit=row["unit"],
        status=status or "",
        room=room,
        location=row["location"],
        antistatic=row["antistatic"].lower() in _yes_words(),
        custodian=custodian,
        purchased_on=_date(errors, "purchased_on", row["purchased_on"]),
        supplier=row["supplier"],
        warranty_until=_date(errors, "warranty_until", row["warranty_until"]),
        note=row["note"],
    )
    return errors, fields
