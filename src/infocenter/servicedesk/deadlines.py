"""Handlers of the service desk's clocks (SD-6, SD-7, SD-8, SD-12, SD-14). They run inside the
worker's transaction; each is idempotent because the engine fires every phase once and
``escalate_order`` leaves an already re-issued order alone."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from infocenter.core import deadlines, outbox, recurring
from infocenter.core.choices import Role
from infocenter.core.selectors import holders
from infocenter.core.texts import Text, choice_code

from . import archive, reports, services
from .choices import FormState
from .models import ServiceForm, WorkOrder
from .reports import CLOCKS


def _form(deadline) -> ServiceForm:
    return ServiceForm.objects.select_related("site").get(pk=deadline.subject_id)


def _order(deadline) -> WorkOrder:
    return WorkOrder.objects.select_related("site", "form", "department", "assistant").get(
        pk=deadline.subject_id
    )


def _dispatch_warn(deadline, now):
    form = _form(deadline)
    outbox.tell(
        holders(form.site_id, Role.PROCESSOR),
        form,
        Text(N_("%(serial)s must be dispatched or handled soon"), {"serial": form.serial}),
    )


def _dispatch_due(deadline, now):
    form = _form(deadline)
    outbox.tell(
        holders(form.site_id, Role.PROCESSOR, Role.CS_MANAGER),
        form,
        Text(N_("%(serial)s was not dispatched within the time limit"), {"serial": form.serial}),
    )


def _heads(order):
    return (
        [order.receiver]
        if order.receiver_id
        else holders(order.site_id, Role.DEPT_HEAD, department_id=order.department_id)
    )


def _arrange_warn(deadline, now):
    order = _order(deadline)
    outbox.tell(
        [*_heads(order), order.assistant],
        order,
        Text(N_("Arrange staff for %(serial)s soon"), {"serial": order.serial}),
    )


def _arrange_due(deadline, now):
    order = _order(deadline)
    outbox.tell(
        [*_heads(order), order.assistant],
        order,
        Text(
            N_("No staff arranged for %(serial)s within the time limit"), {"serial": order.serial}
        ),
    )


def _report_warn(deadline, now):
    order = _order(deadline)
    outbox.tell(
        [order.assistant],
        order,
        Text(N_("The result of %(serial)s waits for your verification"), {"serial": order.serial}),
    )


def _report_due(deadline, now):
    order = _order(deadline)
    outbox.tell(
        [order.assignee, order.assistant, *_heads(order)],
        order,
        Text(
            N_("The result of %(serial)s was not verified within the time limit"),
            {"serial": order.serial},
        ),
    )


def _finish_warn(deadline, now):
    order = _order(deadline)
    outbox.tell(
        [*_heads(order), order.assignee, order.assistant],
        order,
        Text(N_("%(serial)s must be finished or returned soon"), {"serial": order.serial}),
    )


def _finish_due(deadline, now):
    services.escalate_order(_order(deadline), now=now)


def _follow_up_due(deadline, now):
    """SD-12: each period an unfinished matter reminds its assistant (and the processor while
    it waits for their decision or its expected date passed); a finished one ends the clock."""
    form = _form(deadline)
    if form.state not in {FormState.RETURNED, FormState.PENDING, FormState.DISPATCHED}:
        deadlines.complete(form, services.K_FOLLOW_UP, at=now)
        return
    latest = form.orders.select_related("assistant").order_by("-dispatched_at", "-pk").first()
    people = [latest.assistant] if latest else []
    overdue = form.pending_until is not None and form.pending_until <= timezone.localdate(now)
    if form.state == FormState.RETURNED or (form.state == FormState.PENDING and overdue):
        people += holders(form.site_id, Role.PROCESSOR)
    outbox.tell(
        people,
        form,
        Text(
            N_("%(serial)s is not finished yet (%(state)s): follow it up"),
            {"serial": form.serial, "state": choice_code(form, "state")},
        ),
        archive.unfinished_text(form),
    )


def _held_order_due(deadline, now):
    services.remind_held_order(_order(deadline), now=now)


deadlines.register(services.K_DISPATCH, label="SD-6", on_warn=_dispatch_warn, on_due=_dispatch_due)
deadlines.register(services.K_ARRANGE, label="SD-7", on_warn=_arrange_warn, on_due=_arrange_due)
deadlines.register(services.K_REPORT, label="SD-8", on_warn=_report_warn, on_due=_report_due)
deadlines.register(services.K_FINISH, label="SD-14", on_warn=_finish_warn, on_due=_finish_due)
deadlines.register(services.K_FOLLOW_UP, label="SD-12", on_due=_follow_up_due)
deadlines.register(services.K_ALERT, label="SD-14", on_due=_held_order_due)


def _remind_archive(site, now):
    """SD-16: each weekend the processor hands the week's records to the data manager."""
    outbox.notify(
        holders(site.pk, Role.PROCESSOR),
        site=site,
        link=reverse("servicedesk:archive"),
        subject=Text(N_("Weekend: hand this week's records to the data manager")),
    )


def _settle_days(site, now):
    """X-9: each night, the days archived since are settled (``rollup``), so that the reports
    read their counts instead of their records."""
    reports.settle_site(site, now)


recurring.register(
    "sd.settle_days",
    rule="FREQ=DAILY;BYHOUR=2;BYMINUTE=30",
    label="X-9",
    action=_settle_days,
)
recurring.register(
    "sd.weekly_archive",
    rule="FREQ=WEEKLY;BYDAY=SA;BYHOUR=9;BYMINUTE=0",
    label="SD-16",
    action=_remind_archive,
)


# What each countdown counts, named in front of it in the queues (UX 11).
for _kind, _rule, _name in CLOCKS:
    deadlines.name_clock(_kind, _name)
deadlines.name_clock(services.K_FOLLOW_UP, gettext_lazy("follow-up time limit"))
deadlines.name_clock(services.K_ALERT, gettext_lazy("completion time limit"))
