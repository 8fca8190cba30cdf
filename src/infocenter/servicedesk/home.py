"""The service desk's navigation entries and home-page panels: what waits for each role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infocenter.core.audit import register_event_labels
from infocenter.core.deadlines import clocks_for
from infocenter.core.home import NavItem, Panel, PanelItem, register_nav, register_panel

from .choices import FormState, OrderState


def _order_items(rows) -> list[PanelItem]:

    rows = list(rows[:10])
    clocks = clocks_for(rows)
    items = []
    for order in rows:
        late = any(c.state == "breached" for c in clocks.get(order.pk, []))
        items.append(
            PanelItem(
                f"{order.serial} · {order.form.content[:30]}",
                reverse("servicedesk:order", args=[order.pk]),
                f"{order.department.name} · {order.get_state_display()}",
                "danger" if late else "",
            )
        )
    return items


def _inbox(user):
    from . import selectors

    return _order_items(
        selectors.inbox_for(user).filter(
            state__in=[
                OrderState.DISPATCHED,
                OrderState.ACKNOWLEDGED,
                OrderState.ASSIGNED,
                OrderState.IN_PROGRESS,
            ]
        )
    )


def _follow_up(user):
    from . import selectors

    return _order_items(selectors.follow_up_for(user))


def _to_close(user):
    from . import selectors

    return _order_items(
        selectors.orders_for(user).filter(state=OrderState.VERIFIED).order_by("verified_at")
    )


def _to_dispatch(user):
    from . import selectors

    rows = selectors.forms_for(user).filter(state=FormState.LOGGED).order_by("received_at")[:10]
    return [
        PanelItem(
            f"{f.serial} · {f.content[:30]}",
            reverse("servicedesk:form", args=[f.pk]),
            f"{f.reporter_name} · {f.address}",
        )
        for f in rows
    ]


def _to_call_back(user):
    from . import selectors

    rows = selectors.forms_for(user).filter(state=FormState.RESOLVED).order_by("resolved_at")[:10]
    return [
        PanelItem(
            f"{f.serial} · {f.reporter_name} {f.reporter_phone}",
            reverse("servicedesk:form", args=[f.pk]),
            f.content[:30],
        )
        for f in rows
    ]


register_nav(NavItem(_("Intake"), "servicedesk:intake", "telephone-plus", "sd.intake"))
register_nav(NavItem(_("Register"), "servicedesk:register", "journal-text", "sd.view"))
register_nav(NavItem(_("Work order inbox"), "servicedesk:inbox", "inbox", "sd.department"))
register_nav(NavItem(_("Follow-up"), "servicedesk:follow_up", "telephone-outbound", "sd.follow_up"))
register_nav(NavItem(_("Search"), "servicedesk:search", "search", "sd.view"))
register_nav(NavItem(_("Weekly archive"), "servicedesk:archive", "archive", "sd.view"))
register_nav(NavItem(_("Dashboard"), "servicedesk:dashboard", "bar-chart", "sd.dashboard"))
register_nav(
    NavItem(
        _("Service-desk time limits"), "servicedesk:policy", "stopwatch", "sd.policy", _("Settings")
    )
)


def _to_review(user):
    from . import selectors

    rows = selectors.batches_for(user).filter(state="submitted")[:10]
    return [
        PanelItem(
            f"{b.site.name} · {b.week_start:%Y-%m-%d}",
            reverse("servicedesk:batch", args=[b.pk]),
            f"{b.submitted_by}",
        )
        for b in rows
    ]


def _major_waiting(user):
    from . import selectors

    rows = (
        selectors.forms_for(user)
        .filter(major=True, instructions="")
        .exclude(major_report="")
        .order_by("major_reported_at")[:10]
    )
    return [
        PanelItem(
            f"{f.serial} · {f.content[:30]}",
            reverse("servicedesk:form", args=[f.pk]),
            f"{f.major_reported_by} · {f.major_reported_at:%Y-%m-%d %H:%M}",
            "danger",
        )
        for f in rows
    ]


register_panel(
    Panel(
        "sd_major",
        _("Major events waiting for instructions"),
        "sd.instruct",
        _major_waiting,
        order=15,
    )
)
register_panel(
    Panel("sd_to_review", _("Batches to review and archive"), "sd.archive", _to_review, order=20)
)
register_panel(
    Panel("sd_to_dispatch", _("Forms to dispatch or handle"), "sd.intake", _to_dispatch, order=20)
)
register_panel(
    Panel("sd_to_close", _("Verified orders to close (消档)"), "sd.intake", _to_close, order=21)
)
register_panel(
    Panel("sd_inbox", _("Work orders for my department"), "sd.department", _inbox, order=20)
)
register_panel(Panel("sd_follow_up", _("Orders I follow up"), "sd.follow_up", _follow_up, order=20))
register_panel(
    Panel("sd_call_back", _("Customers to call back"), "sd.follow_up", _to_call_back, order=22)
)


register_event_labels(
    {
        "resident.added": _("added to the residents register"),
        "form.logged": _("logged, receipt confirmed"),
        "form.resolved": _("handled and replied"),
        "form.called_back": _("called back"),
        "form.reopened": _("reopened after an unsatisfied callback"),
        "form.archived": _("archived"),
        "order.dispatched": _("work order dispatched"),
        "order.reissued": _("re-issued (SD-14)"),
        "order.acknowledge": _("acknowledged"),
        "order.assign": _("staff arranged"),
        "order.start": _("handling started"),
        "order.report": _("result reported, customer signed"),
        "order.return": _("returned with reason"),
        "order.verify": _("verified"),
        "order.close": _("closed in the register (消档)"),
        "order.escalated": _("overdue, re-issued (SD-14)"),
        "archive.submitted": _("handed to the data manager"),
        "archive.approved": _("reviewed and archived"),
        "form.major_reported": _("written report on a major event"),
        "form.instructed": _("leader's instructions"),
        "order.photo_added": _("photo added"),
        "archive.returned": _("returned for correction"),
        "record.archived": _("archived"),
    }
)
