"""Scoped reads of the duty roster, checklists, alerts, serious events and permits (MR-1, MR-5, MR-6)."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from infocenter.core import permissions
from infocenter.core.exceptions import NotFound

from .. import approvals
from .access import get_scoped


def roster_for(actor, *, site=None) -> QuerySet:
    """MR-1: days of the duty roster with their duty person, on-call staff and checklists."""
    from ..models import RosterDay

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
    from ..models import ClosingCheck

    qs = permissions.restrict(
        ClosingCheck.objects.select_related("room", "done_by"), actor, "mr.view"
    )
    return qs.filter(site=site) if site is not None else qs


def duty_checks_for(actor, *, site=None) -> QuerySet:
    """MR-1: the daily duty checklists."""
    from ..models import DutyCheck

    qs = permissions.restrict(
        DutyCheck.objects.select_related("room", "done_by", "on_behalf_of"), actor, "mr.view"
    )
    return qs.filter(site=site) if site is not None else qs


def duty_alerts_for(actor, *, site=None, open_only: bool = False) -> QuerySet:
    """MR-1: rostered days whose checklists were missing at the evening check."""
    from ..models import DutyAlert

    qs = permissions.restrict(DutyAlert.objects.select_related("room"), actor, "mr.view")
    qs = qs.filter(resolved_at__isnull=True) if open_only else qs
    return qs.filter(site=site) if site is not None else qs


def events_for(actor, *, site=None) -> QuerySet:
    """MR-1, MR-5, MR-6: serious events and hazards; the information center, the control room
    and the auditor see their sites'."""
    from ..models import SeriousEvent

    qs = permissions.restrict(
        SeriousEvent.objects.select_related("room", "reported_by", "closed_by"), actor, "mr.events"
    )
    return qs.filter(site=site) if site is not None else qs


def get_event(actor, pk):
    return get_scoped(events_for(actor), pk)


def _permits(model, actor) -> QuerySet:
    qs = model.objects.select_related("site", "room", "requested_by", "decided_by")
    scope = permissions.scope_for(actor, "mr.view")
    if scope.everywhere:
        return qs
    return qs.filter(Q(site__in=scope.site_ids) | Q(requested_by=actor.pk))


def power_permits_for(actor, *, site=None) -> QuerySet:
    """MR-5: power-use permits of the actor's sites, or those the actor asked for."""
    from ..models import PowerPermit

    qs = _permits(PowerPermit, actor)
    return qs.filter(site=site) if site is not None else qs


def fire_changes_for(actor, *, site=None) -> QuerySet:
    """MR-6: fire-system changes of the actor's sites, or those the actor asked for."""
    from ..models import FireChange

    qs = _permits(FireChange, actor)
    return qs.filter(site=site) if site is not None else qs


PERMIT_LISTS = {"power": power_permits_for, "fire": fire_changes_for}


def get_permit(actor, kind: str, pk):
    if kind not in PERMIT_LISTS:
        raise NotFound()
    return get_scoped(PERMIT_LISTS[kind](actor), pk)


def _permits_waiting(kind: str, label):
    def rows(user):
        from ..choices import PermitState

        qs = permissions.restrict(PERMIT_LISTS[kind](user), user, "mr.approve")
        return [
            approvals.Waiting(
                str(label),
                f"{r.serial} {r.equipment}",
                reverse("machineroom:permit", args=[kind, r.pk]),
                r.requested_at,
                f"{r.room} · {r.requested_by} · {timezone.localtime(r.starts_at):%m-%d %H:%M}",
            )
            for r in qs.filter(state=PermitState.REQUESTED).order_by("requested_at")[:100]
        ]

    return rows


def _register_permit_sources():
    from django.utils.translation import gettext_lazy

    approvals.register("power", _permits_waiting("power", gettext_lazy("Power-use permit")))
    approvals.register("fire", _permits_waiting("fire", gettext_lazy("Fire-system change")))


_register_permit_sources()
