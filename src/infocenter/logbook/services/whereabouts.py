"""Whereabouts (IT-5): where each person is, until when, and whom to call instead."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.audit import record_event
from infocenter.core.exceptions import PermissionDenied
from infocenter.core.models import User
from infocenter.core.services import stale_edit
from infocenter.core.validators import FieldErrors

from ..choices import WhereaboutsStatus
from ..models import Whereabouts


def set_whereabouts(
    actor,
    *,
    person: User,
    status: str,
    place: str = "",
    until: dt.datetime | None = None,
    substitute: User | None = None,
    version: int | None = None,
) -> Whereabouts:
    """IT-5: where ``person`` is now, until when, and whom to call instead. Everyone sets their
    own; processors, the customer-service manager and department heads set others' at their sites."""
    if person.pk != actor.pk and not any(
        permissions.can(actor, "lb.whereabouts", site_id=s) for s in permissions.sites_of(person)
    ):
        raise PermissionDenied(_("You can set only your own whereabouts."), rule="IT-5")
    errors = FieldErrors()
    errors.choice("status", status, WhereaboutsStatus)
    now = timezone.now()
    if until is not None and until <= now:
        errors.add("until", _("Choose a time in the future."))
    if substitute is not None and substitute.pk == person.pk:
        errors.add("substitute", _("Choose someone else to call instead."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        row = Whereabouts.objects.select_for_update().filter(user=person).first()
        if row is not None and version is not None and row.version != version:
            raise stale_edit(row)
        before = {"status": row.status, "place": row.place} if row else {}
        row = row or Whereabouts(user=person, version=0)
        row.status, row.place, row.until, row.substitute = status, place.strip(), until, substitute
        row.updated_at, row.updated_by = now, actor
        row.version += 1
        row.save()
        record_event(
            actor=actor,
            subject=person,
            kind="whereabouts.set",
            data={
                "status": status,
                "place": row.place,
                "until": until,
                "substitute": str(substitute or ""),
                "before": before,
            },
        )
        return row


def whereabouts_at(person: User, at: dt.datetime) -> Whereabouts | None:
    """IT-5: where ``person`` was at ``at`` when it was away from the desk (set before then and
    not yet over), else None."""
    row = Whereabouts.objects.select_related("substitute").filter(user=person).first()
    if row is None or row.status == WhereaboutsStatus.AT_DESK or row.updated_at > at:
        return None
    return row if row.until is None or row.until > at else None
