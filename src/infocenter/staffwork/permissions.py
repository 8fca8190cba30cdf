"""The staff-work actions and the roles that grant them (IT-1…IT-4): IT staff keep their own
records, the information-center head sees and signs for the site's IT staff, the branch general
manager and the auditor read."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.choices import Role
from infocenter.core.permissions import register_action

READERS = frozenset({Role.IT_STAFF, Role.IC_HEAD, Role.BRANCH_GM, Role.AUDITOR})

register_action("sw.view", READERS, _("see the IT staff's work records"))
register_action("sw.own", frozenset({Role.IT_STAFF}), _("keep one's own work log and plan"))
# IT-1, IT-3: who reads the work logs and learning of a site's IT staff besides each person.
register_action(
    "sw.team",
    frozenset({Role.IC_HEAD, Role.BRANCH_GM, Role.AUDITOR}),
    _("read the work logs and learning of the site's IT staff"),
)

# IT-4: the information-center head comments on and signs the site's IT staff's assessments;
# the head, the branch general manager and the auditor read them (IT staff read only their own).
register_action(
    "sw.sign", frozenset({Role.IC_HEAD}), _("comment on and sign the IT staff's assessments")
)
register_action(
    "sw.assessments",
    frozenset({Role.IC_HEAD, Role.BRANCH_GM, Role.AUDITOR}),
    _("read the IT staff's annual assessments"),
)
# IT-2: the endpoint registry, kept by the site's IT staff and the information-center head.
register_action(
    "sw.endpoints",
    frozenset({Role.IT_STAFF, Role.IC_HEAD}),
    _("keep the endpoint registry and reconcile it"),
)
