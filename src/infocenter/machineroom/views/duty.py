"""Pages of duty and closing (MR-1): today's duty board (phone-sized), the duty roster with its
print and Excel, a day's checklists; serious events and their callouts (MR-1, MR-5); power-use
permits and fire-system changes (MR-5, MR-6) and the site's wattage threshold."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    day_of,
    render_page,
    site_of,
    xlsx_response,
)
from infocenter.core.workflows import available

from .. import exports_duty, selectors
from ..choices import EventKind, EventState
from ..forms import NoteForm, ReasonForm
from ..forms.duty import (
    ArrivalForm,
    CloseEventForm,
    ClosingForm,
    DutyCheckForm,
    DutyPolicyForm,
    EventForm,
    FinishForm,
    FireChangeForm,
    OutageForm,
    PowerPermitForm,
    RosterDayForm,
    RosterPlanForm,
    SwapForm,
)
from ..permissions import IC_STAFF
from ..services import duty, safety
from .common import at_site, done, site_people


def _staff(request, site):
    """The site's information-center staff: who can be on duty or on call (one read)."""
    ic = {p.pk for p in duty.holders(site.pk, *IC_STAFF)}
    return [p for p in site_people(request, site) if p.pk in ic]


def _back(name, site_id, **kwargs):
    return redirect(f"{reverse(f'machineroom:{name}', kwargs=kwargs or None)}?site={site_id}")


# -- today's duty board (MR-1) -----------------------------------------------------------------


@login_required
def board(request, bound=None, status=200):
    """MR-1 on a phone: each room's duty person and on-call staff today, the duty checklist for
    the duty person (or the head), the closing checklist for the last person out with who is still
    signed in, open alerts and open serious events."""
    site, sites = site_of(request, "mr.view")
    today, user, bound = timezone.localdate(), request.user, bound or {}
    rows = {r.room_id: r for r in selectors.roster_for(user, site=site).filter(day=today)}
    closings = {c.room_id: c for c in selectors.closings_for(user, site=site).filter(day=today)}
    at_desk = permissions.can(user, "mr.desk", site_id=site.pk)
    is_head = permissions.can(user, "mr.roster", site_id=site.pk)
    inside = selectors.inside_now(user, site=site)
    rooms = []
    for room in selectors.rooms_for(user, site=site):
        row = rows.get(room.pk)
        check = getattr(row, "duty_check", None) if row else None
        may_fill = (
            row is not None and check is None and at_desk and (row.person_id == user.pk or is_head)
        )
        rooms.append(
            {
                "room": room,
                "row": row,
                "check": check,
                "closing": closings.get(room.pk),
                "inside": [v for v in inside if v.room_id == room.pk],
                "duty_form": (
                    bound.get(("duty", room.pk))
                    or DutyCheckForm(initial={"version": row.version}, auto_id=f"d{room.pk}_%s")
                )
                if may_fill
                else None,
                "closing_form": (
                    bound.get(("closing", room.pk))
                    or ClosingForm(initial={"room": room.pk}, auto_id=f"c{room.pk}_%s")
                )
                if at_desk and room.pk not in closings
                else None,
            }
        )
    rooms.sort(key=lambda r: r["row"] is None)  # rooms with a duty today first
    return render_page(
        request,
        "machineroom/duty/board.html",
        {
            "site": site,
            "sites": sites,
            "today": today,
            "rooms": rooms,
            "is_head": is_head,
            "alerts": selectors.duty_alerts_for(user, site=site, open_only=True)[:20],
            "events": selectors.events_for(user, site=site).filter(state=EventState.OPEN)[:10],
        },
        status=status,
    )


@login_required
@require_POST
def duty_check(request, pk):
    row = selectors.get_roster_day(request.user, pk)
    form = DutyCheckForm(request.POST, auto_id=f"d{row.room_id}_%s")
    if form.is_valid() and attempt(
        request,
        form,
        lambda: duty.record_duty_check(
            request.user,
            row,
            version=form.cleaned_data["version"],
            results=form.results(),
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, _("Duty checklist recorded."))
        return _back("duty", row.site_id)
    return board(
        at_site(request, row.site_id),
        {("duty", row.room_id): form},
        status=getattr(form, "refusal_status", 400),
    )


@login_required
@require_POST
def closing(request):
    room = selectors.get_room(request.user, request.POST.get("room"))
    form = ClosingForm(request.POST, auto_id=f"c{room.pk}_%s")
    if form.is_valid() and attempt(
        request,
        form,
        lambda: duty.record_closing(
            request.user, room=room, results=form.results(), note=form.cleaned_data["note"]
        ),
    ):
        messages.success(request, _("%(room)s closed for the day.") % {"room": room})
        return _back("duty", room.site_id)
    return board(
        at_site(request, room.site_id),
        {("closing", room.pk): form},
        status=getattr(form, "refusal_status", 400),
    )


# -- the roster (MR-1) --------------------------------------------------------------------------


def _span(request):
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    start = day_of(request.GET.get("start"), monday)
    end = day_of(request.GET.get("end"), start + dt.timedelta(days=13))
    return start, max(end, start)


def _roster_rows(request, site, start, end):
    rows = (
        selectors.roster_for(request.user, site=site)
        .filter(day__range=(start, end))
        .order_by("day", "room__name")
    )
    closings = {
        (c.room_id, c.day): c
        for c in selectors.closings_for(request.user, site=site).filter(day__range=(start, end))
    }
    return rows, closings


@login_required
def roster(request, bound=None, status=200):
    """MR-1: the duty roster of a period (two weeks from this Monday by default) with each day's
    checklists; the head plans it in bulk and changes a day until its checklist is done."""
    site, sites = site_of(request, "mr.view")
    start, end = _span(request)
    rows, closings = _roster_rows(request, site, start, end)
    page = LookaheadPaginator(rows, 60).get_page(request.GET.get("page"))
    alerts: dict = {}
    for room_id, day, kind in (
        selectors.duty_alerts_for(request.user, site=site)
        .filter(day__range=(start, end))
        .values_list("room_id", "day", "kind")
    ):
        alerts.setdefault((room_id, day), set()).add(kind)
    is_head, bound = permissions.can(request.user, "mr.roster", site_id=site.pk), bound or {}
    staff = _staff(request, site) if is_head else []
    today = timezone.localdate()
    open_days = [r for r in page if is_head and r.day >= today and not hasattr(r, "duty_check")]
    lines = [
        (
            r,
            closings.get((r.room_id, r.day)),
            *(_row_forms(r, staff, open_days, bound) if r in open_days else (None, None)),
            alerts.get((r.room_id, r.day), set()),
        )
        for r in page
    ]
    plan = bound.get("plan") or (
        RosterPlanForm(
            rooms=selectors.rooms_for(request.user, site=site),
            people=staff,
            initial={"start": start, "end": end},
        )
        if is_head
        else None
    )
    return render_page(
        request,
        "machineroom/duty/roster.html",
        {
            "site": site,
            "sites": sites,
            "start": start,
            "end": end,
            "page": page,
            "lines": lines,
            "plan": plan,
        },
        status=status,
    )


def _row_forms(row, staff, open_days, bound):
    """The head's change and swap forms of one open day of the roster page."""
    change = bound.get(row.pk) or RosterDayForm(
        people=staff,
        auto_id=f"r{row.pk}_%s",
        initial={
            "version": row.version,
            "person": row.person_id,
            "note": row.note,
            "on_call": [str(p.pk) for p in row.on_call.all()],
        },
    )
    others = [o for o in open_days if o.room_id == row.room_id and o.pk != row.pk]
    swap = bound.get((row.pk, "swap")) or SwapForm(
        days=others, auto_id=f"s{row.pk}_%s", initial={"version": row.version}
    )
    return change, swap


@login_required
@require_POST
def roster_plan(request):
    site, _sites = site_of(request, "mr.roster")
    form = RosterPlanForm(
        request.POST,
        rooms=selectors.rooms_for(request.user, site=site),
        people=_staff(request, site),
    )
    planned = form.is_valid() and attempt(
        request, form, lambda: duty.plan_roster(request.user, **form.cleaned_data)
    )
    if planned is not None and planned is not False:
        messages.success(request, _("%(count)s day(s) planned.") % {"count": len(planned)})
        data = form.cleaned_data
        return redirect(
            f"{reverse('machineroom:roster')}?site={site.pk}&start={data['start']}&end={data['end']}"
        )
    return roster(
        at_site(request, site.pk), {"plan": form}, status=getattr(form, "refusal_status", 400)
    )


@login_required
@require_POST
def roster_day(request, pk):
    row = selectors.get_roster_day(request.user, pk)
    form = RosterDayForm(request.POST, people=_staff(request, row.site), auto_id=f"r{row.pk}_%s")
    if form.is_valid() and attempt(
        request, form, lambda: duty.change_roster_day(request.user, row, **form.cleaned_data)
    ):
        done(request, _("Change"))
        return redirect(f"{reverse('machineroom:roster')}?site={row.site_id}&start={row.day}")
    request.GET = request.GET.copy()
    request.GET.update({"site": str(row.site_id), "start": row.day.isoformat()})
    return roster(request, {row.pk: form}, status=getattr(form, "refusal_status", 400))


def _swappable(request, row):
    rows = (
        selectors.roster_for(request.user, site=row.site)
        .filter(room=row.room_id, day__gte=timezone.localdate(), duty_check__isnull=True)
        .exclude(pk=row.pk)
    )
    return list(rows.order_by("day"))


@login_required
@require_POST
def roster_swap(request, pk):
    """MR-1: the head swaps two days' duty persons."""
    row = selectors.get_roster_day(request.user, pk)
    candidates = _swappable(request, row)
    form = SwapForm(request.POST, days=candidates, auto_id=f"s{row.pk}_%s")
    others = {r.pk: r for r in candidates}
    if form.is_valid() and attempt(
        request,
        form,
        lambda: duty.swap_roster_days(
            request.user,
            row,
            version=form.cleaned_data["version"],
            other=others.get(form.cleaned_data["other"][0]),
            other_version=form.cleaned_data["other"][1],
        ),
    ):
        done(request, _("Swap"))
        return redirect(f"{reverse('machineroom:roster')}?site={row.site_id}&start={row.day}")
    request.GET = request.GET.copy()
    request.GET.update({"site": str(row.site_id), "start": row.day.isoformat()})
    return roster(request, {(row.pk, "swap"): form}, status=getattr(form, "refusal_status", 400))


@login_required
def roster_detail(request, pk):
    """One rostered day: its duty and closing checklists item by item, alerts and timeline."""
    row = selectors.get_roster_day(request.user, pk)
    closing_check = (
        selectors.closings_for(request.user).filter(room=row.room_id, day=row.day).first()
    )
    check = getattr(row, "duty_check", None)
    return render_page(
        request,
        "machineroom/duty/day.html",
        {
            "row": row,
            "check": check,
            "closing": closing_check,
            "duty_items": exports_duty.itemised(check),
            "closing_items": exports_duty.itemised(closing_check),
            "alerts": selectors.duty_alerts_for(request.user).filter(room=row.room_id, day=row.day),
            "events": core_selectors.timeline(row),
        },
    )


@login_required
def roster_print(request):
    """值日表 on A4: the roster of the period with each day's checklists and signatures."""
    site, _sites = site_of(request, "mr.view")
    start, end = _span(request)
    rows, closings = _roster_rows(request, site, start, end)
    return render_page(
        request,
        "machineroom/duty/print_roster.html",
        {
            "site": site,
            "start": start,
            "end": end,
            "lines": [(r, closings.get((r.room_id, r.day))) for r in rows],
        },
    )


@login_required
def roster_export(request):
    site, _sites = site_of(request, "mr.view")
    start, end = _span(request)
    rows, closings = _roster_rows(request, site, start, end)
    return xlsx_response(
        exports_duty.roster_workbook(rows, closings, title=f"{start}~{end}"),
        f"duty-roster-{site.code}-{start}-{end}",
    )


# -- serious events (MR-1, MR-5, MR-6) ----------------------------------------------------------


@login_required
def events(request):
    """MR-1: serious events and hazards, and a new report (the on-call staff are called at once)."""
    site, sites = site_of(request, "mr.events")
    may_report = permissions.can(request.user, "mr.event", site_id=site.pk)
    form = (
        EventForm(
            request.POST or None, rooms=selectors.rooms_for(request.user, "mr.event", site=site)
        )
        if may_report
        else None
    )
    if request.method == "POST":
        permissions.check(request.user, "mr.event", site=site)
        event = form.is_valid() and attempt(
            request, form, lambda: safety.report_event(request.user, **form.cleaned_data)
        )
        if event:
            messages.success(
                request,
                _("%(serial)s reported: the on-call staff are being called.")
                % {"serial": event.serial},
            )
            return redirect("machineroom:event", pk=event.pk)
    rows = selectors.events_for(request.user, site=site).order_by("-occurred_at")
    page = LookaheadPaginator(rows, 30).get_page(request.GET.get("page"))
    return render_page(
        request,
        "machineroom/duty/events.html",
        {"site": site, "sites": sites, "page": page, "form": form},
        status=getattr(form, "refusal_status", 400) if form is not None and form.errors else 200,
    )


def _event_forms(request, event, bound):
    user, site_id = request.user, event.site_id
    if event.state != EventState.OPEN or not permissions.can(user, "mr.desk", site_id=site_id):
        return {}
    forms = {"close": CloseEventForm(initial={"version": event.version})}
    callees = [c.person for c in event.callouts.all() if c.arrived_at is None]
    forms["arrive"] = ArrivalForm(people=callees, auto_id="a_%s")
    if event.kind == EventKind.POWER_OUTAGE:
        forms["outage"] = OutageForm(
            initial={
                "version": event.version,
                "ups_on_battery": {True: "yes", False: "no"}.get(event.ups_on_battery),
                **{
                    f: event.__dict__[f]
                    for f in ("generator_called_at", "generator_running_at", "power_restored_at")
                },
            },
            auto_id="o_%s",
        )
    return forms | (bound or {})


@login_required
def event_detail(request, pk, bound=None, status=200):
    """One event: who was called, acknowledged and arrived; the outage procedure; the outcome."""
    event = selectors.get_event(request.user, pk)
    callouts = list(event.callouts.select_related("person"))
    mine = next((c for c in callouts if c.person_id == request.user.pk), None)
    return render_page(
        request,
        "machineroom/duty/event.html",
        {
            "record": event,
            "callouts": callouts,
            "mine": mine if event.state == EventState.OPEN else None,
            "forms": _event_forms(request, event, bound),
            "events": core_selectors.timeline(event),
        },
        status=status,
    )


EVENT_STEPS = {
    "acknowledge": (
        None,
        lambda user, event, data: safety.acknowledge_callout(user, event),
        _("Acknowledged"),
    ),
    "arrive": (
        ArrivalForm,
        lambda user, event, data: safety.record_arrival(user, event, **data),
        _("Arrived"),
    ),
    "outage": (
        OutageForm,
        lambda user, event, data: safety.record_outage(user, event, **data),
        _("Outage procedure recorded"),
    ),
    "close": (
        CloseEventForm,
        lambda user, event, data: safety.close_event(user, event, **data),
        _("Closed"),
    ),
}


@login_required
@require_POST
def event_step(request, pk, step):
    event = selectors.get_event(request.user, pk)
    if step not in EVENT_STEPS:
        raise Http404()
    cls, service, label = EVENT_STEPS[step]
    kwargs = (
        {"people": [c.person for c in event.callouts.select_related("person")]}
        if cls is ArrivalForm
        else {}
    )
    form = cls(request.POST, **kwargs) if cls else None
    if (form is None or form.is_valid()) and attempt(
        request, form, lambda: service(request.user, event, form.cleaned_data if form else {})
    ):
        done(request, label)
        return redirect("machineroom:event", pk=pk)
    if form is None:
        return redirect("machineroom:event", pk=pk)
    return event_detail(request, pk, {step: form}, status=getattr(form, "refusal_status", 400))


@login_required
def events_export(request):
    site, _sites = site_of(request, "mr.events")
    rows = selectors.events_for(request.user, site=site).prefetch_related("callouts__person")
    return xlsx_response(
        exports_duty.events_workbook(rows, title=site.name), f"serious-events-{site.code}"
    )


# -- power-use permits (MR-5) and fire-system changes (MR-6) -------------------------------------

PERMIT_FORMS = {
    "power": (PowerPermitForm, safety.request_power),
    "fire": (FireChangeForm, safety.request_fire_change),
}
PERMIT_STEPS = {
    "approve": (NoteForm, safety.approve_permit),
    "refuse": (ReasonForm, safety.refuse_permit),
    "finish": (FinishForm, safety.finish_permit),
    "cancel": (NoteForm, safety.cancel_permit),
}


def _kind(kind):
    if kind not in PERMIT_FORMS:
        raise Http404()
    return kind


@login_required
def permits(request):
    """MR-5, MR-6: power-use permits and fire-system changes (``?kind=``), the waiting ones first."""
    kind = _kind(request.GET.get("kind", "power"))
    if not permissions.can(request.user, "mr.view"):
        permissions.check(request.user, "mr.request")
    site = None
    if permissions.can(request.user, "mr.view"):
        site, sites = site_of(request, "mr.view")
    rows = selectors.PERMIT_LISTS[kind](request.user, site=site).order_by("-requested_at")
    page = LookaheadPaginator(rows, 30).get_page(request.GET.get("page"))
    return render_page(
        request,
        "machineroom/duty/permits.html",
        {
            "kind": kind,
            "page": page,
            "site": site,
            "sites": sites if site else [],
            "threshold": safety.policy(site).power_threshold_watts if site else None,
            "may_manage": site is not None
            and permissions.can(request.user, "mr.manage", site_id=site.pk),
            "may_request": permissions.can(request.user, "mr.request"),
        },
    )


@login_required
def permit_new(request, kind):
    kind = _kind(kind)
    site, _sites = site_of(request, "mr.request")
    cls, service = PERMIT_FORMS[kind]
    form = cls(
        request.POST or None, rooms=selectors.rooms_for(request.user, "mr.request", site=site)
    )
    if request.method == "POST" and form.is_valid():
        record = attempt(request, form, lambda: service(request.user, **form.cleaned_data))
        if record:
            messages.success(
                request,
                _("%(serial)s sent to the information-center head for approval.")
                % {"serial": record.serial},
            )
            return redirect("machineroom:permit", kind=kind, pk=record.pk)
    return render_page(
        request,
        "machineroom/duty/permit_form.html",
        {
            "form": form,
            "site": site,
            "kind": kind,
            "threshold": safety.policy(site).power_threshold_watts,
        },
        status=getattr(form, "refusal_status", 400) if form.errors else 200,
    )


def _permit_steps(user, record):

    steps = available(user, record, safety.steps_of(record))
    if record.requested_by_id != user.pk and not permissions.can(
        user, "mr.desk", site_id=record.site_id
    ):
        steps = [s for s in steps if s.name != "cancel"]
    return steps


@login_required
def permit_detail(request, kind, pk, bound=None, status=200):
    record = selectors.get_permit(request.user, _kind(kind), pk)
    steps = _permit_steps(request.user, record)
    prepared = {
        s.name: PERMIT_STEPS[s.name][0](initial={"version": record.version}) for s in steps
    } | (bound or {})
    return render_page(
        request,
        "machineroom/duty/permit.html",
        {
            "record": record,
            "kind": kind,
            "steps": [(s, prepared[s.name]) for s in steps],
            "events": core_selectors.timeline(record),
        },
        status=status,
    )


@login_required
@require_POST
def permit_step(request, kind, pk, step):
    record = selectors.get_permit(request.user, _kind(kind), pk)
    if step not in PERMIT_STEPS:
        raise Http404()
    cls, service = PERMIT_STEPS[step]
    form = cls(request.POST)
    if form.is_valid() and attempt(
        request, form, lambda: service(request.user, record, **form.cleaned_data)
    ):
        done(request, safety.steps_of(record)[step].label)
        return redirect("machineroom:permit", kind=kind, pk=pk)
    return permit_detail(
        request, kind, pk, {step: form}, status=getattr(form, "refusal_status", 400)
    )


@login_required
def permits_export(request):
    kind = _kind(request.GET.get("kind", "power"))
    site, _sites = site_of(request, "mr.view")
    rows = selectors.PERMIT_LISTS[kind](request.user, site=site)
    return xlsx_response(
        exports_duty.permits_workbook(rows, kind=kind, title=site.name),
        f"{kind}-permits-{site.code}",
    )


@login_required
def policy_page(request):
    """MR-5: the wattage above which equipment needs the head's permit at this site."""
    site, sites = site_of(request, "mr.manage")
    current = safety.policy(site)
    form = DutyPolicyForm(
        request.POST or None,
        initial={
            "version": current.version,
            "power_threshold_watts": current.power_threshold_watts,
        },
    )
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            form,
            lambda: safety.update_policy(request.user, site=site, **form.cleaned_data),
        ):
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?site={site.pk}")
    return render_page(
        request,
        "machineroom/duty/policy.html",
        {"form": form, "site": site, "sites": sites},
        status=getattr(form, "refusal_status", 400) if form.errors else 200,
    )
