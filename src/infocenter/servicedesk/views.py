"""Pages of the service desk: intake, the register, form and order pages with their allowed
steps, the department inbox, the assistant's follow-up queue and one search box."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.attachments import attachments_of
from infocenter.core.calendar import days_span
from infocenter.core.choices import Role
from infocenter.core.deadlines import clocks_for
from infocenter.core.models import User
from infocenter.core.selectors import holders
from infocenter.core.web import LookaheadPaginator, attempt, render_page
from infocenter.core.workflows import available, may

from . import selectors, services, workflows
from .choices import Category, FormState, OrderState
from .forms import (
    AssignForm,
    CallbackForm,
    DispatchForm,
    InstructionsForm,
    IntakeForm,
    MajorReportForm,
    PhotoForm,
    PolicyForm,
    ReportForm,
    ResolveForm,
    ReturnBatchForm,
    ReturnForm,
    StepForm,
    SubmitBatchForm,
)


def _site(request, action: str):
    """The site chosen in the request, or the actor's first site for ``action``."""
    sites = core_selectors.sites_for(request.user, action)
    chosen = request.GET.get("site") or request.POST.get("site")
    return (
        core_selectors.get_site(request.user, chosen, action) if chosen else sites.first()
    ), sites


@login_required
def intake(request):
    permissions.check(request.user, "sd.intake")
    site, sites = _site(request, "sd.intake")
    form = IntakeForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        logged = attempt(
            request, form, lambda: services.log_form(request.user, site=site, **form.cleaned_data)
        )
        if logged:
            messages.success(request, _("%(serial)s logged.") % {"serial": logged.serial})
            return redirect("servicedesk:form", pk=logged.pk)
    return render_page(
        request,
        "servicedesk/intake.html",
        {"form": form, "site": site, "sites": sites},
        status=400 if form.errors else 200,
    )


@login_required
def resident_lookup(request):
    """Type-ahead of the residents register for intake (htmx partial)."""
    permissions.check(request.user, "sd.residents")
    site, _sites = _site(request, "sd.residents")
    rows = (
        selectors.residents_for(request.user, q=request.GET.get("q", ""), site=site)[:8]
        if len(request.GET.get("q", "").strip()) >= 2
        else []
    )
    return render_page(request, "servicedesk/partials/residents.html", {"residents": rows})


@login_required
def form_detail(request, pk, step_forms=None, status=200):
    form = selectors.get_form(request.user, pk)
    steps = available(request.user, form, workflows.FORM_STEPS)
    prepared = {s.name: _form_step_form(s.name, form) for s in steps}
    prepared.update(step_forms or {})
    orders = list(form.orders.select_related("department", "assignee").order_by("dispatched_at"))
    return render_page(
        request,
        "servicedesk/form_detail.html",
        {
            "record": form,
            "steps": [(s, prepared[s.name]) for s in steps],
            "orders": orders,
            "order_clocks": clocks_for(orders),
            "clocks": clocks_for([form]).get(form.pk, []),
            "events": core_selectors.timeline(form),
            "callbacks": form.callbacks.select_related("called_by"),
            "repeats": selectors.repeats_of(form),
            "major_forms": _major_forms(request.user, form, step_forms or {}),
        },
        status=status,
    )


def _major_forms(actor, form, bound) -> dict:
    """SD-15 side steps: the written report, then the leaders' instructions."""
    if not form.major or form.archived_at:
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
        return CallbackForm(data, initial=initial)
    return DispatchForm(
        data,
        initial=initial,
        departments=form.site.departments.all(),
        assistants=User.objects.filter(
            pk__in=[u.pk for u in holders(form.site_id, Role.CS_ASSISTANT, Role.CS_MANAGER)]
        ),
    )


FORM_SERVICES = {
    "major_report": services.report_major_event,
    "instructions": services.give_instructions,
    "resolve": services.resolve_form,
    "dispatch": services.dispatch_order,
    "callback": services.record_callback,
}


@login_required
@require_POST
def form_step(request, pk, step):
    return _run_step(
        request,
        selectors.get_form(request.user, pk),
        step,
        FORM_SERVICES,
        _form_step_form,
        workflows.FORM_STEPS,
        form_detail,
        "servicedesk:form",
    )


@login_required
def order_detail(request, pk, step_forms=None, status=200):
    order = selectors.get_order(request.user, pk)
    steps = available(request.user, order, workflows.ORDER_STEPS)
    prepared = {s.name: _order_step_form(s.name, order) for s in steps}
    prepared.update(step_forms or {})
    return render_page(
        request,
        "servicedesk/order_detail.html",
        {
            "record": order,
            "steps": [(s, prepared[s.name]) for s in steps],
            "clocks": clocks_for([order]).get(order.pk, []),
            "events": core_selectors.timeline(order),
            "reissue": getattr(order, "reissue", None),
            "photos": attachments_of(order),
            "photo_form": PhotoForm() if _may_add_photos(request.user, order) else None,
        },
        status=status,
    )


def _may_add_photos(actor, order) -> bool:
    return (
        order.archived_at is None
        and order.state in ("assigned", "in_progress", "reported")
        and may(actor, workflows.ORDER_STEPS["report"], order)
    )


def _order_step_form(name, order, data=None):
    initial = {"version": order.version}
    if name == "assign":
        staff = User.objects.filter(
            pk__in=[
                u.pk
                for u in holders(
                    order.site_id,
                    Role.DEPT_STAFF,
                    Role.DEPT_HEAD,
                    department_id=order.department_id,
                )
            ]
        )
        return AssignForm(data, initial=initial, staff=staff)
    form_class = {"report": ReportForm, "return": ReturnForm}.get(name, StepForm)
    return form_class(data, initial=initial)


def _report(
    actor, order, *, version, result, signed_by_customer, signature
):  # form field → service
    return services.report_result(
        actor,
        order,
        version=version,
        result=result,
        signed_by_customer=signed_by_customer,
        signature_png=signature,
    )


ORDER_SERVICES = {
    "acknowledge": services.acknowledge_order,
    "assign": services.assign_order,
    "start": services.start_order,
    "report": _report,
    "return": services.return_order,
    "verify": services.verify_order,
    "close": services.close_in_register,
}


@login_required
@require_POST
def order_step(request, pk, step):
    return _run_step(
        request,
        selectors.get_order(request.user, pk),
        step,
        ORDER_SERVICES,
        _order_step_form,
        workflows.ORDER_STEPS,
        order_detail,
        "servicedesk:order",
    )


def _run_step(request, record, step, service_map, form_factory, steps, detail, url_name):
    """One step of a form or an order from its page: validate, call the service, come back to
    the page; a refusal re-renders the page with the reason (400 / 403 / 409)."""
    if step not in service_map:
        return redirect(url_name, pk=record.pk)
    bound = form_factory(step, record, request.POST)
    if bound.is_valid() and attempt(
        request, bound, lambda: service_map[step](request.user, record, **bound.cleaned_data)
    ):
        label = steps[step].label if step in steps else _("saved")
        messages.success(request, _("Done: %(step)s.") % {"step": label})
        return redirect(url_name, pk=record.pk)
    if step in steps:
        _show_refusal(request, record, steps, step, bound)
    else:
        for error in bound.non_field_errors():
            messages.error(request, error)
    return detail(request, record.pk, {step: bound}, status=getattr(bound, "refusal_status", 400))


def _show_refusal(request, record, steps, step, bound) -> None:
    """A refused step that is not on the page any more (state moved on) says why at the top."""
    record.refresh_from_db()
    if step not in {s.name for s in available(request.user, record, steps)}:
        for error in bound.non_field_errors():
            messages.error(request, error)


@login_required
def inbox(request):
    """Department heads and staff: open orders, oldest first, with live countdowns."""
    permissions.check(request.user, "sd.department")
    return _order_list(request, selectors.inbox_for(request.user), _("Work order inbox"))


@login_required
def follow_up(request):
    """Customer-service assistants: orders to urge and to verify."""
    permissions.check(request.user, "sd.follow_up")
    return _order_list(request, selectors.follow_up_for(request.user), _("Follow-up queue"))


def _order_list(request, orders, title):
    """50 orders a page, the most urgent first; pages without a count (the next page is known
    by reading one row more)."""
    page = LookaheadPaginator(orders, 50).get_page(request.GET.get("page"))
    return render_page(
        request,
        "servicedesk/order_list.html",
        {
            "title": title,
            "page": page,
            "orders": page.object_list,
            "clocks": clocks_for(page.object_list),
        },
    )


@login_required
def register(request):
    """信息中心记录表 (SD-2): every form of a month with its orders; closed serials struck."""
    sites = core_selectors.sites_for(request.user, "sd.view")
    site = (
        core_selectors.get_site(request.user, request.GET["site"], "sd.view")
        if request.GET.get("site")
        else sites.first()
    )
    month = _month(request.GET.get("month"))
    start = timezone.make_aware(dt.datetime(month.year, month.month, 1))
    end = timezone.make_aware(dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1))
    rows = selectors.register_for(
        request.user,
        site=site,
        start=start,
        end=end,
        category=request.GET.get("category", ""),
        state=request.GET.get("state", ""),
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render_page(
        request,
        "servicedesk/register.html",
        {
            "page": page,
            "sites": sites,
            "site": site,
            "month": month.strftime("%Y-%m"),
            "categories": Category.choices,
            "states": FormState.choices,
            "category": request.GET.get("category", ""),
            "state": request.GET.get("state", ""),
            "closed": OrderState.CLOSED,
        },
    )


def _month(raw: str | None) -> dt.date:
    try:
        return dt.datetime.strptime(raw or "", "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
def search(request):
    q = request.GET.get("q", "")
    forms, orders = selectors.search(request.user, q)
    return render_page(
        request, "servicedesk/search.html", {"q": q, "forms": forms, "orders": orders}
    )


@login_required
def signature(request, pk):
    """The customer's drawn signature, only to those who may see the order."""
    from django.http import FileResponse, Http404

    order = selectors.get_order(request.user, pk)
    if not order.signature:
        raise Http404()
    return FileResponse(order.signature.open("rb"), content_type="image/png")


def _last_monday() -> dt.date:
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    return monday if today.weekday() >= 5 else monday - dt.timedelta(days=7)


@login_required
def archive_list(request):
    """SD-16: the weekly batches; the processor hands a week over, the data manager reviews."""
    sites = core_selectors.sites_for(request.user, "sd.intake")
    form = SubmitBatchForm(
        request.POST or None,
        sites=sites,
        initial={"site": sites.first(), "week_start": _last_monday()},
    )
    if request.method == "POST":
        permissions.check(request.user, "sd.intake")
        if form.is_valid():
            batch = attempt(
                request,
                form,
                lambda: services.submit_archive_batch(request.user, **form.cleaned_data),
            )
            if batch:
                messages.success(
                    request,
                    _("Handed over: %(n)s forms, %(r)s refused.")
                    % {"n": batch.forms.count(), "r": len(batch.refused)},
                )
                return redirect("servicedesk:batch", pk=batch.pk)
    page = Paginator(selectors.batches_for(request.user), 30).get_page(request.GET.get("page"))
    return render_page(
        request,
        "servicedesk/archive_list.html",
        {"page": page, "form": form if sites.exists() else None},
        status=400 if form.errors else 200,
    )


@login_required
def batch_detail(request, pk, return_form=None, status=200):
    batch = selectors.get_batch(request.user, pk)
    can_review = batch.state == "submitted" and permissions.can(
        request.user, "sd.archive", site_id=batch.site_id
    )
    return render_page(
        request,
        "servicedesk/batch_detail.html",
        {
            "batch": batch,
            "forms": batch.forms.select_related("room__unit__building").prefetch_related("orders"),
            "others": selectors.batch_records(batch),
            "can_review": can_review,
            "events": core_selectors.timeline(batch),
            "return_form": return_form or ReturnBatchForm(initial={"version": batch.version}),
        },
        status=status,
    )


@login_required
@require_POST
def batch_approve(request, pk):
    batch = selectors.get_batch(request.user, pk)
    form = StepForm(request.POST)
    if form.is_valid() and attempt(
        request,
        form,
        lambda: services.approve_archive_batch(
            request.user, batch, version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, _("Archived."))
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect("servicedesk:batch", pk=pk)


@login_required
@require_POST
def batch_return(request, pk):
    batch = selectors.get_batch(request.user, pk)
    form = ReturnBatchForm(request.POST)
    if form.is_valid() and attempt(
        request,
        form,
        lambda: services.return_archive_batch(request.user, batch, **form.cleaned_data),
    ):
        messages.success(request, _("Returned for correction."))
        return redirect("servicedesk:batch", pk=pk)
    return batch_detail(request, pk, form, status=getattr(form, "refusal_status", 400))


@login_required
def register_export(request):
    """The register of one site for any date range as Excel (X-5)."""
    from django.http import HttpResponse

    from .exports import register_workbook

    site = core_selectors.get_site(request.user, request.GET.get("site"), "sd.view")
    start, end = _day(request.GET.get("start")), _day(request.GET.get("end"))
    if start is None or end is None or end < start:
        messages.error(request, _("Choose a start and an end date."))
        return redirect("servicedesk:register")
    start_at, end_at = days_span(start, end)
    forms = selectors.register_for(request.user, site=site, start=start_at, end=end_at)
    data = register_workbook(forms, title=f"{site.code}-{start:%Y%m%d}-{end:%Y%m%d}")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="register-{site.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    )
    return response


def _day(raw):
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return None


@login_required
def form_print(request, pk):
    """KF-CQ08-01-F2 on A4, as on paper."""
    form = selectors.get_form(request.user, pk)
    return render_page(
        request,
        "servicedesk/print_f2.html",
        {
            "record": form,
            "orders": form.orders.select_related("department"),
            "callback": form.callbacks.select_related("called_by").first(),
        },
    )


@login_required
def order_print(request, pk):
    """KF-CQ08-01-F3 on A4, as on paper."""
    order = selectors.get_order(request.user, pk)
    return render_page(request, "servicedesk/print_f3.html", {"record": order})


@login_required
def policy_page(request):
    """A site's service-desk time limits (SD-6, SD-7, SD-8, SD-14), editable by managers."""
    permissions.check(request.user, "sd.policy")
    site, sites = _site(request, "sd.policy")
    current = services.policy(site)
    initial = {
        "version": current.version,
        **{
            f"{n}_{p}": getattr(current, f"{n}_{p}")
            for n in services.POLICY_FIELDS
            for p in ("amount", "unit")
        },
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            form,
            lambda: services.update_sla_policy(request.user, site, **form.cleaned_data),
        ):
            messages.success(request, _("Time limits saved; clocks started from now on use them."))
            return redirect(f"{request.path}?site={site.pk}")
    return render_page(
        request,
        "servicedesk/policy.html",
        {"form": form, "site": site, "sites": sites, "policy": current},
        status=400 if form.errors else 200,
    )


@login_required
def dashboard(request):
    """Managers' dashboard (X-9) for one site and period."""
    from . import reports

    permissions.check(request.user, "sd.dashboard")
    site, sites = _site(request, "sd.dashboard")
    days = {"7": 7, "30": 30, "90": 90, "365": 365}.get(request.GET.get("days", "30"), 30)
    end = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time())
    )
    figures = reports.dashboard(site, end - dt.timedelta(days=days), end)
    subjects = _overdue_subjects(figures["overdue"])
    return render_page(
        request,
        "servicedesk/dashboard.html",
        {
            "site": site,
            "sites": sites,
            "days": days,
            "f": figures,
            "subjects": subjects,
            "chart_data": {
                k: figures[k] for k in ("by_category", "by_source", "by_department", "daily")
            }
            | {"sla": [[s["rule"], s["rate"] or 0] for s in figures["sla"]]},
        },
    )


def _overdue_subjects(deadlines) -> dict:
    from .models import ServiceForm, WorkOrder

    ids = {"servicedesk.serviceform": set(), "servicedesk.workorder": set()}
    for d in deadlines:
        ids.setdefault(d.subject_type, set()).add(int(d.subject_id))
    found = {
        ("servicedesk.serviceform", f.pk): f
        for f in ServiceForm.objects.filter(pk__in=ids["servicedesk.serviceform"])
    }
    found |= {
        ("servicedesk.workorder", o.pk): o
        for o in WorkOrder.objects.filter(pk__in=ids["servicedesk.workorder"]).select_related(
            "department"
        )
    }
    return {d.pk: found.get((d.subject_type, int(d.subject_id))) for d in deadlines}


@login_required
@require_POST
def order_photo_add(request, pk):
    order = selectors.get_order(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid() and attempt(
        request,
        form,
        lambda: services.add_order_photo(
            request.user,
            order,
            upload=form.cleaned_data["upload"],
            stage=form.cleaned_data["stage"],
        ),
    ):
        messages.success(request, _("Photo added."))
    else:
        messages.error(
            request,
            _("Photo not added: %(errors)s")
            % {"errors": "; ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
    return redirect("servicedesk:order", pk=pk)


@login_required
def order_photo(request, pk, photo):
    """A photo of an order, only to those who may see the order."""
    from django.http import FileResponse, Http404

    from infocenter.core.attachments import attachments_of

    order = selectors.get_order(request.user, pk)
    found = attachments_of(order).filter(pk=photo).first()
    if found is None:
        raise Http404()
    return FileResponse(found.file.open("rb"), content_type=found.content_type)
