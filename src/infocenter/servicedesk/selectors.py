"""Every scoped read of the service desk. Department roles see their department's orders;
other roles see their sites'."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from infocenter.core import permissions
from infocenter.core.exceptions import NotFound
from infocenter.core.pinyin import initials, spelled

from .archive import PARTICIPANTS
from .choices import OrderState
from .models import ArchiveBatch, BatchProblem, Resident, ServiceForm, WorkOrder
from .workflows import OPEN_ORDER_STATES


def forms_for(actor) -> QuerySet[ServiceForm]:
    """Forms of the actor's sites; department roles see forms that reached their department."""
    qs = ServiceForm.objects.select_related("site", "room__unit__building", "received_by")
    scope = permissions.scope_for(actor, "sd.view")
    if scope.everywhere:
        return qs
    condition = Q(site__in=scope.sites)
    for site_id, depts in scope.departments.items():
        # EXISTS, not a join: no duplicate rows, so no DISTINCT over the page's rows.
        condition |= Q(site=site_id) & Q(
            Exists(WorkOrder.objects.filter(form=OuterRef("pk"), department__in=depts))
        )
    return qs.filter(condition)


def get_form(actor, pk) -> ServiceForm:
    try:
        return forms_for(actor).get(pk=pk)
    except (ServiceForm.DoesNotExist, ValueError):
        raise NotFound() from None


def orders_for(actor) -> QuerySet[WorkOrder]:
    qs = WorkOrder.objects.select_related(
        "site", "form__room__unit__building", "department", "assignee", "assistant", "receiver"
    )
    scoped = permissions.restrict(qs, actor, "sd.view", department_field="department")
    # Every condition is on the order's own columns, so the OR needs no DISTINCT (which would
    # make PostgreSQL sort the wide joined rows and plan much longer).
    return (scoped | qs.filter(receiver=actor)) if actor.is_authenticated else scoped


def get_order(actor, pk) -> WorkOrder:
    try:
        return orders_for(actor).get(pk=pk)
    except (WorkOrder.DoesNotExist, ValueError):
        raise NotFound() from None


def inbox_for(actor) -> QuerySet[WorkOrder]:
    """A department's open orders, the most urgent first (department heads and staff).

    The candidates are found first, each by its own index (the department's open orders, the
    site's for site-wide roles, those addressed to the actor), then read through the scoped
    ``orders_for``: one OR over the whole table would scan a site's history at a million
    orders."""
    scope = permissions.scope_for(actor, "sd.view")
    open_orders = WorkOrder.objects.filter(
        state__in=OPEN_ORDER_STATES
    ).order_by()  # no ordering: index choice
    if scope.everywhere:
        return _listed(orders_for(actor).filter(state__in=OPEN_ORDER_STATES))
    ids = set(open_orders.filter(receiver=actor).values_list("pk", flat=True))
    for site_id, departments in scope.departments.items():
        ids |= set(
            open_orders.filter(site=site_id, department__in=departments).values_list(
                "pk", flat=True
            )
        )
    if scope.sites:
        ids |= set(open_orders.filter(site__in=scope.sites).values_list("pk", flat=True))
    return _listed(orders_for(actor).filter(pk__in=ids))


def _listed(orders: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """What the order lists show (address, content, department, technician, receiver), and no
    more: fewer joins for the planner."""
    return (
        orders.select_related(None)
        .select_related("form__room__unit__building", "department", "assignee", "receiver")
        .order_by("dispatched_at")
    )


def follow_up_for(actor) -> QuerySet[WorkOrder]:
    """Orders an assistant follows: open ones and those waiting for verification (found by
    the assistant's index first, as in ``inbox_for``)."""
    states = [*OPEN_ORDER_STATES, OrderState.REPORTED, OrderState.RETURNED]
    ids = list(
        WorkOrder.objects.filter(assistant=actor, state__in=states)
        .order_by()
        .values_list("pk", flat=True)
    )
    return _listed(orders_for(actor).filter(pk__in=ids))


def residents_for(actor, *, q: str = "", site=None) -> QuerySet[Resident]:
    """The residents register, searched by phone, name, full pinyin or initials."""
    qs = permissions.restrict(
        Resident.objects.select_related("room__unit__building"), actor, "sd.view"
    )
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
            qs = qs.filter(
                Q(name__contains=q)
                | Q(name_pinyin__startswith=spelled(q))
                | Q(name_initials=initials(q))
            )
    return qs.order_by("name")


def search(actor, q: str, *, limit: int = 30):
    """One box: a serial, a phone number, a name or an address (楼栋/房号)."""
    q = q.strip()
    if not q:
        return ServiceForm.objects.none(), WorkOrder.objects.none()
    forms = forms_for(actor)
    orders = orders_for(actor)
    if "-" in q and any(c.isalpha() for c in q):
        return forms.filter(serial__icontains=q)[:limit], orders.filter(serial__icontains=q)[:limit]
    if q.replace("-", "").isdigit() and len(q) >= 5:
        return forms.filter(reporter_phone__startswith=q)[:limit], orders.none()
    condition = (
        Q(reporter_name__contains=q)
        | Q(location__contains=q)
        | Q(content__contains=q)
        | Q(room__number=q)
        | Q(room__unit__building__name=q)
    )
    return forms.filter(condition).order_by("-received_at")[:limit], orders.none()


def register_for(actor, *, site, start, end) -> QuerySet[ServiceForm]:
    """The register (信息中心记录表) of one site and period, newest first, each form with its
    orders as the list ``register_orders`` (a list, not ``orders.all()``: no queryset per row).
    The page, the API and the export narrow it further with ``filtersets.FormFilter``."""
    qs = forms_for(actor).filter(site=site, received_at__gte=start, received_at__lt=end)
    orders = (
        WorkOrder.objects.select_related("department")
        .only("form_id", "serial", "state", "closed_at", "department__name")
        .order_by("pk")
    )
    return (
        qs.select_related(None)
        .select_related("room__unit__building")
        .only(*REGISTER_FIELDS, "room__number", "room__unit__name", "room__unit__building__name")
        .order_by("-received_at")
        .prefetch_related(Prefetch("orders", queryset=orders, to_attr="register_orders"))
    )


# What a register row shows (the page and the Excel export read the same rows).
REGISTER_FIELDS = (
    "site_id",
    "serial",
    "received_at",
    "source",
    "reporter_name",
    "reporter_phone",
    "room_id",
    "location",
    "category",
    "major",
    "content",
    "resolution",
    "state",
    "void_reason",
)


def repeats_of(form: ServiceForm, *, days: int = 90) -> QuerySet[ServiceForm]:
    """Earlier forms about the same address and category (repeat complaints)."""
    if not form.room_id:
        return ServiceForm.objects.none()
    since = form.received_at - dt.timedelta(days=days)
    return (
        ServiceForm.objects.filter(
            room=form.room_id, category=form.category, received_at__gte=since
        )
        .exclude(pk=form.pk)
        .order_by("-received_at")[:10]
    )


def batches_for(actor):
    return permissions.restrict(
        ArchiveBatch.objects.select_related("site", "submitted_by", "reviewed_by"), actor, "sd.view"
    ).order_by("-week_start", "-id")


def batch_records(batch) -> list[tuple[object, list]]:
    """The other control-room records handed over in ``batch`` (LOG-6), by kind: (label, rows
    with ``serial`` and ``link``). The batch itself was read through ``get_batch``."""
    found = []
    for participant in PARTICIPANTS.values():
        rows = [
            {"serial": r.serial, "link": r.get_absolute_url(), "text": str(r)}
            for r in participant.model.objects.filter(archive_batch=batch).order_by(
                participant.time_field
            )
        ]
        found.append((participant.label, rows))
    return found


def get_batch(actor, pk):
    try:
        return batches_for(actor).get(pk=pk)
    except (ArchiveBatch.DoesNotExist, ValueError):
        raise NotFound() from None


def problems_for(actor) -> QuerySet[BatchProblem]:
    """SD-12: problems returned by the data manager: each person's own, and every problem of the
    sites where the actor corrects records (control room) or archives them (data manager)."""
    qs = BatchProblem.objects.select_related(
        "site", "batch", "form", "order", "responsible", "fixed_by"
    )
    scoped = permissions.restrict(qs, actor, "sd.correct") | permissions.restrict(
        qs, actor, "sd.archive"
    )
    return (scoped | qs.filter(responsible=actor)) if actor.is_authenticated else scoped


def get_problem(actor, pk) -> BatchProblem:
    try:
        return problems_for(actor).get(pk=pk)
    except (BatchProblem.DoesNotExist, ValueError):
        raise NotFound() from None
