"""The machine room's actions and the roles that grant them (MR-1…MR-13)."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.choices import Role
from infocenter.core.permissions import EVERYONE, register_action

# The information center's own people: they keep the desk, do the rounds and the records.
IC_STAFF = frozenset({Role.IC_HEAD, Role.MR_MAINTAINER, Role.IT_STAFF})

register_action(
    "mr.view",
    IC_STAFF | {Role.AUDITOR, Role.SYSADMIN, Role.BRANCH_GM},
    _("see the machine-room registers"),
)
register_action("mr.desk", IC_STAFF, _("keep the machine-room access desk"))
register_action("mr.approve", frozenset({Role.IC_HEAD}), _("approve machine-room requests"))
register_action(
    "mr.request", EVERYONE - {Role.AUDITOR}, _("ask for an outsider's access to the machine room")
)
register_action("mr.manage", frozenset({Role.IC_HEAD, Role.SYSADMIN}), _("set up machine rooms"))
register_action("mr.change", IC_STAFF, _("request, discuss and carry out machine-room changes"))
register_action("mr.ledger", IC_STAFF, _("keep the equipment ledger, its loans and reports"))

# Duty and closing, serious events, power and fire-system approvals (MR-1, MR-5, MR-6).
CONTROL_ROOM = frozenset({Role.PROCESSOR, Role.CS_MANAGER})
register_action("mr.roster", frozenset({Role.IC_HEAD}), _("plan the machine-room duty roster"))
register_action("mr.event", IC_STAFF | CONTROL_ROOM, _("report serious machine-room events"))
register_action(
    "mr.events",
    IC_STAFF | CONTROL_ROOM | {Role.AUDITOR, Role.SYSADMIN, Role.BRANCH_GM},
    _("see serious machine-room events"),
)

# -- inspections (MR-9, MR-10) --
register_action("mr.inspect", IC_STAFF, _("do inspection rounds and record alarms and faults"))
register_action(
    "mr.checklists",
    frozenset({Role.IC_HEAD, Role.MR_MAINTAINER}),
    _("keep the inspection checklists and schedules"),
)
