"""Safety (MR-1, MR-5, MR-6): serious events that call the on-call staff out, with their
callouts; power-use permits (MR-5) and fire-system changes (MR-6) approved by the
information-center head; the site's wattage above which a permit is needed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Site, person_field
from infocenter.core.sharding import SiteForeignKey

from ..choices import EventKind, EventState, FireChangeKind, PermitState
from .access import MachineRoom
from .common import Decided, link

DEFAULT_POWER_THRESHOLD_W = 1500


class DutyPolicy(models.Model):
    """The duty settings of one site: above which wattage equipment needs the head's permit (MR-5)."""

    site = models.OneToOneField(Site, on_delete=models.PROTECT, related_name="duty_policy")
    power_threshold_watts = models.PositiveIntegerField(
        _("permit needed above (W)"), default=DEFAULT_POWER_THRESHOLD_W
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("duty settings")
        verbose_name_plural = _("duty settings")

    def __str__(self):
        return f"{self.site} duty"


class SeriousEvent(models.Model):
    """MR-1: theft, break-in, fire, flooding or a 110 alarm; staff are called to the site at once
    and each callout is recorded. MR-5: a power outage, with the UPS and generator procedure
    followed and recorded; MR-5/MR-6: an electrical or fire hazard with the measures taken."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="serious_events")
    room = SiteForeignKey(
        MachineRoom,
        on_delete=models.PROTECT,
        related_name="serious_events",
        verbose_name=_("machine room"),
    )
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    state = models.CharField(
        _("state"), max_length=8, choices=EventState.choices, default=EventState.OPEN
    )
    description = models.TextField(_("what happened"))
    measures = models.TextField(_("measures taken at once"), blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    reported_by = person_field(_("reported by"))
    reported_at = models.DateTimeField(_("reported at"))
    ups_on_battery = models.BooleanField(_("UPS took over"), null=True, blank=True)
    generator_called_at = models.DateTimeField(_("generator requested at"), null=True, blank=True)
    generator_running_at = models.DateTimeField(_("generator running at"), null=True, blank=True)
    power_restored_at = models.DateTimeField(_("mains power restored at"), null=True, blank=True)
    outcome = models.TextField(_("how it ended"), blank=True)
    closed_by = person_field(_("closed by"), optional=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("serious event")
        verbose_name_plural = _("serious events")
        indexes = [models.Index(fields=["site", "occurred_at"], name="event_site_time_idx")]

    def __str__(self):
        return self.serial

    get_absolute_url = link("machineroom:event")


class Callout(models.Model):
    """MR-1: one person called to the site for an event: when they were called, when they
    acknowledged and when they arrived."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    event = SiteForeignKey(SeriousEvent, on_delete=models.PROTECT, related_name="callouts")
    person = person_field(_("person"))
    on_call = models.BooleanField(_("on call"), default=False)
    called_at = models.DateTimeField(_("called at"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)

    class Meta:
        ordering = ["-on_call", "called_at", "id"]
        verbose_name = _("callout")
        verbose_name_plural = _("callouts")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="callout_once_a_person")
        ]

    def __str__(self):
        return f"{self.event} · {self.person}"


class Approvable(Decided):
    """What a power-use permit and a fire-system change share: the request, the head's decision
    and the end of the work."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    room = SiteForeignKey(
        MachineRoom, on_delete=models.PROTECT, related_name="+", verbose_name=_("machine room")
    )
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PermitState.choices, default=PermitState.REQUESTED
    )
    equipment = models.CharField(_("equipment"), max_length=120)
    reason = models.TextField(_("reason"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    requested_by = person_field(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    finish_note = models.TextField(_("how it was left"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def __str__(self):
        return self.serial


class PowerPermit(Approvable):
    """MR-5: using equipment above the site's wattage, or an outsider using the machine room's
    power, needs the head's approval beforehand; lines and connectors are checked first."""

    watts = models.PositiveIntegerField(_("power (W)"))
    supply = models.CharField(_("where it is plugged in"), max_length=120)
    organisation = models.CharField(_("outside organisation"), max_length=100, blank=True)
    lines_checked = models.BooleanField(_("lines and connectors checked"), default=False)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("power-use permit")
        verbose_name_plural = _("power-use permits")
        indexes = [models.Index(fields=["site", "state"], name="power_site_state_idx")]

    get_absolute_url = link("machineroom:permit", "power")


class FireChange(Approvable):
    """MR-6: a change to the fire system's working state or to the position of its equipment,
    approved by the head beforehand, and restored (or completed) afterwards."""

    kind = models.CharField(_("what changes"), max_length=10, choices=FireChangeKind.choices)
    current = models.CharField(_("now"), max_length=200)
    proposed = models.CharField(_("after the change"), max_length=200)
    safeguards = models.TextField(_("fire safety during the change"))

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("fire-system change")
        verbose_name_plural = _("fire-system changes")
        indexes = [models.Index(fields=["site", "state"], name="fire_site_state_idx")]

    get_absolute_url = link("machineroom:permit", "fire")
