"""IT-3: the IT staff member's learning: a yearly plan by the source's four channels, courses
and certificates (with their attachments) and the records of learning done."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from infocenter.core.models import Site, person_field
from infocenter.core.sharding import SiteForeignKey


class Channel(models.TextChoices):
    """The four ways of learning of the source's 今后工作打算."""

    MENTORS = "mentors", _("Asking leaders and colleagues")
    PEERS = "peers", _("Learning from peers at meetings and on trips")
    SEARCH = "search", _("Searching in spare time")
    READING = "reading", _("Systematic reading")


class CourseKind(models.TextChoices):
    COURSE = "course", _("course")
    CERTIFICATE = "certificate", _("certificate")


class LearningPlan(models.Model):
    """IT-3: a person's learning plan for a calendar year; its targets are per channel."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="sw_learning_plans")
    person = person_field(_("person"))
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("learning plan")
        verbose_name_plural = _("learning plans")
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="swplan_one_a_year")]

    def __str__(self):
        return f"{self.person} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("staffwork:learning") + f"?person={self.person_id}&year={self.year}"


class PlanTarget(models.Model):
    """What the plan aims at in one channel: hours, and items (books, talks) where they count."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    plan = SiteForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="targets")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    hours = models.DecimalField(_("target hours"), max_digits=6, decimal_places=1, default=0)
    items = models.PositiveIntegerField(_("target items"), default=0)
    note = models.TextField(_("what is planned"), blank=True)

    class Meta:
        ordering = ["plan", "channel"]
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "channel"], name="swtarget_once_a_channel")
        ]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.hours}h / {self.items}"


class Course(models.Model):
    """IT-3: a course taken or a certificate obtained; the certificate's scan or the course's
    papers are its attachments (``core.attachments``)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="sw_courses")
    person = person_field(_("person"))
    kind = models.CharField(_("kind"), max_length=12, choices=CourseKind.choices)
    name = models.CharField(_("name"), max_length=120)
    provider = models.CharField(_("given by"), max_length=120, blank=True)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("course or certificate")
        verbose_name_plural = _("courses and certificates")

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return (
            reverse("staffwork:learning")
            + f"?person={self.person_id}&year={self.completed_on.year}"
        )


class LearningRecord(models.Model):
    """IT-3: learning done on a day in one channel: hours, items (a book read) and notes."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="sw_learning_records")
    person = person_field(_("person"))
    day = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    items = models.PositiveIntegerField(pgettext_lazy("learning", "items"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("learning record")
        verbose_name_plural = _("learning records")
        indexes = [models.Index(fields=["person", "day"], name="swlearning_person_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=24), name="swlearning_hours_in_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.get_channel_display()}"

    def get_absolute_url(self) -> str:
        return reverse("staffwork:learning") + f"?person={self.person_id}&year={self.day.year}"
