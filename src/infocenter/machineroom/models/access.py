"""Machine rooms, access requests and their approval (MR-2), the access log of everyone going in and
out, daily releases of construction crews, and items carried in or out (MR-3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Site, optional_key, person_field
from infocenter.core.sharding import SiteForeignKey

from ..choices import (
    ItemDirection,
    RequestKind,
    RequestState,
    VisitKind,
    VisitOutcome,
)
from .common import Decided, link


class MachineRoom(models.Model):
    """A machine room of a site (the information center's, or a site's own network room)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="machine_rooms")
    name = models.CharField(_("name"), max_length=60)
    location = models.CharField(_("location"), max_length=120, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("machine room")
        verbose_name_plural = _("machine rooms")
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="machineroom_unique_name")
        ]

    def __str__(self):
        return self.name


class AccessRequest(Decided):
    """MR-2: an outsider's request to enter, approved by the information-center head before
    entry: a visit, a construction application (施工申请单) with its crew, scope and dates, or an
    emergency repair admitted after the head's approval by phone, which the desk records."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="access_requests")
    room = SiteForeignKey(
        MachineRoom,
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name=_("machine room"),
    )
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=14, choices=RequestKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.REQUESTED
    )
    organisation = models.CharField(_("organisation"), max_length=100)
    applicant = models.CharField(_("applicant"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20)
    people = models.JSONField(_("people coming"), default=list)
    purpose = models.TextField(_("purpose"))
    scope = models.TextField(_("scope of works"), blank=True)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    escort = person_field(_("escort (our liaison)"))
    maintainer = person_field(_("machine-room maintainer following"), optional=True)
    requested_by = person_field(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    by_phone = models.BooleanField(_("approved by phone"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        indexes = [models.Index(fields=["site", "state"], name="access_site_state_idx")]

    def __str__(self):
        return self.serial

    get_absolute_url = link("machineroom:request")

    @property
    def people_text(self) -> str:
        return "、".join(self.people)


class Visit(models.Model):
    """One line of the access log (机房进出登记): someone going in (and later out) of a room, or
    refused at the door, or entering by force (MR-2). Outsiders are linked to their approved
    request and escorted by a named member of staff."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="machine_room_visits")
    room = SiteForeignKey(
        MachineRoom, on_delete=models.PROTECT, related_name="visits", verbose_name=_("machine room")
    )
    kind = models.CharField(_("kind"), max_length=14, choices=VisitKind.choices)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=VisitOutcome.choices, default=VisitOutcome.ADMITTED
    )
    person = optional_key(
        settings.AUTH_USER_MODEL, _("staff member"), related_name="machine_room_visits"
    )
    name = models.CharField(_("person's name"), max_length=60)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    request = optional_key(
        AccessRequest, _("access request"), related_name="visits", same_site=True
    )
    escort = person_field(_("escort"), optional=True)
    entered_at = models.DateTimeField(_("in at"))
    left_at = models.DateTimeField(_("out at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    signed_in_by = person_field(_("recorded by"))
    signed_out_by = person_field(_("signed out by"), optional=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-entered_at"]
        verbose_name = _("access log line")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["site", "entered_at"], name="visit_site_time_idx"),
            models.Index(
                fields=["room"],
                condition=Q(left_at__isnull=True, outcome="admitted"),
                name="visit_inside_idx",
            ),
            # who is inside now at a site (the desk), without reading the site's whole log
            models.Index(
                fields=["site"],
                condition=Q(left_at__isnull=True, outcome="admitted"),
                name="visit_site_inside_idx",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.entered_at:%Y-%m-%d %H:%M}"

    get_absolute_url = link("machineroom:desk", by=None)

    @property
    def inside(self) -> bool:
        return self.outcome == VisitOutcome.ADMITTED and self.left_at is None


class Release(models.Model):
    """MR-2: a construction crew or emergency technician cleaned up, and the duty staff let
    them leave, for one day of their request."""

    # the request's site, kept with the row: it lives with its request in a database
    # distributed by site (docs/scaling.md)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    request = SiteForeignKey(AccessRequest, on_delete=models.PROTECT, related_name="releases")
    day = models.DateField(_("day"))
    released_by = person_field(_("released by"))
    released_at = models.DateTimeField(_("released at"))
    note = models.TextField(_("state of the site after clean-up"))

    class Meta:
        ordering = ["-day"]
        verbose_name = _("clean-up release")
        verbose_name_plural = _("clean-up releases")
        constraints = [
            models.UniqueConstraint(fields=["request", "day"], name="release_once_a_day")
        ]

    def __str__(self):
        return f"{self.request} {self.day}"


class ItemMovement(models.Model):
    """MR-3: an item carried in or out, inspected by machine-room staff and recorded
    (机房物品进出登记单), linked to the visit of whoever carried it."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="machine_room_items")
    visit = SiteForeignKey(
        Visit, on_delete=models.PROTECT, related_name="items", verbose_name=_("visit")
    )
    direction = models.CharField(_("in or out"), max_length=3, choices=ItemDirection.choices)
    description = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    identifier = models.CharField(_("model or serial number"), max_length=100, blank=True)
    inspection = models.TextField(_("inspection"), blank=True)
    inspected_by = person_field(_("inspected by"))
    inspected_at = models.DateTimeField(_("inspected at"))

    class Meta:
        ordering = ["-inspected_at"]
        verbose_name = _("item carried in or out")
        verbose_name_plural = _("items carried in or out")
        indexes = [models.Index(fields=["site", "inspected_at"], name="item_site_time_idx")]

    def __str__(self):
        return f"{self.get_direction_display()} {self.description} ×{self.quantity}"
