"""Every scoped read of the service desk. Department roles see their department's orders;
other roles see their sites'."""

from django.db.models import Q, QuerySet

from infocenter.core import permissions
from infocenter.core.exceptions import NotFound

from .choices import OrderState
from .models import Resident, ServiceForm, WorkOrder
from .pinyin import initials, spelled
from .workflows import OPEN_ORDER_STATES


def forms_for(actor) -> QuerySet[ServiceForm]:
    """Forms of the actor's sites; department roles see forms that reached their department."""
    qs = ServiceForm.objects.select_related("site", "room__unit__building", "received_by")
    scope = permissions.scope_for(actor, "sd.view")
    if scope.everywhere:
        return qs
    condition = Q(site__in=scope.sites)
    for site_id, depts in scope.departments.items():
        condition |= Q(site=site_id, orders__department__in=depts)
    return qs.filter(condition).distinct() if scope.departments else qs.filter(condition)


def get_form(actor, pk) -> ServiceForm:
    try:
        return forms_for(actor).get(pk=pk)
    except (ServiceForm.DoesNotExist, ValueError):
        raise NotFound() from None


def orders_for(actor) -> QuerySet[WorkOrder]:
    qs = WorkOrder.objects.select_related("site", "form", "department", "assignee", "assistant", "receiver")
    scoped = permissions.restrict(qs, actor, "sd.view", department_field="department")
    return (scoped | qs.filter(receiver=actor)).distinct() if actor.is_authenticated else scoped


def get_order(actor, pk) -> WorkOrder:
    try:
        return orders_for(actor).get(pk=pk)
    except (WorkOrder.DoesNotExist, ValueError):
        raise NotFound() from None


def inbox_for(actor) -> QuerySet[WorkOrder]:
    """A department's open orders, the most urgent first (department heads and staff)."""
    return orders_for(actor).filter(state__in=OPEN_ORDER_STATES).order_by("dispatched_at")


def follow_up_for(actor) -> QuerySet[WorkOrder]:
    """Orders an assistant follows: open ones and those waiting for verification."""
    states = [*OPEN_ORDER_STATES, OrderState.REPORTED, OrderState.RETURNED]
    return orders_for(actor).filter(assistant=actor, state__in=states).order_by("dispatched_at")


def residents_for(actor, *, q: str = "", site=None) -> QuerySet[Resident]:
    """The residents register, searched by phone, name, full pinyin or initials."""
    qs = permissions.restrict(Resident.objects.select_related("room__unit__building"), actor, "sd.view")
    if site is not None:
        qs = qs.filter(site=site)
    q = q.strip()
    if q:
        if q.isdigit() or q.startswith("0"):
            qs = qs.filter(Q(phone__startswith=q) | Q(phone2__startswith=q))
        elif q.isascii():
            key = q.lower().replace(" ", "")
            qs = qs.filter(Q(name_initials__startswith=key) | Q(name_pinyin__startswith=key))
        else:
            qs = qs.filter(Q(name__contains=q) | Q(name_pinyin__startswith=spelled(q))
                           | Q(name_initials=initials(q)))
    return qs.order_by("name")
