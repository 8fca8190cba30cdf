"""Inspections of the machine room (MR-9, MR-10): checklists (巡检表) with their items, the
schedules that generate rounds by a recurrence rule, and the rounds with each item's result (a
failed one opens a service-desk work order)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Attachment, Department, Site, optional_key, person_field
from infocenter.core.sharding import SiteForeignKey, SiteOneToOneField

from ..choices import (
    ChecklistTarget,
    ItemKind,
    ResultOutcome,
    RoundState,
)
from .access import MachineRoom
from .common import link


def number(value) -> str:
    """A decimal without trailing zeros: 18, 27.5."""
    return "" if value is None else f"{Decimal(str(value)).normalize():f}"


def _range_text(unit: str, low, high) -> str:
    unit = unit or ""
    low_text, high_text = number(low), number(high)
    if low is not None and high is not None:
        return f"{low_text}–{high_text} {unit}".strip()
    if low is not None:
        return f"≥ {low_text} {unit}".strip()
    if high is not None:
        return f"≤ {high_text} {unit}".strip()
    return ""


class Checklist(models.Model):
    """MR-9: a checklist template (巡检表) of a site, for an area (a machine room) or a device.
    Rounds copy its items when they are made, so editing it never changes a round."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="checklists")
    name = models.CharField(_("name"), max_length=80)
    target = models.CharField(
        _("covers"), max_length=8, choices=ChecklistTarget.choices, default=ChecklistTarget.AREA
    )
    room = optional_key(MachineRoom, _("machine room"), related_name="checklists", same_site=True)
    device = models.CharField(_("device"), max_length=100, blank=True)
    department = optional_key(Department, _("department for work orders"), related_name="+")
    active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="checklist_unique_name")
        ]

    def __str__(self):
        return self.name

    get_absolute_url = link("machineroom:checklist")

    @property
    def covers(self) -> str:
        return str(self.room or "") if self.target == ChecklistTarget.AREA else self.device


class ChecklistItem(models.Model):
    """MR-9: one line of a checklist: a pass/fail check or a reading with its unit and normal
    range (either end optional), and whether a photo is required."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    checklist = SiteForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("check item"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=8, choices=ItemKind.choices, default=ItemKind.CHECK
    )
    unit = models.CharField(_("unit of measure"), max_length=12, blank=True)
    min_value = models.DecimalField(
        _("lowest normal value"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest normal value"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    photo_required = models.BooleanField(_("photo required"), default=False)
    guidance = models.CharField(_("how to check"), max_length=200, blank=True)

    class Meta:
        ordering = ["checklist", "position"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return self.label

    @property
    def normal_range(self) -> str:
        return _range_text(self.unit, self.min_value, self.max_value)


class InspectionSchedule(models.Model):
    """MR-9: when a checklist is done: an RFC 5545 recurrence rule in local time (daily routine
    checks, the quarterly full LAN test); each occurrence makes one round, due some hours later."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="inspection_schedules")
    checklist = SiteForeignKey(
        Checklist, on_delete=models.PROTECT, related_name="schedules", verbose_name=_("checklist")
    )
    name = models.CharField(_("name"), max_length=80)
    rule = models.CharField(_("recurrence rule"), max_length=200)
    due_hours = models.PositiveSmallIntegerField(_("to be done within (hours)"), default=10)
    active = models.BooleanField(_("in use"), default=True)
    next_at = models.DateTimeField(_("next round"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("inspection schedule")
        verbose_name_plural = _("inspection schedules")

    def __str__(self):
        return self.name


class InspectionRound(models.Model):
    """MR-9: one round of a checklist, due by a time; its results are the checklist's items as
    they were when the round was made. A finished round is final."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="inspection_rounds")
    serial = models.CharField(_("serial"), max_length=40)
    checklist = SiteForeignKey(
        Checklist, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("checklist")
    )
    schedule = optional_key(
        InspectionSchedule, _("schedule"), related_name="rounds", same_site=True
    )
    title = models.CharField(_("checklist"), max_length=80)
    covers = models.CharField(_("covers"), max_length=120, blank=True)
    department = optional_key(Department, _("department for work orders"), related_name="+")
    occurs_at = models.DateTimeField(_("planned for"))
    due_at = models.DateTimeField(_("due by"))
    state = models.CharField(
        _("state"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN
    )
    submitted_by = person_field(_("done by"), optional=True)
    submitted_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-occurs_at", "-id"]
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "occurs_at"], name="round_once_per_occurrence"
            )
        ]
        indexes = [
            models.Index(fields=["site", "state", "due_at"], name="round_site_state_due"),
            # the rounds of a period (the rounds page, its export), the latest first
            models.Index(fields=["site", "occurs_at"], name="round_site_time_idx"),
        ]

    def __str__(self):
        return f"{self.serial} {self.title}"

    get_absolute_url = link("machineroom:round")


class InspectionResult(models.Model):
    """MR-9: one item of a round (a copy of the checklist's item) and what was found. A fault or
    a reading out of its normal range opens a service-desk work order, linked both ways."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    round = SiteForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("check item"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=ItemKind.choices)
    unit = models.CharField(_("unit of measure"), max_length=12, blank=True)
    min_value = models.DecimalField(
        _("lowest normal value"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest normal value"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    photo_required = models.BooleanField(_("photo required"), default=False)
    guidance = models.CharField(_("how to check"), max_length=200, blank=True)
    outcome = models.CharField(
        _("result"), max_length=8, choices=ResultOutcome.choices, default=ResultOutcome.PENDING
    )
    reading = models.DecimalField(
        _("reading"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    photo = optional_key(Attachment, _("photo"), related_name="+", same_site=True)
    recorded_by = person_field(_("checked by"), optional=True)
    recorded_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    form = SiteOneToOneField(
        "servicedesk.ServiceForm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_result",
        verbose_name=_("customer service form"),
    )
    order = optional_key(
        "servicedesk.WorkOrder", _("work order"), related_name="inspection_results", same_site=True
    )

    class Meta:
        ordering = ["round", "position"]
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")

    def __str__(self):
        return f"{self.round.serial} · {self.label}"

    @property
    def normal_range(self) -> str:
        return _range_text(self.unit, self.min_value, self.max_value)

    @property
    def reading_text(self) -> str:
        return number(self.reading)

    def out_of_range(self, value) -> bool:
        return value is not None and (
            (self.min_value is not None and value < self.min_value)
            or (self.max_value is not None and value > self.max_value)
        )
