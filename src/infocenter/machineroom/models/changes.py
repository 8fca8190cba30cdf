"""Change requests of the machine room (MR-7) with their discussion, advance notice, operation
record and outcome, and the backup of a central-data change, confirmed within a week and then
deleted (MR-8)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Department, Site, SiteLink, person_field
from infocenter.core.sharding import SiteForeignKey, SiteManyToManyField

from ..choices import ChangeClass, ChangeOutcome, ChangeState
from ..workflows import CONFIRM_DAYS
from .common import Decided, link


class ChangeRequest(Decided):
    """MR-7: a change to a system or device of the machine room (变更申请): its class, plan,
    impact, rollback and spare parts, the head's decision, the notice to those affected by a
    global-impact change, the qualified technician who implements it and the outcome. A
    central-data change (MR-8) also carries its backup, the confirmation of correct running
    and the deletion of that backup."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="machine_room_changes")
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    kind = models.CharField(_("class of change"), max_length=10, choices=ChangeClass.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=ChangeState.choices, default=ChangeState.DRAFT
    )
    title = models.CharField(_("title"), max_length=120)
    system = models.CharField(_("system or device"), max_length=120)
    core_server = models.BooleanField(_("core server"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    global_impact = models.BooleanField(_("global impact"), default=False)
    affected_parties = models.TextField(_("affected parties"), blank=True)
    notify_people = SiteManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        through="ChangeNotifiedPerson",
        related_name="+",
        verbose_name=_("people to notify"),
    )
    notify_departments = SiteManyToManyField(
        Department,
        blank=True,
        through="ChangeNotifiedDepartment",
        related_name="+",
        verbose_name=_("departments to notify"),
    )
    plan = models.TextField(_("plan"))
    impact = models.TextField(_("impact"), blank=True)
    rollback_plan = models.TextField(_("rollback plan"), blank=True)
    spare_parts = models.TextField(_("spare parts prepared"), blank=True)
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    implementer = person_field(_("implementer"))
    not_experimental = models.BooleanField(_("not an experimental configuration"), default=False)
    central_data = models.BooleanField(_("changes central data"), default=False)
    requested_by = person_field(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    notice_text = models.TextField(_("notice"), blank=True)
    notice_sent_by = person_field(_("notice sent by"), optional=True)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    backup_reference = models.TextField(_("backup reference"), blank=True)
    backup_taken_at = models.DateTimeField(_("backup taken at"), null=True, blank=True)
    backup_recorded_by = person_field(_("backup recorded by"), optional=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(
        _("result of the change"), max_length=12, choices=ChangeOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    confirmed_by = person_field(_("running confirmed by"), optional=True)
    confirmed_at = models.DateTimeField(_("running confirmed at"), null=True, blank=True)
    confirm_note = models.TextField(_("note on the confirmation"), blank=True)
    backup_deleted_by = person_field(_("backup deleted by"), optional=True)
    backup_deleted_at = models.DateTimeField(_("backup deleted at"), null=True, blank=True)
    backup_delete_note = models.TextField(_("note on the deletion"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-planned_start"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        indexes = [
            models.Index(fields=["site", "planned_start"], name="change_site_start_idx"),
            models.Index(fields=["site", "state"], name="change_site_state_idx"),
        ]

    def __str__(self):
        return self.serial

    get_absolute_url = link("machineroom:change")

    @property
    def confirm_due_at(self):
        """MR-8: when correct running of a central-data change must be confirmed (None: not yet due)."""

        if (
            not self.central_data
            or self.finished_at is None
            or self.outcome == ChangeOutcome.ROLLED_BACK
        ):
            return None
        return self.finished_at + dt.timedelta(days=CONFIRM_DAYS)

    @property
    def ratified(self) -> bool:
        """An emergency change approved after the fact, or any change decided by the head."""
        return self.decided_at is not None


class ChangeNotifiedPerson(SiteLink):
    """A person a change is announced to: a link of ``ChangeRequest.notify_people`` with the
    change's site (the many-to-many's own table, the site added by machineroom 0016)."""

    changerequest = SiteForeignKey(ChangeRequest, on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="change_notices"
    )

    class Meta:
        db_table = "machineroom_changerequest_notify_people"
        unique_together = [("changerequest", "user")]
        verbose_name = _("person to notify")
        verbose_name_plural = _("people to notify")


class ChangeNotifiedDepartment(SiteLink):
    """A department a change is announced to (``ChangeRequest.notify_departments``)."""

    changerequest = SiteForeignKey(ChangeRequest, on_delete=models.CASCADE)
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="change_notices"
    )

    class Meta:
        db_table = "machineroom_changerequest_notify_departments"
        unique_together = [("changerequest", "department")]
        verbose_name = _("department to notify")
        verbose_name_plural = _("departments to notify")


class ChangeComment(models.Model):
    """MR-7: one contribution of the information center's staff to the discussion of a change."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    change = SiteForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="comments")
    author = person_field(_("author"))
    at = models.DateTimeField(_("at"))
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("change discussion comment")
        verbose_name_plural = _("change discussion")

    def __str__(self):
        return f"{self.change} {self.author}"


class ChangeOperation(models.Model):
    """MR-7: one line of the detailed operation record of a change: what was done, by whom, when."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    change = SiteForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="operations")
    done_by = person_field(_("done by"))
    at = models.DateTimeField(_("at"))
    text = models.TextField(_("operation"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("change operation record")
        verbose_name_plural = _("change operation records")

    def __str__(self):
        return f"{self.change} {self.at:%H:%M}"
