"""Scoped reads of rooms, access requests, the access log and the items register (MR-2, MR-3).
The information center, the auditor and the branch see their sites' rooms and registers; whoever
asked for an access sees their own requests."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from infocenter.core import permissions
from infocenter.core.exceptions import NotFound
from infocenter.core.search import Query
from infocenter.core.validators import is_number
from infocenter.core.web import url_for_each

from .. import approvals
from ..choices import RequestKind, RequestState, VisitOutcome
from ..models import AccessRequest, ItemMovement, MachineRoom, Visit
from .common import get_scoped, viewable


def rooms_for(actor, action: str = "mr.view", *, site=None) -> QuerySet[MachineRoom]:
    return viewable(MachineRoom.objects.select_related("site"), actor, site=site, action=action)


def get_room(actor, pk, action: str = "mr.view") -> MachineRoom:
    """A room where ``actor`` may perform ``action``: one they see but may not act in is
    refused (403), one out of sight is not found (404)."""
    try:
        return get_scoped(rooms_for(actor, action), pk)
    except NotFound:
        room = rooms_for(actor).filter(pk=pk).first() if is_number(pk) else None
        if room is not None:
            permissions.check(actor, action, site=room.site_id)
        raise


def rooms_in_reach(actor) -> QuerySet[MachineRoom]:
    """The rooms of every site ``actor`` holds a role at, whatever the role: the rooms an API
    request may name (the service then checks the roles for what is asked there), so a room of
    another site is refused like one that does not exist."""
    return rooms_for(actor, "org.view")


def requests_for(actor) -> QuerySet[AccessRequest]:
    qs = AccessRequest.objects.select_related(
        "site", "room", "escort", "requested_by", "decided_by"
    )
    scope = permissions.scope_for(actor, "mr.view")
    if scope.everywhere:
        return qs
    condition = Q(site__in=scope.site_ids) | Q(requested_by=actor.pk) | Q(escort=actor.pk)
    return qs.filter(condition)


def get_request(actor, pk) -> AccessRequest:
    return get_scoped(requests_for(actor), pk)


def admissible_today(actor, *, site) -> QuerySet[AccessRequest]:
    """Approved requests that can be signed in on now (MR-2), for the desk."""
    now = timezone.now()
    start_of_tomorrow = timezone.make_aware(
        timezone.datetime.combine(
            timezone.localdate(now) + timezone.timedelta(days=1), timezone.datetime.min.time()
        )
    )
    return (
        requests_for(actor)
        .filter(
            site=site, state=RequestState.APPROVED, starts_at__lt=start_of_tomorrow, ends_at__gt=now
        )
        .order_by("starts_at")
    )


def visits_for(actor, *, site=None) -> QuerySet[Visit]:
    return viewable(
        Visit.objects.select_related(
            "room", "person", "escort", "request", "signed_in_by", "signed_out_by"
        ),
        actor,
        site=site,
    )


def get_visit(actor, pk) -> Visit:
    return get_scoped(visits_for(actor), pk)


def inside_now(actor, *, site) -> list[Visit]:
    """MR-2: who is inside now, room by room, the earliest in first."""
    return list(
        visits_for(actor, site=site)
        .filter(outcome=VisitOutcome.ADMITTED, left_at__isnull=True)
        .order_by("room__name", "entered_at")
    )


def items_for(actor, *, site=None) -> QuerySet[ItemMovement]:
    return viewable(
        ItemMovement.objects.select_related("visit__room", "inspected_by"), actor, site=site
    )


def _access_waiting(user):
    qs = permissions.restrict(AccessRequest.objects.select_related("room"), user, "mr.approve")
    kinds, url = dict(RequestKind.choices), url_for_each("machineroom:request")
    return [
        approvals.Waiting(
            str(kinds[r.kind]),
            f"{r.serial} {r.organisation} · {r.people_text}",
            url(r.pk),
            r.requested_at,
            f"{r.room} · {timezone.localtime(r.starts_at):%m-%d %H:%M}",
            urgent=r.kind == RequestKind.EMERGENCY,
            due=r.starts_at,
            clock=str(approvals.DECIDE_BY),
            record=r,
        )
        for r in qs.filter(state=RequestState.REQUESTED).order_by("requested_at")[:100]
    ]


approvals.register("access", _access_waiting)


def requests_matching(actor, query: Query) -> QuerySet[AccessRequest]:
    """The search box's visit and construction requests: an exact serial, the start of the
    applicant's number, or the applicant or organisation named."""
    qs = requests_for(actor).order_by("-requested_at")
    if query.serial:
        return qs.filter(serial=query.serial)
    if query.digits:
        return qs.filter(phone__startswith=query.digits) if query.is_full_phone else qs.none()
    return qs.filter(Q(applicant__contains=query.text) | Q(organisation__contains=query.text))
