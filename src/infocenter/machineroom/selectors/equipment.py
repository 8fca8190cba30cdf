"""Scoped reads of the equipment ledger, procurement, loans and reports (MR-13, MR-10)."""

from django.db.models import Q, QuerySet
from django.urls import reverse

from infocenter.core import permissions

from .. import approvals
from .access import get_scoped


def equipment_for(
    actor, *, site=None, status: str = "", category: str = "", room=None, q: str = ""
) -> QuerySet:
    """Ledger lines the actor may see, filtered (status, category, room, name/model/serial)."""
    from ..models import Equipment

    qs = permissions.restrict(
        Equipment.objects.select_related("room", "custodian"), actor, "mr.view"
    )
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
    return get_scoped(equipment_for(actor).select_related("site"), pk)


def loans_for(actor, *, site=None, state: str = "") -> QuerySet:
    """Loans of the actor's sites (and the borrower's own), the overdue first, then those still
    out, by due date."""
    from django.db.models import BooleanField, Case, Value, When

    from ..models import Loan
    from ..services.loans import last_due_day

    qs = Loan.objects.select_related("borrower", "requested_by", "decided_by")
    scope = permissions.scope_for(actor, "mr.view")
    if not scope.everywhere:
        qs = qs.filter(Q(site__in=scope.site_ids) | Q(borrower=actor.pk))
    qs = qs.annotate(
        overdue=Case(
            When(state="on_loan", due_on__lte=last_due_day(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        out=Case(
            When(state__in=["on_loan", "approved", "requested"], then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )
    if site is not None:
        qs = qs.filter(site=site)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-overdue", "-out", "due_on", "-requested_at")


def get_loan(actor, pk):
    return get_scoped(loans_for(actor).select_related("site", "handed_out_by", "received_by"), pk)


def overdue_loans(actor, *, site=None) -> QuerySet:
    return loans_for(actor, site=site, state="on_loan").filter(overdue=True)


def procurements_for(actor, *, site=None) -> QuerySet:
    from ..models import Procurement

    qs = permissions.restrict(
        Procurement.objects.select_related("received_by", "recorded_by"), actor, "mr.view"
    )
    return qs.filter(site=site) if site is not None else qs


def get_procurement(actor, pk):
    return get_scoped(procurements_for(actor).select_related("site"), pk)


def equipment_reports_for(actor, *, site=None, kind: str = "") -> QuerySet:
    from ..models import EquipmentReport

    qs = permissions.restrict(
        EquipmentReport.objects.select_related("equipment", "responsible", "reported_by", "loan"),
        actor,
        "mr.view",
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.filter(site=site) if site is not None else qs


def get_equipment_report(actor, pk):
    return get_scoped(equipment_reports_for(actor), pk)


def _loans_waiting(user):
    from django.utils.translation import gettext as _

    from ..models import Loan

    qs = permissions.restrict(Loan.objects.prefetch_related("lines__equipment"), user, "mr.approve")
    return [
        approvals.Waiting(
            str(_("Equipment loan")),
            f"{r.serial} {r.borrower_name} · "
            + "、".join(f"{ln.equipment} ×{ln.quantity}" for ln in r.lines.all()),
            reverse("machineroom:loan", args=[r.pk]),
            r.requested_at,
            f"{r.purpose[:30]} · {r.due_on:%m-%d}",
        )
        for r in qs.filter(state="requested").order_by("requested_at")[:100]
    ]


approvals.register("equipment_loans", _loans_waiting)
