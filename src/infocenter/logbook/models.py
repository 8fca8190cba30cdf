"""Control-room registers (document 2 of the source): shift handovers (交接班记录表,
KF-CQ08-01-F1), the phone log (信息中心电话记录表, F4), the information registry (信息登记表, F5),
the contact directory and the reference library (必备资料), and the whereabouts board (IT-5).
Every write goes through ``services``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infocenter.core.dbfunctions import PhoneTail
from infocenter.core.models import Building, Department, Site, SiteLink, optional_key, person_field
from infocenter.core.sharding import SiteForeignKey, SiteManyToManyField, SiteOneToOneField

from .choices import (
    CallDirection,
    CallState,
    ContactCategory,
    DocumentCategory,
    EntryKind,
    EntryState,
    HandoverState,
    ReportChannel,
    WhereaboutsStatus,
)


class LogbookPolicy(models.Model):
    """The registers' time rules of one site; defaults from the source (LOG-3: 4 hours)."""

    site = models.OneToOneField(Site, on_delete=models.PROTECT, related_name="logbook_policy")
    report_within_hours = models.PositiveSmallIntegerField(
        _("changes reported within (hours)"), default=4
    )
    accept_within_minutes = models.PositiveSmallIntegerField(
        _("handover accepted within (minutes)"), default=30
    )
    call_back_within_minutes = models.PositiveSmallIntegerField(
        _("missed calls returned within (minutes)"), default=30
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("register time limits")
        verbose_name_plural = _("register time limits")

    def __str__(self):
        return f"{self.site} registers"


class Archivable(models.Model):
    """A control-room record handed to the data manager in the weekly batch (LOG-6, SD-16)."""

    archive_batch = optional_key("servicedesk.ArchiveBatch", related_name="+", same_site=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Handover(Archivable):
    """A shift handover (交接班记录表, KF-CQ08-01-F1, LOG-1): the open items carried over, frozen
    when handed over, the equipment state and remarks, and both processors' confirmation."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="handovers")
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    shift = models.CharField(_("shift"), max_length=20)
    state = models.CharField(
        _("state"), max_length=12, choices=HandoverState.choices, default=HandoverState.HANDED_OVER
    )
    outgoing = person_field(_("handed over by"))
    incoming = person_field(_("taken over by"))
    handed_over_at = models.DateTimeField(_("handed over at"))
    carried_over = models.JSONField(_("items carried over"), default=list, blank=True)
    equipment_state = models.TextField(_("equipment state"))
    remarks = models.TextField(_("remarks"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accept_note = models.TextField(_("note on acceptance"), blank=True)

    class Meta:
        ordering = ["-handed_over_at"]
        verbose_name = _("shift handover")
        verbose_name_plural = _("shift handovers")
        indexes = [models.Index(fields=["site", "handed_over_at"], name="handover_site_time_idx")]

    def __str__(self):
        return self.serial

    def get_absolute_url(self) -> str:
        return reverse("logbook:handover", args=[self.pk])


class PhoneCall(Archivable):
    """One line of the phone log (信息中心电话记录表, KF-CQ08-01-F4, LOG-2): a call in or out, or
    a missed call with its call-back deadline; linked to the form it produced."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="phone_calls")
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    direction = models.CharField(
        _("direction"), max_length=3, choices=CallDirection.choices, default=CallDirection.INCOMING
    )
    state = models.CharField(
        _("state"), max_length=12, choices=CallState.choices, default=CallState.ANSWERED
    )
    occurred_at = models.DateTimeField(_("time"))
    number = models.CharField(_("number"), max_length=20)
    caller = models.CharField(_("caller"), max_length=60, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    outcome = models.TextField(_("handling"), blank=True)
    taken_by = person_field(_("taken by"))
    resident = optional_key("servicedesk.Resident", related_name="phone_calls", same_site=True)
    form = SiteOneToOneField(
        "servicedesk.ServiceForm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="phone_call",
        verbose_name=_("customer service form"),
    )
    callback_of = SiteOneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returned_by",
        verbose_name=_("returns the missed call"),
    )
    # IT-5: a missed call to a staff member who was elsewhere: where, and whom to call instead,
    # as their whereabouts said at the moment of the call
    called = person_field(_("called for"), optional=True)
    away_status = models.CharField(
        _("whereabouts"), max_length=20, choices=WhereaboutsStatus.choices, blank=True
    )
    away_place = models.CharField(_("where"), max_length=100, blank=True)
    substitute = person_field(_("call instead"), optional=True)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("phone call")
        verbose_name_plural = _("phone log")
        indexes = [
            models.Index(fields=["site", "occurred_at"], name="call_site_time_idx"),
            models.Index(fields=["site", "state"], name="call_site_state_idx"),
            models.Index(fields=["site", "number"], name="call_site_number_idx"),
        ]

    def __str__(self):
        return self.serial

    def get_absolute_url(self) -> str:
        return reverse("logbook:call", args=[self.pk])


class RegistryEntry(Archivable):
    """A change a department reported (信息登记表, KF-CQ08-01-F5, LOG-3): an outage, a repair, a
    major-complaint follow-up, a community event or an internal notice, with its period and the
    buildings affected (none: the whole site). Reported later than the policy allows: ``late``."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="registry_entries")
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="registry_entries",
        verbose_name=_("reporting department"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    title = models.CharField(_("title"), max_length=120)
    details = models.TextField(_("details"), blank=True)
    buildings = SiteManyToManyField(
        Building,
        blank=True,
        through="AffectedBuilding",
        related_name="registry_entries",
        verbose_name=_("buildings affected"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    changed_at = models.DateTimeField(_("change known to the department at"))
    channel = models.CharField(_("reported"), max_length=10, choices=ReportChannel.choices)
    reported_by = models.CharField(_("reported by"), max_length=60)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = person_field(_("recorded by"))
    late = models.BooleanField(_("reported late"), default=False)
    late_minutes = models.PositiveIntegerField(_("minutes late"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=EntryState.choices, default=EntryState.ACTIVE
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_note = models.CharField(_("note on ending"), max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("information registry entry")
        verbose_name_plural = _("information registry")
        indexes = [
            models.Index(fields=["site", "state", "starts_at"], name="entry_site_state_idx"),
            models.Index(fields=["site", "recorded_at"], name="entry_site_recorded_idx"),
            models.Index(fields=["department", "recorded_at"], name="entry_dept_recorded_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="entry_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.serial} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("logbook:entry", args=[self.pk])

    @property
    def area(self) -> str:
        """The buildings affected, or the whole site (reads the prefetched buildings)."""
        names = [b.name for b in self.buildings.all()]
        return "、".join(names) if names else str(_("whole site"))


class AffectedBuilding(SiteLink):
    """A building an entry affects: the row of the entry's many-to-many, keeping the entry's
    site (the site key of a database distributed by site, docs/scaling.md). The table is the
    one Django made for the plain many-to-many; ``site`` was added to it (logbook 0005)."""

    registryentry = SiteForeignKey(RegistryEntry, on_delete=models.CASCADE)
    building = models.ForeignKey(Building, on_delete=models.CASCADE)

    class Meta:
        db_table = "logbook_registryentry_buildings"
        unique_together = [("registryentry", "building")]
        verbose_name = _("building affected")
        verbose_name_plural = _("buildings affected")


class Contact(models.Model):
    """A number the control room keeps at hand (必备资料, LOG-4): suppliers, police, 三防, the
    residents' committee, contractors, the internal list, emergencies. Owners and residents are
    the service desk's residents register."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="contacts")
    category = models.CharField(_("category"), max_length=20, choices=ContactCategory.choices)
    name = models.CharField(_("name"), max_length=60)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    title = models.CharField(_("title or duty"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    phone2 = models.CharField(_("second phone"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    search_pinyin = models.CharField(max_length=400, blank=True)
    search_initials = models.CharField(max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contact directory")
        indexes = [
            models.Index(fields=["site", "phone"], name="contact_site_phone_idx"),
            models.Index(fields=["site", "phone2"], name="contact_site_phone2_idx"),
            models.Index(PhoneTail("phone"), name="contact_phone_tail_idx"),
            models.Index(PhoneTail("phone2"), name="contact_phone2_tail_idx"),
            models.Index(fields=["site", "search_initials"], name="contact_site_initials_idx"),
            models.Index(fields=["site", "search_pinyin"], name="contact_site_pinyin_idx"),
            models.Index(fields=["site", "category", "name"], name="contact_site_category_idx"),
        ]

    def __str__(self):
        return f"{self.name} {self.organisation}".strip()


class Document(models.Model):
    """A regulation or standard of the reference library (LOG-5), kept in versions."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="documents")
    category = models.CharField(_("category"), max_length=20, choices=DocumentCategory.choices)
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    reference = models.CharField(_("document number"), max_length=60, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    search_pinyin = models.CharField(max_length=800, blank=True)
    search_initials = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["category", "title"]
        verbose_name = _("reference document")
        verbose_name_plural = _("reference library")
        indexes = [models.Index(fields=["site", "category"], name="document_site_category_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("logbook:document", args=[self.pk])


class DocumentVersion(models.Model):
    """One version of a reference document: its label, effective date and file (X-10)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    document = SiteForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(_("version"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    attachment = SiteForeignKey(
        "core.Attachment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-effective_from", "-id"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "label"], name="document_version_label_uniq"
            )
        ]

    def __str__(self):
        return f"{self.document} {self.label}"


class Whereabouts(models.Model):
    """Where a staff member is now (IT-5), and whom to call instead."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="whereabouts"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=WhereaboutsStatus.choices,
        default=WhereaboutsStatus.AT_DESK,
    )
    place = models.CharField(_("where"), max_length=100, blank=True)
    until = models.DateTimeField(_("until"), null=True, blank=True)
    substitute = person_field(_("call instead"), optional=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("whereabouts")
        verbose_name_plural = _("whereabouts")

    def __str__(self):
        return f"{self.user}: {self.get_status_display()}"
