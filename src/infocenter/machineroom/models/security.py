"""Keys and their custody (MR-4), the credential register that never holds a secret (MR-12) and
security reports (leaks, weaknesses, proposals)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from infocenter.core.models import Site, optional_key, person_field
from infocenter.core.sharding import SiteForeignKey

from ..choices import (
    CredentialLevel,
    KeyEventKind,
    KeyState,
    SecurityReportKind,
)
from .common import link


class Key(models.Model):
    """MR-4: a key of the machine room (or of a cabinet) and who holds it now. Keys are never
    lent outside the information center without the head's approval."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="machine_room_keys")
    label = models.CharField(_("key"), max_length=60)
    opens = models.CharField(_("opens"), max_length=120)
    state = models.CharField(
        _("state"), max_length=8, choices=KeyState.choices, default=KeyState.IN_BOX
    )
    holder = person_field(_("held by"), optional=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["site", "label"]
        verbose_name = _("key")
        verbose_name_plural = _("keys")
        constraints = [models.UniqueConstraint(fields=["site", "label"], name="key_unique_label")]

    def __str__(self):
        return self.label

    get_absolute_url = link("machineroom:keys", by=None)


class KeyEvent(models.Model):
    """MR-4: one hand-over, return or loss of a key, with the approval when it left the
    information center."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    key = SiteForeignKey(Key, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what"), max_length=8, choices=KeyEventKind.choices)
    person = person_field(_("person"), optional=True)
    approved_by = person_field(_("approved by"), optional=True)
    recorded_by = person_field(_("recorded by"))
    at = models.DateTimeField(_("time"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("key hand-over")
        verbose_name_plural = _("key hand-overs")

    def __str__(self):
        return f"{self.key} {self.get_kind_display()}"


class Credential(models.Model):
    """MR-12: one account of the credential register: which system, which account, its
    permission level, who holds it, when it was last changed and when it is due. **Never the
    password itself**: no field here, in the forms or in the API, takes a secret."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="credentials")
    system = models.CharField(_("system or device"), max_length=100)
    account = models.CharField(_("account name"), max_length=60)
    level = models.CharField(_("permission level"), max_length=12, choices=CredentialLevel.choices)
    custodian = person_field(_("custodian"))
    rotate_every_days = models.PositiveSmallIntegerField(_("changed every (days)"), default=90)
    last_rotated_on = models.DateField(_("last changed on"))
    next_due_on = models.DateField(_("next change due"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["next_due_on", "system"]
        verbose_name = _("credential")
        verbose_name_plural = _("credential register")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "system", "account"], name="credential_unique_account"
            )
        ]

    def __str__(self):
        return f"{self.system} · {self.account}"

    get_absolute_url = link("machineroom:credentials", by=None)


class SecurityReport(models.Model):
    """MR-4: a lost key or leaked security information, reported at once with its remedy, or
    a weakness found and an improvement proposed; the head acknowledges it."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="security_reports")
    kind = models.CharField(_("kind"), max_length=14, choices=SecurityReportKind.choices)
    description = models.TextField(_("what happened"))
    remedy = models.TextField(_("remedy taken or proposed"))
    key = optional_key(Key, _("key"), related_name="reports", same_site=True)
    credential = optional_key(Credential, _("credential"), related_name="reports", same_site=True)
    reported_by = person_field(_("reported by"))
    reported_at = models.DateTimeField(_("reported at"))
    acknowledged_by = person_field(_("acknowledged by"), optional=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    response = models.TextField(_("head's response"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("security report")
        verbose_name_plural = _("security reports")

    def __str__(self):
        return f"{self.get_kind_display()} {self.reported_at:%Y-%m-%d}"

    get_absolute_url = link("machineroom:report")
