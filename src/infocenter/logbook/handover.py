"""What a shift handover carries over (LOG-1), drafted from the live state.

Each app declares sections: a title and a function that lists the site's open items of that
kind as plain rows (text, serial, due time, link). ``snapshot`` freezes them into the handover
when it is handed over; the handover page shows the live draft before that. Pure reads."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from infocenter.core.choices import DeadlineState
from infocenter.core.deadlines import clocks_for
from infocenter.core.models import Site

LIMIT = 100  # rows per section; the register pages hold the rest


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    collect: Callable[[Site, dt.datetime], list[dict]]


SECTIONS: dict[str, Section] = {}


def register_section(key: str, title, collect: Callable[[Site, dt.datetime], list[dict]]) -> None:
    """Let an app add a section to the handover (in its ``ready``)."""
    SECTIONS[key] = Section(key, title, collect)


def row(
    text: str,
    *,
    serial: str = "",
    due: dt.datetime | None = None,
    link: str = "",
    late: bool = False,
) -> dict:
    """One carried-over item; the due time is kept as local text, as it will be printed."""
    due_text = timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else ""
    return {"text": text, "serial": serial, "due": due_text, "link": link, "late": late}


def snapshot(site: Site, now: dt.datetime | None = None) -> list[dict]:
    """Every section's open items at ``site`` now, as stored in ``Handover.carried_over``."""
    now = now or timezone.now()
    return [
        {"key": s.key, "title": str(s.title), "rows": s.collect(site, now)[:LIMIT]}
        for s in SECTIONS.values()
    ]


def next_due(records) -> dict[int, object]:
    """The earliest open or breached clock of each record (``clocks_for``, one query)."""
    return {pk: rows[0] for pk, rows in clocks_for(records).items()}


# -- the sections of the service desk and of the registers ----------------------------------------


def open_forms(site: Site, now: dt.datetime) -> list[dict]:
    from infocenter.servicedesk.choices import FormState
    from infocenter.servicedesk.models import ServiceForm

    forms = list(
        ServiceForm.objects.filter(site=site, state=FormState.LOGGED).order_by("received_at")[
            :LIMIT
        ]
    )
    clocks = next_due(forms)
    return [
        row(
            f"{f.reporter_name} · {f.address} · {f.content[:40]}",
            serial=f.serial,
            due=getattr(clocks.get(f.pk), "due_at", None),
            link=f"/servicedesk/forms/{f.pk}/",
            late=getattr(clocks.get(f.pk), "state", "") == DeadlineState.BREACHED,
        )
        for f in forms
    ]


def open_orders(site: Site, now: dt.datetime) -> list[dict]:
    from infocenter.servicedesk.models import WorkOrder
    from infocenter.servicedesk.workflows import OPEN_ORDER_STATES

    orders = list(
        WorkOrder.objects.filter(site=site, state__in=OPEN_ORDER_STATES)
        .select_related("department", "form")
        .order_by("dispatched_at")[:LIMIT]
    )
    clocks = next_due(orders)
    return [
        row(
            f"{o.department.name} · {o.get_state_display()} · {o.form.content[:40]}",
            serial=o.serial,
            due=getattr(clocks.get(o.pk), "due_at", None),
            link=f"/servicedesk/orders/{o.pk}/",
            late=getattr(clocks.get(o.pk), "state", "") == DeadlineState.BREACHED,
        )
        for o in orders
    ]


def pending_approvals(site: Site, now: dt.datetime) -> list[dict]:
    """Major events still waiting for the leaders' instructions (SD-15) and archive batches
    waiting for the data manager's review (SD-16)."""
    from django.utils.translation import gettext as _

    from infocenter.servicedesk.choices import BatchState
    from infocenter.servicedesk.models import ArchiveBatch, ServiceForm

    rows = [
        row(
            _("Major event waiting for instructions: %(content)s") % {"content": f.content[:40]},
            serial=f.serial,
            link=f"/servicedesk/forms/{f.pk}/",
        )
        for f in ServiceForm.objects.filter(
            site=site, major=True, instructions="", archived_at__isnull=True
        ).order_by("received_at")[:LIMIT]
    ]
    rows += [
        row(
            _("Archive batch of the week from %(date)s waiting for review")
            % {"date": b.week_start},
            link=f"/servicedesk/archive/{b.pk}/",
        )
        for b in ArchiveBatch.objects.filter(site=site, state=BatchState.SUBMITTED).order_by(
            "week_start"
        )
    ]
    return rows


def current_entries(site: Site, now: dt.datetime) -> list[dict]:
    from .selectors import current_entries_at

    entries = current_entries_at(site, now)[:LIMIT]
    return [
        row(
            f"{e.get_kind_display()} · {e.title} · {e.area}",
            serial=e.serial,
            due=e.ends_at,
            link=f"/logbook/registry/{e.pk}/",
        )
        for e in entries
    ]


def missed_calls(site: Site, now: dt.datetime) -> list[dict]:
    from .choices import CallState
    from .models import PhoneCall

    calls = list(
        PhoneCall.objects.filter(site=site, state=CallState.MISSED).order_by("occurred_at")[:LIMIT]
    )
    clocks = next_due(calls)
    return [
        row(
            f"{c.number} {c.caller}".strip(),
            serial=c.serial,
            due=getattr(clocks.get(c.pk), "due_at", None),
            link=f"/logbook/calls/{c.pk}/",
            late=getattr(clocks.get(c.pk), "state", "") == DeadlineState.BREACHED,
        )
        for c in calls
    ]


def register_defaults() -> None:
    from django.utils.translation import gettext_lazy as _

    register_section("forms", _("Customer service forms not yet dispatched or handled"), open_forms)
    register_section("orders", _("Open work orders"), open_orders)
    register_section("entries", _("Current outages, works and events"), current_entries)
    register_section("approvals", _("Pending approvals"), pending_approvals)
    register_section("missed_calls", _("Missed calls not yet returned"), missed_calls)
