"""The registers' time limits of a site (LOG-1 acceptance, LOG-2 call-back, LOG-3 reporting)."""

from django.db import transaction
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.audit import record_event
from infocenter.core.models import Site
from infocenter.core.services import save_new_version, stale_edit
from infocenter.core.validators import FieldErrors

from ..models import LogbookPolicy


def policy(site: Site) -> LogbookPolicy:
    """The site's register time limits, or the source's defaults when none was saved."""
    return LogbookPolicy.objects.filter(site=site).first() or LogbookPolicy(site=site)


def update_policy(
    actor,
    *,
    site: Site,
    version: int,
    report_within_hours: int,
    accept_within_minutes: int,
    call_back_within_minutes: int,
) -> LogbookPolicy:
    """The site's register time limits (LOG-1, LOG-2, LOG-3)."""
    permissions.check(actor, "lb.policy", site=site)
    errors = FieldErrors()
    for field, value, low, high in (
        ("report_within_hours", report_within_hours, 1, 72),
        ("accept_within_minutes", accept_within_minutes, 5, 240),
        ("call_back_within_minutes", call_back_within_minutes, 5, 1440),
    ):
        if not low <= value <= high:
            errors.add(
                field, _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}
            )
    errors.raise_any()
    with transaction.atomic(durable=True):
        row = LogbookPolicy.objects.select_for_update().filter(
            site=site
        ).first() or LogbookPolicy.objects.create(site=site)
        if row.version != version:
            raise stale_edit(row)
        new = {
            "report_within_hours": report_within_hours,
            "accept_within_minutes": accept_within_minutes,
            "call_back_within_minutes": call_back_within_minutes,
        }
        changes = {k: [getattr(row, k), v] for k, v in new.items() if getattr(row, k) != v}
        for key, value in new.items():
            setattr(row, key, value)
        save_new_version(row, *new)
        record_event(
            actor=actor, subject=site, kind="logbook.policy_changed", data={"changes": changes}
        )
        return row
