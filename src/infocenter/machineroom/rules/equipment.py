"""The rules of the equipment ledger (MR-13, MR-10): what a ledger line, a purchase line and a
damage, loss or consumption report must be, and where a damaged piece is kept. The services refuse
with these reasons, whatever writes (page, API, import)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.models import Site
from infocenter.core.validators import FieldErrors

from ..choices import EquipmentCategory as EC
from ..choices import EquipmentReportKind as RK
from ..choices import EquipmentStatus as ES
from ..models import Equipment


def check_place(errors: FieldErrors, *, status: str, location: str, antistatic: bool) -> None:
    """MR-10: a damaged piece is kept out of the cabinets, in antistatic storage, and the ledger
    says where."""
    if status == ES.DAMAGED and not (antistatic and location.strip()):
        errors.add(
            "location",
            _(
                "A damaged piece is kept out of the cabinets in antistatic storage: give that "
                "location and tick “in antistatic storage” (MR-10)."
            ),
        )


def check_line(errors: FieldErrors, site: Site, values: dict, *, pk=None) -> None:
    """The rules of one ledger line, whatever writes it (page, API, import)."""
    errors.required(name=values["name"], unit=values["unit"])
    if values["category"] not in EC.values:
        errors.add("category", _("Choose one of the listed values."))
    if values["status"] not in SETTABLE:
        errors.add(
            "status",
            _("A line is in use, spare or damaged; loans and disposal have their own steps."),
        )
    quantity = values["quantity"]
    if quantity is None or int(quantity) < 0 or (pk is None and int(quantity) < 1):
        errors.add("quantity", _("At least one."))
    elif values["serial"] and int(quantity) != 1:
        errors.add("quantity", _("An item with a serial number is one piece: quantity 1."))
    if (
        values["serial"]
        and Equipment.objects.filter(site=site, serial=values["serial"]).exclude(pk=pk).exists()
    ):
        errors.add("serial", _("This site's ledger already has serial number %(serial)s.") % values)
    room = values["room"]
    if room is not None and room.site_id != site.pk:
        errors.add("room", _("Choose a machine room of this site."))
    if values["custodian"] is not None and not permissions.roles_of(values["custodian"], site.pk):
        errors.add("custodian", _("Choose a member of staff of this site."))
    if (
        values["purchased_on"]
        and values["warranty_until"]
        and values["warranty_until"] < values["purchased_on"]
    ):
        errors.add("warranty_until", _("The warranty cannot end before the purchase."))
    check_place(
        errors,
        status=values["status"],
        location=values["location"],
        antistatic=values["antistatic"],
    )


def check_purchase_line(errors: FieldErrors, site: Site, n: int, line: dict, serials: set) -> None:
    """MR-13: line ``n`` of a purchase, its problems under ``lines``; ``serials`` collects the new serial numbers."""
    problems = FieldErrors()
    into = line.get("into")
    if into is not None:
        if into.site_id != site.pk or into.status == ES.DISPOSED or into.serial:
            problems.add(
                "into",
                _("Add only to a counted line of this site's ledger that is not disposed."),
            )
    else:
        check_line(problems, site, line["values"])
        serial = line["values"]["serial"]
        if serial and serial in serials:
            problems.add(
                "serial",
                _("Serial number %(serial)s appears twice.") % {"serial": serial},
            )
        serials.add(serial)
    if not line.get("quantity") or int(line["quantity"]) < 1:
        problems.add("quantity", _("At least one."))
    if line.get("unit_price") is None or Decimal(line["unit_price"]) < 0:
        problems.add("unit_price", _("Give the unit price (0 or more)."))
    for field, messages in problems.items():
        for message in messages:
            errors.add(
                "lines",
                _("Line %(n)s, %(field)s: %(message)s")
                % {"n": n, "field": field, "message": message},
            )


def check_report(
    errors: FieldErrors,
    item: Equipment,
    *,
    kind,
    quantity,
    responsible,
    responsible_name,
    description,
    storage,
) -> None:
    """MR-13, MR-10: what a damage, loss or consumption report of ``item`` must be."""
    if kind not in RK.values:
        errors.add("kind", _("Choose one of the listed values."))
    errors.required(description=description)
    if kind in (RK.DAMAGE, RK.LOSS) and responsible is None and not responsible_name.strip():
        errors.add(
            "responsible",
            _("Damage and loss are reported with the person responsible (MR-13)."),
        )
    elif responsible is not None and not permissions.roles_of(responsible, item.site_id):
        errors.add("responsible", _("Choose a person of this site, or name an outsider."))
    if kind == RK.DAMAGE and not storage.strip():
        errors.add(
            "storage",
            _(
                "Say where the damaged piece is kept in antistatic storage, out of the cabinets "
                "(MR-10)."
            ),
        )
    if kind == RK.CONSUMPTION and item.serial:
        errors.add(
            "kind",
            _("An item with a serial number is not consumed: report it damaged or lost."),
        )
    if not quantity or int(quantity) < 1:
        errors.add("quantity", _("At least one."))
    elif int(quantity) > item.available:
        errors.add(
            "quantity",
            _("Only %(n)s %(unit)s in stock: the ledger cannot go below zero.")
            % {"n": item.available, "unit": item.unit},
        )


SETTABLE = (
    ES.IN_USE,
    ES.SPARE,
    ES.DAMAGED,
)  # set by an edit; loans and disposal have their own steps
