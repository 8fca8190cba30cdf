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

# -- the equipment ledger (MR-13, MR-10) --------------------------------------------------------

register_nav(NavItem(_("Equipment ledger"), "machineroom:equipment", "boxes", "mr.view", MACHINE_ROOM))
register_nav(NavItem(_("Equipment loans"), "machineroom:loans", "arrow-left-right", "mr.view", MACHINE_ROOM))


def _overdue_loans(user):
    from . import selectors

    return [PanelItem(f"{loan.serial} · {loan.borrower_name}", reverse("machineroom:loan", args=[loan.pk]),
                      _("due back on %(day)s") % {"day": f"{loan.due_on:%m-%d}"}, "danger")
            for loan in selectors.overdue_loans(user)[:10]]


register_panel(Panel("mr_overdue_loans", _("Overdue equipment loans"), "mr.ledger", _overdue_loans, order=41))

register_event_labels({
    "equipment.added": _("added to the equipment ledger"), "equipment.changed": _("ledger line changed"),
    "equipment.disposed": _("disposed"), "equipment.received": _("received from a purchase"),
    "equipment.imported": _("imported into the equipment ledger"),
    "equipment.import_done": _("equipment ledger imported from Excel"),
    "equipment.lent": _("lent out"), "equipment.returned": _("returned from loan"),
    "equipment.damage": _("damage reported"), "equipment.loss": _("loss reported"),
    "equipment.consumption": _("consumption recorded"), "procurement.recorded": _("purchase recorded"),
    "loan.requested": _("loan requested"), "loan.approved": _("loan approved"), "loan.refused": _("loan refused"),
    "loan.handed_out": _("loan handed out"), "loan.returned": _("loan returned"),
    "loan.cancelled": _("loan cancelled"),
})
