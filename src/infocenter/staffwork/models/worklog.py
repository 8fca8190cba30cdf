"""IT-1: the IT staff member's work log: entries by kind, the projects they take part in with
their milestones and go-live, and the decisions on what the system proposed as entries."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Department, Site, optional_key, person_field
from infocenter.core.sharding import SiteForeignKey


class WorkKind(models.TextChoices):
    """The kinds of work of the source's 年度工作回顾."""

    MAINTENANCE = "maintenance", _("Computer and network maintenance")
    PROJECT = "project", _("Project participation")
    OUTSIDE_HELP = "outside_help", _("Help given to outside units")
    ROLLOUT = "rollout", _("System roll-out")
    TRAINING = "training", _("Training given")


class ProposalDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    DISMISSED = "dismissed", _("dismissed")


class Project(models.Model):
    """IT-1: a project a person takes part in (a network build, a module going live): their
    role, its milestones and its go-live date."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="sw_projects")
    person = person_field(_("person"))
    name = models.CharField(_("project"), max_length=120)
    role = models.CharField(_("role in the project"), max_length=60)
    go_live_on = models.DateField(_("go-live date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["person", "created_at"], name="swproject_person_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("staffwork:worklog_project", args=[self.pk])


class Milestone(models.Model):
    """A milestone of a project: planned for a date, done on another (or not yet)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    project = SiteForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("milestone"), max_length=120)
    planned_on = models.DateField(_("planned for"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.name


class WorkEntry(models.Model):
    """IT-1: one entry of a person's work log: its kind, the day, the hours spent, who was
    helped (in words and/or a department or site), notes, the project (for project work) and
    the record of the system it came from (a generic link: type label and id)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="sw_work_entries")
    person = person_field(_("person"))
    kind = models.CharField(_("kind of work"), max_length=20, choices=WorkKind.choices)
    day = models.DateField(_("date"))
    hours = models.DecimalField(_("hours spent"), max_digits=4, decimal_places=1)
    helped = models.CharField(_("who was helped"), max_length=200, blank=True)
    helped_department = optional_key(
        Department, _("department helped"), related_name="sw_work_entries"
    )
    helped_site = optional_key(Site, _("site helped"), related_name="sw_helped_entries")
    notes = models.TextField(_("notes"), blank=True)
    project = optional_key(Project, _("project"), related_name="entries", same_site=True)
    source_type = models.CharField(_("linked record type"), max_length=60, blank=True)
    source_id = models.CharField(_("linked record"), max_length=40, blank=True)
    source_text = models.CharField(_("linked record"), max_length=200, blank=True)
    source_url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("work log entry")
        verbose_name_plural = _("work log")
        indexes = [
            models.Index(fields=["person", "day"], name="swentry_person_day_idx"),
            models.Index(fields=["site", "day"], name="swentry_site_day_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="swentry_hours_in_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("staffwork:worklog_entry", args=[self.pk])


class Proposal(models.Model):
    """IT-1: what a person decided about a record the system proposed as a log entry (confirmed
    into an entry, or dismissed): it is never proposed to them again."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="sw_proposals")
    person = person_field(_("person"))
    source_type = models.CharField(max_length=60)
    source_id = models.CharField(max_length=40)
    decision = models.CharField(_("decision"), max_length=10, choices=ProposalDecision.choices)
    entry = SiteForeignKey(
        WorkEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("decided proposal")
        verbose_name_plural = _("decided proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source_type", "source_id"], name="swproposal_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.source_type}:{self.source_id} {self.decision}"
