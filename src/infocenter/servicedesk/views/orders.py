"""Work orders (SD-5 … SD-9, SD-13): an order's page with its steps, the department inbox, the
assistant's follow-up queue, the customer's signature and the printed F3."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import live, permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.attachments import attachments_of
from infocenter.core.choices import Role
from infocenter.core.deadlines import clock_rows_for, clocks_for
from infocenter.core.selectors import holders_of
from infocenter.core.templatetags.infocenter import Clocks
from infocenter.core.web import (
    LookaheadPaginator,
    page_filter,
    post_step,
    render_page,
    url_for_each,
)
from infocenter.core.workflows import available

from .. import selectors, services, workflows
from ..choices import OrderState, Priority
from ..filtersets import QueueFilter
from ..forms import (
    AssignForm,
    PhotoForm,
    ReportForm,
    ReturnForm,
    StepForm,
)
from .common import refused_page, urgency_badges
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
            "reissue": selectors.reissue_of(order),
            "inspection": selectors.inspection_of(order.form),
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
QUEUE_FILTERS = ("state", "department", "urgent", "q")


@dataclass(slots=True)
class QueueRow:
    """One row of a queue, everything it shows worked out once (no model instances, no tag,
    filter, include or address reversal per row in the template)."""

    pk: int
    serial: str
    url: str
    own: int
    urgent: int
    is_urgent: bool
    badges: str
    state: str
    clocks: list
    address: str
    content: str
    department: str
    assignee: str
    receiver: str


def _order_list(request, queue, title, *, matters=False):
    """50 orders a page in queue order; pages without a count (the next page is known by
    reading one row more). ``matters``: each order also shows its form's follow-up clock (an
    unfinished matter, SD-12). ``?q=`` and the other filters are ``QueueFilter``'s (only
    run when one is given)."""
    orders = QUEUES[queue](request.user)
    if any(request.GET.get(k) for k in QUEUE_FILTERS):
        orders = page_filter(QueueFilter, request, orders).qs
    columns = selectors.queue_columns(orders)
    page = LookaheadPaginator(columns, 50).get_page(request.GET.get("page"))
    page.object_list = rows = _queue_rows(page.object_list, matters=matters)
    return render_page(
        request,
        "servicedesk/order_list.html",
        {
            "title": title,
            "queue": queue,
            "page": page,
            "orders": rows,
            "q": request.GET.get("q", "").strip(),
            "live_urgent": [o.url for o in rows if o.is_urgent],
            "split": any(o.own == 0 for o in rows),
            "states": OrderState.choices,
            "state": request.GET.get("state", ""),
            "urgent": request.GET.get("urgent", ""),
            "staff": selectors.assignable_staff(request.user) if queue == "inbox" else [],
        },
    )


def _queue_rows(values: list[dict], *, matters: bool) -> list[QueueRow]:
    """The rows of a queue's page from its columns (``selectors.queue_columns``): addresses,
    state labels, urgency badges and named countdowns, each clock rendered once."""
    sites = {v["site_id"] for v in values}
    clocks = clock_rows_for("servicedesk.workorder", [v["pk"] for v in values], sites=sites)
    if matters:
        of_forms = clock_rows_for(
            "servicedesk.serviceform", {v["form_id"] for v in values}, sites=sites
        )
        for v in values:
            both = [*clocks.get(v["pk"], []), *of_forms.get(v["form_id"], [])]
            clocks[v["pk"]] = sorted(both, key=lambda c: c.due_at)
    url = url_for_each("servicedesk:order")
    states = {k: str(label) for k, label in OrderState.choices}
    faces, badges = Clocks(), urgency_badges()
    rooms = selectors.room_labels(v["form__room_id"] for v in values)
    rows = []
    for v in values:
        flags = (v["form__priority"] == Priority.URGENT, v["form__major"])
        room = v["form__room_id"] and rooms.get(v["form__room_id"])
        rows.append(
            QueueRow(
                pk=v["pk"],
                serial=v["serial"],
                url=url(v["pk"]),
                own=v["own"],
                urgent=v["urgent"],
                is_urgent=any(flags),
                badges=badges(v["form__priority"], v["form__major"]),
                state=states.get(v["state"], v["state"]),
                clocks=[faces.render(c, named=True) for c in clocks.get(v["pk"], [])],
                address=room or v["form__location"] or "",
                content=_clip(v["form__content"]),
                department=v["department__name"],
                assignee=v["assignee__full_name"] or v["assignee__username"] or "",
                receiver=v["receiver__full_name"] or v["receiver__username"] or "",
            )
        )
    return rows


def _clip(text: str, most: int = 60) -> str:
    """``Truncator(text).chars(most)`` for a queue row; most contents are shorter and need no
    truncator."""
    return text if len(text) <= most else Truncator(text).chars(most)


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
