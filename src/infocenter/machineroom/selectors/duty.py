"""Scoped reads of the duty roster, the duty and closing checklists and their alerts (MR-1)."""

from django.db.models import QuerySet

from ..models import ClosingCheck, DutyAlert, DutyCheck, RosterDay
from .common import get_scoped, viewable


def roster_for(actor, *, site=None) -> QuerySet:
    """MR-1: days of the duty roster with their duty person, on-call staff and checklists."""
    return viewable(
        RosterDay.objects.select_related("room", "person", "duty_check__done_by").prefetch_related(
            "on_call"
        ),
        actor,
        site=site,
    )


def get_roster_day(actor, pk):
    return get_scoped(roster_for(actor), pk)


def closings_for(actor, *, site=None) -> QuerySet:
    """MR-1: the last-person-out closing checklists."""
    return viewable(ClosingCheck.objects.select_related("room", "done_by"), actor, site=site)


def duty_checks_for(actor, *, site=None) -> QuerySet:
    """MR-1: the daily duty checklists."""
    return viewable(
        DutyCheck.objects.select_related("room", "done_by", "on_behalf_of"), actor, site=site
    )


def duty_alerts_for(actor, *, site=None, open_only: bool = False) -> QuerySet:
    """MR-1: rostered days whose checklists were missing at the evening check."""
    qs = viewable(DutyAlert.objects.select_related("room"), actor, site=site)
    return qs.filter(resolved_at__isnull=True) if open_only else qs
