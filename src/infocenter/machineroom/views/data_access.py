"""Pages of outsiders' data-access requests (资料查阅申请, MR-11): the list per site, a new
application, the request with the steps allowed now (the head's decision, what staff provided),
and its A4 print with the record of what was provided."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.web import (
    LookaheadPaginator,
    attempt,
    page_filter,
    period_of,
    render_page,
    site_of,
    step_view,
    xlsx_response,
)

from .. import selectors, workflows
from ..choices import DataRequestState
from ..exports.data_access import data_requests_workbook
from ..filtersets.data_access import DataRequestFilter
from ..forms.common import NoteForm, ReasonForm
from ..forms.data_access import DataApproveForm, DataRequestForm, FulfilForm
from ..rules import data_access as rules
from ..services import data_access
from .common import form_status, sent_to_the_head

# step → (form, service); the labels are the workflow table's.
STEPS = {
    "approve": (DataApproveForm, data_access.approve_data_request),
    "refuse": (ReasonForm, data_access.refuse_data_request),
    "fulfil": (FulfilForm, data_access.fulfil_data_request),
    "cancel": (NoteForm, data_access.cancel_data_request),
}


def _site(request):
    """The list's site: of the registers for the information center, else of the requests."""
    return site_of(request, "mr.view" if permissions.can(request.user, "mr.view") else "mr.request")


@login_required
def requests(request):
    """MR-11: data-access requests of a site, the newest first (filter by state)."""
    site, sites = _site(request)
    rows = page_filter(
        DataRequestFilter, request, selectors.data_requests_for(request.user, site=site)
    )
    chosen = rows.form.cleaned_data if rows.is_valid() else {}
    page = LookaheadPaginator(rows.qs.order_by("-requested_at", "-id"), 30).get_page(
        request.GET.get("page")
    )
    return render_page(
        request,
        "machineroom/backups/data_requests.html",
        {
            "site": site,
            "sites": sites,
            "page": page,
            "states": DataRequestState.choices,
            "state": chosen.get("state", ""),
            "may_request": permissions.can(request.user, "mr.request", site_id=site.pk),
        },
    )


@login_required
def request_new(request):
    """MR-11: record an outsider's application; it goes to the head's approvals inbox."""
    site, _sites = site_of(request, "mr.request")
    form = DataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = attempt(
            request,
            form,
            lambda: data_access.request_data_access(request.user, site=site, **form.cleaned_data),
        )
        if record:
            sent_to_the_head(request, record)
            return redirect("machineroom:data_request", pk=record.pk)
    return render_page(
        request,
        "machineroom/backups/data_request_form.html",
        {"form": form, "site": site},
        status=form_status(form),
    )


def _bound(cls, data=None, *, record, **kwargs):
    """A step's form; the decision and the fulfilment list the request's items."""
    if cls in (DataApproveForm, FulfilForm):
        return cls(data, record=record, **kwargs)
    return cls(data, **kwargs)


@login_required
def request_detail(request, pk, bound=None, status=200):
    record = selectors.get_data_request(request.user, pk)
    steps = rules.steps_for(request.user, record)
    prepared = {
        s.name: _bound(STEPS[s.name][0], record=record, initial={"version": record.version})
        for s in steps
    }
    for name, form in (bound or {}).items():
        if name in prepared:
            prepared[name] = form
        elif form.non_field_errors():  # the step is no longer open: its refusal, said above
            messages.error(request, " ".join(map(str, form.non_field_errors())))
    return render_page(
        request,
        "machineroom/backups/data_request.html",
        {
            "record": record,
            "items": list(record.items.all()),
            "steps": [(s, prepared[s.name]) for s in steps],
            "events": core_selectors.timeline(record),
        },
        status=status,
    )


request_step = step_view(
    selectors.get_data_request,
    STEPS,
    labels=workflows.DATA_STEPS,
    bind=lambda request, record, cls, data: _bound(cls, data, record=record),
    page=request_detail,
)


@login_required
def requests_export(request):
    """The requests received in a period, in Excel, with what was approved and provided."""
    site, _sites = _site(request)
    start, end, _since, _until = period_of(request, days=366)
    rows = selectors.data_requests_for(request.user, site=site).filter(
        received_on__gte=start, received_on__lte=end
    )
    rows = page_filter(DataRequestFilter, request, rows).qs
    return xlsx_response(
        data_requests_workbook(rows, title=f"{start}~{end}"),
        f"data-requests-{site.code}-{start}-{end}",
    )


@login_required
def request_print(request, pk):
    """资料查阅申请 on A4: the application, the head's decision item by item, and exactly what
    was provided, to whom and when, with signature lines."""
    record = selectors.get_data_request(request.user, pk)
    return render_page(
        request,
        "machineroom/backups/print_data_request.html",
        {"record": record, "items": list(record.items.all())},
    )
