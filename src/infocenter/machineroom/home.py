"""The machine room's navigation entries and home-page panels: what waits for each role."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infocenter.core.audit import register_event_labels
from infocenter.core.home import NavItem, Panel, PanelItem, register_nav, register_panel

MACHINE_ROOM = _("Machine room")

register_nav(NavItem(_("Access desk"), "machineroom:desk", "door-open", "mr.view", MACHINE_ROOM))
register_nav(NavItem(_("Access requests"), "machineroom:requests", "person-badge", "mr.request", MACHINE_ROOM))
register_nav(NavItem(_("Approvals"), "machineroom:approvals", "check2-square", "mr.approve", MACHINE_ROOM))
register_nav(NavItem(_("Access log"), "machineroom:log", "journal-text", "mr.view", MACHINE_ROOM))
register_nav(NavItem(_("Items in and out"), "machineroom:items", "box-seam", "mr.view", MACHINE_ROOM))
register_nav(NavItem(_("Keys"), "machineroom:keys", "key", "mr.view", MACHINE_ROOM))
register_nav(NavItem(_("Credential register"), "machineroom:credentials", "shield-lock", "mr.view", MACHINE_ROOM))
register_nav(NavItem(_("Security reports"), "machineroom:reports", "exclamation-octagon", "mr.view", MACHINE_ROOM))
register_nav(NavItem(_("Machine rooms"), "machineroom:rooms", "hdd-rack", "mr.manage", _("Settings")))


def _approvals(user):
    from . import approvals

    return [PanelItem(f"{w.kind} · {w.title}", w.url, f"{w.detail} · {timezone.localtime(w.since):%m-%d %H:%M}",
                      "warning") for w in approvals.waiting_for(user)[:10]]


def _inside(user):
    from infocenter.core import selectors as core_selectors

    from . import selectors

    site = core_selectors.sites_for(user, "mr.desk").first()
    if site is None:
        return []
    return [PanelItem(f"{v.name} · {v.room}", reverse("machineroom:desk"),
                      f"{v.get_kind_display()} · {timezone.localtime(v.entered_at):%H:%M}",
                      "" if v.person_id else "warning") for v in selectors.inside_now(user, site=site)[:10]]


register_panel(Panel("mr_approvals", _("Waiting for your approval"), "mr.approve", _approvals, order=3))
register_panel(Panel("mr_inside", _("In the machine room now"), "mr.desk", _inside, order=40))

register_event_labels({
    "room.added": _("machine room added"), "access.requested": _("access requested"),
    "access.phone_approved": _("approval by phone recorded"), "access.approved": _("access approved"),
    "access.refused": _("access refused"), "access.cancelled": _("access request cancelled"),
    "access.closed": _("access request closed"), "access.released": _("clean-up checked, released for the day"),
    "visit.signed_in": _("signed in"), "visit.signed_out": _("signed out"), "visit.refused": _("refused entry"),
    "visit.forced": _("forced entry"), "item.recorded": _("item inspected and recorded"),
    "key.added": _("key registered"), "key.issued": _("key handed over"), "key.returned": _("key returned"),
    "key.lost": _("key reported lost"), "key.found": _("key found again"),
    "security.reported": _("security report made"), "security.acknowledged": _("security report acknowledged"),
    "credential.added": _("account registered"), "credential.rotated": _("password change recorded"),
    "credential.due_now": _("password change due now"), "credential.custodian_changed": _("custodian changed"),
    "credential.retired": _("account retired"),
})


# -- inspections (MR-9, MR-10) --
register_nav(NavItem(_("Inspection rounds"), "machineroom:rounds", "clipboard-check", "mr.view", MACHINE_ROOM))
register_nav(NavItem(_("Checklists"), "machineroom:checklists", "list-check", "mr.view", MACHINE_ROOM))
register_nav(NavItem(_("Core-device alarms"), "machineroom:alarms", "bell", "mr.view", MACHINE_ROOM))
register_nav(NavItem(_("Network and line faults"), "machineroom:faults", "router", "mr.view", MACHINE_ROOM))


def _rounds_today(user):
    """MR-9: the rounds of today still to do at the maintainer's first site, the earliest due first."""
    import datetime as dt

    from infocenter.core import selectors as core_selectors

    from . import selectors

    site = core_selectors.sites_for(user, "mr.inspect").first()
    if site is None:
        return []
    now = timezone.now()
    tomorrow = timezone.make_aware(dt.datetime.combine(timezone.localdate(now) + dt.timedelta(days=1), dt.time()))
    return [PanelItem(f"{r.title} · {r.covers}", reverse("machineroom:round", args=[r.pk]),
                      f"{r.serial} · {timezone.localtime(r.due_at):%m-%d %H:%M}", "danger" if r.due_at < now else "")
            for r in selectors.rounds_due(user, site=site, until=tomorrow)[:10]]


register_panel(Panel("mr_rounds", _("Inspection rounds to do today"), "mr.inspect", _rounds_today, order=35))

register_event_labels({
    "checklist.added": _("checklist added"), "checklist.changed": _("checklist changed"),
    "checklist.item_added": _("checklist item added"), "checklist.item_removed": _("checklist item removed"),
    "checklist.item_moved": _("checklist item moved"),
    "schedule.added": _("inspection schedule added"),
    "schedule.changed": _("inspection schedule changed"), "schedule.paused": _("inspection schedule paused"),
    "schedule.resumed": _("inspection schedule resumed"), "round.generated": _("inspection round made by schedule"),
    "round.started": _("inspection round started"), "round.saved": _("inspection results saved"),
    "round.done": _("inspection round finished"), "round.order_opened": _("work order opened for a failed check"),
    "round.cancelled": _("inspection round cancelled"), "alarm.logged": _("core-device alarm logged and reported"),
    "alarm.responded": _("alarm response recorded"), "alarm.closed": _("alarm closed"),
    "fault.logged": _("network fault logged"), "fault.checked": _("local findings recorded"),
    "fault.reported": _("reported to the upstream unit"), "fault.feedback": _("upstream feedback recorded"),
    "fault.closed": _("network fault closed"),
})


def _open_incidents(site, now):
    """The shift handover (LOG-1) carries over core-device alarms and network faults still open
    (MR-9), read in one query."""
    from django.db.models import F, Value
    from django.db.models.functions import Substr

    from infocenter.logbook.handover import LIMIT, row

    from .choices import AlarmSeverity, AlarmState, FaultKind, FaultState
    from .models import CoreAlarm, NetworkFault

    columns = ("what", "pk", "serial", "shown", "sub", "state", "occurred_at")
    alarms = CoreAlarm.objects.filter(site=site).exclude(state=AlarmState.CLOSED).annotate(
        what=Value("alarms"), sub=F("severity")).annotate(shown=F("device")).order_by().values_list(*columns)
    faults = NetworkFault.objects.filter(site=site).exclude(state=FaultState.CLOSED).annotate(
        what=Value("faults"), sub=F("kind")).annotate(shown=Substr("description", 1, 40)).order_by().values_list(*columns)
    labels = {**dict(AlarmSeverity.choices), **dict(FaultKind.choices)}
    states = {"alarms": dict(AlarmState.choices), "faults": dict(FaultState.choices)}
    return [row(f"{labels[sub]} · {text} · {states[what][state]}", serial=serial, link=f"/machineroom/{what}/{pk}/",
                late=what == "alarms" and state == AlarmState.OPEN)
            for what, pk, serial, text, sub, state, _at in alarms.union(faults).order_by("what", "occurred_at")[:LIMIT]]


def _register_handover():
    from infocenter.logbook.handover import register_section

    register_section("mr_incidents", _("Open core-device alarms and network faults"), _open_incidents)


_register_handover()
