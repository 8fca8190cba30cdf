"""Every scoped read of the service desk. Department roles see their department's orders;
other roles see their sites'."""

import datetime as dt

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.choices import Role
from infocenter.core.dbfunctions import ends_with, tail_alias
from infocenter.core.deadlines import running_due
from infocenter.core.exceptions import NotFound
from infocenter.core.models import Department, DepartmentWebhook, Room, Unit, User
from infocenter.core.pinyin import initials, spelled
from infocenter.core.search import Query
from infocenter.core.selectors import holders

from . import archive
from .addresses import key, parse_address
from .archive import PARTICIPANTS
from .choices import FormState, OrderState, ResidentState, Source
from .models import (
    URGENT_FORMS,
    URGENT_ORDERS,
    ArchiveBatch,
    BatchProblem,
    Resident,
    ServiceForm,
    WorkOrder,
)
from .workflows import OPEN_ORDER_STATES


def forms_for(actor) -> QuerySet[ServiceForm]:
    """Forms of the actor's sites; department roles see forms that reached their department,
    forms referred to it (SD-11) and the forms they filed themselves (SD-17)."""
    qs = ServiceForm.objects.select_related("site", "room__unit__building", "received_by")
    scope = permissions.scope_for(actor, "sd.view")
    if scope.everywhere:
        return qs
    condition = Q(site__in=scope.sites)
    for site_id, depts in scope.departments.items():
        # EXISTS, not a join: no duplicate rows, so no DISTINCT over the page's rows.
        condition |= Q(site=site_id) & Q(
            Exists(
                WorkOrder.objects.filter(
                    form=OuterRef("pk"), site_id=OuterRef("site_id"), department__in=depts
                )
            )
        )
        condition |= Q(referred_to__in=depts) | (Q(site=site_id) & Q(filed_by=actor))
    return qs.filter(condition)


def major_events_for(actor) -> QuerySet[ServiceForm]:
    """Forms marked as major events (SD-15) that the actor can see, with who reported them and
    who gave instructions."""
    return (
        forms_for(actor)
        .filter(major=True)
        .select_related(None)
        .select_related("room__unit__building", "major_reported_by", "instructed_by")
    )


def submissions_of(actor) -> QuerySet[ServiceForm]:
    """SD-17: the forms the actor filed, newest first, with what became of them."""
    return (
        ServiceForm.objects.filter(filed_by=actor)
        .select_related("site", "room__unit__building", "referred_to")
        .order_by("-received_at", "-id")
    )


def awaiting_receipt(actor) -> QuerySet[ServiceForm]:
    """SD-17: staff forms waiting for the processor's receipt confirmation, oldest first."""
    return (
        permissions.restrict(ServiceForm.objects.all(), actor, "sd.intake")
        .filter(state=FormState.SUBMITTED)
        .select_related("site", "room__unit__building", "filed_by")
        .order_by("received_at", "id")
    )


def referred_to_me(actor) -> QuerySet[ServiceForm]:
    """SD-11: internal feedback referred to the actor's branch or company departments and not
    yet returned to the control room, oldest first."""
    scope = permissions.scope_for(actor, "sd.department")
    qs = ServiceForm.objects.filter(state=FormState.REFERRED).select_related(
        "site", "referred_to", "filed_by"
    )
    if not scope.everywhere:
        depts = {d for ds in scope.departments.values() for d in ds}
        qs = qs.filter(Q(referred_to__in=depts) | Q(referred_to__site__in=scope.sites))
    return qs.order_by("referred_at", "id")


def get_form(actor, pk) -> ServiceForm:
    try:
        return forms_for(actor).get(pk=pk)
    except (ServiceForm.DoesNotExist, ValueError):
        raise NotFound() from None


ORDER_RELATED = (
    "site",
    "form__room__unit__building",
    "department",
    "assignee",
    "assistant",
    "receiver",
    "acknowledged_by",
)


def orders_for(actor) -> QuerySet[WorkOrder]:
    qs = WorkOrder.objects.select_related(*ORDER_RELATED)
    scoped = permissions.restrict(qs, actor, "sd.view", department_field="department")
    # Every condition is on the order's own columns, so the OR needs no DISTINCT (which would
    # make PostgreSQL sort the wide joined rows and plan much longer).
    return (scoped | qs.filter(receiver=actor)) if actor.is_authenticated else scoped


def get_order(actor, pk) -> WorkOrder:
    """The order ``pk`` if ``actor`` may see it (``orders_for``), else ``NotFound``: read by its
    key alone and checked in Python against the same scope, so the look-up is one primary-key
    read instead of the scope's OR, which costs more to build and to plan than to run."""
    orders = WorkOrder.objects.select_related(*ORDER_RELATED)
    try:
        order = orders.filter(pk=pk, **_of_scope(actor)).first()
        if order is None:  # addressed to the actor outside their sites (a receiver), or none
            order = orders.get(pk=pk)
    except (WorkOrder.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not may_see_order(actor, order):
        raise NotFound()
    return order


def inspection_of(form: ServiceForm):
    """The failed inspection check that opened ``form`` (MR-9), if any: only a staff form can
    have been (no query for a call's)."""
    if form.source != Source.STAFF_FORM:
        return None
    results = ServiceForm.inspection_result.related.related_model.objects
    return results.select_related("round").filter(form=form).first()


def phone_call_of(form: ServiceForm):
    """The control-room call logged with ``form`` (the phone register's side), if any: read
    with its site, and only for a form taken by phone."""
    if form.source != Source.PHONE:
        return None
    calls = ServiceForm.phone_call.related.related_model.objects
    return calls.filter(form=form, site_id=form.site_id).first()


def reissue_of(order: WorkOrder) -> WorkOrder | None:
    """The order re-issued in place of ``order`` (SD-9), if any: read with its site."""
    return (
        WorkOrder.objects.select_related("receiver")
        .filter(reissue_of=order, site_id=order.site_id)
        .first()
    )


def _of_scope(actor) -> dict:
    """The sites where ``actor`` may see orders, as the filter of a read by id: the read then
    names its site (one shard in a database distributed by site, docs/scaling.md)."""
    scope = permissions.scope_for(actor, "sd.view")
    return {} if scope.everywhere or scope.empty else {"site_id__in": sorted(scope.site_ids)}


def may_see_order(actor, order: WorkOrder) -> bool:
    """``orders_for``'s rule for one order: in the actor's ``sd.view`` scope (the whole site,
    or the order's department), or addressed to the actor."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if permissions.can(actor, "sd.view", site_id=order.site_id, department_id=order.department_id):
        return True
    return order.receiver_id == actor.pk


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
        return _listed(orders_for(actor).filter(state__in=OPEN_ORDER_STATES), actor)
    parts = [open_orders.filter(receiver=actor)]
    parts += [
        open_orders.filter(site=site_id, department__in=departments)
        for site_id, departments in scope.departments.items()
    ]
    if scope.sites:
        parts.append(open_orders.filter(site__in=scope.sites))
    # one statement, each part still read by its own index (a round trip saved per part)
    first, *rest = (part.values_list("pk", "site_id") for part in parts)
    found = set(first.union(*rest) if rest else first)
    # The ids are the scope's own orders: no need to apply the scope again (``orders_for``),
    # and a plain ``id IN (…)`` plans faster than its OR of the scope's conditions; with their
    # sites, it goes to their shards only.
    ids, sites = {pk for pk, _ in found}, sorted({site for _, site in found})
    return _listed(WorkOrder.objects.filter(pk__in=ids, site_id__in=sites), actor)


def _listed(orders: QuerySet[WorkOrder], actor=None, *, matters=False) -> QuerySet[WorkOrder]:
    """What the order lists show (address, content, department, technician, receiver), and no
    more: fewer joins for the planner. In queue order (UX 11): the actor's own orders first (a
    technician's work before the department's), then overdue, then urgent and major matters,
    then by the running deadline (``due``), orders without a running clock last.
    ``matters``: the form's follow-up clock runs for the order too (SD-12)."""
    return queue_order(
        orders.select_related(None).select_related(
            "form__room__unit__building", "department", "assignee", "receiver"
        ),
        due=_order_due(matters),
        urgent=URGENT_ORDERS,
        own=(Q(assignee=actor) | Q(receiver=actor)) if actor is not None else None,
        since="dispatched_at",
    )


QUEUE_COLUMNS = (
    "pk",
    "site_id",
    "serial",
    "state",
    "own",
    "urgent",
    "form_id",
    "form__priority",
    "form__major",
    "form__content",
    "form__location",
    "form__room_id",
    "department__name",
    "assignee__full_name",
    "assignee__username",
    "receiver__full_name",
    "receiver__username",
)


def queue_columns(orders: QuerySet[WorkOrder]) -> QuerySet:
    """A queue (``inbox_for``, ``follow_up_for``) as the columns its rows show, read as plain
    values: a page of fifty orders builds no model instances (eight per row otherwise). The
    rooms' names come from ``room_labels``: three joins fewer make PostgreSQL plan the
    queue's query in about a millisecond instead of five to fifteen (bench/pages.py)."""
    return orders.values(*QUEUE_COLUMNS)


def room_labels(room_ids) -> dict[int, str]:
    """``str(room)`` (building, unit, number) of each room, in one query."""
    room_ids = {pk for pk in room_ids if pk}
    if not room_ids:
        return {}
    rows = Room.objects.filter(pk__in=room_ids).values_list(
        "pk", "unit__building__name", "unit__name", "number"
    )
    return {pk: room_label(building, unit, number) for pk, building, unit, number in rows}


def room_label(building: str, unit: str, number: str) -> str:
    """``str(room)`` from the names of its building and unit and its number, for rows read as
    plain values."""
    return f"{building}{unit}{number}"


def _order_due(matters: bool):
    due = running_due("servicedesk.workorder")
    if not matters:
        return due
    of_form = running_due("servicedesk.serviceform", "form_id")
    # LEAST is NULL on SQLite when one side is: each side falls back to the other.
    return Least(Coalesce(due, of_form), Coalesce(of_form, due))


def _flag(condition: Q) -> Case:
    """0 where ``condition`` holds, 1 elsewhere: sorts the rows that hold first."""
    return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


def queue_order(qs: QuerySet, *, due, urgent: Q, since: str, own: Q | None = None) -> QuerySet:
    """A queue's order (UX 11): own first (``own``), overdue on top, urgent next, then what is
    due first, rows without a running clock after, oldest (``since``) first among equals. Rows
    carry ``due``, ``late`` and ``urgent`` (0 = yes) and ``own`` (0 = the actor's)."""
    qs = qs.annotate(due=due, urgent=_flag(urgent), own=_flag(own) if own is not None else Value(1))
    qs = qs.annotate(late=_flag(Q(due__lte=timezone.now())))
    return qs.order_by("own", "late", "urgent", F("due").asc(nulls_last=True), since, "pk")


def follow_up_for(actor) -> QuerySet[WorkOrder]:
    """Orders an assistant follows: open ones and those waiting for verification (found by
    the assistant's index first, as in ``inbox_for``)."""
    states = [*OPEN_ORDER_STATES, OrderState.REPORTED, OrderState.RETURNED]
    ids = list(
        WorkOrder.objects.filter(assistant=actor, state__in=states, **_of_scope(actor))
        .order_by()
        .values_list("pk", flat=True)
    )
    return _listed(orders_for(actor).filter(pk__in=ids), matters=True)


def to_close_for(actor) -> QuerySet[WorkOrder]:
    """Verified orders waiting to be closed in the register (消档, SD-9) at the sites where the
    actor closes them, urgent and major matters first, the longest waiting first."""
    qs = permissions.restrict(
        WorkOrder.objects.filter(state=OrderState.VERIFIED), actor, "sd.intake"
    ).select_related("form__room__unit__building", "department", "assignee", "verified_by")
    return queue_order(
        qs,
        due=Value(None, output_field=DateTimeField()),
        urgent=URGENT_ORDERS,
        since="verified_at",
    )


def assignable_staff(actor) -> list:
    """Whom the actor may arrange for several orders at once (SD-7): the staff and heads of the
    departments where the actor arranges staff, by name."""
    scope = permissions.scope_for(actor, "sd.receive")
    found = {}
    for site_id, departments in scope.departments.items():
        for department_id in departments:
            people = holders(site_id, Role.DEPT_STAFF, Role.DEPT_HEAD, department_id=department_id)
            found.update({u.pk: u for u in people})
    for site_id in scope.sites:
        found.update({u.pk: u for u in holders(site_id, Role.DEPT_STAFF, Role.DEPT_HEAD)})
    return sorted(found.values(), key=str)


def residents_for(actor, *, q: str = "", site=None, state: str | None = None) -> QuerySet[Resident]:
    """The residents register, searched by phone, name, full pinyin, initials or address
    ("3-1-1201", "3栋1201"); ``state`` narrows to current, moved-out or merged residents."""
    qs = permissions.restrict(
        Resident.objects.select_related("room__unit__building"), actor, "sd.view"
    )
    if site is not None:
        qs = qs.filter(site=site)
    if state:
        qs = qs.filter(state=state)
    q = q.strip()
    if q:
        qs = qs.filter(_resident_match(q, site))
    return qs.order_by("name", "id")


def _resident_match(q: str, site, *, rooms: list[int] | None = None) -> Q:
    """Each term is a prefix range on an indexed column, so a look-up reads only the matching
    index entries, not every resident of the site (``bench/residents.py``). ``rooms``: the
    flats an address or a number means, already looked up (the search box's), instead of a
    subquery."""
    address = parse_address(q)
    flats = Q(room__in=_rooms_at(address, site)) if rooms is None else Q(room__in=rooms)
    if q.isdigit() or (q.startswith("0") and q.replace("-", "").isdigit()):
        found = _prefix("phone", q) | _prefix("phone2", q)
        return found | flats if len(q) <= 6 else found
    if (address.building or address.unit) and any(c.isdigit() for c in q):
        return flats
    if q.isascii():
        key = q.lower().replace(" ", "")
        return _prefix("name_initials", key) | _prefix("name_pinyin", key)
    return _prefix("name_pinyin", spelled(q)) | Q(name_initials=initials(q))


def _prefix(field: str, text: str) -> Q:
    """``field`` starts with ``text``: as a range the (site, field) index answers, and as the
    LIKE that makes it exact."""
    upper = text[:-1] + chr(ord(text[-1]) + 1)
    return Q(**{f"{field}__gte": text, f"{field}__lt": upper, f"{field}__startswith": text})


def get_resident(actor, pk) -> Resident:
    """One resident of the actor's sites; missing and out of scope answer alike."""
    try:
        return residents_for(actor).select_related("merged_into").get(pk=pk)
    except (Resident.DoesNotExist, ValueError):
        raise NotFound() from None


def flat_history(resident: Resident) -> QuerySet[Resident]:
    """The residents of ``resident``'s flat, present and past, latest first (LOG-4). Callers
    fetch ``resident`` through ``get_resident`` first."""
    if resident.room_id is None:
        return Resident.objects.filter(pk=resident.pk)
    return Resident.objects.filter(site=resident.site_id, room=resident.room_id).order_by(
        F("moved_out_on").desc(nulls_first=True), "-moved_in_on", "-id"
    )


def forms_of_resident(actor, resident: Resident) -> QuerySet[ServiceForm]:
    """The forms of a resident and of the duplicates merged into them, newest first."""
    return (
        forms_for(actor)
        .filter(Q(resident=resident) | Q(resident__merged_into=resident))
        .order_by("-received_at")
    )


def rooms_matching(actor, q: str, *, site, limit: int = 10) -> list:
    """Intake's room look-up: rooms of ``site`` whose address begins as typed ("3-1-12",
    "3栋1201"), each with its current residents; empty when ``q`` is no address."""
    address = parse_address(q)
    if not address or site is None:
        return []
    rooms = list(
        core_selectors.rooms_for(actor, site=site)
        .filter(pk__in=_rooms_at(address, site))
        .order_by("unit__building__name", "unit__name", "number")[:limit]
    )
    by_room: dict[int, list] = {}
    for r in Resident.objects.filter(room__in=rooms, state=ResidentState.CURRENT).order_by("name"):
        by_room.setdefault(r.room_id, []).append(r)
    for room in rooms:
        room.current_residents = by_room.get(room.pk, [])
    return rooms


def _rooms_at(address, site) -> QuerySet[Room]:
    """Rooms of ``site`` (every site when None) matching a parsed address; building and unit
    names match by their key ("3" is 3栋), the room by the beginning of its number."""
    rooms = Room.objects.all()
    if site is not None:
        rooms = rooms.filter(unit__building__site=site)
    units = Unit.objects.all() if site is None else Unit.objects.filter(building__site=site)
    if address.building or address.unit:
        wanted = [
            pk
            for pk, unit, building in units.values_list("pk", "name", "building__name")
            if (not address.building or key(building) == address.building)
            and (not address.unit or key(unit) == address.unit)
        ]
        rooms = rooms.filter(unit__in=wanted)
    if address.room:
        rooms = rooms.filter(_prefix("number", address.room))
    return rooms.values("pk")


def forms_matching(actor, query: Query) -> QuerySet[ServiceForm]:
    """The search box's forms, newest first: an exact serial; the start of the reporter's
    number; the reporter's name as typed in Chinese; or, through the residents register, a
    name in pinyin or initials and a number's last digits; or an address. Each by an index:
    the serial's, or the residents' and flats' forms newest first with their site in the index,
    so the scope's site index does not lead the plan through a site's whole history."""
    forms = forms_for(actor).order_by("-received_at")
    if query.is_full_phone:
        return forms.filter(_prefix("reporter_phone", query.text))
    address = parse_address(query.text)
    if query.is_chinese and not address:
        return forms.filter(_prefix("reporter_name", query.text))
    if query.serial:
        return forms.filter(pk__in=ServiceForm.objects.filter(serial=query.serial).values("pk"))
    # the newest in scope, once per search: the forms and the orders kinds both follow them
    found = forms.filter(_forms_found(actor, query, address)).values_list("pk", flat=True)
    return forms.filter(
        pk__in=query.remembered(("sd.forms", actor.pk), lambda: list(found[:SEARCH_RESIDENTS]))
    )


def _forms_found(actor, query: Query, address) -> Q:
    """The forms of the residents and flats the query means. These are looked up first, once
    per search, and given as lists: an ``IN (subquery)`` inside an ``OR`` leaves PostgreSQL no
    index to read the forms by; with lists, both databases read the newest forms of each from
    the ``(resident | room, received_at, site)`` indexes."""
    rooms = _search_rooms(query, address)
    if address and not query.digits:
        return Q(room__in=rooms)
    residents = query.remembered(
        ("sd.residents", actor.pk),
        lambda: list(
            residents_matching(actor, query).values_list("pk", flat=True)[:SEARCH_RESIDENTS]
        ),
    )
    # a number's tail: the residents who have it, or the flat of that number (1201)
    return Q(resident__in=residents) | Q(room__in=rooms)


def _search_rooms(query: Query, address) -> list[int]:
    """The flats (of every site) that what was typed can mean: an address, or a number's tail
    read as a flat's number (1201); looked up once per search."""
    if not address or query.is_full_phone:
        return []
    return query.remembered(
        "sd.rooms",
        lambda: list(_rooms_at(address, None).values_list("pk", flat=True)[:SEARCH_ROOMS]),
    )


def orders_matching(actor, query: Query) -> QuerySet[WorkOrder]:
    """The search box's work orders: an exact serial, or the orders of the forms found."""
    orders = orders_for(actor).order_by("-dispatched_at")
    if query.serial:
        return orders.filter(pk__in=WorkOrder.objects.filter(serial=query.serial).values("pk"))
    return orders.filter(form__in=forms_matching(actor, query).values("pk")[:SEARCH_RESIDENTS])


def residents_matching(actor, query: Query) -> QuerySet[Resident]:
    """The search box's residents: as the register finds them (a number's start, a name, its
    pinyin or initials, an address), and by a number's last four to six digits."""
    if query.serial:
        return Resident.objects.none()
    qs = residents_for(actor)
    rooms = _search_rooms(query, parse_address(query.text))
    condition = _resident_match(query.text, None, rooms=rooms)
    if query.is_phone and not query.is_full_phone:
        qs = qs.alias(**tail_alias("phone", "phone2"))
        condition |= ends_with(query.digits, "phone", "phone2")
    return qs.filter(condition).order_by("name", "id")


SEARCH_RESIDENTS = 50  # residents or forms a search follows to their forms or orders
SEARCH_ROOMS = 500  # flats an address or a number's tail can mean, across the sites


def register_for(actor, *, site, start, end) -> QuerySet[ServiceForm]:
    """The register (信息中心记录表) of one site and period, newest first, each form with its
    orders as the list ``register_orders`` (a list, not ``orders.all()``: no queryset per row).
    The page, the API and the export narrow it further with ``filtersets.FormFilter``."""
    qs = forms_for(actor).filter(site=site, received_at__gte=start, received_at__lt=end)
    orders = (
        WorkOrder.objects.filter(site=site)
        .select_related("department")
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


def forms_in_queue_order(forms: QuerySet[ServiceForm]) -> QuerySet[ServiceForm]:
    """Forms (a register already read through ``register_for``) in queue order (UX 11):
    overdue first, then urgent and major ones, then by their running clock, forms without one
    (handled, archived) last, newest first."""
    # an archived or voided form runs no clock: its rows skip the clocks' subquery (a month of
    # a busy site is a few thousand forms, mostly archived)
    due = Case(
        When(
            Q(archived_at__isnull=True) & ~Q(state=FormState.VOIDED),
            then=running_due("servicedesk.serviceform"),
        ),
        default=Value(None),
        output_field=DateTimeField(),
    )
    return queue_order(forms, due=due, urgent=URGENT_FORMS, since="-received_at")


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
    "priority",
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
            site_id=form.site_id, room=form.room_id, category=form.category, received_at__gte=since
        )
        .exclude(pk=form.pk)
        .order_by("-received_at")[:10]
    )


def batches_for(actor):
    return permissions.restrict(
        ArchiveBatch.objects.select_related("site", "submitted_by", "reviewed_by"), actor, "sd.view"
    ).order_by("-week_start", "-id")


def waiting_for_batch(site, week_end) -> tuple[QuerySet, dict[str, QuerySet]]:
    """The site's forms and other control-room records up to ``week_end`` not yet handed over
    nor archived (SD-16, LOG-6): what a hand-over of that week would consider. The caller has
    checked the actor may hand over at ``site``; the service locks these rows."""
    forms = (
        ServiceForm.objects.filter(
            site=site,
            received_at__lt=week_end,
            archived_at__isnull=True,
            archive_batch__isnull=True,
        )
        .prefetch_related("orders", "batch_problems")
        .order_by("received_at")
    )
    others = {
        p.key: p.model.objects.filter(
            site=site,
            archived_at__isnull=True,
            archive_batch__isnull=True,
            **{f"{p.time_field}__lt": week_end},
        ).order_by(p.time_field)
        for p in PARTICIPANTS.values()
    }
    return forms, others


def batch_preview(actor, *, site, week_start) -> dict:
    """What handing over the week of ``week_start`` at ``site`` would take now, before it is
    confirmed: how many of each kind go in, and each record kept out with what it lacks
    (SD-12). Only for those who hand over at the site; a pure read."""
    permissions.check(actor, "sd.intake", site=site)
    forms, waiting = waiting_for_batch(site, archive.week_end(week_start))
    refused = []
    counts = [
        (_("Customer service forms"), len(archive.sort_ready(forms, archive.problems, refused)))
    ]
    for name, records in waiting.items():
        participant = PARTICIPANTS[name]
        counts.append(
            (participant.label, len(archive.sort_ready(records, participant.problems, refused)))
        )
    return {
        "week_start": week_start,
        "week_last_day": week_start + dt.timedelta(days=6),
        "counts": counts,
        "refused": refused,
        "total": sum(n for _label, n in counts),
    }


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


# How many of a site's latest orders teach the department suggested for a category: enough to
# follow a change of habit, few enough that the suggestion costs the same at any size.
SUGGESTION_WINDOW = 500


def departments_by_category(site) -> dict[str, int]:
    """The department suggested at intake for each category (登记并派工): the one the site's
    control room dispatched that category to most often among its latest orders (re-issues
    over the head left aside); one query over at most ``SUGGESTION_WINDOW`` orders."""
    latest = WorkOrder.objects.filter(site=site, reissue_of=None).order_by("-dispatched_at")
    counts = (
        WorkOrder.objects.filter(pk__in=latest.values("pk")[:SUGGESTION_WINDOW])
        .values_list("form__category", "department")
        .annotate(n=Count("pk"))
        .order_by("-n", "department")
    )
    suggested: dict[str, int] = {}
    for category, department, _n in counts:
        suggested.setdefault(category, department)
    return suggested


def follow_up_assistants(site) -> QuerySet[User]:
    """The people who may be named the follow-up assistant of the site's orders: active
    holders of the customer-service assistant role there (managers are not offered)."""
    return (
        User.objects.filter(
            Q(role_assignments__site_id=site.pk) | Q(role_assignments__branch__sites=site.pk),
            role_assignments__role=Role.CS_ASSISTANT,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def dispatch_departments(site) -> QuerySet[Department]:
    """The site's departments offered for a dispatch (``with_dispatch_facts``)."""
    return with_dispatch_facts(Department.objects.filter(site=site))


def with_dispatch_facts(departments: QuerySet[Department]) -> QuerySet[Department]:
    """Departments read with their site's time limits and whether they have chat-group robots,
    so a dispatch to one asks for neither again (``log_and_dispatch``)."""
    return departments.select_related("site__sla_policy").annotate(
        has_robots=Exists(DepartmentWebhook.objects.filter(department=OuterRef("pk"), active=True))
    )
