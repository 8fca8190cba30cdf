"""Intake (SD-1, SD-4, SD-10, SD-15): the intake form, a form's page with its steps (dispatch, handle
directly, callback, the major-event report and instructions) and its printed F2."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.attachments import attachments_of
from infocenter.core.deadlines import clocks_for
from infocenter.core.web import attempt, post_step, render_page, site_of
from infocenter.core.workflows import available

from .. import selectors, services, workflows
from ..choices import Category, FormState
from ..forms import (
    CallbackForm,
    DispatchForm,
    InstructionsForm,
    LogAndDispatchForm,
    MajorReportForm,
    PendingForm,
    ReferForm,
    ReplyForm,
    ResolveForm,
    StepForm,
)
from .common import refused_page


@login_required
def intake(request):
    """SD-1, and SD-5 at once with 登记并派工 (``action=dispatch``): the call logged, or logged
    and dispatched in one step; the department suggested from the category."""
    permissions.check(request.user, "sd.intake")
    site, sites = site_of(request, "sd.intake")
    dispatching = request.POST.get("action") == "dispatch"
    form = _intake_form(request.POST or None, site, dispatching=dispatching)
    if request.method == "POST" and form.is_valid():
        logged = attempt(request, form, lambda: _log(request.user, site, form, dispatching))
        if logged:
            messages.success(request, logged[1])
            return redirect("servicedesk:form", pk=logged[0].pk)
    return render_page(
        request,
        "servicedesk/intake.html",
        {
            "form": form,
            "site": site,
            "sites": sites,
            "suggested": selectors.departments_by_category(site),
        },
        status=400 if form.errors else 200,
    )


def _intake_form(data, site, *, dispatching: bool) -> LogAndDispatchForm:
    assistants = selectors.follow_up_assistants(site)
    return LogAndDispatchForm(
        data,
        site=site,
        departments=selectors.dispatch_departments(site),
        assistants=assistants,
        dispatching=dispatching,
        initial=None if data else {"assistant": assistants.first()},
    )


def _log(actor, site, form, dispatching: bool):
    """Log the call (``log_form``) or log and dispatch it (``log_and_dispatch``); the form
    logged and the message to show."""
    if not dispatching:
        logged = services.log_form(actor, site=site, **form.intake_fields())
        return logged, _("%(serial)s logged.") % {"serial": logged.serial}
    order = services.log_and_dispatch(
        actor,
        site=site,
        **form.intake_fields(),
        department=form.cleaned_data["department"],
        assistant=form.cleaned_data["assistant"],
        instructions=form.cleaned_data["instructions"],
    )
    return order.form, _("%(serial)s logged and dispatched to %(department)s as %(order)s.") % {
        "serial": order.form.serial,
        "department": order.department.name,
        "order": order.serial,
    }


@login_required
def form_detail(request, pk, step_forms=None, status=200):
    form = selectors.get_form(request.user, pk)
    steps = [s for s in available(request.user, form, workflows.FORM_STEPS) if _offered(s, form)]
    prepared = {s.name: _form_step_form(s.name, form) for s in steps}
    prepared.update(step_forms or {})
    orders = list(
        form.orders.filter(site_id=form.site_id)
        .select_related("department", "assignee")
        .order_by("dispatched_at")
    )
    return render_page(
        request,
        "servicedesk/form_detail.html",
        {
            "record": form,
            "steps": [(s, prepared[s.name]) for s in steps],
            "orders": orders,
            "inspection": selectors.inspection_of(form),
            "phone_call": selectors.phone_call_of(form),
            "order_clocks": clocks_for(orders),
            "clocks": clocks_for([form]).get(form.pk, []),
            "events": core_selectors.timeline(form),
            "callbacks": form.callbacks.filter(site_id=form.site_id).select_related("called_by"),
            "repeats": selectors.repeats_of(form),
            "major_forms": _major_forms(request.user, form, step_forms or {}),
            "photos": attachments_of(form),
            "corrections": {
                s.name
                for s in available(
                    request.user,
                    form,
                    {"correct": workflows.CORRECT_FORM, "void": workflows.VOID_FORM},
                )
            },
        },
        status=status,
    )


def _offered(step, form) -> bool:
    """SD-11: only internal feedback is referred; the department replies once, then returns it."""
    if step.name == "refer":
        return form.category == Category.INTERNAL
    if step.name == "reply":
        return form.replied_at is None
    if step.name == "hand_back":
        return form.replied_at is not None
    return True


def _major_forms(actor, form, bound) -> dict:
    """SD-15 side steps: the written report, then the leaders' instructions."""
    if not form.major or form.archived_at or form.state == FormState.VOIDED:
        return {}
    found = {}
    if permissions.can(actor, "sd.intake", site_id=form.site_id) and not form.major_report:
        found["major_report"] = bound.get("major_report") or MajorReportForm(
            initial={"version": form.version}
        )
    if (
        permissions.can(actor, "sd.instruct", site_id=form.site_id)
        and form.major_report
        and not form.instructions
    ):
        found["instructions"] = bound.get("instructions") or InstructionsForm(
            initial={"version": form.version}
        )
    return found


def _form_step_form(name, form, data=None):
    initial = {"version": form.version}
    if name == "major_report":
        return MajorReportForm(data, initial=initial)
    if name == "instructions":
        return InstructionsForm(data, initial=initial)
    if name == "resolve":
        return ResolveForm(data, initial=initial)
    if name == "callback":
        callback = CallbackForm(data, initial=initial)
        if not form.filed_by_id:  # SD-10: only a staff form has a filer to tell
            del callback.fields["filer_told"]
        return callback
    if name in ("confirm_receipt", "hand_back"):
        return StepForm(data, initial=initial)
    if name == "refer":
        return ReferForm(data, initial=initial, departments=services.referral_departments(form))
    if name == "reply":
        return ReplyForm(data, initial=initial)
    if name == "pending":
        return PendingForm(data, initial={**initial, "until": form.pending_until})
    return DispatchForm(
        data,
        initial=initial,
        departments=selectors.dispatch_departments(form.site),
        assistants=selectors.follow_up_assistants(form.site),  # managers are not offered
    )


FORM_STEPS = {
    "major_report": (MajorReportForm, services.report_major_event, gettext_lazy("saved")),
    "instructions": (InstructionsForm, services.give_instructions, gettext_lazy("saved")),
    "resolve": (ResolveForm, services.resolve_form),
    "dispatch": (DispatchForm, services.dispatch_order),
    "redispatch": (DispatchForm, services.redispatch_order),
    "pending": (PendingForm, services.set_pending),
    "callback": (CallbackForm, services.record_callback),
    "confirm_receipt": (StepForm, services.confirm_receipt),
    "refer": (ReferForm, services.refer_form),
    "reply": (ReplyForm, services.reply_to_filer),
    "hand_back": (StepForm, services.hand_back_form),
}


@login_required
@require_POST
def form_step(request, pk, step):
    form = selectors.get_form(request.user, pk)
    if step not in FORM_STEPS:
        return redirect(form.get_absolute_url())
    return post_step(
        request,
        form,
        step,
        FORM_STEPS,
        labels=workflows.FORM_STEPS,
        bind=lambda cls, data: _form_step_form(step, form, data),
        page=refused_page(selectors.get_form, workflows.FORM_STEPS, form_detail),
    )


@login_required
def form_print(request, pk):
    """KF-CQ08-01-F2 on A4, as on paper."""
    form = selectors.get_form(request.user, pk)
    return render_page(
        request,
        "servicedesk/print_f2.html",
        {
            "record": form,
            "orders": form.orders.filter(site_id=form.site_id).select_related("department"),
            "callback": form.callbacks.filter(site_id=form.site_id)
            .select_related("called_by")
            .first(),
        },
    )
