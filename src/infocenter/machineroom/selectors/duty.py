"""Scoped reads of the duty roster, the duty and closing checklists and their alerts (MR-1)."""

from django.db.models import QuerySet

from infocenter.core import permissions

from ..models import ClosingCheck, DutyAlert, DutyCheck, RosterDay
from .common import get_scoped


def roster_for(actor, *, site=None) -> QuerySet:
    """MR-1: days of the duty roster with their duty person, on-call staff and checklists."""
    qs = permissions.restrict(
        RosterDay.objects.select_related("room", "person", "duty_check__done_by").prefetch_related(
            "on_call"
        ),
        actor,
        "mr.view",
    )
    return qs.filter(site=site) if site is not None else qs


def get_roster_day(actor, pk):
    return get_scoped(roster_for(actor), pk)


def closings_for(actor, *, site=None) -> QuerySet:
    """MR-1: the last-person-out closing checklists."""
    qs = permissions.restrict(
        ClosingCheck.objects.select_related("room", "done_by"), actor, "mr.view"
    )
    return qs.filter(site=site) if site is not None else qs


def duty_checks_for(actor, *, site=None) -> QuerySet:
    """MR-1: the daily duty checklists."""
    qs = permissions.restrict(
        DutyCheck.objects.select_related("room", "done_by", "on_behalf_of"), actor, "mr.view"
    )
    return qs.filter(site=site) if site is not None else qs


def duty_alerts_for(actor, *, site=None, open_only: bool = False) -> QuerySet:
    """MR-1: rostered days whose checklists were missing at the evening check."""
    qs = permissions.restrict(DutyAlert.objects.select_related("room"), actor, "mr.view")
    qs = qs.filter(resolved_at__isnull=True) if open_only else qs
    return qs.filter(site=site) if site is not None else qs
