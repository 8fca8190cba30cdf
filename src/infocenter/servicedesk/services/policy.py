"""The service desk's time limits (SD-6, SD-7, SD-8, SD-12, SD-14: configurable per site) and
the clocks they start."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from infocenter.core import calendar, deadlines, permissions
from infocenter.core.choices import DurationUnit
from infocenter.core.models import Site
from infocenter.core.services import apply_edit, stale_edit
from infocenter.core.validators import FieldErrors

from ..models import SlaPolicy

FORM_SERIES, ORDER_SERIES = "KF", "PG"
K_DISPATCH, K_ARRANGE, K_REPORT, K_FINISH = "sd.dispatch", "sd.arrange", "sd.report", "sd.finish"
# The reminder of an overdue order nobody above can take (SD-14): re-armed each finish period.
K_ALERT = "sd.escalated"
K_FOLLOW_UP = "sd.follow_up"  # an unfinished matter's reminders to follow it up (SD-12)
POLICY_FIELDS = ("dispatch", "arrange", "report", "finish", "follow_up")
# clock kind → the policy's limit that times it
LIMITS = {
    K_DISPATCH: "dispatch",
    K_ARRANGE: "arrange",
    K_REPORT: "report",
    K_FINISH: "finish",
    K_FOLLOW_UP: "follow_up",
}


def policy(site: Site) -> SlaPolicy:
    """The site's SLA policy, or the source's defaults when none was saved."""
    return SlaPolicy.objects.filter(site=site).first() or SlaPolicy(site=site)


def policy_of_department(department) -> SlaPolicy:
    """The policy of the department's site, without a query when the department was read with
    it in this request (``selectors.with_dispatch_facts``: ``select_related("site__sla_policy")``)."""
    if "site" in department._state.fields_cache and Site.sla_policy.related.is_cached(
        department.site
    ):
        return Site.sla_policy.related.get_cached_value(department.site) or SlaPolicy(
            site=department.site
        )
    return policy(department.site)


def start_clocks(
    record,
    start: dt.datetime,
    *kinds: str,
    sla: SlaPolicy | None = None,
    met_at: dt.datetime | None = None,
) -> None:
    """Start the clocks ``kinds`` on a form or order, each timed by its site's policy (``sla``
    when the caller has read it already); with ``met_at``, recorded as met then."""
    sla = sla or policy(record.site)
    for kind in kinds:
        deadlines.schedule(
            subject=record,
            kind=kind,
            site=record.site,
            start=start,
            met_at=met_at,
            **_period(sla, LIMITS[kind]),
        )


def start_follow_up(form, start: dt.datetime) -> None:
    """SD-12: the assistant's follow-up clock of an unfinished matter, reminding every period
    of the site's policy until the matter is finished; one per form."""
    if deadlines.open_for(form).filter(kind=K_FOLLOW_UP).exists():
        return
    remind_every(form, K_FOLLOW_UP, "follow_up", start)


def remind_every(record, kind: str, limit: str, start: dt.datetime) -> None:
    """A reminder clock ``kind`` on a form or order from ``start``, ringing every period of the
    site's policy limit ``limit`` (``"finish"``, ``"follow_up"`` …)."""
    deadlines.schedule_reminder(
        subject=record,
        kind=kind,
        site=record.site,
        start=start,
        **_period(policy(record.site), limit),
    )


def read_calendar_ahead(site, sla: SlaPolicy, *kinds: str) -> None:
    """Read the site's calendar before the write transaction when a clock of ``kinds`` counts
    working time (``core.calendar.read_ahead``); wall-clock limits need none."""
    if any(getattr(sla, f"{LIMITS[k]}_unit") != DurationUnit.WALL_HOURS for k in kinds):
        calendar.read_ahead(site)


def _period(sla: SlaPolicy, limit: str) -> dict:
    """The ``amount`` and ``unit`` of the policy's limit ``limit`` (``"dispatch"`` …)."""
    return {"amount": getattr(sla, f"{limit}_amount"), "unit": getattr(sla, f"{limit}_unit")}


def update_sla_policy(actor, site: Site, *, version: int, **limits) -> SlaPolicy:
    """Change a site's time limits. Clocks already running keep their due times; new ones use
    the new limits; a limit left out keeps its value. Customer-service managers and system
    administrators of the site."""
    permissions.check(actor, "sd.policy", site=site)
    current = policy(site)
    limits = {
        f"{name}_{part}": limits.get(f"{name}_{part}", getattr(current, f"{name}_{part}"))
        for name in POLICY_FIELDS
        for part in ("amount", "unit")
    }
    errors = FieldErrors()
    for name in POLICY_FIELDS:
        amount, unit = limits.get(f"{name}_amount"), limits.get(f"{name}_unit")
        if not isinstance(amount, int) or not 1 <= amount <= 720:
            errors.add(f"{name}_amount", _("Enter a whole number from 1 to 720."))
        if unit not in DurationUnit.values:
            errors.add(f"{name}_unit", _("Choose one of the listed values."))
    errors.raise_any()
    with transaction.atomic(durable=True):
        current = SlaPolicy.objects.select_for_update().filter(site=site).first()
        if current is None:
            if version != 1:
                raise stale_edit(site)
            current = SlaPolicy.objects.create(site=site)
            version = current.version
        return apply_edit(
            actor,
            current,
            version=version,
            kind="sla.updated",
            changes=limits,
        )
