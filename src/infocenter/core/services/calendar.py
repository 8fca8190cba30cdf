"""Writes of the working calendar (X-3): a site's own holidays and make-up workdays beside the
official calendar."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..audit import record_event
from ..choices import OverrideKind
from ..exceptions import ValidationFailed
from ..models import (
    CalendarOverride,
    Site,
)
from .records import validated


def add_calendar_override(
    actor, *, site: Site, date: dt.date, kind: str, official: bool = False, note: str = ""
) -> CalendarOverride:
    """Declare a site holiday or working day (X-3), e.g. next year's official schedule."""
    permissions.check(actor, "calendar.manage", site=site)
    if kind not in OverrideKind.values:
        raise ValidationFailed(field_errors={"kind": [_("Choose holiday or working day.")]})
    with transaction.atomic(durable=True):
        if CalendarOverride.objects.filter(site=site, date=date).exists():
            raise ValidationFailed(
                field_errors={
                    "date": [
                        _("%(date)s already has an entry for this site; remove it first.")
                        % {"date": date}
                    ]
                }
            )
        override = CalendarOverride(site=site, date=date, kind=kind, official=official, note=note)
        validated(override)
        override.save()
        record_event(
            actor=actor,
            subject=override,
            kind="calendar.override_added",
            data={"date": date, "kind": kind, "official": official, "note": note},
        )
        return override


def remove_calendar_override(actor, override: CalendarOverride) -> None:
    """Remove a site holiday or working day; the removal stays in the audit chain."""
    permissions.check(actor, "calendar.manage", site=override.site_id)
    with transaction.atomic(durable=True):
        record_event(
            actor=actor,
            subject=override,
            kind="calendar.override_removed",
            data={"date": override.date, "kind": override.kind},
        )
        override.delete()
