"""Scoped reads of serious events and of power-use permits and fire-system changes (MR-1,
MR-5, MR-6)."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from infocenter.core import permissions
from infocenter.core.exceptions import NotFound
from infocenter.core.web import url_for_each

from .. import approvals
from ..choices import PermitState
from ..models import FireChange, PowerPermit, SeriousEvent
from .common import get_scoped, viewable


def events_for(actor, *, site=None) -> QuerySet:
    """MR-1, MR-5, MR-6: serious events and hazards; the information center, the control room
    and the auditor see their sites'."""
    return viewable(
        SeriousEvent.objects.select_related("room", "reported_by", "closed_by"),
        actor,
        site=site,
        action="mr.events",
    )


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
    qs = _permits(PowerPermit, actor)
    return qs.filter(site=site) if site is not None else qs


def fire_changes_for(actor, *, site=None) -> QuerySet:
    """MR-6: fire-system changes of the actor's sites, or those the actor asked for."""
    qs = _permits(FireChange, actor)
    return qs.filter(site=site) if site is not None else qs


PERMIT_LISTS = {"power": power_permits_for, "fire": fire_changes_for}


def get_permit(actor, kind: str, pk):
    if kind not in PERMIT_LISTS:
        raise NotFound()
    return get_scoped(PERMIT_LISTS[kind](actor), pk)


def _permits_waiting(kind: str, label):
    def rows(user):
        qs = permissions.restrict(PERMIT_LISTS[kind](user), user, "mr.approve").select_related(None)
        qs = qs.select_related("room", "requested_by")  # what the row shows
        url = url_for_each("machineroom:permit", kind)
        return [
            approvals.Waiting(
                str(label),
                f"{r.serial} {r.equipment}",
                url(r.pk),
                r.requested_at,
                f"{r.room} · {r.requested_by} · {timezone.localtime(r.starts_at):%m-%d %H:%M}",
                due=r.starts_at,
                clock=str(approvals.DECIDE_BY),
                record=r,
            )
            for r in qs.filter(state=PermitState.REQUESTED).order_by("requested_at")[:100]
        ]

    return rows


def _register_permit_sources():
    approvals.register("power", _permits_waiting("power", gettext_lazy("Power-use permit")))
    approvals.register("fire", _permits_waiting("fire", gettext_lazy("Fire-system change")))


_register_permit_sources()
