"""Every write of the core app, a module per area. Each public service checks the actor's
permission, validates, changes state in one durable transaction and appends its audit event
(DESIGN rule 1). ``records`` holds what every app's services do to an editable record."""

from .apikeys import issue_api_key, revoke_api_key
from .calendar import add_calendar_override, remove_calendar_override
from .filters import delete_filter, save_filter
from .messages import (
    add_department_webhook,
    mark_notifications_read,
    remove_department_webhook,
    send_message,
)
from .organisation import (
    create_branch,
    create_building,
    create_company,
    create_department,
    create_site,
    manages_branch,
    set_department_receivers,
    update_department,
    update_site,
)
from .people import (
    add_staff,
    assign_role,
    bootstrap_superuser,
    change_password,
    create_person,
    may_edit_profile,
    revoke_role,
    update_profile,
)
from .records import (
    add_audited,
    apply_edit,
    lock_for_change,
    save_if_current,
    save_new_version,
    stale_edit,
    validated,
)

__all__ = [
    "delete_filter",
    "save_filter",
    "add_audited",
    "add_calendar_override",
    "add_department_webhook",
    "add_staff",
    "apply_edit",
    "assign_role",
    "bootstrap_superuser",
    "change_password",
    "create_branch",
    "create_building",
    "create_company",
    "create_department",
    "create_person",
    "create_site",
    "issue_api_key",
    "lock_for_change",
    "manages_branch",
    "mark_notifications_read",
    "may_edit_profile",
    "remove_calendar_override",
    "remove_department_webhook",
    "revoke_api_key",
    "revoke_role",
    "save_if_current",
    "save_new_version",
    "send_message",
    "set_department_receivers",
    "stale_edit",
    "update_department",
    "update_profile",
    "update_site",
    "validated",
]
