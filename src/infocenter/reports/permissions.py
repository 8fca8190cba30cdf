"""Who reads the reports (X-9): the managers who read the service-desk dashboard, the
information-center head, the auditor and the system administrator. Each section of a report
is shown only to those who also hold the section's own action at every site of the scope."""

from django.utils.translation import gettext_lazy as _

from infocenter.core.choices import Role
from infocenter.core.permissions import register_action

READERS = frozenset({Role.BRANCH_GM, Role.CS_MANAGER, Role.IC_HEAD, Role.AUDITOR, Role.SYSADMIN})

register_action("reports.view", READERS, _("read the weekly, monthly and annual reports"))
