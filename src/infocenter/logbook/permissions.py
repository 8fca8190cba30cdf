"""The control-room registers' actions and the roles that grant them (LOG-1…LOG-5, IT-5)."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.choices import Role
from infocenter.core.permissions import EVERYONE, register_action

CONTROL_ROOM = frozenset({Role.PROCESSOR, Role.CS_MANAGER})

register_action("lb.view", EVERYONE, _("see the control-room registers"))
register_action("lb.handover", frozenset({Role.PROCESSOR}), _("hand over and take over the shift"))
register_action("lb.phone", CONTROL_ROOM | {Role.CS_ASSISTANT}, _("keep the phone log"))
register_action("lb.registry", CONTROL_ROOM, _("record changes in the information registry"))
register_action(
    "lb.report",
    frozenset({Role.DEPT_HEAD, Role.DEPT_STAFF}),
    _("report a department's changes to the information center"),
)
register_action("lb.directory", CONTROL_ROOM | {Role.SYSADMIN}, _("keep the contact directory"))
register_action("lb.library", CONTROL_ROOM | {Role.DATA_MANAGER}, _("keep the reference library"))
register_action(
    "lb.whereabouts", CONTROL_ROOM | {Role.DEPT_HEAD}, _("set where other staff members are")
)
register_action(
    "lb.policy", frozenset({Role.CS_MANAGER, Role.SYSADMIN}), _("set the registers' time limits")
)
