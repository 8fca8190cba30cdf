"""Data access (MR-11): outsiders' requests to consult documents or data, approved by the
information-center head and fulfilled by staff, item by item."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Site, person_field
from infocenter.core.sharding import SiteForeignKey

from ..choices import (
    DataRequestState,
    ProvisionForm,
)
from .common import Decided, link


class DataRequest(Decided):
    """MR-11: an outsider's application to consult documents or data (资料查阅申请). The head
    approves (all or some of the items asked for) or refuses; information-center staff look the
    items up on the applicant's behalf and record exactly what was provided."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="data_requests")
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=DataRequestState.choices,
        default=DataRequestState.REQUESTED,
    )
    organisation = models.CharField(_("organisation"), max_length=100)
    applicant = models.CharField(_("applicant"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20)
    purpose = models.TextField(_("purpose"))
    received_on = models.DateField(_("application received on"))
    requested_by = person_field(_("recorded by"))
    requested_at = models.DateTimeField(_("recorded at"))
    fulfilled_by = person_field(_("provided by"), optional=True)
    fulfilled_at = models.DateTimeField(_("provided at"), null=True, blank=True)
    handed_to = models.CharField(_("handed to"), max_length=60, blank=True)
    fulfilment_note = models.TextField(_("note on what was provided"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("data-access request")
        verbose_name_plural = _("data-access requests")
        indexes = [models.Index(fields=["site", "state"], name="datarequest_site_state_idx")]

    def __str__(self):
        return self.serial

    get_absolute_url = link("machineroom:data_request")


class DataRequestItem(models.Model):
    """MR-11: one document or data set asked for, whether the head approved it, and what was
    provided against it (the form, the pages or records), so nothing beyond the approval is
    given without a trace."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    request = SiteForeignKey(DataRequest, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(_("document or data"), max_length=200)
    approved = models.BooleanField(_("approved"), null=True)
    provided_form = models.CharField(
        _("form"), max_length=10, choices=ProvisionForm.choices, blank=True
    )
    provided_extent = models.CharField(_("pages or records"), max_length=100, blank=True)

    class Meta:
        ordering = ["request", "position"]
        verbose_name = _("item asked for")
        verbose_name_plural = _("items asked for")
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="datarequestitem_position")
        ]

    def __str__(self):
        return self.description

    @property
    def provided(self) -> bool:
        return bool(self.provided_form)
