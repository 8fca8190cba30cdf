"""The service desk's navigation entries, home-page panels (what waits for each role) and the
sections it adds to the shift handover."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infocenter.core import handover, queues
from infocenter.core.audit import register_event_labels
from infocenter.core.deadlines import clocks_for
from infocenter.core.home import NavItem, Panel, PanelItem, register_nav, register_panel
from infocenter.core.models import Site
from infocenter.core.selectors import sites_for

from . import archive, reports, selectors
from .choices import BatchState, FormState, OrderState, ProblemState
from .models import ArchiveBatch, ServiceForm, WorkOrder
from .workflows import OPEN_ORDER_STATES


def _order_items(rows) -> list[PanelItem]:

    rows = list(rows[:10])
    clocks = clocks_for(rows)
    items = []
    for order in rows:
        late = any(c.state == "breached" for c in clocks.get(order.pk, []))
        items.append(
            PanelItem(
                f"{order.serial} · {order.form.content[:30]}",
                order.get_absolute_url(),
                f"{order.department.name} · {order.get_state_display()}",
                "danger" if late else "",
                urgent=order.form.is_urgent,
            )
        )
    return items


def _inbox(user):
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
    return _order_items(selectors.follow_up_for(user))


def _to_close(user):
    return _order_items(
        selectors.orders_for(user).filter(state=OrderState.VERIFIED).order_by("verified_at")
    )


def _to_dispatch(user):
    waiting = [FormState.LOGGED, FormState.RETURNED]  # a returned matter is re-dispatched (SD-12)
    rows = selectors.forms_for(user).filter(state__in=waiting).order_by("received_at")[:10]
    return [
        PanelItem(
            f"{f.serial} · {f.content[:30]}",
            f.get_absolute_url(),
            f"{f.reporter_name} · {f.address}",
            urgent=f.is_urgent,
        )
        for f in rows
    ]


def _to_call_back(user):
    """SD-10: handled forms whose category calls for a callback, the longest waiting first."""
    rows = (
        selectors.forms_for(user)
        .filter(state=FormState.RESOLVED)
        .exclude(category__in=archive.NO_CALLBACK_NEEDED)
        .order_by("resolved_at")[:10]
    )
    return [
        PanelItem(
            f"{f.serial} · {f.reporter_name} {f.reporter_phone}",
            f.get_absolute_url(),
            f.content[:30],
        )
        for f in rows
    ]


register_nav(NavItem(_("Intake"), "servicedesk:intake", "telephone-plus", "sd.intake"))
register_nav(NavItem(_("Register"), "servicedesk:register", "journal-text", "sd.view"))
register_nav(NavItem(_("Work order inbox"), "servicedesk:inbox", "inbox", "sd.department"))
register_nav(NavItem(_("Follow-up"), "servicedesk:follow_up", "telephone-outbound", "sd.follow_up"))
register_nav(
    NavItem(_("Verified orders to close"), "servicedesk:to_close", "journal-check", "sd.intake")
)
register_nav(NavItem(_("Residents register"), "servicedesk:residents", "people", "sd.view"))
register_nav(NavItem(_("Weekly archive"), "servicedesk:archive", "archive", "sd.view"))
register_nav(
    NavItem(_("Records to correct"), "servicedesk:corrections", "pencil-square", "sd.view")
)
register_nav(NavItem(_("Dashboard"), "servicedesk:dashboard", "bar-chart", "sd.dashboard"))
register_nav(
    NavItem(
        _("Service-desk time limits"), "servicedesk:policy", "stopwatch", "sd.policy", _("Settings")
    )
)


def _to_review(user):
    rows = selectors.batches_for(user).filter(state="submitted")[:10]
    return [
        PanelItem(
            f"{b.site.name} · {b.week_start:%Y-%m-%d}",
            b.get_absolute_url(),
            f"{b.submitted_by}",
        )
        for b in rows
    ]


def _major_waiting(user):
    rows = (
        selectors.forms_for(user)
        .filter(major=True, instructions="")
        .exclude(major_report="")
        .order_by("major_reported_at")[:10]
    )
    return [
        PanelItem(
            f"{f.serial} · {f.content[:30]}",
            f.get_absolute_url(),
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


def _to_correct(user):
    """SD-12: the problems the data manager returned to this person, not yet fixed."""
    rows = selectors.problems_for(user).filter(responsible=user, state=ProblemState.OPEN)
    return [
        PanelItem(f"{p.record.serial} · {p.problem}", p.get_absolute_url(), str(p.batch), "warning")
        for p in rows.order_by("created_at")[:10]
    ]


register_panel(
    Panel(
        "sd_to_correct",
        _("Records returned to me for correction"),
        "sd.view",
        _to_correct,
        order=12,
    )
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
        "resident.changed": _("resident's details corrected"),
        "resident.moved_out": _("moved out"),
        "resident.merged": _("merged into another entry"),
        "resident.kept": _("kept; a duplicate merged into it"),
        "resident.imported": _("residents imported from Excel"),
        "form.logged": _("logged, receipt confirmed"),
        "form.resolved": _("handled and replied"),
        "form.called_back": _("called back"),
        "form.reopened": _("reopened after an unsatisfied callback"),
        "form.archived": _("archived"),
        "order.dispatched": _("work order dispatched"),
        "order.reissued": _("re-issued"),
        "order.acknowledge": _("acknowledged"),
        "order.assign": _("staff arranged"),
        "order.start": _("handling started"),
        "order.report": _("result reported, customer signed"),
        "order.return": _("returned with reason"),
        "order.verify": _("verified"),
        "order.close": _("closed in the register (消档)"),
        "order.escalated": _("overdue, re-issued"),
        "archive.submitted": _("handed to the data manager"),
        "archive.approved": _("reviewed and archived"),
        "form.major_reported": _("written report on a major event"),
        "form.instructed": _("leader's instructions"),
        "order.photo_added": _("photo added"),
        "archive.returned": _("returned for correction"),
        "record.archived": _("archived"),
        "form.corrected": _("corrected"),
        "form.voided": _("voided (作废)"),
        "order.corrected": _("corrected"),
        "order.withdrawn": _("withdrawn: its form was voided"),
        "form.returned_for_correction": _("returned by the data manager for correction"),
        "form.problem_fixed": _("problem fixed for the archive"),
        "problem.fixed": _("marked fixed"),
    }
)


register_event_labels(
    {
        "form.returned": _("work order returned unfinished, matter still open"),
        "form.redispatched": _("re-dispatched"),
        "form.pending": _("set pending"),
        "order.redispatched": _("returned, re-dispatched"),
    }
)


# -- what the shift handover carries over (LOG-1) -------------------------------------------------


# Forms the next shift must act on: a staff form awaiting receipt (SD-17), one not yet
# dispatched or handled, and a matter returned unfinished or pending (SD-12).
HANDED_OVER_FORM_STATES = (
    FormState.SUBMITTED,
    FormState.LOGGED,
    FormState.RETURNED,
    FormState.PENDING,
)


def _open_forms(site: Site, now: dt.datetime) -> list[dict]:
    forms = ServiceForm.objects.filter(site=site, state__in=HANDED_OVER_FORM_STATES).order_by(
        "received_at"
    )
    return handover.clocked_rows(
        list(forms[: handover.LIMIT]),
        lambda f: f"{f.get_state_display()} · {f.reporter_name} · {f.address} · {f.content[:40]}",
    )


def _open_orders(site: Site, now: dt.datetime) -> list[dict]:
    orders = (
        WorkOrder.objects.filter(site=site, state__in=OPEN_ORDER_STATES)
        .select_related("department", "form")
        .order_by("dispatched_at")
    )
    return handover.clocked_rows(
        list(orders[: handover.LIMIT]),
        lambda o: f"{o.department.name} · {o.get_state_display()} · {o.form.content[:40]}",
    )


def _pending_approvals(site: Site, now: dt.datetime) -> list[dict]:
    """Major events still waiting for the leaders' instructions (SD-15) and archive batches
    waiting for the data manager's review (SD-16)."""
    majors = ServiceForm.objects.filter(
        site=site, major=True, instructions="", archived_at__isnull=True
    ).order_by("received_at")
    batches = ArchiveBatch.objects.filter(site=site, state=BatchState.SUBMITTED)
    return [
        handover.row(
            gettext("Major event waiting for instructions: %(content)s")
            % {"content": f.content[:40]},
            serial=f.serial,
            link=f.get_absolute_url(),
        )
        for f in majors[: handover.LIMIT]
    ] + [
        handover.row(
            gettext("Archive batch of the week from %(date)s waiting for review")
            % {"date": b.week_start},
            link=b.get_absolute_url(),
        )
        for b in batches.order_by("week_start")
    ]


handover.register_section(
    "forms", _("Customer service forms not yet dispatched or handled"), _open_forms, order=10
)
handover.register_section("orders", _("Open work orders"), _open_orders, order=20)
handover.register_section("approvals", _("Pending approvals"), _pending_approvals, order=40)


# -- staff submissions (SD-17) and internal feedback (SD-11) --------------------------------------


def _awaiting_receipt(user):
    return [
        PanelItem(
            f"{f.serial} · {f.content[:30]}",
            f.get_absolute_url(),
            f"{f.filed_by} · {f.received_at:%Y-%m-%d %H:%M}",
            "warning",
        )
        for f in selectors.awaiting_receipt(user)[:10]
    ]


def _referred(user):
    return [
        PanelItem(
            f"{f.serial} · {f.content[:30]}",
            f.get_absolute_url(),
            f"{f.site.name} · {f.referred_to.name}",
        )
        for f in selectors.referred_to_me(user)[:10]
    ]


register_nav(NavItem(_("File a form"), "servicedesk:submit", "pencil-square", "sd.submit"))
register_nav(NavItem(_("My submissions"), "servicedesk:mine", "person-lines-fill", "sd.submit"))
register_nav(NavItem(_("Referred to us"), "servicedesk:referred", "building", "sd.department"))
register_panel(
    Panel(
        "sd_awaiting_receipt",
        _("Staff forms awaiting receipt"),
        "sd.intake",
        _awaiting_receipt,
        order=19,
    )
)
register_panel(
    Panel(
        "sd_referred",
        _("Internal feedback to reply to"),
        "sd.department",
        _referred,
        order=19,
    )
)
register_event_labels(
    {
        "form.receipt_confirmed": _("receipt confirmed"),
        "form.referred": _("referred to a company department"),
        "form.replied": _("replied to the filer"),
        "form.handed_back": _("returned to the control room"),
    }
)


# -- the managers' key figures (X-9) --------------------------------------------------------------


def _key_figures(user) -> dict:
    """The figures of every site of the manager's dashboard scope (the whole branch for its
    general manager), each linked to the list behind it."""
    sites = sites_for(user, "sd.dashboard").values_list("pk", flat=True)
    return reports.home_figures(sites)


register_panel(
    Panel(
        "sd_key_figures",
        _("Key figures"),
        "sd.dashboard",
        _key_figures,
        order=5,
        template="servicedesk/includes/home_figures.html",
    )
)
# -- the queues an order is opened from, for "next item" ----------------------------


def _order_pages(queue):
    def pages(user):
        ids = queue(user).values_list("pk", flat=True)[: queues.LIMIT]
        return [reverse("servicedesk:order", args=[pk]) for pk in ids]

    return pages


queues.register_queue("inbox", _order_pages(selectors.inbox_for))
queues.register_queue("follow_up", _order_pages(selectors.follow_up_for))
queues.register_queue("to_close", _order_pages(selectors.to_close_for))
