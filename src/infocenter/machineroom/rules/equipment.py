"""The rules of the equipment ledger (MR-13, MR-10): what a ledger line, a purchase line and a
damage, loss or consumption report must be, and where a damaged piece is kept. The services refuse
with these reasons, whatever writes (page, API, import)."""

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.models import Site, User
from infocenter.core.validators import FieldErrors

from ..choices import EquipmentCategory as EC
from ..choices import EquipmentReportKind as RK
from ..choices import EquipmentStatus as ES
from ..models import Equipment, MachineRoom

LINE_FIELDS = (
    "category",
    "name",
    "model",
    "serial",
    "quantity",
    "unit",
    "status",
    "room",
    "location",
    "antistatic",
    "custodian",
    "purchased_on",
    "supplier",
    "warranty_until",
    "note",
)
TEXTS = ("name", "model", "serial", "unit", "location", "supplier", "note")


@dataclass(frozen=True)
class LedgerLine:
    """What a line of the ledger says (MR-13), as a page, the API, a purchase or the import give
    it: text trimmed, spare unless said otherwise, the unit 台 for equipment and 个 otherwise
    when none is given."""

    category: str
    name: str
    model: str = ""
    serial: str = ""
    quantity: int | None = 1
    unit: str = ""
    status: str = ES.SPARE
    room: MachineRoom | None = None
    location: str = ""
    antistatic: bool = False
    custodian: User | None = None
    purchased_on: dt.date | None = None
    supplier: str = ""
    warranty_until: dt.date | None = None
    note: str = ""

    def __post_init__(self):
        for name in TEXTS:
            object.__setattr__(self, name, (getattr(self, name) or "").strip())
        if not self.unit:
            object.__setattr__(self, "unit", "台" if self.category == EC.EQUIPMENT else "个")
        object.__setattr__(self, "status", self.status or ES.SPARE)
        object.__setattr__(self, "antistatic", bool(self.antistatic))

    def fields(self) -> dict:
        """The line's fields, as the ledger keeps them."""
        return {name: getattr(self, name) for name in LINE_FIELDS}


@dataclass(frozen=True)
class PurchaseLine:
    """One line of a purchase received (MR-13): ``quantity`` more of a counted ledger line
    (``into``), or a new ledger line (``line``) entered spare with the purchase's date and
    supplier."""

    quantity: int | None
    unit_price: Decimal | None
    into: Equipment | None = None
    line: LedgerLine | None = None

    @classmethod
    def of(
        cls,
        *,
        into: Equipment | None,
        quantity: int | None,
        unit_price: Decimal | None,
        category: str,
        name: str,
        model: str = "",
        serial: str = "",
        unit: str = "",
        location: str = "",
    ) -> "PurchaseLine":
        """A purchase line as a page or the API write it: the new ledger line's fields beside
        the quantity and price."""
        line = LedgerLine(
            category=category, name=name, model=model, serial=serial, unit=unit, location=location
        )
        return cls(quantity=quantity, unit_price=unit_price, into=into, line=line)

    def received(self, *, purchased_on: dt.date, supplier: str) -> "PurchaseLine":
        """The line as received: a new ledger line takes the quantity, spare, the date and the
        supplier of the purchase."""
        if self.into is not None:
            return self
        line = replace(
            self.line,
            quantity=self.quantity,
            status=ES.SPARE,
            purchased_on=purchased_on,
            supplier=supplier,
        )
        return replace(self, line=line)


def check_place(errors: FieldErrors, *, status: str, location: str, antistatic: bool) -> None:
    """MR-10: a damaged piece is kept out of the cabinets, in antistatic storage, and the ledger
    says where."""
    if status == ES.DAMAGED and not (antistatic and location.strip()):
        errors.add(
            "location",
            _(
                "A damaged piece is kept out of the cabinets in antistatic storage: give that "
                "location and tick “in antistatic storage”."
            ),
        )


def check_line(errors: FieldErrors, site: Site, line: LedgerLine, *, pk=None) -> None:
    """The rules of one ledger line, whatever writes it (page, API, import)."""
    errors.required(name=line.name, unit=line.unit)
    if line.category not in EC.values:
        errors.add("category", _("Choose one of the listed values."))
    if line.status not in SETTABLE:
        errors.add(
            "status",
            _("A line is in use, spare or damaged; loans and disposal have their own steps."),
        )
    quantity = line.quantity
    if quantity is None or int(quantity) < 0 or (pk is None and int(quantity) < 1):
        errors.add("quantity", _("At least one."))
    elif line.serial and int(quantity) != 1:
        errors.add("quantity", _("An item with a serial number is one piece: quantity 1."))
    if (
        line.serial
        and Equipment.objects.filter(site=site, serial=line.serial).exclude(pk=pk).exists()
    ):
        errors.add(
            "serial",
            _("This site's ledger already has serial number %(serial)s.") % {"serial": line.serial},
        )
    if line.room is not None and line.room.site_id != site.pk:
        errors.add("room", _("Choose a machine room of this site."))
    if line.custodian is not None and not permissions.roles_of(line.custodian, site.pk):
        errors.add("custodian", _("Choose a member of staff of this site."))
    if line.purchased_on and line.warranty_until and line.warranty_until < line.purchased_on:
        errors.add("warranty_until", _("The warranty cannot end before the purchase."))
    check_place(errors, status=line.status, location=line.location, antistatic=line.antistatic)


def check_purchase_line(
    errors: FieldErrors, site: Site, n: int, purchase: PurchaseLine, serials: set
) -> None:
    """MR-13: line ``n`` of a purchase, its problems under ``lines``; ``serials`` collects the new serial numbers."""
    problems = FieldErrors()
    into = purchase.into
    if into is not None:
        if into.site_id != site.pk or into.status == ES.DISPOSED or into.serial:
            problems.add(
                "into",
                _("Add only to a counted line of this site's ledger that is not disposed."),
            )
    else:
        check_line(problems, site, purchase.line)
        serial = purchase.line.serial
        if serial and serial in serials:
            problems.add(
                "serial",
                _("Serial number %(serial)s appears twice.") % {"serial": serial},
            )
        serials.add(serial)
    if not purchase.quantity or int(purchase.quantity) < 1:
        problems.add("quantity", _("At least one."))
    if purchase.unit_price is None or Decimal(purchase.unit_price) < 0:
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
            _("Damage and loss are reported with the person responsible."),
        )
    elif responsible is not None and not permissions.roles_of(responsible, item.site_id):
        errors.add("responsible", _("Choose a person of this site, or name an outsider."))
    if kind == RK.DAMAGE and not storage.strip():
        errors.add(
            "storage",
            _("Say where the damaged piece is kept in antistatic storage, out of the cabinets."),
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
