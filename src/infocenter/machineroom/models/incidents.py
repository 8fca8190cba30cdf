"""Incidents of the machine room (MR-9): core-device alarms acted on at once, and network or
line faults checked locally, then reported upstream."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Site, optional_key, person_field

from ..choices import (
    AlarmSeverity,
    AlarmState,
    FaultKind,
    FaultState,
)
from .access import MachineRoom
from .common import link


class CoreAlarm(models.Model):
    """MR-9: an alarm of a core device (核心设备告警), acted on at once: the leaders (the head
    and the branch general manager) are told when it is logged; the response is recorded."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="core_alarms")
    serial = models.CharField(_("serial"), max_length=40)
    room = optional_key(MachineRoom, _("machine room"), related_name="alarms", same_site=True)
    device = models.CharField(_("device"), max_length=100)
    occurred_at = models.DateTimeField(_("alarm time"))
    text = models.TextField(_("alarm message"))
    severity = models.CharField(_("severity"), max_length=8, choices=AlarmSeverity.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=AlarmState.choices, default=AlarmState.OPEN
    )
    logged_by = person_field(_("logged by"))
    logged_at = models.DateTimeField(_("logged at"))
    reported_to = models.CharField(_("reported to"), max_length=200, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    response = models.TextField(_("what was done"), blank=True)
    responded_by = person_field(_("responded by"), optional=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    outcome = models.TextField(_("how the alarm ended"), blank=True)
    closed_by = person_field(_("closed by"), optional=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("core-device alarm")
        verbose_name_plural = _("core-device alarms")

    def __str__(self):
        return f"{self.serial} {self.device}"

    get_absolute_url = link("machineroom:alarm")


class NetworkFault(models.Model):
    """MR-9: a network or line fault: checked locally first, then reported to the upstream unit
    with the local findings; the upstream unit's feedback is recorded before it is closed."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="network_faults")
    serial = models.CharField(_("serial"), max_length=40)
    kind = models.CharField(_("kind"), max_length=8, choices=FaultKind.choices)
    description = models.TextField(_("symptom"))
    occurred_at = models.DateTimeField(_("noticed at"))
    state = models.CharField(
        _("state"), max_length=10, choices=FaultState.choices, default=FaultState.OPEN
    )
    logged_by = person_field(_("logged by"))
    local_findings = models.TextField(_("local findings"), blank=True)
    checked_by = person_field(_("checked by"), optional=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    upstream_unit = models.CharField(_("upstream unit"), max_length=100, blank=True)
    upstream_reference = models.CharField(_("upstream reference"), max_length=60, blank=True)
    reported_upstream_at = models.DateTimeField(_("reported upstream at"), null=True, blank=True)
    feedback = models.TextField(_("upstream feedback"), blank=True)
    feedback_at = models.DateTimeField(_("feedback at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    closed_by = person_field(_("closed by"), optional=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("network or line fault")
        verbose_name_plural = _("network and line faults")

    def __str__(self):
        return f"{self.serial} {self.get_kind_display()}"

    get_absolute_url = link("machineroom:fault")
