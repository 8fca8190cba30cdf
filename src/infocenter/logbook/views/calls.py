"""The phone log (LOG-2, F4): the day's calls, the missed calls to return, a call made into a
form."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.models import User
from infocenter.core.web import (
    attempt,
    page_filter,
    period_export,
    period_of,
    period_register,
    render_page,
    site_of,
    step_view,
)
from infocenter.core.workflows import available

from .. import exports, selectors, services, workflows
from ..filtersets import CallFilter
from ..forms import (
    CallBackForm,
    CallForm,
    MakeFormForm,
    MissedCallForm,
)


@login_required
def calls(request):
    """LOG-2: the day's phone log with the one-line call form and the missed calls to return."""
    site, sites = site_of(request, "lb.view")
    start, end, since, until = period_of(request)
    may_log = site is not None and permissions.can(request.user, "lb.phone", site_id=site.pk)
    which = request.POST.get("kind", "call") if request.method == "POST" else ""
    form = CallForm(request.POST if which == "call" else None)
    missed_form = MissedCallForm(request.POST if which == "missed" else None, prefix="missed")
    if site is not None:  # IT-5: the staff member a missed call was for
        missed_form.fields["called"].queryset = User.objects.filter(
            pk__in=core_selectors.people_for(request.user, site=site).values("pk")
        )
    if request.method == "POST":
        permissions.check(request.user, "lb.phone", site=site)
        bound = form if which == "call" else missed_form
        service = services.log_call if which == "call" else services.log_missed_call
        if bound.is_valid():
            call = attempt(
                request, bound, lambda: service(request.user, site=site, **bound.cleaned_data)
            )
            if call:
                messages.success(
                    request,
                    _("%(serial)s logged.") % {"serial": call.serial}
                    + (f" → {call.form.serial}" if call.form_id else ""),
                )
                return redirect(f"{request.path}?site={site.pk}")
    rows = (
        page_filter(CallFilter, request, selectors.calls_for(request.user, site=site))
        .qs.filter(occurred_at__gte=since, occurred_at__lt=until)
        .order_by("-occurred_at")
    )
    return render_page(
        request,
        "logbook/calls.html",
        {
            "site": site,
            "sites": sites,
            "start": start,
            "end": end,
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "form": form if may_log else None,
            "missed_form": missed_form if may_log else None,
            "missed": selectors.missed_calls_for(request.user, site=site)[:50] if site else [],
        },
        status=400 if form.errors or missed_form.errors else 200,
    )


def _call_step_form(name, call):
    return CALL_STEPS[name][0](initial={"version": call.version})


def _call_steps(actor, call):
    return [
        s
        for s in available(actor, call, workflows.CALL_STEPS)
        if not (s.name == "make_form" and call.form_id)
    ]


@login_required
def call_detail(request, pk, bound=None, status=200):
    call = selectors.get_call(request.user, pk)
    steps = _call_steps(request.user, call)
    prepared = {s.name: _call_step_form(s.name, call) for s in steps} | (bound or {})
    return render_page(
        request,
        "logbook/call_detail.html",
        {
            "record": call,
            "steps": [(s, prepared[s.name]) for s in steps],
            "events": core_selectors.timeline(call),
            "clocks": selectors.clocks_of(call),
        },
        status=status,
    )


CALL_STEPS = {
    "call_back": (CallBackForm, services.call_back),
    "make_form": (MakeFormForm, services.call_to_form),
}


call_step = step_view(selectors.get_call, CALL_STEPS, labels=workflows.CALL_STEPS, page=call_detail)


@login_required
def calls_print(request):
    """KF-CQ08-01-F4 on A4: the phone log of one day (or a range)."""
    return period_register(
        request,
        "lb.view",
        partial(_calls, request),
        "logbook/print_f4.html",
        days=1,
        order="occurred_at",
        paged=False,
    )


@login_required
def calls_export(request):
    return period_export(
        request, "lb.view", partial(_calls, request), exports.calls_workbook, "phone-log", "F4 "
    )


def _calls(request, site, since, until):
    """The phone log of ``site`` between ``since`` and ``until``, as the list is filtered."""
    calls = page_filter(CallFilter, request, selectors.calls_for(request.user, site=site)).qs
    return calls.filter(occurred_at__gte=since, occurred_at__lt=until)
