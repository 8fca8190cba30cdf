"""Core data: organisation (ORG-1…4), people and roles, audit chain (X-1), calendar overrides
(X-3), serial counters (X-2), deadlines and the outbox (DESIGN rules 4 and 5).

Models hold data and single-row invariants only; every write goes through ``services``.
"""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import texts
from .choices import Channel, DeadlineState, DepartmentLevel, MessageState, OverrideKind, Role
from .secrets import EncryptedCharField, EncryptedURLField
from .sharding import SiteForeignKey


class Company(models.Model):
    """The company that owns the branches (e.g. a property-management group)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=20, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self):
        return self.name


class Branch(models.Model):
    """A branch company (分公司) that manages several sites (ORG-1)."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="branches")
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=20, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="branch_unique_name"),
        ]

    def __str__(self):
        return self.name


class Site(models.Model):
    """A managed property or office (全委项目). Every record belongs to a site (ORG-1)."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(
        _("code"), max_length=20, unique=True, help_text=_("Short code used in serials.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    workday_start = models.TimeField(_("working day starts"), default=dt.time(9, 0))
    workday_end = models.TimeField(_("working day ends"), default=dt.time(18, 0))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["branch__name", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.CheckConstraint(
                condition=Q(workday_start__lt=models.F("workday_end")),
                name="site_workday_window_valid",
            ),
        ]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A department of a site (客服部, 工程部, 秩序部, 环境部, 信息中心 …)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=50)
    code = models.SlugField(_("code"), max_length=20)
    duties = models.TextField(_("duties"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    receivers = models.ManyToManyField(
        "User",
        blank=True,
        related_name="receiving_departments",
        verbose_name=_("designated receivers"),
        help_text=_("People who may acknowledge the department's work orders like its head."),
    )
    level = models.CharField(
        _("level"),
        max_length=8,
        choices=DepartmentLevel.choices,
        default=DepartmentLevel.SITE,
        help_text=_("A branch or company department handles internal feedback."),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["site__name", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="department_unique_code"),
            models.UniqueConstraint(fields=["site", "name"], name="department_unique_name"),
        ]

    def __str__(self):
        return f"{self.site.name} · {self.name}"


class DepartmentWebhook(models.Model):
    """A chat-group robot (WeCom, DingTalk, Feishu) that receives a department's notifications
    (X-4). The address carries the robot's access token: it is shown masked and only to
    administrators."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="webhooks")
    channel = models.CharField(
        _("robot"),
        max_length=10,
        choices=[
            (Channel.WECOM, Channel.WECOM.label),
            (Channel.DINGTALK, Channel.DINGTALK.label),
            (Channel.FEISHU, Channel.FEISHU.label),
        ],
    )
    url = EncryptedURLField(_("webhook address"), max_length=500)  # it carries the token
    note = models.CharField(_("note"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    reports = models.BooleanField(
        _("report summaries"),
        default=False,
        help_text=_(
            "Also posts the summary of the weekly and monthly reports: the site's, or the "
            "branch's for a branch department."
        ),
    )

    class Meta:
        ordering = ["department", "channel"]
        verbose_name = _("department robot")
        verbose_name_plural = _("department robots")

    def __str__(self):
        return f"{self.department.name} {self.get_channel_display()}"

    @property
    def site(self):
        return self.department.site

    @property
    def masked_url(self) -> str:

        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}{parts.path[:12]}…"


class Building(models.Model):
    """A building (楼栋) of a site, with its units and rooms (ORG-4)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="buildings")
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. 3栋"))
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)
    description = models.TextField(
        _("structure and facilities"),
        blank=True,
        help_text=_("Structure, facilities, equipment and what they control."),
    )

    class Meta:
        ordering = ["site__name", "name"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="building_unique_name"),
        ]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """A unit (单元) of a building."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=30, help_text=_("e.g. 1单元"))

    class Meta:
        ordering = ["building__name", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["building", "name"], name="unit_unique_name"),
        ]

    def __str__(self):
        return f"{self.building.name}{self.name}"


class Room(models.Model):
    """A room or flat (房号) of a unit."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="rooms")
    number = models.CharField(_("room number"), max_length=20)
    floor = models.SmallIntegerField(_("floor"), default=1)

    class Meta:
        ordering = ["unit__building__name", "unit__name", "number"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="room_unique_number"),
        ]

    def __str__(self):
        return f"{self.unit}{self.number}"


def person_field(verbose_name, *, optional: bool = False) -> models.ForeignKey:
    """A person a record names (who asked, decided, did or holds something): people are never
    deleted from under a record (``PROTECT``), and the record is reached from its own side only
    (no reverse accessor on the user)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=optional,
        blank=optional,
        verbose_name=verbose_name,
    )


class SiteLink(models.Model):
    """A link of a ``sharding.SiteManyToManyField`` (a roster day's person on call): it keeps
    its record's site, so it sits on the record's shard. A subclass names the record (a
    ``SiteForeignKey``) and the linked row, in that order."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def __str__(self):
        keys = [f for f in self._meta.concrete_fields if f.is_relation and f.name != "site"]
        return " ".join(str(getattr(self, f.attname)) for f in keys)


def optional_key(
    to,
    verbose_name=None,
    *,
    related_name: str,
    on_delete=models.PROTECT,
    same_site: bool = False,
    **options,
) -> models.ForeignKey:
    """An optional link (``null``, ``blank``) to another record, ``PROTECT``ed unless
    ``on_delete`` says otherwise; ``same_site``: to a record of the same site, both tables
    distributed by site (``sharding.SiteForeignKey``, joined on the site too)."""
    if verbose_name is not None:
        options["verbose_name"] = verbose_name
    key = SiteForeignKey if same_site else models.ForeignKey
    return key(to, on_delete=on_delete, null=True, blank=True, related_name=related_name, **options)


class User(AbstractUser):
    """A person who logs in. ORG-3: responsibilities and specialties help the processor
    decide whom to dispatch to."""

    full_name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    title = models.CharField(_("job title"), max_length=50, blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    specialties = models.TextField(_("specialties"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["full_name", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role held by a person, scoped to a whole branch or to one site, and optionally to one
    department of that site (ORG-1, ORG-2)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )
    department = optional_key(Department, related_name="role_assignments")

    class Meta:
        ordering = ["user__full_name", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(branch__isnull=False, site__isnull=True, department__isnull=True))
                | Q(branch__isnull=True, site__isnull=False),
                name="role_assignment_one_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "branch"],
                condition=Q(branch__isnull=False),
                name="role_assignment_unique_branch",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "site"],
                condition=Q(site__isnull=False, department__isnull=True),
                name="role_assignment_unique_site",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "department"],
                condition=Q(department__isnull=False),
                name="role_assignment_unique_department",
            ),
        ]

    def __str__(self):
        scope = self.department or self.site or self.branch
        return f"{self.user} · {self.get_role_display()} · {scope}"


class AuditChainHead(models.Model):
    """The last link of one audit chain (one per site, and one for organisation-wide events).
    Locked while an event is appended, so a chain never forks."""

    chain = models.CharField(max_length=40, unique=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        ordering = ["chain"]

    def __str__(self):
        return f"{self.chain}#{self.last_seq}"


class AuditEvent(models.Model):
    """One business event, append-only and hash-chained per site (X-1, DESIGN rule 6).
    Database triggers refuse UPDATE (and DELETE on PostgreSQL)."""

    chain = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    actor_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=60)
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=40)
    subject_repr = models.CharField(max_length=200)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["chain", "seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_unique_seq"),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "seq"], name="audit_subject_idx"),
            models.Index(fields=["site", "occurred_at"], name="audit_site_time_idx"),
        ]

    def __str__(self):
        return f"{self.chain}#{self.seq} {self.kind}"


class CalendarOverride(models.Model):
    """A site's exception to the national calendar: an extra holiday or an extra working day
    (X-3). ``official`` marks entries of a newly published national schedule; a year with such
    entries counts as known, so its results are no longer provisional."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="calendar_overrides")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=OverrideKind.choices)
    official = models.BooleanField(
        _("from the official schedule"),
        default=False,
        help_text=_("Part of the national schedule published by the State Council."),
    )
    note = models.CharField(_("note"), max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["site__name", "date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        constraints = [
            models.UniqueConstraint(fields=["site", "date"], name="calendar_override_unique_day"),
        ]

    def __str__(self):
        return f"{self.site} {self.date} {self.get_kind_display()}"


class SerialCounter(models.Model):
    """The last serial issued for one site, series (form) and year; locked while a serial is
    allocated so numbers are gapless (X-2, DESIGN rule 8)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="serial_counters")
    series = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["site", "series", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "series", "year"], name="serial_counter_unique"
            ),
        ]

    def __str__(self):
        return f"{self.site.code}-{self.series}-{self.year}:{self.last_value}"


class Deadline(models.Model):
    """One clock of one rule on one subject (DESIGN rule 4). The worker fires the warning at
    ``warn_at`` and the breach at ``due_at``; ``next_at`` is the next instant it must act."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="deadlines")
    kind = models.CharField(max_length=40)
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=40)
    started_at = models.DateTimeField()
    warn_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField()
    next_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        max_length=12, choices=DeadlineState.choices, default=DeadlineState.SCHEDULED
    )
    provisional = models.BooleanField(default=False)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            models.Index(fields=["state", "next_at"], name="deadline_state_next_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject_idx"),
            # the report's breached items: a site's breached clocks in the order they fell due
            models.Index(fields=["site", "state", "due_at"], name="deadline_site_state_due_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.subject_type}:{self.subject_id} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def breach_length(self) -> dt.timedelta | None:
        """How late the subject was, once breached: until it was met, or so far."""
        if self.breached_at is None:
            return None
        end = self.closed_at or self.breached_at
        return max(end - self.due_at, dt.timedelta(0))


class TranslatedMessage:
    """A message's ``subject`` and ``body`` as sent, and its ``source`` (``core.texts``): the
    English source and parameters, translated when shown in the reader's language."""

    @property
    def subject_text(self) -> str:
        """The subject in the reader's (active) language."""
        return texts.loaded(self.source.get("subject"), self.subject)

    @property
    def body_text(self) -> str:
        """The body in the reader's (active) language."""
        return texts.loaded(self.source.get("body"), self.body)


class OutboxMessage(TranslatedMessage, models.Model):
    """A notification waiting to leave, written in the same transaction as the change that
    caused it (DESIGN rule 5). Undeliverable messages stay pending and are retried."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="outbox_messages"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="outbox_messages"
    )
    address = EncryptedCharField(max_length=500, blank=True)  # a robot's carries its token
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    # The subject and body as English source and parameters (core.texts), translated when
    # shown; ``subject``/``body`` keep them as sent, in the site's language, for the
    # e-mail and chat-robot channels and for rows from before.
    source = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=10, choices=MessageState.choices, default=MessageState.PENDING
    )
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_state_next_idx"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient or self.address}: {self.subject}"


class Notification(TranslatedMessage, models.Model):
    """An in-app message shown to one person on the home page and in the bell menu."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    # The subject and body as English source and parameters (core.texts), translated when
    # shown; ``subject``/``body`` keep them as sent, in the site's language, for the
    # e-mail and chat-robot channels and for rows from before.
    source = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    message = models.OneToOneField(
        OutboxMessage, on_delete=models.PROTECT, null=True, blank=True, related_name="notification"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "created_at"], name="notification_inbox_idx"
            ),
        ]

    def __str__(self):
        return self.subject


class Attachment(models.Model):
    """A photo or document on a record (X-10): forms, orders, inspections, changes. Images are
    checked, re-encoded and resized for phones; the original name is kept for display only."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="attachments")
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=40)
    stage = models.CharField(
        _("stage"), max_length=20, blank=True, help_text=_("e.g. before / after")
    )
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="attachments")

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="attachment_subject_idx")
        ]

    def __str__(self):
        return self.original_name


class ApiKey(models.Model):
    """A person's key for the API (X-7). Only its SHA-256 digest is kept (MR-12: the system
    never stores a secret); the key itself is shown once, when it is issued."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="api_key")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.user} API"


class IdempotentRequest(models.Model):
    """An API write sent with an ``Idempotency-Key`` header, kept 24 hours: a retry with the
    same key and body is answered with the first response instead of being done again. The
    caller is named by ``scope`` (their user, or a digest of their API credentials)."""

    scope = models.CharField(max_length=80)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of method, path and body
    status = models.PositiveSmallIntegerField(null=True, blank=True)  # empty while running
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotent_request_key_uniq")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotent_request_created_idx")]

    def __str__(self):
        return f"{self.scope} {self.key}"


class SavedFilter(models.Model):
    """A person's named filter of one list page: the page's URL name and the
    query string it filters by, picked again from the page. Only its owner sees it; it goes
    with the person (a part of them, hence CASCADE)."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_filters")
    list_name = models.CharField(max_length=60)
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "list_name", "name"], name="savedfilter_owner_list_name_uniq"
            )
        ]

    def __str__(self):
        return f"{self.list_name}: {self.name}"


class BackupRun(models.Model):
    """One backup of the installation (X-11): its archive's name, size and checksum, or why it
    failed. A nightly run is claimed by inserting its night's row (unique), so with several
    workers exactly one makes it; ``infocenter backup`` records its runs too."""

    class Kind(models.TextChoices):
        NIGHTLY = "nightly", _("Nightly")
        MANUAL = "manual", _("By hand")

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    night = models.DateField(null=True, blank=True, unique=True)  # nightly runs only
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    # the worker making a nightly run (``WorkerBeat.name``): a run left running by a worker
    # that stopped is taken over by another
    worker = models.CharField(max_length=120, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    archive = models.CharField(max_length=300, blank=True)  # the file's name in its folder
    size = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        indexes = [models.Index(fields=["state", "-finished_at"], name="backuprun_state_idx")]

    def __str__(self):
        return self.archive or f"{self.kind} {self.started_at:%Y-%m-%d %H:%M}"


class WorkerBeat(models.Model):
    """A worker's heartbeat: written at most every poll interval, read by ``/healthz`` and the
    metrics to tell a stopped worker from an idle one."""

    name = models.CharField(max_length=120, unique=True)  # host:pid
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()
    handled = models.BigIntegerField(default=0)  # items handled since it started

    class Meta:
        ordering = ["-beat_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        indexes = [models.Index(fields=["-beat_at"], name="workerbeat_beat_idx")]

    def __str__(self):
        return self.name
