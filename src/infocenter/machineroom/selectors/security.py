"""Scoped reads of keys, credentials and security reports (MR-4, MR-12)."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from infocenter.core import permissions

from .. import approvals
from ..models import Credential, Key, KeyEvent, SecurityReport
from .common import get_scoped


def keys_for(actor, *, site=None) -> QuerySet:
    qs = permissions.restrict(Key.objects.select_related("holder"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_key(actor, pk):
    return get_scoped(keys_for(actor), pk)


def key_events_for(actor, *, site=None) -> QuerySet:
    qs = permissions.restrict(
        KeyEvent.objects.select_related("key", "person", "approved_by", "recorded_by"),
        actor,
        "mr.view",
        site_field="key__site",
    )
    return qs.filter(key__site=site) if site is not None else qs


def credentials_for(actor, *, site=None, retired: bool | None = False) -> QuerySet:
    """MR-12: the credential register: the accounts in use (``retired``: those retired; None:
    all of them)."""
    qs = permissions.restrict(
        Credential.objects.select_related("custodian", "site"), actor, "mr.view"
    )
    qs = qs if retired is None else qs.filter(retired_at__isnull=not retired)
    return qs.filter(site=site) if site is not None else qs


def get_credential(actor, pk):
    return get_scoped(credentials_for(actor, retired=None), pk)


def reports_for(actor, *, site=None) -> QuerySet:
    qs = permissions.restrict(
        SecurityReport.objects.select_related(
            "reported_by", "acknowledged_by", "key", "credential"
        ),
        actor,
        "mr.view",
    )
    return qs.filter(site=site) if site is not None else qs


def get_report(actor, pk):
    return get_scoped(reports_for(actor), pk)


def _reports_waiting(user):
    qs = reports_for(user).filter(acknowledged_at__isnull=True)
    qs = permissions.restrict(qs, user, "mr.approve")
    return [
        approvals.Waiting(
            str(_("Security report")),
            f"{r.get_kind_display()} · {r.description[:40]}",
            reverse("machineroom:report", args=[r.pk]),
            r.reported_at,
            str(r.reported_by),
        )
        for r in qs.order_by("reported_at")[:100]
    ]


approvals.register("security", _reports_waiting)
