"""Pages of serious events and their callouts (MR-1, MR-5), power-use permits and fire-system
changes (MR-5, MR-6), and the site's wattage threshold."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    done,
    page_filter,
    post_step,
    render_page,
    saved,
    site_of,
    xlsx_response,
)
from infocenter.core.workflows import available

from .. import selectors
from ..choices import EventKind, EventState
from ..exports.safety import events_workbook, permits_workbook
from ..filtersets.safety import PERMIT_FILTERS, EventFilter
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
from ..rules.common import may_withdraw
from ..rules.safety import steps_of
from ..services import safety
from .common import form_status, sent_to_the_head


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
    rows = page_filter(EventFilter, request, selectors.events_for(request.user, site=site)).qs
    page = LookaheadPaginator(rows.order_by("-occurred_at"), 30).get_page(request.GET.get("page"))
    return render_page(
        request,
        "machineroom/duty/events.html",
        {"site": site, "sites": sites, "page": page, "form": form},
        status=form_status(form),
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


# step → (form, service, label); acknowledging a callout takes no form (below).
EVENT_STEPS = {
    "arrive": (ArrivalForm, safety.record_arrival, gettext_lazy("Arrived")),
    "outage": (OutageForm, safety.record_outage, gettext_lazy("Outage procedure recorded")),
    "close": (CloseEventForm, safety.close_event, gettext_lazy("Closed")),
}


@login_required
@require_POST
def event_step(request, pk, step):
    """POST of one step of an event: done → the event; refused → the event with the form and
    its reason. A callout is acknowledged with one tap (a refusal is a message on the event)."""
    event = selectors.get_event(request.user, pk)
    if step == "acknowledge":
        if attempt(request, None, lambda: safety.acknowledge_callout(request.user, event)):
            done(request, _("Acknowledged"))
        return redirect(event.get_absolute_url())

    def bind(cls, data):  # an arrival names one of the people called out
        if cls is ArrivalForm:
            return cls(data, people=[c.person for c in event.callouts.select_related("person")])
        return cls(data)

    return post_step(request, event, step, EVENT_STEPS, bind=bind, page=event_detail)


@login_required
def events_export(request):
    site, _sites = site_of(request, "mr.events")
    rows = page_filter(EventFilter, request, selectors.events_for(request.user, site=site)).qs
    rows = rows.prefetch_related("callouts__person")
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
    rows = page_filter(
        PERMIT_FILTERS[kind], request, selectors.PERMIT_LISTS[kind](request.user, site=site)
    ).qs
    page = LookaheadPaginator(rows.order_by("-requested_at"), 30).get_page(request.GET.get("page"))
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
            sent_to_the_head(request, record)
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
        status=form_status(form),
    )


def _permit_steps(user, record):
    """The steps open to ``user`` now: a cancellation only by whoever asked or the desk."""
    steps = available(user, record, steps_of(record))
    return [s for s in steps if s.name != "cancel" or may_withdraw(user, record)]


@login_required
def permit_detail(request, kind, pk, bound=None, status=200):
    record = selectors.get_permit(request.user, _kind(kind), pk)
    steps = _permit_steps(request.user, record)
    prepared = {
        s.name: PERMIT_STEPS[s.name][0](initial={"version": record.version}, auto_id=f"{s.name}_%s")
        for s in steps
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
    """POST of one step: done → the permit; refused → the permit with the form and its reason."""
    record = selectors.get_permit(request.user, _kind(kind), pk)
    return post_step(
        request,
        record,
        step,
        PERMIT_STEPS,
        labels=steps_of(record),
        auto_id="{step}_%s",
        page=lambda request, pk, bound, status: permit_detail(request, kind, pk, bound, status),
    )


@login_required
def permits_export(request):
    kind = _kind(request.GET.get("kind", "power"))
    site, _sites = site_of(request, "mr.view")
    rows = page_filter(
        PERMIT_FILTERS[kind], request, selectors.PERMIT_LISTS[kind](request.user, site=site)
    ).qs
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
    if response := saved(
        request,
        form,
        lambda: safety.update_policy(request.user, site=site, **form.cleaned_data),
        _("Saved."),
        f"{request.path}?site={site.pk}",
    ):
        return response
    return render_page(
        request,
        "machineroom/duty/policy.html",
        {"form": form, "site": site, "sites": sites},
        status=form_status(form),
    )
