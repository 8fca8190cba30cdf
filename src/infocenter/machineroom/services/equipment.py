"""Every write of the equipment ledger (MR-13, MR-10).

Ledger lines are added, corrected and disposed of; purchases received add to them (loans are in
``loans``); damage, loss and consumption are reported with the person responsible and the
ledger follows. A damaged piece goes to antistatic storage out of the cabinets (MR-10). A
disposed line never changes again. Imports from Excel are all or nothing."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from infocenter.core import permissions
from infocenter.core.audit import record_event
from infocenter.core.choices import Role
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Site, User
from infocenter.core.outbox import tell
from infocenter.core.selectors import holders
from infocenter.core.services import lock_for_change, save_new_version
from infocenter.core.texts import Text, choice_code
from infocenter.core.validators import FieldErrors

from ..choices import EquipmentCategory as EC
from ..choices import EquipmentReportKind as RK
from ..choices import EquipmentStatus as ES
from ..exports.equipment import parse_row
from ..models import Equipment, EquipmentReport, MachineRoom, Procurement, ProcurementLine
from ..rules import equipment as rules
from ..rules.equipment import LedgerLine, PurchaseLine


def _heads(site_id: int) -> list[User]:
    return holders(site_id, Role.IC_HEAD)


# -- ledger lines -------------------------------------------------------------------------------


def _audit_values(values: dict) -> dict:
    return {
        k: (str(v) if v is not None and not isinstance(v, bool | int) else v)
        for k, v in values.items()
    }


def _create_line(
    actor, site: Site, line: LedgerLine, *, kind: str = "equipment.added", data=None
) -> Equipment:
    values = line.fields()
    try:
        with (
            transaction.atomic()
        ):  # two people entering the same serial at once: one of them is told
            item = Equipment.objects.create(site=site, **values)
    except IntegrityError as exc:
        raise ValidationFailed(
            field_errors={
                "serial": [_("This site's ledger already has serial number %(serial)s.") % values]
            }
        ) from exc
    record_event(
        actor=actor, subject=item, kind=kind, data={**_audit_values(values), **(data or {})}
    )
    return item


def add_equipment(actor, *, site: Site, line: LedgerLine) -> Equipment:
    """MR-13: a new line of the ledger (equipment, a spare part or a consumable), checked: a
    serial number is unique within the site and makes the line one piece."""
    permissions.check(actor, "mr.ledger", site=site)
    errors = FieldErrors()
    rules.check_line(errors, site, line)
    errors.raise_any()
    with transaction.atomic(durable=True):
        return _create_line(actor, site, line)


def _editable(item: Equipment) -> None:
    if item.status == ES.DISPOSED:
        raise Conflict(
            _("%(item)s is disposed: its ledger line no longer changes.") % {"item": item},
            rule="MR-13",
        )


def _on_loan(item: Equipment) -> Conflict:
    """The refusal of a change to pieces that are out on loan."""
    return Conflict(
        _("%(n)s of %(item)s are out on loan: record their return first.")
        % {"n": item.lent, "item": item},
        rule="MR-13",
    )


def update_equipment(actor, item: Equipment, *, version: int, line: LedgerLine) -> Equipment:
    """MR-13: correct a ledger line or move it (in use, spare, damaged in antistatic storage);
    refused for a disposed line, a line out on loan, or a stale edit. The history keeps every
    change."""
    permissions.check(actor, "mr.ledger", site=item.site)
    _editable(item)
    errors = FieldErrors()
    rules.check_line(errors, item.site, line, pk=item.pk)
    errors.raise_any()
    values = line.fields()
    with transaction.atomic(durable=True):
        item = lock_for_change(Equipment, item, version, related=("site",))
        _editable(item)
        if item.lent and (line.status != item.status or int(line.quantity) < item.lent):
            raise _on_loan(item)
        changes = {
            k: [str(getattr(item, k) or ""), str(v or "")]
            for k, v in values.items()
            if getattr(item, k) != v
        }
        for key, value in values.items():
            setattr(item, key, value)
        save_new_version(item, *values)
        record_event(actor=actor, subject=item, kind="equipment.changed", data={"changes": changes})
        return item


def dispose_equipment(actor, item: Equipment, *, version: int, reason: str) -> Equipment:
    """MR-13: the information-center head disposes of a line (scrapped, given away…), with the
    reason. Final: the line never changes again."""
    permissions.check(actor, "mr.approve", site=item.site)
    if not (reason or "").strip():
        raise ValidationFailed(field_errors={"reason": [_("Give the reason for the disposal.")]})
    with transaction.atomic(durable=True):
        item = lock_for_change(Equipment, item, version)
        _editable(item)
        if item.lent:
            raise _on_loan(item)
        _dispose(actor, item, reason.strip())
        return item


def _dispose(actor, item: Equipment, reason: str) -> None:
    before = item.status
    item.status, item.disposed_at, item.disposal_reason = ES.DISPOSED, timezone.now(), reason
    save_new_version(item, "status", "disposed_at", "disposal_reason")
    record_event(
        actor=actor,
        subject=item,
        kind="equipment.disposed",
        data={"changes": {"status": [before, ES.DISPOSED]}, "reason": reason},
    )


# -- procurement --------------------------------------------------------------------------------


def record_procurement(
    actor,
    *,
    site: Site,
    supplier: str,
    purchased_on: dt.date,
    received_by: User,
    lines: list[PurchaseLine],
    reference: str = "",
    note: str = "",
) -> Procurement:
    """MR-13: a purchase received. Each line adds its quantity to a counted ledger line
    (``into``), or enters a new ledger line (status spare) with the purchase date and supplier."""
    permissions.check(actor, "mr.ledger", site=site)
    errors = FieldErrors()
    errors.required(supplier=supplier)
    if purchased_on is None or purchased_on > timezone.localdate():
        errors.add("purchased_on", _("The purchase date cannot be in the future."))
    if received_by is None or not permissions.roles_of(received_by, site.pk):
        errors.add("received_by", _("Choose a member of staff of this site."))
    if not lines:
        errors.add("lines", _("Enter at least one line."))
    serials: set = set()
    lines = [p.received(purchased_on=purchased_on, supplier=supplier) for p in lines]
    for n, line in enumerate(lines, 1):
        rules.check_purchase_line(errors, site, n, line, serials)
    errors.raise_any()
    with transaction.atomic(durable=True):
        procurement = Procurement.objects.create(
            site=site,
            supplier=supplier.strip(),
            purchased_on=purchased_on,
            reference=reference.strip(),
            received_by=received_by,
            note=note.strip(),
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        for line in lines:
            _receive(actor, procurement, line)
        record_event(
            actor=actor,
            subject=procurement,
            kind="procurement.recorded",
            data={
                "supplier": procurement.supplier,
                "reference": procurement.reference,
                "lines": len(lines),
                "total": str(sum(Decimal(line.unit_price) * int(line.quantity) for line in lines)),
            },
        )
        return procurement


def _receive(actor, procurement: Procurement, line: PurchaseLine) -> None:
    quantity, into = int(line.quantity), line.into
    data = {"procurement": str(procurement), "quantity": quantity}
    if into is None:
        into = _create_line(
            actor, procurement.site, line.line, kind="equipment.received", data=data
        )
    else:
        into = lock_for_change(Equipment, into, None)
        _editable(into)
        before = into.quantity
        into.quantity += quantity
        save_new_version(into, "quantity")
        record_event(
            actor=actor,
            subject=into,
            kind="equipment.received",
            data={**data, "changes": {"quantity": [before, into.quantity]}},
        )
    ProcurementLine.objects.create(
        site_id=procurement.site_id,
        procurement=procurement,
        equipment=into,
        quantity=quantity,
        unit_price=Decimal(line.unit_price),
    )


# -- damage, loss and consumption (MR-13, MR-10) ------------------------------------------------


def report_equipment(
    actor,
    item: Equipment,
    *,
    version: int,
    kind: str,
    description: str,
    quantity: int = 1,
    responsible: User | None = None,
    responsible_name: str = "",
    happened_at: dt.datetime | None = None,
    storage: str = "",
) -> EquipmentReport:
    """MR-13: damage, loss or consumption of a ledger line, with the person responsible
    (required for damage and loss). The ledger follows: damaged pieces go to antistatic storage
    (MR-10), lost ones leave the stock, consumption lowers the quantity (never below zero). The
    head is told of damage and loss."""
    permissions.check(actor, "mr.ledger", site=item.site)
    _editable(item)

    def checked(item) -> FieldErrors:
        """The report's problems on ``item`` as it is (again once it is locked)."""
        errors = FieldErrors()
        rules.check_report(
            errors,
            item,
            kind=kind,
            quantity=quantity,
            responsible=responsible,
            responsible_name=responsible_name,
            description=description,
            storage=storage,
        )
        return errors

    errors = checked(item)
    if happened_at is not None and happened_at > timezone.now() + dt.timedelta(minutes=5):
        errors.add("happened_at", _("This cannot be in the future."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        item = lock_for_change(Equipment, item, version, related=("site",))
        _editable(item)
        checked(item).raise_any()
        return report_equipment_within(
            actor,
            item,
            kind=kind,
            quantity=int(quantity),
            responsible=responsible,
            responsible_name=responsible_name.strip() or str(responsible or ""),
            description=description.strip(),
            happened_at=happened_at,
            storage=storage.strip(),
        )


def report_equipment_within(
    actor,
    item: Equipment,
    *,
    kind,
    quantity,
    responsible,
    responsible_name,
    description,
    happened_at,
    storage,
    loan=None,
) -> EquipmentReport:
    """The report of ``item`` (locked by the caller, inside its transaction): the ledger follows,
    the event is audited and the head is told of damage and loss. A loan's return uses it too."""
    report = EquipmentReport(
        site=item.site,
        kind=kind,
        equipment=item,
        quantity=quantity,
        responsible=responsible,
        responsible_name=responsible_name,
        description=description,
        happened_at=happened_at or timezone.now(),
        storage=storage,
        loan=loan,
        reported_by=actor,
        reported_at=timezone.now(),
    )
    {RK.DAMAGE: _damaged, RK.LOSS: _lost, RK.CONSUMPTION: _consumed}[kind](actor, item, report)
    report.save()
    record_event(
        actor=actor,
        subject=item,
        kind=f"equipment.{kind}",
        data={
            "quantity": quantity,
            "responsible": responsible_name,
            "description": description,
            "storage": storage,
            "loan": str(loan or ""),
        },
    )
    if kind != RK.CONSUMPTION:
        tell(
            _heads(item.site_id),
            item,
            Text(
                N_("%(kind)s: %(item)s ×%(n)s, responsible: %(person)s"),
                {
                    "kind": choice_code(report, "kind"),
                    "item": item,
                    "n": quantity,
                    "person": responsible_name,
                },
            ),
            description,
        )
    return report


def _damaged(actor, item: Equipment, report: EquipmentReport) -> None:
    """The whole line goes to antistatic storage; part of a counted line is split off as a
    damaged line of its own."""
    if report.quantity == item.quantity:
        item.status, item.antistatic, item.location = ES.DAMAGED, True, report.storage
        save_new_version(item, "status", "antistatic", "location")
        return
    item.quantity -= report.quantity
    save_new_version(item, "quantity")
    line = LedgerLine(
        **{k: getattr(item, k) for k in rules.LINE_FIELDS}
        | {
            "quantity": report.quantity,
            "status": ES.DAMAGED,
            "antistatic": True,
            "location": report.storage,
            "note": _("damaged, split from line %(pk)s") % {"pk": item.pk},
        }
    )
    report.damaged_line = _create_line(actor, item.site, line)


def _lost(actor, item: Equipment, report: EquipmentReport) -> None:
    if report.quantity == item.quantity and item.category != EC.CONSUMABLE:
        _dispose(actor, item, _("lost: %(what)s") % {"what": report.description})
        return
    item.quantity -= report.quantity
    save_new_version(item, "quantity")


def _consumed(actor, item: Equipment, report: EquipmentReport) -> None:
    item.quantity -= report.quantity
    save_new_version(item, "quantity")


# -- Excel import (all or nothing) --------------------------------------------------------------


def import_equipment(actor, *, site: Site, rows: list[dict], progress=None) -> list[Equipment]:
    """MR-13: ledger lines from a spreadsheet, all or nothing. Every bad row is reported with
    its row number and columns; if any row is bad, or the import is interrupted, nothing is
    saved."""
    permissions.check(actor, "mr.ledger", site=site)
    lookups = _lookups(site)
    problems, clean, serials = [], [], {}
    for row in rows:
        errors, fields = parse_row(row, lookups)
        line = LedgerLine(**fields)
        line_errors = FieldErrors()
        rules.check_line(line_errors, site, line)
        errors |= {
            field: messages for field, messages in line_errors.items() if field not in errors
        }
        serial = line.serial
        if serial and serial in serials:
            errors.add(
                "serial",
                _("Serial number %(serial)s is also on row %(row)s.")
                % {"serial": serial, "row": serials[serial]},
            )
        serials.setdefault(serial, row["row"])
        if errors:
            problems.append({"row": row["row"], "errors": errors})
        clean.append(line)
    if problems:
        raise ValidationFailed(
            _("Nothing was imported: %(n)s rows have errors.") % {"n": len(problems)},
            field_errors={"rows": problems},
            rule="MR-13",
        )
    if not clean:
        raise ValidationFailed(field_errors={"file": [_("The file holds no ledger lines.")]})
    with transaction.atomic(durable=True):
        created = []
        for n, line in enumerate(clean, 1):
            created.append(_create_line(actor, site, line, kind="equipment.imported"))
            if progress:
                progress(n, len(clean))
        record_event(
            actor=actor, subject=site, kind="equipment.import_done", data={"lines": len(created)}
        )
        return created


def _lookups(site: Site) -> dict:
    """Rooms by name and staff by name or log-in, read once for the whole sheet."""
    staff = User.objects.filter(role_assignments__site=site, is_active=True).distinct()
    people = {}
    for person in staff:
        people.setdefault(person.username, person)
        people.setdefault(person.full_name, person)
    return {"rooms": {r.name: r for r in MachineRoom.objects.filter(site=site)}, "people": people}
