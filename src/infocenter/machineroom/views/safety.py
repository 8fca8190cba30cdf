"""Pages of serious events and their callouts (MR-1, MR-5), power-use permits and fire-system
changes (MR-5, MR-6), and the site's wattage threshold."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    render_page,
    site_of,
    xlsx_response,
)
from infocenter.core.workflows import available

from .. import selectors
from ..choices import EventKind, EventState
from ..exports.safety import events_workbook, permits_workbook
from ..forms.common import NoteForm, ReasonForm
from ..forms.safety import (
    ArrivalForm,
    CloseEventForm,
    DutyPolicyForm,
    EventForm,
    FinishForm,
    FireChangeForm,
    OutageForm,
    PowerPermitForm,
)
from ..rules.safety import steps_of
from ..services import safety
from .common import done


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
    return xlsx_response(events_workbook(rows, title=site.name), f"serious-events-{site.code}")


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

    steps = available(user, record, steps_of(record))
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
        done(request, steps_of(record)[step].label)
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
        permits_workbook(rows, kind=kind, title=site.name),
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
