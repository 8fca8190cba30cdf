"""Backups (MR-11): the backup jobs of a site and their daily register of results, alerts for
missed and failed backups, and restore tests."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Site, person_field
from infocenter.core.sharding import SiteForeignKey, SiteOneToOneField

from ..choices import (
    BackupAlertKind,
    BackupFrequency,
    BackupOutcome,
    RestoreOutcome,
)
from .common import link

UNIT_FACTORS = (("TB", 1024**4), ("GB", 1024**3), ("MB", 1024**2), ("KB", 1024))


def human_size(size: int | None) -> str:
    """Bytes as the register shows them (binary units): ``13421772800`` → ``12.5 GB``."""
    if size is None:
        return ""
    for unit, factor in UNIT_FACTORS:
        if size >= factor:
            return f"{size / factor:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{size} B"


class BackupJob(models.Model):
    """MR-11: one backup of a system: what is copied, how often, where the copies are kept
    (onsite, and an offsite copy), whether encrypted (always, for important data), who looks
    after it and how often a restore is tested."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="backup_jobs")
    name = models.CharField(_("backup job"), max_length=100)
    system = models.CharField(_("system"), max_length=100)
    content = models.TextField(_("what is backed up"))
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=BackupFrequency.choices, default=BackupFrequency.DAILY
    )
    location = models.CharField(_("onsite location"), max_length=120)
    offsite = models.BooleanField(_("offsite copy"), default=False)
    offsite_location = models.CharField(_("offsite location"), max_length=120, blank=True)
    important = models.BooleanField(_("important data"), default=True)
    encrypted = models.BooleanField(_("encrypted"), default=True)
    custodian = person_field(_("custodian"))
    restore_every_days = models.PositiveSmallIntegerField(
        _("restore test every (days)"), default=90
    )
    retention = models.CharField(_("retention"), max_length=200, blank=True)
    started_on = models.DateField(_("backed up since"))
    created_by = person_field(_("registered by"))
    created_at = models.DateTimeField(_("registered at"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["site", "system", "name"]
        verbose_name = _("backup job")
        verbose_name_plural = _("backup jobs")
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="backupjob_unique_name")
        ]

    def __str__(self):
        return self.name

    get_absolute_url = link("machineroom:backup_job")

    @property
    def active(self) -> bool:
        return self.retired_at is None


class BackupResult(models.Model):
    """MR-11: one day's line of the backup register: the result, the size (in bytes), where the
    copy went and whether it is encrypted. One current line per job and day; a correction is a
    new line (``revision`` + 1) with its reason, and the line it replaced stays visible."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="backup_results")
    job = SiteForeignKey(
        BackupJob, on_delete=models.PROTECT, related_name="results", verbose_name=_("backup job")
    )
    day = models.DateField(_("day"))
    outcome = models.CharField(_("result"), max_length=8, choices=BackupOutcome.choices)
    size_bytes = models.BigIntegerField(_("size (bytes)"), null=True, blank=True)
    offsite = models.BooleanField(_("copied offsite"), default=False)
    encrypted = models.BooleanField(_("encrypted"), default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_by = person_field(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    replaces = SiteOneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("corrects"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    current = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-day", "job", "-revision"]
        verbose_name = _("backup result")
        verbose_name_plural = _("backup register")
        constraints = [
            models.UniqueConstraint(
                fields=["job", "day"],
                condition=Q(current=True),
                name="backupresult_one_current_a_day",
            )
        ]
        indexes = [models.Index(fields=["site", "day"], name="backupresult_site_day_idx")]

    def __str__(self):
        return f"{self.job} {self.day:%Y-%m-%d}"

    get_absolute_url = link("machineroom:backup_job", by="job_id")

    @property
    def size_text(self) -> str:
        return human_size(self.size_bytes)


class BackupAlert(models.Model):
    """MR-11: a missed daily backup, a failed or partial one, or a failed restore test, raised
    once and shown on the register until the custodian or the head deals with it."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="backup_alerts")
    job = SiteForeignKey(
        BackupJob, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("backup job")
    )
    kind = models.CharField(_("alert"), max_length=16, choices=BackupAlertKind.choices)
    day = models.DateField(_("day"))
    raised_at = models.DateTimeField(_("raised at"))
    detail = models.TextField(_("detail"), blank=True)
    handled_by = person_field(_("dealt with by"), optional=True)
    handled_at = models.DateTimeField(_("dealt with at"), null=True, blank=True)
    handling = models.TextField(_("what was done"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("backup alert")
        verbose_name_plural = _("backup alerts")
        constraints = [
            models.UniqueConstraint(fields=["job", "kind", "day"], name="backupalert_once")
        ]
        indexes = [
            models.Index(
                fields=["site"], condition=Q(handled_at__isnull=True), name="backupalert_open_idx"
            )
        ]

    def __str__(self):
        return f"{self.job} {self.get_kind_display()} {self.day:%Y-%m-%d}"

    get_absolute_url = link("machineroom:backup_job", by="job_id")

    @property
    def open(self) -> bool:
        return self.handled_at is None


class RestoreTest(models.Model):
    """MR-11: a restore from a backup, tested: what was restored, where to, how it was verified,
    how long it took and whether it passed. The next test falls due one interval later."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="restore_tests")
    job = SiteForeignKey(
        BackupJob,
        on_delete=models.PROTECT,
        related_name="restore_tests",
        verbose_name=_("backup job"),
    )
    tested_on = models.DateField(_("tested on"))
    restored = models.CharField(_("what was restored"), max_length=200)
    target = models.CharField(_("restored to"), max_length=120)
    outcome = models.CharField(_("result"), max_length=8, choices=RestoreOutcome.choices)
    verification = models.TextField(_("how it was verified"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    note = models.TextField(_("note"), blank=True)
    tested_by = person_field(_("tested by"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-tested_on", "-id"]
        verbose_name = _("restore test")
        verbose_name_plural = _("restore tests")

    def __str__(self):
        return f"{self.job} {self.tested_on:%Y-%m-%d}"

    get_absolute_url = link("machineroom:backup_job", by="job_id")
