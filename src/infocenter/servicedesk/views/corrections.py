"""Corrections and voids (SD-3, SD-12): a form's and a work order's correction pages, voiding a
form, and the queue of problems the data manager returned, each marked fixed from there."""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core.web import attempt, render_page, saved
from infocenter.core.workflows import require

from .. import selectors, services, workflows
from ..choices import ProblemState
from ..filtersets import ProblemFilter
from ..forms import FixProblemForm, FormCorrectionForm, OrderCorrectionForm, VoidForm

FORM_FIELDS = [f.name for f in dataclasses.fields(services.FormFields) if f.name != "resident"]


@login_required
def form_correct(request, pk):
    """SD-3: correct any field of a form, with a reason."""
    record = selectors.get_form(request.user, pk)
    require(request.user, record, workflows.CORRECT_FORM)
    initial = {name: getattr(record, name) for name in FORM_FIELDS}
    initial |= {"version": record.version, "received_at": timezone.localtime(record.received_at)}
    form = FormCorrectionForm(request.POST or None, record=record, initial=initial)
    return _correct(
        request,
        record,
        form,
        services.correct_form,
        lambda data: dataclasses.replace(services.FormFields.of(record), **data),
        "servicedesk/form_correct.html",
    )


@login_required
def form_void(request, pk):
    """SD-3: void a duplicate, prank or mistaken form, with a reason."""
    record = selectors.get_form(request.user, pk)
    require(request.user, record, workflows.VOID_FORM)
    form = VoidForm(request.POST or None, initial={"version": record.version})
    return saved(
        request,
        form,
        lambda: services.void_form(request.user, record, **form.cleaned_data),
        _("Voided."),
        record.get_absolute_url(),
    ) or _page(request, "servicedesk/form_void.html", record, form)


@login_required
def order_correct(request, pk):
    """SD-3: correct a work order's instructions, or its department before acknowledgement."""
    record = selectors.get_order(request.user, pk)
    require(request.user, record, workflows.CORRECT_ORDER)
    initial = {
        "version": record.version,
        "instructions": record.instructions,
        "department": record.department_id,
    }
    form = OrderCorrectionForm(
        request.POST or None, initial=initial, departments=record.site.departments.all()
    )
    return _correct(
        request,
        record,
        form,
        services.correct_order,
        lambda data: services.OrderFields(**data),
        "servicedesk/order_correct.html",
    )


def _correct(request, record, form, service, values, template):
    """A correction page (SD-3): the posted ``form``'s version and reason, and the rest of its
    fields made the corrected ``values(data)``, go to ``service``; done → "Corrected." and back
    to the record; else the page again with the form."""

    def call():
        data = dict(form.cleaned_data)
        version, reason = data.pop("version"), data.pop("reason")
        return service(request.user, record, version=version, reason=reason, values=values(data))

    return saved(request, form, call, _("Corrected."), record.get_absolute_url()) or _page(
        request, template, record, form
    )


def _page(request, template, record, form):
    status = getattr(form, "refusal_status", 400) if form.errors else 200
    return render_page(request, template, {"record": record, "form": form}, status=status)


@login_required
def corrections(request):
    """SD-12: the problems returned by the data manager, to fix (the reader's own first)."""
    params = request.GET.copy()
    params.setdefault("state", ProblemState.OPEN)
    rows = ProblemFilter(params, queryset=selectors.problems_for(request.user), request=request)
    rows = rows.qs.order_by("state", "created_at", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for problem in page:
        problem.may_fix = problem.state == ProblemState.OPEN and (
            problem.responsible_id == request.user.pk
            or permissions.can(request.user, "sd.correct", site_id=problem.site_id)
        )
    return render_page(
        request,
        "servicedesk/corrections.html",
        {"page": page, "state": params["state"], "states": ProblemState.choices},
    )


@login_required
@require_POST
def problem_fix(request, pk):
    """SD-12: mark a returned problem fixed."""
    problem = selectors.get_problem(request.user, pk)
    form = FixProblemForm(request.POST)
    call = lambda: services.fix_batch_problem(request.user, problem, **form.cleaned_data)  # noqa: E731
    if form.is_valid() and attempt(request, form, call):
        messages.success(request, _("Marked fixed: %(problem)s") % {"problem": problem})
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect("servicedesk:corrections")
