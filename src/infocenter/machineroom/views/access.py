"""Pages of the access desk (who is inside, sign in and out, refusals), access requests and their
approval, the head's approvals inbox, the access log and the items register, with their printed forms
and Excel exports (MR-2, MR-3)."""

import datetime as dt
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import live, permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.choices import Role
from infocenter.core.selectors import holders
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    page_filter,
    period_export,
    period_register,
    render_page,
    saved,
    site_of,
    step_view,
)

from .. import approvals, selectors, workflows
from ..choices import RequestKind, RequestState
from ..exports.access import items_workbook, visits_workbook
from ..filtersets.access import ItemFilter, RequestFilter, VisitFilter
from ..forms.access import (
    ItemForm,
    PhoneApprovalForm,
    RefusalForm,
    ReleaseForm,
    RequestForm,
    RoomForm,
    SignOutForm,
    VisitorForm,
)
from ..forms.common import NoteForm, ReasonForm
from ..models import Release
from ..rules import access as rules
from ..services import access
from .common import at_site, button_post, form_status, refusal_status, sent_to_the_head


def _choices(request, site, *, heads: bool = True) -> dict:
    """Rooms, our staff (escorts) and the heads of the site (not needed at the desk), for the
    forms."""
    return {
        "rooms": list(selectors.rooms_for(request.user, "mr.request", site=site)),
        # names to choose from: not the directory's roles, sites and departments of each
        "staff": list(core_selectors.people_for(request.user, site=site).prefetch_related(None)),
        "heads": holders(site.pk, Role.IC_HEAD) if heads else [],
    }


# -- the access desk (MR-2) ---------------------------------------------------------------------


@login_required
def desk(request, refusal=None, visitor_forms=None, status=200):
    """MR-2 at the door, phone-sized: who is inside now, one tap to sign in or out, approved
    requests of today to sign outsiders in on, releases after clean-up, refusals."""
    site, sites = site_of(request, "mr.view")
    choices = _choices(request, site, heads=False)
    inside = selectors.inside_now(request.user, site=site)
    at_desk = permissions.can(request.user, "mr.desk", site_id=site.pk)
    mine = {v.room_id: v for v in inside if v.person_id == request.user.pk}
    today = timezone.localdate()
    admissible = list(selectors.admissible_today(request.user, site=site)) if at_desk else []
    released = set(
        Release.objects.filter(site=site, request__in=admissible, day=today).values_list(
            "request_id", flat=True
        )
    )
    names_inside = {(v.request_id, v.name) for v in inside if v.request_id}
    visitor_forms = visitor_forms or {}
    requests = [
        {
            "record": r,
            "released": r.pk in released,
            "needs_release": r.kind in rules.RELEASED_KINDS,
            "waiting": [n for n in r.people if (r.pk, n) not in names_inside],
            "form": visitor_forms.get(r.pk)
            or VisitorForm(
                initial={"request": r.pk, "escort": r.escort_id},
                staff=choices["staff"],
                auto_id=f"v{r.pk}_%s",
            ),
        }
        for r in admissible
    ]
    return render_page(
        request,
        "machineroom/desk.html",
        {
            "site": site,
            "sites": sites,
            "rooms": choices["rooms"],
            "inside": inside,
            "mine": mine,
            "at_desk": at_desk,
            "requests": requests,
            "release_form": ReleaseForm(),
            "refusal": refusal or RefusalForm(rooms=choices["rooms"], auto_id="r_%s"),
        },
        status=status,
    )


@login_required
@require_POST
def sign_in_staff(request):
    room = selectors.get_room(request.user, request.POST.get("room"), "mr.desk")
    if attempt(request, None, lambda: access.sign_in_staff(request.user, room=room)):
        messages.success(request, _("Signed in to %(room)s.") % {"room": room})
    return redirect(f"{_desk_url()}?site={room.site_id}")


@login_required
@require_POST
def sign_in_visitor(request):
    record = selectors.get_request(request.user, request.POST.get("request"))
    choices = _choices(request, record.site)
    form = VisitorForm(request.POST, staff=choices["staff"], auto_id=f"v{record.pk}_%s")
    if form.is_valid():
        data = form.cleaned_data
        visit = attempt(
            request,
            form,
            lambda: access.sign_in_visitor(
                request.user, request=record, name=data["name"], escort=data["escort"]
            ),
        )
        if visit:
            messages.success(
                request,
                _("%(name)s signed in to %(room)s, escorted by %(escort)s.")
                % {"name": visit.name, "room": visit.room, "escort": visit.escort},
            )
            return redirect(f"{_desk_url()}?site={record.site_id}")
    return desk(
        at_site(request, record.site_id),
        visitor_forms={record.pk: form},
        status=refusal_status(form),
    )


@login_required
@require_POST
def sign_out(request, pk):
    visit = selectors.get_visit(request.user, pk)
    form = SignOutForm(request.POST)
    return button_post(
        request,
        form,
        lambda: access.sign_out(request.user, visit, version=form.cleaned_data["version"]),
        _("%(name)s signed out.") % {"name": visit.name},
        f"{_desk_url()}?site={visit.site_id}",
    )


@login_required
@require_POST
def refusal(request):
    site, _sites = site_of(request, "mr.desk")
    form = RefusalForm(request.POST, rooms=_choices(request, site)["rooms"], auto_id="r_%s")
    if response := saved(
        request,
        form,
        lambda: access.record_refusal(request.user, **form.cleaned_data),
        _("Recorded in the access log."),
        f"{_desk_url()}?site={site.pk}",
    ):
        return response
    return desk(request, refusal=form, status=refusal_status(form))


def _desk_url():
    return reverse("machineroom:desk")


# -- access requests (MR-2) ---------------------------------------------------------------------


def _may_request(user):
    if not (permissions.can(user, "mr.request") or permissions.can(user, "mr.view")):
        permissions.check(user, "mr.request")


@login_required
def requests(request):
    """MR-2: access requests the reader may see, the newest first, filtered by state and kind."""
    _may_request(request.user)
    filters = page_filter(RequestFilter, request, selectors.requests_for(request.user))
    chosen = filters.form.cleaned_data if filters.is_valid() else {}
    page = LookaheadPaginator(filters.qs.order_by("-requested_at"), 30).get_page(
        request.GET.get("page")
    )
    return render_page(
        request,
        "machineroom/requests.html",
        {
            "page": page,
            "states": RequestState.choices,
            "state": chosen.get("state", ""),
            "may_record_phone": permissions.can(request.user, "mr.desk"),
        },
    )


@login_required
def request_new(request):
    site, _sites = site_of(request, "mr.request")
    choices = _choices(request, site)
    form = RequestForm(request.POST or None, rooms=choices["rooms"], staff=choices["staff"])
    if request.method == "POST" and form.is_valid():
        record = attempt(
            request, form, lambda: access.request_access(request.user, **form.cleaned_data)
        )
        if record:
            sent_to_the_head(request, record)
            return redirect("machineroom:request", pk=record.pk)
    return render_page(
        request,
        "machineroom/request_form.html",
        {"form": form, "site": site, "title": _("Ask for access to the machine room")},
        status=form_status(form),
    )


@login_required
def request_phone(request):
    """MR-2: record the head's approval by phone of an emergency repair."""
    site, _sites = site_of(request, "mr.desk")
    choices = _choices(request, site)
    form = PhoneApprovalForm(
        request.POST or None, rooms=choices["rooms"], staff=choices["staff"], heads=choices["heads"]
    )
    if request.method == "POST" and form.is_valid():
        record = attempt(
            request, form, lambda: access.record_phone_approval(request.user, **form.cleaned_data)
        )
        if record:
            messages.success(
                request,
                _("%(serial)s recorded and approved: sign the technicians in at the desk.")
                % {"serial": record.serial},
            )
            return redirect(f"{_desk_url()}?site={site.pk}")
    return render_page(
        request,
        "machineroom/request_form.html",
        {"form": form, "site": site, "title": _("Emergency repair approved by phone")},
        status=form_status(form),
    )


# step → (form, service); the labels are the workflow table's.
STEPS = {
    "approve": (NoteForm, access.approve_request),
    "refuse": (ReasonForm, access.refuse_request),
    "release": (ReleaseForm, access.release_for_today),
    "close": (NoteForm, access.close_request),
    "cancel": (NoteForm, access.cancel_request),
}


@login_required
def request_detail(request, pk, bound=None, status=200):
    record = selectors.get_request(request.user, pk)
    steps = rules.steps_for(request.user, record)
    prepared = {s.name: STEPS[s.name][0](initial={"version": record.version}) for s in steps} | (
        bound or {}
    )
    return render_page(
        request,
        "machineroom/request_detail.html",
        {
            "record": record,
            "steps": [(s, prepared[s.name]) for s in steps],
            "visits": record.visits.select_related("escort").order_by("entered_at"),
            "releases": record.releases.filter(site_id=record.site_id).select_related(
                "released_by"
            ),
            "events": core_selectors.timeline(record),
        },
        status=status,
    )


request_step = step_view(
    selectors.get_request, STEPS, labels=workflows.REQUEST_STEPS, page=request_detail
)


@login_required
def request_print(request, pk):
    """The request on A4 with the head's decision and the log of who came (施工申请单)."""
    record = selectors.get_request(request.user, pk)
    return render_page(
        request,
        "machineroom/print_request.html",
        {
            "record": record,
            "visits": record.visits.select_related("escort").order_by("entered_at"),
            "releases": record.releases.filter(site_id=record.site_id).select_related(
                "released_by"
            ),
            "construction": record.kind == RequestKind.CONSTRUCTION,
        },
    )


@login_required
def approvals_inbox(request):
    """The head's one inbox of everything waiting for a decision, the oldest first; ``?kind=``
    narrows it to one kind (visits, permits, changes, loans …)."""
    permissions.check(request.user, "mr.approve")
    if response := live.unchanged(request):
        return response
    rows = approvals.waiting_for(request.user)
    kind = request.GET.get("kind", "")
    return render_page(
        request,
        "machineroom/approvals.html",
        {
            "rows": [w for w in rows if w.kind == kind] if kind else rows,
            "kind": kind,
            "total": len(rows),
            "kinds": approvals.count_by_kind(rows),
            "day_ago": timezone.now() - dt.timedelta(days=1),
            "live_urgent": [w.url for w in rows if getattr(w, "urgent", False)],
        },
    )


# -- the access log and items (MR-2, MR-3) ------------------------------------------------------


def _visits(request, site, since, until):
    """The access log of ``site`` in a period, narrowed by ``?kind=`` and ``?outcome=``."""
    rows = selectors.visits_for(request.user, site=site).filter(
        entered_at__gte=since, entered_at__lt=until
    )
    return page_filter(VisitFilter, request, rows).qs


def _items(request, site, since, until):
    """The items register of ``site`` in a period, narrowed by ``?direction=``."""
    rows = selectors.items_for(request.user, site=site).filter(
        inspected_at__gte=since, inspected_at__lt=until
    )
    return page_filter(ItemFilter, request, rows).qs


@login_required
def access_log(request):
    return period_register(
        request,
        "mr.view",
        partial(_visits, request),
        "machineroom/log.html",
        days=7,
        order="-entered_at",
        paged=True,
    )


@login_required
def log_print(request):
    return period_register(
        request,
        "mr.view",
        partial(_visits, request),
        "machineroom/print_log.html",
        days=7,
        order="entered_at",
        paged=False,
    )


@login_required
def log_export(request):
    return period_export(
        request, "mr.view", partial(_visits, request), visits_workbook, "access-log"
    )


@login_required
def items(request):
    return period_register(
        request,
        "mr.view",
        partial(_items, request),
        "machineroom/items.html",
        days=30,
        order="-inspected_at",
        paged=True,
    )


@login_required
def item_new(request):
    """MR-3: inspect and record an item carried in or out by someone inside."""
    visit = selectors.get_visit(request.user, request.POST.get("visit") or request.GET.get("visit"))
    permissions.check(request.user, "mr.desk", site=visit.site)
    form = ItemForm(request.POST or None, initial={"visit": visit.pk})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "visit"}
        if attempt(request, form, lambda: access.record_item(request.user, visit=visit, **data)):
            messages.success(request, _("Recorded: %(item)s.") % {"item": data["description"]})
            return redirect(f"{_desk_url()}?site={visit.site_id}")
    return render_page(
        request,
        "machineroom/item_form.html",
        {"form": form, "visit": visit, "items": visit.items.select_related("inspected_by")},
        status=form_status(form),
    )


@login_required
def items_print(request):
    """机房物品进出登记单 on A4 for a period."""
    return period_register(
        request,
        "mr.view",
        partial(_items, request),
        "machineroom/print_items.html",
        days=7,
        order="inspected_at",
        paged=False,
    )


@login_required
def items_export(request):
    return period_export(request, "mr.view", partial(_items, request), items_workbook, "items")


# -- rooms --------------------------------------------------------------------------------------


@login_required
def rooms(request):
    site, sites = site_of(request, "mr.manage")
    form = RoomForm(request.POST or None)
    if response := saved(
        request,
        form,
        lambda: access.add_room(request.user, site=site, **form.cleaned_data),
        _("Machine room added."),
        f"{request.path}?site={site.pk}",
    ):
        return response
    return render_page(
        request,
        "machineroom/rooms.html",
        {
            "site": site,
            "sites": sites,
            "form": form,
            "rows": selectors.rooms_for(request.user, "mr.manage", site=site),
        },
        status=form_status(form),
    )
