"""The equipment ledger (设备台账, MR-13): equipment, spare parts and consumables with their
quantities, locations and status; procurement records; damage, loss and consumption reported
with the person responsible. Damaged boards are kept out of the cabinets in antistatic storage,
and the ledger says so (MR-10)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Site, optional_key, person_field
from infocenter.core.sharding import SiteForeignKey

from ..choices import EquipmentCategory, EquipmentReportKind, EquipmentStatus
from .access import MachineRoom
from .common import link


class Equipment(models.Model):
    """MR-13: one line of the ledger. A serialised item is one piece (quantity 1); spare parts
    and consumables without a serial are counted. ``lent`` is how many are out on loan now.
    A disposed line never changes again."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="equipment")
    category = models.CharField(_("category"), max_length=12, choices=EquipmentCategory.choices)
    name = models.CharField(_("name"), max_length=100)
    model = models.CharField(_("model"), max_length=100, blank=True)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit = models.CharField(_("unit of measure"), max_length=10, default="台")
    lent = models.PositiveIntegerField(_("on loan"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=EquipmentStatus.choices, default=EquipmentStatus.SPARE
    )
    room = optional_key(MachineRoom, _("machine room"), related_name="equipment", same_site=True)
    location = models.CharField(_("cabinet / position"), max_length=120, blank=True)
    antistatic = models.BooleanField(_("in antistatic storage"), default=False)
    custodian = person_field(_("custodian"), optional=True)
    purchased_on = models.DateField(_("purchase date"), null=True, blank=True)
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    warranty_until = models.DateField(_("warranty end"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    disposed_at = models.DateTimeField(_("disposed at"), null=True, blank=True)
    disposal_reason = models.CharField(_("disposal reason"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["category", "name", "model", "id"]
        verbose_name = _("ledger line")
        verbose_name_plural = _("equipment ledger")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "serial"], condition=~Q(serial=""), name="equipment_unique_serial"
            ),
            models.CheckConstraint(
                condition=Q(lent__lte=models.F("quantity")), name="equipment_lent_le_quantity"
            ),
        ]
        indexes = [
            models.Index(fields=["site", "status", "category"], name="equipment_site_status_idx"),
            # the ledger's page in its order, read a page at a time rather than sorted whole
            models.Index(
                fields=["site", "category", "name", "model", "id"], name="equipment_site_order_idx"
            ),
        ]

    def __str__(self):
        parts = [self.name, self.model, self.serial]
        return " ".join(p for p in parts if p)

    get_absolute_url = link("machineroom:equipment_item")

    @property
    def available(self) -> int:
        """How many can be lent, consumed or reported now."""
        return self.quantity - self.lent

    @property
    def place(self) -> str:
        return " · ".join(str(p) for p in (self.room, self.location) if p)


class Procurement(models.Model):
    """MR-13: a purchase received (采购记录): supplier, date, contract or invoice number, who
    received it; its lines went into the ledger."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="procurements")
    supplier = models.CharField(_("supplier"), max_length=100)
    purchased_on = models.DateField(_("purchase date"))
    reference = models.CharField(_("contract or invoice no."), max_length=60, blank=True)
    received_by = person_field(_("received by"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = person_field(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-purchased_on", "-id"]
        verbose_name = _("procurement record")
        verbose_name_plural = _("procurement records")

    def __str__(self):
        return f"{self.purchased_on:%Y-%m-%d} {self.supplier} {self.reference}".strip()

    get_absolute_url = link("machineroom:procurement")

    @property
    def total(self):
        return sum(line.amount for line in self.lines.all())


class ProcurementLine(models.Model):
    """One line of a procurement: what, how many, at what price, and the ledger line it went to."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    procurement = SiteForeignKey(Procurement, on_delete=models.PROTECT, related_name="lines")
    equipment = SiteForeignKey(
        Equipment, on_delete=models.PROTECT, related_name="procured", verbose_name=_("ledger line")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = _("procurement line")
        verbose_name_plural = _("procurement lines")

    def __str__(self):
        return f"{self.equipment} ×{self.quantity}"

    @property
    def amount(self):
        return self.unit_price * self.quantity


class EquipmentReport(models.Model):
    """MR-13: damage, loss or consumption of a ledger line, naming the person responsible
    (required for damage and loss). The ledger follows; the head is told of damage and loss.
    A report is a record of fact: it never changes."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="equipment_reports")
    kind = models.CharField(_("kind"), max_length=12, choices=EquipmentReportKind.choices)
    equipment = SiteForeignKey(
        Equipment, on_delete=models.PROTECT, related_name="reports", verbose_name=_("ledger line")
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    responsible = person_field(_("person responsible"), optional=True)
    responsible_name = models.CharField(_("person responsible"), max_length=100, blank=True)
    description = models.TextField(_("what happened"))
    happened_at = models.DateTimeField(_("when"))
    storage = models.CharField(_("antistatic storage location"), max_length=120, blank=True)
    loan = optional_key("Loan", _("equipment loan"), related_name="reports", same_site=True)
    damaged_line = optional_key(
        Equipment, _("damaged pieces kept as"), related_name="+", same_site=True
    )
    reported_by = person_field(_("reported by"))
    reported_at = models.DateTimeField(_("reported at"))

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("damage, loss or consumption report")
        verbose_name_plural = _("damage, loss and consumption reports")
        indexes = [models.Index(fields=["site", "reported_at"], name="eqreport_site_time_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.equipment} ×{self.quantity}"

    get_absolute_url = link("machineroom:equipment_reports", by=None)
