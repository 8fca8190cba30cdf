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


# -- the equipment ledger (MR-13, MR-10) --------------------------------------------------------


def equipment_for(actor, *, site=None, status: str = "", category: str = "", room=None, q: str = "") -> QuerySet:
    """Ledger lines the actor may see, filtered (status, category, room, name/model/serial)."""
    from .models import Equipment

    qs = permissions.restrict(Equipment.objects.select_related("room", "custodian"), actor, "mr.view")
    if site is not None:
        qs = qs.filter(site=site)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if room is not None:
        qs = qs.filter(room=room)
    if q.strip():
        q = q.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(model__icontains=q) | Q(serial__icontains=q))
    return qs


def equipment_counts(actor, *, site) -> dict[str, int]:
    """How many ledger lines of the site are in each status (one grouped query)."""
    from django.db.models import Count

    rows = equipment_for(actor, site=site).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def get_equipment(actor, pk):
    return _get(equipment_for(actor).select_related("site"), pk)


def loans_for(actor, *, site=None, state: str = "") -> QuerySet:
    """Loans of the actor's sites (and the borrower's own), the overdue first, then those still
    out, by due date."""
    from django.db.models import BooleanField, Case, Value, When

    from .loans import last_due_day
    from .models import Loan

    qs = Loan.objects.select_related("borrower", "requested_by", "decided_by")
    scope = permissions.scope_for(actor, "mr.view")
    if not scope.everywhere:
        qs = qs.filter(Q(site__in=scope.site_ids) | Q(borrower=actor.pk))
    qs = qs.annotate(overdue=Case(When(state="on_loan", due_on__lte=last_due_day(), then=Value(True)),
                                  default=Value(False),
                                  output_field=BooleanField()),
                     out=Case(When(state__in=["on_loan", "approved", "requested"], then=Value(True)),
                              default=Value(False), output_field=BooleanField()))
    if site is not None:
        qs = qs.filter(site=site)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-overdue", "-out", "due_on", "-requested_at")


def get_loan(actor, pk):
    return _get(loans_for(actor).select_related("site", "handed_out_by", "received_by"), pk)


def overdue_loans(actor, *, site=None) -> QuerySet:
    return loans_for(actor, site=site, state="on_loan").filter(overdue=True)


def procurements_for(actor, *, site=None) -> QuerySet:
    from .models import Procurement

    qs = permissions.restrict(Procurement.objects.select_related("received_by", "recorded_by"), actor, "mr.view")
    return qs.filter(site=site) if site is not None else qs


def get_procurement(actor, pk):
    return _get(procurements_for(actor).select_related("site"), pk)


def equipment_reports_for(actor, *, site=None, kind: str = "") -> QuerySet:
    from .models import EquipmentReport

    qs = permissions.restrict(EquipmentReport.objects.select_related("equipment", "responsible", "reported_by",
                                                                     "loan"), actor, "mr.view")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.filter(site=site) if site is not None else qs


def get_equipment_report(actor, pk):
    return _get(equipment_reports_for(actor), pk)


def _loans_waiting(user):
    from django.utils.translation import gettext as _

    from .models import Loan

    qs = permissions.restrict(Loan.objects.prefetch_related("lines__equipment"), user, "mr.approve")
    return [approvals.Waiting(str(_("Equipment loan")), f"{r.serial} {r.borrower_name} · "
                              + "、".join(f"{ln.equipment} ×{ln.quantity}" for ln in r.lines.all()),
                              reverse("machineroom:loan", args=[r.pk]), r.requested_at,
                              f"{r.purpose[:30]} · {r.due_on:%m-%d}")
            for r in qs.filter(state="requested").order_by("requested_at")[:100]]


approvals.register("equipment_loans", _loans_waiting)
