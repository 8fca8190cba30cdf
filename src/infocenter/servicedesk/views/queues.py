"""Working through the service desk's queues several orders at a time: the
department head arranges one person for several orders, the processor closes several verified
orders in the register (消档). Each order goes through its own service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from infocenter.core import bulk, permissions
from infocenter.core.exceptions import NotFound
from infocenter.core.validators import is_number
from infocenter.core.web import render_page

from .. import selectors, services, workflows


def _chosen(request, orders) -> list:
    """The chosen orders (``item``) still in the queue ``orders``, in the order chosen; one
    that left it is reported as refused."""
    ids = list(dict.fromkeys(int(i) for i in request.POST.getlist("item") if is_number(i)))
    found = orders.filter(pk__in=ids).in_bulk()
    missing = [i for i in ids if i not in found]
    named = selectors.orders_for(request.user).filter(pk__in=missing).in_bulk() if missing else {}
    return [found.get(i) or _Gone(named.get(i), i) for i in ids]


class _Gone:
    """A chosen order no longer in the queue (done by someone else, or never there), named by
    its serial when the actor may see it."""

    def __init__(self, order, pk):
        self.serial = order.serial if order is not None else f"#{pk}"


def _run(orders, call):
    return bulk.each(orders, lambda o: _refuse_gone(o) if isinstance(o, _Gone) else call(o))


def _refuse_gone(order):
    raise NotFound(_("It is no longer in this queue."))


@login_required
@require_POST
def assign_several(request):
    """The department head arranges one member of staff for each chosen order of the inbox
    (SD-7), through ``assign_order``; refused orders say why."""
    permissions.check(request.user, "sd.receive")
    staff = {str(u.pk): u for u in selectors.assignable_staff(request.user)}
    assignee = staff.get(request.POST.get("assignee", ""))
    if assignee is None:
        messages.error(request, _("Choose whom to arrange."))
        return bulk.back(request, "servicedesk:inbox")
    orders = _chosen(request, selectors.inbox_for(request.user))
    results = _run(
        orders,
        lambda o: services.assign_order(request.user, o, version=o.version, assignee=assignee),
    )
    bulk.report(request, results, workflows.ORDER_STEPS["assign"].label)
    return bulk.back(request, "servicedesk:inbox")


@login_required
def to_close(request):
    """The processor's verified orders to close in the register (消档, SD-9), to close several
    at once."""
    permissions.check(request.user, "sd.intake")
    page = Paginator(selectors.to_close_for(request.user), 50).get_page(request.GET.get("page"))
    return render_page(request, "servicedesk/to_close.html", {"page": page})


@login_required
@require_POST
def close_several(request):
    """Close each chosen verified order in the register through ``close_in_register``."""
    permissions.check(request.user, "sd.intake")
    orders = _chosen(request, selectors.to_close_for(request.user))
    results = _run(orders, lambda o: services.close_in_register(request.user, o, version=o.version))
    bulk.report(request, results, workflows.ORDER_STEPS["close"].label)
    return bulk.back(request, "servicedesk:to_close")
