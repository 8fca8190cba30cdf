"""IT-2: the endpoint registry (every computer or terminal of a site), its daily rate snapshots,
and the reconciliation with the security system's backend export and the upstream unit's list:
the remembered column mapping of each list, each import, and each difference as a task."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Department, Site, optional_key, person_field
from infocenter.core.sharding import SiteForeignKey


class ListKind(models.TextChoices):
    """Whose list an import is: the security system's admin backend, or the upstream unit's."""

    BACKEND = "backend", _("Security system backend")
    UPSTREAM = "upstream", _("Upstream information center")


class Problem(models.TextChoices):
    """How our registry and the other list disagree."""

    MISSING = "missing", _("Missing from their list")
    UNKNOWN = "unknown", _("Unknown to us")
    NAME = "name", _("Name mismatch")


class DifferenceState(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Resolution(models.TextChoices):
    """How a difference was settled; ``GONE`` is a later import that no longer shows it."""

    REGISTER = "register", _("Device registered in the security system")
    ADD = "add", _("Added to our registry")
    RETIRE = "retire", _("Device retired")
    ACCEPT_NAME = "accept_name", _("Their name accepted")
    KEEP_OURS = "keep_ours", _("Our record is right; they correct theirs")
    GONE = "gone", _("No longer in their list")


RESOLUTIONS_FOR = {
    Problem.MISSING: (Resolution.REGISTER, Resolution.RETIRE, Resolution.KEEP_OURS),
    Problem.UNKNOWN: (Resolution.ADD, Resolution.RETIRE, Resolution.KEEP_OURS),
    Problem.NAME: (Resolution.ACCEPT_NAME, Resolution.KEEP_OURS),
}

EDITABLE_FIELDS = (
    "department",
    "location",
    "user_name",
    "person",
    "asset_tag",
    "ip",
    "mac",
    "registered_on",
    "real_name_bound",
    "real_name_on",
    "equipment",
    "note",
)

# The columns of an imported list that a mapping may name; IP or MAC or asset tag identify a row.
LIST_FIELDS = ("ip", "mac", "user_name", "department", "asset_tag", "registered", "real_name")


class Endpoint(models.Model):
    """IT-2: one computer or terminal of a site, its user (by real name, and the person where
    there is one), whether it is registered in the security system and bound to a real name.
    A retired endpoint stays in the registry with its history and no longer counts."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="endpoints")
    department = optional_key(Department, _("department"), related_name="endpoints")
    location = models.CharField(_("location"), max_length=100, blank=True)
    user_name = models.CharField(_("user (real name)"), max_length=50, blank=True)
    person = person_field(_("person"), optional=True)
    asset_tag = models.CharField(_("asset tag"), max_length=50, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), protocol="IPv4", null=True, blank=True)
    mac = models.CharField(_("MAC address"), max_length=17, blank=True)
    registered_on = models.DateField(_("registered in the security system"), null=True, blank=True)
    real_name_bound = models.BooleanField(_("real name bound"), default=False)
    real_name_on = models.DateField(_("real name bound on"), null=True, blank=True)
    equipment = optional_key(
        "machineroom.Equipment",
        _("machine-room ledger line"),
        related_name="endpoints",
        same_site=True,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retire_reason = models.CharField(_("reason for retiring"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["site", "department", "location", "id"]
        verbose_name = _("endpoint")
        verbose_name_plural = _("endpoints")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "mac"],
                condition=Q(retired_at__isnull=True) & ~Q(mac=""),
                name="sw_endpoint_unique_mac",
            ),
            models.UniqueConstraint(
                fields=["site", "asset_tag"],
                condition=Q(retired_at__isnull=True) & ~Q(asset_tag=""),
                name="sw_endpoint_unique_asset_tag",
            ),
        ]
        indexes = [
            # covers the rates' counts (by site or department) without reading the rows
            models.Index(
                fields=["site", "retired_at", "department", "registered_on", "real_name_bound"],
                name="sw_endpoint_site_rates",
            ),
            models.Index(fields=["site", "ip"], name="sw_endpoint_site_ip"),
        ]

    def __str__(self):
        return " · ".join(x for x in (self.asset_tag, self.user_name, self.mac) if x) or str(
            self.pk
        )

    def get_absolute_url(self):
        return reverse("staffwork:endpoint", args=[self.pk])

    @property
    def registered(self) -> bool:
        return self.registered_on is not None


class EndpointSnapshot(models.Model):
    """IT-2: a day's registry figures of a site (``department`` empty) or of one department:
    endpoints in use, registered, real-name bound. Written daily by the worker and by each
    import; the rates' history chart reads these rows and never recomputes the past."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="endpoint_snapshots")
    department = optional_key(Department, related_name="endpoint_snapshots")
    day = models.DateField()
    total = models.PositiveIntegerField(default=0)
    registered = models.PositiveIntegerField(default=0)
    real_name = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["site", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "department", "day"],
                name="sw_snapshot_unique_department_day",
            ),
            models.UniqueConstraint(
                fields=["site", "day"],
                condition=Q(department__isnull=True),
                name="sw_snapshot_unique_site_day",
            ),
        ]
        indexes = [
            # the history of whole sites, read without the rows (the chart of a branch)
            models.Index(
                fields=["day", "site", "total", "registered", "real_name"],
                condition=Q(department__isnull=True),
                name="sw_snapshot_site_days",
            ),
        ]

    def __str__(self):
        return f"{self.site_id} {self.department_id or '-'} {self.day}"


class ListMapping(models.Model):
    """IT-2: which column of a site's backend export (or of the upstream list) holds the IP,
    MAC, user name … — chosen once from the file's header row and remembered."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="endpoint_mappings")
    kind = models.CharField(_("list"), max_length=10, choices=ListKind.choices)
    columns = models.JSONField(_("columns"), default=dict)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["site", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["site", "kind"], name="sw_mapping_unique_kind")
        ]

    def __str__(self):
        return f"{self.site_id} {self.kind}"


class ListImport(models.Model):
    """IT-2: one applied import of the other side's list, with what it found."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="endpoint_imports")
    kind = models.CharField(_("list"), max_length=10, choices=ListKind.choices)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = person_field(_("imported by"))
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    opened = models.PositiveIntegerField(_("differences opened"), default=0)
    closed = models.PositiveIntegerField(_("differences closed"), default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["site", "kind", "-imported_at"], name="sw_import_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.imported_at:%Y-%m-%d %H:%M}"


class Difference(models.Model):
    """IT-2: one way our registry and the other side's list disagree, a task with an owner
    until it is resolved (or a later import no longer shows it). ``theirs`` keeps the other
    side's row; ``key`` identifies the difference from one import to the next."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="endpoint_differences")
    kind = models.CharField(_("list"), max_length=10, choices=ListKind.choices)
    problem = models.CharField(_("difference"), max_length=10, choices=Problem.choices)
    key = models.CharField(max_length=80)
    endpoint = optional_key(Endpoint, _("endpoint"), related_name="differences", same_site=True)
    theirs = models.JSONField(_("their row"), default=dict, blank=True)
    owner = person_field(_("owner"))
    state = models.CharField(
        _("state"), max_length=10, choices=DifferenceState.choices, default=DifferenceState.OPEN
    )
    opened_by = SiteForeignKey(
        ListImport, on_delete=models.PROTECT, related_name="opened_differences"
    )
    closed_by = optional_key(ListImport, related_name="closed_differences", same_site=True)
    resolution = models.CharField(
        _("resolution"), max_length=12, choices=Resolution.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = person_field(_("resolved by"), optional=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["state", "problem", "id"]
        verbose_name = _("difference")
        verbose_name_plural = _("differences")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "key"],
                condition=Q(state="open"),
                name="sw_difference_unique_open",
            )
        ]
        indexes = [models.Index(fields=["site", "state", "kind"], name="sw_difference_open")]

    def __str__(self):
        who = self.endpoint or self.theirs.get("user_name") or self.theirs.get("mac") or ""
        return f"{self.get_problem_display()} · {who}"

    def get_absolute_url(self):
        return reverse("staffwork:endpoint_difference", args=[self.pk])
