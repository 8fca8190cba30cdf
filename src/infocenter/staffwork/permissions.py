"""The staff-work actions and the roles that grant them (IT-1…IT-4): IT staff keep their own
records, the information-center head sees and signs for the site's IT staff, the branch general
manager and the auditor read."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.choices import Role
from infocenter.core.permissions import register_action

READERS = frozenset({Role.IT_STAFF, Role.IC_HEAD, Role.BRANCH_GM, Role.AUDITOR})

register_action("sw.view", READERS, _("see the IT staff's work records"))
register_action("sw.own", frozenset({Role.IT_STAFF}), _("keep one's own work log and plan"))
register_action(
    "sw.endpoints",
    frozenset({Role.IT_STAFF, Role.IC_HEAD}),
    _("keep the endpoint registry and reconcile it"),
)
