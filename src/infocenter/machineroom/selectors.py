"""Every scoped read of the machine room. The information center, the auditor and the branch
see their sites' rooms and registers; whoever asked for an access sees their own requests."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from infocenter.core import permissions
from infocenter.core.exceptions import NotFound

from . import approvals
from .choices import RequestKind, RequestState, VisitOutcome
from .models import AccessRequest, ItemMovement, MachineRoom, Visit


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def rooms_for(actor, action: str = "mr.view", *, site=None) -> QuerySet[MachineRoom]:
    qs = permissions.restrict(MachineRoom.objects.select_related("site"), actor, action)
    return qs.filter(site=site) if site is not None else qs


def get_room(actor, pk, action: str = "mr.view") -> MachineRoom:
    return _get(rooms_for(actor, action), pk)


def requests_for(actor) -> QuerySet[AccessRequest]:
    qs = AccessRequest.objects.select_related("site", "room", "escort", "requested_by", "decided_by")
    scope = permissions.scope_for(actor, "mr.view")
    if scope.everywhere:
        return qs
    condition = Q(site__in=scope.site_ids) | Q(requested_by=actor.pk) | Q(escort=actor.pk)
    return qs.filter(condition)


def get_request(actor, pk) -> AccessRequest:
    return _get(requests_for(actor), pk)


def admissible_today(actor, *, site) -> QuerySet[AccessRequest]:
    """Approved requests that can be signed in on now (MR-2), for the desk."""
    now = timezone.now()
    start_of_tomorrow = timezone.make_aware(timezone.datetime.combine(
        timezone.localdate(now) + timezone.timedelta(days=1), timezone.datetime.min.time()))
    return requests_for(actor).filter(site=site, state=RequestState.APPROVED, starts_at__lt=start_of_tomorrow,
                                      ends_at__gt=now).order_by("starts_at")


def visits_for(actor, *, site=None) -> QuerySet[Visit]:
    qs = permissions.restrict(Visit.objects.select_related("room", "person", "escort", "request", "signed_in_by",
                                                           "signed_out_by"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_visit(actor, pk) -> Visit:
    return _get(visits_for(actor), pk)


def inside_now(actor, *, site) -> list[Visit]:
    """MR-2: who is inside now, room by room, the earliest in first."""
    return list(visits_for(actor, site=site).filter(outcome=VisitOutcome.ADMITTED, left_at__isnull=True)
                .order_by("room__name", "entered_at"))


def items_for(actor, *, site=None) -> QuerySet[ItemMovement]:
    qs = permissions.restrict(ItemMovement.objects.select_related("visit__room", "inspected_by"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def _access_waiting(user):
    qs = permissions.restrict(AccessRequest.objects.select_related("room"), user, "mr.approve")
    kinds = dict(RequestKind.choices)
    return [approvals.Waiting(str(kinds[r.kind]), f"{r.serial} {r.organisation} · {r.people_text}",
                              reverse("machineroom:request", args=[r.pk]), r.requested_at,
                              f"{r.room} · {timezone.localtime(r.starts_at):%m-%d %H:%M}")
            for r in qs.filter(state=RequestState.REQUESTED).order_by("requested_at")[:100]]


approvals.register("access", _access_waiting)


def keys_for(actor, *, site=None) -> QuerySet:
    from .models import Key

    qs = permissions.restrict(Key.objects.select_related("holder"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_key(actor, pk):
    return _get(keys_for(actor), pk)


def key_events_for(actor, *, site=None) -> QuerySet:
    from .models import KeyEvent

    qs = permissions.restrict(KeyEvent.objects.select_related("key", "person", "approved_by", "recorded_by"),
                              actor, "mr.view", site_field="key__site")
    return qs.filter(key__site=site) if site is not None else qs


def credentials_for(actor, *, site=None, retired: bool = False) -> QuerySet:
    from .models import Credential

    qs = permissions.restrict(Credential.objects.select_related("custodian"), actor, "mr.view")
    qs = qs.filter(retired_at__isnull=not retired)
    return qs.filter(site=site) if site is not None else qs


def get_credential(actor, pk):
    from .models import Credential

    return _get(permissions.restrict(Credential.objects.select_related("custodian", "site"), actor, "mr.view"), pk)


def reports_for(actor, *, site=None) -> QuerySet:
    from .models import SecurityReport

    qs = permissions.restrict(SecurityReport.objects.select_related("reported_by", "acknowledged_by", "key",
                                                                    "credential"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_report(actor, pk):
    return _get(reports_for(actor), pk)


def _reports_waiting(user):
    from django.utils.translation import gettext as _

    qs = reports_for(user).filter(acknowledged_at__isnull=True)
    qs = permissions.restrict(qs, user, "mr.approve")
    return [approvals.Waiting(str(_("Security report")), f"{r.get_kind_display()} · {r.description[:40]}",
                              reverse("machineroom:report", args=[r.pk]), r.reported_at, str(r.reported_by))
            for r in qs.order_by("reported_at")[:100]]


approvals.register("security", _reports_waiting)


# -- inspections (MR-9, MR-10) ------------------------------------------------------------------


def checklists_for(actor, *, site=None, active: bool | None = None) -> QuerySet:
    """Checklists of the actor's sites (with their room and department)."""
    from .models import Checklist

    qs = permissions.restrict(Checklist.objects.select_related("room", "department"), actor, "mr.view")
    qs = qs.filter(active=active) if active is not None else qs
    return qs.filter(site=site) if site is not None else qs


def get_checklist(actor, pk):
    return _get(checklists_for(actor).select_related("site"), pk)


def schedules_for(actor, *, site=None) -> QuerySet:
    from .models import InspectionSchedule

    qs = permissions.restrict(InspectionSchedule.objects.select_related("checklist"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_schedule(actor, pk):
    return _get(schedules_for(actor).select_related("site"), pk)


def rounds_for(actor, *, site=None, state: str | None = None) -> QuerySet:
    """Inspection rounds of the actor's sites, the latest planned first."""
    from .models import InspectionRound

    qs = permissions.restrict(InspectionRound.objects.select_related("submitted_by", "schedule"), actor, "mr.view")
    qs = qs.filter(state=state) if state else qs
    return qs.filter(site=site) if site is not None else qs


def get_round(actor, pk):
    return _get(rounds_for(actor).select_related("site", "department"), pk)


def rounds_due(actor, *, site, until) -> list:
    """MR-9: open rounds of ``site`` planned before ``until``, the earliest due first (the home
    panel of the maintainers and the rounds page)."""
    from .choices import RoundState

    return list(rounds_for(actor, site=site, state=RoundState.OPEN).filter(occurs_at__lt=until).order_by("due_at"))


def results_for(actor, *, site=None) -> QuerySet:
    """Every item result of the actor's sites' rounds (the Excel export of results)."""
    from .models import InspectionResult

    qs = permissions.restrict(InspectionResult.objects.select_related("round", "recorded_by", "form", "order"),
                              actor, "mr.view", site_field="round__site")
    return qs.filter(round__site=site) if site is not None else qs


def alarms_for(actor, *, site=None) -> QuerySet:
    from .models import CoreAlarm

    qs = permissions.restrict(CoreAlarm.objects.select_related("room", "logged_by", "responded_by", "closed_by"),
                              actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_alarm(actor, pk):
    return _get(alarms_for(actor).select_related("site"), pk)


def faults_for(actor, *, site=None) -> QuerySet:
    from .models import NetworkFault

    qs = permissions.restrict(NetworkFault.objects.select_related("logged_by", "checked_by", "closed_by"),
                              actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_fault(actor, pk):
    return _get(faults_for(actor).select_related("site"), pk)
