"""Duty and closing (MR-1): the duty roster (值日表) with its on-call staff, the day's duty
checklist, the last-person-out closing checklist and the alerts of a day without them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Site, SiteLink, person_field
from infocenter.core.sharding import SiteForeignKey, SiteManyToManyField, SiteOneToOneField

from ..choices import DutyAlertKind
from .access import MachineRoom
from .common import link


class RosterDay(models.Model):
    """MR-1: one day of the duty roster of one room: the duty person and the on-call staff who
    are called out when a serious event happens."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="duty_roster")
    room = SiteForeignKey(
        MachineRoom, on_delete=models.PROTECT, related_name="roster", verbose_name=_("machine room")
    )
    day = models.DateField(_("day"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="duty_days",
        verbose_name=_("duty person"),
    )
    on_call = SiteManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OnCallPerson",
        related_name="on_call_days",
        blank=True,
        verbose_name=_("on call"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    planned_by = person_field(_("planned by"))
    planned_at = models.DateTimeField(_("planned at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["day", "room__name"]
        verbose_name = _("duty roster day")
        verbose_name_plural = _("duty roster")
        constraints = [
            models.UniqueConstraint(fields=["room", "day"], name="roster_one_per_room_day")
        ]
        indexes = [models.Index(fields=["site", "day"], name="roster_site_day_idx")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.room} · {self.person}"

    get_absolute_url = link("machineroom:duty", by=None)


class OnCallPerson(SiteLink):
    """A person on call on a roster day: a link of ``RosterDay.on_call`` with the day's site
    (the many-to-many's own table, the site added by machineroom 0016)."""

    rosterday = SiteForeignKey(RosterDay, on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="on_call_links"
    )

    class Meta:
        db_table = "machineroom_rosterday_on_call"
        unique_together = [("rosterday", "user")]
        verbose_name = _("person on call")
        verbose_name_plural = _("on call")


class Checklist(models.Model):
    """What the duty and the closing checklists share: a room, a day, who did it and when, each
    item's result (``[{"item": code, "ok": bool, "note": text}]``) and how many were not OK."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    room = SiteForeignKey(
        MachineRoom, on_delete=models.PROTECT, related_name="+", verbose_name=_("machine room")
    )
    day = models.DateField(_("day"))
    results = models.JSONField(_("results"), default=list)
    problems = models.PositiveSmallIntegerField(_("problems"), default=0)
    note = models.TextField(_("note"), blank=True)
    done_by = person_field(_("done by"))
    done_at = models.DateTimeField(_("done at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.room}"


class DutyCheck(Checklist):
    """MR-1: the day's duty checklist (tidying, hygiene, doors and windows, conduct), filled by
    the day's duty person, or by the head on their behalf. Done is final."""

    roster = SiteOneToOneField(
        RosterDay,
        on_delete=models.PROTECT,
        related_name="duty_check",
        verbose_name=_("duty roster day"),
    )
    on_behalf_of = person_field(_("recorded on behalf of"), optional=True)

    class Meta:
        ordering = ["-day", "room__name"]
        verbose_name = _("duty checklist")
        verbose_name_plural = _("duty checklists")
        constraints = [
            models.UniqueConstraint(fields=["room", "day"], name="duty_check_one_per_room_day")
        ]
        indexes = [models.Index(fields=["site", "day"], name="duty_check_site_day_idx")]

    get_absolute_url = link("machineroom:duty", by=None)


class ClosingCheck(Checklist):
    """MR-1, MR-5, MR-6: the last person out checked doors, windows, power and fire equipment.
    Names still signed in at the desk at closing are kept."""

    still_inside = models.JSONField(_("still signed in at closing"), default=list)

    class Meta:
        ordering = ["-day", "room__name"]
        verbose_name = _("closing checklist")
        verbose_name_plural = _("closing checklists")
        constraints = [
            models.UniqueConstraint(fields=["room", "day"], name="closing_one_per_room_day")
        ]
        indexes = [models.Index(fields=["site", "day"], name="closing_site_day_idx")]

    get_absolute_url = link("machineroom:duty", by=None)


class DutyAlert(models.Model):
    """MR-1: a rostered day whose duty or closing checklist was missing at the evening check;
    resolved when the checklist is done after all."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="duty_alerts")
    room = SiteForeignKey(
        MachineRoom,
        on_delete=models.PROTECT,
        related_name="duty_alerts",
        verbose_name=_("machine room"),
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=16, choices=DutyAlertKind.choices)
    raised_at = models.DateTimeField(_("raised at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-day", "room__name", "kind"]
        verbose_name = _("duty alert")
        verbose_name_plural = _("duty alerts")
        constraints = [
            models.UniqueConstraint(fields=["room", "day", "kind"], name="duty_alert_once")
        ]
        indexes = [models.Index(fields=["site", "resolved_at"], name="duty_alert_open_idx")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.room} {self.get_kind_display()}"

    get_absolute_url = link("machineroom:duty", by=None)
