"""Service desk data (document 2 of the source): the residents register (业户), Customer
Service Forms (客户服务单, KF-CQ08-01-F2), Work Orders (派工单, KF-CQ08-01-F3), callbacks
(回访) and the per-site SLA policy. Every write goes through ``services``."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infocenter.core.choices import DurationUnit
from infocenter.core.dbfunctions import PhoneTail
from infocenter.core.models import Department, Room, Site, optional_key, person_field
from infocenter.core.sharding import SiteForeignKey, SiteOneToOneField

from .choices import (
    BatchState,
    CallbackOutcome,
    Category,
    FormState,
    OrderState,
    Priority,
    ProblemState,
    ReporterKind,
    ReportOutcome,
    ResidentState,
    Source,
    Unsigned,
    VoidReason,
)

PHONE_HELP = _("11-digit mobile number, or a landline with its area code")


class SlaPolicy(models.Model):
    """The clocks of one site (SD-6, SD-7, SD-8, SD-12, SD-13/SD-14); defaults from the source
    (the follow-up of an unfinished matter, SD-12: a reminder every working day)."""

    site = models.OneToOneField(Site, on_delete=models.PROTECT, related_name="sla_policy")
    dispatch_amount = models.PositiveSmallIntegerField(_("dispatch or handle within"), default=24)
    dispatch_unit = models.CharField(
        max_length=15, choices=DurationUnit.choices, default=DurationUnit.WALL_HOURS
    )
    arrange_amount = models.PositiveSmallIntegerField(_("staff arranged within"), default=2)
    arrange_unit = models.CharField(
        max_length=15, choices=DurationUnit.choices, default=DurationUnit.WALL_HOURS
    )
    report_amount = models.PositiveSmallIntegerField(_("result reported within"), default=4)
    report_unit = models.CharField(
        max_length=15, choices=DurationUnit.choices, default=DurationUnit.WALL_HOURS
    )
    finish_amount = models.PositiveSmallIntegerField(_("finished or returned within"), default=2)
    finish_unit = models.CharField(
        max_length=15, choices=DurationUnit.choices, default=DurationUnit.WORKING_DAYS
    )
    follow_up_amount = models.PositiveSmallIntegerField(
        _("unfinished matter followed up every"), default=1
    )
    follow_up_unit = models.CharField(
        max_length=15, choices=DurationUnit.choices, default=DurationUnit.WORKING_DAYS
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self):
        return f"{self.site} SLA"


class Resident(models.Model):
    """An owner or resident (业户) in the residents register, with pinyin for type-ahead. A flat
    keeps its past residents (moved out, with their dates); a duplicate is merged into the one
    kept (LOG-4)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="residents")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReporterKind.choices, default=ReporterKind.OWNER
    )
    phone = models.CharField(_("phone"), max_length=20, help_text=PHONE_HELP)
    phone2 = models.CharField(_("second phone"), max_length=20, blank=True)
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="residents"
    )
    name_pinyin = models.CharField(max_length=200, blank=True)
    name_initials = models.CharField(max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ResidentState.choices, default=ResidentState.CURRENT
    )
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    merged_into = SiteForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(state="merged"),
                name="resident_merged_into_only_when_merged",
            ),
        ]
        indexes = [
            models.Index(fields=["site", "state", "name"], name="resident_site_state_name_idx"),
            models.Index(fields=["site", "phone"], name="resident_site_phone_idx"),
            models.Index(fields=["site", "phone2"], name="resident_site_phone2_idx"),
            models.Index(PhoneTail("phone"), name="resident_phone_tail_idx"),
            models.Index(PhoneTail("phone2"), name="resident_phone2_tail_idx"),
            models.Index(fields=["site", "name_initials"], name="resident_site_initials_idx"),
            models.Index(fields=["site", "name_pinyin"], name="resident_site_pinyin_idx"),
        ]

    def __str__(self):
        return f"{self.name} {self.room or ''}".strip()


URGENT_FORMS = Q(priority=Priority.URGENT) | Q(major=True)
URGENT_ORDERS = Q(form__priority=Priority.URGENT) | Q(form__major=True)


class ServiceForm(models.Model):
    """A Customer Service Form (客户服务单, KF-CQ08-01-F2): one item received by the
    information center (SD-1), with the processor's receipt confirmation."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="service_forms")
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    reporter_kind = models.CharField(
        _("reporter type"), max_length=10, choices=ReporterKind.choices
    )
    resident = SiteForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="forms"
    )
    reporter_name = models.CharField(_("reporter"), max_length=50)
    reporter_phone = models.CharField(_("phone"), max_length=20, blank=True)
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="forms"
    )
    location = models.CharField(
        _("location"),
        max_length=100,
        blank=True,
        help_text=_("The place, when it is not a flat (e.g. 3栋电梯厅)"),
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    major = models.BooleanField(_("major event"), default=False)
    content = models.TextField(_("content"))
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="received_forms",
        verbose_name=_("received by"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=FormState.choices, default=FormState.LOGGED
    )
    resolution = models.TextField(_("handling and result"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = optional_key(settings.AUTH_USER_MODEL, related_name="resolved_forms")
    pending_until = models.DateField(_("expected by"), null=True, blank=True)
    pending_reason = models.CharField(_("why it waits"), max_length=200, blank=True)
    reopened_from = SiteForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reopened_as"
    )
    major_report = models.TextField(_("written report"), blank=True)
    major_reported_at = models.DateTimeField(null=True, blank=True)
    major_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    instructions = models.TextField(_("leader's instructions"), blank=True)
    instructed_at = models.DateTimeField(null=True, blank=True)
    instructed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    void_reason = models.CharField(
        _("reason for voiding"), max_length=10, choices=VoidReason.choices, blank=True
    )
    void_note = models.CharField(_("voiding note"), max_length=200, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = person_field(_("voided by"), optional=True)
    archive_batch = SiteForeignKey(
        "ArchiveBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="forms"
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    # SD-17, SD-10: the staff member who filed the form (填单人), apart from the reporter, and
    # the processor's confirmation of receipt (签字确认).
    filed_by = person_field(_("filed by"), optional=True)
    receipt_confirmed_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)
    receipt_confirmed_by = person_field(_("receipt confirmed by"), optional=True)
    # SD-11: internal feedback referred to a branch or company department, its reply to the filer.
    referred_to = optional_key(Department, _("referred to"), related_name="referred_forms")
    referred_at = models.DateTimeField(null=True, blank=True)
    referred_by = person_field(_("referred by"), optional=True)
    reply = models.TextField(_("reply to the filer"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = person_field(_("replied by"), optional=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("customer service form")
        verbose_name_plural = _("customer service forms")
        indexes = [
            models.Index(fields=["site", "received_at"], name="form_site_received_idx"),
            # the report's repeat complaints: a site's complaints of a period
            models.Index(fields=["site", "category", "received_at"], name="form_site_category_idx"),
            models.Index(fields=["site", "state", "received_at"], name="form_site_state_idx"),
            models.Index(fields=["site", "reporter_phone"], name="form_site_phone_idx"),
            # the search box finds a reporter by the beginning of their name (UX 12)
            models.Index(fields=["site", "reporter_name"], name="form_site_reporter_idx"),
            models.Index(fields=["room", "category"], name="form_room_category_idx"),
            # the search box's forms of a flat or of residents, newest first, scoped from the
            # index alone (no row read before the newest are chosen)
            models.Index(fields=["room", "received_at", "site"], name="form_room_received_idx"),
            models.Index(
                fields=["resident", "received_at", "site"], name="form_resident_received_idx"
            ),
            models.Index(fields=["filed_by", "received_at"], name="form_filer_received_idx"),
            models.Index(fields=["referred_to", "state"], name="form_referred_state_idx"),
        ]

    def __str__(self):
        return self.serial

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:form", args=[self.pk])

    @property
    def is_urgent(self) -> bool:
        """An urgent (紧急) or major (重大) matter: it stands out and is announced in every queue."""
        return self.priority == Priority.URGENT or self.major

    @property
    def address(self) -> str:
        return str(self.room) if self.room_id else self.location


class WorkOrder(models.Model):
    """A Work Order (派工单, KF-CQ08-01-F3) issued to a department for one form (SD-5)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="work_orders")
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    form = SiteForeignKey(ServiceForm, on_delete=models.PROTECT, related_name="orders")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("department"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=OrderState.choices, default=OrderState.DISPATCHED
    )
    instructions = models.TextField(_("instructions"), blank=True)
    dispatched_at = models.DateTimeField()
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="followed_orders",
        verbose_name=_("follow-up assistant"),
    )
    receiver = optional_key(
        settings.AUTH_USER_MODEL,
        _("addressed to"),
        related_name="received_orders",
        help_text=_("A re-issued order goes to this person directly."),
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assignee = optional_key(
        settings.AUTH_USER_MODEL, _("technician"), related_name="assigned_orders"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField(_("handling and result"), blank=True)
    signed_by_customer = models.CharField(_("customer's name"), max_length=50, blank=True)
    signature = models.ImageField(
        _("customer's signature"), upload_to="signatures/%Y/%m/", blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ReportOutcome.choices, blank=True
    )
    unsigned = models.CharField(
        _("no customer's signature"), max_length=12, choices=Unsigned.choices, blank=True
    )
    unsigned_note = models.CharField(_("note on the signature"), max_length=200, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reissue_of = SiteOneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reissue"
    )
    redispatch_of = optional_key(
        "self",
        related_name="redispatches",
        help_text=_("The returned order this one takes over."),
        same_site=True,
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-dispatched_at"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        indexes = [
            models.Index(
                fields=["department", "state", "dispatched_at"], name="order_dept_state_idx"
            ),
            models.Index(fields=["site", "dispatched_at"], name="order_site_dispatched_idx"),
            models.Index(fields=["site", "state", "dispatched_at"], name="order_site_state_idx"),
            # the reports' returns of a period (X-9)
            models.Index(fields=["site", "returned_at"], name="order_site_returned_idx"),
            models.Index(fields=["assignee", "state"], name="order_assignee_state_idx"),
            models.Index(fields=["assistant", "state"], name="order_assistant_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="order_return_has_reason",
            ),
        ]

    def __str__(self):
        return self.serial

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:order", args=[self.pk])


class ArchiveBatch(models.Model):
    """A week's organised records handed by the processor to the data manager, who reviews
    them; only reviewed records are archived and become read-only (SD-16, LOG-6)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="archive_batches")
    week_start = models.DateField(_("week starting"))
    state = models.CharField(
        _("state"), max_length=10, choices=BatchState.choices, default=BatchState.SUBMITTED
    )
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    refused = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Forms of the week that failed the archive gate, with the reasons."),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-week_start"]
        verbose_name = _("archive batch")
        verbose_name_plural = _("archive batches")
        indexes = [models.Index(fields=["site", "week_start"], name="batch_site_week_idx")]

    def __str__(self):
        return f"{self.site} {self.week_start:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:batch", args=[self.pk])


class Callback(models.Model):
    """A callback (回访) to the customer after the matter was handled (SD-10)."""

    # the form's site, kept with the row: it lives with its form in a database distributed by
    # site (docs/scaling.md)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    form = SiteForeignKey(ServiceForm, on_delete=models.PROTECT, related_name="callbacks")
    called_at = models.DateTimeField()
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=CallbackOutcome.choices)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    notes = models.TextField(_("notes"), blank=True)
    customer_told = models.BooleanField(_("customer told the result"), default=False)
    filer_told = models.BooleanField(_("filer told the result"), default=False)

    class Meta:
        ordering = ["-called_at"]
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")

    def __str__(self):
        return f"{self.form} {self.get_outcome_display()}"


class BatchProblem(models.Model):
    """SD-12: one problem the data manager named when returning a weekly batch (e.g. 签字不清),
    on a form or one of its work orders, in the responsible person's corrections queue until
    it is marked fixed; the form goes back in the next hand-over only then."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="batch_problems")
    batch = SiteForeignKey(ArchiveBatch, on_delete=models.PROTECT, related_name="problems")
    form = SiteForeignKey(
        ServiceForm, on_delete=models.PROTECT, related_name="batch_problems", verbose_name=_("form")
    )
    order = optional_key(WorkOrder, _("work order"), related_name="batch_problems", same_site=True)
    problem = models.CharField(_("problem"), max_length=200)
    responsible = person_field(_("responsible person"))
    state = models.CharField(
        _("state"), max_length=8, choices=ProblemState.choices, default=ProblemState.OPEN
    )
    created_at = models.DateTimeField()
    created_by = person_field(_("named by"))
    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)
    fixed_by = person_field(_("fixed by"), optional=True)
    fix_note = models.CharField(_("how it was fixed"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("problem to correct")
        verbose_name_plural = _("problems to correct")
        indexes = [
            models.Index(fields=["responsible", "state"], name="problem_responsible_state_idx"),
            models.Index(fields=["site", "state"], name="problem_site_state_idx"),
        ]

    def __str__(self):
        return f"{self.order or self.form}: {self.problem}"

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:corrections") + f"#problem-{self.pk}"

    @property
    def record(self):
        """The form or order the problem is about."""
        return self.order or self.form


class ServiceDeskDay(models.Model):
    """X-9: what the service desk's per-site figures counted on one settled day of a site (every
    form received and every work order issued that day archived, none of their clocks still
    running), kept so that a report sums days instead of reading their records again
    (``rollup``; docs/decisions/0001-report-figures-at-scale.md). Archived records cannot
    change, so neither can a row."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    counts = models.JSONField(default=dict)
    settled_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "day"], name="servicedesk_day_unique")
        ]

    def __str__(self):
        return f"{self.site_id} {self.day}"
