"""Equipment loans (MR-13): shared items or important equipment lent out only after the
information-center head approved, handed out and returned line by line."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Site, optional_key, person_field
from infocenter.core.sharding import SiteForeignKey

from ..choices import LoanState
from .common import Decided, link
from .equipment import Equipment

LOAN_DUE_HOUR = 18  # a loan is due back by 18:00 local time of its due day


class Loan(Decided):
    """MR-13: shared items or important equipment lent out, only after the information-center
    head approved: borrower (our person, or an outsider with organisation and phone), purpose,
    due date; handed out, then returned (a damaged return becomes a damage report)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="equipment_loans")
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=LoanState.choices, default=LoanState.REQUESTED
    )
    borrower = optional_key(settings.AUTH_USER_MODEL, _("borrower"), related_name="equipment_loans")
    borrower_name = models.CharField(_("borrower's name"), max_length=60)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    purpose = models.TextField(_("purpose"))
    due_on = models.DateField(_("due back on"))
    requested_by = person_field(_("recorded by"))
    requested_at = models.DateTimeField(_("requested at"))
    handed_out_by = person_field(_("handed out by"), optional=True)
    handed_out_at = models.DateTimeField(_("handed out at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    received_by = person_field(_("return received by"), optional=True)
    return_note = models.TextField(_("condition on return"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("equipment loan")
        verbose_name_plural = _("equipment loans")
        indexes = [models.Index(fields=["site", "state", "due_on"], name="loan_site_state_due_idx")]

    def __str__(self):
        return self.serial

    get_absolute_url = link("machineroom:loan")

    @property
    def due_at(self) -> dt.datetime:
        """The instant the loan is due back."""
        return timezone.make_aware(dt.datetime.combine(self.due_on, dt.time(LOAN_DUE_HOUR)))

    @property
    def borrower_text(self) -> str:
        return "，".join(p for p in (self.borrower_name, self.organisation, self.phone) if p)


class LoanLine(models.Model):
    """One ledger line lent, and how many of it."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    loan = SiteForeignKey(Loan, on_delete=models.PROTECT, related_name="lines")
    equipment = SiteForeignKey(
        Equipment,
        on_delete=models.PROTECT,
        related_name="loan_lines",
        verbose_name=_("ledger line"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)

    class Meta:
        ordering = ["id"]
        verbose_name = _("loan line")
        verbose_name_plural = _("loan lines")
        constraints = [
            models.UniqueConstraint(fields=["loan", "equipment"], name="loanline_once_per_loan")
        ]

    def __str__(self):
        return f"{self.equipment} ×{self.quantity}"
