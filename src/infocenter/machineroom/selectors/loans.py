"""Scoped reads of equipment loans (MR-13)."""

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core.web import url_for_each

from .. import approvals
from ..models import Loan
from ..services.loans import last_due_day
from .common import get_scoped


def loans_for(actor, *, site=None, state: str = "") -> QuerySet:
    """Loans of the actor's sites (and the borrower's own), the overdue first, then those still
    out, by due date."""
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


def _loans_waiting(user):
    qs = permissions.restrict(Loan.objects.prefetch_related("lines__equipment"), user, "mr.approve")
    url = url_for_each("machineroom:loan")
    return [
        approvals.Waiting(
            str(_("Equipment loan")),
            f"{r.serial} {r.borrower_name} · "
            + "、".join(f"{ln.equipment} ×{ln.quantity}" for ln in r.lines.all()),
            url(r.pk),
            r.requested_at,
            f"{r.purpose[:30]} · {r.due_on:%m-%d}",
            record=r,
        )
        for r in qs.filter(state="requested").order_by("requested_at")[:100]
    ]


approvals.register("equipment_loans", _loans_waiting)
