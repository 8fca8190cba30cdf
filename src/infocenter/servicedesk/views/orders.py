"""Work orders (SD-5 … SD-9, SD-13): an order's page with its steps, the department inbox, the
assistant's follow-up queue, the customer's signature and the printed F3."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import live, permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.attachments import attachments_of
from infocenter.core.choices import Role
from infocenter.core.deadlines import clocks_for
from infocenter.core.selectors import holders_of
from infocenter.core.web import LookaheadPaginator, page_filter, post_step, render_page
from infocenter.core.workflows import available

from .. import selectors, services, workflows
from ..choices import OrderState
from ..filtersets import QueueFilter
from ..forms import (
    AssignForm,
    PhotoForm,
    ReportForm,
    ReturnForm,
    StepForm,
)
from .common import refused_page
from .photos import may_add_photos


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
            "photo_form": PhotoForm() if may_add_photos(request.user, order) else None,
            "may_correct": bool(
                available(request.user, order, {"correct": workflows.CORRECT_ORDER})
            ),
        },
        status=status,
    )


def _order_step_form(name, order, data=None):
    initial = {"version": order.version}
    if name == "assign":
        staff = holders_of(
            order.site_id, Role.DEPT_STAFF, Role.DEPT_HEAD, department_id=order.department_id
        )
        return AssignForm(data, initial=initial, staff=staff)
    form_class = {"report": ReportForm, "return": ReturnForm}.get(name, StepForm)
    return form_class(data, initial=initial)


def _report(actor, order, *, signature, **fields):  # form field → service
    return services.report_result(actor, order, signature_png=signature, **fields)


ORDER_STEPS = {
    "acknowledge": (StepForm, services.acknowledge_order),
    "assign": (AssignForm, services.assign_order),
    "start": (StepForm, services.start_order),
    "report": (ReportForm, _report),
    "return": (ReturnForm, services.return_order),
    "verify": (StepForm, services.verify_order),
    "close": (StepForm, services.close_in_register),
}


@login_required
@require_POST
def order_step(request, pk, step):
    order = selectors.get_order(request.user, pk)
    if step not in ORDER_STEPS:
        return redirect(order.get_absolute_url())
    return post_step(
        request,
        order,
        step,
        ORDER_STEPS,
        labels=workflows.ORDER_STEPS,
        bind=lambda cls, data: _order_step_form(step, order, data),
        page=refused_page(selectors.get_order, workflows.ORDER_STEPS, order_detail),
    )


@login_required
def inbox(request):
    """Department heads and staff: open orders, the actor's own first, then overdue, urgent and
    what is due first, with named countdowns (UX 11)."""
    permissions.check(request.user, "sd.department")
    if response := live.unchanged(request):
        return response
    return _order_list(request, "inbox", _("Work order inbox"))


@login_required
def follow_up(request):
    """Customer-service assistants: orders to urge and to verify."""
    permissions.check(request.user, "sd.follow_up")
    if response := live.unchanged(request):
        return response
    return _order_list(request, "follow_up", _("Follow-up queue"), matters=True)


QUEUES = {"inbox": selectors.inbox_for, "follow_up": selectors.follow_up_for}


def _order_list(request, queue, title, *, matters=False):
    """50 orders a page in queue order; pages without a count (the next page is known by
    reading one row more). ``matters``: each order also shows its form's follow-up clock (an
    unfinished matter, SD-12). ``?q=`` and the other filters are ``QueueFilter``'s."""
    orders = page_filter(QueueFilter, request, QUEUES[queue](request.user)).qs
    page = LookaheadPaginator(orders, 50).get_page(request.GET.get("page"))
    clocks = clocks_for(page.object_list)
    if matters:
        of_forms = clocks_for([o.form for o in page.object_list])
        for o in page.object_list:
            both = [*clocks.get(o.pk, []), *of_forms.get(o.form_id, [])]
            clocks[o.pk] = sorted(both, key=lambda c: c.due_at)
    return render_page(
        request,
        "servicedesk/order_list.html",
        {
            "title": title,
            "queue": queue,
            "page": page,
            "orders": page.object_list,
            "clocks": clocks,
            "q": request.GET.get("q", "").strip(),
            "live_urgent": [o.get_absolute_url() for o in page.object_list if o.form.is_urgent],
            "split": any(o.own == 0 for o in page.object_list),
            "states": OrderState.choices,
            "state": request.GET.get("state", ""),
            "urgent": request.GET.get("urgent", ""),
            "staff": selectors.assignable_staff(request.user) if queue == "inbox" else [],
        },
    )


@login_required
def signature(request, pk):
    """The customer's drawn signature, only to those who may see the order."""

    order = selectors.get_order(request.user, pk)
    if not order.signature:
        raise Http404()
    return FileResponse(order.signature.open("rb"), content_type="image/png")


@login_required
def order_print(request, pk):
    """KF-CQ08-01-F3 on A4, as on paper."""
    order = selectors.get_order(request.user, pk)
    return render_page(request, "servicedesk/print_f3.html", {"record": order})
