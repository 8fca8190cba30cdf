"""Scoped reads of keys, credentials and security reports (MR-4, MR-12)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.web import url_for_each

from .. import approvals
from ..models import Credential, Key, KeyEvent, SecurityReport
from .common import get_scoped, viewable


def keys_for(actor, *, site=None) -> QuerySet:
    return viewable(Key.objects.select_related("holder"), actor, site=site)


def get_key(actor, pk):
    return get_scoped(keys_for(actor), pk)


def key_events_for(actor, *, site=None) -> QuerySet:
    return viewable(
        KeyEvent.objects.select_related("key", "person", "approved_by", "recorded_by"),
        actor,
        site=site,
        site_field="key__site",
    )


def credentials_for(actor, *, site=None, retired: bool | None = False) -> QuerySet:
    """MR-12: the credential register: the accounts in use (``retired``: those retired; None:
    all of them)."""
    qs = viewable(Credential.objects.select_related("custodian", "site"), actor, site=site)
    return qs if retired is None else qs.filter(retired_at__isnull=not retired)


def get_credential(actor, pk):
    return get_scoped(credentials_for(actor, retired=None), pk)


def reports_for(actor, *, site=None) -> QuerySet:
    return viewable(
        SecurityReport.objects.select_related(
            "reported_by", "acknowledged_by", "key", "credential"
        ),
        actor,
        site=site,
    )


def get_report(actor, pk):
    return get_scoped(reports_for(actor), pk)


def _reports_waiting(user):
    qs = reports_for(user).filter(acknowledged_at__isnull=True)
    qs = permissions.restrict(qs, user, "mr.approve").select_related(None)
    qs = qs.select_related("reported_by")  # what the row shows
    url = url_for_each("machineroom:report")
    return [
        approvals.Waiting(
            str(_("Security report")),
            f"{r.get_kind_display()} · {r.description[:40]}",
            url(r.pk),
            r.reported_at,
            str(r.reported_by),
            record=r,
        )
        for r in qs.order_by("reported_at")[:100]
    ]


approvals.register("security", _reports_waiting)
