"""Pages of duty and closing (MR-1): today's duty board (phone-sized), the duty roster with its
print and Excel, a day's checklists."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
    done,
    render_page,
    site_of,
    xlsx_response,
)

from .. import selectors
from ..choices import EventState
from ..exports.duty import itemised, roster_workbook
from ..filtersets.duty import RosterFilter
from ..forms.duty import ClosingForm, DutyCheckForm, RosterDayForm, RosterPlanForm, SwapForm
from ..permissions import IC_STAFF
from ..services import duty
from .common import at_site, refusal_status, site_people


def _staff(request, site):
    """The site's information-center staff: who can be on duty or on call (one read)."""
    ic = {p.pk for p in duty.holders(site.pk, *IC_STAFF)}
    return [p for p in site_people(request, site) if p.pk in ic]


def _back(name, site_id, **kwargs):
    return redirect(f"{reverse(f'machineroom:{name}', kwargs=kwargs or None)}?site={site_id}")


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
        status=refusal_status(form),
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
        status=refusal_status(form),
    )


def _span(request):
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    start = day_of(request.GET.get("start"), monday)
    end = day_of(request.GET.get("end"), start + dt.timedelta(days=13))
    return start, max(end, start)


def _roster_rows(request, site):
    """The period asked for (``_span``), its roster (and ``?room=``) and the closing checklists
    of those days."""
    start, end = _span(request)
    rows = RosterFilter(
        {**request.GET.dict(), "start": start, "end": end},
        queryset=selectors.roster_for(request.user, site=site),
    ).qs.order_by("day", "room__name")
    closings = {
        (c.room_id, c.day): c
        for c in selectors.closings_for(request.user, site=site).filter(day__range=(start, end))
    }
    return start, end, rows, closings


@login_required
def roster(request, bound=None, status=200):
    """MR-1: the duty roster of a period (two weeks from this Monday by default) with each day's
    checklists; the head plans it in bulk and changes a day until its checklist is done."""
    site, sites = site_of(request, "mr.view")
    start, end, rows, closings = _roster_rows(request, site)
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
    return roster(at_site(request, site.pk), {"plan": form}, status=refusal_status(form))


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
    return roster(request, {row.pk: form}, status=refusal_status(form))


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
    return roster(request, {(row.pk, "swap"): form}, status=refusal_status(form))


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
            "duty_items": itemised(check),
            "closing_items": itemised(closing_check),
            "alerts": selectors.duty_alerts_for(request.user).filter(room=row.room_id, day=row.day),
            "events": core_selectors.timeline(row),
        },
    )


@login_required
def roster_print(request):
    """值日表 on A4: the roster of the period with each day's checklists and signatures."""
    site, _sites = site_of(request, "mr.view")
    start, end, rows, closings = _roster_rows(request, site)
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
    start, end, rows, closings = _roster_rows(request, site)
    return xlsx_response(
        roster_workbook(rows, closings, title=f"{start}~{end}"),
        f"duty-roster-{site.code}-{start}-{end}",
    )
