"""The service desk's actions and the roles that grant them (ORG-2, document 2 section 4.2)."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.choices import Role
from infocenter.core.permissions import EVERYONE, register_action

INTAKE = frozenset({Role.PROCESSOR, Role.CS_MANAGER})
FOLLOW_UP = frozenset({Role.CS_ASSISTANT, Role.CS_MANAGER})

register_action("sd.view", EVERYONE, _("see service forms and work orders"))
# SD-17: any staff member files a form; the auditor only reads.
register_action("sd.submit", EVERYONE - {Role.AUDITOR}, _("file a customer service form"))
# SD-11: granted by no role, only to the department a form is referred to (``workflows``).
register_action("sd.reply", frozenset(), _("reply to internal feedback referred to you"))
register_action("sd.intake", INTAKE, _("log, dispatch and close service items"))
register_action(
    "sd.receive",
    frozenset({Role.DEPT_HEAD, Role.BRANCH_GM}),
    _("acknowledge work orders and arrange staff"),
)
register_action(
    "sd.department",
    frozenset({Role.DEPT_HEAD, Role.DEPT_STAFF, Role.BRANCH_GM}),
    _("handle work orders of a department"),
)
register_action(
    "sd.correct", INTAKE, _("correct and void service forms and work orders before the archive")
)
register_action("sd.follow_up", FOLLOW_UP, _("verify work orders and call customers back"))
register_action("sd.residents", INTAKE | FOLLOW_UP, _("keep the residents register"))
register_action("sd.archive", frozenset({Role.DATA_MANAGER}), _("review and archive records"))
register_action(
    "sd.policy", frozenset({Role.CS_MANAGER, Role.SYSADMIN}), _("set the service-desk time limits")
)
register_action(
    "sd.dashboard",
    frozenset({Role.BRANCH_GM, Role.CS_MANAGER, Role.AUDITOR}),
    _("read the service-desk dashboard"),
)
register_action(
    "sd.instruct",
    frozenset({Role.CS_MANAGER, Role.BRANCH_GM}),
    _("give instructions on major events"),
)
