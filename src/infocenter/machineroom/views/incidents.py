"""Pages of core-device alarms and network faults (MR-9): the registers and each record with
its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.deadlines import clocks_for
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    render_page,
    site_of,
    step_view,
)
from infocenter.core.workflows import available

from .. import selectors
from ..filtersets.incidents import AlarmFilter, FaultFilter
from ..forms.incidents import (
    AlarmCloseForm,
    AlarmForm,
    FaultCloseForm,
    FaultForm,
    FeedbackForm,
    FindingsForm,
    RespondForm,
    UpstreamForm,
)
from ..services import incidents
from ..workflows import ALARM_STEPS, FAULT_STEPS
from .common import form_status, may

ALARM_FORMS = {
    "respond": (RespondForm, incidents.respond_to_alarm),
    "close": (AlarmCloseForm, incidents.close_alarm),
}


FAULT_FORMS = {
    "check": (FindingsForm, incidents.record_local_findings),
    "report": (UpstreamForm, incidents.report_upstream),
    "feedback": (FeedbackForm, incidents.record_feedback),
    "close": (FaultCloseForm, incidents.close_fault),
}


def _register(request, *, kind, form_cls, log, rows, filters, url_name, rooms=False):
    """An incident register (alarms or faults): the list, narrowed by its filterset (shared with
    the API), and, for the information center, a new one."""
    site, sites = site_of(request, "mr.view")
    may_log = may(request, "mr.inspect", site)
    form = form_cls(request.POST or None, **({"site": site} if rooms else {})) if may_log else None
    if request.method == "POST":
        permissions.check(request.user, "mr.inspect", site=site)
        record = form.is_valid() and attempt(
            request, form, lambda: log(request.user, site=site, **form.cleaned_data)
        )
        if record:
            messages.success(request, _("Recorded: %(serial)s") % {"serial": record.serial})
            return redirect(url_name, pk=record.pk)
    listed = filters(request.GET, queryset=rows(request.user, site=site)).qs
    page = LookaheadPaginator(listed, 30).get_page(request.GET.get("page"))
    return render_page(
        request,
        f"machineroom/inspections/{kind}.html",
        {"site": site, "sites": sites, "form": form, "page": page},
        status=form_status(form),
    )


@login_required
def alarms(request):
    """MR-9: core-device alarms, the latest first, and a new one (the leaders are told at once)."""
    return _register(
        request,
        kind="alarms",
        form_cls=AlarmForm,
        log=incidents.log_alarm,
        rows=selectors.alarms_for,
        filters=AlarmFilter,
        url_name="machineroom:alarm",
        rooms=True,
    )


@login_required
def faults(request):
    """MR-9: network and line faults: local findings, then the upstream unit and its feedback."""
    return _register(
        request,
        kind="faults",
        form_cls=FaultForm,
        log=incidents.log_fault,
        rows=selectors.faults_for,
        filters=FaultFilter,
        url_name="machineroom:fault",
    )


def _incident_page(request, record, table, forms, template, bound=None, status=200):
    steps = available(request.user, record, table)
    prepared = {s.name: forms[s.name][0](initial={"version": record.version}) for s in steps}
    prepared.update(bound or {})
    return render_page(
        request,
        f"machineroom/inspections/{template}.html",
        {
            "record": record,
            "steps": [(s, prepared[s.name]) for s in steps],
            "clocks": clocks_for([record]).get(record.pk, []),
            "events": core_selectors.timeline(record),
        },
        status=status,
    )


@login_required
def alarm_detail(request, pk, bound=None, status=200):
    alarm = selectors.get_alarm(request.user, pk)
    return _incident_page(request, alarm, ALARM_STEPS, ALARM_FORMS, "alarm", bound, status)


alarm_step = step_view(selectors.get_alarm, ALARM_FORMS, labels=ALARM_STEPS, page=alarm_detail)


@login_required
def fault_detail(request, pk, bound=None, status=200):
    fault = selectors.get_fault(request.user, pk)
    return _incident_page(request, fault, FAULT_STEPS, FAULT_FORMS, "fault", bound, status)


fault_step = step_view(selectors.get_fault, FAULT_FORMS, labels=FAULT_STEPS, page=fault_detail)
