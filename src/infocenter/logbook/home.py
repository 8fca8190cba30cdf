"""The registers' navigation entries, home-page panels (what waits for each role) and the
sections they add to the shift handover."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infocenter.core import handover
from infocenter.core.audit import register_event_labels
from infocenter.core.home import NavItem, Panel, PanelItem, register_nav, register_panel
from infocenter.core.models import Site

from . import selectors
from .choices import OUTAGES, CallState
from .models import PhoneCall

CONTROL_ROOM = _("Control room")

register_nav(
    NavItem(
        _("Shift handover"), "logbook:handovers", "arrow-left-right", "lb.handover", CONTROL_ROOM
    )
)
register_nav(NavItem(_("Phone log"), "logbook:calls", "telephone", "lb.phone", CONTROL_ROOM))
register_nav(
    NavItem(_("Information registry"), "logbook:registry", "megaphone", "lb.view", CONTROL_ROOM)
)
register_nav(NavItem(_("Whereabouts"), "logbook:whereabouts", "geo-alt", "lb.view", CONTROL_ROOM))
register_nav(
    NavItem(
        _("Contact directory"), "logbook:contacts", "person-lines-fill", "lb.view", CONTROL_ROOM
    )
)
register_nav(NavItem(_("Reference library"), "logbook:library", "book", "lb.view", CONTROL_ROOM))
register_nav(
    NavItem(_("Register time limits"), "logbook:policy", "stopwatch", "lb.policy", _("Settings"))
)


def _to_accept(user):
    return [
        PanelItem(
            f"{h.serial} · {h.shift}",
            h.get_absolute_url(),
            f"{h.outgoing} · {timezone.localtime(h.handed_over_at):%m-%d %H:%M}",
            "warning",
        )
        for h in selectors.waiting_handover(user)[:10]
    ]


def _missed(user):
    return [
        PanelItem(
            f"{c.number} {c.caller}".strip(),
            c.get_absolute_url(),
            f"{c.serial} · {timezone.localtime(c.occurred_at):%m-%d %H:%M}",
            "danger",
        )
        for c in selectors.missed_calls_for(user)[:10]
    ]


def _now(user):
    return [
        PanelItem(
            f"{e.get_kind_display()} · {e.title}",
            e.get_absolute_url(),
            f"{e.area} · {e.department.name}",
            "warning" if e.kind in OUTAGES else "",
        )
        for e in selectors.in_force(user)[:10]
    ]


register_panel(
    Panel("lb_accept", _("Shift handovers for you to accept"), "lb.handover", _to_accept, order=5)
)
register_panel(Panel("lb_missed", _("Missed calls to return"), "lb.phone", _missed, order=10))
register_panel(
    Panel("lb_now", _("In force now: outages, works and events"), "lb.view", _now, order=30)
)

register_event_labels(
    {
        "handover.handed_over": _("shift handed over"),
        "handover.accepted": _("shift taken over, signed"),
        "call.logged": _("call logged"),
        "call.missed": _("missed call logged"),
        "call.away_noted": _("whereabouts of the person called noted"),
        "call.called_back": _("called back"),
        "call.form_made": _("customer service form made from the call"),
        "whereabouts.set": _("whereabouts set"),
        "entry.recorded": _("change recorded"),
        "entry.rescheduled": _("period changed"),
        "entry.ended": _("ended"),
        "entry.withdrawn": _("withdrawn"),
        "contact.added": _("contact added"),
        "contact.changed": _("contact changed"),
        "contact.removed": _("contact removed"),
        "contact.imported": _("contacts imported"),
        "document.added": _("document added"),
        "document.versioned": _("new version added"),
        "logbook.policy_changed": _("register time limits changed"),
    }
)


# -- what the shift handover carries over (LOG-1) -------------------------------------------------


def _current_entries(site: Site, now: dt.datetime) -> list[dict]:
    return [
        handover.row(
            f"{e.get_kind_display()} · {e.title} · {e.area}",
            serial=e.serial,
            due=e.ends_at,
            link=e.get_absolute_url(),
        )
        for e in selectors.current_entries_at(site, now)[: handover.LIMIT]
    ]


def _missed_calls(site: Site, now: dt.datetime) -> list[dict]:
    calls = PhoneCall.objects.filter(site=site, state=CallState.MISSED).order_by("occurred_at")
    return handover.clocked_rows(
        list(calls[: handover.LIMIT]), lambda c: f"{c.number} {c.caller}".strip()
    )


handover.register_section(
    "entries", _("Current outages, works and events"), _current_entries, order=30
)
handover.register_section(
    "missed_calls", _("Missed calls not yet returned"), _missed_calls, order=50
)
