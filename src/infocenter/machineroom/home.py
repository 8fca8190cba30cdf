"""The machine room's navigation entries and home-page panels: what waits for each role."""

import datetime as dt

from django.db.models import F, Q, Value
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infocenter.core import handover, permissions
from infocenter.core import selectors as core_selectors
from infocenter.core.audit import register_event_labels
from infocenter.core.home import NavItem, Panel, PanelItem, register_nav, register_panel

from . import approvals, selectors
from .choices import AlarmSeverity, AlarmState, FaultKind, FaultState
from .models import Callout, CoreAlarm, DutyAlert, NetworkFault, RosterDay, SeriousEvent
from .services.backups import restore_clocks

MACHINE_ROOM = _("Machine room")


def _nav(section, *entries) -> None:
    for label, url_name, icon, action in entries:
        register_nav(NavItem(label, url_name, icon, action, MACHINE_ROOM, section))


# The machine-room menu: the day's work first, then each register by area.
_nav(
    "",
    (_("Duty today"), "machineroom:duty", "clipboard-check", "mr.view"),
    (_("Inspection rounds"), "machineroom:rounds", "clipboard2-pulse", "mr.view"),
    (_("Access desk"), "machineroom:desk", "door-open", "mr.view"),
    (_("Approvals"), "machineroom:approvals", "check2-square", "mr.approve"),
)
_nav(
    _("Access"),
    (_("Access requests"), "machineroom:requests", "person-badge", "mr.request"),
    (_("Access log"), "machineroom:log", "journal-text", "mr.view"),
    (_("Items in and out"), "machineroom:items", "box-seam", "mr.view"),
    (_("Keys"), "machineroom:keys", "key", "mr.view"),
)
_nav(
    _("Duty and safety"),
    (_("Duty roster"), "machineroom:roster", "calendar-week", "mr.view"),
    (_("Serious events"), "machineroom:events", "megaphone", "mr.events"),
    (_("Power and fire-system approvals"), "machineroom:permits", "lightning-charge", "mr.request"),
)
_nav(
    _("Inspections"),
    (_("Checklists"), "machineroom:checklists", "list-check", "mr.view"),
    (_("Core-device alarms"), "machineroom:alarms", "bell", "mr.view"),
    (_("Network and line faults"), "machineroom:faults", "router", "mr.view"),
)
_nav(
    _("Changes"),
    (_("Changes"), "machineroom:changes", "arrow-repeat", "mr.view"),
    (_("Change calendar"), "machineroom:change_calendar", "calendar3", "mr.view"),
)
_nav(
    _("Data and credentials"),
    (_("Backup register"), "machineroom:backups", "database-check", "mr.view"),
    (_("Data-access requests"), "machineroom:data_requests", "folder2-open", "mr.request"),
    (_("Credential register"), "machineroom:credentials", "shield-lock", "mr.view"),
    (_("Security reports"), "machineroom:reports", "exclamation-octagon", "mr.view"),
)
_nav(
    _("Equipment"),
    (_("Equipment ledger"), "machineroom:equipment", "boxes", "mr.view"),
    (_("Equipment loans"), "machineroom:loans", "arrow-left-right", "mr.view"),
)

register_nav(
    NavItem(_("Machine rooms"), "machineroom:rooms", "hdd-rack", "mr.manage", _("Settings"))
)


def _approvals(user):
    return [
        PanelItem(
            f"{w.kind} · {w.title}",
            w.url,
            f"{w.detail} · {timezone.localtime(w.since):%m-%d %H:%M}",
            "warning",
        )
        for w in approvals.waiting_for(user)[:10]
    ]


def _inside(user):
    site = core_selectors.sites_for(user, "mr.desk").first()
    if site is None:
        return []
    return [
        PanelItem(
            f"{v.name} · {v.room}",
            reverse("machineroom:desk"),
            f"{v.get_kind_display()} · {timezone.localtime(v.entered_at):%H:%M}",
            "" if v.person_id else "warning",
        )
        for v in selectors.inside_now(user, site=site)[:10]
    ]


register_panel(
    Panel("mr_approvals", _("Waiting for your approval"), "mr.approve", _approvals, order=3)
)
register_panel(Panel("mr_inside", _("In the machine room now"), "mr.desk", _inside, order=40))

register_event_labels(
    {
        "room.added": _("machine room added"),
        "access.requested": _("access requested"),
        "access.phone_approved": _("approval by phone recorded"),
        "access.approved": _("access approved"),
        "access.refused": _("access refused"),
        "access.cancelled": _("access request cancelled"),
        "access.closed": _("access request closed"),
        "access.released": _("clean-up checked, released for the day"),
        "visit.signed_in": _("signed in"),
        "visit.signed_out": _("signed out"),
        "visit.refused": _("refused entry"),
        "visit.forced": _("forced entry"),
        "item.recorded": _("item inspected and recorded"),
        "key.added": _("key registered"),
        "key.issued": _("key handed over"),
        "key.returned": _("key returned"),
        "key.lost": _("key reported lost"),
        "key.found": _("key found again"),
        "security.reported": _("security report made"),
        "security.acknowledged": _("security report acknowledged"),
        "credential.added": _("account registered"),
        "credential.rotated": _("password change recorded"),
        "credential.due_now": _("password change due now"),
        "credential.custodian_changed": _("custodian changed"),
        "credential.retired": _("account retired"),
    }
)


# -- backups and data access (MR-11) ------------------------------------------------------------


def _backup_alerts(user):
    """Open backup alerts: the custodian's own, and every one of the sites the user heads."""

    heads = permissions.scope_for(user, "mr.approve")
    qs = selectors.backup_alerts_for(user, open_only=True)
    if not heads.everywhere:
        qs = qs.filter(Q(job__custodian=user.pk) | Q(site__in=heads.site_ids))
    return [
        PanelItem(
            f"{a.job} · {a.get_kind_display()}",
            a.get_absolute_url(),
            f"{a.day:%Y-%m-%d}",
            "danger",
        )
        for a in qs.order_by("day")[:10]
    ]


def _restore_tests_due(user):
    """Restore tests due within two weeks (or overdue) of the jobs the user looks after or heads."""

    heads = permissions.scope_for(user, "mr.approve")
    jobs = {
        str(j.pk): j
        for j in selectors.backup_jobs_for(user)
        if j.custodian_id == user.pk or heads.everywhere or j.site_id in heads.site_ids
    }
    soon = timezone.now() + dt.timedelta(days=14)
    clocks = restore_clocks().filter(
        site_id__in=sorted({j.site_id for j in jobs.values()}),
        subject_id__in=list(jobs),
        due_at__lte=soon,
    )
    return [
        PanelItem(
            str(jobs[c.subject_id]),
            jobs[c.subject_id].get_absolute_url(),
            f"{timezone.localtime(c.due_at):%Y-%m-%d}",
            "danger" if c.due_at <= timezone.now() else "warning",
        )
        for c in clocks.order_by("due_at")[:10]
    ]


register_panel(Panel("mr_backup_alerts", _("Backup alerts"), "mr.desk", _backup_alerts, order=41))
register_panel(
    Panel("mr_restore_tests", _("Restore tests due"), "mr.desk", _restore_tests_due, order=42)
)

register_event_labels(
    {
        "backup.job_added": _("backup job registered"),
        "backup.job_changed": _("backup job changed"),
        "backup.job_retired": _("backup job retired"),
        "backup.recorded": _("backup result recorded"),
        "backup.corrected": _("backup result corrected"),
        "backup.alert_missed": _("alert: backup missing"),
        "backup.alert_failed": _("alert: backup failed"),
        "backup.alert_partial": _("alert: backup partly failed"),
        "backup.alert_restore_failed": _("alert: restore test failed"),
        "backup.alert_handled": _("backup alert dealt with"),
        "backup.restore_tested": _("restore test recorded"),
        "data.requested": _("data access requested"),
        "data.approved": _("data access approved"),
        "data.refused": _("data access refused"),
        "data.cancelled": _("data-access request cancelled"),
        "data.fulfilled": _("data provided and request closed"),
    }
)

# -- changes (MR-7, MR-8) -----------------------------------------------------------------------


def _changes(user):
    """Changes waiting for a step of the information center: the notice, today's start, the
    confirmation of correct running, the deletion of the backup."""

    site = core_selectors.sites_for(user, "mr.change").first()
    if site is None:
        return []
    found, items = selectors.changes_to_act_on(user, site=site), []
    for key, text, tone in (
        ("notice", gettext("Send the advance notice · starts %(start)s"), "warning"),
        ("today", gettext("Starts today %(start)s · %(person)s"), ""),
        ("confirm", gettext("Confirm correct running by %(due)s"), "warning"),
        ("delete", gettext("Delete the backup made for the change"), ""),
    ):
        for c in found[key]:
            items.append(
                PanelItem(
                    f"{c.serial} {c.title}",
                    reverse("machineroom:change", args=[c.pk]),
                    text
                    % {
                        "start": f"{timezone.localtime(c.planned_start):%m-%d %H:%M}",
                        "person": c.implementer,
                        "due": f"{timezone.localtime(c.confirm_due_at):%m-%d %H:%M}"
                        if c.confirm_due_at
                        else "",
                    },
                    tone,
                )
            )
    return items


register_panel(
    Panel("mr_changes", _("Changes waiting for a step"), "mr.change", _changes, order=41)
)

register_event_labels(
    {
        "change.requested": _("change request written"),
        "change.edited": _("change request edited"),
        "change.submitted": _("change request submitted"),
        "change.commented": _("comment on the change"),
        "change.approved": _("change approved"),
        "change.refused": _("change refused"),
        "change.ratified": _("emergency change approved after the fact"),
        "change.cancelled": _("change cancelled"),
        "change.notice_sent": _("change notice sent"),
        "change.backup_recorded": _("backup before the change recorded"),
        "change.started": _("change started"),
        "change.operation": _("operation recorded"),
        "change.finished": _("change outcome recorded"),
        "change.confirmed": _("correct running confirmed"),
        "change.backup_deleted": _("backup deleted"),
        "change.rescheduled": _("change rescheduled"),
    }
)

# -- the equipment ledger (MR-13, MR-10) --------------------------------------------------------


def _overdue_loans(user):
    return [
        PanelItem(
            f"{loan.serial} · {loan.borrower_name}",
            loan.get_absolute_url(),
            _("due back on %(day)s") % {"day": f"{loan.due_on:%m-%d}"},
            "danger",
        )
        for loan in selectors.overdue_loans(user)[:10]
    ]


register_panel(
    Panel("mr_overdue_loans", _("Overdue equipment loans"), "mr.ledger", _overdue_loans, order=41)
)

register_event_labels(
    {
        "equipment.added": _("added to the equipment ledger"),
        "equipment.changed": _("ledger line changed"),
        "equipment.disposed": _("disposed"),
        "equipment.received": _("received from a purchase"),
        "equipment.imported": _("imported into the equipment ledger"),
        "equipment.import_done": _("equipment ledger imported from Excel"),
        "equipment.lent": _("lent out"),
        "equipment.returned": _("returned from loan"),
        "equipment.damage": _("damage reported"),
        "equipment.loss": _("loss reported"),
        "equipment.consumption": _("consumption recorded"),
        "procurement.recorded": _("purchase recorded"),
        "loan.requested": _("loan requested"),
        "loan.approved": _("loan approved"),
        "loan.refused": _("loan refused"),
        "loan.handed_out": _("loan handed out"),
        "loan.returned": _("loan returned"),
        "loan.cancelled": _("loan cancelled"),
    }
)


# -- duty and closing, serious events, power and fire-system approvals (MR-1, MR-5, MR-6) ---------

register_nav(
    NavItem(_("Wattage threshold"), "machineroom:duty_policy", "plug", "mr.manage", _("Settings"))
)


def _my_duty(user):
    """MR-1: the actor's duty today (checklist not done yet), on-call days, open callouts and,
    for the head, the missing-checklist alerts."""
    today, items = timezone.localdate(), []
    # a person's rows are read with the sites of the machine rooms they see
    sites = sorted(permissions.scope_for(user, "mr.view").site_ids)
    for c in Callout.objects.filter(
        person=user, arrived_at__isnull=True, event__state="open", event__site_id__in=sites
    ).select_related("event__room")[:5]:
        items.append(
            PanelItem(
                f"{c.event.serial} {c.event.get_kind_display()} · {c.event.room}",
                reverse("machineroom:event", args=[c.event_id]),
                str(_("come to the site at once")),
                "danger",
            )
        )
    duty_today, on_call = _("Duty today"), _("On call today")
    for row in RosterDay.objects.filter(site_id__in=sites, day=today, person=user).select_related(
        "room", "duty_check"
    ):
        done = hasattr(row, "duty_check")
        items.append(
            PanelItem(
                f"{duty_today} · {row.room}",
                f"{reverse('machineroom:duty')}?site={row.site_id}",
                str(_("checklist done") if done else _("checklist not done yet")),
                "success" if done else "warning",
            )
        )
    on_call_rows = RosterDay.objects.filter(site_id__in=sites, day=today, on_call=user)
    for row in on_call_rows.select_related("room")[:3]:
        items.append(PanelItem(f"{on_call} · {row.room}", reverse("machineroom:duty"), ""))
    alerts = DutyAlert.objects.filter(
        resolved_at__isnull=True, site_id__in=_head_sites(user)
    ).select_related("room")
    items += [
        PanelItem(
            f"{a.get_kind_display()} · {a.room}",
            reverse("machineroom:roster"),
            f"{a.day:%m-%d}",
            "danger",
        )
        for a in alerts[:5]
    ]
    return items


def _head_sites(user):
    scope = permissions.scope_for(user, "mr.roster")
    return list(scope.site_ids)


register_panel(Panel("mr_duty", _("Machine-room duty"), "mr.desk", _my_duty, order=4))


def _events_handover(site, now):
    """The control room's shift handover carries the machine room's events still being handled."""
    return [
        handover.row(
            f"{e.get_kind_display()} · {e.room}",
            serial=e.serial,
            link=reverse("machineroom:event", args=[e.pk]),
        )
        for e in SeriousEvent.objects.filter(site=site, state="open")
        .select_related("room")
        .order_by("occurred_at")
    ]


handover.register_section(
    "mr_events", _("Machine-room serious events being handled"), _events_handover, order=60
)

register_event_labels(
    {
        "roster.planned": _("duty roster planned"),
        "roster.changed": _("duty roster changed"),
        "roster.swapped": _("duty roster swapped"),
        "duty.checked": _("duty checklist done"),
        "closing.checked": _("machine room closed (closing checklist)"),
        "duty.alert": _("checklist missing: alert raised"),
        "duty.policy_changed": _("wattage threshold changed"),
        "event.reported": _("serious event reported"),
        "event.called_out": _("staff called out"),
        "event.acknowledged": _("callout acknowledged"),
        "event.arrived": _("arrived on site"),
        "event.outage_recorded": _("power-outage procedure recorded"),
        "event.closed": _("serious event closed"),
        "power.requested": _("power-use permit requested"),
        "power.approve": _("power-use permit approved"),
        "power.refuse": _("power-use permit refused"),
        "power.finish": _("power use finished"),
        "power.cancel": _("power-use permit cancelled"),
        "fire.requested": _("fire-system change requested"),
        "fire.approve": _("fire-system change approved"),
        "fire.refuse": _("fire-system change refused"),
        "fire.finish": _("fire-system change finished"),
        "fire.cancel": _("fire-system change cancelled"),
    }
)


# -- inspections (MR-9, MR-10) --


def _rounds_today(user):
    """MR-9: the rounds of today still to do at the maintainer's first site, the earliest due first."""

    site = core_selectors.sites_for(user, "mr.inspect").first()
    if site is None:
        return []
    now = timezone.now()
    tomorrow = timezone.make_aware(
        dt.datetime.combine(timezone.localdate(now) + dt.timedelta(days=1), dt.time())
    )
    return [
        PanelItem(
            f"{r.title} · {r.covers}",
            reverse("machineroom:round", args=[r.pk]),
            f"{r.serial} · {timezone.localtime(r.due_at):%m-%d %H:%M}",
            "danger" if r.due_at < now else "",
        )
        for r in selectors.rounds_due(user, site=site, until=tomorrow)[:10]
    ]


register_panel(
    Panel("mr_rounds", _("Inspection rounds to do today"), "mr.inspect", _rounds_today, order=35)
)

register_event_labels(
    {
        "checklist.added": _("checklist added"),
        "checklist.changed": _("checklist changed"),
        "checklist.item_added": _("checklist item added"),
        "checklist.item_removed": _("checklist item removed"),
        "checklist.item_moved": _("checklist item moved"),
        "schedule.added": _("inspection schedule added"),
        "schedule.changed": _("inspection schedule changed"),
        "schedule.paused": _("inspection schedule paused"),
        "schedule.resumed": _("inspection schedule resumed"),
        "round.generated": _("inspection round made by schedule"),
        "round.started": _("inspection round started"),
        "round.saved": _("inspection results saved"),
        "round.done": _("inspection round finished"),
        "round.order_opened": _("work order opened for a failed check"),
        "round.cancelled": _("inspection round cancelled"),
        "alarm.logged": _("core-device alarm logged and reported"),
        "alarm.responded": _("alarm response recorded"),
        "alarm.closed": _("alarm closed"),
        "fault.logged": _("network fault logged"),
        "fault.checked": _("local findings recorded"),
        "fault.reported": _("reported to the upstream unit"),
        "fault.feedback": _("upstream feedback recorded"),
        "fault.closed": _("network fault closed"),
    }
)


URL_NAMES = {"alarms": "machineroom:alarm", "faults": "machineroom:fault"}


def _open_incidents(site, now):
    """The shift handover (LOG-1) carries over core-device alarms and network faults still open
    (MR-9), read in one query."""

    columns = ("what", "pk", "serial", "shown", "sub", "state", "occurred_at")
    alarms = (
        CoreAlarm.objects.filter(site=site)
        .exclude(state=AlarmState.CLOSED)
        .annotate(what=Value("alarms"), sub=F("severity"))
        .annotate(shown=F("device"))
        .order_by()
        .values_list(*columns)
    )
    faults = (
        NetworkFault.objects.filter(site=site)
        .exclude(state=FaultState.CLOSED)
        .annotate(what=Value("faults"), sub=F("kind"))
        .annotate(shown=Substr("description", 1, 40))
        .order_by()
        .values_list(*columns)
    )
    labels = {**dict(AlarmSeverity.choices), **dict(FaultKind.choices)}
    states = {"alarms": dict(AlarmState.choices), "faults": dict(FaultState.choices)}
    return [
        handover.row(
            f"{labels[sub]} · {text} · {states[what][state]}",
            serial=serial,
            link=reverse(URL_NAMES[what], args=[pk]),
            late=what == "alarms" and state == AlarmState.OPEN,
        )
        for what, pk, serial, text, sub, state, _at in alarms.union(faults).order_by(
            "what", "occurred_at"
        )[: handover.LIMIT]
    ]


handover.register_section(
    "mr_incidents", _("Open core-device alarms and network faults"), _open_incidents, order=70
)
