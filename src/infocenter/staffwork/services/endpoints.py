"""IT-2: the endpoint registry's writes (add, edit with a version check, retire), the checks
its forms and the imports share (MAC and IP normalised, unique per site), and the daily snapshot
of its rates. The reconciliation with the other side's lists is ``endpoint_lists``."""

import datetime as dt
import ipaddress
import re

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.audit import diff, record_event
from infocenter.core.exceptions import Conflict, ValidationFailed
from infocenter.core.models import Department, Site, User
from infocenter.core.services.records import lock_for_change, save_new_version
from infocenter.core.validators import FieldErrors

from ..models.endpoints import (
    EDITABLE_FIELDS,
    Endpoint,
    EndpointSnapshot,
)

ACTION = "sw.endpoints"
EDITABLE = EDITABLE_FIELDS
IDENTIFIERS = ("mac", "ip", "asset_tag")
CHUNK = 500

_MAC_HEX = re.compile(r"^[0-9A-F]{12}$")


# -- checks shared by the registry's forms and the imports --------------------------------------


def normalise_mac(raw: str) -> str | None:
    """``raw`` as ``AA:BB:CC:DD:EE:FF`` (any of ``aa-bb-…``, ``aabb.ccdd.eeff``, ``aabbccddeeff``
    accepted); None when it is not a MAC address; empty stays empty."""
    text = re.sub(r"[\s:.\-]", "", (raw or "").upper())
    if not text:
        return ""
    if not _MAC_HEX.match(text):
        return None
    return ":".join(text[i : i + 2] for i in range(0, 12, 2))


def normalise_ip(raw: str) -> str | None:
    """``raw`` as an IPv4 address; None when it is not one; empty stays empty."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        return None


def endpoint_errors(site, values: dict, *, endpoint=None) -> FieldErrors:
    errors = FieldErrors()
    mac, ip = normalise_mac(values.get("mac", "")), normalise_ip(values.get("ip") or "")
    if mac is None:
        errors.add(
            "mac", _("Enter a MAC address of 12 hexadecimal digits, e.g. 3C:52:82:1A:2B:3C.")
        )
    if ip is None:
        errors.add("ip", _("Enter an IPv4 address, e.g. 10.1.2.3."))
    if not (mac or ip or values.get("asset_tag", "").strip()):
        errors.add(
            "non_field_errors",
            _("Enter at least the MAC address, the IP address or the asset tag."),
        )
    department, equipment = values.get("department"), values.get("equipment")
    if department is not None and department.site_id != site.pk:
        errors.add("department", _("The department belongs to another site."))
    if equipment is not None and equipment.site_id != site.pk:
        errors.add("equipment", _("The ledger line belongs to another site."))
    person = values.get("person")
    if person is not None and site.pk not in permissions.sites_of(person):
        errors.add("person", _("The person does not work at this site."))
    if values.get("real_name_bound") and not (values.get("user_name") or "").strip():
        errors.add("real_name_bound", _("A real name can be bound only with the user's name."))
    if values.get("real_name_on") and not values.get("real_name_bound"):
        errors.add("real_name_on", _("A binding date needs the real name bound."))
    active = Endpoint.objects.filter(site=site, retired_at__isnull=True)
    if endpoint is not None:
        active = active.exclude(pk=endpoint.pk)
    if mac and active.filter(mac=mac).exists():
        errors.add("mac", _("Another endpoint of this site has this MAC address."))
    tag = values.get("asset_tag", "").strip()
    if tag and active.filter(asset_tag=tag).exists():
        errors.add("asset_tag", _("Another endpoint of this site has this asset tag."))
    values["mac"], values["ip"] = mac or "", ip or None
    return errors


def cleaned(values: dict) -> dict:
    for field in ("location", "user_name", "asset_tag", "note"):
        values[field] = (values.get(field) or "").strip()
    if values.get("real_name_bound") and not values.get("real_name_on"):
        values["real_name_on"] = timezone.localdate()
    return values


def shown(value) -> str:
    return "" if value is None else str(value)


# -- the registry -------------------------------------------------------------------------------


def add_endpoint(
    actor,
    *,
    site: Site,
    department: Department | None = None,
    location: str = "",
    user_name: str = "",
    person: User | None = None,
    asset_tag: str = "",
    ip: str = "",
    mac: str = "",
    registered_on: dt.date | None = None,
    real_name_bound: bool = False,
    real_name_on: dt.date | None = None,
    equipment=None,
    note: str = "",
) -> Endpoint:
    """IT-2: a computer or terminal added to the site's registry (IT staff, the head)."""
    permissions.check(actor, ACTION, site=site)
    values = cleaned({k: v for k, v in locals().items() if k in EDITABLE})
    endpoint_errors(site, values).raise_any(rule="IT-2")
    with transaction.atomic(durable=True):
        endpoint = Endpoint.objects.create(site=site, **values)
        record_event(
            actor=actor,
            subject=endpoint,
            kind="endpoint.added",
            data={k: shown(v) for k, v in values.items() if v not in (None, "", False)},
        )
        return endpoint


def update_endpoint(
    actor,
    endpoint: Endpoint,
    *,
    version: int,
    department: Department | None = None,
    location: str = "",
    user_name: str = "",
    person: User | None = None,
    asset_tag: str = "",
    ip: str = "",
    mac: str = "",
    registered_on: dt.date | None = None,
    real_name_bound: bool = False,
    real_name_on: dt.date | None = None,
    equipment=None,
    note: str = "",
) -> Endpoint:
    """IT-2: correct an endpoint; a stale edit is refused with who changed what, a retired one
    is read-only; the audit event holds every changed field before and after."""
    permissions.check(actor, ACTION, site=endpoint.site_id)
    values = cleaned({k: v for k, v in locals().items() if k in EDITABLE})
    with transaction.atomic(durable=True):
        endpoint = lock_for_change(Endpoint, endpoint, version)
        refuse_retired(endpoint)
        endpoint_errors(endpoint.site, values, endpoint=endpoint).raise_any(rule="IT-2")
        before = {k: shown(getattr(endpoint, k)) for k in EDITABLE}
        for field, value in values.items():
            setattr(endpoint, field, value)
        save_new_version(endpoint, *EDITABLE)
        changes = diff(before, {k: shown(getattr(endpoint, k)) for k in EDITABLE})
        record_event(
            actor=actor, subject=endpoint, kind="endpoint.changed", data={"changes": changes}
        )
        return endpoint


def retire_endpoint(actor, endpoint: Endpoint, *, version: int, reason: str) -> Endpoint:
    """IT-2: an endpoint taken out of use; it stays in the registry with its history and no
    longer counts in the rates."""
    permissions.check(actor, ACTION, site=endpoint.site_id)
    if not reason.strip():
        raise ValidationFailed(field_errors={"reason": [_("Say why the endpoint is retired.")]})
    with transaction.atomic(durable=True):
        endpoint = lock_for_change(Endpoint, endpoint, version)
        retire_locked(actor, endpoint, reason.strip())
        return endpoint


def retire_locked(actor, endpoint: Endpoint, reason: str) -> None:
    refuse_retired(endpoint)
    endpoint.retired_at, endpoint.retire_reason = timezone.now(), reason
    save_new_version(endpoint, "retired_at", "retire_reason")
    record_event(actor=actor, subject=endpoint, kind="endpoint.retired", data={"reason": reason})


def refuse_retired(endpoint: Endpoint) -> None:
    if endpoint.retired_at is not None:
        raise Conflict(
            _("%(endpoint)s is retired and read-only.") % {"endpoint": endpoint}, rule="IT-2"
        )


# -- rates' history -----------------------------------------------------------------------------


def snapshot_rates(site: Site, day: dt.date | None = None) -> int:
    """IT-2: today's (or ``day``'s) figures of the site and of each of its departments, written
    over any of the same day; idempotent. Returns the rows written."""
    day = day or timezone.localdate()
    rows = (
        Endpoint.objects.filter(site=site, retired_at__isnull=True)
        .values("department_id")
        .annotate(
            total=Count("id"),
            registered=Count("id", filter=Q(registered_on__isnull=False)),
            real_name=Count("id", filter=Q(real_name_bound=True)),
        )
        .order_by()
    )
    whole = {"total": 0, "registered": 0, "real_name": 0}
    snapshots = []
    for row in rows:
        figures = {k: row[k] for k in whole}
        whole = {k: whole[k] + figures[k] for k in whole}
        if row["department_id"]:
            snapshots.append(
                EndpointSnapshot(site=site, department_id=row["department_id"], day=day, **figures)
            )
    snapshots.append(EndpointSnapshot(site=site, department=None, day=day, **whole))
    with transaction.atomic():
        EndpointSnapshot.objects.filter(site=site, day=day).delete()
        EndpointSnapshot.objects.bulk_create(snapshots)
    return len(snapshots)


def snapshot_site(site: Site, at: dt.datetime) -> None:
    """The worker's daily job (``deadlines.py``): the day's snapshot of ``site``."""
    snapshot_rates(site, timezone.localdate(at))
